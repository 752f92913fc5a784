//! A small web server for the tests: the files of `www/` (with the built widget in
//! `www/dist/`), extra files a test puts in (feeds, pages), an optional Content-Security-Policy
//! on HTML pages, and a receiver for `POST /api/requests` that records every body.
//!
//! The receiver stands in for the organisation's inbox: it answers like it (`201` with
//! `{"reference", "status_url"}`, the same reference for the same idempotency key) and can be
//! told to fail.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderValue, Response, StatusCode, Uri};
use axum::routing::post;
use axum::Router;
use tokio::sync::oneshot;

use crate::{ports, root, HarnessError, Result};

/// The strict policy of the issue: our own origin for scripts (plus wasm compilation), styles
/// only from files (`'self'`, no inline), connections to our own origin.
pub const STRICT_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
connect-src 'self'; frame-src 'self'; base-uri 'self'; form-action 'self'; object-src 'none'";

/// How the receiver answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    /// `201` with a reference.
    Accept,
    /// `503`, as a server that cannot store the request.
    Unavailable,
}

#[derive(Default)]
struct Shared {
    extra: HashMap<String, (Vec<u8>, String)>,
    received: Vec<serde_json::Value>,
    queries: Vec<String>,
    references: HashMap<String, String>,
    csp: Option<String>,
    answer: Option<Answer>,
    /// Every path served or refused, in order.
    served: Vec<String>,
}

/// A running test site; stops when dropped.
pub struct Site {
    addr: SocketAddr,
    shared: Arc<Mutex<Shared>>,
    stop: Option<oneshot::Sender<()>>,
}

fn lock(shared: &Mutex<Shared>) -> std::sync::MutexGuard<'_, Shared> {
    shared.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The file under `www/` for a URL path, refusing anything that climbs out.
fn www_file(path: &str) -> Option<PathBuf> {
    let rel = Path::new(path.trim_start_matches('/'));
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let file = root().join("www").join(rel);
    if file.is_dir() {
        Some(file.join("index.html"))
    } else {
        Some(file)
    }
}

fn content_type(path: &str) -> String {
    if path.ends_with(".wasm") {
        return "application/wasm".into();
    }
    if path.ends_with(".sig") || path.ends_with(".pub") {
        return "text/plain; charset=utf-8".into();
    }
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    match mime.type_() {
        mime_guess::mime::TEXT | mime_guess::mime::APPLICATION if mime.subtype() != "wasm" => format!("{mime}; charset=utf-8"),
        _ => mime.to_string(),
    }
}

async fn serve(State(shared): State<Arc<Mutex<Shared>>>, uri: Uri) -> Response<Body> {
    let path = if uri.path() == "/" { "/index.html" } else { uri.path() };
    let (found, csp) = {
        let mut s = lock(&shared);
        s.served.push(path.to_owned());
        (s.extra.get(path).cloned(), s.csp.clone())
    };
    let found = match found {
        Some(hit) => Some(hit),
        None => match www_file(path) {
            Some(file) => tokio::fs::read(&file).await.ok().map(|b| (b, content_type(&file.to_string_lossy()))),
            None => None,
        },
    };
    let Some((bytes, kind)) = found else {
        return Response::builder().status(StatusCode::NOT_FOUND).body(Body::from("not found")).unwrap_or_default();
    };
    let mut response = Response::new(Body::from(bytes));
    if let Ok(v) = HeaderValue::from_str(&kind) {
        response.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if kind.starts_with("text/html") {
        if let Some(v) = csp.and_then(|c| HeaderValue::from_str(&c).ok()) {
            response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, v);
        }
    }
    response
}

async fn receive(State(shared): State<Arc<Mutex<Shared>>>, uri: Uri, body: Bytes) -> Response<Body> {
    let json = |status: StatusCode, value: serde_json::Value| {
        let mut r = Response::new(Body::from(value.to_string()));
        *r.status_mut() = status;
        r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        r
    };
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(&body) else {
        return json(StatusCode::BAD_REQUEST, serde_json::json!({"error": "malformed", "message": "not JSON"}));
    };
    let mut s = lock(&shared);
    if s.answer == Some(Answer::Unavailable) {
        return json(StatusCode::SERVICE_UNAVAILABLE, serde_json::json!({"error": "unavailable", "message": "try again later"}));
    }
    s.received.push(value.clone());
    s.queries.push(uri.query().unwrap_or_default().to_owned());
    let key = value.get("idempotency_key").and_then(|k| k.as_str()).unwrap_or_default().to_owned();
    let next = s.references.len() + 1;
    let reference = s.references.entry(key).or_insert_with(|| format!("TB-{next:04}")).clone();
    json(StatusCode::CREATED, serde_json::json!({"reference": reference, "status_url": format!("/status/test-{reference}")}))
}

impl Site {
    /// Starts a site on a free port in 8200-8299.
    pub async fn start() -> Result<Site> {
        let dist = root().join("www/dist/talentbrug.js");
        if !dist.exists() {
            return Err(HarnessError::Setup(format!("{} is missing: run `cargo xtask build` first", dist.display())));
        }
        let listener = ports::listener()?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let shared = Arc::new(Mutex::new(Shared { answer: Some(Answer::Accept), ..Shared::default() }));
        let app = Router::new().route("/api/requests", post(receive)).fallback(serve).with_state(shared.clone());
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        Ok(Site { addr, shared, stop: Some(stop) })
    }

