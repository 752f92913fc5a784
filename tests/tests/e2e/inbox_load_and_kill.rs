//! Reliability of the inbox, measured: 32 concurrent clients send 3,000 blind-interview
//! requests to the real `talentbrug serve` on loopback; the server is killed with SIGKILL in
//! the middle; after a restart every request is retried with its idempotency key. Every request
//! that got a 201 before the kill must be in the database with the reference it was given, and
//! in the end every key must be stored exactly once.
//!
//! Prints requests per second and p50/p99 latency of the acknowledged requests before the kill
//! and writes them to `target/inbox-load.json` (the README quotes them).
//!
//! The binary: `$TALENTBRUG_BIN` if set (e.g. the release build, for the README figures), else
//! the debug `talentbrug` built here with cargo.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use talentbrug_inbox::Store;
use talentbrug_publish::Keys;

const REQUESTS: usize = 3_000;
const CLIENTS: usize = 32;
/// The server is killed once this many requests were acknowledged.
const KILL_AFTER_ACKS: usize = 1_500;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| workspace_root().join("target"))
}

/// The `talentbrug` binary to test.
pub(crate) fn binary() -> PathBuf {
    if let Some(bin) = std::env::var_os("TALENTBRUG_BIN") {
        return PathBuf::from(bin);
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--quiet", "-p", "talentbrug", "--bin", "talentbrug"])
        .current_dir(workspace_root())
        .status()
        .expect("cargo runs");
    assert!(status.success(), "building talentbrug failed");
    target_dir().join("debug/talentbrug")
}

struct Site {
    dir: PathBuf,
    feed: PathBuf,
    db: PathBuf,
    ids: Vec<String>,
    public_key: String,
}

impl Drop for Site {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn site() -> Site {
    let dir = std::env::temp_dir().join(format!("tb-inbox-load-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("public")).unwrap();
    // The feed in its own directory: serve refuses an inbox next to the public feed.
    let feed_path = dir.join("public/feed.json");
    let feed = talentbrug::demo_feed::demo_feed(500, 11, talentbrug::demo_feed::start_of_today(), 30);
    let bytes = feed.to_json();
    let keys = Keys::generate();
    talentbrug_publish::write_pair(&feed_path, &bytes, &keys.sign_base64(&bytes)).unwrap();
    let ids = feed.profiles.iter().map(|p| p.id.to_string()).collect();
    Site { db: dir.join("inbox.sqlite"), feed: feed_path, dir, ids, public_key: keys.public_key_base64() }
}

/// Starts `talentbrug serve` on a port from the e2e range; returns it with the port once it answers.
fn start(bin: &Path, site: &Site, log: &str) -> (Child, u16) {
    let port = talentbrug_e2e::ports::free_port().expect("a free port");
    let log = std::fs::File::create(site.dir.join(log)).unwrap();
    let mut child = Command::new(bin)
        .args(["serve", "--feed", site.feed.to_str().unwrap(), "--db", site.db.to_str().unwrap()])
        .args(["--addr", &format!("127.0.0.1:{port}"), "--public-key", &site.public_key])
        // A load test: no limit per client or for all clients together.
        .args(["--rate-limit-per-minute", "0", "--max-requests-per-minute", "0"])
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap();
    let agent: ureq::Agent = ureq::Agent::config_builder().timeout_global(Some(Duration::from_secs(2))).proxy(None).build().into();
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if agent.get(&format!("http://127.0.0.1:{port}/api/health")).call().is_ok() {
            return (child, port);
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("talentbrug serve did not start");
}

fn body(site: &Site, i: usize) -> String {
    serde_json::json!({
        "profile_id": site.ids[i % site.ids.len()],
        "idempotency_key": key(i),
        "form_ms": 20_000 + i,
        "website": "",
        "employer": {
            "company": format!("Firma {i}"),
            "contact_name": "Jo Janssens",
            "email": format!("jo{i}@firma.example"),
            "phone": "016 12 34 56",
            "postcode": "3000"
        },
        "vacancy": {"title": "Magazijnier", "description": "Orders verzamelen", "hours_per_week": 38},
        "commitment": true,
        "consent": true
    })
    .to_string()
}

fn key(i: usize) -> String {
    format!("load-and-kill-{i:010}")
}

/// What one attempt gave.
#[derive(Clone, Debug)]
enum Outcome {
    /// 201 with this reference.
    Acknowledged { reference: String, replayed: bool, latency: Duration },
    /// No acknowledgement (connection refused or reset, or an error status).
    Failed(String),
}

/// One request to the server on `port`; every HTTP status is an answer, not an error.
fn send(agent: &ureq::Agent, port: u16, site: &Site, i: usize) -> Outcome {
    let started = Instant::now();
    match agent.post(&format!("http://127.0.0.1:{port}/api/requests")).header("Content-Type", "application/json").send(body(site, i)) {
        Ok(mut response) if response.status() == 201 => {
            let latency = started.elapsed();
            let replayed = response.headers().get("idempotent-replayed").is_some_and(|v| v == "true");
            let json: serde_json::Value = match response.body_mut().read_to_string().map(|text| serde_json::from_str(&text)) {
                Ok(Ok(json)) => json,
                Ok(Err(e)) => return Outcome::Failed(format!("body: {e}")),
                Err(e) => return Outcome::Failed(format!("body: {e}")),
            };
            match json["reference"].as_str() {
                Some(reference) => Outcome::Acknowledged { reference: reference.to_owned(), replayed, latency },
                None => Outcome::Failed("no reference".into()),
            }
        }
        Ok(mut response) => {
            Outcome::Failed(format!("HTTP {}: {}", response.status().as_u16(), response.body_mut().read_to_string().unwrap_or_default()))
        }
        Err(e) => Outcome::Failed(e.to_string()),
    }
}

/// Sends requests `0..REQUESTS` from `CLIENTS` threads to the server on `port`; calls
/// `after_ack` with the number of acknowledgements so far after each one.
fn run_clients(site: &Arc<Site>, port: u16, after_ack: Arc<dyn Fn(usize) + Send + Sync>) -> (Vec<Option<Outcome>>, Duration) {
    let next = Arc::new(AtomicUsize::new(0));
    let acks = Arc::new(AtomicUsize::new(0));
    let outcomes = Arc::new(Mutex::new(vec![None; REQUESTS]));
    let started = Instant::now();
    let threads: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let (site, next, acks, outcomes, after_ack) = (site.clone(), next.clone(), acks.clone(), outcomes.clone(), after_ack.clone());
            std::thread::spawn(move || {
                let agent: ureq::Agent = ureq::Agent::config_builder()
                    .timeout_global(Some(Duration::from_secs(10)))
                    .max_idle_connections_per_host(1)
                    .http_status_as_error(false)
                    .proxy(None)
                    .build()
                    .into();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= REQUESTS {
                        return;
                    }
                    let outcome = send(&agent, port, &site, i);
                    let acked = matches!(outcome, Outcome::Acknowledged { .. });
                    outcomes.lock().unwrap()[i] = Some(outcome);
                    if acked {
                        after_ack(acks.fetch_add(1, Ordering::Relaxed) + 1);
                    }
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let elapsed = started.elapsed();
    let outcomes = outcomes.lock().unwrap().clone();
    (outcomes, elapsed)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[test]
fn acknowledged_requests_survive_sigkill_and_are_stored_exactly_once() {
    let bin = binary();
    let site = Arc::new(site());
    let (server, port) = start(&bin, &site, "serve-1.log");
    let server = Arc::new(Mutex::new(server));

    // Phase 1: load, and SIGKILL in the middle.
    let killed_at = Arc::new(Mutex::new(None::<Instant>));
    let killed = Arc::new(AtomicBool::new(false));
    let kill = {
        let (server, killed, killed_at) = (server.clone(), killed.clone(), killed_at.clone());
        Arc::new(move |acks: usize| {
            if acks >= KILL_AFTER_ACKS && !killed.swap(true, Ordering::SeqCst) {
                *killed_at.lock().unwrap() = Some(Instant::now());
                // Child::kill sends SIGKILL on Unix: no shutdown code runs.
                server.lock().unwrap().kill().unwrap();
            }
        })
    };
    let phase1_started = Instant::now();
    let (phase1, _) = run_clients(&site, port, kill);
    let _ = server.lock().unwrap().wait();
    assert!(killed.load(Ordering::SeqCst), "the server was killed mid-run");
    let before_kill = killed_at.lock().unwrap().unwrap().duration_since(phase1_started);

    let acknowledged: HashMap<usize, String> = phase1
        .iter()
        .enumerate()
        .filter_map(|(i, o)| match o {
            Some(Outcome::Acknowledged { reference, .. }) => Some((i, reference.clone())),
            _ => None,
        })
        .collect();
    let failed = phase1.iter().filter(|o| matches!(o, Some(Outcome::Failed(_)))).count();
    assert!(acknowledged.len() >= KILL_AFTER_ACKS, "{} acknowledged", acknowledged.len());
    assert!(failed > 0, "the kill cut requests off");
    assert_eq!(acknowledged.len() + failed, REQUESTS);
    let mut latencies: Vec<Duration> = phase1
        .iter()
        .filter_map(|o| match o {
            Some(Outcome::Acknowledged { latency, .. }) => Some(*latency),
            _ => None,
        })
        .collect();
    latencies.sort();

    // Durability: after the kill, before any retry, every acknowledged request is on disk with
    // the reference it was given.
    {
        let store = Store::open_existing(&site.db).unwrap();
        let stored: HashMap<String, String> = store.list(None).unwrap().into_iter().map(|r| (r.idempotency_key, r.reference)).collect();
        for (i, reference) in &acknowledged {
            assert_eq!(stored.get(&key(*i)), Some(reference), "acknowledged request {i} lost by the kill");
        }
        println!(
            "after SIGKILL: {} acknowledged, {} stored (a request can be stored whose 201 was lost)",
            acknowledged.len(),
            stored.len()
        );
    }

    // Phase 2: restart and retry every request with its idempotency key.
    // A fresh port: the first was free for a moment, and another test may have taken it.
    let (mut server2, port) = start(&bin, &site, "serve-2.log");
    let (phase2, phase2_elapsed) = run_clients(&site, port, Arc::new(|_| {}));
    for (i, outcome) in phase2.iter().enumerate() {
        match outcome {
            Some(Outcome::Acknowledged { reference, replayed, .. }) => {
                if let Some(first) = acknowledged.get(&i) {
                    assert_eq!(reference, first, "request {i}: a retry must get the first reference");
                    assert!(replayed, "request {i}: a retry of a stored request is a replay");
                }
            }
            Some(Outcome::Failed(why)) => panic!("request {i} after restart: {why}"),
            None => panic!("request {i} was not sent after restart"),
        }
    }
    let _ = server2.kill();
    let _ = server2.wait();

    // Exactly once: one row per key, no more, no less.
    let store = Store::open_existing(&site.db).unwrap();
    let rows = store.list(None).unwrap();
    let keys: HashSet<&str> = rows.iter().map(|r| r.idempotency_key.as_str()).collect();
    assert_eq!(rows.len(), REQUESTS, "one row per request");
    assert_eq!(keys.len(), REQUESTS, "no key stored twice");

    let acked = latencies.len();
    let rps = acked as f64 / before_kill.as_secs_f64();
    let (p50, p99) = (percentile(&latencies, 50.0), percentile(&latencies, 99.0));
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let binary_kind = if std::env::var_os("TALENTBRUG_BIN").is_some() { "TALENTBRUG_BIN" } else { "debug" };
    println!(
        "inbox load ({binary_kind} build): {CLIENTS} clients, {acked} requests acknowledged in {:.2} s before SIGKILL: {rps:.0} requests/s, \
         p50 {:.1} ms, p99 {:.1} ms; {failed} cut off by the kill; after restart all {REQUESTS} retried in {:.2} s, every key stored exactly once",
        before_kill.as_secs_f64(),
        ms(p50),
        ms(p99),
        phase2_elapsed.as_secs_f64()
    );
    let figures = serde_json::json!({
        "binary": binary_kind,
        "clients": CLIENTS,
        "requests": REQUESTS,
        "acknowledged_before_kill": acked,
        "cut_off_by_kill": failed,
        "requests_per_second": rps.round(),
        "p50_ms": (ms(p50) * 10.0).round() / 10.0,
        "p99_ms": (ms(p99) * 10.0).round() / 10.0,
        "retry_all_seconds": (phase2_elapsed.as_secs_f64() * 100.0).round() / 100.0,
        "stored_exactly_once": true,
    });
    let _ = std::fs::write(target_dir().join("inbox-load.json"), serde_json::to_vec_pretty(&figures).unwrap_or_default());
}
