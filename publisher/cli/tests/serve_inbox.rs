//! The coach's side: a request sent to the served demo organisation shows up in `talentbrug
//! inbox` with the record id from the private mapping; statuses flow to the employer's status
//! page; nothing private is reachable over HTTP.

mod serve_common;

use std::process::{Command, Stdio};
use std::time::Duration;

use serve_common::{good_request, s, talentbrug, Server, Site};
use talentbrug_private::MappingStore;

/// A site whose feed is a real publication of synthetic records (with its private mapping).
fn published_site(name: &str, people: usize) -> (Site, talentbrug::demo::DemoOrg) {
    let site = Site::new(name);
    let org = talentbrug::demo::prepare(&site.dir.join("org"), people, 7).unwrap();
    std::fs::copy(&org.feed, &site.feed).unwrap();
    std::fs::copy(talentbrug_private::signature_path(&org.feed), site.sig()).unwrap();
    (site, org)
}

fn profile_ids(site: &Site) -> Vec<String> {
    let feed = talentbrug_core::Feed::parse(&std::fs::read(&site.feed).unwrap()).unwrap();
    feed.profiles.iter().map(|p| p.id.to_string()).collect()
}

#[test]
fn requests_reach_the_inbox_with_the_record_id_and_statuses_reach_the_employer() {
    let (site, org) = published_site("inbox", 300);
    let server =
        Server::start(&site, &["--public-key", &org.public_key, "--private-dir", s(&org.private_dir), "--rate-limit-per-minute", "0"]);
    assert_eq!(server.get("/feed.json.pub", &[]).text().trim(), org.public_key);

    let ids = profile_ids(&site);
    let mapping = MappingStore::load(&org.private_dir).unwrap();
    let mut references = Vec::new();
    for (i, id) in ids.iter().take(3).enumerate() {
        let reply = server.post_json(&good_request(id, &format!("inbox-key-{i:010}")).to_string());
        assert_eq!(reply.status, 201, "{}", reply.text());
        references.push((reply.json(), id.clone()));
    }

    // `inbox list --json` (the mapping found through what `serve --private-dir` recorded).
    let db = s(&site.db);
    let (ok, out, err) = talentbrug(&["inbox", "list", "--db", db, "--json"]);
    assert!(ok, "{err}");
    let list: serde_json::Value = serde_json::from_str(&out).unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 3);
    for (answer, id) in &references {
        let entry = list.iter().find(|e| e["reference"] == answer["reference"]).unwrap();
        let expected = mapping.lookup(id).unwrap().record_id.as_str().to_owned();
        assert!(expected.starts_with("SYN-"), "{expected}");
        assert_eq!(entry["record_id"], expected.as_str(), "the coach sees which person is meant");
        assert_eq!(entry["profile_id"], id.as_str());
        assert_eq!(entry["status"], "received");
        assert_eq!(entry["employer"]["email"], "an@bakkerij-peeters.be");
        assert_eq!(entry["vacancy"]["title"], "Verkoper");
        for key in ["idempotency_key", "received_at", "feed_sequence", "preferred_contact"] {
            assert!(entry.get(key).is_some(), "{key}");
        }
    }

    // The table for people.
    let (ok, table, _) = talentbrug(&["inbox", "list", "--db", db]);
    assert!(ok);
    assert!(table.starts_with("REFERENCE"), "{table}");
    assert!(table.contains("SYN-") && table.contains("Bakkerij Peeters"), "{table}");

    // Follow-up: the coach sets statuses; the employer's page follows, in their language.
    let (answer, _) = &references[0];
    let reference = answer["reference"].as_str().unwrap();
    let status_url = answer["status_url"].as_str().unwrap();
    let page = server.get(status_url, &[]);
    assert_eq!(page.status, 200);
    assert!(page.header("content-security-policy").is_some());
    assert_eq!(page.header("cache-control"), Some("no-store"));
    let html = page.text();
    assert!(html.contains("<li aria-current=\"step\">Ontvangen</li>"), "{html}");
    assert!(html.contains(reference) && html.contains("Verkoper"));
    // No candidate data: neither the profile id nor the record id.
    assert!(!html.contains(references[0].1.as_str()) && !html.contains("SYN-"));

    let (ok, out, err) =
        talentbrug(&["inbox", "set-status", &reference.to_lowercase(), "contacted", "--note", "belt dinsdag terug", "--db", db]);
    assert!(ok, "{err}");
    assert_eq!(out.trim(), format!("{reference} is now contacted"));
    let fr = server.get(status_url, &[("Accept-Language", "fr-BE,fr;q=0.9,nl;q=0.5")]).text();
    assert!(fr.contains("<html lang=\"fr\">") && fr.contains("<li aria-current=\"step\">Le coach a contacté la personne candidate</li>"));
    assert!(!fr.contains("belt dinsdag"), "coach notes stay internal");
    let en = server.get(&format!("{status_url}?lang=en"), &[]).text();
    assert!(en.contains("The coach has contacted the candidate"));
    assert!(talentbrug(&["inbox", "set-status", reference, "interview-planned", "--db", db]).0);
    assert!(server.get(status_url, &[]).text().contains("<li aria-current=\"step\">Gesprek gepland</li>"));

    let (ok, out, _) = talentbrug(&["inbox", "list", "--db", db, "--status", "interview_planned", "--json"]);
    assert!(ok);
    let filtered: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(filtered.as_array().unwrap().len(), 1);

    let (ok, out, _) = talentbrug(&["inbox", "show", reference, "--db", db]);
    assert!(ok);
    assert!(out.contains("belt dinsdag terug") && out.contains("interview_planned") && out.contains("SYN-"), "{out}");

    let (ok, csv, _) = talentbrug(&["inbox", "export", "--csv", "--db", db]);
    assert!(ok);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().take(6).collect::<Vec<_>>(),
        ["reference", "received_at", "status", "status_changed_at", "profile_id", "record_id"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|r| r[5].starts_with("SYN-")));
    assert!(rows.iter().any(|r| &r[10] == "'+32 16 12 34 56"), "formula-like cells are defused");

    // Bad commands say what is wrong.
    let (ok, _, err) = talentbrug(&["inbox", "set-status", "TB-00000-00000", "closed", "--db", db]);
    assert!(!ok && err.contains("no request with reference TB-00000-00000"), "{err}");
    let (ok, _, err) = talentbrug(&["inbox", "set-status", reference, "hired", "--db", db]);
    assert!(!ok && err.contains("received, contacted"), "{err}");
    let (ok, _, err) = talentbrug(&["inbox", "list", "--db", s(&site.dir.join("nope.sqlite"))]);
    assert!(!ok && err.contains("no inbox database"), "{err}");

    // Private things are never reachable over HTTP, whatever the path.
    for path in ["/org/org.key", "/org/org.private/state.json", "/org/records.csv", "/inbox.sqlite", "/../org/org.key", "/public/feed.json"]
    {
        assert_eq!(server.get(path, &[]).status, 404, "{path}");
    }
    let mapping_file = std::fs::read_dir(org.private_dir.join("mappings")).unwrap().next().unwrap().unwrap().path();
    let record_ids: Vec<String> = mapping.lookup(&ids[0]).iter().map(|h| h.record_id.as_str().to_owned()).collect();
    for path in ["/", "/feed.json", "/feed.json.sig", "/feed.json.pub", "/api/health", status_url] {
        let body = server.get(path, &[]).text();
        assert!(!body.contains(&record_ids[0]), "{path} shows a record id");
    }
    assert!(mapping_file.exists());
}

