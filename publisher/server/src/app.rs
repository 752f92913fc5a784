//! The routes of `talentbrug serve` and the state they share.
//!
//! | route | what |
//! |---|---|
//! | `GET /feed.json`, `GET /feed.json.sig` | the served pair, from memory, ETag + gzip, any origin may read |
//! | `GET /manifest.json`, `GET /manifest.json.sig` | feed v2: the served manifest pair, from memory, `no-cache` |
//! | `GET /tiles/<sha256>.tbi`, `GET /tiles/<sha256>.tb2`, `GET /tiles/<sha256>.tbd` | a region file, tile or detail chunk of the served (or the previous) manifest: `immutable`, its `.gz` when accepted |
//! | `GET /feed.json.pub` | the organisation's public key (base64), when the server was given it |
//! | `POST /api/requests` | a blind-interview request (see [`super::api`]); CORS for `--allow-origin` origins |
//! | `GET /status/{token}` | the employer's status page |
//! | `POST /api/vacancies` | an employer's vacancy (see [`super::vacancy_api`]); CORS as for requests |
//! | `GET /vacancy/{token}`, `POST /vacancy/{token}/proposal/{n}`, `POST /vacancy/{token}/close` | the employer's vacancy page and its forms |
//! | `GET /api/health` | `{"status":"ok","feed_sequence","profiles","feed_expires_at","manifest_sequence"}` (`null`: no feed v2 served) |
//! | anything else (GET) | a file from `--www`, or 404 |

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, Response, StatusCode};
use axum::middleware::{self, Next};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::api::{self, MAX_BODY_BYTES};
use crate::cached_bytes::CachedBytes;
use crate::feed_watch::LiveFeed;
use crate::log::log;
use crate::manifest_watch::LiveManifest;
use crate::policy::Policy;
use crate::rate_limit::{GlobalLimit, RequestLimit};
use crate::static_files::{self, Kind, StaticFiles};
use crate::{status_page, vacancy_api, vacancy_page};
use talentbrug_inbox::RequestWriter;
use talentbrug_inbox::Store;

/// What every handler can reach.
pub struct App {
    /// The served feed pair and the ids requests may name.
    pub live: Arc<LiveFeed>,
    /// The served feed v2 manifest and its tiles, if any.
    pub manifest: Arc<LiveManifest>,
    /// The request writer (group commit).
    pub writer: RequestWriter,
    /// A connection for reads (status page) and feed bookkeeping.
    pub aux_store: Arc<Mutex<Store>>,
    /// The web directory, if any.
    pub www: Option<Arc<StaticFiles>>,
    /// Origins and security headers.
    pub policy: Policy,
    /// The per-client request limit, if any.
    pub limit: Option<RequestLimit>,
    /// The limit on stored requests from everyone together, if any.
    pub global_limit: Option<GlobalLimit>,
    /// Time a client has to send a request body.
    pub body_read_timeout: Duration,
    /// The server's public address (`https://jobs.org.example`), to make status links absolute.
    pub public_url: Option<String>,
    /// The organisation's public key as served at `/feed.json.pub` (the demo page reads it there;
    /// real partners paste the key into their HTML).
    pub public_key: Option<CachedBytes>,
}

/// The router for `app`.
pub fn router(app: Arc<App>) -> Router {
    let origins: Vec<HeaderValue> = app.policy.allowed().iter().filter_map(|o| HeaderValue::from_str(o.as_str()).ok()).collect();
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::POST])
        .allow_headers([header::CONTENT_TYPE, header::ACCEPT])
        .max_age(Duration::from_secs(3600));
    let api = Router::new()
        .route("/api/requests", post(api::post_request).layer(DefaultBodyLimit::max(MAX_BODY_BYTES)))
        .route("/api/vacancies", post(vacancy_api::post_vacancy).layer(DefaultBodyLimit::max(MAX_BODY_BYTES)))
        .layer(cors);
    let form_limit = DefaultBodyLimit::max(vacancy_page::MAX_FORM_BYTES);
    Router::new()
        .route("/feed.json", get(feed))
        .route("/feed.json.sig", get(signature))
        .route("/feed.json.pub", get(public_key))
        .route("/manifest.json", get(manifest))
        .route("/manifest.json.sig", get(manifest_signature))
        .route("/tiles/{name}", get(tile))
        .route("/api/health", get(health))
        .route("/status/style.css", get(status_page::get_style))
        .route("/status/{token}", get(status_page::get_status))
        .route("/vacancy/{token}", get(vacancy_page::get_vacancy))
        .route("/vacancy/{token}/proposal/{number}", post(vacancy_page::post_mark).layer(form_limit))
        .route("/vacancy/{token}/close", post(vacancy_page::post_close).layer(form_limit))
        .merge(api)
        .fallback(fallback)
        .layer(middleware::from_fn(access_log))
        .with_state(app)
}

async fn feed(State(app): State<Arc<App>>, headers: HeaderMap) -> Response<Body> {
    app.live.get().feed.respond(&headers, "no-cache", &Policy::public_asset_headers())
}

