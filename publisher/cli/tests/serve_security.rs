//! What `talentbrug serve` promises against misuse (issue 11): private files under the web
//! directory are not served and a layout that puts them there does not start; one client cannot
//! take every connection; the limits count networks and, behind a trusted proxy, the forwarded
//! client; a feed is not served unchecked unless `--unsigned` says so.
//!
//! Clients connect only to 127.0.0.0/8; a second client address (127.0.0.2) is bound before
//! connecting.

mod serve_common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use serve_common::{good_request, s, talentbrug, Server, Site};

fn first_id(site: &Site) -> String {
    let feed = talentbrug_core::Feed::parse(&std::fs::read(&site.feed).unwrap()).unwrap();
    feed.profiles[0].id.to_string()
}

/// A connection to the server from the loopback address `from` (127.0.0.2, ...).
fn connect_from(from: &str, port: u16) -> TcpStream {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let stream = runtime.block_on(async {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.bind(SocketAddr::new(from.parse().unwrap(), 0)).unwrap();
        socket.connect(SocketAddr::from(([127, 0, 0, 1], port))).await.unwrap().into_std().unwrap()
    });
    stream.set_nonblocking(false).unwrap();
    stream
}

/// One request from `from` on a fresh connection: (status, body, how long it took).
fn request_from(from: &str, port: u16, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> (u16, String, Duration) {
    let started = Instant::now();
    let mut stream = connect_from(from, port);
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body.as_bytes()).unwrap();
    let mut raw = String::new();
    let _ = stream.read_to_string(&mut raw);
    let status = raw.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = raw.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    (status, body, started.elapsed())
}

/// The soft limit on open files of this process (Linux), if known.
fn open_files_limit() -> Option<u64> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    line.split_whitespace().nth(3)?.parse().ok()
}

#[test]
fn one_client_with_thousands_of_connections_does_not_stop_the_others() {
    const CONNECTIONS: usize = 2_100;
    if let Some(limit) = open_files_limit() {
        if limit < 2 * CONNECTIONS as u64 + 500 {
            eprintln!("SKIPPED: needs {} open files, the limit is {limit} (ulimit -n)", 2 * CONNECTIONS + 500);
            return;
        }
    }
    let site = Site::new("exhaust");
    let id = first_id(&site);
    let server = Server::start(&site, &[]);
    // From 127.0.0.1: first 100 connections that ask for the feed again and again and never read
    // the answers, then 2,000 that send nothing.
    let mut held = Vec::with_capacity(CONNECTIONS);
    let pipelined = "GET /feed.json HTTP/1.1\r\nHost: x\r\n\r\n".repeat(200);
    for i in 0..CONNECTIONS {
        let Ok(mut stream) = TcpStream::connect(("127.0.0.1", server.port)) else { continue };
        if i < 100 {
            stream.set_write_timeout(Some(Duration::from_millis(200))).unwrap();
            let _ = stream.write_all(pipelined.as_bytes());
        }
        held.push(stream);
    }
    assert!(held.len() > 2_000, "only {} connections opened", held.len());
    // Another client is served at once: health, the feed, and a stored request.
    let (status, _, took) = request_from("127.0.0.2", server.port, "GET", "/api/health", &[], "");
    assert_eq!(status, 200);
    assert!(took < Duration::from_secs(1), "health took {took:?}");
    let (status, _, took) = request_from("127.0.0.2", server.port, "GET", "/feed.json", &[], "");
    assert_eq!(status, 200);
    assert!(took < Duration::from_secs(1), "feed took {took:?}");
    let body = good_request(&id, "exhaust-0123456789").to_string();
    let (status, answer, took) =
        request_from("127.0.0.2", server.port, "POST", "/api/requests", &[("Content-Type", "application/json")], &body);
    assert_eq!(status, 201, "{answer}");
    assert!(took < Duration::from_secs(1), "the request took {took:?}");
    eprintln!("127.0.0.2 while 127.0.0.1 holds {} connections: 201 in {took:?}", held.len());
    // The server closed what 127.0.0.1 opened beyond its 64.
    let open = |held: &mut Vec<TcpStream>| {
        held.iter_mut()
            .filter(|stream| {
                stream.set_nonblocking(true).unwrap();
                let mut buf = [0u8; 1];
                match stream.peek(&mut buf) {
                    Err(e) => e.kind() == std::io::ErrorKind::WouldBlock,
                    Ok(n) => n > 0,
                }
            })
            .count()
    };
    let mut still_open = open(&mut held);
    let deadline = Instant::now() + Duration::from_secs(5);
    while still_open > 64 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
        still_open = open(&mut held);
    }
    assert!(still_open <= 64, "{still_open} of 127.0.0.1's connections are still open");
    drop(held);
    assert_eq!(server.get("/api/health", &[]).status, 200, "127.0.0.1 is served again once it lets go");
}

