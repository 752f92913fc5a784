//! `POST /api/requests` against the real server: acknowledged only when stored, idempotent,
//! every kind of bad input answered with a 4xx naming the field, and the server keeps serving.

mod serve_common;

use proptest::prelude::*;
use serve_common::{good_request, Server, Site};
use talentbrug_inbox::Store;

fn first_id(site: &Site) -> String {
    let feed = talentbrug_core::Feed::parse(&std::fs::read(&site.feed).unwrap()).unwrap();
    feed.profiles[0].id.to_string()
}

#[test]
fn a_request_is_stored_once_per_idempotency_key() {
    let site = Site::new("requests");
    let server = Server::start(&site, &[]);
    let id = first_id(&site);
    let body = good_request(&id, "key-aaaaaaaaaaaaaaaa").to_string();

    let first = server.post_json(&body);
    assert_eq!(first.status, 201, "{}", first.text());
    let answer = first.json();
    let reference = answer["reference"].as_str().unwrap().to_owned();
    assert!(reference.starts_with("TB-") && reference.len() == 14, "{reference}");
    let status_url = answer["status_url"].as_str().unwrap().to_owned();
    assert!(status_url.starts_with("/status/") && status_url.len() == "/status/".len() + 32, "{status_url}");
    assert!(first.header("idempotent-replayed").is_none());

    // Committed before the answer: another connection sees the row now.
    let store = Store::open_existing(&site.db).unwrap();
    assert_eq!(store.count().unwrap(), 1);
    let row = store.get(&reference.parse().unwrap()).unwrap();
    assert_eq!(row.profile_id, id);
    assert_eq!(row.feed_sequence, Some(1));
    assert_eq!(row.employer.postcode, "BE-3000");

    let again = server.post_json(&body);
    assert_eq!(again.status, 201);
    let replayed = again.json();
    assert_eq!(replayed["reference"], answer["reference"], "same key, same request");
    // Only digests of status links are stored, so the retry gets a link of its own; both work.
    let second_url = replayed["status_url"].as_str().unwrap().to_owned();
    assert_ne!(second_url, status_url);
    for url in [&status_url, &second_url] {
        assert_eq!(server.get(url, &[]).status, 200, "{url}");
    }
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(store.count().unwrap(), 1, "no second row");

    // The same key with a different request is refused, not silently merged.
    let mut changed = good_request(&id, "key-aaaaaaaaaaaaaaaa");
    changed["vacancy"]["title"] = "Magazijnier".into();
    let conflict = server.post_json(&changed.to_string());
    assert_eq!(conflict.status, 409);
    assert_eq!(conflict.json()["field"], "idempotency_key");

    let other = server.post_json(&good_request(&id, "key-bbbbbbbbbbbbbbbb").to_string());
    assert_eq!(other.status, 201);
    assert_ne!(other.json()["reference"], answer["reference"]);
    assert_eq!(store.count().unwrap(), 2);

    // The log names references and profile ids, never the employer.
    let log = server.log_text();
    assert!(log.contains(&reference), "{log}");
    for personal in ["Peeters", "bakkerij-peeters.be", "12 34 56", "127.0.0.1"] {
        assert!(!log.contains(personal), "{personal} in the log:\n{log}");
    }
}

