//! The npm package test: install `target/pkg/` into a scratch Node project with `npm install`,
//! as a developer would, and run `xtask/npm/test.mjs` there with `node --test`. The expected
//! matches come from the native `talentbrug search --json` on the same demo feed, so the test
//! proves the package gives the same answers as the Rust core.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use xshell::{cmd, Shell};

use crate::error::{Error, Result};
use crate::{package, workspace};

/// One search run both natively and through the package.
struct Case {
    name: &'static str,
    query: serde_json::Value,
    cli_args: &'static [&'static str],
}

fn cases() -> Vec<Case> {
    use serde_json::json;
    vec![
        Case {
            name: "10 km around 3000 Leuven",
            query: json!({"postcode": "3000", "radius_km": 10}),
            cli_args: &["--postcode", "3000", "--radius-km", "10"],
        },
        Case {
            name: "Antwerpen, talents and hours",
            query: json!({"postcode": "2000", "radius_km": 15, "talents": ["order_picking", "packing"], "hours": "20-38"}),
            cli_args: &["--postcode", "2000", "--radius-km", "15", "--talent", "order_picking", "--talent", "packing", "--hours", "20-38"],
        },
        Case {
            name: "Gent, temp work, 50 results",
            query: json!({"postcode": "Gent", "contract_forms": ["temp"], "limit": 50}),
            cli_args: &["--postcode", "Gent", "--contract", "temp", "--limit", "50"],
        },
        Case {
            name: "Eindhoven (NL), 20 km",
            query: json!({"postcode": "5611", "country": "NL", "radius_km": 20}),
            cli_args: &["--postcode", "5611", "--country", "NL", "--radius-km", "20"],
        },
    ]
}

fn write(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).map_err(Error::file(path))
}

/// The newest modification time of the files under `dir`.
fn newest_file(dir: &Path) -> Option<SystemTime> {
    let mut newest = None;
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let path = entry.path();
        let time = if path.is_dir() { newest_file(&path) } else { entry.metadata().and_then(|m| m.modified()).ok() };
        newest = newest.max(time);
    }
    newest
}

/// The debug `talentbrug` the native tests built; built here only when missing or older than
/// the sources (`cargo run -p talentbrug` would resolve other features and rebuild it).
fn talentbrug_binary(sh: &Shell) -> Result<PathBuf> {
    let binary = workspace::target_dir().join("debug/talentbrug");
    let built = std::fs::metadata(&binary).and_then(|m| m.modified()).ok();
    let root = workspace::root();
    let sources = ["core/src", "core/data", "publisher"].iter().filter_map(|d| newest_file(&root.join(d))).max();
    if built.is_none() || built < sources {
        cmd!(sh, "cargo build -p talentbrug --bin talentbrug").run()?;
    }
    Ok(binary)
}

/// Runs the test; `target/pkg/` must have been built.
pub fn run(sh: &Shell) -> Result<()> {
    let pkg = package::dir();
    if !pkg.join("package.json").is_file() {
        return Err(Error::Check(format!("{} has no package.json: run `cargo xtask build` first", pkg.display())));
    }
    let scratch = workspace::target_dir().join("npm-test");
    if scratch.exists() {
        std::fs::remove_dir_all(&scratch).map_err(Error::file(&scratch))?;
    }
    std::fs::create_dir_all(&scratch).map_err(Error::file(&scratch))?;
    write(&scratch.join("package.json"), r#"{ "name": "talentbrug-npm-test", "private": true, "type": "module" }"#)?;

    let talentbrug = talentbrug_binary(sh)?;
    let feed = scratch.join("feed.json");
    cmd!(sh, "{talentbrug} demo-feed --profiles 3000 --seed 11 --out {feed}").run()?;
    let mut expected = Vec::new();
    for case in cases() {
        let args = case.cli_args;
        let out = cmd!(sh, "{talentbrug} search {feed} {args...} --json").read()?;
        let result: serde_json::Value = serde_json::from_str(&out).map_err(|e| Error::Check(format!("talentbrug search --json: {e}")))?;
        expected.push(serde_json::json!({ "name": case.name, "query": case.query, "result": result }));
    }
    write(&scratch.join("expected.json"), &serde_json::Value::Array(expected).to_string())?;
    let test = workspace::root().join("xtask/npm/test.mjs");
    std::fs::copy(&test, scratch.join("test.mjs")).map_err(Error::file(&test))?;

    let _dir = sh.push_dir(&scratch);
    // --install-links copies the package as `npm pack` would (honouring "files"), not a symlink.
    cmd!(sh, "npm install --no-audit --no-fund --loglevel=error --install-links {pkg}").run()?;
    cmd!(sh, "node --test test.mjs").run()?;
    Ok(())
}
