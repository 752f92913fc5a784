//! Node tools pinned by a `package.json` + `package-lock.json` under `xtask/npm/<name>/`,
//! installed with `npm ci` into `target/xtask/<name>/` (once per lock file change): versions
//! come from the lock file, nothing is fetched from outside the registries, and the source tree
//! gets no `node_modules/`.

use std::path::PathBuf;

use xshell::{cmd, Shell};

use crate::error::{Error, Result};
use crate::workspace;

/// Installs the pinned packages of `xtask/npm/<name>/` unless `marker` (a path under their
/// `node_modules/`) is already there from the same lock file; returns that `node_modules/`.
pub fn install(sh: &Shell, name: &str, marker: &str) -> Result<PathBuf> {
    let source = workspace::root().join("xtask/npm").join(name);
    let dir = workspace::target_dir().join("xtask").join(name);
    std::fs::create_dir_all(&dir).map_err(Error::file(&dir))?;
    let mut changed = false;
    for file in ["package.json", "package-lock.json"] {
        let wanted = std::fs::read(source.join(file)).map_err(Error::file(source.join(file)))?;
        if std::fs::read(dir.join(file)).ok().as_ref() != Some(&wanted) {
            std::fs::write(dir.join(file), &wanted).map_err(Error::file(dir.join(file)))?;
            changed = true;
        }
    }
    let modules = dir.join("node_modules");
    if changed || !modules.join(marker).exists() {
        let _dir = sh.push_dir(&dir);
        cmd!(sh, "npm ci --no-audit --no-fund --loglevel=error").run()?;
    }
    Ok(modules)
}
