//! `--webhook`: each new request is POSTed to the organisation's system, retried with backoff
//! when it fails, and still delivered after the server restarts.

mod serve_common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serve_common::{eventually, good_request, s, talentbrug, Server, Site};

/// A delivery as the organisation's system received it.
#[derive(Clone, Debug)]
struct Delivery {
    idempotency_key: Option<String>,
    body: serde_json::Value,
}

/// A receiver on `port` that answers the first `failures` deliveries with 500, then 200.
fn receiver(port: u16, failures: usize) -> Arc<Mutex<Vec<Delivery>>> {
    let listener = TcpListener::bind(("127.0.0.1", port)).unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let out = seen.clone();
    std::thread::spawn(move || {
        for (n, stream) in listener.incoming().enumerate() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let (mut length, mut key) = (0usize, None);
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                let lower = line.to_ascii_lowercase();
                if let Some(v) = lower.strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
                if lower.starts_with("idempotency-key:") {
                    key = Some(line["idempotency-key:".len()..].trim().to_owned());
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            let status = if n < failures { "500 Internal Server Error" } else { "200 OK" };
            let _ = stream.write_all(format!("HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").as_bytes());
            if n >= failures {
                out.lock().unwrap().push(Delivery { idempotency_key: key, body: serde_json::from_slice(&body).unwrap() });
            }
        }
    });
    seen
}

#[test]
fn new_requests_are_delivered_with_retries_and_the_record_id() {
    let site = Site::new("webhook");
    let org = talentbrug::demo::prepare(&site.dir.join("org"), 200, 3).unwrap();
    std::fs::copy(&org.feed, &site.feed).unwrap();
    std::fs::copy(talentbrug_private::signature_path(&org.feed), site.sig()).unwrap();
    let seen = receiver(8361, 1);
    let server = Server::start(&site, 8360, &["--webhook", "http://127.0.0.1:8361/hooks/talentbrug", "--private-dir", s(&org.private_dir)]);
    let feed = talentbrug_core::Feed::parse(&std::fs::read(&site.feed).unwrap()).unwrap();
    let id = feed.profiles[0].id.to_string();
    let reply = server.post_json(&good_request(&id, "hook-key-00000000001").to_string());
    assert_eq!(reply.status, 201);
    let reference = reply.json()["reference"].as_str().unwrap().to_owned();

    // First attempt answered 500; the retry (after 5 s) gets through.
    assert!(eventually(Duration::from_secs(20), || !seen.lock().unwrap().is_empty()), "{}", server.log_text());
    let delivery = seen.lock().unwrap()[0].clone();
    assert_eq!(delivery.idempotency_key.as_deref(), Some(reference.as_str()));
    assert_eq!(delivery.body["event"], "interview_request.received");
    assert_eq!(delivery.body["reference"], reference.as_str());
    assert_eq!(delivery.body["profile_id"], id.as_str());
    assert!(delivery.body["record_id"].as_str().is_some_and(|r| r.starts_with("SYN-")), "{}", delivery.body);
    assert_eq!(delivery.body["employer"]["email"], "an@bakkerij-peeters.be");

    let (ok, out, _) = talentbrug(&["inbox", "show", &reference, "--db", s(&site.db), "--json"]);
    assert!(ok);
    let shown: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(shown["webhook"]["delivered_at"].is_string(), "{shown}");
    assert_eq!(shown["webhook"]["attempts"], 1);
    std::thread::sleep(Duration::from_millis(2500));
    assert_eq!(seen.lock().unwrap().len(), 1, "delivered once");
}

#[test]
fn the_outbox_survives_a_restart() {
    let site = Site::new("outbox");
    let server = Server::start(&site, 8362, &["--webhook", "http://127.0.0.1:8363/hook"]);
    let feed = talentbrug_core::Feed::parse(&std::fs::read(&site.feed).unwrap()).unwrap();
    let reply = server.post_json(&good_request(feed.profiles[1].id.as_str(), "outbox-key-000000001").to_string());
    assert_eq!(reply.status, 201);
    // Nobody listens yet: the attempt fails and is recorded.
    assert!(eventually(Duration::from_secs(10), || {
        let (_, out, _) = talentbrug(&["inbox", "list", "--db", s(&site.db), "--json"]);
        let reference = serde_json::from_str::<serde_json::Value>(&out).unwrap()[0]["reference"].as_str().unwrap_or("").to_owned();
        let (_, out, _) = talentbrug(&["inbox", "show", &reference, "--db", s(&site.db), "--json"]);
        serde_json::from_str::<serde_json::Value>(&out).is_ok_and(|v| v["webhook"]["attempts"] == 1)
    }));
    assert!(server.terminate().success());

    let seen = receiver(8363, 0);
    let server = Server::start(&site, 8362, &["--webhook", "http://127.0.0.1:8363/hook"]);
    assert!(eventually(Duration::from_secs(20), || seen.lock().unwrap().len() == 1), "{}", server.log_text());
    assert_eq!(seen.lock().unwrap()[0].body["reference"], reply.json()["reference"]);
    assert!(seen.lock().unwrap()[0].body["record_id"].is_null(), "no mapping given: no record id");
}
