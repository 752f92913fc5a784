//! The core's npm package in `target/pkg/`: the release wasm of the core's JS face
//! (`talentbrug-core-js`, in `core/js/`), wasm-bindgen `--target web` glue and TypeScript types
//! under the package's own file names, a package.json and a README, for web developers who match
//! profiles without the widget.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use xshell::{cmd, Shell};

use crate::error::{Error, Result};
use crate::sizes::Size;
use crate::toolchain::WASM_TARGET;
use crate::{wasm_opt, workspace};

/// The package name on npm and in `import ... from`.
pub const NAME: &str = "talentbrug-core";
/// Base name of the generated files (`talentbrug_core.js`, `talentbrug_core_bg.wasm`, ...).
const OUT_NAME: &str = "talentbrug_core";
/// The crate the package is built from, and the name of the wasm cargo writes for it.
const CRATE: &str = "talentbrug-core-js";
const CRATE_LIB: &str = "talentbrug_core_js";
/// The cargo profile the package is built with (opt-level 3: it loads whole feeds).
const PROFILE: &str = "wasm-package";

/// Where the package is written.
pub fn dir() -> PathBuf {
    workspace::target_dir().join("pkg")
}

/// What the build measured, written to `target/xtask/pkg-size.json`.
#[derive(Debug, serde::Serialize)]
pub struct PackageSizes {
    /// The wasm as wasm-bindgen wrote it.
    pub wasm_bindgen: Size,
    /// The wasm after `wasm-opt -O3`.
    pub wasm_opt: Size,
    /// Whether the shipped wasm is the wasm-opt one (only when it is smaller gzipped).
    pub shipped_wasm_opt: bool,
    /// The JS glue.
    pub js: Size,
}

#[derive(Deserialize)]
struct RootManifest {
    workspace: WorkspaceSection,
}

#[derive(Deserialize)]
struct WorkspaceSection {
    package: WorkspacePackage,
}

#[derive(Deserialize)]
struct WorkspacePackage {
    version: String,
    license: String,
}

fn workspace_package() -> Result<WorkspacePackage> {
    let path = workspace::root().join("Cargo.toml");
    let text = std::fs::read_to_string(&path).map_err(Error::file(&path))?;
    let manifest: RootManifest = toml::from_str(&text).map_err(|e| Error::Check(format!("Cargo.toml: {e}")))?;
    Ok(manifest.workspace.package)
}

fn files() -> [String; 5] {
    [
        format!("{OUT_NAME}.js"),
        format!("{OUT_NAME}.d.ts"),
        format!("{OUT_NAME}_bg.wasm"),
        format!("{OUT_NAME}_bg.wasm.d.ts"),
        "README.md".to_owned(),
    ]
}

/// The package.json of the npm package.
fn package_json(version: &str, license: &str) -> serde_json::Value {
    serde_json::json!({
        "name": NAME,
        "version": version,
        "description": "Talentbrug's matching core in WebAssembly: load a signed feed of anonymous talent profiles, search it by postcode and reach, look up Belgian and Dutch postcodes.",
        "license": license,
        "type": "module",
        "main": format!("{OUT_NAME}.js"),
        "module": format!("{OUT_NAME}.js"),
        "types": format!("{OUT_NAME}.d.ts"),
        "exports": {
            ".": { "types": format!("./{OUT_NAME}.d.ts"), "default": format!("./{OUT_NAME}.js") },
            format!("./{OUT_NAME}_bg.wasm"): format!("./{OUT_NAME}_bg.wasm"),
            "./package.json": "./package.json"
        },
        "files": files(),
        "sideEffects": false,
        "keywords": ["webassembly", "matching", "jobs", "postcode"]
    })
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).map_err(Error::file(path))
}

