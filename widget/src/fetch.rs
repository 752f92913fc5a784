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

/// GETs a file whose length was listed as `listed` bytes (a region, tile or detail chunk):
/// reads the body only up to one byte past that and cancels the rest, so a broken or hostile
/// server cannot make the employer's browser take in more than the signed length (the
/// caller's length check then refuses the file).
pub async fn get_listed(url: &str, listed: u64) -> Result<Answer, JsValue> {
    let response = respond(Request::new_with_str(url)?).await?;
    read_at_most(response, usize::try_from(listed).unwrap_or(usize::MAX).saturating_add(1)).await
}

/// The status and at most `limit` bytes of `response`'s body, read chunk by chunk through its
/// stream, which is cancelled once `limit` is reached.
pub async fn read_at_most(response: Response, limit: usize) -> Result<Answer, JsValue> {
    use js_sys::Reflect;
    let status = response.status();
    let body = Reflect::get(&response, &"body".into())?;
    let mut bytes = Vec::new();
    if body.is_null() || body.is_undefined() {
        return Ok(Answer { status, body: bytes });
    }
    let method = |of: &JsValue, name: &str| Reflect::get(of, &name.into()).and_then(|f| f.dyn_into::<js_sys::Function>());
    let reader = method(&body, "getReader")?.call0(&body)?;
    let read = method(&reader, "read")?;
    loop {
        let chunk = JsFuture::from(read.call0(&reader)?.dyn_into::<js_sys::Promise>()?).await?;
        if Reflect::get(&chunk, &"done".into())?.is_truthy() {
            return Ok(Answer { status, body: bytes });
        }
        let value: js_sys::Uint8Array = Reflect::get(&chunk, &"value".into())?.dyn_into()?;
        let room = limit - bytes.len();
        if value.length() as usize >= room {
            bytes.extend(value.subarray(0, room as u32).to_vec());
            // The rest is never read; a failed cancel changes nothing for the caller.
            let _ = method(&reader, "cancel").and_then(|cancel| cancel.call0(&reader));
            return Ok(Answer { status, body: bytes });
        }
        bytes.extend(value.to_vec());
    }
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
    read(respond(request).await?).await
}

/// The browser's `Response` to `request`, body unread.
async fn respond(request: Request) -> Result<Response, JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    JsFuture::from(window.fetch_with_request(&request)).await?.dyn_into()
}

async fn read(response: Response) -> Result<Answer, JsValue> {
    let bytes = JsFuture::from(response.array_buffer()?).await?;
    Ok(Answer { status: response.status(), body: js_sys::Uint8Array::new(&bytes).to_vec() })
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    /// A response whose body streams `chunks` chunks of 64 KiB, and a function that says how
    /// many of them were pulled so far.
    fn streamed(chunks: u32) -> (Response, js_sys::Function) {
        let make = js_sys::Function::new_with_args(
            "n",
            "const state = { pulled: 0 };
             const stream = new ReadableStream({ pull(c) {
                 if (state.pulled === n) { c.close(); return; }
                 state.pulled += 1; c.enqueue(new Uint8Array(65536).fill(state.pulled % 251)); } });
             return [new Response(stream), () => state.pulled];",
        );
        let made: js_sys::Array = make.call1(&JsValue::NULL, &chunks.into()).expect("a response").unchecked_into();
        (made.get(0).unchecked_into(), made.get(1).unchecked_into())
    }

    fn pulled(count: &js_sys::Function) -> f64 {
        count.call0(&JsValue::NULL).expect("a count").as_f64().expect("a number")
    }

    #[wasm_bindgen_test]
    async fn a_body_longer_than_listed_is_read_only_one_byte_past_it() {
        // 64 MiB offered for a file listed as 100,000 bytes.
        let (response, count) = streamed(1024);
        let answer = read_at_most(response, 100_001).await.expect("read");
        assert_eq!(answer.body.len(), 100_001);
        assert!(pulled(&count) <= 3.0, "{} chunks of 64 KiB pulled", pulled(&count));
    }

    #[wasm_bindgen_test]
    async fn a_body_as_long_as_listed_is_read_whole() {
        let (response, _) = streamed(3);
        let answer = read_at_most(response, 3 * 65536 + 1).await.expect("read");
        assert_eq!(answer.body.len(), 3 * 65536);
        assert_eq!((answer.body[0], answer.body[65536], answer.body[3 * 65536 - 1]), (1, 2, 3), "in order");
        assert_eq!(answer.status, 200);
    }
}
