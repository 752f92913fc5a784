//! How much of a server's answer the loaders read, in headless Chromium: a region file, tile or
//! detail chunk at most one byte past the length its signed list gives, a manifest at most
//! 4 MB, however many bytes a broken or hostile server sends; the rest of its stream is never
//! pulled. Bodies come in through their stream in whatever chunks the server sends, and a
//! caller's `fetch` whose answer has no readable stream is read with `arrayBuffer()` instead.
//!
//! Run by `cargo xtask test` (`cargo test -p talentbrug-core-js --target wasm32-unknown-unknown
//! --test wasm_fetch_limits` with wasm-bindgen-test-runner as cargo's runner).
#![cfg(target_arch = "wasm32")]

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use ed25519_dalek::{Signer, SigningKey};
use js_sys::{Array, Function, Object, Reflect, Uint8Array};
use talentbrug_core::manifest::TileEntry;
use talentbrug_core::region::Region;
use talentbrug_core::{tile, Profile};
use talentbrug_core_js::testing::{fetch_listed, fetch_unlisted};
use talentbrug_core_js::{LoadError, TalentFeed};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const WAREHOUSE: &str = "040fcfa5-24be-43eb-afd5-828297175b16";
/// The hostile server's chunks: 1,024 of 64 KiB, 64 MiB in all.
const HOSTILE_CHUNKS: u32 = 1024;
const CHUNK: usize = 65_536;
/// Chunks a stream may have pulled when the reader stopped after `read` bytes: those read, and
/// one the stream pulls ahead (its high-water mark), and one for rounding.
fn pulled_at_most(read: usize) -> f64 {
    (read.div_ceil(CHUNK) + 2) as f64
}

fn profile(id: &str, lat: f64, lon: f64, pitch: &str) -> Profile {
    serde_json::from_str(&format!(
        r#"{{"id":"{id}","area":{{"postcode":"BE-3000","label":"x","lat":{lat},"lon":{lon}}},
        "reach_km":15,"travel_modes":["bike"],"occupations":["{WAREHOUSE}"],"talents":["packing"],
        "strengths":["punctual"],"languages":[{{"lang":"nl","level":"B1"}}],"hours":{{"min":20,"max":30}},
        "shifts":["day"],"available_from":"2026-01","contract_forms":["temp"],"job_coaching":true,
        "workplace_needs":[],"pitch":"{pitch}"}}"#
    ))
    .expect("a valid profile")
}

/// A signed feed v2 in memory with one region of one tile (two people in Leuven, with pitches,
/// so the tile has a detail chunk): path -> bytes, the public key, and the paths of the region
/// file, the tile and its detail chunk.
struct Files {
    files: Vec<(String, Vec<u8>)>,
    public_key: String,
    region: String,
    tile: String,
    detail: String,
}

fn files() -> Files {
    let profiles = vec![profile("leuven-a", 50.88, 4.701, "Ik pak graag in."), profile("leuven-b", 50.864, 4.696, "Nauwkeurig.")];
    let encoded = tile::encode(&profiles).expect("encodes");
    let entry = TileEntry::describe("be-leuven", &encoded.tile, &profiles).expect("a tile");
    let mut files: Vec<(String, Vec<u8>)> = encoded.files(&entry.path).into_iter().map(|(p, b)| (p, b.to_vec())).collect();
    assert_eq!(files.len(), 2, "the tile and one detail chunk");
    let detail = files[1].0.clone();
    let region = Region::new("be", vec![entry.clone()]).expect("a region");
    files.push((region.entry.path.clone(), region.bytes.clone()));
    let manifest = format!(
        r#"{{"format":"talentbrug-feed/2",
        "publisher":{{"name":"Werkpunt","contact":"jobs@werkpunt.example","request_url":"/api/requests","privacy_url":"/privacy.html"}},
        "issued_at":"2020-01-01T00:00:00Z","expires_at":"2099-01-01T00:00:00Z","sequence":4,
        "regions":[{}],"occupations":{{"{WAREHOUSE}":{{"label":"magazijnmedewerker"}}}}}}"#,
        serde_json::to_string(&region.entry).expect("serialises")
    )
    .into_bytes();
    let key = SigningKey::from_bytes(&[5; 32]);
    files.push(("manifest.json.sig".into(), STANDARD.encode(key.sign(&manifest).to_bytes()).into_bytes()));
    files.push(("manifest.json".into(), manifest));
    Files { files, public_key: STANDARD.encode(key.verifying_key().to_bytes()), region: region.entry.path, tile: entry.path, detail }
}

