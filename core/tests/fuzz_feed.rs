//! The feed readers on hostile input, for `cargo xtask fuzz --cases N` (ignored in normal runs;
//! the small always-on property tests are in `src/feed.rs` and `tests/tile_codec.rs`):
//! `PROPTEST_CASES` sets how many cases run per reader (the v1 feed, the v2 manifest, the v2
//! tile): arbitrary bytes, and a valid input with bytes changed, inserted or cut off. Every one
//! must give a value or an error, never a panic, and a changed feed or manifest must never pass
//! the signature check.

use ed25519_dalek::{Signer, SigningKey};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use talentbrug_core::manifest::{Manifest, TileEntry};
use talentbrug_core::region::{check_region, Region};
use talentbrug_core::signature::to_base64;
use talentbrug_core::{tile, Feed, Profile, Timestamp};

const FEED: &str = r#"{"format":"talentbrug-feed/1",
"publisher":{"name":"Werkpunt Leuven","contact":"jobs@werkpunt.example","request_url":"/api/requests","privacy_url":"/privacy.html"},
"issued_at":"2026-01-01T00:00:00Z","expires_at":"2026-02-01T00:00:00Z","sequence":7,
"occupations":{"040fcfa5-24be-43eb-afd5-828297175b16":{"label":"magazijnmedewerker kleding"}},
"profiles":[{"id":"heverlee-b","area":{"postcode":"BE-3001","label":"Heverlee","lat":50.864,"lon":4.696},
"reach_km":10,"travel_modes":["bike"],"occupations":["040fcfa5-24be-43eb-afd5-828297175b16"],
"talents":["packing"],"strengths":["punctual"],"languages":[{"lang":"nl","level":"B1"}],
"hours":{"min":20,"max":30},"shifts":["day"],"available_from":"2026-01",
"contract_forms":["temp"],"job_coaching":true,"workplace_needs":["quiet_workplace"],"pitch":"Ik pak graag aan."}]}"#;

/// `base` with the byte at `at` replaced (mode 0), `insert` put in at `at` (mode 1), or cut
/// off at `at` (mode 2).
fn mutate(base: &[u8], at: usize, insert: &[u8], mode: u8) -> Vec<u8> {
    let mut bytes = base.to_vec();
    let at = at % (bytes.len() + 1);
    match mode % 3 {
        0 if at < bytes.len() => bytes[at] = insert.first().copied().unwrap_or(0),
        1 => {
            bytes.splice(at..at, insert.iter().copied());
        }
        _ => bytes.truncate(at),
    }
    bytes
}

/// Arbitrary bytes, or `valid` changed.
fn hostile(valid: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..2000),
        (any::<usize>(), proptest::collection::vec(any::<u8>(), 1..16), any::<u8>())
            .prop_map(move |(at, insert, mode)| mutate(&valid, at, &insert, mode)),
    ]
}

fn hostile_feeds() -> impl Strategy<Value = Vec<u8>> {
    hostile(FEED.as_bytes().to_vec())
}

/// The sample feed's profiles as a tile, its region, and a manifest listing that region.
fn v2_sample() -> (Vec<u8>, Region, String) {
    let feed = Feed::parse(FEED.as_bytes()).unwrap();
    let mut profiles: Vec<Profile> = feed.profiles.clone();
    let mut second = profiles[0].clone();
    second.id = "leuven-c".parse().unwrap();
    second.pitch = None;
    profiles.push(second);
    let bytes = tile::encode(&profiles).unwrap().tile;
    let entry = TileEntry::describe("508_31_r2", &bytes, &profiles).unwrap();
    let region = Region::new("127_7_r2", vec![entry]).unwrap();
    let manifest = format!(
        r#"{{"format":"talentbrug-feed/2","publisher":{},"issued_at":"2026-01-01T00:00:00Z","expires_at":"2026-02-01T00:00:00Z","sequence":7,"regions":[{}]}}"#,
        serde_json::to_string(&feed.publisher).unwrap(),
        serde_json::to_string(&region.entry).unwrap()
    );
    (bytes, region, manifest)
}

