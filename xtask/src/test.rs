//! `cargo xtask test`: THE test command. Installs what a fresh machine lacks, then runs every
//! check in order and stops at the first failure, with a header per step and a timing table.

use std::path::Path;

use xshell::{cmd, Shell};

use crate::browser::Browser;
use crate::error::{Error, Result};
use crate::steps::Steps;
use crate::toolchain::{self, Purpose, WASM_TARGET};
use crate::{build, crate_graph, npm_test, workspace};

/// Runs the whole pipeline; prints (and writes to `target/xtask/test-timings.txt`) how long
/// each step took, whether it passed or not.
/// With `only` non-empty, runs just the steps whose names contain one of its words.
pub fn run(only: Vec<String>) -> Result<()> {
    let sh = Shell::new()?;
    sh.change_dir(workspace::root());
    let mut steps = Steps::only(only);
    let result = pipeline(&sh, &mut steps);
    let summary = steps.summary();
    println!("{summary}");
    let dir = workspace::target_dir().join("xtask");
    if std::fs::create_dir_all(&dir).is_ok() {
        let _ = std::fs::write(dir.join("test-timings.txt"), &summary);
    }
    result
}

fn pipeline(sh: &Shell, steps: &mut Steps) -> Result<()> {
    let mut browser: Option<Browser> = None;
    steps.always("install what is missing", || {
        browser = toolchain::ensure(sh, Purpose::Test)?;
        Ok(())
    })?;
    let browser = browser.ok_or_else(|| Error::Missing("no browser".into()))?;
    let wasm_env = browser.wasm_test_env(&workspace::target_dir().join("xtask"))?;

    steps.run("crate graph boundaries", || crate_graph::check(sh))?;
    steps.run("cargo fmt --check", || Ok(cmd!(sh, "cargo fmt --all --check").run()?))?;
    steps.run("clippy (native)", || Ok(cmd!(sh, "cargo clippy --workspace --all-targets -- -D warnings").run()?))?;
    let core_wasm_tests: Vec<String> =
        wasm_test_files(&workspace::root().join(CORE_JS_TESTS))?.into_iter().flat_map(|t| ["--test".to_owned(), t]).collect();
    steps.run("clippy (wasm32: the core's JS face, the widget, their tests)", || {
        cmd!(sh, "cargo clippy -p talentbrug-core-js --target {WASM_TARGET} --all-targets -- -D warnings").run()?;
        Ok(cmd!(sh, "cargo clippy -p talentbrug-widget --target {WASM_TARGET} --all-targets -- -D warnings").run()?)
    })?;
    steps.run("native tests", || Ok(cmd!(sh, "cargo test --workspace --exclude talentbrug-e2e --no-fail-fast").run()?))?;
    steps.run("build: widget to www/dist, npm package to target/pkg (release wasm)", || build::all(sh))?;
    steps.run("core wasm tests in headless Chromium", || {
        Ok(cmd!(sh, "cargo test -p talentbrug-core-js --target {WASM_TARGET} {core_wasm_tests...}").envs(wasm_env.clone()).run()?)
    })?;
    steps.run("widget wasm tests in headless Chromium", || {
        Ok(cmd!(sh, "cargo test -p talentbrug-widget --target {WASM_TARGET}").envs(wasm_env.clone()).run()?)
    })?;
    steps.run("npm package in Node", || npm_test::run(sh))?;
    steps.run("end-to-end tests (tests/)", || Ok(cmd!(sh, "cargo test -p talentbrug-e2e --no-fail-fast").run()?))?;
    Ok(())
}

/// Where the tests of the core's JS face (`talentbrug-core-js`) live.
const CORE_JS_TESTS: &str = "core/js/tests";

/// The names of `wasm_*.rs` test files in a crate's `tests/`, sorted (for `--test NAME`).
fn wasm_test_files(dir: &Path) -> Result<Vec<String>> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(Error::file(dir))?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter_map(|name| name.strip_suffix(".rs").filter(|stem| stem.starts_with("wasm_")).map(str::to_owned))
        .collect();
    names.sort();
    if names.is_empty() {
        return Err(Error::Check(format!("no wasm_*.rs tests in {}", dir.display())));
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_core_wasm_tests() {
        let names = wasm_test_files(&workspace::root().join(CORE_JS_TESTS)).unwrap();
        assert!(names.iter().all(|n| n.starts_with("wasm_")), "{names:?}");
        assert!(names.contains(&"wasm_api".to_owned()), "{names:?}");
    }
}
