//! wasm-opt (Binaryen) from its npm build, and terser (the widget's JS minifier), pinned by
//! `xtask/npm/tools/package-lock.json` and installed by [`crate::pinned_npm`]: no prebuilt
//! binary is downloaded from outside the registries.

use std::path::{Path, PathBuf};

use xshell::{cmd, Shell};

use crate::error::Result;

/// The wasm features rustc enables by default for wasm32-unknown-unknown (Rust 1.87+), which
/// wasm-opt must allow; the release build strips the section that would tell it.
const FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-bulk-memory-opt",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// Installs the pinned Binaryen (once per lock file change) and returns its `wasm-opt`.
pub fn install(sh: &Shell) -> Result<PathBuf> {
    install_tools(sh).map(|modules| modules.join(".bin/wasm-opt"))
}

/// Installs the pinned terser (with Binaryen) and returns its command-line script, to be run
/// with `node`.
pub fn terser(sh: &Shell) -> Result<PathBuf> {
    install_tools(sh).map(|modules| modules.join("terser/bin/terser"))
}

/// Installs the pinned tools (once per lock file change); returns their `node_modules/`.
fn install_tools(sh: &Shell) -> Result<PathBuf> {
    crate::pinned_npm::install(sh, "tools", "terser/bin/terser")
}

/// Optimises `input` for speed into `output` with `wasm-opt -O3` (the npm package, built with
/// opt-level 3; see `[profile.wasm-package]` in the workspace's `Cargo.toml`).
pub fn optimise(sh: &Shell, wasm_opt: &Path, input: &Path, output: &Path) -> Result<()> {
    cmd!(sh, "{wasm_opt} -O3 {FEATURES...} {input} -o {output}").quiet().run()?;
    Ok(())
}
