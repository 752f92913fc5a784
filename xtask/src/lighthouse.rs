//! Lighthouse on the demo page, as `cargo xtask bench`'s last step: the release `talentbrug
//! demo` (what `cargo xtask demo` serves: 2,000 synthetic people, a signed feed, the inbox) on a
//! free loopback port, then the pinned `lighthouse` npm package (`xtask/npm/lighthouse/`) with the
//! system Chromium, on Lighthouse's mobile defaults (simulated slow 4G and 4x CPU slowdown).
//! The three category scores go into `target/bench.json`; the whole report to
//! `target/lighthouse.json`, to see which audit cost points.

use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use xshell::{cmd, Shell};

use crate::browser::{Browser, CHROMIUM_FLAGS};
use crate::error::{Error, Result};
use crate::{pinned_npm, workspace};

/// The scores as `target/bench.json` names them, and where Lighthouse keeps each.
const CATEGORIES: [(&str, &str); 3] = [
    ("lighthouse_performance", "performance"),
    ("lighthouse_accessibility", "accessibility"),
    ("lighthouse_best_practices", "best-practices"),
];

/// The demo server, stopped when dropped.
struct Demo(Child);

impl Drop for Demo {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Runs Lighthouse on the demo page and returns the three scores (0 to 1) under their
/// `bench.json` keys. `talentbrug` is the release binary.
pub fn scores(sh: &Shell, browser: &Browser, talentbrug: &Path) -> Result<Vec<(&'static str, f64)>> {
    let modules = pinned_npm::install(sh, "lighthouse", "lighthouse/cli/index.js")?;
    let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(Error::file("127.0.0.1:0"))?.port();
    let dir = workspace::target_dir().join("lighthouse-demo");
    let _ = std::fs::remove_dir_all(&dir);
    let addr = format!("127.0.0.1:{port}");
    let child = Command::new(talentbrug)
        // The single-organisation page: the one the budget was set on (and one free port).
        .args(["demo", "--single", "--addr", &addr, "--www", "www", "--dir"])
        .arg(&dir)
        .current_dir(workspace::root())
        .stdout(Stdio::null())
        .spawn()
        .map_err(Error::file(talentbrug))?;
    let _demo = Demo(child);
    wait_for_port(&addr, Duration::from_secs(120))?;
    let report = workspace::target_dir().join("lighthouse.json");
    let cli = modules.join("lighthouse/cli/index.js");
    let url = format!("http://{addr}/");
    let flags = format!("--chrome-flags={}", CHROMIUM_FLAGS.join(" "));
    cmd!(
        sh,
        "node {cli} {url} --quiet --output=json --output-path={report} --only-categories=performance,accessibility,best-practices {flags}"
    )
    .env("CHROME_PATH", &browser.chromium)
    .run()?;
    let text = std::fs::read_to_string(&report).map_err(Error::file(&report))?;
    parse_scores(&text)
}

/// The category scores of a Lighthouse JSON report.
fn parse_scores(report: &str) -> Result<Vec<(&'static str, f64)>> {
    let json: Value = serde_json::from_str(report).map_err(|e| Error::Check(format!("the Lighthouse report is not JSON: {e}")))?;
    CATEGORIES
        .iter()
        .map(|&(key, category)| {
            json["categories"][category]["score"]
                .as_f64()
                .map(|score| (key, score))
                .ok_or_else(|| Error::Check(format!("the Lighthouse report has no {category} score (did the page load?)")))
        })
        .collect()
}

/// Waits until something accepts connections on `addr`.
fn wait_for_port(addr: &str, timeout: Duration) -> Result<()> {
    let started = Instant::now();
    while TcpStream::connect(addr).is_err() {
        if started.elapsed() > timeout {
            return Err(Error::Check(format!("the demo did not start listening on {addr} within {}s", timeout.as_secs())));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_are_read_by_category_and_a_missing_one_is_an_error() {
        let report = r#"{"categories": {"performance": {"score": 0.97}, "accessibility": {"score": 1},
            "best-practices": {"score": 0.96}}}"#;
        let scores = parse_scores(report).expect("scores");
        assert_eq!(scores, vec![("lighthouse_performance", 0.97), ("lighthouse_accessibility", 1.0), ("lighthouse_best_practices", 0.96)]);
        // A page that failed to load has `"score": null`.
        let failed = r#"{"categories": {"performance": {"score": null}, "accessibility": {"score": 1}, "best-practices": {"score": 1}}}"#;
        assert!(parse_scores(failed).is_err());
    }
}
