//! The boundaries the crate graph must keep, checked on the graph `cargo metadata` resolves:
//! the server never reaches signing code, the core never reaches UI, server or storage code,
//! the publisher never reaches the network or SQL.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
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

#[derive(Deserialize)]
struct Metadata {
    packages: Vec<Package>,
    resolve: Resolve,
}

#[derive(Deserialize)]
struct Package {
    id: String,
    name: String,
}

#[derive(Deserialize)]
struct Resolve {
    nodes: Vec<Node>,
}

#[derive(Deserialize)]
struct Node {
    id: String,
    deps: Vec<Dep>,
}

#[derive(Deserialize)]
struct Dep {
    pkg: String,
    dep_kinds: Vec<DepKind>,
}

#[derive(Deserialize)]
struct DepKind {
    kind: Option<String>,
}

/// Package names reachable from `root` through normal dependencies (any target).
fn normal_closure(metadata: &Metadata, root: &str) -> Option<BTreeSet<String>> {
    let names: BTreeMap<&str, &str> = metadata.packages.iter().map(|p| (p.id.as_str(), p.name.as_str())).collect();
    let nodes: BTreeMap<&str, &Node> = metadata.resolve.nodes.iter().map(|n| (n.id.as_str(), n)).collect();
    let start = metadata.packages.iter().find(|p| p.name == root)?.id.as_str();
    let mut seen = BTreeSet::new();
    let mut todo = vec![start];
    while let Some(id) = todo.pop() {
        let Some(node) = nodes.get(id) else { continue };
        for dep in &node.deps {
            let normal = dep.dep_kinds.iter().any(|k| k.kind.is_none());
            if normal && seen.insert(dep.pkg.as_str()) {
                todo.push(dep.pkg.as_str());
            }
        }
    }
    Some(seen.into_iter().filter_map(|id| names.get(id).map(|n| (*n).to_owned())).collect())
}

/// The broken boundaries, one line each (empty when all hold).
fn violations(metadata: &Metadata) -> Vec<String> {
    let mut out = Vec::new();
    for (krate, forbidden, why) in FORBIDDEN {
        let Some(closure) = normal_closure(metadata, krate) else {
            out.push(format!("{krate}: not in the workspace"));
            continue;
        };
        for name in forbidden.iter().filter(|name| closure.contains(**name)) {
            out.push(format!("{krate} depends on {name}: {why}"));
        }
    }
    out
}

/// Checks every boundary in [`FORBIDDEN`] on the workspace's resolved graph.
pub fn check(sh: &Shell) -> Result<()> {
    let json = cmd!(sh, "cargo metadata --format-version 1 --locked").quiet().read()?;
    let metadata: Metadata = serde_json::from_str(&json).map_err(|e| Error::Check(format!("cargo metadata: {e}")))?;
    let broken = violations(&metadata);
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

    fn metadata() -> Metadata {
        let sh = Shell::new().unwrap();
        sh.change_dir(workspace::root());
        serde_json::from_str(&cmd!(sh, "cargo metadata --format-version 1").quiet().read().unwrap()).unwrap()
    }

    #[test]
    fn the_workspace_keeps_its_boundaries() {
        let metadata = metadata();
        assert_eq!(violations(&metadata), Vec::<String>::new());
        // The check can fail: the CLI links everything, the server links SQL.
        let cli = normal_closure(&metadata, "talentbrug").unwrap();
        assert!(cli.contains("talentbrug-publish") && cli.contains("talentbrug-server"), "{cli:?}");
        let server = normal_closure(&metadata, "talentbrug-server").unwrap();
        assert!(server.contains("rusqlite") && !server.contains("talentbrug-publish"), "{server:?}");
    }
}
