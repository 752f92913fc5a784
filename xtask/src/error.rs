//! What can stop an xtask, with messages that say what to do about it.

use std::path::PathBuf;

/// Why a step of `cargo xtask` failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A program exited non-zero or could not be started (xshell says which and how).
    #[error(transparent)]
    Command(#[from] xshell::Error),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    File {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// Something the machine lacks and xtask may not install itself.
    #[error("{0}")]
    Missing(String),
    /// A check of our own output failed (package contents, benchmark agreement, ...).
    #[error("{0}")]
    Check(String),
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn file(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Error {
        let path = path.into();
        move |source| Error::File { path, source }
    }
}

/// Result of an xtask step.
pub type Result<T, E = Error> = std::result::Result<T, E>;
