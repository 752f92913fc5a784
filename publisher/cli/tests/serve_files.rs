//! `talentbrug serve` as a web server: the widget files and pages, the feed pair, caching
//! headers, content types, the CSP on pages, 404s, and files that must never be served.

mod serve_common;

use std::io::Read;

use serve_common::{Server, Site};

#[test]
fn pages_assets_and_the_feed_have_the_right_headers() {
    let site = Site::new("files");
    let server = Server::start(&site, &["--allow-origin", "https://stad.example"]);

    let page = server.get("/", &[]);
    assert_eq!(page.status, 200);
    assert_eq!(page.header("content-type"), Some("text/html; charset=utf-8"));
    let csp = page.header("content-security-policy").expect("pages carry a CSP");
    for part in
        ["default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "style-src 'self';", "frame-ancestors 'self' https://stad.example"]
    {
        assert!(csp.contains(part), "{part} missing in {csp}");
    }
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(page.header("referrer-policy"), Some("no-referrer"));
    assert_eq!(server.get("/index.html", &[]).body, page.body);

    for (path, ty) in [
        ("/dist/talentbrug_bg.wasm", "application/wasm"),
        ("/dist/talentbrug.js", "text/javascript; charset=utf-8"),
        ("/logo.svg", "image/svg+xml"),
        ("/feed.json", "application/json"),
        ("/feed.json.sig", "text/plain; charset=utf-8"),
    ] {
        let reply = server.get(path, &[]);
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.header("content-type"), Some(ty), "{path}");
        assert_eq!(reply.header("access-control-allow-origin"), Some("*"), "{path}: public assets load from partner sites");
        if ty == "image/svg+xml" {
            let csp = reply.header("content-security-policy").expect("an SVG opened on its own is a document: it has a CSP");
            for part in ["default-src 'none'", "sandbox"] {
                assert!(csp.contains(part), "{part} missing in {csp}");
            }
            assert!(!csp.contains("script-src"), "{csp}");
        } else {
            assert!(reply.header("content-security-policy").is_none(), "{path}");
        }
        assert!(reply.header("etag").is_some_and(|e| e.starts_with('"')), "{path}");
        assert_eq!(reply.header("cache-control"), Some("no-cache"), "{path}");
    }

    // The feed and signature are the files on disk, byte for byte.
    let feed = server.get("/feed.json", &[]);
    assert_eq!(feed.body, std::fs::read(&site.feed).unwrap());
    assert_eq!(server.get("/feed.json.sig", &[]).body, std::fs::read(site.sig()).unwrap());

    // Revalidation: same ETag -> 304 without a body.
    let etag = feed.header("etag").unwrap().to_owned();
    let again = server.get("/feed.json", &[("If-None-Match", &etag)]);
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    assert_eq!(server.get("/feed.json", &[("If-None-Match", "\"something-else\"")]).status, 200);

    // gzip for clients that accept it, with its own ETag; the bytes inflate to the feed.
    let gz = server.get("/feed.json", &[("Accept-Encoding", "gzip, deflate, br")]);
    assert_eq!(gz.header("content-encoding"), Some("gzip"));
    assert_eq!(gz.header("vary"), Some("Accept-Encoding"));
    assert_ne!(gz.header("etag"), Some(etag.as_str()));
    assert!(gz.body.len() * 3 < feed.body.len(), "gzip saves: {} -> {}", feed.body.len(), gz.body.len());
    let mut inflated = Vec::new();
    flate2::read::GzDecoder::new(&gz.body[..]).read_to_end(&mut inflated).unwrap();
    assert_eq!(inflated, feed.body);

    // HEAD: headers only.
    let head = server.request("HEAD", "/feed.json", &[], b"");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(head.header("content-length"), Some(feed.body.len().to_string().as_str()));

    let health = server.get("/api/health", &[]).json();
    assert_eq!(health["feed_sequence"], 1);
    assert_eq!(health["profiles"], 60);
}

