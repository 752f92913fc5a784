//! What the server is told at start-up, and why it may fail to start.

use std::net::SocketAddr;
use std::path::PathBuf;

use talentbrug_inbox::StoreError;

use crate::feed_watch::StartFeedError;
use crate::http_url::HttpUrl;
use crate::policy::Origin;

/// Everything the server needs, for `serve` and for in-process use (`talentbrug demo`, tests).
pub struct ServerConfig {
    /// The feed file.
    pub feed: PathBuf,
    /// The inbox database.
    pub db: PathBuf,
    /// The web directory.
    pub www: Option<PathBuf>,
    /// Partner origins.
    pub allow_origins: Vec<Origin>,
    /// Requests a minute per client (0: no limit).
    pub rate_limit_per_minute: u32,
    /// Where to POST new requests.
    pub webhook: Option<HttpUrl>,
    /// Verify the feed with this key.
    pub public_key: Option<String>,
    /// Public address for status links.
    pub public_url: Option<String>,
    /// The publisher's private directory, for record ids in webhook deliveries.
    pub private_dir: Option<PathBuf>,
    /// How long an employer's status link works, in days.
    pub status_link_days: u32,
}

impl ServerConfig {
    /// Serves `feed` with the inbox in `db`, and nothing else: no web files, no partner origins,
    /// the default rate limit, no webhook, status links that work for
    /// [`talentbrug_inbox::DEFAULT_STATUS_LINK_DAYS`]. Set the other fields on the result.
    pub fn new(feed: PathBuf, db: PathBuf) -> ServerConfig {
        ServerConfig {
            feed,
            db,
            www: None,
            allow_origins: Vec::new(),
            rate_limit_per_minute: crate::rate_limit::DEFAULT_PER_MINUTE,
            webhook: None,
            public_key: None,
            public_url: None,
            private_dir: None,
            status_link_days: talentbrug_inbox::DEFAULT_STATUS_LINK_DAYS,
        }
    }
}

/// Why the server could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The address is taken or not ours.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// The inbox database.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The feed files.
    #[error(transparent)]
    Feed(#[from] StartFeedError),
    /// The web directory.
    #[error("--www {path}: {source}")]
    Www {
        /// The directory.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// Threads or the runtime could not start, or serving failed.
    #[error("server: {0}")]
    Io(#[from] std::io::Error),
}
