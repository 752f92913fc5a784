//! `--webhook`: each new request is POSTed to the organisation's system, signed, retried with
//! backoff when it fails, still delivered after the server restarts, and given up (and marked
//! so for the coach) once it is older than `--webhook-max-age-days`. The URL, which may hold a
//! token, is never stored or shown; plain http:// only goes to this machine.

mod serve_common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hmac::{Hmac, Mac};
use serve_common::{eventually, good_request, s, talentbrug, Server, Site};
use sha2::Sha256;

/// The secret the tests' organisation shares with its system.
const SECRET: &str = "test-webhook-secret-0123456789";

/// A delivery as the organisation's system received it.
#[derive(Clone, Debug)]
struct Delivery {
    idempotency_key: Option<String>,
    /// The `Talentbrug-Signature` header.
    signature: Option<String>,
    /// The body as sent (the signature covers these bytes).
    raw: Vec<u8>,
    body: serde_json::Value,
}

/// Writes `text` to `name` in the site's directory with Unix mode `mode`.
fn secret_file(site: &Site, name: &str, text: &str, mode: u32) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = site.dir.join(name);
    std::fs::write(&path, text).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
    path
}

/// `--webhook URL --webhook-secret-file <a private file with SECRET>`.
fn webhook_args(site: &Site, url: &str) -> Vec<String> {
    let secret = secret_file(site, "webhook.secret", &format!("{SECRET}\n"), 0o600);
    ["--webhook", url, "--webhook-secret-file", s(&secret)].map(str::to_owned).to_vec()
}

/// Checks `header` (`t=<seconds>,v1=<hex>`) as the README tells a receiver to: the HMAC-SHA-256
/// of `"<t>.<body>"` with the shared `secret`, compared in constant time.
fn verifies(secret: &str, header: &str, body: &[u8]) -> bool {
    let field = |name: &str| header.split(',').find_map(|part| part.strip_prefix(name)?.strip_prefix('='));
    let (Some(t), Some(v1)) = (field("t"), field("v1")) else { return false };
    let Some(expected) = (0..v1.len()).step_by(2).map(|i| u8::from_str_radix(v1.get(i..i + 2)?, 16).ok()).collect::<Option<Vec<u8>>>()
    else {
        return false;
    };
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(t.as_bytes());
    mac.update(b".");
    mac.update(body);
    mac.verify_slice(&expected).is_ok()
}