/// How a [`Server`] answers.
#[derive(Clone, Copy)]
enum Answers {
    /// `new Response(bytes)`.
    Whole,
    /// A `Response` whose stream gives the bytes 5 at a time.
    SmallChunks,
    /// A plain object with `ok`, `status` and `arrayBuffer()`, no `body`.
    NoBody,
    /// As node-fetch 2 answers: a `body` that is a Node stream (no `getReader`).
    NodeStream,
}

/// A caller's `fetch` answering `…/feed/<path>` from files in memory (404 otherwise), except
/// the path `hostile`, which gets 64 MiB of streamed bytes; `pulled()` says how many of their
/// 64 KiB chunks the stream was asked for.
struct Server {
    fetch: Function,
    state: Object,
}

impl Server {
    fn new(files: &[(String, Vec<u8>)], answers: Answers, hostile: &str) -> Server {
        let map = Object::new();
        for (path, bytes) in files {
            Reflect::set(&map, &JsValue::from_str(path), &Uint8Array::from(&bytes[..])).unwrap();
        }
        let mode = match answers {
            Answers::Whole => "whole",
            Answers::SmallChunks => "chunks",
            Answers::NoBody => "nobody",
            Answers::NodeStream => "node",
        };
        let state = Object::new();
        let make = Function::new_with_args(
            "files, mode, hostile, chunks, state",
            "state.pulled = 0;
             const streamed = (pull) => new Response(new ReadableStream({ pull }));
             return (url) => {
               const path = url.split('/feed/')[1];
               if (path === hostile) {
                 return Promise.resolve(streamed((c) => {
                   if (state.pulled === chunks) { c.close(); return; }
                   state.pulled += 1; c.enqueue(new Uint8Array(65536).fill(state.pulled % 251));
                 }));
               }
               const body = files[path];
               if (!body) return Promise.resolve(new Response('no', { status: 404 }));
               if (mode === 'chunks') {
                 let at = 0;
                 return Promise.resolve(streamed((c) => {
                   if (at >= body.length) { c.close(); return; }
                   c.enqueue(body.slice(at, at + 5)); at += 5;
                 }));
               }
               const arrayBuffer = () => Promise.resolve(body.slice().buffer);
               if (mode === 'nobody') return Promise.resolve({ ok: true, status: 200, arrayBuffer });
               if (mode === 'node') return Promise.resolve({ ok: true, status: 200, body: { pipe() {} }, arrayBuffer });
               return Promise.resolve(new Response(body));
             };",
        );
        let args = Array::of5(&map, &mode.into(), &hostile.into(), &HOSTILE_CHUNKS.into(), &state);
        let fetch = make.apply(&JsValue::NULL, &args).unwrap().unchecked_into();
        Server { fetch, state }
    }

    fn pulled(&self) -> f64 {
        Reflect::get(&self.state, &"pulled".into()).unwrap().as_f64().unwrap()
    }

    fn options(&self, public_key: &str) -> JsValue {
        let o = Object::new();
        Reflect::set(&o, &"publicKey".into(), &public_key.into()).unwrap();
        Reflect::set(&o, &"fetch".into(), &self.fetch).unwrap();
        o.into()
    }
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).expect("an object")
}

fn reason(error: &JsValue) -> String {
    assert!(error.is_instance_of::<js_sys::Error>(), "rejects with an Error: {error:?}");
    assert_eq!(get(error, "name").as_string().as_deref(), Some("TalentbrugError"));
    get(error, "reason").as_string().unwrap_or_default()
}

const URL: &str = "https://a.example/feed/";