#[test]
fn private_files_put_in_the_web_directory_are_not_served() {
    let site = Site::new("private-files");
    let www = &site.www;
    let private = [
        "inbox.db",
        "inbox.db-wal",
        "inbox.db-shm",
        "data.sqlite3",
        "data.sqlite3-wal",
        "data.sqlite3-shm",
        "INBOX.SQLITE",
        "ORG.KEY",
        "signing-key",
        "org.key.old",
        "index.html~",
        "index.html.bak",
        "index.html.swp",
        "records.CSV",
        "report.json",
        "Org.Private/00000000000000000001.json",
        "org.PRIVATE/mapping.txt",
    ];
    std::fs::create_dir_all(www.join("Org.Private")).unwrap();
    std::fs::create_dir_all(www.join("org.PRIVATE")).unwrap();
    for name in private {
        let content = if name.ends_with(".json") { r#"{"rows":2,"held_back":[{"line":2,"record_id":"D-17"}]}"# } else { "secret" };
        std::fs::write(www.join(name), content).unwrap();
    }
    std::fs::create_dir_all(www.join("bench")).unwrap();
    std::fs::write(www.join("bench/queries.json"), r#"{"queries":[]}"#).unwrap();
    std::fs::write(www.join("robots.txt"), "User-agent: *\n").unwrap();
    let server = Server::start(&site, &[]);
    for name in private {
        let reply = server.get(&format!("/{name}"), &[]);
        assert_eq!(reply.status, 404, "/{name} was served: {}", reply.text());
    }
    for public in ["/", "/dist/talentbrug.js", "/dist/talentbrug_bg.wasm", "/logo.svg", "/bench/queries.json", "/robots.txt", "/feed.json"]
    {
        assert_eq!(server.get(public, &[]).status, 200, "{public}");
    }
}

#[test]
fn a_database_or_private_directory_in_a_public_directory_stops_the_start() {
    let site = Site::new("layout");
    let key = site.keys.public_key_base64();
    let base = ["serve", "--feed", s(&site.feed), "--www", s(&site.www), "--addr", "127.0.0.1:0", "--public-key", &key];
    let in_www = site.www.join("inbox.sqlite");
    let in_public = site.dir.join("public/inbox.sqlite");
    let private_in_www = site.www.join("org.private");
    for (extra, names) in [
        (vec!["--db", s(&in_www)], "--db"),
        (vec!["--db", s(&in_public)], "--db"),
        (vec!["--db", s(&site.db), "--private-dir", s(&private_in_www)], "--private-dir"),
    ] {
        let args: Vec<&str> = base.iter().copied().chain(extra.iter().copied()).collect();
        let (ok, _, err) = talentbrug(&args);
        assert!(!ok, "started with {extra:?}");
        assert!(err.starts_with("talentbrug: refusing to start: ") && err.contains(names), "{err}");
        assert!(err.contains("org/private/inbox.sqlite (--db)"), "no safe layout shown: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    }
    assert!(!in_www.exists() && !in_public.exists(), "a refused start created the database");
}

#[test]
fn a_feed_is_served_unchecked_only_when_asked_for() {
    let site = Site::new("unsigned");
    let (ok, _, err) = talentbrug(&["serve", "--feed", s(&site.feed), "--db", s(&site.db), "--addr", "127.0.0.1:0"]);
    assert!(!ok);
    assert!(err.starts_with("talentbrug: ") && err.contains("--public-key") && err.contains("--unsigned"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(!site.db.exists(), "the refused start created the inbox");
    let key = site.keys.public_key_base64();
    let (ok, _, err) = talentbrug(&["serve", "--feed", s(&site.feed), "--db", s(&site.db), "--public-key", &key, "--unsigned"]);
    assert!(!ok && err.contains("--unsigned"), "{err}");
    let server = Server::start(&site, &["--unsigned"]);
    assert_eq!(server.get("/feed.json", &[]).status, 200);
    assert_eq!(server.get("/feed.json.pub", &[]).status, 404, "no key to publish");
}

#[test]
fn behind_a_trusted_proxy_the_limit_counts_the_forwarded_client() {
    let site = Site::new("proxy");
    let id = first_id(&site);
    let server = Server::start(&site, &["--trust-proxy", "127.0.0.1/32", "--rate-limit-per-minute", "2"]);
    let mut n = 0;
    let mut post = |from: &str, forwarded: &str| {
        n += 1;
        let body = good_request(&id, &format!("proxy-key-{n:08}")).to_string();
        let headers = [("Content-Type", "application/json"), ("X-Forwarded-For", forwarded)];
        let (status, answer, _) = request_from(from, server.port, "POST", "/api/requests", &headers, &body);
        (status, answer)
    };
    // Through the proxy (127.0.0.1): each forwarded client has its own allowance.
    assert_eq!(post("127.0.0.1", "203.0.113.1").0, 201);
    assert_eq!(post("127.0.0.1", "203.0.113.1").0, 201);
    let (status, answer) = post("127.0.0.1", "203.0.113.1");
    assert_eq!(status, 429, "{answer}");
    assert_eq!(post("127.0.0.1", "198.51.100.1, 203.0.113.2").0, 201, "the proxy's own entry counts, not what the client wrote");
    // Not a trusted proxy (127.0.0.2): the header is ignored, the peer is counted.
    assert_eq!(post("127.0.0.2", "192.0.2.1").0, 201);
    assert_eq!(post("127.0.0.2", "192.0.2.2").0, 201);
    assert_eq!(post("127.0.0.2", "192.0.2.3").0, 429, "a client cannot escape the limit by naming other addresses");
    // IPv6 clients behind the proxy are counted by /64.
    assert_eq!(post("127.0.0.1", "2001:db8:1:2::1").0, 201);
    assert_eq!(post("127.0.0.1", "2001:db8:1:2::ffff").0, 201);
    assert_eq!(post("127.0.0.1", "2001:db8:1:2:aaaa::9").0, 429);
    assert_eq!(post("127.0.0.1", "2001:db8:1:3::1").0, 201);
    let (ok, _, err) = talentbrug(&["serve", "--feed", s(&site.feed), "--db", s(&site.db), "--unsigned", "--trust-proxy", "proxy.example"]);
    assert!(!ok && err.contains("not an address range"), "{err}");
}

#[test]
fn all_clients_together_have_a_limit_on_stored_requests() {
    let site = Site::new("global");
    let id = first_id(&site);
    let server = Server::start(&site, &["--rate-limit-per-minute", "0", "--max-requests-per-minute", "3"]);
    for i in 0..3 {
        let from = format!("127.0.0.{}", 2 + i);
        let body = good_request(&id, &format!("global-key-{i:08}")).to_string();
        let (status, answer, _) = request_from(&from, server.port, "POST", "/api/requests", &[("Content-Type", "application/json")], &body);
        assert_eq!(status, 201, "{answer}");
    }
    // A refused request is not stored, so it does not count.
    let mut bad = good_request(&id, "global-key-bad00000");
    bad["employer"]["email"] = "nope".into();
    assert_eq!(server.post_json(&bad.to_string()).status, 422);
    let (status, answer, _) = request_from(
        "127.0.0.9",
        server.port,
        "POST",
        "/api/requests",
        &[("Content-Type", "application/json")],
        &good_request(&id, "global-key-00000009").to_string(),
    );
    assert_eq!(status, 429, "{answer}");
    assert!(answer.contains("\"busy\""), "{answer}");
}

#[test]
fn a_request_body_that_does_not_arrive_is_cut_off() {
    let site = Site::new("slow-body");
    let server = Server::start(&site, &[]);
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    let started = Instant::now();
    stream
        .write_all(
            b"POST /api/requests HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{\"profile_id\":",
        )
        .unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    let waited = started.elapsed();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(waited >= Duration::from_secs(8) && waited < Duration::from_secs(15), "{waited:?}");
}
