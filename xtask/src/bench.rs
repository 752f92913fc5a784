//! `cargo xtask bench`: the in-browser benchmark (WebAssembly core vs plain JavaScript, plus the
//! native core) on a 100,000-profile demo feed, in headless Chromium, then Lighthouse on the
//! demo page ([`crate::lighthouse`]); all written to `target/bench.json`. The benchmark's driver
//! is `tests/src/bench.rs`, built in release so the native figure is the shipped code's.

use serde_json::Value;
use xshell::{cmd, Shell};

use crate::error::{Error, Result};
use crate::toolchain::{self, Purpose};
use crate::{build, lighthouse, workspace};

/// Builds what the page loads, then runs the benchmark with `profiles` profiles and Lighthouse.
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
    cmd!(sh, "cargo build --release -p talentbrug --bin talentbrug").run()?;
    let scores = lighthouse::scores(&sh, &browser, &workspace::target_dir().join("release/talentbrug"))?;
    let text = std::fs::read_to_string(&out).map_err(Error::file(&out))?;
    let mut report: Value = serde_json::from_str(&text).map_err(|e| Error::Check(format!("{}: {e}", out.display())))?;
    for &(key, score) in &scores {
        report[key] = score.into();
        println!("{key}: {score}");
    }
    let text = serde_json::to_string_pretty(&report).map_err(|e| Error::Check(e.to_string()))?;
    std::fs::write(&out, text).map_err(Error::file(&out))?;
    println!("wrote {}", out.display());
    Ok(())
}
