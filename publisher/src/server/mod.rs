//! `talentbrug serve`: the organisation's one server for its widget files, its signed feed and
//! its inbox of blind-interview requests, on one SQLite file.
//!
//! Pieces, one job each: [`connections`] (accepting, time limits, shutdown), [`app`] (routes), [`api`] (the request endpoint), [`request_writer`]
//! (group-committed storage), [`store`] (the database), [`outbox`] and [`webhook`] (delivery to
//! the organisation's system), [`feed_files`] and [`feed_watch`] (the served feed pair and its
//! reloading), [`known_profiles`] (which ids a request may name), [`static_files`],
//! [`cached_bytes`], [`http_url`], [`policy`] (CORS, CSP), [`rate_limit`], [`status_page`], [`status`],
//! [`tokens`].

pub mod api;
pub mod app;
pub mod cached_bytes;
pub mod connections;
pub mod feed_files;
pub mod feed_watch;
pub mod http_url;
pub mod known_profiles;
pub mod outbox;
pub mod policy;
pub mod rate_limit;
pub mod request_writer;
pub mod static_files;
pub mod status;
pub mod status_page;
pub mod store;
pub mod tokens;
pub mod webhook;

use std::future::Future;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use app::App;
use feed_files::FeedSource;
use feed_watch::{LiveFeed, StartFeedError};
use http_url::HttpUrl;
use policy::{Origin, Policy};
use rate_limit::RequestLimit;
use request_writer::RequestWriter;
use static_files::StaticFiles;
use store::{Store, StoreError};

/// Arguments of `talentbrug serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The published feed (its signature is read from the same path + `.sig`).
    #[arg(long)]
    pub feed: PathBuf,
    /// The inbox database (created if missing).
    #[arg(long)]
    pub db: PathBuf,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Directory of web files (widget in dist/, pages); default: ./www when it exists.
    #[arg(long)]
    pub www: Option<PathBuf>,
    /// A partner website allowed to send requests and frame the widget (repeatable), e.g. https://stad.example.
    #[arg(long = "allow-origin")]
    pub allow_origins: Vec<Origin>,
    /// Requests a minute one client address may send; 0 disables the limit.
    #[arg(long, default_value_t = rate_limit::DEFAULT_PER_MINUTE)]
    pub rate_limit_per_minute: u32,
    /// Also POST each new request as JSON to this URL (the organisation's own system).
    #[arg(long)]
    pub webhook: Option<HttpUrl>,
    /// The organisation's public key (base64): serve only feeds whose signature verifies.
    #[arg(long)]
    pub public_key: Option<String>,
    /// The public address of this server (e.g. https://jobs.org.example), for absolute status links.
    #[arg(long)]
    pub public_url: Option<HttpUrl>,
    /// The publisher's private directory (next to the key, `org.private/`): webhook deliveries
    /// then carry the coach's record_id, and `inbox` finds it without being told. Only read,
    /// never served.
    #[arg(long)]
    pub private_dir: Option<PathBuf>,
}

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
}

