//! The npm package test: install `target/pkg/` into a scratch Node project with `npm install`,
//! as a developer would, and run `xtask/npm/test.mjs` and `xtask/npm/loaders.mjs` there with
//! `node --test`. The expected matches come from the native `talentbrug search --json` on the
//! same demo feed, so the test proves the package gives the same answers as the Rust core.
//! The loaders' test reads the feed v2 `demo-feed` writes next to feed.json, and two member
//! organisations' feeds made here with their own keys; it builds the network itself with
//! `talentbrug network` (its member URLs name the port its static server got).

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
    let feed_key = demo_feed(sh, &talentbrug, &scratch, "feed", 3000, 11, &feed)?;
    let mut expected = Vec::new();
    for case in cases() {
        let args = case.cli_args;
        let out = cmd!(sh, "{talentbrug} search {feed} {args...} --json").read()?;
        let result: serde_json::Value = serde_json::from_str(&out).map_err(|e| Error::Check(format!("talentbrug search --json: {e}")))?;
        expected.push(serde_json::json!({ "name": case.name, "query": case.query, "result": result }));
    }
    write(&scratch.join("expected.json"), &serde_json::Value::Array(expected).to_string())?;
    write_loader_fixture(sh, &talentbrug, &scratch, feed_key)?;
    for file in ["test.mjs", "loaders.mjs", "static_server.mjs"] {
        let source = workspace::root().join("xtask/npm").join(file);
        std::fs::copy(&source, scratch.join(file)).map_err(Error::file(&source))?;
    }

    let _dir = sh.push_dir(&scratch);
    // --install-links copies the package as `npm pack` would (honouring "files"), not a symlink.
    cmd!(sh, "npm install --no-audit --no-fund --loglevel=error --install-links {pkg}").run()?;
    cmd!(sh, "node --test test.mjs loaders.mjs").run()?;
    Ok(())
}

/// A new signing key at `scratch/keys/NAME.key`; returns its public key (what keygen prints).
fn keygen(sh: &Shell, talentbrug: &Path, scratch: &Path, name: &str) -> Result<String> {
    let keys = scratch.join("keys");
    std::fs::create_dir_all(&keys).map_err(Error::file(&keys))?;
    let key = keys.join(format!("{name}.key"));
    let out = cmd!(sh, "{talentbrug} keygen --out {key}").read()?;
    out.lines().next().map(|l| l.trim().to_owned()).ok_or_else(|| Error::Check(format!("talentbrug keygen printed no key for {name}")))
}

/// A synthetic feed at `out` (v1) with its feed v2 next to it, signed with a new key named
/// `name`; returns the public key.
fn demo_feed(sh: &Shell, talentbrug: &Path, scratch: &Path, name: &str, profiles: usize, seed: u64, out: &Path) -> Result<String> {
    let public_key = keygen(sh, talentbrug, scratch, name)?;
    let key = scratch.join("keys").join(format!("{name}.key"));
    let private = scratch.join("private").join(name);
    std::fs::create_dir_all(&private).map_err(Error::file(&private))?;
    let (profiles, seed) = (profiles.to_string(), seed.to_string());
    cmd!(sh, "{talentbrug} demo-feed --profiles {profiles} --seed {seed} --key {key} --private-dir {private} --out {out}").run()?;
    Ok(public_key)
}

/// `loaders.json` for `loaders.mjs`: the demo feed's key, two members' feeds (`members/ID/`),
/// the key of a member whose server will be down, the network operator's key, and the binary
/// that builds the network.
fn write_loader_fixture(sh: &Shell, talentbrug: &Path, scratch: &Path, feed_key: String) -> Result<()> {
    use serde_json::json;
    let mut members = Vec::new();
    for (id, name, seed) in [("ocmw", "OCMW Leuven jobpunt", 21), ("maatwerk", "Maatwerkbedrijf De Brug", 22)] {
        let dir = format!("members/{id}");
        let out = scratch.join(&dir).join("feed.json");
        std::fs::create_dir_all(scratch.join(&dir)).map_err(Error::file(scratch.join(&dir)))?;
        let public_key = demo_feed(sh, talentbrug, scratch, id, 1500, seed, &out)?;
        members.push(json!({ "id": id, "name": name, "dir": dir, "publicKey": public_key }));
    }
    let down = json!({ "id": "uitzend", "name": "Uitzendkantoor Proef", "publicKey": keygen(sh, talentbrug, scratch, "uitzend")? });
    let operator = json!({ "key": "keys/operator.key", "publicKey": keygen(sh, talentbrug, scratch, "operator")? });
    let fixture = json!({
        "talentbrug": talentbrug,
        "feed": { "publicKey": feed_key },
        "members": members,
        "down": down,
        "operator": operator,
    });
    write(&scratch.join("loaders.json"), &fixture.to_string())
}