    /// The absolute URL of a path on this site.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// Serves `bytes` at `path` (before anything in `www/`).
    pub fn put(&self, path: &str, bytes: impl Into<Vec<u8>>, content_type: &str) {
        lock(&self.shared).extra.insert(path.to_owned(), (bytes.into(), content_type.to_owned()));
    }

    /// Serves a feed (and its signature, when given) at `path` and `path.sig`.
    pub fn put_feed(&self, path: &str, bytes: Vec<u8>, signature: Option<String>) {
        self.put(path, bytes, "application/json");
        if let Some(sig) = signature {
            self.put(&format!("{path}.sig"), sig.into_bytes(), "text/plain");
        }
    }

    /// Serves `feed` signed with the test key at `path`, its signature at `path.sig` and the
    /// test public key at `path.pub`, where the demo page (`www/site.js`) reads it, as it does
    /// from `talentbrug demo`; and, as `talentbrug publish` does, the same feed as feed v2 next
    /// to it (`manifest.json`, `tiles/`), which the demo page (`www/index.html`) reads. Returns
    /// the public key.
    pub fn put_signed_feed(&self, path: &str, feed: &talentbrug_core::Feed) -> String {
        let (bytes, signature) = crate::feeds::signed(feed);
        self.put_feed(path, bytes, Some(signature));
        let dir = path.rsplit_once('/').map(|(dir, _)| dir).unwrap_or_default();
        self.put_signed_v2(dir, feed);
        let key = crate::feeds::public_key();
        self.put(&format!("{path}.pub"), format!("{key}\n"), "text/plain; charset=utf-8");
        key
    }

    /// Serves `feed` as feed v2 signed with the test key under `dir` (`/v2`): `dir/manifest.json`,
    /// its `.sig`, and `dir/tiles/...`; the test public key at `dir/feed.json.pub`, where the
    /// demo page reads it. Returns the tiles' paths (under `dir`) and the public key.
    pub fn put_signed_v2(&self, dir: &str, feed: &talentbrug_core::Feed) -> (Vec<String>, String) {
        let v2 = crate::feeds::signed_v2(feed);
        self.put_feed(&format!("{dir}/manifest.json"), v2.manifest, Some(v2.signature));
        let paths = v2
            .tiles
            .into_iter()
            .map(|(path, bytes)| {
                let path = format!("{dir}/{path}");
                self.put(&path, bytes, "application/octet-stream");
                path
            })
            .collect();
        let key = crate::feeds::public_key();
        self.put(&format!("{dir}/feed.json.pub"), format!("{key}\n"), "text/plain; charset=utf-8");
        (paths, key)
    }

    /// Sends this Content-Security-Policy with every HTML page (or none).
    pub fn set_csp(&self, csp: Option<&str>) {
        lock(&self.shared).csp = csp.map(str::to_owned);
    }

    /// How the request receiver answers from now on.
    pub fn set_answer(&self, answer: Answer) {
        lock(&self.shared).answer = Some(answer);
    }

    /// The query string of every request received so far (`lang=nl`).
    pub fn queries(&self) -> Vec<String> {
        lock(&self.shared).queries.clone()
    }

    /// Every path asked for so far (GET), in order.
    pub fn served(&self) -> Vec<String> {
        lock(&self.shared).served.clone()
    }

    /// Stops serving `path` (a 404 from now on).
    pub fn remove(&self, path: &str) {
        lock(&self.shared).extra.remove(path);
    }

    /// Every request body received so far (parsed JSON).
    pub fn received(&self) -> Vec<serde_json::Value> {
        lock(&self.shared).received.clone()
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Feed v2 served as a test needs it: unsigned, or with a manifest a test altered.
impl Site {
    /// Serves the files of `v2` (its tiles and whatever else it lists, as built) under `dir`,
    /// and `manifest` at `dir/manifest.json`: `v2`'s own bytes or bytes a test changed, with
    /// `signature` at `dir/manifest.json.sig` when given. Returns the files' paths (under `dir`).
    pub fn put_v2_with(&self, dir: &str, v2: &crate::feeds::SignedV2, manifest: Vec<u8>, signature: Option<String>) -> Vec<String> {
        self.put_feed(&format!("{dir}/manifest.json"), manifest, signature);
        v2.tiles
            .iter()
            .map(|(path, bytes)| {
                let path = format!("{dir}/{path}");
                self.put(&path, bytes.clone(), "application/octet-stream");
                path
            })
            .collect()
    }

    /// Serves `feed` as feed v2 under `dir` without a signature (`dir/manifest.json` and its
    /// files, no `.sig`), as a partner testing locally with `unsigned` would. Returns the files'
    /// paths (under `dir`).
    pub fn put_unsigned_v2(&self, dir: &str, feed: &talentbrug_core::Feed) -> Vec<String> {
        let v2 = crate::feeds::signed_v2(feed);
        let manifest = v2.manifest.clone();
        self.put_v2_with(dir, &v2, manifest, None)
    }
}
