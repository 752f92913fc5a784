//! `cargo xtask bench`: the in-browser benchmark (WebAssembly core vs plain JavaScript, plus the
//! native core) on a 100,000-profile demo feed, in headless Chromium, written to
//! `target/bench.json`. The driver is `tests/src/bench.rs`, built in release so the native figure
//! is the shipped code's.

use xshell::{cmd, Shell};

use crate::error::{Error, Result};
use crate::toolchain::{self, Purpose};
use crate::{build, workspace};

/// Builds what the page loads, then runs the benchmark with `profiles` profiles.
pub fn run(profiles: usize) -> Result<()> {
    let sh = Shell::new()?;
    sh.change_dir(workspace::root());
    let browser = toolchain::ensure(&sh, Purpose::Browser)?.ok_or_else(|| Error::Missing("no browser".into()))?;
    build::all(&sh)?;
    let out = workspace::target_dir().join("bench.json");
    let profiles = profiles.to_string();
    cmd!(sh, "cargo run --release -p talentbrug-e2e --bin browser_bench -- --profiles {profiles} --out {out}")
        .env("CHROMIUM", &browser.chromium)
        .env("CHROMEDRIVER", &browser.chromedriver)
        .run()?;
    Ok(())
}
