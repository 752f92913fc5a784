//! Installing what the tests need and a fresh machine lacks: the wasm32 target, the
//! wasm-bindgen CLI at exactly the version Cargo.lock pins, Chromium with its driver, Node.

use std::path::PathBuf;

use xshell::{cmd, Shell};

use crate::browser::Browser;
use crate::error::{Error, Result};
use crate::workspace;

/// The wasm target everything in the browser is built for.
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// `~/.cargo/bin` (or `$CARGO_HOME/bin`), where `cargo install` puts programs.
pub fn cargo_bin_dir() -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cargo"));
    home.join("bin")
}

/// Puts `cargo_bin_dir()` on this process's PATH, so freshly installed CLIs are found by every
/// child (cargo's test runner included) even when the shell profile did not add it.
pub fn put_cargo_bin_on_path() {
    let bin = cargo_bin_dir();
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut dirs: Vec<PathBuf> = std::env::split_paths(&path).collect();
    if !dirs.contains(&bin) {
        dirs.insert(0, bin);
        if let Ok(joined) = std::env::join_paths(dirs) {
            // SAFETY: called once at start-up, before xtask starts any thread.
            unsafe { std::env::set_var("PATH", joined) };
        }
    }
}

/// What a command is about to do, so [`ensure`] installs just what that needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Build the widget and the npm package (`build`, `demo`): the wasm target, the
    /// wasm-bindgen CLI, Node (wasm-opt and terser come from npm).
    Build,
    /// Also run a browser (`bench`): Chromium and chromedriver too.
    Browser,
    /// Everything `test` runs: also rustfmt and clippy.
    Test,
}

/// The one install step every `cargo xtask` command that builds starts with, so each of them
/// works first on a fresh machine with only Rust stable; returns the browser when the purpose
/// needs one.
pub fn ensure(sh: &Shell, purpose: Purpose) -> Result<Option<Browser>> {
    if purpose == Purpose::Test {
        ensure_components(sh)?;
    }
    ensure_wasm_target(sh)?;
    ensure_wasm_bindgen(sh)?;
    ensure_node(sh)?;
    match purpose {
        Purpose::Build => Ok(None),
        Purpose::Browser | Purpose::Test => ensure_browser(sh).map(Some),
    }
}

fn is_root(sh: &Shell) -> bool {
    cmd!(sh, "id -u").quiet().ignore_stderr().read().is_ok_and(|uid| uid.trim() == "0")
}

fn succeeds(sh: &Shell, program: &str, args: &[&str]) -> bool {
    cmd!(sh, "{program} {args...}").quiet().ignore_stdout().ignore_stderr().run().is_ok()
}

/// rustfmt and clippy, which a minimal rustup profile leaves out.
fn ensure_components(sh: &Shell) -> Result<()> {
    if succeeds(sh, "cargo", &["fmt", "--version"]) && succeeds(sh, "cargo", &["clippy", "--version"]) {
        println!("rustfmt and clippy: present");
        return Ok(());
    }
    cmd!(sh, "rustup component add rustfmt clippy").run()?;
    Ok(())
}

/// The wasm32-unknown-unknown standard library.
fn ensure_wasm_target(sh: &Shell) -> Result<()> {
    let installed = cmd!(sh, "rustup target list --installed").quiet().read().unwrap_or_default();
    if installed.lines().any(|l| l.trim() == WASM_TARGET) {
        println!("{WASM_TARGET}: present");
        return Ok(());
    }
    cmd!(sh, "rustup target add {WASM_TARGET}").run()?;
    Ok(())
}

/// The version a `wasm-bindgen --version` style line names (`wasm-bindgen 0.2.130` -> `0.2.130`).
fn reported_version(output: &str) -> Option<&str> {
    output.split_whitespace().nth(1)
}

/// The wasm-bindgen CLI (and its test runner) at the version of the wasm-bindgen crate in
/// Cargo.lock: the generated glue only works with the exact same version.
fn ensure_wasm_bindgen(sh: &Shell) -> Result<()> {
    let wanted = workspace::locked_version("wasm-bindgen")?;
    let have = |program: &str| {
        cmd!(sh, "{program} --version").quiet().ignore_stderr().read().ok().and_then(|o| reported_version(&o).map(str::to_owned))
    };
    let cli = have("wasm-bindgen");
    let runner = have("wasm-bindgen-test-runner");
    if cli.as_deref() == Some(wanted.as_str()) && runner.as_deref() == Some(wanted.as_str()) {
        println!("wasm-bindgen-cli {wanted}: present");
        return Ok(());
    }
    println!(
        "wasm-bindgen-cli: found {}, Cargo.lock needs {wanted}; installing (this takes a few minutes)",
        cli.as_deref().unwrap_or("none")
    );
    // Not --locked: the CLI's own lock file names a version the registry mirror lacks.
    cmd!(sh, "cargo install wasm-bindgen-cli --version {wanted} --force").run()?;
    Ok(())
}

/// Chromium and chromedriver for the wasm tests, the end-to-end tests and the benchmark; apt-get
/// installs them when missing and we are root, otherwise we say what to install.
fn ensure_browser(sh: &Shell) -> Result<Browser> {
    if let Some(browser) = Browser::find() {
        println!("chromium: {}, chromedriver: {}", browser.chromium.display(), browser.chromedriver.display());
        return Ok(browser);
    }
    apt_install(sh, &["chromium", "chromium-driver"], "Chromium and its WebDriver run the browser tests")?;
    Browser::find().ok_or_else(|| Error::Missing("apt-get installed chromium and chromium-driver, but they are not on PATH".into()))
}

/// Node.js and npm, for the npm package test and wasm-opt (binaryen from npm).
fn ensure_node(sh: &Shell) -> Result<()> {
    if succeeds(sh, "node", &["--version"]) && succeeds(sh, "npm", &["--version"]) {
        println!("node: {}", cmd!(sh, "node --version").quiet().read().unwrap_or_default());
        return Ok(());
    }
    apt_install(sh, &["nodejs", "npm"], "Node.js runs the npm package test and wasm-opt")
}

fn apt_install(sh: &Shell, packages: &[&str], why: &str) -> Result<()> {
    if !is_root(sh) {
        return Err(Error::Missing(format!(
            "{why}, but {} not installed and this is not root: run `sudo apt-get install -y {}` (Debian/Ubuntu) and try again",
            packages.join(" and "),
            packages.join(" ")
        )));
    }
    let _env = sh.push_env("DEBIAN_FRONTEND", "noninteractive");
    cmd!(sh, "apt-get update").run()?;
    cmd!(sh, "apt-get install -y {packages...}").run()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cli_versions() {
        assert_eq!(reported_version("wasm-bindgen 0.2.130\n"), Some("0.2.130"));
        assert_eq!(reported_version("wasm-bindgen-test-runner 0.2.130"), Some("0.2.130"));
        assert_eq!(reported_version(""), None);
    }
}
