//! The one way the loaders reach the network: `fetch` (the global one, or one the caller
//! passes in the options), and `URL` to resolve a tile's path against its manifest.
//!
//! # How much of an answer is read
//!
//! A broken or hostile server could answer with any number of bytes, and the loaders would
//! take them all in before the core compares their length with the signed one. So no answer is
//! read whole: a file whose length a signed list gives (a region file, a tile, a detail chunk)
//! is to be fetched with [`Fetcher::start_listed`], which reads up to one byte past that length
//! (enough for the core's length check to refuse it) and cancels the rest; any other file (a
//! manifest, its `.sig`) is read up to [`MAX_UNLISTED_BYTES`], as large as any file the core
//! accepts. The body is read chunk by chunk through its stream
//! (`response.body.getReader()`). A caller's `fetch` (`options.fetch`) may resolve to something
//! without a readable `body` stream (node-fetch 2 gives a Node stream, a mock a plain object
//! with `arrayBuffer()`): that answer is then read whole with `arrayBuffer()` and cut to the
//! same limit, so the same files are refused, but the bytes are in memory before they are.
//!
//! The widget reads its files the same way (`widget/src/fetch.rs`, `read_at_most`); this is a
//! small copy rather than a shared function because neither crate may depend on the other (the
//! widget is UI code, this is the core's JS face), the core itself never fetches, and this one
//! must also take a caller's `fetch` whose answer may lack a stream, which the widget never sees.

use js_sys::{Function, Promise, Reflect, Uint8Array};
use talentbrug_core::manifest::MAX_MANIFEST_BYTES;
use talentbrug_core::network::MAX_NETWORK_BYTES;
use talentbrug_core::region::MAX_REGION_BYTES;
use talentbrug_core::tile::MAX_TILE_BYTES;
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
    /// The body's `ReadableStream`; `null` for no body, `undefined` (or another kind of stream)
    /// from some callers' `fetch`.
    #[wasm_bindgen(method, getter)]
    fn body(this: &FetchResponse) -> JsValue;
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

const fn larger(a: usize, b: usize) -> usize {
    if a > b {
        a
    } else {
        b
    }
}

/// The most bytes read of a file no signed list gives a length for (a feed or network manifest,
/// a `.sig`): the largest file of a feed or network the core accepts at all (4 MB). A manifest
/// that is longer is refused ([`LoadError::TooLarge`]) without reading the rest.
pub(crate) const MAX_UNLISTED_BYTES: usize =
    larger(larger(MAX_MANIFEST_BYTES, MAX_NETWORK_BYTES), larger(MAX_REGION_BYTES, MAX_TILE_BYTES));

/// `url` made absolute against `base` (or, without one, against the page's address, where
/// there is a page); `None` when that gives no URL.
pub(crate) fn resolve(url: &str, base: Option<&str>) -> Option<String> {
    let base = match base {
        Some(base) => JsValue::from_str(base),
        None => Reflect::get(&js_sys::global(), &"location".into())
            .ok()
            .filter(|l| l.is_object())
            .and_then(|l| Reflect::get(&l, &"href".into()).ok())
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
            let cause = Reflect::get(e, &"cause".into()).ok().filter(|c| !c.is_undefined() && !c.is_null());
            match cause.as_ref().and_then(|c| c.dyn_ref::<js_sys::Error>()) {
                Some(c) => format!("{message}: {}", String::from(c.message())),
                None => message,
            }
        }
        None => value.as_string().unwrap_or_else(|| "the request was refused".to_owned()),
    }
}

/// The function `name` of `of`, if it has one.
fn method(of: &JsValue, name: &str) -> Option<Function> {
    Reflect::get(of, &name.into()).ok()?.dyn_into().ok()
}

