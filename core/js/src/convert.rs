//! Between JS values and the core's: objects out, the browser's clock in.

use serde::Serialize;
use talentbrug_core::gazetteer::Country;
use talentbrug_core::{Timestamp, YearMonth};
use wasm_bindgen::prelude::*;

/// A Rust value as a plain JS object (JSON-compatible: maps become objects).
pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| JsError::new(&e.to_string()))
}

/// This month, from the browser's clock: the one place the core's JS face reads time.
pub(crate) fn js_today() -> YearMonth {
    Timestamp::from_unix_millis(js_sys::Date::now()).month()
}

/// The country to prefer for ambiguous postcodes: `BE` unless the caller says `NL`.
pub(crate) fn country(country: Option<String>) -> Result<Country, JsError> {
    Ok(country.as_deref().map(str::parse::<Country>).transpose()?.unwrap_or_default())
}
