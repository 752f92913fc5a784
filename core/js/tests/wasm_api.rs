//! The JS face of the core (`TalentIndex`, `lookupPostcode`, `suggestPlaces`, `vocabulary`) as
//! a web developer meets it, run in headless Chromium: plain JS objects in and out, errors as
//! JS `Error`s naming the field, signed feeds checked before they are read.
//!
//! Run by `cargo xtask test` (`cargo test -p talentbrug-core-js --target wasm32-unknown-unknown
//! --test wasm_api` with wasm-bindgen-test-runner as cargo's runner).
#![cfg(target_arch = "wasm32")]

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use ed25519_dalek::{Signer, SigningKey};
use js_sys::{Array, Reflect};
use talentbrug_core_js::{lookup_postcode, suggest_places, vocabulary, TalentIndex};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const WAREHOUSE: &str = "040fcfa5-24be-43eb-afd5-828297175b16";
const CLEANING: &str = "23be4cb6-c5e7-449e-8d76-8edfe9a00478";

/// One profile; distances from 3000 Leuven: 3001 Heverlee 1.7 km, 3010 Kessel-Lo 2.8 km,
/// 1000 Brussel 24 km, 9000 Gent 70 km.
#[allow(clippy::too_many_arguments)]
fn profile(id: &str, postcode: &str, label: &str, lat: f64, lon: f64, reach: u32, talent: &str, hours: (u8, u8), contract: &str) -> String {
    let occupation = if talent == "cleaning" { CLEANING } else { WAREHOUSE };
    format!(
        r#"{{"id":"{id}","area":{{"postcode":"{postcode}","label":"{label}","lat":{lat},"lon":{lon}}},
        "reach_km":{reach},"travel_modes":["bike","public_transport"],"occupations":["{occupation}"],
        "talents":["{talent}"],"strengths":["punctual"],"languages":[{{"lang":"nl","level":"B1"}}],
        "hours":{{"min":{},"max":{}}},"shifts":["day"],"available_from":"2026-01",
        "contract_forms":["{contract}"],"job_coaching":true,"workplace_needs":["quiet_workplace"],
        "pitch":"Ik werk graag nauwkeurig."}}"#,
        hours.0, hours.1
    )
}

fn feed_json() -> String {
    let profiles = [
        profile("leuven-a", "BE-3000", "Leuven", 50.8796, 4.7009, 12, "packing", (20, 30), "temp"),
        profile("heverlee-b", "BE-3001", "Heverlee", 50.8643, 4.696, 10, "cleaning", (30, 38), "permanent"),
        profile("kessello-c", "BE-3010", "Kessel-Lo", 50.8855, 4.7372, 15, "packing", (10, 20), "temp"),
        profile("heverlee-short", "BE-3001", "Heverlee", 50.8643, 4.696, 1, "packing", (20, 30), "temp"),
        profile("brussel-d", "BE-1000", "Brussel", 50.8504, 4.3488, 30, "packing", (20, 30), "temp"),
        profile("gent-e", "BE-9000", "Gent", 51.05, 3.7167, 20, "packing", (20, 30), "temp"),
    ];
    format!(
        r#"{{"format":"talentbrug-feed/1",
        "publisher":{{"name":"Werkpunt Leuven","contact":"jobs@werkpunt.example","request_url":"/api/requests","privacy_url":"/privacy.html"}},
        "issued_at":"2026-01-01T00:00:00Z","expires_at":"2026-02-01T00:00:00Z","sequence":7,
        "occupations":{{"{WAREHOUSE}":{{"label":"magazijnmedewerker kleding","alt_labels":["loodsmedewerker kleding"],
                            "fr":{{"label":"magasinier vêtements","alt_labels":["cariste vêtements"]}},"en":{{"label":"clothing warehouse worker"}}}},
                        "{CLEANING}":{{"label":"schoonmaker meubilair"}}}},
        "profiles":[{}]}}"#,
        profiles.join(",")
    )
}

fn index() -> TalentIndex {
    TalentIndex::from_json(&feed_json()).map_err(JsValue::from).expect("the fixture feed loads")
}

/// A JS object from JSON text, as a web developer would write it in a script.
fn js(json: &str) -> JsValue {
    js_sys::JSON::parse(json).expect("valid JSON in the test")
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).expect("an object")
}

fn ids(result: &JsValue) -> Vec<String> {
    Array::from(&get(result, "matches")).iter().map(|m| get(&m, "id").as_string().expect("id is a string")).collect()
}