/// At most `limit` bytes of `response`'s body, read chunk by chunk through its stream, which is
/// cancelled once `limit` is reached. An answer without a readable stream (a caller's `fetch`)
/// is read whole with `arrayBuffer()` and cut to `limit`.
async fn read_at_most(response: &FetchResponse, limit: usize) -> Result<Vec<u8>, JsValue> {
    let body = response.body();
    let Some(get_reader) = Some(&body).filter(|b| b.is_object()).and_then(|b| method(b, "getReader")) else {
        let whole = Uint8Array::new(&JsFuture::from(response.array_buffer()?).await?);
        let length = whole.length().min(u32::try_from(limit).unwrap_or(u32::MAX));
        return Ok(whole.subarray(0, length).to_vec());
    };
    let reader = get_reader.call0(&body)?;
    let read = method(&reader, "read").ok_or_else(|| JsValue::from_str("the body's reader cannot read"))?;
    let read = read_chunks(&reader, &read, limit).await;
    if read.is_err() {
        // A failed read or a chunk that is not bytes: the rest is not wanted either.
        cancel(&reader);
    }
    read
}

/// The bytes of `reader`'s chunks, up to `limit` (the rest cancelled).
async fn read_chunks(reader: &JsValue, read: &Function, limit: usize) -> Result<Vec<u8>, JsValue> {
    let mut bytes = Vec::new();
    loop {
        let chunk = JsFuture::from(Promise::resolve(&read.call0(reader)?)).await?;
        if Reflect::get(&chunk, &"done".into())?.is_truthy() {
            return Ok(bytes);
        }
        let value: Uint8Array = Reflect::get(&chunk, &"value".into())?
            .dyn_into()
            .map_err(|_| JsValue::from_str("the body's stream gave something other than bytes"))?;
        let room = limit - bytes.len();
        if value.length() as usize >= room {
            // `room` is below the chunk's u32 length here.
            bytes.extend(value.subarray(0, room as u32).to_vec());
            cancel(reader);
            return Ok(bytes);
        }
        bytes.extend(value.to_vec());
    }
}

