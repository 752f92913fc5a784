//! The boundaries the crate graph must keep, checked on what `cargo tree` resolves per crate:
//! the server never reaches signing code, the core never reaches UI, server or storage code,
//! the publisher never reaches the network or SQL.

use std::collections::BTreeSet;

use xshell::{cmd, Shell};

use crate::error::{Error, Result};

/// A crate and the crates that must never be among its normal (non-dev, non-build) dependencies,
/// direct or indirect, with the reason.
pub const FORBIDDEN: &[(&str, &[&str], &str)] = &[
    (
        "talentbrug-core",
        &[
            "yew",
            "axum",
            "hyper",
            "rusqlite",
            "ureq",
            "tokio",
            "talentbrug-widget",
            "talentbrug-server",
            "talentbrug-inbox",
            "talentbrug-publish",
            "wasm-bindgen",
        ],
        "the core is pure: no UI, no server, no storage, no JS binding",
    ),
    ("talentbrug-server", &["talentbrug-publish"], "the server must never reach the signing key or the id-rotation secret"),
    ("talentbrug-inbox", &["talentbrug-publish", "axum", "hyper", "ureq"], "the inbox is storage only: no signing, no HTTP"),
    (
        "talentbrug-publish",
        &["axum", "hyper", "ureq", "rusqlite", "tokio", "talentbrug-inbox", "talentbrug-server"],
        "publishing needs no network and no SQL",
    ),
    ("talentbrug-private", &["talentbrug-publish", "rusqlite", "axum"], "the private files hold mappings, never keys"),
    (
        "talentbrug-widget",
        &["talentbrug-publish", "talentbrug-server", "talentbrug-inbox", "talentbrug-private"],
        "the widget runs in the employer's browser",
    ),
];

/// Package names `krate` reaches through normal (non-dev, non-build) dependencies on any
/// target, with the features it selects itself (`cargo tree`; the graph `cargo metadata`
/// resolves unifies features across the workspace and would show edges this crate never has).
fn normal_closure(sh: &Shell, krate: &str) -> Result<BTreeSet<String>> {
    let format = "{p}";
    let out = cmd!(sh, "cargo tree -p {krate} -e normal --target all --prefix none --format {format}").quiet().read()?;
    Ok(out.lines().filter_map(|line| line.split_whitespace().next()).filter(|name| *name != krate).map(str::to_owned).collect())
}

/// The broken boundaries, one line each (empty when all hold).
fn violations(sh: &Shell) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for (krate, forbidden, why) in FORBIDDEN {
        let closure = normal_closure(sh, krate)?;
        if closure.is_empty() {
            out.push(format!("{krate}: not in the workspace, or it depends on nothing"));
        }
        for name in forbidden.iter().filter(|name| closure.contains(**name)) {
            out.push(format!("{krate} depends on {name}: {why}"));
        }
    }
    Ok(out)
}

/// Checks every boundary in [`FORBIDDEN`] on the workspace's resolved graph.
pub fn check(sh: &Shell) -> Result<()> {
    let broken = violations(sh)?;
    if broken.is_empty() {
        println!("crate graph: {} boundaries hold", FORBIDDEN.len());
        Ok(())
    } else {
        Err(Error::Check(format!("crate graph:\n  {}", broken.join("\n  "))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace;

    #[test]
    fn the_workspace_keeps_its_boundaries() {
        let sh = Shell::new().unwrap();
        sh.change_dir(workspace::root());
        assert_eq!(violations(&sh).unwrap(), Vec::<String>::new());
        // The check can fail: the CLI links everything, the server links SQL.
        let cli = normal_closure(&sh, "talentbrug").unwrap();
        assert!(cli.contains("talentbrug-publish") && cli.contains("talentbrug-server"), "{cli:?}");
        let server = normal_closure(&sh, "talentbrug-server").unwrap();
        assert!(server.contains("rusqlite") && !server.contains("talentbrug-publish"), "{server:?}");
    }
}
