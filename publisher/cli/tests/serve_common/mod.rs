//! Shared by the `serve_*` tests: a scratch site (web files, a signed demo feed, an inbox), the
//! real `talentbrug serve` binary on a port the system picks (`--addr 127.0.0.1:0`; the port is
//! read from the address the server prints, so tests never collide on a port), a small raw
//! HTTP/1.1 client that shows exactly what the server sent (no automatic decompression or
//! redirects) and can send what no polite client would, and waits on events (a log line, a
//! condition) with a deadline instead of sleeps.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use talentbrug::demo_feed::demo_feed;
use talentbrug_core::{Feed, Timestamp};
use talentbrug_publish::Keys;

/// A scratch organisation: web files, feed pair, inbox path, keys.
pub struct Site {
    pub dir: PathBuf,
    pub www: PathBuf,
    pub feed: PathBuf,
    pub db: PathBuf,
    pub keys: Keys,
}

impl Site {
    /// A fresh site named `name` with a signed 60-profile feed of sequence 1.
    pub fn new(name: &str) -> Site {
        let dir = std::env::temp_dir().join(format!("tb-serve-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let www = dir.join("www");
        std::fs::create_dir_all(www.join("dist")).unwrap();
        std::fs::create_dir_all(dir.join("public")).unwrap();
        std::fs::write(www.join("index.html"), "<!doctype html><html lang=\"nl\"><title>Demo</title><talent-brug></talent-brug></html>")
            .unwrap();
        std::fs::write(www.join("dist/talentbrug.js"), "export default function init() {}\n".repeat(100)).unwrap();
        std::fs::write(www.join("dist/talentbrug_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
        std::fs::write(www.join("logo.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>").unwrap();
        let site = Site { feed: dir.join("public/feed.json"), db: dir.join("inbox.sqlite"), www, dir, keys: Keys::generate() };
        site.publish(60, 1, 1);
        site
    }

    /// Writes a signed feed of `profiles` synthetic profiles (seed `seed`) with `sequence`.
    pub fn publish(&self, profiles: usize, seed: u64, sequence: u64) -> Feed {
        let issued: Timestamp = talentbrug::demo_feed::start_of_today();
        let feed = talentbrug::demo_feed::at_sequence(demo_feed(profiles, seed, issued, 30), sequence);
        let bytes = feed.to_json();
        talentbrug_publish::write_pair(&self.feed, &bytes, &self.keys.sign_base64(&bytes)).unwrap();
        feed
    }

    /// The feed's signature file.
    pub fn sig(&self) -> PathBuf {
        talentbrug_private::signature_path(&self.feed)
    }

    /// How the server's log names the feed pair now on disk: the first 12 hex digits of the
    /// SHA-256 of the feed and of the signature. A refusal naming both was about these files.
    pub fn pair_digests(&self) -> [String; 2] {
        [&self.feed, &self.sig()].map(|path| talentbrug_inbox::sha256_hex(&std::fs::read(path).unwrap())[..12].to_owned())
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A running `talentbrug serve`.
pub struct Server {
    child: Option<Child>,
    pub port: u16,
    pub base: String,
    pub log: PathBuf,
}

/// The `talentbrug` binary under test.
pub fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_talentbrug")
}

impl Server {
    /// Starts the server for `site` on a free port with `extra` arguments and waits until it
    /// answers. The site's public key is passed unless `extra` has `--public-key` or `--unsigned`.
    pub fn start(site: &Site, extra: &[&str]) -> Server {
        static STARTS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = STARTS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let log = site.dir.join(format!("serve-{n}.log"));
        let log_file = std::fs::OpenOptions::new().create(true).append(true).open(&log).unwrap();
        let mut child = Command::new(binary())
            .arg("serve")
            .args(["--feed", site.feed.to_str().unwrap(), "--db", site.db.to_str().unwrap()])
            .args(["--www", site.www.to_str().unwrap(), "--addr", "127.0.0.1:0"])
            .args(extra)
            .args(key_unless_given(site, extra))
            .stdout(Stdio::piped())
            .stderr(log_file)
            .spawn()
            .unwrap();
        let printed = Printed::read(child.stdout.take().unwrap(), "talentbrug serve:");
        let Some(addr) = printed.address(Duration::from_secs(30)) else {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the server printed no address; log:\n{}", std::fs::read_to_string(&log).unwrap_or_default());
        };
        let server = Server { child: Some(child), port: addr.port(), base: format!("http://{addr}"), log };
        server.wait_ready();
        server
    }

    fn wait_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(reply) = try_request(self.port, "GET", "/api/health", &[], b"") {
                if reply.status == 200 {
                    return;
                }
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("server on {} did not start; log:\n{}", self.port, self.log_text());
    }

    /// What the server logged so far.
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Waits (up to 20 s) until one line of the log contains every one of `parts`; panics with
    /// the log otherwise. What a test waits for instead of sleeping: proof the server acted.
    pub fn wait_for_log(&self, parts: &[&str]) {
        let logged = || self.log_text().lines().any(|line| parts.iter().all(|p| line.contains(p)));
        assert!(eventually(Duration::from_secs(20), logged), "no log line with {parts:?}; log:\n{}", self.log_text());
    }

    /// Sends SIGTERM and waits for the exit.
    pub fn terminate(mut self) -> ExitStatus {
        let mut child = self.child.take().unwrap();
        Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "server did not stop on SIGTERM");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Sends a request and reads the whole answer.
    pub fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
        try_request(self.port, method, path, headers, body).unwrap_or_else(|e| panic!("{method} {path}: {e}\nlog:\n{}", self.log_text()))
    }

    /// GET with headers.
    pub fn get(&self, path: &str, headers: &[(&str, &str)]) -> Reply {
        self.request("GET", path, headers, b"")
    }

    /// POST a JSON body.
    pub fn post_json(&self, body: &str) -> Reply {
        self.request("POST", "/api/requests", &[("Content-Type", "application/json")], body.as_bytes())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// `--public-key <the site's key>`, unless `extra` already says `--public-key` or `--unsigned`.
fn key_unless_given(site: &Site, extra: &[&str]) -> Vec<String> {
    if extra.iter().any(|a| *a == "--public-key" || *a == "--unsigned") {
        Vec::new()
    } else {
        vec!["--public-key".to_owned(), site.keys.public_key_base64()]
    }
}

/// A child's standard output, read line by line on a thread (so the child never blocks on a
/// full pipe): the first `http://` address on a line with the label is handed over, and every
/// line is kept.
pub struct Printed {
    address: Receiver<SocketAddr>,
    all: JoinHandle<String>,
}

impl Printed {
    /// Starts reading `stdout`; `label` marks the line with the address (`talentbrug serve:`).
    pub fn read(stdout: ChildStdout, label: &'static str) -> Printed {
        let (tx, address) = mpsc::channel();
        let all = std::thread::spawn(move || {
            let mut all = String::new();
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let addr = line
                    .contains(label)
                    .then(|| line.split_once("http://"))
                    .flatten()
                    .and_then(|(_, rest)| rest.split('/').next()?.parse::<SocketAddr>().ok());
                if let Some(addr) = addr {
                    let _ = tx.send(addr);
                }
                all.push_str(&line);
                all.push('\n');
            }
            all
        });
        Printed { address, all }
    }

    /// The address the child printed, once it has (`None` if it did not within `timeout`).
    pub fn address(&self, timeout: Duration) -> Option<SocketAddr> {
        self.address.recv_timeout(timeout).ok()
    }

    /// Everything printed, once the child has closed its output (exited).
    pub fn all(self) -> String {
        self.all.join().unwrap_or_default()
    }
}

/// An HTTP answer as received.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    /// The first header named `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

/// One request on a fresh connection (`Connection: close`), read to the end.
pub fn try_request(port: u16, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> std::io::Result<Reply> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    let has_length = headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("content-length") || k.eq_ignore_ascii_case("transfer-encoding"));
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if !has_length && (method == "POST" || !body.is_empty()) {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    // The server may answer (413, 415) and close before reading a big body; that is fine.
    let _ = stream.write_all(body);
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    parse_reply(&raw).ok_or_else(|| std::io::Error::other(format!("unreadable answer: {:?}", String::from_utf8_lossy(&raw))))
}

fn parse_reply(raw: &[u8]) -> Option<Reply> {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..end]).ok()?;
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> =
        lines.filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned())).collect();
    let mut body = raw[end + 4..].to_vec();
    let chunked = headers.iter().any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = dechunk(&body)?;
    }
    Some(Reply { status, headers, body })
}

fn dechunk(mut raw: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = raw.windows(2).position(|w| w == b"\r\n")?;
        let size = usize::from_str_radix(std::str::from_utf8(&raw[..line_end]).ok()?.split(';').next()?.trim(), 16).ok()?;
        raw = &raw[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(raw.get(..size)?);
        raw = raw.get(size + 2..)?;
    }
}

/// A valid request body for `profile_id` with idempotency key `key`.
pub fn good_request(profile_id: &str, key: &str) -> serde_json::Value {
    serde_json::json!({
        "profile_id": profile_id,
        "idempotency_key": key,
        "form_ms": 42_000,
        "website": "",
        "employer": {
            "company": "Bakkerij Peeters",
            "contact_name": "An Peeters",
            "email": "an@bakkerij-peeters.be",
            "phone": "+32 16 12 34 56",
            "postcode": "3000"
        },
        "vacancy": {"title": "Verkoper", "description": "Winkel en broodsnijden", "hours_per_week": 30},
        "commitment": true,
        "consent": true,
        "preferred_contact": "voormiddag"
    })
}

/// Polls `check` until it holds or `timeout` passes.
pub fn eventually(timeout: Duration, mut check: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if check() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    check()
}

/// Runs `talentbrug` with `args`; returns (success, stdout, stderr).
pub fn talentbrug(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(binary()).args(args).output().unwrap();
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// The path as a `&str` (test paths are UTF-8).
pub fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}
