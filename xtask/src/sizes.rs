//! File sizes as shipped: raw bytes and gzip -9 bytes (what a web server sends).

use std::io::Write;
use std::path::Path;

use flate2::write::GzEncoder;
use flate2::Compression;

use crate::error::{Error, Result};

/// Raw and gzipped size of some bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Size {
    /// Bytes on disk.
    pub raw: u64,
    /// Bytes after gzip at level 9.
    pub gzip: u64,
}

impl Size {
    /// The size of bytes in memory.
    pub fn of_bytes(bytes: &[u8]) -> Size {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
        let gzip = encoder.write_all(bytes).and_then(|()| encoder.finish()).map(|v| v.len() as u64).unwrap_or(u64::MAX);
        Size { raw: bytes.len() as u64, gzip }
    }

    /// The size of a file.
    pub fn of_file(path: &Path) -> Result<Size> {
        Ok(Size::of_bytes(&std::fs::read(path).map_err(Error::file(path))?))
    }
}

impl std::fmt::Display for Size {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.1} KB ({:.1} KB gzipped)", self.raw as f64 / 1024.0, self.gzip as f64 / 1024.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repetitive_bytes_compress() {
        let size = Size::of_bytes(&[b'a'; 10_000]);
        assert_eq!(size.raw, 10_000);
        assert!(size.gzip < 100, "{size:?}");
        assert_eq!(size.to_string(), format!("9.8 KB ({:.1} KB gzipped)", size.gzip as f64 / 1024.0));
    }
}
