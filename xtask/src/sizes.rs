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

/// Bytes after brotli at quality 11 (what a server sends to browsers that accept `br`).
pub fn brotli_len(bytes: &[u8]) -> u64 {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    match brotli::BrotliCompress(&mut &bytes[..], &mut out, &params) {
        Ok(_) => out.len() as u64,
        Err(_) => u64::MAX,
    }
}

/// The widget as shipped in `www/dist/`: its pre-compressed gzip bytes (the `.gz` files a server
/// sends) and its brotli bytes, the JS and the wasm together.
pub fn widget_shipped(dist: &Path) -> Result<(u64, u64)> {
    let mut gzip = 0;
    let mut brotli = 0;
    for name in ["talentbrug.js", "talentbrug_bg.wasm"] {
        let file = dist.join(name);
        brotli += brotli_len(&std::fs::read(&file).map_err(Error::file(&file))?);
        let gz = dist.join(format!("{name}.gz"));
        gzip += std::fs::metadata(&gz).map_err(Error::file(&gz))?.len();
    }
    Ok((gzip, brotli))
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
        assert!(brotli_len(&[b'a'; 10_000]) < 50);
    }
}