impl ServerConfig {
    /// The configuration `talentbrug serve` was given.
    pub fn from_args(args: &ServeArgs) -> ServerConfig {
        let www = args.www.clone().or_else(|| Path::new("www").is_dir().then(|| PathBuf::from("www")));
        ServerConfig {
            feed: args.feed.clone(),
            db: args.db.clone(),
            www,
            allow_origins: args.allow_origins.clone(),
            rate_limit_per_minute: args.rate_limit_per_minute,
            webhook: args.webhook.clone(),
            public_key: args.public_key.clone(),
            public_url: args.public_url.as_ref().map(|u| u.base().to_owned()),
            private_dir: args.private_dir.clone(),
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

/// Writes one line to the server's log (stderr), with the time.
pub(crate) fn log(message: &str) {
    eprintln!("{} {message}", crate::clock::now());
}

/// Serves on `listener` until `shutdown` resolves, then finishes the requests in flight, the
/// queued writes and the webhook round, and returns.
pub async fn serve(
    config: ServerConfig,
    listener: tokio::net::TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let www = match &config.www {
        Some(path) => Some(Arc::new(StaticFiles::new(path).map_err(|source| ServeError::Www { path: path.clone(), source })?)),
        None => None,
    };
    let mut writer_store = Store::open_or_create(&config.db)?;
    if let Some(dir) = &config.private_dir {
        writer_store.remember_private_dir(dir)?;
    }
    let aux_store = Arc::new(Mutex::new(Store::open_or_create(&config.db)?));
    let source = FeedSource::new(&config.feed, config.public_key.clone());
    let snapshot = {
        let (source, aux) = (source.clone(), aux_store.clone());
        tokio::task::spawn_blocking(move || feed_watch::load_initial(&source, &aux, crate::clock::now()))
            .await
            .map_err(std::io::Error::other)??
    };
    let live = Arc::new(LiveFeed::new(snapshot));
    let (wake, woken) = std::sync::mpsc::channel();
    let webhook = match config.webhook.clone() {
        Some(url) => Some(webhook::start(&config.db, url, woken, config.private_dir.clone())?),
        None => None,
    };
    let writer = RequestWriter::start(writer_store, webhook.is_some().then_some(wake))?;
    let app = Arc::new(App {
        live: live.clone(),
        writer,
        aux_store: aux_store.clone(),
        www,
        policy: Policy::new(config.allow_origins.clone()),
        limit: RequestLimit::per_minute(config.rate_limit_per_minute),
        public_url: config.public_url.clone(),
        public_key: config
            .public_key
            .as_ref()
            .map(|k| cached_bytes::CachedBytes::new(format!("{}\n", k.trim()).into_bytes(), "text/plain; charset=utf-8")),
    });
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let watcher = tokio::spawn(feed_watch::watch(source, live, aux_store, stopped.clone()));
    let housekeeping = app::spawn_housekeeping(app.clone(), stopped);
    connections::serve_connections(listener, app::router(app.clone()), shutdown).await;
    let _ = stop.send(true);
    let _ = watcher.await;
    let _ = housekeeping.await;
    // The last handle: dropping it finishes the queued writes and stops the writer thread.
    drop(app);
    if let Some(webhook) = webhook {
        let _ = tokio::task::spawn_blocking(move || webhook.join()).await;
    }
    Ok(())
}

/// A server running in the background of the current tokio runtime (tests, tools).
pub struct Running {
    /// Where it listens.
    pub addr: SocketAddr,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<Result<(), ServeError>>,
}

impl Running {
    /// `http://addr`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops it as SIGTERM would: requests in flight and queued writes finish first.
    pub async fn stop(self) -> Result<(), ServeError> {
        let _ = self.stop.send(());
        self.task.await.map_err(std::io::Error::other)?
    }
}

/// Starts a server on `addr` in the background; returns once it listens (the feed is loaded
/// before the first request is answered).
pub async fn spawn(config: ServerConfig, addr: SocketAddr) -> Result<Running, ServeError> {
    let listener = bind(addr).await?;
    let addr = listener.local_addr()?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(serve(config, listener, async {
        let _ = stopped.await;
    }));
    Ok(Running { addr, stop, task })
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
    log("shutting down: finishing requests in flight");
}

/// Binds `addr` (in a running runtime).
pub async fn bind(addr: SocketAddr) -> Result<tokio::net::TcpListener, ServeError> {
    tokio::net::TcpListener::bind(addr).await.map_err(|source| ServeError::Bind { addr, source })
}

/// A multi-threaded runtime for the server.
pub fn runtime() -> Result<tokio::runtime::Runtime, ServeError> {
    Ok(tokio::runtime::Builder::new_multi_thread().enable_all().build()?)
}

/// Runs `talentbrug serve`.
pub fn run(args: ServeArgs) -> Result<(), ServeError> {
    let config = ServerConfig::from_args(&args);
    let runtime = runtime()?;
    runtime.block_on(async move {
        let listener = bind(args.addr).await?;
        let addr = listener.local_addr().unwrap_or(args.addr);
        println!("talentbrug serve: http://{addr}/");
        println!("  feed:  {} (+ .sig)", config.feed.display());
        println!("  inbox: {}", config.db.display());
        match &config.www {
            Some(www) => println!("  web:   {}", www.display()),
            None => println!("  web:   (none: only the feed, the API and status pages)"),
        }
        serve(config, listener, shutdown_signal()).await
    })
}
