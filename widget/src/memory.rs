//! What the widget remembers in the browser: the highest feed sequence seen per public key
//! (local storage, so an older signed feed cannot be replayed), and the request form as typed
//! (session storage, so nothing is lost when sending fails or the page reloads).
//!
//! Storage can be unavailable (private windows, blocked cookies): then nothing is remembered
//! and the widget still works.

use serde::de::DeserializeOwned;
use serde::Serialize;
use talentbrug_core::request::RequestForm;
use web_sys::Storage;

fn local() -> Option<Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn session() -> Option<Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// Reads a JSON value (parsed from bytes, like the feed, so one JSON reader is compiled in).
fn get<T: DeserializeOwned>(storage: Option<Storage>, key: &str) -> Option<T> {
    let text = storage?.get_item(key).ok()??;
    serde_json::from_slice(text.as_bytes()).ok()
}

fn set<T: Serialize>(storage: Option<Storage>, key: &str, value: &T) {
    if let (Some(storage), Ok(text)) = (storage, serde_json::to_string(value)) {
        let _ = storage.set_item(key, &text);
    }
}

fn sequence_key(public_key: &str) -> String {
    format!("talentbrug.sequence.{}", public_key.trim())
}

fn draft_key(profile_id: &str) -> String {
    format!("talentbrug.draft.{profile_id}")
}

/// The highest sequence seen for feeds signed with `public_key`.
pub fn seen_sequence(public_key: &str) -> Option<u64> {
    get::<u64>(local(), &sequence_key(public_key))
}

/// Remembers `sequence` for `public_key` unless a higher one was seen.
pub fn remember_sequence(public_key: &str, sequence: u64) {
    if seen_sequence(public_key).is_none_or(|seen| sequence > seen) {
        set(local(), &sequence_key(public_key), &sequence);
    }
}

/// The request form the employer was filling in for a profile, if any.
pub fn draft(profile_id: &str) -> Option<RequestForm> {
    get::<RequestForm>(session(), &draft_key(profile_id))
}

/// Keeps the form as typed.
pub fn keep_draft(form: &RequestForm) {
    set(session(), &draft_key(&form.profile_id), form);
}

/// Forgets the form once the request is accepted.
pub fn forget_draft(profile_id: &str) {
    if let Some(storage) = session() {
        let _ = storage.remove_item(&draft_key(profile_id));
    }
}

/// A fresh idempotency key: 128 random bits from the browser's CSPRNG, as 32 hex digits.
pub fn new_idempotency_key() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window().and_then(|w| w.crypto().ok()).and_then(|c| c.get_random_values_with_u8_array(&mut bytes).ok());
    if filled.is_none() {
        // No Web Crypto (very old browser): mix the clocks; the key only has to be unique per form.
        let seed = (js_sys::Date::now() * 1000.0) as u64 ^ (js_sys::Math::random() * u64::MAX as f64) as u64;
        bytes[..8].copy_from_slice(&seed.to_le_bytes());
        bytes[8..].copy_from_slice(&((js_sys::Math::random() * u64::MAX as f64) as u64).to_le_bytes());
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
