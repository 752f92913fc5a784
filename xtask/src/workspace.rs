//! Where things are: the workspace root, the shared target directory, and what Cargo.lock pins.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};

/// The workspace root (the parent of `xtask/`).
pub fn root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// The shared target directory: `CARGO_TARGET_DIR` when set, else `<root>/target`.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root().join(dir),
        None => root().join("target"),
    }
}

#[derive(Deserialize)]
struct Lock {
    package: Vec<LockedPackage>,
}

#[derive(Deserialize)]
struct LockedPackage {
    name: String,
    version: String,
}

/// The version Cargo.lock pins for package `name` (e.g. `wasm-bindgen` -> `0.2.130`).
pub fn locked_version(name: &str) -> Result<String> {
    let path = root().join("Cargo.lock");
    let text = std::fs::read_to_string(&path).map_err(Error::file(&path))?;
    locked_version_in(&text, name)
}

fn locked_version_in(lock: &str, name: &str) -> Result<String> {
    let lock: Lock = toml::from_str(lock).map_err(|e| Error::Check(format!("Cargo.lock: {e}")))?;
    let mut versions = lock.package.into_iter().filter(|p| p.name == name).map(|p| p.version);
    match (versions.next(), versions.next()) {
        (Some(v), None) => Ok(v),
        (None, _) => Err(Error::Check(format!("Cargo.lock has no package `{name}`; run `cargo generate-lockfile`"))),
        (Some(a), Some(b)) => Err(Error::Check(format!("Cargo.lock has two versions of `{name}` ({a}, {b}); the CLI must match one"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_pinned_version() {
        let lock = r#"
version = 4

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "wasm-bindgen-macro"
version = "0.2.130"
"#;
        assert_eq!(locked_version_in(lock, "wasm-bindgen").unwrap(), "0.2.130");
        assert!(locked_version_in(lock, "serde").unwrap_err().to_string().contains("no package `serde`"));
    }

    #[test]
    fn the_real_lock_pins_one_wasm_bindgen() {
        let v = locked_version("wasm-bindgen").unwrap();
        assert!(v.starts_with("0.2."), "{v}");
    }
}