/// Cancels the rest of a body (the browser or Node then stops receiving it). Not awaited: a
/// stream whose cancel never settles must not hold the loader; a failed cancel changes nothing
/// for it, and is caught so that Node does not count it as an unhandled rejection.
fn cancel(reader: &JsValue) {
    let Some(cancel) = method(reader, "cancel") else { return };
    if let Ok(pending) = cancel.call0(reader) {
        wasm_bindgen_futures::spawn_local(async move {
            let _ = JsFuture::from(Promise::resolve(&pending)).await;
        });
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

    /// At most `limit` bytes of the body of `url`, when the server answers 2xx.
    async fn at_most(&self, url: &str, limit: usize) -> Result<Vec<u8>, LoadError> {
        let unreachable = |e: JsValue| LoadError::Unreachable { url: url.to_owned(), message: message_of(&e) };
        let response: FetchResponse = JsFuture::from(self.start(url).map_err(unreachable)?).await.map_err(unreachable)?.unchecked_into();
        if !response.ok() {
            return Err(LoadError::Status { url: url.to_owned(), status: response.status() });
        }
        read_at_most(&response, limit).await.map_err(unreachable)
    }

    /// The body of `url` (a manifest), when the server answers 2xx; refused without reading
    /// further when it is longer than [`MAX_UNLISTED_BYTES`].
    pub(crate) async fn bytes(&self, url: &str) -> Result<Vec<u8>, LoadError> {
        let bytes = self.at_most(url, MAX_UNLISTED_BYTES + 1).await?;
        if bytes.len() > MAX_UNLISTED_BYTES {
            return Err(LoadError::TooLarge { url: url.to_owned(), limit: MAX_UNLISTED_BYTES });
        }
        Ok(bytes)
    }

    /// Starts fetching `url` now and returns a promise that always resolves: to a `Uint8Array`
    /// with at most `limit` bytes of the body, or to what went wrong ([`started_bytes`] reads
    /// it back).
    fn start_at_most(&self, url: String, limit: usize) -> Promise {
        let fetcher = self.clone();
        promise(async move {
            Ok(match fetcher.at_most(&url, limit).await {
                Ok(bytes) => Uint8Array::from(&bytes[..]).into(),
                Err(LoadError::Status { status, .. }) => JsValue::from(status),
                Err(e) => JsValue::from_str(&match e {
                    LoadError::Unreachable { message, .. } => message,
                    other => other.to_string(),
                }),
            })
        })
    }

    /// Starts fetching `url` now (a file no signed list gives a length for: a `.sig`) and
    /// returns a promise that always resolves: to a `Uint8Array` with the body, or to what went
    /// wrong ([`started_bytes`] reads it back). At most [`MAX_UNLISTED_BYTES`] + 1 bytes are
    /// read: a longer body is cut there, and so refused by whatever checks it. A file whose
    /// length is listed is read more tightly with [`Fetcher::start_listed`].
    pub(crate) fn start_bytes(&self, url: String) -> Promise {
        self.start_at_most(url, MAX_UNLISTED_BYTES + 1)
    }

    /// Starts fetching `url`, a file the signed manifest (or a file it lists) lists as `listed`
    /// bytes long (a region file, a tile, a detail chunk), as [`Fetcher::start_bytes`] does, but
    /// reads at most `listed` + 1 bytes of it: enough for the core's length check to refuse a
    /// longer one, however long the server's answer. Shared by searches that need the same file
    /// at the same time.
    pub(crate) fn start_listed(&self, url: String, listed: u64) -> Promise {
        self.start_at_most(url, listed_limit(listed))
    }
}

/// How many bytes are read of a file listed as `listed` bytes long: one more, so that a longer
/// file is seen to be longer.
fn listed_limit(listed: u64) -> usize {
    // A listed length is signed, but no file the core accepts is longer than the unlisted cap.
    usize::try_from(listed).unwrap_or(usize::MAX).min(MAX_UNLISTED_BYTES).saturating_add(1)
}

/// What a promise from [`Fetcher::start_bytes`] or [`Fetcher::start_listed`] for `url`
/// resolved to: the body, or the error.
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

/// What the wasm tests in `tests/` reach of the fetcher: not part of the package's API (nothing
/// here is exported to JS).
#[doc(hidden)]
pub mod testing {
    use super::*;

    /// `url` fetched with `fetch` as a file listed as `listed` bytes long is
    /// ([`Fetcher::start_listed`]): what a region file, tile or detail chunk gets.
    pub async fn fetch_listed(fetch: Function, url: &str, listed: u64) -> Result<Vec<u8>, LoadError> {
        let started = Fetcher::new(Some(fetch)).start_listed(url.to_owned(), listed);
        started_bytes(url, JsFuture::from(started).await)
    }

    /// `url` fetched with `fetch` as a manifest is ([`Fetcher::bytes`]).
    pub async fn fetch_unlisted(fetch: Function, url: &str) -> Result<Vec<u8>, LoadError> {
        Fetcher::new(Some(fetch)).bytes(url).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listed_file_is_read_one_byte_past_its_length() {
        assert_eq!(listed_limit(0), 1);
        assert_eq!(listed_limit(100_000), 100_001);
        assert_eq!(listed_limit(u64::MAX), MAX_UNLISTED_BYTES + 1, "no overflow on a hostile length, and no more than any file");
    }

    #[test]
    fn the_unlisted_cap_holds_every_file_the_core_accepts() {
        for accepted in [MAX_MANIFEST_BYTES, MAX_NETWORK_BYTES, MAX_REGION_BYTES, MAX_TILE_BYTES] {
            assert!(accepted <= MAX_UNLISTED_BYTES, "{accepted} > {MAX_UNLISTED_BYTES}");
        }
        assert_eq!(MAX_UNLISTED_BYTES, 4 * 1024 * 1024);
    }
}
