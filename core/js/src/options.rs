//! The options objects of `loadFeed` and `loadNetwork`, read field by field (a `fetch`
//! function cannot go through serde).

use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;

use crate::feed_tiles::Details;
use crate::fetcher::Fetcher;
use crate::load_error::LoadError;

fn field(options: &JsValue, name: &str) -> Option<JsValue> {
    if !options.is_object() {
        return None;
    }
    Reflect::get(options, &JsValue::from_str(name)).ok().filter(|v| !v.is_undefined() && !v.is_null())
}

/// A required text field.
pub(crate) fn text(options: &JsValue, name: &str) -> Result<String, LoadError> {
    field(options, name)
        .and_then(|v| v.as_string())
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| LoadError::Options(format!("`{name}` is required: the base64 Ed25519 public key to check signatures with")))
}

/// A sequence number (a whole number of at least 0), if given.
fn sequence_of(value: &JsValue, name: &str) -> Result<u64, LoadError> {
    value
        .as_f64()
        .filter(|s| s.is_finite() && *s >= 0.0 && s.fract() == 0.0)
        .map(|s| s as u64)
        .ok_or_else(|| LoadError::Options(format!("`{name}` must be a whole number of at least 0")))
}

/// `seenSequence`: the highest sequence the caller saw before, if any.
pub(crate) fn seen_sequence(options: &JsValue) -> Result<Option<u64>, LoadError> {
    field(options, "seenSequence").map(|v| sequence_of(&v, "seenSequence")).transpose()
}

/// `seenSequences`: per member id, the highest sequence of its feed the caller saw before.
pub(crate) fn seen_sequences(options: &JsValue) -> Result<Vec<(String, u64)>, LoadError> {
    let Some(object) = field(options, "seenSequences") else { return Ok(Vec::new()) };
    let object: js_sys::Object =
        object.dyn_into().map_err(|_| LoadError::Options("`seenSequences` must be an object of member id -> sequence".into()))?;
    js_sys::Object::entries(&object)
        .iter()
        .map(|entry| {
            let pair = js_sys::Array::from(&entry);
            let id = pair.get(0).as_string().unwrap_or_default();
            let sequence = sequence_of(&pair.get(1), &format!("seenSequences.{id}"))?;
            Ok((id, sequence))
        })
        .collect()
}

/// `fetch`: the caller's fetch function, else the global one.
pub(crate) fn fetcher(options: &JsValue) -> Result<Fetcher, LoadError> {
    match field(options, "fetch") {
        None => Ok(Fetcher::new(None)),
        Some(f) => {
            f.dyn_into::<Function>().map(|f| Fetcher::new(Some(f))).map_err(|_| LoadError::Options("`fetch` must be a function".into()))
        }
    }
}

/// `details` of `loadAll`'s options: pitches now (`true`, the default) or with the first search
/// that needs them (`false`).
pub(crate) fn details(options: &JsValue) -> Result<Details, LoadError> {
    match field(options, "details") {
        None => Ok(Details::Now),
        Some(v) => match v.as_bool() {
            Some(true) => Ok(Details::Now),
            Some(false) => Ok(Details::Later),
            None => Err(LoadError::Options("`details` must be true or false".into())),
        },
    }
}