async fn search(feed: &TalentFeed) -> Result<JsValue, JsValue> {
    JsFuture::from(feed.search(js_sys::JSON::parse(r#"{"postcode":"3000","radius_km":10}"#).unwrap())).await
}

#[wasm_bindgen_test]
async fn a_listed_file_is_read_one_byte_past_its_length_however_much_is_sent() {
    let server = Server::new(&[], Answers::Whole, "tiles/big.tb2");
    let bytes = fetch_listed(server.fetch.clone(), &format!("{URL}tiles/big.tb2"), 100_000).await.expect("an answer");
    assert_eq!(bytes.len(), 100_001, "one byte past the listed length, so the length check refuses it");
    assert_eq!((bytes[0], bytes[100_000]), (1, 2), "the first two chunks, in order");
    assert!(server.pulled() <= pulled_at_most(100_001), "{} chunks of 64 KiB pulled for a file listed at 100,000 bytes", server.pulled());
}

#[wasm_bindgen_test]
async fn a_listed_file_of_its_length_is_read_whole_from_many_chunks() {
    let f = files();
    let tile = &f.files.iter().find(|(p, _)| *p == f.tile).unwrap().1;
    let server = Server::new(&f.files, Answers::SmallChunks, "");
    let bytes = fetch_listed(server.fetch.clone(), &format!("{URL}{}", f.tile), tile.len() as u64).await.expect("an answer");
    assert_eq!(&bytes, tile);
    let error = fetch_listed(server.fetch.clone(), &format!("{URL}tiles/none.tb2"), 10).await.expect_err("a 404");
    assert_eq!(error, LoadError::Status { url: format!("{URL}tiles/none.tb2"), status: 404 });
}

#[wasm_bindgen_test]
async fn an_answer_without_a_readable_stream_is_read_with_array_buffer_and_cut() {
    let f = files();
    let tile = &f.files.iter().find(|(p, _)| *p == f.tile).unwrap().1;
    for answers in [Answers::NoBody, Answers::NodeStream] {
        let server = Server::new(&f.files, answers, "");
        let url = format!("{URL}{}", f.tile);
        assert_eq!(&fetch_listed(server.fetch.clone(), &url, tile.len() as u64).await.expect("an answer"), tile);
        let cut = fetch_listed(server.fetch.clone(), &url, 3).await.expect("an answer");
        assert_eq!(cut, tile[..4], "listed + 1 bytes");
    }
}

#[wasm_bindgen_test]
async fn a_manifest_longer_than_any_manifest_is_refused_unread() {
    let server = Server::new(&[], Answers::Whole, "manifest.json");
    let url = format!("{URL}manifest.json");
    let error = fetch_unlisted(server.fetch.clone(), &url).await.expect_err("64 MiB");
    assert_eq!(error, LoadError::TooLarge { url: url.clone(), limit: 4 * 1024 * 1024 });
    assert_eq!(error.reason(), "invalid");
    assert!(server.pulled() <= pulled_at_most(4 * 1024 * 1024 + 1), "{} chunks of 64 KiB pulled", server.pulled());

    let Err(error) = TalentFeed::load(&url, &server.options("a key")).await else { panic!("64 MiB manifest") };
    assert_eq!(reason(&error), "invalid");
}

/// A search on a feed whose file at `hostile` (a region file, the tile or its detail chunk) is
/// streamed as 64 MiB: refused as `tile`, with only the start of the stream pulled.
async fn refused_when_streamed_long(hostile: &str) {
    let f = files();
    let server = Server::new(&f.files, Answers::Whole, hostile);
    let feed = TalentFeed::load(&format!("{URL}manifest.json"), &server.options(&f.public_key)).await.expect("the manifest is whole");
    let error = search(&feed).await.expect_err("a file streamed for ever");
    assert_eq!(reason(&error), "tile", "{hostile}: {:?}", get(&error, "message"));
    assert!(get(&error, "url").as_string().is_some_and(|u| u.ends_with(hostile)), "{hostile}: {:?}", get(&error, "url"));
    let pulled = server.pulled();
    assert!(pulled >= 1.0 && pulled <= pulled_at_most(1), "{hostile}: {pulled} of {HOSTILE_CHUNKS} chunks pulled");
}

#[wasm_bindgen_test]
async fn a_region_file_streamed_for_ever_is_refused_after_few_chunks() {
    refused_when_streamed_long(&files().region).await;
}

#[wasm_bindgen_test]
async fn a_tile_streamed_for_ever_is_refused_after_few_chunks() {
    refused_when_streamed_long(&files().tile).await;
}

#[wasm_bindgen_test]
async fn a_detail_chunk_streamed_for_ever_is_refused_after_few_chunks() {
    refused_when_streamed_long(&files().detail).await;
}

#[wasm_bindgen_test]
async fn a_feed_loads_whatever_the_chunks_and_without_streams() {
    let f = files();
    for answers in [Answers::Whole, Answers::SmallChunks, Answers::NoBody, Answers::NodeStream] {
        let server = Server::new(&f.files, answers, "");
        let feed = TalentFeed::load(&format!("{URL}manifest.json"), &server.options(&f.public_key)).await.expect("the feed loads");
        let result = search(&feed).await.expect("the search runs");
        assert_eq!(get(&result, "total").as_f64(), Some(2.0));
        let pitch = get(&feed.profile("leuven-a").expect("a profile"), "pitch");
        assert_eq!(pitch.as_string().as_deref(), Some("Ik pak graag in."), "the detail chunk is read too");
    }
}
