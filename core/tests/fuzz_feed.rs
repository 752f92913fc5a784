//! The feed parser on hostile input, for `cargo xtask fuzz --cases N` (ignored in normal runs;
//! the small always-on property tests are in `src/feed.rs`). `PROPTEST_CASES` sets how many
//! cases run: arbitrary bytes, and a valid feed with bytes changed, inserted or cut off. Every
//! one must give a feed or an error, never a panic, and a changed feed must never pass the
//! signature check.

use ed25519_dalek::{Signer, SigningKey};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use talentbrug_core::signature::to_base64;
use talentbrug_core::{Feed, Timestamp};

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

fn hostile_feeds() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..2000),
        (any::<usize>(), proptest::collection::vec(any::<u8>(), 1..16), any::<u8>()).prop_map(|(at, insert, mode)| mutate(
            FEED.as_bytes(),
            at,
            &insert,
            mode
        )),
    ]
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
