//! A partner's web site: pages and the widget from web directories, with no feed and no inbox of
//! its own (`talentbrug demo`'s partner origin, which shows a network of organisations). Its
//! pages get the same strict Content-Security-Policy as an organisation's, except that they may
//! also fetch from and post to the origins it is told of: the members' servers.
//!
//! Files are served as by `talentbrug serve` ([`StaticFiles`]: only plain paths and web file
//! types), from the first directory that has them; a JSON file's detached signature
//! (`network.json.sig`) is served next to it, since widgets fetch both.

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, Response, StatusCode};
use axum::Router;

use crate::cached_bytes::CachedBytes;
use crate::client::TrustedProxies;
use crate::config::ServeError;
use crate::connections::{self, ConnectionLimits};
use crate::policy::{Origin, Policy};
use crate::serving::{bind, Running};
use crate::static_files::{self, content_type, Kind, StaticFiles};

/// What a partner's site serves.
pub struct SiteConfig {
    /// Web directories, looked in in this order: the first that has a path serves it.
    pub roots: Vec<PathBuf>,
    /// Origins its pages may fetch from and post to besides their own (CSP `connect-src`).
    pub connect_origins: Vec<Origin>,
    /// Connections: how many, per client, for how long.
    pub connections: ConnectionLimits,
}

impl SiteConfig {
    /// Serves `roots` in order, connecting to `connect_origins`, with the default limits.
    pub fn new(roots: Vec<PathBuf>, connect_origins: Vec<Origin>) -> SiteConfig {
        SiteConfig { roots, connect_origins, connections: ConnectionLimits::default() }
    }
}

struct Site {
    roots: Vec<Arc<StaticFiles>>,
    policy: Policy,
}

/// Serves the site on `listener` until `shutdown` resolves.
pub async fn serve_site(
    config: SiteConfig,
    listener: tokio::net::TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let roots = config
        .roots
        .iter()
        .map(|path| StaticFiles::new(path).map(Arc::new).map_err(|source| ServeError::Www { path: path.clone(), source }))
        .collect::<Result<Vec<_>, _>>()?;
    let site = Arc::new(Site { roots, policy: Policy::connecting(Vec::new(), &config.connect_origins) });
    let router = Router::new().fallback(get_file).with_state(site);
    connections::serve_connections(listener, router, shutdown, config.connections, TrustedProxies::new(Vec::new())).await;
    Ok(())
}

/// Starts a site on `addr` in the background; returns once it listens.
pub async fn spawn_site(config: SiteConfig, addr: SocketAddr) -> Result<Running, ServeError> {
    spawn_site_on(config, bind(addr).await?)
}

/// Starts a site on a bound `listener` in the background of the current tokio runtime.
pub fn spawn_site_on(config: SiteConfig, listener: tokio::net::TcpListener) -> Result<Running, ServeError> {
    let addr = listener.local_addr()?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(serve_site(config, listener, async {
        let _ = stopped.await;
    }));
    Ok(Running::new(addr, stop, task))
}

async fn get_file(State(site): State<Arc<Site>>, method: Method, request: Request) -> Response<Body> {
    if method != Method::GET && method != Method::HEAD {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "405 Method Not Allowed\n");
    }
    let path = request.uri().path().to_owned();
    for root in &site.roots {
        if root.is_directory_without_slash(&path) {
            let location = HeaderValue::from_str(&format!("{path}/")).unwrap_or_else(|_| HeaderValue::from_static("/"));
            return Response::builder()
                .status(StatusCode::MOVED_PERMANENTLY)
                .header(header::LOCATION, location)
                .body(Body::empty())
                .unwrap_or_default();
        }
        if let Some(signature) = signature_of_served_json(root, &path) {
            return signature.respond(request.headers(), "no-cache", &Policy::public_asset_headers());
        }
        match root.get(&path).await {
            Some((file, Kind::Page)) => return static_files::respond(&file, request.headers(), &site.policy.html_headers()),
            Some((file, Kind::Asset)) => return static_files::respond(&file, request.headers(), &Policy::public_asset_headers()),
            None => {}
        }
    }
    plain(StatusCode::NOT_FOUND, "404 Not Found\n")
}

/// For `/x.json.sig`: the signature file next to a JSON file this root serves (signatures are
/// public; other `.sig` files are not served).
fn signature_of_served_json(root: &StaticFiles, path: &str) -> Option<CachedBytes> {
    let signed = path.strip_suffix(".sig").filter(|p| p.ends_with(".json"))?;
    let file = root.resolve(signed)?;
    if content_type(&file) != "application/json" {
        return None;
    }
    let mut sig = file.into_os_string();
    sig.push(".sig");
    let bytes = std::fs::read(sig).ok().filter(|b| b.len() <= 1024)?;
    Some(CachedBytes::new(bytes, "text/plain; charset=utf-8"))
}

fn plain(status: StatusCode, text: &'static str) -> Response<Body> {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
        .body(Body::from(text))
        .unwrap_or_default()
}