/// Builds the package into `target/pkg/` and checks it holds what package.json promises.
pub fn build(sh: &Shell) -> Result<PackageSizes> {
    cmd!(sh, "cargo build -p {CRATE} --lib --profile {PROFILE} --target {WASM_TARGET}").run()?;
    let wasm = workspace::target_dir().join(WASM_TARGET).join(PROFILE).join(format!("{CRATE_LIB}.wasm"));
    let out = dir();
    if out.exists() {
        std::fs::remove_dir_all(&out).map_err(Error::file(&out))?;
    }
    cmd!(sh, "wasm-bindgen --target web --out-dir {out} --out-name {OUT_NAME} --remove-name-section --remove-producers-section {wasm}")
        .run()?;

    let bg = out.join(format!("{OUT_NAME}_bg.wasm"));
    let optimised = workspace::target_dir().join("xtask").join(format!("{OUT_NAME}_bg.opt.wasm"));
    let wasm_opt = wasm_opt::install(sh)?;
    wasm_opt::optimise(sh, &wasm_opt, &bg, &optimised)?;
    let before = Size::of_file(&bg)?;
    let after = Size::of_file(&optimised)?;
    // Servers send wasm gzipped: keep wasm-opt's output only when that is what it shrinks.
    let shipped_wasm_opt = after.gzip < before.gzip;
    if shipped_wasm_opt {
        std::fs::copy(&optimised, &bg).map_err(Error::file(&bg))?;
    }

    let package = workspace_package()?;
    let json = serde_json::to_string_pretty(&package_json(&package.version, &package.license)).map_err(|e| Error::Check(e.to_string()))?;
    write(&out.join("package.json"), json.as_bytes())?;
    let readme = workspace::root().join("xtask/npm/README.md");
    std::fs::copy(&readme, out.join("README.md")).map_err(Error::file(&readme))?;
    // wasm-bindgen writes a .gitignore ("*") that would make npm pack an empty package.
    let _ = std::fs::remove_file(out.join(".gitignore"));
    check(&out)?;

    let sizes =
        PackageSizes { wasm_bindgen: before, wasm_opt: after, shipped_wasm_opt, js: Size::of_file(&out.join(format!("{OUT_NAME}.js")))? };
    println!(
        "{NAME}: wasm {} from wasm-bindgen, {} after wasm-opt -O3 ({}); JS glue {}",
        sizes.wasm_bindgen,
        sizes.wasm_opt,
        if shipped_wasm_opt { "shipped" } else { "not shipped: larger gzipped" },
        sizes.js
    );
    let report = workspace::target_dir().join("xtask/pkg-size.json");
    let text = serde_json::to_string_pretty(&sizes).map_err(|e| Error::Check(e.to_string()))?;
    write(&report, text.as_bytes())?;
    Ok(sizes)
}

/// The package lists only files that exist, and its types declare the JS face.
fn check(out: &Path) -> Result<()> {
    for file in files() {
        if !out.join(&file).is_file() {
            return Err(Error::Check(format!("{}: package.json lists {file}, which was not written", out.display())));
        }
    }
    let types_path = out.join(format!("{OUT_NAME}.d.ts"));
    let types = std::fs::read_to_string(&types_path).map_err(Error::file(&types_path))?;
    let wanted_types = [
        "export class TalentIndex",
        "export interface SearchQuery",
        "export function lookupPostcode",
        "export function initSync",
        "export function loadFeed(manifestUrl: string, options: LoadFeedOptions): Promise<TalentFeed>",
        "export function loadNetwork(networkUrl: string, options: LoadNetworkOptions): Promise<TalentNetwork>",
        "search(query: SearchQuery): Promise<NetworkSearchResult>",
        "export interface TalentbrugError",
    ];
    for wanted in wanted_types {
        if !types.contains(wanted) {
            return Err(Error::Check(format!("{}: the TypeScript types lack `{wanted}`", types_path.display())));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_json_names_types_files_and_module() {
        let json = package_json("1.2.3", "EUPL-1.2");
        assert_eq!(json["name"], NAME);
        assert_eq!(json["version"], "1.2.3");
        assert_eq!(json["type"], "module");
        assert_eq!(json["types"], "talentbrug_core.d.ts");
        assert_eq!(json["exports"]["."]["default"], "./talentbrug_core.js");
        let files: Vec<&str> = json["files"].as_array().unwrap().iter().filter_map(|f| f.as_str()).collect();
        assert!(files.contains(&"talentbrug_core_bg.wasm") && files.contains(&"README.md"), "{files:?}");
    }

    #[test]
    fn version_and_license_come_from_the_workspace() {
        let package = workspace_package().unwrap();
        assert!(package.version.split('.').count() == 3, "{}", package.version);
        assert!(!package.license.is_empty());
    }
}
