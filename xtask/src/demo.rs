//! `cargo xtask demo`: build the widget, then run the release `talentbrug demo`, which makes
//! synthetic records, publishes a signed feed and serves the demo partner site with the inbox.

use xshell::{cmd, Shell};

use crate::error::{Error, Result};
use crate::toolchain::{self, Purpose};
use crate::{widget, workspace};

/// Where the demo listens unless `--addr` says otherwise.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";

/// Builds everything the demo serves and runs it in the foreground until interrupted.
pub fn run(addr: &str) -> Result<()> {
    let sh = Shell::new()?;
    sh.change_dir(workspace::root());
    toolchain::ensure(&sh, Purpose::Build)?;
    widget::build().map_err(Error::Check)?;
    cmd!(sh, "cargo build --release -p talentbrug --bin talentbrug").run()?;
    let talentbrug = workspace::target_dir().join("release/talentbrug");
    println!("\nTalentbrug demo: open http://{addr}/ (Ctrl-C stops it)\n");
    cmd!(sh, "{talentbrug} demo --addr {addr} --www www").run()?;
    Ok(())
}