#[test]
#[ignore = "long: run by `cargo xtask fuzz --cases N`"]
fn fuzz_manifest_parser() {
    let (_, _, manifest) = v2_sample();
    let key = SigningKey::from_bytes(&[7; 32]);
    let public_key = to_base64(key.verifying_key().as_bytes());
    let signature = to_base64(&key.sign(manifest.as_bytes()).to_bytes());
    let now: Timestamp = "2026-01-15T09:00:00Z".parse().unwrap();
    assert!(Manifest::parse_signed(manifest.as_bytes(), &signature, &public_key, now, None).is_ok(), "the sample is valid");
    let config = Config { failure_persistence: None, ..Config::default() };
    TestRunner::new(config)
        .run(&hostile(manifest.clone().into_bytes()), |bytes| {
            let _ = Manifest::parse(&bytes);
            let signed = Manifest::parse_signed(&bytes, &signature, &public_key, now, None);
            prop_assert!(bytes == manifest.as_bytes() || signed.is_err(), "a changed manifest passed the signature check");
            Ok(())
        })
        .unwrap();
}

#[test]
#[ignore = "long: run by `cargo xtask fuzz --cases N`"]
fn fuzz_tile_decoder() {
    let (tile_bytes, region, _) = v2_sample();
    let entry = &region.tiles[0];
    assert_eq!(talentbrug_core::manifest::check_tile(entry, &tile_bytes).unwrap().profiles.len(), 2, "the sample is valid");
    let config = Config { failure_persistence: None, ..Config::default() };
    TestRunner::new(config)
        .run(&hostile(tile_bytes.clone()), |bytes| {
            // Decoding alone must never panic; through the manifest, only the listed bytes pass.
            let _ = tile::decode(&bytes);
            let checked = talentbrug_core::manifest::check_tile(entry, &bytes);
            prop_assert!(bytes == tile_bytes || checked.is_err(), "changed tile bytes passed the manifest's hash");
            Ok(())
        })
        .unwrap();
    // The same with ids stored as raw bytes (random hex) and as a prefix and row numbers (as the
    // publisher names rows).
    for ids in [["0123456789abcdef", "fedcba9876543210"], ["3f9a0c1e-0", "3f9a0c1e-1"]] {
        let mut profiles = tile::decode(&tile_bytes).unwrap().profiles;
        for (p, id) in profiles.iter_mut().zip(ids) {
            p.id = id.parse().unwrap();
        }
        let sample = tile::encode(&profiles).unwrap().tile;
        assert_eq!(tile::decode(&sample).unwrap().profiles, profiles, "the sample with ids {ids:?} is valid");
        TestRunner::new(Config { failure_persistence: None, ..Config::default() })
            .run(&hostile(sample), |bytes| {
                let _ = tile::decode(&bytes);
                Ok(())
            })
            .unwrap();
    }
}

#[test]
#[ignore = "long: run by `cargo xtask fuzz --cases N`"]
fn fuzz_region_parser() {
    let (_, region, _) = v2_sample();
    assert_eq!(check_region(&region.entry, &region.bytes).unwrap(), region.tiles, "the sample is valid");
    let config = Config { failure_persistence: None, ..Config::default() };
    TestRunner::new(config)
        .run(&hostile(region.bytes.clone()), |bytes| {
            // Only the bytes the root lists pass; anything else is refused without a panic.
            let checked = check_region(&region.entry, &bytes);
            prop_assert!(bytes == region.bytes || checked.is_err(), "changed region bytes passed the manifest's hash");
            // The parser behind the hash, reached through an entry describing the changed bytes.
            let mut entry = region.entry.clone();
            entry.sha256 = talentbrug_core::manifest::Sha256Hex::of(&bytes);
            entry.bytes = bytes.len() as u64;
            let _ = check_region(&entry, &bytes);
            Ok(())
        })
        .unwrap();
}

#[test]
#[ignore = "long: run by `cargo xtask fuzz --cases N`"]
fn fuzz_feed_parser() {
    let key = SigningKey::from_bytes(&[7; 32]);
    let public_key = to_base64(key.verifying_key().as_bytes());
    let signature = to_base64(&key.sign(FEED.as_bytes()).to_bytes());
    let now: Timestamp = "2026-01-15T09:00:00Z".parse().unwrap();
    assert!(Feed::parse_signed(FEED.as_bytes(), &signature, &public_key, now, None).is_ok(), "the sample is valid");
    let config = Config { failure_persistence: None, ..Config::default() };
    TestRunner::new(config)
        .run(&hostile_feeds(), |bytes| {
            let _ = Feed::parse(&bytes);
            let signed = Feed::parse_signed(&bytes, &signature, &public_key, now, None);
            prop_assert!(bytes == FEED.as_bytes() || signed.is_err(), "a changed feed passed the signature check");
            Ok(())
        })
        .unwrap();
}
