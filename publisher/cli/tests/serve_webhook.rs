//! `--webhook`: each new request is POSTed to the organisation's system, retried with backoff
//! when it fails, and still delivered after the server restarts.

mod serve_common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serve_common::{eventually, good_request, s, talentbrug, Server, Site};

/// A delivery as the organisation's system received it.
#[derive(Clone, Debug)]
struct Delivery {
    idempotency_key: Option<String>,
    body: serde_json::Value,
}

/// How the receiver answers one delivery.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Answer {
    /// 200: delivered.
    Ok,
    /// 500: the organisation's system failed.
    Error,
    /// The connection is closed without an answer, as when the system is down.
    HangUp,
}

/// The organisation's system, on a port the system picked.
struct Receiver {
    /// Where the server should deliver.
    url: String,
    /// Every delivery answered with 200, in order.
    seen: Arc<Mutex<Vec<Delivery>>>,
}

/// A receiver that answers the `n`-th delivery (from 0) as `answer(n)` says.
fn receiver(answer: impl Fn(usize) -> Answer + Send + 'static) -> Receiver {
    let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let url = format!("http://{}/hooks/talentbrug", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let out = seen.clone();
    std::thread::spawn(move || {
        for (n, stream) in listener.incoming().enumerate() {
            let Ok(mut stream) = stream else { continue };
            let answer = answer(n);
            if answer == Answer::HangUp {
                drop(stream);
                continue;
            }
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
            let status = if answer == Answer::Ok { "200 OK" } else { "500 Internal Server Error" };
            let _ = stream.write_all(format!("HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").as_bytes());
            if answer == Answer::Ok {
                out.lock().unwrap().push(Delivery { idempotency_key: key, body: serde_json::from_slice(&body).unwrap() });
            }
        }
    });
    Receiver { url, seen }
}

/// The request `reference` as `talentbrug inbox show` reports it.
fn shown(site: &Site, reference: &str) -> serde_json::Value {
    let (ok, out, err) = talentbrug(&["inbox", "show", reference, "--db", s(&site.db), "--json"]);
    assert!(ok, "{err}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn new_requests_are_delivered_with_retries_and_the_record_id() {
    let site = Site::new("webhook");
    let org = talentbrug::demo::prepare(&site.dir.join("org"), 200, 3).unwrap();
    std::fs::copy(&org.feed, &site.feed).unwrap();
    std::fs::copy(talentbrug_private::signature_path(&org.feed), site.sig()).unwrap();
    let hook = receiver(|n| if n == 0 { Answer::Error } else { Answer::Ok });
    let seen = hook.seen.clone();
    let server = Server::start(&site, &["--webhook", &hook.url, "--private-dir", s(&org.private_dir), "--public-key", &org.public_key]);
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

    // The server records the delivery once it has read the answer, just after the receiver saw it.
    assert!(
        eventually(Duration::from_secs(10), || shown(&site, &reference)["webhook"]["delivered_at"].is_string()),
        "{}",
        server.log_text()
    );
    assert_eq!(shown(&site, &reference)["webhook"]["attempts"], 1, "one failed attempt before the delivery");

    // Delivered once: a second request wakes the sender, whose round takes every due row; had
    // the first stayed due, it would go out again in that round, before the second.
    let reply = server.post_json(&good_request(&id, "hook-key-00000000002").to_string());
    assert_eq!(reply.status, 201);
    let second = reply.json()["reference"].as_str().unwrap().to_owned();
    assert!(eventually(Duration::from_secs(20), || shown(&site, &second)["webhook"]["delivered_at"].is_string()), "{}", server.log_text());
    let references: Vec<serde_json::Value> = seen.lock().unwrap().iter().map(|d| d.body["reference"].clone()).collect();
    assert_eq!(references, [reference.as_str(), second.as_str()], "each request delivered once");
}

#[test]
fn the_outbox_survives_a_restart() {
    let site = Site::new("outbox");
    // The organisation's system is down (it hangs up) until `up`.
    let up = Arc::new(AtomicBool::new(false));
    let hook = receiver({
        let up = up.clone();
        move |_| if up.load(Ordering::SeqCst) { Answer::Ok } else { Answer::HangUp }
    });
    let server = Server::start(&site, &["--webhook", &hook.url]);
    let feed = talentbrug_core::Feed::parse(&std::fs::read(&site.feed).unwrap()).unwrap();
    let reply = server.post_json(&good_request(feed.profiles[1].id.as_str(), "outbox-key-000000001").to_string());
    assert_eq!(reply.status, 201);
    let reference = reply.json()["reference"].as_str().unwrap().to_owned();
    // The attempt fails and is recorded.
    assert!(eventually(Duration::from_secs(10), || shown(&site, &reference)["webhook"]["attempts"] == 1), "{}", server.log_text());
    assert!(server.terminate().success());

    up.store(true, Ordering::SeqCst);
    let server = Server::start(&site, &["--webhook", &hook.url]);
    assert!(eventually(Duration::from_secs(20), || hook.seen.lock().unwrap().len() == 1), "{}", server.log_text());
    assert_eq!(hook.seen.lock().unwrap()[0].body["reference"], reference.as_str());
    assert!(hook.seen.lock().unwrap()[0].body["record_id"].is_null(), "no mapping given: no record id");
}
