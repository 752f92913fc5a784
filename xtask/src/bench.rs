//! `cargo xtask bench`: the in-browser benchmark (WebAssembly core vs plain JavaScript, plus the
//! native core) on a 100,000-profile demo feed, in headless Chromium; the feed v2 and network
//! benchmark at 1,000,000 profiles (`tests/src/tiles_bench.rs`: bytes and time to the first
//! results at 3000 Leuven); then Lighthouse on the demo page ([`crate::lighthouse`]); then the
//! widget's size and its floors ([`crate::floor`]); all written to `target/bench.json`. The
//! drivers are in `tests/src/`, built in release so the native figures are the shipped code's.

use serde_json::Value;
use xshell::{cmd, Shell};

use crate::error::{Error, Result};
use crate::toolchain::{self, Purpose};
use crate::{build, floor, lighthouse, workspace};

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
    cmd!(sh, "cargo run --release -p talentbrug-e2e --bin tiles_bench -- --out {out}")
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
    let (gzip, brotli) = crate::sizes::widget_shipped(&workspace::root().join("www/dist"))?;
    report["widget_gz_bytes"] = gzip.into();
    report["widget_brotli_bytes"] = brotli.into();
    println!("widget: {gzip} bytes gzipped, {brotli} bytes brotli");
    if let Value::Object(floors) = floor::measure(&sh)? {
        report.as_object_mut().ok_or_else(|| Error::Check(format!("{}: not an object", out.display())))?.extend(floors);
    }
    let text = serde_json::to_string_pretty(&report).map_err(|e| Error::Check(e.to_string()))?;
    std::fs::write(&out, text).map_err(Error::file(&out))?;
    println!("wrote {}", out.display());
    Ok(())
}
