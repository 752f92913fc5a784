//! The one way the loaders reach the network: `fetch` (the global one, or one the caller
//! passes in the options), and `URL` to resolve a tile's path against its manifest.

use js_sys::{Function, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::convert::promise;
use crate::load_error::LoadError;

#[wasm_bindgen]
extern "C" {
    /// What `fetch` resolves to; only what the loaders read of it.
    type FetchResponse;
    #[wasm_bindgen(method, getter)]
    fn ok(this: &FetchResponse) -> bool;
    #[wasm_bindgen(method, getter)]
    fn status(this: &FetchResponse) -> u16;
    #[wasm_bindgen(method, catch, js_name = arrayBuffer)]
    fn array_buffer(this: &FetchResponse) -> Result<Promise, JsValue>;

    #[wasm_bindgen(catch, js_namespace = globalThis, js_name = fetch)]
    fn global_fetch(url: &str) -> Result<Promise, JsValue>;

    /// The WHATWG URL class (browsers, Node, Deno).
    #[wasm_bindgen(js_name = URL)]
    type Url;
    #[wasm_bindgen(catch, constructor, js_class = "URL")]
    fn new(url: &str, base: &JsValue) -> Result<Url, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn href(this: &Url) -> String;
}

/// `url` made absolute against `base` (or, without one, against the page's address, where
/// there is a page); `None` when that gives no URL.
pub(crate) fn resolve(url: &str, base: Option<&str>) -> Option<String> {
    let base = match base {
        Some(base) => JsValue::from_str(base),
        None => js_sys::Reflect::get(&js_sys::global(), &"location".into())
            .ok()
            .filter(|l| l.is_object())
            .and_then(|l| js_sys::Reflect::get(&l, &"href".into()).ok())
            .unwrap_or(JsValue::UNDEFINED),
    };
    Url::new(url, &base).ok().map(|u| u.href())
}

/// What a failed `fetch` said: an `Error`'s message, or the value as text.
fn message_of(value: &JsValue) -> String {
    match value.dyn_ref::<js_sys::Error>() {
        Some(e) => {
            let message = String::from(e.message());
            // Node's `fetch failed` names the real cause (ECONNREFUSED) only in `cause`.
            let cause = js_sys::Reflect::get(e, &"cause".into()).ok().filter(|c| !c.is_undefined() && !c.is_null());
            match cause.as_ref().and_then(|c| c.dyn_ref::<js_sys::Error>()) {
                Some(c) => format!("{message}: {}", String::from(c.message())),
                None => message,
            }
        }
        None => value.as_string().unwrap_or_else(|| "the request was refused".to_owned()),
    }
}

/// Fetches bytes, with the global `fetch` or the caller's.
#[derive(Clone, Default)]
pub(crate) struct Fetcher {
    custom: Option<Function>,
}

impl Fetcher {
    /// Fetches with `fetch`, called as `fetch(url)`; the global one when `None`.
    pub(crate) fn new(custom: Option<Function>) -> Fetcher {
        Fetcher { custom }
    }

    fn start(&self, url: &str) -> Result<Promise, JsValue> {
        match &self.custom {
            None => global_fetch(url),
            Some(fetch) => fetch.call1(&js_sys::global(), &JsValue::from_str(url)).map(|p| Promise::resolve(&p)),
        }
    }

    /// The body of `url`, when the server answers 2xx.
    pub(crate) async fn bytes(&self, url: &str) -> Result<Vec<u8>, LoadError> {
        let unreachable = |e: JsValue| LoadError::Unreachable { url: url.to_owned(), message: message_of(&e) };
        let response: FetchResponse = JsFuture::from(self.start(url).map_err(unreachable)?).await.map_err(unreachable)?.unchecked_into();
        if !response.ok() {
            return Err(LoadError::Status { url: url.to_owned(), status: response.status() });
        }
        let body = JsFuture::from(response.array_buffer().map_err(unreachable)?).await.map_err(unreachable)?;
        Ok(Uint8Array::new(&body).to_vec())
    }

    /// Starts fetching `url` now and returns a promise that always resolves: to a `Uint8Array`
    /// with the body, or to what went wrong ([`started_bytes`] reads it back). Shared by
    /// searches that need the same tile at the same time.
    pub(crate) fn start_bytes(&self, url: String) -> Promise {
        let fetcher = self.clone();
        promise(async move {
            Ok(match fetcher.bytes(&url).await {
                Ok(bytes) => Uint8Array::from(&bytes[..]).into(),
                Err(LoadError::Status { status, .. }) => JsValue::from(status),
                Err(e) => JsValue::from_str(&match e {
                    LoadError::Unreachable { message, .. } => message,
                    other => other.to_string(),
                }),
            })
        })
    }
}

/// What a promise from [`Fetcher::start_bytes`] for `url` resolved to: the body, or the error.
pub(crate) fn started_bytes(url: &str, value: Result<JsValue, JsValue>) -> Result<Vec<u8>, LoadError> {
    let value = value.map_err(|e| LoadError::Unreachable { url: url.to_owned(), message: message_of(&e) })?;
    if let Some(bytes) = value.dyn_ref::<Uint8Array>() {
        return Ok(bytes.to_vec());
    }
    if let Some(status) = value.as_f64() {
        return Err(LoadError::Status { url: url.to_owned(), status: status as u16 });
    }
    Err(LoadError::Unreachable { url: url.to_owned(), message: value.as_string().unwrap_or_default() })
}
