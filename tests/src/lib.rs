//! End-to-end harness for the Talentbrug widget: a site server with a request receiver
//! ([`site`]), headless Chromium through chromedriver and WebDriver ([`browser`]), helpers to
//! drive the widget inside its shadow root ([`widget`]), axe-core checks ([`axe`]), and test
//! feeds ([`feeds`]). The tests are in `tests/widget_*.rs`; they need `cargo xtask build` first.

pub mod axe;
pub mod bench;
pub mod browser;
pub mod feeds;
pub mod ports;
pub mod site;
pub mod widget;

use std::path::PathBuf;

/// The workspace root.
pub fn root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.parent().map(PathBuf::from).unwrap_or(here)
}

/// Where tests write screenshots and measurements: `target/e2e/`.
pub fn out_dir() -> PathBuf {
    let dir = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root().join(dir),
        None => root().join("target"),
    }
    .join("e2e");
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// Anything that can go wrong in a harness step, with what was being done.
#[derive(Debug, thiserror::Error)]
pub enum HarnessError {
    /// Setting something up failed.
    #[error("{0}")]
    Setup(String),
    /// A WebDriver command failed.
    #[error("webdriver: {0}")]
    WebDriver(#[from] fantoccini::error::CmdError),
    /// Starting the browser session failed.
    #[error("webdriver session: {0}")]
    Session(#[from] fantoccini::error::NewSessionError),
    /// A wait timed out; the message says for what.
    #[error("timed out waiting for {0}")]
    Timeout(String),
    /// File or socket trouble.
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
}

/// Results of harness steps.
pub type Result<T> = std::result::Result<T, HarnessError>;