#[test]
fn bad_input_gets_a_4xx_naming_the_field_and_never_stops_the_server() {
    let site = Site::new("bad-input");
    let server = Server::start(&site, &["--rate-limit-per-minute", "0"]);
    let id = first_id(&site);
    let good = good_request(&id, "key-cccccccccccccccc");

    let with = |change: &dyn Fn(&mut serde_json::Value)| {
        let mut body = good.clone();
        change(&mut body);
        server.post_json(&body.to_string())
    };
    let field_problem = |reply: &serve_common::Reply| -> Vec<(String, String)> {
        reply.json()["errors"]
            .as_array()
            .unwrap_or(&Vec::new())
            .iter()
            .map(|e| (e["field"].as_str().unwrap().to_owned(), e["problem"].as_str().unwrap().to_owned()))
            .collect()
    };

    // 422: well-formed, but the checks say no; each names its field.
    type Change = Box<dyn Fn(&mut serde_json::Value)>;
    let cases: Vec<(Change, &str, &str)> = vec![
        (Box::new(|b| b["profile_id"] = "not-in-the-feed".into()), "profile_id", "unknown_profile"),
        (Box::new(|b| b["commitment"] = false.into()), "commitment", "must_accept"),
        (Box::new(|b| b["consent"] = false.into()), "consent", "must_accept"),
        (Box::new(|b| b["form_ms"] = 1_500.into()), "form_ms", "too_fast"),
        (Box::new(|b| b["website"] = "http://spam.example".into()), "website", "honeypot"),
        (Box::new(|b| b["employer"]["email"] = "an@bakkerij".into()), "employer.email", "invalid_email"),
        (Box::new(|b| b["employer"]["postcode"] = "0000".into()), "employer.postcode", "unknown_postcode"),
        (Box::new(|b| b["employer"]["company"] = "x".repeat(5_000).into()), "employer.company", "too_long"),
        (Box::new(|b| b["vacancy"]["description"] = "é".repeat(5_000).into()), "vacancy.description", "too_long"),
        (Box::new(|b| b["idempotency_key"] = "short".into()), "idempotency_key", "invalid_key"),
    ];
    for (change, field, problem) in cases {
        let reply = with(&*change);
        assert_eq!(reply.status, 422, "{field}: {}", reply.text());
        assert_eq!(field_problem(&reply), vec![(field.to_owned(), problem.to_owned())]);
    }

    // 400: not the request JSON at all, or the wrong types; the field is named where known.
    let malformed: Vec<(String, Option<&str>)> = vec![
        ("{".into(), None),
        ("null".into(), None),
        ("[]".into(), None),
        ("".into(), None),
        ("\u{0}\u{1}binary".into(), None),
        (good.to_string().replace("\"form_ms\":42000", "\"form_ms\":\"42\""), Some("form_ms")),
        (good.to_string().replace("\"commitment\":true", "\"commitment\":\"yes\""), Some("commitment")),
        (good.to_string().replace("\"hours_per_week\":30", "\"hours_per_week\":1e99"), Some("vacancy.hours_per_week")),
        (good.to_string().replace("\"website\":\"\"", "\"website\":\"\",\"cv\":\"attached\""), None),
        (format!("{good}{good}"), None),
    ];
    for (body, field) in malformed {
        let reply = server.post_json(&body);
        assert_eq!(reply.status, 400, "{body:.80}: {}", reply.text());
        let json = reply.json();
        assert_eq!(json["error"], "malformed_request");
        if let Some(field) = field {
            assert_eq!(json["field"], field, "{}", reply.text());
        }
    }

    // 415 for anything but JSON, 413 over 16 KB (declared or streamed).
    for ty in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"] {
        let reply = server.request("POST", "/api/requests", &[("Content-Type", ty)], good.to_string().as_bytes());
        assert_eq!(reply.status, 415, "{ty}");
    }
    let reply = server.request("POST", "/api/requests", &[], good.to_string().as_bytes());
    assert_eq!(reply.status, 415, "no content type");
    let huge = format!("{{\"profile_id\":\"{}\"}}", "x".repeat(17 * 1024));
    assert_eq!(server.post_json(&huge).status, 413);
    let chunked_huge = {
        let chunk = "x".repeat(4096);
        let mut body = String::new();
        for _ in 0..6 {
            body.push_str(&format!("{:x}\r\n{chunk}\r\n", chunk.len()));
        }
        body.push_str("0\r\n\r\n");
        body
    };
    let reply = server.request(
        "POST",
        "/api/requests",
        &[("Content-Type", "application/json"), ("Transfer-Encoding", "chunked")],
        chunked_huge.as_bytes(),
    );
    assert_eq!(reply.status, 413);
    let lying = server.request("POST", "/api/requests", &[("Content-Type", "application/json"), ("Content-Length", "99999999")], b"{}");
    assert_eq!(lying.status, 413);

    // Nothing was stored, and the server still takes a good request.
    assert_eq!(Store::open_existing(&site.db).unwrap().count().unwrap(), 0);
    assert_eq!(server.post_json(&good.to_string()).status, 201);
}

