//! `loadFeed` in headless Chromium: a relative manifest URL resolves against the page, tiles are
//! fetched only near the search (through a caller's `fetch` that serves files from memory as
//! real `Response`s), and a tampered tile or a wrong key is refused with a `TalentbrugError`.
//! The Node test (`xtask/npm/loaders.mjs`) holds the loaders to the v1 results on the
//! publisher's real files and reads networks; this one covers what only a browser has.
//!
//! Run by `cargo xtask test` (`cargo test -p talentbrug-core-js --target wasm32-unknown-unknown
//! --test wasm_loaders` with wasm-bindgen-test-runner as cargo's runner).
#![cfg(target_arch = "wasm32")]

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use ed25519_dalek::{Signer, SigningKey};
use js_sys::{Array, Function, Object, Reflect, Uint8Array};
use talentbrug_core::manifest::TileEntry;
use talentbrug_core::region::Region;
use talentbrug_core::{tile, Profile};
use talentbrug_core_js::TalentFeed;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const WAREHOUSE: &str = "040fcfa5-24be-43eb-afd5-828297175b16";

/// A profile at a place, whose pitch names its id (`Ik ben <id>.`).
fn profile(id: &str, postcode: &str, lat: f64, lon: f64) -> Profile {
    serde_json::from_str(&format!(
        r#"{{"id":"{id}","area":{{"postcode":"{postcode}","label":"x","lat":{lat},"lon":{lon}}},
        "reach_km":15,"travel_modes":["bike"],"occupations":["{WAREHOUSE}"],"talents":["packing"],
        "strengths":["punctual"],"languages":[{{"lang":"nl","level":"B1"}}],"hours":{{"min":20,"max":30}},
        "shifts":["day"],"available_from":"2026-01","contract_forms":["temp"],"job_coaching":true,"workplace_needs":[],
        "pitch":"Ik ben {id}."}}"#
    ))
    .expect("a valid profile")
}

/// A signed feed v2 in memory: path -> bytes, the public key, and the tiles' paths (Leuven, Gent).
struct Files {
    files: Vec<(String, Vec<u8>)>,
    public_key: String,
    leuven_tile: String,
    gent_tile: String,
}

fn files() -> Files {
    files_with(vec![profile("leuven-a", "BE-3000", 50.88, 4.701), profile("heverlee-b", "BE-3001", 50.864, 4.696)])
}

/// [`files`] with these people in Leuven's tile.
fn files_with(leuven: Vec<Profile>) -> Files {
    let tiles = [("be-leuven", leuven), ("be-gent", vec![profile("gent-c", "BE-9000", 51.05, 3.717)])];
    let mut files = Vec::new();
    let mut entries = Vec::new();
    let mut regions = Vec::new();
    for (key, profiles) in &tiles {
        let encoded = tile::encode(profiles).expect("encodes");
        let entry = TileEntry::describe(key, &encoded.tile, profiles).expect("a tile");
        files.extend(encoded.files(&entry.path).into_iter().map(|(path, bytes)| (path, bytes.to_vec())));
        // One region per tile, so a search far from Gent fetches neither Gent's region nor tile.
        let region = Region::new(key, vec![entry.clone()]).expect("a region");
        files.push((region.entry.path.clone(), region.bytes.clone()));
        regions.push(region.entry);
        entries.push(entry);
    }
    let manifest = format!(
        r#"{{"format":"talentbrug-feed/2",
        "publisher":{{"name":"Werkpunt","contact":"jobs@werkpunt.example","request_url":"/api/requests","privacy_url":"/privacy.html"}},
        "issued_at":"2020-01-01T00:00:00Z","expires_at":"2099-01-01T00:00:00Z","sequence":4,
        "regions":{},"occupations":{{"{WAREHOUSE}":{{"label":"magazijnmedewerker"}}}}}}"#,
        serde_json::to_string(&regions).expect("serialises")
    )
    .into_bytes();
    let key = SigningKey::from_bytes(&[5; 32]);
    files.push(("manifest.json.sig".into(), STANDARD.encode(key.sign(&manifest).to_bytes()).into_bytes()));
    files.push(("manifest.json".into(), manifest));
    Files {
        files,
        public_key: STANDARD.encode(key.verifying_key().to_bytes()),
        leuven_tile: entries[0].path.clone(),
        gent_tile: entries[1].path.clone(),
    }
}

/// A `fetch` that answers `…/feed/<path>` from `files` with real `Response`s (404 otherwise) and
/// logs every URL asked for into `log`.
fn fetch_from(files: &[(String, Vec<u8>)], log: &Array) -> Function {
    let map = Object::new();
    for (path, bytes) in files {
        Reflect::set(&map, &JsValue::from_str(path), &Uint8Array::from(&bytes[..])).unwrap();
    }
    let make = Function::new_with_args(
        "files, log",
        "return (url) => { log.push(url); const path = url.split('/feed/')[1]; const body = files[path];
            return Promise.resolve(body ? new Response(body) : new Response('no', { status: 404 })); };",
    );
    make.call2(&JsValue::NULL, &map, log).unwrap().unchecked_into()
}

