//! `cargo xtask demo`: build the widget, then run the release `talentbrug demo`, which makes
//! the demo network: three fictional coaching organisations (synthetic records, each its own key,
//! signed feed and inbox, on the three ports after `--addr`) and the partner site at `--addr`
//! whose page shows them in one network widget.

use xshell::{cmd, Shell};

use crate::error::{Error, Result};
use crate::toolchain::{self, Purpose};
use crate::{widget, workspace};

/// Where the demo's partner site listens unless `--addr` says otherwise (the organisations on
/// the next three ports).
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";

/// Builds everything the demo serves and runs it in the foreground until interrupted.
pub fn run(addr: &str) -> Result<()> {
    let sh = Shell::new()?;
    sh.change_dir(workspace::root());
    toolchain::ensure(&sh, Purpose::Build)?;
    widget::build().map_err(Error::Check)?;
    cmd!(sh, "cargo build --release -p talentbrug --bin talentbrug").run()?;
    let talentbrug = workspace::target_dir().join("release/talentbrug");
    println!("\nTalentbrug demo network: open the partner site at http://{addr}/ (Ctrl-C stops it)\n");
    cmd!(sh, "{talentbrug} demo --addr {addr} --www www").run()?;
    Ok(())
}
