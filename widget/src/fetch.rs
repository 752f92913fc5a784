//! The widget's two HTTP calls (the feed and its signature; the request), straight through the
//! browser's `fetch`: the wasm carries no HTTP library (gloo-net and the `http` crate cost
//! about 6 KB of it for three calls).

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, Request, RequestInit, Response};

/// What the server answered: the status and the whole body.
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// The body's bytes.
    pub body: Vec<u8>,
}

impl Answer {
    /// Whether the status is 2xx.
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// GETs `url`; an error when the network or the browser refused (CORS, offline). The answer
/// the loader fetched early for this URL (the feed's head while the wasm compiled) is taken
/// instead, once.
pub async fn get(url: &str) -> Result<Answer, JsValue> {
    if let Some(early) = take_early(url) {
        if let Ok(response) = JsFuture::from(early).await.and_then(|r| r.dyn_into::<Response>()) {
            return read(response).await;
        }
    }
    answer(Request::new_with_str(url)?).await
}

/// The loader's early fetch of `url` (a promise of a `Response`, or of `null` when it failed),
/// if it made one in the last minute and nothing took it yet.
fn take_early(url: &str) -> Option<js_sys::Promise> {
    let early = js_sys::Reflect::get(&js_sys::global(), &js_sys::Symbol::for_("talentbrug.early")).ok()?;
    let take: js_sys::Function = js_sys::Reflect::get(&early, &"take".into()).ok()?.dyn_into().ok()?;
    take.call1(&early, &url.into()).ok()?.dyn_into().ok()
}

/// POSTs `body` as JSON to `url`, asking for JSON back.
pub async fn post_json(url: &str, body: &str) -> Result<Answer, JsValue> {
    let headers = Headers::new()?;
    headers.set("Content-Type", "application/json")?;
    headers.set("Accept", "application/json")?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(body));
    answer(Request::new_with_str_and_init(url, &init)?).await
}

async fn answer(request: Request) -> Result<Answer, JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    read(JsFuture::from(window.fetch_with_request(&request)).await?.dyn_into()?).await
}

async fn read(response: Response) -> Result<Answer, JsValue> {
    let bytes = JsFuture::from(response.array_buffer()?).await?;
    Ok(Answer { status: response.status(), body: js_sys::Uint8Array::new(&bytes).to_vec() })
}