/// The `t=` of a signature header.
fn signed_at(header: &str) -> i64 {
    header.split(',').find_map(|p| p.strip_prefix("t=")).unwrap().parse().unwrap()
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
            let (mut length, mut key, mut signature) = (0usize, None, None);
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
                if lower.starts_with("talentbrug-signature:") {
                    signature = Some(line["talentbrug-signature:".len()..].trim().to_owned());
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            let status = if answer == Answer::Ok { "200 OK" } else { "500 Internal Server Error" };
            let _ = stream.write_all(format!("HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").as_bytes());
            if answer == Answer::Ok {
                let json = serde_json::from_slice(&body).unwrap();
                out.lock().unwrap().push(Delivery { idempotency_key: key, signature, raw: body, body: json });
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
    let mut args = webhook_args(&site, &hook.url);
    args.extend(["--private-dir", s(&org.private_dir), "--public-key", &org.public_key].map(str::to_owned));
    let server = Server::start(&site, &args.iter().map(String::as_str).collect::<Vec<_>>());
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

    // Signed: the receiver's check passes with the shared secret, and fails with another secret
    // or a changed body.
    let signature = delivery.signature.as_deref().expect("a Talentbrug-Signature header");
    assert!(verifies(SECRET, signature, &delivery.raw), "{signature}");
    assert!(!verifies("another-secret-0123456789", signature, &delivery.raw), "a wrong secret verifies");
    let mut changed = delivery.raw.clone();
    changed[10] ^= 1;
    assert!(!verifies(SECRET, signature, &changed), "a changed body verifies");
    assert!((talentbrug_private::now().unix_seconds() - signed_at(signature)).abs() < 300, "{signature}");

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
    let args = webhook_args(&site, &hook.url);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let server = Server::start(&site, &args);
    let feed = talentbrug_core::Feed::parse(&std::fs::read(&site.feed).unwrap()).unwrap();
    let reply = server.post_json(&good_request(feed.profiles[1].id.as_str(), "outbox-key-000000001").to_string());
    assert_eq!(reply.status, 201);
    let reference = reply.json()["reference"].as_str().unwrap().to_owned();
    // The attempt fails and is recorded.
    assert!(eventually(Duration::from_secs(10), || shown(&site, &reference)["webhook"]["attempts"] == 1), "{}", server.log_text());
    assert!(server.terminate().success());

    up.store(true, Ordering::SeqCst);
    let server = Server::start(&site, &args);
    assert!(eventually(Duration::from_secs(20), || hook.seen.lock().unwrap().len() == 1), "{}", server.log_text());
    assert_eq!(hook.seen.lock().unwrap()[0].body["reference"], reference.as_str());
    assert!(hook.seen.lock().unwrap()[0].body["record_id"].is_null(), "no mapping given: no record id");
}

#[test]
fn the_webhook_url_and_its_token_are_never_stored_or_shown() {
    let site = Site::new("webhook-redact");
    // A port nothing listens on: the system picks it, then it is let go.
    let port = TcpListener::bind(("127.0.0.1", 0)).unwrap().local_addr().unwrap().port();
    let token = "tok3n-7f3a9c0b2d";
    let args = webhook_args(&site, &format!("http://127.0.0.1:{port}/hooks/{token}?token={token}"));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let server = Server::start(&site, &args);
    let feed = talentbrug_core::Feed::parse(&std::fs::read(&site.feed).unwrap()).unwrap();
    let reply = server.post_json(&good_request(feed.profiles[0].id.as_str(), "redact-key-000000001").to_string());
    assert_eq!(reply.status, 201);
    let reference = reply.json()["reference"].as_str().unwrap().to_owned();
    assert!(eventually(Duration::from_secs(10), || shown(&site, &reference)["webhook"]["attempts"] == 1), "{}", server.log_text());

    // The error in plain words, with scheme and host only.
    assert_eq!(shown(&site, &reference)["webhook"]["last_error"], format!("connection refused (http://127.0.0.1:{port})"));
    let db = s(&site.db);
    let mut seen = vec![server.log_text()];
    for args in [vec!["inbox", "show", &reference, "--db", db], vec!["inbox", "show", &reference, "--db", db, "--json"]] {
        let (ok, out, err) = talentbrug(&args);
        assert!(ok, "{err}");
        seen.push(out + &err);
    }
    for args in [vec!["inbox", "list", "--db", db], vec!["inbox", "list", "--db", db, "--json"]] {
        let (ok, out, err) = talentbrug(&args);
        assert!(ok, "{err}");
        seen.push(out + &err);
    }
    assert!(seen[1].contains("connection refused (http://127.0.0.1:"), "{}", seen[1]);
    for file in [site.db.clone(), site.db.with_extension("sqlite-wal")] {
        seen.push(String::from_utf8_lossy(&std::fs::read(&file).unwrap_or_default()).into_owned());
    }
    for text in &seen {
        assert!(!text.contains(token) && !text.contains("/hooks"), "the URL's path shows: {text}");
    }
}

/// Stores a request for `profile_id` as if it had arrived at `received_at` (before the server
/// started), through the inbox's own writer; returns its reference.
fn store_request_at(db: &Path, profile_id: &str, key: &str, received_at: i64) -> String {
    let form: talentbrug_core::request::RequestForm = serde_json::from_value(good_request(profile_id, key)).unwrap();
    let request = form.validate(|_| true, talentbrug_core::Country::Be).unwrap();
    let writer = talentbrug_inbox::RequestWriter::start(talentbrug_inbox::Store::open_or_create(db).unwrap(), None).unwrap();
    let new = talentbrug_inbox::NewRequest {
        request,
        feed_sequence: Some(1),
        received_at: talentbrug_core::Timestamp::from_unix_seconds(received_at),
    };
    let stored = tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(writer.submit(new)).unwrap();
    writer.shutdown();
    match stored {
        talentbrug_inbox::Stored::Created(receipt) => receipt.reference.as_str().to_owned(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn requests_older_than_the_maximum_age_are_given_up_and_shown_as_not_delivered() {
    let site = Site::new("webhook-age");
    let feed = talentbrug_core::Feed::parse(&std::fs::read(&site.feed).unwrap()).unwrap();
    let id = feed.profiles[0].id.to_string();
    // Two requests that waited while no webhook was configured: 8 days and 3 days.
    let now = talentbrug_private::now().unix_seconds();
    let old = store_request_at(&site.db, &id, "age-key-000000000001", now - 8 * 86_400);
    let recent = store_request_at(&site.db, &id, "age-key-000000000002", now - 3 * 86_400);
    let hook = receiver(|_| Answer::Ok);
    let mut args = webhook_args(&site, &hook.url);
    args.extend(["--webhook-max-age-days", "5"].map(str::to_owned));
    let server = Server::start(&site, &args.iter().map(String::as_str).collect::<Vec<_>>());

    assert!(eventually(Duration::from_secs(20), || shown(&site, &recent)["webhook"]["delivered_at"].is_string()), "{}", server.log_text());
    server.wait_for_log(&["webhook: gave up on 1 request(s)", "5 days"]);
    let given_up = shown(&site, &old)["webhook"].clone();
    assert!(given_up["undelivered_at"].is_string() && given_up["delivered_at"].is_null(), "{given_up}");
    // The old one was never sent: the round that delivered the recent one would have sent it
    // first (oldest first) had it still been due.
    let references: Vec<serde_json::Value> = hook.seen.lock().unwrap().iter().map(|d| d.body["reference"].clone()).collect();
    assert_eq!(references, [recent.as_str()]);

    // The coach is told in plain words, in `show` and in `list`.
    let (ok, out, err) = talentbrug(&["inbox", "show", &old, "--db", s(&site.db)]);
    assert!(ok, "{err}");
    assert!(out.contains("webhook      NOT DELIVERED to your system: never sent"), "{out}");
    let (ok, out, err) = talentbrug(&["inbox", "show", &recent, "--db", s(&site.db)]);
    assert!(ok && out.contains("webhook      delivered"), "{out}{err}");
    let (ok, out, err) = talentbrug(&["inbox", "list", "--db", s(&site.db)]);
    assert!(ok, "{err}");
    let note = out.lines().find(|l| l.starts_with("NOT DELIVERED to your system")).unwrap_or_else(|| panic!("{out}"));
    assert!(note.contains(&old) && !note.contains(&recent), "{note}");
    let (ok, out, _) = talentbrug(&["inbox", "list", "--db", s(&site.db), "--json"]);
    let list: serde_json::Value = serde_json::from_str(&out).unwrap();
    let entry = list.as_array().unwrap().iter().find(|e| e["reference"] == old.as_str()).unwrap();
    assert!(ok && entry["webhook"]["undelivered_at"].is_string(), "{entry}");
}

#[test]
fn a_webhook_needs_a_private_secret_of_16_characters_and_https() {
    let site = Site::new("webhook-refusals");
    let key = site.keys.public_key_base64();
    let base = ["serve", "--feed", s(&site.feed), "--db", s(&site.db), "--addr", "127.0.0.1:0", "--public-key", &key];
    let good = secret_file(&site, "good.secret", SECRET, 0o600);
    let files = [
        (site.dir.join("missing.secret"), "cannot read it"),
        (secret_file(&site, "loose.secret", SECRET, 0o644), "chmod 600"),
        (secret_file(&site, "group.secret", SECRET, 0o640), "chmod 600"),
        (secret_file(&site, "short.secret", "0123456789abcde\n", 0o600), "at least 16"),
        (secret_file(&site, "empty.secret", " \n", 0o600), "it is empty"),
    ];
    let mut cases: Vec<(Vec<&str>, &str)> = vec![(vec!["--webhook", "https://crm.example/hooks/x"], "--webhook-secret-file")];
    for (file, expected) in &files {
        cases.push((vec!["--webhook", "https://crm.example/hooks/x", "--webhook-secret-file", s(file)], expected));
    }
    for url in ["http://crm.example/hooks/x?token=SECRET", "http://127.0.0.1.crm.example/h", "http://10.0.0.7/h"] {
        cases.push((vec!["--webhook", url, "--webhook-secret-file", s(&good)], "must start with https://"));
    }
    for (extra, expected) in cases {
        let args: Vec<&str> = base.iter().copied().chain(extra.iter().copied()).collect();
        let (ok, _, err) = talentbrug(&args);
        assert!(!ok, "started with {extra:?}");
        assert!(err.starts_with("talentbrug: refusing to start: ") && err.contains(expected), "{extra:?}: {err}");
        assert!(!err.contains("token=SECRET") && !err.contains(SECRET), "{err}");
    }
    assert!(!site.db.exists(), "a refused start created the inbox");
}
