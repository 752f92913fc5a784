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

/// GETs `url`; an error when the network or the browser refused (CORS, offline).
pub async fn get(url: &str) -> Result<Answer, JsValue> {
    answer(Request::new_with_str(url)?).await
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
    let response: Response = JsFuture::from(window.fetch_with_request(&request)).await?.dyn_into()?;
    let bytes = JsFuture::from(response.array_buffer()?).await?;
    Ok(Answer { status: response.status(), body: js_sys::Uint8Array::new(&bytes).to_vec() })
}
