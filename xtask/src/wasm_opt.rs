//! wasm-opt (Binaryen) from its npm build, and terser (the widget's JS minifier), pinned by
//! `xtask/npm/tools/package-lock.json` and installed into the target directory: no prebuilt
//! binary is downloaded from outside the registries, and the source tree gets no `node_modules/`.

use std::path::{Path, PathBuf};

use xshell::{cmd, Shell};

use crate::error::{Error, Result};
use crate::workspace;

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
    let source = workspace::root().join("xtask/npm/tools");
    let dir = workspace::target_dir().join("xtask/tools");
    let bin = dir.join("node_modules/terser/bin/terser");
    std::fs::create_dir_all(&dir).map_err(Error::file(&dir))?;
    let mut changed = false;
    for file in ["package.json", "package-lock.json"] {
        let wanted = std::fs::read(source.join(file)).map_err(Error::file(source.join(file)))?;
        if std::fs::read(dir.join(file)).ok().as_ref() != Some(&wanted) {
            std::fs::write(dir.join(file), &wanted).map_err(Error::file(dir.join(file)))?;
            changed = true;
        }
    }
    if changed || !bin.is_file() {
        let _dir = sh.push_dir(&dir);
        cmd!(sh, "npm ci --no-audit --no-fund --loglevel=error").run()?;
    }
    Ok(dir.join("node_modules"))
}

/// Optimises `input` for size into `output` with `wasm-opt -Oz`.
pub fn optimise(sh: &Shell, wasm_opt: &Path, input: &Path, output: &Path) -> Result<()> {
    cmd!(sh, "{wasm_opt} -Oz {FEATURES...} {input} -o {output}").quiet().run()?;
    Ok(())
}
