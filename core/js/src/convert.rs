//! Between JS values and the core's: objects out, the browser's clock in.

use core::future::Future;
use core::pin::Pin;

use serde::Serialize;
use talentbrug_core::api::QueryInput;
use talentbrug_core::gazetteer::Country;
use talentbrug_core::{Timestamp, YearMonth};
use wasm_bindgen::prelude::*;

/// A Rust value as a plain JS object (JSON-compatible: maps become objects).
pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| JsError::new(&e.to_string()))
}

/// Now, from the browser's clock: the one place the core's JS face reads time.
pub(crate) fn js_now() -> Timestamp {
    Timestamp::from_unix_millis(js_sys::Date::now())
}

/// A JS promise settled by `future`. Every future goes through one boxed type, so the wasm
/// carries one copy of the promise machinery instead of one per async function (3 KB each).
pub(crate) fn promise(future: impl Future<Output = Result<JsValue, JsValue>> + 'static) -> js_sys::Promise {
    let boxed: Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>> = Box::pin(future);
    wasm_bindgen_futures::future_to_promise(boxed)
}

/// This month, from the browser's clock.
pub(crate) fn js_today() -> YearMonth {
    js_now().month()
}

/// A search query from a JS object. Through a JSON value, so a misspelt field (`radius` for
/// `radius_km`) is refused as it is natively; serde-wasm-bindgen reads only the fields it knows
/// and would drop it silently.
pub(crate) fn query_input(query: JsValue) -> Result<QueryInput, String> {
    let value: serde_json::Value = serde_wasm_bindgen::from_value(query).map_err(|e| format!("query: {e}"))?;
    serde_json::from_value(value).map_err(|e| format!("query: {e}"))
}

/// The country to prefer for ambiguous postcodes: `BE` unless the caller says `NL`.
pub(crate) fn country(country: Option<String>) -> Result<Country, JsError> {
    Ok(country.as_deref().map(str::parse::<Country>).transpose()?.unwrap_or_default())
}