#[test]
fn talentbrug_demo_runs_the_whole_pipeline() {
    let site = Site::new("demo");
    let dir = site.dir.join("demo-org");
    let mut child = Command::new(serve_common::binary())
        .args(["demo", "--single", "--addr", "127.0.0.1:0", "--www", s(&site.www), "--dir", s(&dir), "--profiles", "250"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // The demo prints where it listens (the system picked the port) once it has published.
    let printed = serve_common::Printed::read(child.stdout.take().unwrap(), "demo site:");
    let addr = printed.address(Duration::from_secs(60)).expect("the demo printed its address");
    let port = addr.port();
    let ready = serve_common::eventually(Duration::from_secs(60), || {
        serve_common::try_request(port, "GET", "/api/health", &[], b"").is_ok_and(|r| r.status == 200)
    });
    assert!(ready, "demo did not start");
    let pk = serve_common::try_request(port, "GET", "/feed.json.pub", &[], b"").unwrap().text();
    let feed = serve_common::try_request(port, "GET", "/feed.json", &[], b"").unwrap().body;
    let sig = serve_common::try_request(port, "GET", "/feed.json.sig", &[], b"").unwrap().text();
    let now = talentbrug_private::now();
    let parsed =
        talentbrug_core::Feed::parse_signed(&feed, &sig, pk.trim(), now, None).expect("the served feed verifies with the served key");
    assert!(parsed.profiles.len() > 150, "{}", parsed.profiles.len());
    let id = parsed.profiles[5].id.to_string();
    let reply = serve_common::try_request(
        port,
        "POST",
        "/api/requests",
        &[("Content-Type", "application/json"), ("Origin", &format!("http://{addr}"))],
        good_request(&id, "demo-key-0000000001").to_string().as_bytes(),
    )
    .unwrap();
    assert_eq!(reply.status, 201, "{}", reply.text());

    // Exactly the command the demo prints, with no extra flags.
    let (ok, out, err) = talentbrug(&["inbox", "list", "--json", "--db", s(&dir.join("inbox.sqlite"))]);
    assert!(ok, "{err}");
    let list: serde_json::Value = serde_json::from_str(&out).unwrap();
    let expected = MappingStore::load(&dir.join("org.private")).unwrap().lookup(&id).unwrap().record_id.as_str().to_owned();
    assert_eq!(list[0]["record_id"], expected.as_str());

    Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    let printed = printed.all();
    assert!(printed.contains(&format!("http://{addr}/")) && printed.contains(pk.trim()) && printed.contains("inbox.sqlite"), "{printed}");
}