/// As [`fetch_from`], but every detail chunk fails (a network error) the first time it is asked for.
fn fetch_failing_chunks_once(files: &[(String, Vec<u8>)], log: &Array) -> Function {
    let inner = fetch_from(files, log);
    let make = Function::new_with_args(
        "inner",
        "const failed = new Set(); return (url) => { if (url.endsWith('.tbd') && !failed.has(url)) { failed.add(url);
            return Promise.reject(new TypeError('network down')); } return inner(url); };",
    );
    make.call1(&JsValue::NULL, &inner).unwrap().unchecked_into()
}

fn options(public_key: &str, fetch: &Function) -> JsValue {
    let o = Object::new();
    Reflect::set(&o, &"publicKey".into(), &public_key.into()).unwrap();
    Reflect::set(&o, &"fetch".into(), fetch).unwrap();
    o.into()
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).expect("an object")
}

async fn search(feed: &TalentFeed, query: &str) -> Result<JsValue, JsValue> {
    JsFuture::from(feed.search(js_sys::JSON::parse(query).unwrap())).await
}

fn reason(error: &JsValue) -> String {
    assert!(error.is_instance_of::<js_sys::Error>(), "rejects with an Error: {error:?}");
    assert_eq!(get(error, "name").as_string().as_deref(), Some("TalentbrugError"));
    get(error, "reason").as_string().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn a_relative_manifest_url_loads_and_only_near_tiles_are_fetched() {
    let f = files();
    let log = Array::new();
    let fetch = fetch_from(&f.files, &log);
    let feed = TalentFeed::load("feed/manifest.json", &options(&f.public_key, &fetch)).await.expect("the feed loads");
    assert_eq!((feed.sequence(), feed.regions(), feed.length(), feed.tiles_loaded()), (4.0, 2, 3.0, 0));
    let origin = js_sys::eval("location.origin").unwrap().as_string().unwrap();
    let asked: Vec<String> = log.iter().filter_map(|u| u.as_string()).collect();
    assert!(asked.iter().all(|u| u.starts_with(&origin) && u.contains("/feed/manifest.json")), "{asked:?}");

    let result = search(&feed, r#"{"postcode":"3000","radius_km":10}"#).await.expect("the search runs");
    let ids: Vec<String> = Array::from(&get(&result, "matches")).iter().map(|m| get(&m, "id").as_string().unwrap()).collect();
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert!(ids.contains(&"leuven-a".to_owned()) && ids.contains(&"heverlee-b".to_owned()), "{ids:?}");
    let asked: Vec<String> = log.iter().filter_map(|u| u.as_string()).collect();
    assert!(asked.iter().any(|u| u.ends_with(&f.leuven_tile)), "{asked:?}");
    assert!(!asked.iter().any(|u| u.ends_with(&f.gent_tile)), "Gent is 70 km from Leuven: {asked:?}");
    assert_eq!(feed.tiles_loaded(), 1);
}

#[wasm_bindgen_test]
async fn two_searches_at_the_same_time_fetch_each_file_once() {
    let f = files();
    let log = Array::new();
    let fetch = fetch_from(&f.files, &log);
    let feed = TalentFeed::load("feed/manifest.json", &options(&f.public_key, &fetch)).await.expect("the feed loads");
    let query = js_sys::JSON::parse(r#"{"postcode":"3000","radius_km":10}"#).unwrap();
    let both = js_sys::Promise::all(&Array::of2(&feed.search(query.clone()), &feed.search(query)));
    let both = Array::from(&JsFuture::from(both).await.expect("both searches run"));
    let total = |r: JsValue| get(&r, "total").as_f64();
    assert_eq!(total(both.get(0)), total(both.get(1)));
    let mut asked: Vec<String> = log.iter().filter_map(|u| u.as_string()).filter(|u| u.contains("/tiles/")).collect();
    assert!(asked.iter().any(|u| u.ends_with(".tbi")) && asked.iter().any(|u| u.ends_with(&f.leuven_tile)), "{asked:?}");
    let all = asked.len();
    asked.sort();
    asked.dedup();
    assert_eq!(asked.len(), all, "each region and tile once: {log:?}");
}

#[wasm_bindgen_test]
async fn a_tampered_tile_and_a_wrong_key_are_refused() {
    let mut f = files();
    for (path, bytes) in &mut f.files {
        if *path == f.leuven_tile {
            bytes[0] ^= 1;
        }
    }
    let log = Array::new();
    let fetch = fetch_from(&f.files, &log);
    let feed = TalentFeed::load("feed/manifest.json", &options(&f.public_key, &fetch)).await.expect("the manifest is whole");
    let error = search(&feed, r#"{"postcode":"3000","radius_km":10}"#).await.expect_err("a tampered tile");
    assert_eq!(reason(&error), "tile");
    assert!(get(&error, "url").as_string().is_some_and(|u| u.ends_with(&f.leuven_tile)));
    let error = search(&feed, r#"{"postcode":"3000","radius":10}"#).await.expect_err("a misspelt field");
    assert_eq!(reason(&error), "query");

    let other = STANDARD.encode(SigningKey::from_bytes(&[6; 32]).verifying_key().to_bytes());
    let Err(error) = TalentFeed::load("feed/manifest.json", &options(&other, &fetch)).await else { panic!("another key") };
    assert_eq!(reason(&error), "signature");
    let Err(error) = TalentFeed::load("feed/missing.json", &options(&f.public_key, &fetch)).await else { panic!("a 404") };
    assert_eq!((reason(&error), get(&error, "status").as_f64()), ("http".to_owned(), Some(404.0)));
}

/// The pitch `feed.profile(id)` gives, if any.
fn pitch_of(feed: &TalentFeed, id: &str) -> Option<String> {
    let profile = feed.profile(id).expect("a profile or undefined");
    if profile.is_undefined() {
        return None;
    }
    get(&profile, "pitch").as_string()
}

#[wasm_bindgen_test]
async fn pitches_left_for_later_come_with_the_first_search_that_needs_them() {
    let f = files();
    let log = Array::new();
    let fetch = fetch_from(&f.files, &log);
    let feed = TalentFeed::load("feed/manifest.json", &options(&f.public_key, &fetch)).await.expect("the feed loads");
    let chunks_asked = || log.iter().filter_map(|u| u.as_string()).filter(|u| u.ends_with(".tbd")).count();

    let later = js_sys::JSON::parse(r#"{"details":false}"#).unwrap().dyn_into().ok();
    let count = JsFuture::from(feed.load_all(later)).await.expect("every tile loads");
    assert_eq!((count.as_f64(), feed.tiles_loaded()), (Some(3.0), 2));
    assert_eq!(chunks_asked(), 0, "no detail chunk yet: {log:?}");
    assert_eq!(pitch_of(&feed, "leuven-a"), None, "indexed without its pitch");

    let result = search(&feed, r#"{"postcode":"3000","radius_km":10}"#).await.expect("the search runs");
    let pitches: Vec<String> =
        Array::from(&get(&result, "matches")).iter().filter_map(|m| get(&get(&m, "profile"), "pitch").as_string()).collect();
    assert_eq!(pitches.len(), 2, "both Leuven people with their pitch: {pitches:?}");
    assert!(pitches.contains(&"Ik ben heverlee-b.".to_owned()), "{pitches:?}");
    assert_eq!(chunks_asked(), 1, "Leuven's chunk only: {log:?}");
    assert_eq!(pitch_of(&feed, "leuven-a").as_deref(), Some("Ik ben leuven-a."));
    assert_eq!(pitch_of(&feed, "gent-c"), None);

    // The default loads what is still missing: Gent's pitches, and nothing twice.
    JsFuture::from(feed.load_all(None)).await.expect("the rest loads");
    assert_eq!(pitch_of(&feed, "gent-c").as_deref(), Some("Ik ben gent-c."));
    assert_eq!(chunks_asked(), 2, "{log:?}");

    let Err(error) = JsFuture::from(feed.load_all(js_sys::JSON::parse(r#"{"details":"no"}"#).unwrap().dyn_into().ok())).await else {
        panic!("`details` must be a boolean")
    };
    assert_eq!(reason(&error), "options");
}

#[wasm_bindgen_test]
async fn a_search_after_failed_detail_chunks_fetches_them_again() {
    // 70 people in Leuven: two detail chunks (64 rows each), both failing the first time.
    let leuven: Vec<Profile> = (0..70).map(|i| profile(&format!("leuven-{i}"), "BE-3000", 50.88, 4.701)).collect();
    let f = files_with(leuven);
    let log = Array::new();
    let fetch = fetch_failing_chunks_once(&f.files, &log);
    let feed = TalentFeed::load("feed/manifest.json", &options(&f.public_key, &fetch)).await.expect("the feed loads");
    let query = r#"{"postcode":"3000","radius_km":10,"limit":70}"#;
    let error = search(&feed, query).await.expect_err("the chunks fail");
    assert_eq!(reason(&error), "fetch");
    let result = search(&feed, query).await.expect("both chunks are fetched again");
    let pitches = Array::from(&get(&result, "matches")).iter().filter(|m| get(&get(m, "profile"), "pitch").is_string()).count();
    assert_eq!(pitches, 70, "every pitch, from both chunks");
    let chunks = log.iter().filter_map(|u| u.as_string()).filter(|u| u.ends_with(".tbd")).count();
    assert_eq!(chunks, 2, "each chunk fetched once after failing (failures never reach the log): {log:?}");
}