async fn signature(State(app): State<Arc<App>>, headers: HeaderMap) -> Response<Body> {
    match &app.live.get().sig {
        Some(sig) => sig.respond(&headers, "no-cache", &Policy::public_asset_headers()),
        None => not_found(),
    }
}

/// Tiles are named by their hash: they never change, so caches may keep them for a year.
pub const TILE_CACHE_CONTROL: &str = "public, max-age=31536000, immutable";

async fn manifest(State(app): State<Arc<App>>, headers: HeaderMap) -> Response<Body> {
    match app.manifest.get() {
        Some(m) => m.manifest.respond(&headers, "no-cache", &Policy::public_asset_headers()),
        None => not_found(),
    }
}

async fn manifest_signature(State(app): State<Arc<App>>, headers: HeaderMap) -> Response<Body> {
    match app.manifest.get().as_ref().and_then(|m| m.sig.as_ref()) {
        Some(sig) => sig.respond(&headers, "no-cache", &Policy::public_asset_headers()),
        None => not_found(),
    }
}

async fn tile(State(app): State<Arc<App>>, Path(name): Path<String>, headers: HeaderMap) -> Response<Body> {
    match app.manifest.get().as_ref().and_then(|m| m.tile(&name)) {
        Some(tile) => tile.respond(&headers, TILE_CACHE_CONTROL, &Policy::public_asset_headers()),
        None => not_found(),
    }
}

async fn public_key(State(app): State<Arc<App>>, headers: HeaderMap) -> Response<Body> {
    match &app.public_key {
        Some(key) => key.respond(&headers, "no-cache", &Policy::public_asset_headers()),
        None => not_found(),
    }
}

async fn health(State(app): State<Arc<App>>) -> Response<Body> {
    let feed = app.live.get();
    let body = serde_json::json!({
        "status": "ok",
        "feed_sequence": feed.sequence,
        "profiles": feed.profiles,
        "feed_expires_at": feed.expires_at,
        "manifest_sequence": app.manifest.get().map(|m| m.sequence),
    });
    let mut response = axum::Json(body).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn not_found() -> Response<Body> {
    Response::builder()
        .status(StatusCode::NOT_FOUND)
        .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
        .body(Body::from("404 Not Found\n"))
        .unwrap_or_default()
}

async fn fallback(State(app): State<Arc<App>>, method: Method, request: Request) -> Response<Body> {
    let (Some(www), true) = (&app.www, method == Method::GET || method == Method::HEAD) else {
        return not_found();
    };
    let path = request.uri().path().to_owned();
    if www.is_directory_without_slash(&path) {
        let location = HeaderValue::from_str(&format!("{path}/")).unwrap_or_else(|_| HeaderValue::from_static("/"));
        return Response::builder()
            .status(StatusCode::MOVED_PERMANENTLY)
            .header(header::LOCATION, location)
            .body(Body::empty())
            .unwrap_or_default();
    }
    match www.get(&path).await {
        Some((file, Kind::Page)) => static_files::respond(&file, request.headers(), &app.policy.html_headers()),
        Some((file, Kind::Asset)) => static_files::respond(&file, request.headers(), &Policy::public_asset_headers()),
        None => not_found(),
    }
}

/// The path as it may be logged: status tokens are secrets and are cut off.
fn loggable_path(path: &str) -> String {
    match (path.strip_prefix("/status/"), path.strip_prefix("/vacancy/")) {
        (Some("style.css"), _) => path.to_owned(),
        (Some(_), _) => "/status/…".to_owned(),
        (_, Some(_)) => "/vacancy/…".to_owned(),
        _ => path.chars().take(200).collect(),
    }
}

/// Logs API calls and failures: method, path (tokens cut), status, time. No addresses, no
/// bodies, no query strings: nothing of the employer's personal data.
async fn access_log(request: Request, next: Next) -> Response<Body> {
    let started = Instant::now();
    let method = request.method().clone();
    let path = loggable_path(request.uri().path());
    let response = next.run(request).await;
    let status = response.status();
    if path.starts_with("/api/") || status.is_client_error() || status.is_server_error() {
        log(&format!("{method} {path} {} {:.1} ms", status.as_u16(), started.elapsed().as_secs_f64() * 1000.0));
    }
    response
}

/// Starts the task that forgets idle rate-limit entries, until `stop`.
pub fn spawn_housekeeping(app: Arc<App>, mut stop: tokio::sync::watch::Receiver<bool>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            tokio::select! {
                _ = tokio::time::sleep(Duration::from_secs(60)) => {}
                _ = stop.changed() => return,
            }
            if let Some(limit) = &app.limit {
                limit.forget_idle();
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_tokens_never_reach_the_log() {
        assert_eq!(loggable_path("/status/abcdefghijklmnopqrstuvwxyz234567"), "/status/…");
        assert_eq!(loggable_path("/status/style.css"), "/status/style.css");
        assert_eq!(loggable_path("/vacancy/abcdefghijklmnopqrstuvwxyz234567/proposal/1"), "/vacancy/…");
        assert_eq!(loggable_path("/api/requests"), "/api/requests");
    }
}
