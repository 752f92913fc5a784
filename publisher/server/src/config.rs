//! What the server is told at start-up, and why it may fail to start.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use talentbrug_inbox::StoreError;

use crate::client::Cidr;
use crate::connections::ConnectionLimits;
use crate::feed_watch::StartFeedError;
use crate::policy::Origin;
use crate::webhook::{WebhookConfig, WebhookError};

/// Everything the server needs, for `serve` and for in-process use (`talentbrug demo`, tests).
pub struct ServerConfig {
    /// The feed file.
    pub feed: PathBuf,
    /// The feed v2 manifest (`manifest.json` next to the feed by default), served with its
    /// tiles when it is there and valid; `None` serves no feed v2.
    pub manifest: Option<PathBuf>,
    /// The inbox database.
    pub db: PathBuf,
    /// The web directory.
    pub www: Option<PathBuf>,
    /// Partner origins.
    pub allow_origins: Vec<Origin>,
    /// Requests a minute per client network (0: no limit).
    pub rate_limit_per_minute: u32,
    /// Stored requests a minute from all clients together (0: no limit).
    pub max_requests_per_minute: u32,
    /// Reverse proxies whose `X-Forwarded-For` names the client.
    pub trust_proxies: Vec<Cidr>,
    /// Connections: how many, per client, for how long.
    pub connections: ConnectionLimits,
    /// Where to POST new requests, signed, and for how long to retry.
    pub webhook: Option<WebhookConfig>,
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
    /// Serves `feed` (and the feed v2 manifest next to it, when there is one) with the inbox in
    /// `db`, and nothing else: no web files, no partner origins,
    /// the default rate limit, no webhook, status links that work for
    /// [`talentbrug_inbox::DEFAULT_STATUS_LINK_DAYS`]. Set the other fields on the result.
    pub fn new(feed: PathBuf, db: PathBuf) -> ServerConfig {
        ServerConfig {
            manifest: Some(talentbrug_private::manifest_path(&feed)),
            feed,
            db,
            www: None,
            allow_origins: Vec::new(),
            rate_limit_per_minute: crate::rate_limit::DEFAULT_PER_MINUTE,
            max_requests_per_minute: crate::rate_limit::DEFAULT_GLOBAL_PER_MINUTE,
            trust_proxies: Vec::new(),
            connections: ConnectionLimits::default(),
            webhook: None,
            public_key: None,
            public_url: None,
            private_dir: None,
            status_link_days: talentbrug_inbox::DEFAULT_STATUS_LINK_DAYS,
        }
    }
}

/// The paths that must never be served, checked against the directories that are public.
impl ServerConfig {
    /// Refuses a layout where the inbox database or the private directory lies inside the web
    /// directory or the feed's directory (which is public too: it is what gets copied to a web
    /// host). Paths are compared after resolving symlinks and `..`, and case-insensitively.
    pub fn check_private_paths(&self) -> Result<(), ServeError> {
        let feed_dir = self.feed.parent().map(|p| if p.as_os_str().is_empty() { Path::new(".") } else { p });
        let public: Vec<(&'static str, &Path)> =
            [("--www", self.www.as_deref()), ("the feed's directory", feed_dir)].into_iter().filter_map(|(n, p)| Some((n, p?))).collect();
        let private: Vec<(&'static str, &Path)> = [("--db", Some(self.db.as_path())), ("--private-dir", self.private_dir.as_deref())]
            .into_iter()
            .filter_map(|(n, p)| Some((n, p?)))
            .collect();
        for (public_name, public_path) in &public {
            let Some(public_real) = resolve(public_path) else { continue };
            for (private_name, private_path) in &private {
                let Some(private_real) = resolve(private_path) else { continue };
                if is_inside(&private_real, &public_real) {
                    return Err(ServeError::PrivateInPublic {
                        private: format!("{private_name} {}", private_path.display()),
                        public: format!("{public_name} ({})", public_path.display()),
                    });
                }
            }
        }
        Ok(())
    }
}

/// `path` made absolute with symlinks resolved, also when it does not exist yet (a new
/// database): its nearest existing ancestor is resolved and the rest appended.
fn resolve(path: &Path) -> Option<PathBuf> {
    let absolute = if path.is_absolute() { path.to_owned() } else { std::env::current_dir().ok()?.join(path) };
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            let mut out = real;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return Some(out);
        }
        rest.push(existing.file_name()?.to_owned());
        existing = existing.parent()?;
    }
}