#[test]
fn unknown_and_private_paths_are_404() {
    let site = Site::new("private");
    // Things that must never be reachable, even when someone puts them in the web directory.
    std::fs::write(site.www.join("org.key"), "secret").unwrap();
    std::fs::write(site.www.join("export.csv"), "record_id").unwrap();
    std::fs::create_dir_all(site.www.join("org.private/mappings")).unwrap();
    std::fs::write(site.www.join("org.private/mappings/00000000000000000001.json"), "{}").unwrap();
    std::fs::write(site.www.join(".env"), "x").unwrap();
    std::fs::write(site.dir.join("outside.txt"), "x").unwrap();
    let server = Server::start(&site, &[]);
    for path in [
        "/nope",
        "/api/nope",
        "/api/requests/123",
        "/dist/missing.js",
        "/org.key",
        "/export.csv",
        "/org.private/mappings/00000000000000000001.json",
        "/.env",
        "/../outside.txt",
        "/%2e%2e/outside.txt",
        "/dist/..%2f..%2foutside.txt",
        "/inbox.sqlite",
        "/inbox.sqlite-wal",
        "/status/",
    ] {
        let reply = server.get(path, &[]);
        assert_eq!(reply.status, 404, "{path}: {}", reply.text());
    }
    assert_eq!(server.request("DELETE", "/feed.json", &[], b"").status, 405);
    assert_eq!(server.request("PUT", "/index.html", &[], b"x").status, 404);
    assert_eq!(server.get("/api/requests", &[]).status, 405);
    // The server kept serving through all of it.
    assert_eq!(server.get("/api/health", &[]).status, 200);
}

#[test]
fn sigterm_stops_the_server_cleanly() {
    let site = Site::new("sigterm");
    let server = Server::start(&site, &[]);
    assert_eq!(server.get("/", &[]).status, 200);
    let log = server.log.clone();
    let status = server.terminate();
    assert!(status.success(), "exit {status:?}");
    let log = std::fs::read_to_string(log).unwrap();
    assert!(log.contains("shutting down"), "{log}");
}

#[test]
fn a_missing_or_broken_feed_stops_the_start_with_a_clear_message() {
    let site = Site::new("broken");
    std::fs::write(&site.feed, "{\"format\":\"talentbrug-feed/1\"}").unwrap();
    let (ok, _, err) = serve_common::talentbrug(&[
        "serve",
        "--feed",
        serve_common::s(&site.feed),
        "--db",
        serve_common::s(&site.db),
        "--addr",
        "127.0.0.1:0",
        "--unsigned",
    ]);
    assert!(!ok);
    assert!(err.starts_with("talentbrug: ") && err.contains("feed.json"), "{err}");
    let wrong_key = talentbrug_publish::Keys::generate().public_key_base64();
    site.publish(10, 2, 1);
    let (ok, _, err) = serve_common::talentbrug(&[
        "serve",
        "--feed",
        serve_common::s(&site.feed),
        "--db",
        serve_common::s(&site.db),
        "--addr",
        "127.0.0.1:0",
        "--public-key",
        &wrong_key,
    ]);
    assert!(!ok);
    assert!(err.contains("signature does not match"), "{err}");
}

#[test]
fn idle_and_slow_connections_do_not_hold_the_server() {
    use std::io::Write;
    let site = Site::new("slowloris");
    // About the time limits: the cap per client address is off here (serve_security.rs tests it).
    let server = Server::start(&site, &["--max-connections-per-client", "0"]);
    // Hundreds of connections that send nothing, or half a header: others are still served.
    let mut idle: Vec<std::net::TcpStream> = (0..300).map(|_| std::net::TcpStream::connect(("127.0.0.1", server.port)).unwrap()).collect();
    for stream in idle.iter_mut().take(100) {
        stream.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
    }
    let started = std::time::Instant::now();
    assert_eq!(server.get("/feed.json", &[]).status, 200);
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
    // A header that never ends is cut off after the header read timeout (10 s).
    let slow = &mut idle[0];
    slow.set_read_timeout(Some(std::time::Duration::from_secs(20))).unwrap();
    let mut rest = Vec::new();
    let _ = slow.read_to_end(&mut rest);
    let waited = started.elapsed();
    assert!(waited >= std::time::Duration::from_secs(8) && waited < std::time::Duration::from_secs(15), "{waited:?}");
    assert_eq!(server.get("/api/health", &[]).status, 200);
}
