//! `talentbrug demo-feed` and `talentbrug search` as a user runs them: the JSON answer is the
//! core's search exactly, and bad input exits non-zero with one clear line on stderr.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use talentbrug_core::api::QueryInput;
use talentbrug_core::{search, FeedIndex};

fn talentbrug(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_talentbrug")).args(args).output().expect("the talentbrug binary runs")
}

fn demo_feed(dir: &Path) -> PathBuf {
    let feed = dir.join("feed.json");
    let out = talentbrug(&[
        "demo-feed",
        "--profiles",
        "1500",
        "--seed",
        "7",
        "--issued-at",
        "2026-11-01T00:00:00Z",
        "--out",
        feed.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    feed
}

#[test]
fn demo_feeds_are_reproducible() {
    let dir = tempfile::tempdir().unwrap();
    let a = std::fs::read(demo_feed(dir.path())).unwrap();
    let b = std::fs::read(demo_feed(dir.path())).unwrap();
    assert_eq!(a, b, "same seed, same bytes");
    assert_eq!(FeedIndex::parse(&a).unwrap().len(), 1500);
}

#[test]
fn json_output_is_the_core_search() {
    let dir = tempfile::tempdir().unwrap();
    let feed = demo_feed(dir.path());
    let index = FeedIndex::parse(&std::fs::read(&feed).unwrap()).unwrap();
    let today = talentbrug_private::now().month();
    let cases: [(&[&str], QueryInput); 3] = [
        (&["--postcode", "3000"], QueryInput { postcode: "3000".into(), ..Default::default() }),
        (
            &[
                "--postcode",
                "Gent",
                "--radius-km",
                "25",
                "--hours",
                "30-38",
                "--contract",
                "temp",
                "--contract",
                "permanent",
                "--limit",
                "5",
            ],
            QueryInput {
                postcode: "Gent".into(),
                radius_km: Some(25.0),
                hours: Some(talentbrug_core::api::HoursInput::Text("30-38".into())),
                contract_forms: vec!["temp".into(), "permanent".into()],
                limit: Some(5),
                ..Default::default()
            },
        ),
        (
            &["--postcode", "2000 Antwerpen", "--radius-km", "15", "--talent", "cleaning", "--shift", "evening", "--language", "nl:B1"],
            QueryInput {
                postcode: "2000 Antwerpen".into(),
                radius_km: Some(15.0),
                talents: vec!["cleaning".into()],
                shifts: vec!["evening".into()],
                languages: vec![talentbrug_core::api::LanguageInput::Text("nl:B1".into())],
                ..Default::default()
            },
        ),
    ];
    for (flags, input) in cases {
        let mut args = vec!["search", feed.to_str().unwrap(), "--json"];
        args.extend_from_slice(flags);
        let out = talentbrug(&args);
        assert!(out.status.success(), "{flags:?}: {}", String::from_utf8_lossy(&out.stderr));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let (query, _, limit) = input.to_query(today).unwrap();
        let expected = search(&index, &query, limit);
        assert!(expected.total > 0, "{flags:?} should find someone");
        assert_eq!(json["total"], expected.total, "{flags:?}");
        let ids: Vec<&str> = json["matches"].as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap()).collect();
        let want: Vec<&str> = expected.matches.iter().map(|m| m.profile.id.as_str()).collect();
        assert_eq!(ids, want, "{flags:?}");
        let first = &json["matches"][0];
        assert_eq!(first["distance_band"], expected.matches[0].distance_band.code());
        assert_eq!(first["score"], expected.matches[0].score);
        assert!(first["why"].as_array().unwrap().iter().any(|r| r.as_str().unwrap().starts_with("distance:")));
    }
}

#[test]
fn table_output_is_readable() {
    let dir = tempfile::tempdir().unwrap();
    let feed = demo_feed(dir.path());
    let out = talentbrug(&["search", feed.to_str().unwrap(), "--postcode", "3000", "--limit", "3"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("within 10 km of 3000 Leuven (BE), showing 3"), "{text}");
    assert!(text.lines().nth(1).unwrap().starts_with("#  id"), "{text}");
    assert_eq!(text.lines().count(), 5, "{text}");
}

#[test]
fn bad_input_fails_with_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let feed = demo_feed(dir.path());
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, br#"{"format":"talentbrug-feed/1","profiles":[{"id":"x"}]}"#).unwrap();
    let feed = feed.to_str().unwrap();
    let cases: [(&[&str], &str); 6] = [
        (&["search", feed, "--postcode", "1001"], "--postcode: postcode 1001 does not exist"),
        (&["search", feed, "--postcode", "3000", "--hours", "30-10"], "--hours: the lowest hours (30) are above the highest (10)"),
        (&["search", feed, "--postcode", "3000", "--contract", "forever"], "--contract: unknown contract form code `forever`"),
        (&["search", feed, "--postcode", "3000", "--radius-km", "-1"], "--radius-km:"),
        (&["search", broken.to_str().unwrap(), "--postcode", "3000"], "broken.json:"),
        (&["search", "/nonexistent/feed.json", "--postcode", "3000"], "/nonexistent/feed.json:"),
    ];
    for (args, expected) in cases {
        let out = talentbrug(args);
        assert!(!out.status.success(), "{args:?} should fail");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
}
