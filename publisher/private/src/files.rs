//! Writing files so a crash never leaves half a file: temporary file, fsync, rename, fsync dir.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// A file could not be read or written; names the path.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {source}")]
pub struct FileError {
    /// The file.
    pub path: PathBuf,
    /// What the system said.
    #[source]
    pub source: std::io::Error,
}

impl FileError {
    /// Wraps an I/O error with its path.
    pub fn new(path: &Path, source: std::io::Error) -> FileError {
        FileError { path: path.to_owned(), source }
    }
}

/// The signature file of a feed: `feed.json` → `feed.json.sig`.
pub fn signature_path(feed: &Path) -> PathBuf {
    let mut name = feed.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".sig");
    feed.with_file_name(name)
}

/// Replaces `path` with `bytes` atomically: readers see the old file or the new one, never a mix.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    write_atomically_with_mode(path, bytes, None)
}

/// Like [`write_atomically`], creating the file with Unix permission bits `mode` (e.g. 0o600).
pub fn write_atomically_with_mode(path: &Path, bytes: &[u8], mode: Option<u32>) -> Result<(), FileError> {
    let err = |e| FileError::new(path, e);
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().ok_or_else(|| err(std::io::Error::other("not a file name")))?;
    let tmp = dir.join(format!(".{}.tmp-{}", name.to_string_lossy(), std::process::id()));
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    if let Some(mode) = mode {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(mode);
    }
    #[cfg(not(unix))]
    let _ = mode;
    let result = (|| {
        let mut file = options.open(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&tmp, path)?;
        if let Ok(d) = File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let dir = std::env::temp_dir().join(format!("tb-files-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("feed.json");
        write_atomically(&path, b"one").unwrap();
        write_atomically(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 1);
        assert!(write_atomically(&dir.join("missing/feed.json"), b"x").unwrap_err().to_string().contains("missing"));
        fs::remove_dir_all(&dir).unwrap();
    }
}