/// Whether `inner` is `outer` or lies below it, comparing names case-insensitively (a
/// case-insensitive file system serves `WWW/Inbox.sqlite` for `www/inbox.sqlite`).
fn is_inside(inner: &Path, outer: &Path) -> bool {
    let lower = |p: &Path| p.components().map(|c| c.as_os_str().to_string_lossy().to_lowercase()).collect::<Vec<_>>();
    let (inner, outer) = (lower(inner), lower(outer));
    inner.len() >= outer.len() && inner[..outer.len()] == outer[..]
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
    /// The webhook's URL or secret.
    #[error(transparent)]
    Webhook(#[from] WebhookError),
    /// The web directory.
    #[error("--www {path}: {source}")]
    Www {
        /// The directory.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// A private file lies where files are public.
    #[error(
        "refusing to start: {private} lies inside {public}, where files are public. Keep private files apart, e.g. \
         org/public/feed.json (--feed; copied to the web host), org/www/ (--www), org/private/inbox.sqlite (--db), \
         org/private/org.private/ (--private-dir), org/private/org.key"
    )]
    PrivateInPublic {
        /// The private path, with its option.
        private: String,
        /// The public directory, with its option.
        public: String,
    },
    /// The options do not fit together.
    #[error("{0}")]
    Usage(String),
    /// Threads or the runtime could not start, or serving failed.
    #[error("server: {0}")]
    Io(#[from] std::io::Error),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_files_inside_public_directories_are_refused() {
        let dir = std::env::temp_dir().join(format!("tb-layout-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for sub in ["www/dist", "public", "private/org.private"] {
            std::fs::create_dir_all(dir.join(sub)).unwrap();
        }
        let config = |feed: &str, db: &str, www: Option<&str>, private: Option<&str>| ServerConfig {
            www: www.map(|w| dir.join(w)),
            private_dir: private.map(|p| dir.join(p)),
            ..ServerConfig::new(dir.join(feed), dir.join(db))
        };
        // The safe layout, with a database that does not exist yet.
        assert!(config("public/feed.json", "private/inbox.sqlite", Some("www"), Some("private/org.private")).check_private_paths().is_ok());
        // The feed may live in the web directory: it is public.
        assert!(config("www/feed.json", "private/inbox.sqlite", Some("www"), None).check_private_paths().is_ok());
        for (feed, db, www, private, names) in [
            ("public/feed.json", "www/inbox.sqlite", Some("www"), None, "--db"),
            ("public/feed.json", "www/dist/../data/inbox.db", Some("www"), None, "--db"),
            ("public/feed.json", "WWW/Inbox.sqlite", Some("www"), None, "--db"),
            ("public/feed.json", "private/inbox.sqlite", Some("www"), Some("www/org.private"), "--private-dir"),
            ("public/feed.json", "public/inbox.sqlite", Some("www"), None, "the feed's directory"),
            ("public/feed.json", "private/inbox.sqlite", None, Some("public/org.private"), "--private-dir"),
            ("private/feed.json", "private/inbox.sqlite", Some("www"), None, "the feed's directory"),
            ("public/feed.json", "private/inbox.sqlite", Some("private"), None, "--www"),
        ] {
            let err = config(feed, db, www, private).check_private_paths().unwrap_err().to_string();
            assert!(
                err.starts_with("refusing to start: ") && err.contains(names) && err.contains("org/private/inbox.sqlite (--db)"),
                "{err}"
            );
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.join("www"), dir.join("site")).unwrap();
            assert!(config("public/feed.json", "site/inbox.sqlite", Some("www"), None).check_private_paths().is_err(), "through a symlink");
        }
        std::fs::remove_dir_all(dir).unwrap();
    }
}
