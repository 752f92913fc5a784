//! Running the server: start, serve until told to stop, finish what is in flight, stop.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use talentbrug_inbox::{RequestWriter, Store};

use crate::app::{self, App};
use crate::client::TrustedProxies;
use crate::config::{ServeError, ServerConfig};
use crate::feed_files::FeedSource;
use crate::feed_watch::{self, LiveFeed};
use crate::log::log;
use crate::manifest_watch::{self, LiveManifest};
use crate::policy::Policy;
use crate::rate_limit::{GlobalLimit, RequestLimit};
use crate::static_files::StaticFiles;
use crate::{cached_bytes, connections, webhook};

/// Serves on `listener` until `shutdown` resolves, then finishes the requests in flight, the
/// queued writes and the webhook round, and returns.
pub async fn serve(
    config: ServerConfig,
    listener: tokio::net::TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    config.check_private_paths()?;
    let www = match &config.www {
        Some(path) => Some(Arc::new(StaticFiles::new(path).map_err(|source| ServeError::Www { path: path.clone(), source })?)),
        None => None,
    };
    let mut writer_store = Store::open_or_create(&config.db)?;
    writer_store.set_status_link_days(config.status_link_days);
    if let Some(dir) = &config.private_dir {
        writer_store.remember_private_dir(dir)?;
    }
    let aux_store = Arc::new(Mutex::new(Store::open_or_create(&config.db)?));
    let source = FeedSource::new(&config.feed, config.public_key.clone());
    let snapshot = {
        let (source, aux) = (source.clone(), aux_store.clone());
        tokio::task::spawn_blocking(move || feed_watch::load_initial(&source, &aux, talentbrug_private::now()))
            .await
            .map_err(std::io::Error::other)??
    };
    let live = Arc::new(LiveFeed::new(snapshot));
    let manifest_source = config.manifest.as_ref().map(|m| FeedSource::new(m, config.public_key.clone()));
    let manifest = Arc::new(LiveManifest::default());
    let retry_manifest = match &manifest_source {
        Some(source) => {
            let (source, manifest) = (source.clone(), manifest.clone());
            tokio::task::spawn_blocking(move || manifest_watch::load_initial(&source, &manifest)).await.map_err(std::io::Error::other)?
        }
        None => false,
    };
    let (wake, woken) = std::sync::mpsc::channel();
    let webhook = match config.webhook.clone() {
        Some(hook) => Some(webhook::start(&config.db, hook, woken, config.private_dir.clone())?),
        None => None,
    };
    let writer = RequestWriter::start(writer_store, webhook.is_some().then_some(wake))?;
    let app = Arc::new(App {
        live: live.clone(),
        manifest: manifest.clone(),
        writer,
        aux_store: aux_store.clone(),
        www,
        policy: Policy::new(config.allow_origins.clone()),
        limit: RequestLimit::per_minute(config.rate_limit_per_minute),
        global_limit: GlobalLimit::per_minute(config.max_requests_per_minute),
        body_read_timeout: config.connections.body_read_timeout,
        public_url: config.public_url.clone(),
        public_key: config
            .public_key
            .as_ref()
            .map(|k| cached_bytes::CachedBytes::new(format!("{}\n", k.trim()).into_bytes(), "text/plain; charset=utf-8")),
    });
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let watcher = tokio::spawn(feed_watch::watch(source, live, aux_store, stopped.clone()));
    let manifest_watcher =
        manifest_source.map(|source| tokio::spawn(manifest_watch::watch(source, manifest, retry_manifest, stopped.clone())));
    let housekeeping = app::spawn_housekeeping(app.clone(), stopped);
    let proxies = TrustedProxies::new(config.trust_proxies.clone());
    connections::serve_connections(listener, app::router(app.clone()), shutdown, config.connections, proxies).await;
    let _ = stop.send(true);
    let _ = watcher.await;
    if let Some(w) = manifest_watcher {
        let _ = w.await;
    }
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
    /// A server serving on `addr` in `task` until `stop` is sent.
    pub(crate) fn new(
        addr: SocketAddr,
        stop: tokio::sync::oneshot::Sender<()>,
        task: tokio::task::JoinHandle<Result<(), ServeError>>,
    ) -> Running {
        Running { addr, stop, task }
    }

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
    spawn_on(config, bind(addr).await?)
}

/// Starts a server on a bound `listener` in the background of the current tokio runtime (so
/// its address can be known, and told to others, before it serves).
pub fn spawn_on(config: ServerConfig, listener: tokio::net::TcpListener) -> Result<Running, ServeError> {
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
