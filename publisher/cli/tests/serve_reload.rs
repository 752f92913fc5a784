//! A new publication while the server runs: the new pair is served once both files are new
//! (or verify), never a half-written pair, never an older sequence (nor the same one with other
//! content); requests keep working throughout, and ids of the replaced feed stay valid for
//! browsers that still show it.
//!
//! No test sleeps and then checks that nothing changed (that passes vacuously when the watcher
//! is slow): each waits until the log says the watcher refused exactly the files it wrote (the
//! log names a pair by its digests), then checks what is served.

mod serve_common;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serve_common::{eventually, good_request, Server, Site};
use talentbrug_inbox::Store;

fn sequence(server: &Server) -> u64 {
    server.get("/api/health", &[]).json()["feed_sequence"].as_u64().unwrap()
}

#[test]
fn a_new_publication_is_served_without_dropping_requests() {
    let site = Site::new("reload");
    // Requests as fast as the server takes them: no limit per client or for all together.
    let server = Server::start(&site, &["--rate-limit-per-minute", "0", "--max-requests-per-minute", "0"]);
    let first = talentbrug_core::Feed::parse(&std::fs::read(&site.feed).unwrap()).unwrap();
    let old_id = first.profiles[0].id.to_string();

    // Employers keep sending requests for a profile of the first feed while the feed changes.
    let stop = Arc::new(AtomicBool::new(false));
    let (sent, failed) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let sender = {
        let (stop, sent, failed, port, id) = (stop.clone(), sent.clone(), failed.clone(), server.port, old_id.clone());
        std::thread::spawn(move || {
            let mut i = 0;
            while !stop.load(Ordering::Relaxed) {
                let body = good_request(&id, &format!("reload-key-{i:08}")).to_string();
                let reply =
                    serve_common::try_request(port, "POST", "/api/requests", &[("Content-Type", "application/json")], body.as_bytes());
                if !reply.is_ok_and(|r| r.status == 201) {
                    failed.fetch_add(1, Ordering::Relaxed);
                }
                sent.fetch_add(1, Ordering::Relaxed);
                i += 1;
            }
        })
    };

    let second = site.publish(80, 2, 2);
    assert!(eventually(Duration::from_secs(10), || sequence(&server) == 2), "{}", server.log_text());
    assert_eq!(server.get("/feed.json", &[]).body, std::fs::read(&site.feed).unwrap());
    assert_eq!(server.get("/feed.json.sig", &[]).body, std::fs::read(site.sig()).unwrap());
    let third = site.publish(90, 3, 3);
    assert!(eventually(Duration::from_secs(10), || sequence(&server) == 3), "{}", server.log_text());
    // Requests keep being stored after the last swap too, not only around it.
    let before = sent.load(Ordering::Relaxed);
    assert!(eventually(Duration::from_secs(10), || sent.load(Ordering::Relaxed) >= before + 10), "{}", server.log_text());
    stop.store(true, Ordering::Relaxed);
    sender.join().unwrap();
    assert!(sent.load(Ordering::Relaxed) > 10);
    assert_eq!(failed.load(Ordering::Relaxed), 0, "every request during the reloads was stored\n{}", server.log_text());

    // Ids of the current and of replaced feeds are accepted; the stored sequence says which feed.
    let new_id = third.profiles[0].id.to_string();
    let reply = server.post_json(&good_request(&new_id, "reload-new-0000000001").to_string());
    assert_eq!(reply.status, 201);
    let mid_id = second.profiles[0].id.to_string();
    assert_eq!(server.post_json(&good_request(&mid_id, "reload-mid-0000000001").to_string()).status, 201);
    let store = Store::open_existing(&site.db).unwrap();
    let by_profile = |id: &str| store.list(None).unwrap().into_iter().find(|r| r.profile_id == id).unwrap().feed_sequence;
    assert_eq!(by_profile(&new_id), Some(3));
    assert_eq!(by_profile(&mid_id), Some(2));
    assert_eq!(by_profile(&old_id), Some(1));
    // An id that was never published is still refused.
    let reply = server.post_json(&good_request("zzzzzzzzzz", "reload-bad-0000000001").to_string());
    assert_eq!(reply.status, 422);
}

#[test]
fn a_half_written_or_older_publication_is_not_served() {
    let site = Site::new("half");
    // Without a key the server cannot check a pair: it takes one only when both files are new.
    let server = Server::start(&site, &["--unsigned"]);
    let served_sig = std::fs::read(site.sig()).unwrap();

    // Only the feed changes (the publisher is between its two renames): keep the old pair.
    let feed = talentbrug::demo_feed::at_sequence(talentbrug::demo_feed::demo_feed(40, 9, talentbrug::demo_feed::start_of_today(), 30), 2);
    let bytes = feed.to_json();
    talentbrug_private::write_atomically(&site.feed, &bytes).unwrap();
    let [feed, sig] = site.pair_digests();
    server.wait_for_log(&["not both new yet", &feed, &sig]);
    assert_eq!(sequence(&server), 1);
    assert_eq!(server.get("/feed.json.sig", &[]).body, served_sig);

    // The signature arrives: the new pair is served together.
    talentbrug_private::write_atomically(&site.sig(), format!("{}\n", site.keys.sign_base64(&bytes)).as_bytes()).unwrap();
    assert!(eventually(Duration::from_secs(10), || sequence(&server) == 2));
    assert_eq!(server.get("/feed.json", &[]).body, bytes);

    // An older sequence is never served (widgets would refuse it as a replay).
    site.publish(30, 4, 1);
    let [feed, sig] = site.pair_digests();
    server.wait_for_log(&["lower than the served 2", &feed, &sig]);
    assert_eq!(sequence(&server), 2);

    // Nor the served sequence with other people: its ids would name them instead of the served.
    site.publish(30, 5, 2);
    let [feed, sig] = site.pair_digests();
    server.wait_for_log(&["the served sequence 2 but other content", &feed, &sig]);
    assert_eq!(server.get("/feed.json", &[]).body, bytes);

    // A broken feed is not served either; the server keeps the last good pair.
    std::fs::write(&site.feed, b"{ not json").unwrap();
    std::fs::write(site.sig(), b"AAAA\n").unwrap();
    let [feed, sig] = site.pair_digests();
    server.wait_for_log(&["still serving sequence 2:", &feed, &sig]);
    assert_eq!(sequence(&server), 2);
    assert_eq!(server.get("/feed.json", &[]).body, bytes);
}

#[test]
fn with_the_public_key_only_verified_pairs_are_served() {
    let site = Site::new("verified");
    let key = site.keys.public_key_base64();
    let server = Server::start(&site, &["--public-key", &key]);
    assert_eq!(server.get("/feed.json.pub", &[]).text(), format!("{key}\n"));

    // Signed by someone else: refused.
    let feed = talentbrug::demo_feed::at_sequence(talentbrug::demo_feed::demo_feed(40, 5, talentbrug::demo_feed::start_of_today(), 30), 5);
    let bytes = feed.to_json();
    let other = talentbrug_publish::Keys::generate();
    talentbrug_publish::write_pair(&site.feed, &bytes, &other.sign_base64(&bytes)).unwrap();
    let [feed, sig] = site.pair_digests();
    server.wait_for_log(&["signature does not match", &feed, &sig]);
    assert_eq!(sequence(&server), 1);

    // Signed by the organisation: served.
    site.publish(50, 6, 6);
    assert!(eventually(Duration::from_secs(10), || sequence(&server) == 6));
}
