//! What the widget remembers in the browser: the highest feed sequence seen per public key
//! (local storage, so an older signed feed cannot be replayed), and a request form whose sending
//! failed (session storage, so the retry loses nothing, also after a reload; removed once sent or
//! when the dialog closes).
//!
//! Storage can be unavailable (private windows, blocked cookies): then nothing is remembered
//! and the widget still works.

use talentbrug_core::request::{EmployerForm, RequestForm, VacancyForm};
use wasm_bindgen::JsValue;
use web_sys::Storage;

fn local() -> Option<Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn session() -> Option<Storage> {
    web_sys::window()?.session_storage().ok()?
}

fn get(storage: Option<Storage>, key: &str) -> Option<String> {
    storage?.get_item(key).ok()?
}

fn set(storage: Option<Storage>, key: &str, value: &str) {
    if let Some(storage) = storage {
        let _ = storage.set_item(key, value);
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
    get(local(), &sequence_key(public_key))?.trim().parse().ok()
}

/// Remembers `sequence` for `public_key` unless a higher one was seen.
pub fn remember_sequence(public_key: &str, sequence: u64) {
    if seen_sequence(public_key).is_none_or(|seen| sequence > seen) {
        set(local(), &sequence_key(public_key), &sequence.to_string());
    }
}

/// The request form the employer was filling in for a profile, if any.
pub fn draft(profile_id: &str) -> Option<RequestForm> {
    form_from_json(&get(session(), &draft_key(profile_id))?)
}

/// Keeps the form as typed, as the JSON body it is sent as (after a failed send).
pub fn keep_draft(form: &RequestForm) {
    if let Ok(json) = serde_json::to_string(form) {
        set(session(), &draft_key(&form.profile_id), &json);
    }
}

/// Reads a kept form with the browser's JSON parser (cheaper in wasm than deriving
/// `Deserialize` for the form). Every field the body always has must be there with its type, or
/// the draft is not used and the employer starts a fresh form.
pub fn form_from_json(json: &str) -> Option<RequestForm> {
    let body = js_sys::JSON::parse(json).ok()?;
    let field = |object: &JsValue, key: &str| js_sys::Reflect::get(object, &JsValue::from_str(key)).ok().filter(|v| !v.is_undefined());
    let text = |object: &JsValue, key: &str| field(object, key)?.as_string();
    let whole = |object: &JsValue, key: &str| field(object, key)?.as_f64().filter(|n| n.fract() == 0.0 && *n >= 0.0);
    let flag = |key: &str| field(&body, key)?.as_bool();
    let (employer, vacancy) = (field(&body, "employer")?, field(&body, "vacancy")?);
    Some(RequestForm {
        profile_id: text(&body, "profile_id")?,
        idempotency_key: text(&body, "idempotency_key")?,
        form_ms: whole(&body, "form_ms")? as u64,
        website: text(&body, "website").unwrap_or_default(),
        employer: EmployerForm {
            company: text(&employer, "company")?,
            contact_name: text(&employer, "contact_name")?,
            email: text(&employer, "email")?,
            phone: text(&employer, "phone")?,
            postcode: text(&employer, "postcode")?,
        },
        vacancy: VacancyForm {
            title: text(&vacancy, "title")?,
            description: text(&vacancy, "description").unwrap_or_default(),
            hours_per_week: u32::try_from(whole(&vacancy, "hours_per_week")? as u64).ok()?,
        },
        commitment: flag("commitment")?,
        consent: flag("consent")?,
        preferred_contact: text(&body, "preferred_contact"),
    })
}

/// Forgets the form (sent, or the dialog closed).
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