fn search(index: &TalentIndex, query: &str) -> JsValue {
    index.search(js(query)).map_err(JsValue::from).expect("the query runs")
}

/// The message of the JS `Error` a call threw; fails when it is not an `Error`.
#[track_caller]
fn error_message<T>(result: Result<T, wasm_bindgen::JsError>) -> String {
    let Err(e) = result else { panic!("expected an error") };
    let value = JsValue::from(e);
    let error: &js_sys::Error = value.dyn_ref().expect("thrown values are Error objects");
    error.message().into()
}

#[wasm_bindgen_test]
fn a_search_near_leuven_finds_who_can_reach_the_employer() {
    let index = index();
    assert_eq!(index.length(), 6);
    let result = search(&index, r#"{"postcode":"3000","radius_km":10,"today":"2026-01"}"#);
    assert!(result.is_object() && !result.is_instance_of::<js_sys::Map>(), "results are plain objects");
    assert_eq!(get(&result, "total").as_f64(), Some(3.0));
    let mut found = ids(&result);
    found.sort();
    // heverlee-short lives 1.7 km away but travels only 1 km; Brussel and Gent are beyond 10 km.
    assert_eq!(found, ["heverlee-b", "kessello-c", "leuven-a"]);
    let origin = get(&result, "origin");
    assert_eq!(get(&origin, "postcode").as_string().as_deref(), Some("BE-3000"));
    assert_eq!(get(&origin, "name").as_string().as_deref(), Some("Leuven"));
}

#[wasm_bindgen_test]
fn soft_talents_rank_and_matches_carry_profile_band_and_reasons() {
    let result = search(&index(), r#"{"postcode":"3000 Leuven","talents":["packing"],"today":"2026-01"}"#);
    assert_eq!(ids(&result), ["leuven-a", "kessello-c", "heverlee-b"]);
    let first = Array::from(&get(&result, "matches")).get(0);
    assert_eq!(get(&first, "distance_band").as_string().as_deref(), Some("<5"));
    let why: Vec<String> = Array::from(&get(&first, "why")).iter().filter_map(|w| w.as_string()).collect();
    assert_eq!(why.first().map(String::as_str), Some("talents:1/1"), "{why:?}");
    let profile = get(&first, "profile");
    assert_eq!(get(&get(&profile, "area"), "label").as_string().as_deref(), Some("Leuven"));
    assert_eq!(get(&get(&profile, "hours"), "max").as_f64(), Some(30.0));
    assert!(get(&first, "score").as_f64().is_some_and(|s| (0.0..=100.0).contains(&s)));
}

#[wasm_bindgen_test]
fn hard_filters_and_radius() {
    let index = index();
    // Bounds are inclusive: 20-30 overlaps 30-38; Kessel-Lo's 10-20 does not.
    let mut hours = ids(&search(&index, r#"{"postcode":"3000","hours":{"min":30,"max":38}}"#));
    hours.sort();
    assert_eq!(hours, ["heverlee-b", "leuven-a"]);
    assert_eq!(ids(&search(&index, r#"{"postcode":"3000","hours":"30-38","contract_forms":["permanent"]}"#)), ["heverlee-b"]);
    assert_eq!(ids(&search(&index, &format!(r#"{{"postcode":"3000","occupations":["{CLEANING}"]}}"#))), ["heverlee-b"]);
    let wide = ids(&search(&index, r#"{"postcode":"3000","radius_km":30}"#));
    assert!(wide.contains(&"brussel-d".to_owned()) && !wide.contains(&"gent-e".to_owned()), "{wide:?}");
    let limited = search(&index, r#"{"postcode":"3000","limit":1}"#);
    assert_eq!((ids(&limited).len(), get(&limited, "total").as_f64()), (1, Some(3.0)));
}

#[wasm_bindgen_test]
fn bad_queries_throw_errors_naming_the_field() {
    let index = index();
    let msg = error_message(index.search(js(r#"{"postcode":"3000","hours":"30-10"}"#)));
    assert!(msg.starts_with("hours:"), "{msg}");
    let msg = error_message(index.search(js(r#"{"postcode":"3000","talents":["juggling"]}"#)));
    assert!(msg.starts_with("talents:") && msg.contains("juggling"), "{msg}");
    let msg = error_message(index.search(js(r#"{"postcode":"0000"}"#)));
    assert!(msg.starts_with("postcode:"), "{msg}");
    let msg = error_message(index.search(js(r#"{"postcode":"3000","radius_km":0}"#)));
    assert!(msg.starts_with("radius_km:"), "{msg}");
    let msg = error_message(index.search(js(r#"{"postcode":"3000","radius":5}"#)));
    assert!(msg.starts_with("query:") && msg.contains("unknown field `radius`"), "{msg}");
    let msg = error_message(index.search(JsValue::from_str("3000")));
    assert!(msg.starts_with("query:"), "{msg}");
}

#[wasm_bindgen_test]
fn bad_feeds_are_refused_with_the_field_and_profile() {
    let msg = error_message(TalentIndex::from_json(&feed_json().replace(r#""reach_km":15"#, r#""reach_km":900"#)));
    assert!(msg.contains("profiles[2] (id \"kessello-c\").reach_km"), "{msg}");
    let msg = error_message(TalentIndex::from_json(&feed_json().replace("talentbrug-feed/1", "talentbrug-feed/9")));
    assert!(msg.contains("talentbrug-feed/9"), "{msg}");
    assert!(TalentIndex::from_json("{").is_err());
}

#[wasm_bindgen_test]
fn feed_details_profiles_and_occupations() {
    let index = index();
    assert_eq!(index.sequence(), 7.0);
    assert_eq!(index.expires_at(), "2026-02-01T00:00:00Z");
    let publisher = index.publisher().map_err(JsValue::from).unwrap();
    assert_eq!(get(&publisher, "request_url").as_string().as_deref(), Some("/api/requests"));
    assert_eq!(get(&publisher, "name").as_string().as_deref(), Some("Werkpunt Leuven"));
    let profile = index.profile("gent-e").map_err(JsValue::from).unwrap();
    assert_eq!(get(&get(&profile, "area"), "postcode").as_string().as_deref(), Some("BE-9000"));
    assert!(index.profile("nobody").map_err(JsValue::from).unwrap().is_undefined());
    let hits = Array::from(&index.search_occupations("loodsmedewerker", 5, None).map_err(JsValue::from).unwrap());
    assert_eq!(hits.length(), 1);
    assert_eq!(get(&hits.get(0), "id").as_string().as_deref(), Some(WAREHOUSE));
    assert_eq!(get(&hits.get(0), "label").as_string().as_deref(), Some("magazijnmedewerker kleding"));
    assert_eq!(Array::from(&index.search_occupations("kok", 5, None).map_err(JsValue::from).unwrap()).length(), 0);
}

#[wasm_bindgen_test]
fn labels_in_three_languages() {
    let index = index();
    // Profiles carry their occupations' labels in nl, fr and en (Dutch where the feed has none).
    let profile = index.profile("leuven-a").map_err(JsValue::from).unwrap();
    let labels = get(&profile, "occupation_labels").dyn_into::<Array>().unwrap().get(0);
    assert_eq!(get(&labels, "id").as_string().as_deref(), Some(WAREHOUSE));
    assert_eq!(get(&labels, "fr").as_string().as_deref(), Some("magasinier vêtements"));
    assert_eq!(get(&labels, "en").as_string().as_deref(), Some("clothing warehouse worker"));
    let cleaning =
        get(&index.profile("heverlee-b").map_err(JsValue::from).unwrap(), "occupation_labels").dyn_into::<Array>().unwrap().get(0);
    assert_eq!(get(&cleaning, "fr").as_string().as_deref(), Some("schoonmaker meubilair"));
    let result = index.search(js(r#"{"postcode":"3000","radius_km":5}"#)).map_err(JsValue::from).unwrap();
    let first = get(&get(&result, "matches").dyn_into::<Array>().unwrap().get(0), "profile");
    assert_eq!(get(&first, "occupation_labels").dyn_into::<Array>().unwrap().length(), 1);
    // An employer's word in another language finds the occupation, labelled in theirs.
    let hits = Array::from(&index.search_occupations("cariste", 5, Some("en".into())).map_err(JsValue::from).unwrap());
    assert_eq!(hits.length(), 1);
    assert_eq!(get(&hits.get(0), "label").as_string().as_deref(), Some("clothing warehouse worker"));
    assert_eq!(get(&hits.get(0), "matched").as_string().as_deref(), Some("cariste vêtements"));
    assert_eq!(get(&hits.get(0), "matched_lang").as_string().as_deref(), Some("fr"));
}

struct Signed {
    bytes: Vec<u8>,
    signature: String,
    public_key: String,
}

fn signed_feed() -> Signed {
    let key = SigningKey::from_bytes(&[7; 32]);
    let bytes = feed_json().into_bytes();
    Signed { signature: STANDARD.encode(key.sign(&bytes).to_bytes()), public_key: STANDARD.encode(key.verifying_key().to_bytes()), bytes }
}

/// 2026-01-15 in JS milliseconds, inside the fixture's validity.
const MID_JANUARY_MS: f64 = 1_768_435_200_000.0;

#[wasm_bindgen_test]
fn a_signed_feed_loads_and_a_tampered_one_is_refused() {
    let s = signed_feed();
    let index = TalentIndex::from_signed_feed(&s.bytes, &s.signature, &s.public_key, MID_JANUARY_MS, Some(7.0))
        .map_err(JsValue::from)
        .expect("the signed feed loads");
    assert_eq!(index.length(), 6);

    let tampered = String::from_utf8(s.bytes.clone()).unwrap().replace(r#""reach_km":1,"#, r#""reach_km":9,"#).into_bytes();
    assert_ne!(tampered, s.bytes);
    let msg = error_message(TalentIndex::from_signed_feed(&tampered, &s.signature, &s.public_key, MID_JANUARY_MS, None));
    assert!(msg.starts_with("signature:") && msg.contains("changed"), "{msg}");

    let other_key = STANDARD.encode(SigningKey::from_bytes(&[8; 32]).verifying_key().to_bytes());
    assert!(
        error_message(TalentIndex::from_signed_feed(&s.bytes, &s.signature, &other_key, MID_JANUARY_MS, None)).starts_with("signature:")
    );
    assert!(error_message(TalentIndex::from_signed_feed(&s.bytes, "bm90IGEgc2ln", &s.public_key, MID_JANUARY_MS, None))
        .starts_with("signature:"));

    let february_ms = MID_JANUARY_MS + 31.0 * 86_400_000.0;
    let msg = error_message(TalentIndex::from_signed_feed(&s.bytes, &s.signature, &s.public_key, february_ms, None));
    assert!(msg.contains("expired"), "{msg}");
    let msg = error_message(TalentIndex::from_signed_feed(&s.bytes, &s.signature, &s.public_key, MID_JANUARY_MS, Some(8.0)));
    assert!(msg.contains("sequence 7") && msg.contains("8"), "{msg}");
}

#[wasm_bindgen_test]
fn postcodes_and_places() {
    let place = lookup_postcode("B-3000", None).map_err(JsValue::from).unwrap();
    assert_eq!(get(&place, "postcode").as_string().as_deref(), Some("BE-3000"));
    assert_eq!(get(&place, "name").as_string().as_deref(), Some("Leuven"));
    assert!(get(&place, "lat").as_f64().is_some_and(|lat| (lat - 50.8796).abs() < 1e-3));
    let dutch = lookup_postcode("1011", Some("NL".into())).map_err(JsValue::from).unwrap();
    assert_eq!(get(&dutch, "country").as_string().as_deref(), Some("NL"));
    let gent = lookup_postcode("gent", None).map_err(JsValue::from).unwrap();
    assert_eq!(get(&gent, "code").as_string().as_deref(), Some("9000"));
    assert!(!error_message(lookup_postcode("Atlantis", None)).is_empty());
    assert!(lookup_postcode("3000", Some("FR".into())).is_err());

    let suggestions = Array::from(&suggest_places("Leuv", None, 5).map_err(JsValue::from).unwrap());
    assert!(suggestions.length() >= 1 && suggestions.length() <= 5);
    assert!(suggestions.iter().any(|p| get(&p, "name").as_string().as_deref() == Some("Leuven")));
}

#[wasm_bindgen_test]
fn vocabulary_in_three_languages() {
    let label_of = |lang: Option<&str>, code: &str| -> Option<String> {
        let vocab = vocabulary(lang.map(str::to_owned)).map_err(JsValue::from).unwrap();
        Array::from(&get(&vocab, "talents"))
            .iter()
            .find(|e| get(e, "code").as_string().as_deref() == Some(code))
            .and_then(|e| get(&e, "label").as_string())
    };
    assert_eq!(label_of(None, "packing").as_deref(), Some("Inpakken"));
    assert_eq!(label_of(Some("fr"), "packing").as_deref(), Some("Emballage"));
    assert_eq!(label_of(Some("en-GB"), "packing").as_deref(), Some("Packing"));
    let vocab = vocabulary(None).map_err(JsValue::from).unwrap();
    for list in ["talents", "strengths", "workplace_needs", "contract_forms", "shifts", "travel_modes"] {
        assert!(Array::from(&get(&vocab, list)).length() >= 4, "{list}");
    }
}
