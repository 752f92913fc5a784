//! `cargo xtask build`: everything shipped to browsers and developers, in release.

use xshell::Shell;

use crate::error::{Error, Result};
use crate::toolchain::{self, Purpose};
use crate::{package, widget, workspace};

/// Builds the widget into `www/dist/` and the core's npm package into `target/pkg/`.
pub fn all(sh: &Shell) -> Result<()> {
    widget::build().map_err(|e| Error::Check(format!("widget build: {e}")))?;
    package::build(sh)?;
    Ok(())
}

/// Runs `cargo xtask build` from the workspace root, installing what it needs first.
pub fn run() -> Result<()> {
    let sh = Shell::new()?;
    sh.change_dir(workspace::root());
    toolchain::ensure(&sh, Purpose::Build)?;
    all(&sh)
}
