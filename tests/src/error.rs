//! What can go wrong in a harness step.

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