#[test]
fn rate_limit_and_cors() {
    let site = Site::new("limits");
    let server = Server::start(&site, &["--rate-limit-per-minute", "3", "--allow-origin", "https://stad.example"]);
    let id = first_id(&site);

    // CORS preflight: allowed partner yes, others no.
    let preflight = |origin: &str| {
        server.request(
            "OPTIONS",
            "/api/requests",
            &[("Origin", origin), ("Access-Control-Request-Method", "POST"), ("Access-Control-Request-Headers", "content-type")],
            b"",
        )
    };
    let allowed = preflight("https://stad.example");
    assert_eq!(allowed.header("access-control-allow-origin"), Some("https://stad.example"));
    assert!(allowed.header("access-control-allow-methods").is_some_and(|m| m.contains("POST")));
    assert!(preflight("https://evil.example").header("access-control-allow-origin").is_none());

    // A POST from a page of another origin is refused outright (and counts against the limit).
    let mut body = good_request(&id, "key-dddddddddddddddd").to_string();
    let evil = server.request(
        "POST",
        "/api/requests",
        &[("Content-Type", "application/json"), ("Origin", "https://evil.example")],
        body.as_bytes(),
    );
    assert_eq!(evil.status, 403);
    let partner = server.request(
        "POST",
        "/api/requests",
        &[("Content-Type", "application/json"), ("Origin", "https://stad.example")],
        body.as_bytes(),
    );
    assert_eq!(partner.status, 201, "{}", partner.text());
    assert_eq!(partner.header("access-control-allow-origin"), Some("https://stad.example"));
    let own = server.request("POST", "/api/requests", &[("Content-Type", "application/json"), ("Origin", &server.base)], body.as_bytes());
    assert_eq!(own.status, 201, "the server's own pages may send");

    // Fourth request within the minute: 429 with Retry-After.
    body = good_request(&id, "key-eeeeeeeeeeeeeeee").to_string();
    let limited = server.post_json(&body);
    assert_eq!(limited.status, 429);
    let wait: u64 = limited.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=20).contains(&wait), "{wait}");
    // Other routes are not limited.
    assert_eq!(server.get("/feed.json", &[]).status, 200);
}

#[test]
fn zero_disables_the_rate_limit() {
    let site = Site::new("nolimit");
    let server = Server::start(&site, &["--rate-limit-per-minute", "0"]);
    let id = first_id(&site);
    for i in 0..40 {
        let reply = server.post_json(&good_request(&id, &format!("key-nolimit-{i:08}")).to_string());
        assert_eq!(reply.status, 201, "{i}");
    }
}

/// Cases of the HTTP fuzz below; the in-process parser fuzz (publisher/server/src/api.rs) runs
/// thousands more.
const HTTP_FUZZ_CASES: u32 = 300;

#[test]
fn fuzzed_bodies_over_http_get_4xx_and_the_server_survives() {
    let site = Site::new("fuzz");
    let server = Server::start(&site, &["--rate-limit-per-minute", "0"]);
    let id = first_id(&site);
    let good = good_request(&id, "key-ffffffffffffffff").to_string().into_bytes();
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(HTTP_FUZZ_CASES));
    let strategy = (proptest::collection::vec(any::<u8>(), 0..400), 0usize..2000, any::<u8>(), 0u8..3);
    runner
        .run(&strategy, |(random, at, byte, mode)| {
            let body = match mode {
                0 => random,
                1 => {
                    let mut b = good.clone();
                    let i = at % b.len();
                    b[i] = byte;
                    b
                }
                _ => good[..at % good.len()].to_vec(),
            };
            let reply = server.request("POST", "/api/requests", &[("Content-Type", "application/json")], &body);
            // A mutation can still be a valid request (a changed letter in a name): 201 is fine then.
            prop_assert!(
                (400..500).contains(&reply.status) || reply.status == 201,
                "{} for {:?}",
                reply.status,
                String::from_utf8_lossy(&body)
            );
            Ok(())
        })
        .unwrap();
    assert_eq!(server.get("/api/health", &[]).status, 200);
}

#[test]
fn status_links_are_absolute_with_a_public_url() {
    let site = Site::new("public-url");
    let server = Server::start(&site, &["--public-url", "https://jobs.werkpunt.example/"]);
    let reply = server.post_json(&good_request(&first_id(&site), "key-public-url-00001").to_string());
    assert_eq!(reply.status, 201);
    let url = reply.json()["status_url"].as_str().unwrap().to_owned();
    assert!(url.starts_with("https://jobs.werkpunt.example/status/"), "{url}");
    let path = url.trim_start_matches("https://jobs.werkpunt.example");
    assert_eq!(server.get(path, &[]).status, 200);
    // The widget's language travels into the link.
    let reply = server.request(
        "POST",
        "/api/requests?lang=fr",
        &[("Content-Type", "application/json")],
        good_request(&first_id(&site), "key-public-url-00002").to_string().as_bytes(),
    );
    let url = reply.json()["status_url"].as_str().unwrap().to_owned();
    assert!(url.ends_with("?lang=fr"), "{url}");
    let page = server.get(url.trim_start_matches("https://jobs.werkpunt.example"), &[]).text();
    assert!(page.contains("<html lang=\"fr\">"));
    let (ok, _, err) = serve_common::talentbrug(&["serve", "--feed", "x", "--db", "y", "--public-url", "jobs.example"]);
    assert!(!ok && err.contains("not an http:// or https:// URL"), "{err}");
}
