//! Where the harness finds the workspace and writes what it measures.

use std::path::PathBuf;

/// The workspace root.
pub fn root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.parent().map(PathBuf::from).unwrap_or(here)
}

/// Where tests write screenshots and measurements: `target/e2e/`.
pub fn out_dir() -> PathBuf {
    let dir = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root().join(dir),
        None => root().join("target"),
    }
    .join("e2e");
    let _ = std::fs::create_dir_all(&dir);
    dir
}
