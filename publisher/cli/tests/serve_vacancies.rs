//! Vacancies (issue 15) against the real server: `POST /api/vacancies` stores a vacancy once per
//! idempotency key and answers bad input with field-level 4xx; a coach proposes with the CLI's
//! functions; the employer's page shows an anonymous card (no record id, no note), marks the
//! interview planned through its plain form, and `inbox vacancy REF --json` shows it. And an
//! acknowledged vacancy survives `kill -9` of the server.

mod serve_common;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use serve_common::{s, talentbrug, try_request, Server, Site};
use talentbrug_inbox::{MappingStore, Store};
use talentbrug_private::{Mapping, PrivateDir, MAPPING_FORMAT};

fn feed_ids(site: &Site) -> Vec<String> {
    let feed = talentbrug_core::Feed::parse(&std::fs::read(&site.feed).unwrap()).unwrap();
    feed.profiles.iter().map(|p| p.id.to_string()).collect()
}

/// A private directory mapping the feed's ids to records `R-0`, `R-1`, ...
fn private_dir(site: &Site, ids: &[String]) -> std::path::PathBuf {
    let path = site.dir.join("org.private");
    let dir = PrivateDir::create(&path).unwrap();
    let feed = talentbrug_core::Feed::parse(&std::fs::read(&site.feed).unwrap()).unwrap();
    let profiles = ids.iter().enumerate().map(|(i, id)| (id.parse().unwrap(), format!("R-{i}").parse().unwrap())).collect();
    dir.write_mapping(&Mapping {
        format: MAPPING_FORMAT.into(),
        sequence: feed.sequence,
        issued_at: feed.issued_at,
        expires_at: feed.expires_at,
        profiles,
    })
    .unwrap();
    path
}

/// Whether `word` is in `text` on its own: not as part of a longer token, such as the random
/// reference `TB-7K3MR-5QXD2` that holds `R-5`.
fn contains_word(text: &str, word: &str) -> bool {
    let part = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-');
    text.match_indices(word).any(|(at, _)| !part(text[..at].chars().next_back()) && !part(text[at + word.len()..].chars().next()))
}

fn vacancy(key: &str, matches: &[&str]) -> serde_json::Value {
    serde_json::json!({
        "idempotency_key": key, "form_ms": 42_000, "website": "",
        "employer": { "company": "Bakkerij Peeters", "contact_name": "An Peeters", "email": "an@bakkerij-peeters.be",
                      "phone": "+32 16 12 34 56", "postcode": "3000" },
        "vacancy": { "title": "Bakkerijmedewerker", "occupation": null, "hours": { "min": 20, "max": 30 },
                     "shifts": ["day", "weekend"], "contract_forms": ["temp"], "start": "2027-01",
                     "workplace_postcode": "3000", "offers": ["quiet_workplace"], "description": "Ovens vullen" },
        "max_interviews": 2, "commitment": true, "consent": true, "matches": matches
    })
}

fn post(server: &Server, body: &serde_json::Value) -> serve_common::Reply {
    server.request("POST", "/api/vacancies?lang=fr", &[("Content-Type", "application/json")], body.to_string().as_bytes())
}

#[test]
fn a_vacancy_goes_from_the_widget_to_a_proposal_and_a_planned_interview() {
    let site = Site::new("vacancies");
    let ids = feed_ids(&site);
    let private = private_dir(&site, &ids);
    let server = Server::start(&site, &[]);
    let body = vacancy("vac-key-aaaaaaaaaaaa", &[&ids[0], &ids[1]]);

    let first = post(&server, &body);
    assert_eq!(first.status, 201, "{}", first.text());
    let answer = first.json();
    let reference = answer["reference"].as_str().unwrap().to_owned();
    let status_url = answer["status_url"].as_str().unwrap().to_owned();
    assert!(status_url.starts_with("/vacancy/") && status_url.ends_with("?lang=fr"), "{status_url}");
    let again = post(&server, &body);
    assert_eq!((again.status, again.json()["reference"].as_str()), (201, Some(reference.as_str())), "a replay");
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(Store::open_existing(&site.db).unwrap().vacancy_count().unwrap(), 1, "stored once");

    // Bad input: field-level answers, nothing stored.
    let mut bad = vacancy("vac-key-bbbbbbbbbbbb", &[&ids[0], "not-in-this-feed"]);
    bad["vacancy"]["start"] = "januari".into();
    bad["max_interviews"] = 0.into();
    bad["vacancy"]["hours"] = serde_json::json!({"min": 30, "max": 20});
    let refused = post(&server, &bad);
    assert_eq!(refused.status, 422, "{}", refused.text());
    let json = refused.json();
    assert_eq!(json["error"], "invalid_fields");
    let fields: Vec<(&str, &str)> =
        json["errors"].as_array().unwrap().iter().map(|e| (e["field"].as_str().unwrap(), e["problem"].as_str().unwrap())).collect();
    assert_eq!(
        fields,
        [
            ("vacancy.hours", "hours_out_of_range"),
            ("vacancy.start", "invalid_month"),
            ("max_interviews", "interviews_out_of_range"),
            ("matches", "unknown_profile")
        ]
    );
    let mut unknown_code = vacancy("vac-key-cccccccccccc", &[&ids[0]]);
    unknown_code["vacancy"]["shifts"] = serde_json::json!(["siesta"]);
    assert_eq!(post(&server, &unknown_code).json()["errors"][0]["field"], "vacancy.shifts");
    let malformed = server.request("POST", "/api/vacancies", &[("Content-Type", "application/json")], b"{\"matches\": 3}");
    assert_eq!(malformed.status, 400);
    let wrong_type = server.request("POST", "/api/vacancies", &[("Content-Type", "text/plain")], body.to_string().as_bytes());
    assert_eq!(wrong_type.status, 415);
    let mut changed = body.clone();
    changed["vacancy"]["title"] = "Bakker".into();
    assert_eq!(post(&server, &changed).status, 409, "a key reused for another vacancy");
    assert_eq!(Store::open_existing(&site.db).unwrap().vacancy_count().unwrap(), 1);

    // The coach proposes with the CLI's own functions, and one more through the command.
    let reference_parsed = reference.parse().unwrap();
    {
        let mut store = Store::open_existing(&site.db).unwrap();
        let mapping = MappingStore::load(&private).unwrap();
        let p = talentbrug::vacancy_cmd::propose(
            &mut store,
            &mapping,
            &reference_parsed,
            "R-1",
            "Belt graag na 10u; zoon ziek",
            talentbrug_private::now(),
        )
        .unwrap();
        assert_eq!((p.number, p.profile_id.as_str()), (1, ids[1].as_str()), "the matched id");
        let unknown = talentbrug::vacancy_cmd::propose(&mut store, &mapping, &reference_parsed, "R-999", "", talentbrug_private::now());
        assert!(unknown.unwrap_err().to_string().contains("record R-999 is not in the id mapping"));
    }
    let (ok, out, err) =
        talentbrug(&["inbox", "propose", &reference, "--record", "R-5", "--db", s(&site.db), "--private-dir", s(&private)]);
    assert!(ok, "{out}{err}");
    let (ok, _, err) = talentbrug(&["inbox", "propose", &reference, "--record", "R-6", "--db", s(&site.db), "--private-dir", s(&private)]);
    assert!(!ok && err.contains("already has 2 proposed people"), "{err}");
    let (ok, _, _) = talentbrug(&["inbox", "withdraw", &reference, "--record", "R-5", "--db", s(&site.db)]);
    assert!(ok);

    // The employer's page: anonymous cards, the organisation's name, in French.
    let page = server.get(&status_url, &[]);
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("<html lang=\"fr\">") && html.contains("Candidat·e 1") && html.contains("Candidat·e 2"), "{html}");
    assert!(html.contains("le coach vous appellera pour planifier l&#39;entretien"), "{html}");
    assert!(html.contains("Retiré·e par le coach"));
    for secret in ["R-1", "R-5", "Belt graag", "zoon", ids[1].as_str(), ids[0].as_str()] {
        assert!(!contains_word(&html, secret), "the page shows {secret}");
    }
    let token_path = status_url.split('?').next().unwrap().to_owned();
    assert_eq!(server.get("/vacancy/abcdefghjkmnpqrstvwxyz0123456789", &[]).status, 404);

    // The employer marks the interview planned through the plain form: 303 back to the page.
    let form = [("Content-Type", "application/x-www-form-urlencoded")];
    let bad_date = server.request("POST", &format!("{token_path}/proposal/1?lang=fr"), &form, b"mark=planned&date=2027-02-30");
    assert_eq!(bad_date.status, 303);
    assert!(bad_date.header("location").unwrap().ends_with("&error=date"));
    let planned = server.request("POST", &format!("{token_path}/proposal/1?lang=fr"), &form, b"mark=planned&date=2027-01-15");
    assert_eq!((planned.status, planned.header("location")), (303, Some(format!("{token_path}?lang=fr").as_str())));
    assert!(server.get(&token_path, &[("Accept-Language", "en")]).text().contains("Interview on 2027-01-15"));

    // ... and the coach sees it.
    let (ok, out, err) = talentbrug(&["inbox", "vacancy", &reference, "--json", "--db", s(&site.db), "--private-dir", s(&private)]);
    assert!(ok, "{err}");
    let detail: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(detail["proposals"][0]["status"], "interview_planned");
    assert_eq!(detail["proposals"][0]["interview_date"], "2027-01-15");
    assert_eq!(detail["proposals"][0]["note"], "Belt graag na 10u; zoon ziek");
    assert_eq!(detail["matched_records"][0]["record_id"], "R-0");
    assert_eq!(detail["proposals"][1]["status"], "withdrawn");
    let (ok, out, _) = talentbrug(&["inbox", "vacancies", "--status", "open", "--db", s(&site.db)]);
    assert!(ok && out.contains(&reference) && out.contains("Bakkerijmedewerker"), "{out}");

    // Closing: no more proposals.
    assert_eq!(server.request("POST", &format!("{token_path}/close"), &form, b"").status, 303);
    let (ok, _, err) = talentbrug(&["inbox", "propose", &reference, "--record", "R-7", "--db", s(&site.db), "--private-dir", s(&private)]);
    assert!(!ok && err.contains("is closed"), "{err}");

    // The spreadsheet: one row for the vacancy, its proposals counted, no coach's note.
    let (ok, out, err) = talentbrug(&["inbox", "export", "--csv", "--vacancies", "--db", s(&site.db)]);
    assert!(ok, "{err}");
    assert!(!out.contains("zoon ziek"), "the coach's note stays in the inbox: {out}");
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1, "{out}");
    let column = |name: &str| rows[0][headers.iter().position(|h| h == name).unwrap_or_else(|| panic!("{name} in {headers:?}"))].to_owned();
    assert_eq!((column("reference"), column("status"), column("title")), (reference.clone(), "closed".into(), "Bakkerijmedewerker".into()));
    assert_eq!((column("withdrawn"), column("interviews_planned"), column("interviews_held")), ("1".into(), "1".into(), "0".into()));
}

#[test]
fn an_acknowledged_vacancy_survives_kill_9() {
    let site = Site::new("vacancies-kill");
    let ids = feed_ids(&site);
    let server = Server::start(&site, &["--rate-limit-per-minute", "0"]);
    let port = server.port;
    let acked: Arc<Mutex<BTreeMap<String, String>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..4)
        .map(|c| {
            let (acked, stop, ids) = (acked.clone(), stop.clone(), ids.clone());
            std::thread::spawn(move || {
                for i in 0..200 {
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    let key = format!("kill-key-{c}-{i:06}");
                    let body = vacancy(&key, &[&ids[i % ids.len()]]).to_string();
                    match try_request(port, "POST", "/api/vacancies", &[("Content-Type", "application/json")], body.as_bytes()) {
                        Ok(reply) if reply.status == 201 => {
                            acked.lock().unwrap().insert(key, reply.json()["reference"].as_str().unwrap().to_owned());
                        }
                        _ => return,
                    }
                }
            })
        })
        .collect();
    assert!(serve_common::eventually(std::time::Duration::from_secs(60), || acked.lock().unwrap().len() >= 40));
    drop(server); // SIGKILL
    stop.store(true, Ordering::Relaxed);
    for c in clients {
        c.join().unwrap();
    }
    let acked = acked.lock().unwrap().clone();
    let store = Store::open_existing(&site.db).unwrap();
    for (key, reference) in &acked {
        let (v, _) = store.vacancy(&reference.parse().unwrap()).unwrap_or_else(|e| panic!("{key} acknowledged as {reference}, lost: {e}"));
        assert_eq!(&v.idempotency_key, key);
    }
    // After a restart, every acknowledged key replays to the reference it was given.
    let server = Server::start(&site, &["--rate-limit-per-minute", "0"]);
    for (key, reference) in acked.iter().take(10) {
        let i: usize = key.rsplit('-').next().unwrap().parse().unwrap();
        let reply = post(&server, &vacancy(key, &[&ids[i % ids.len()]]));
        assert_eq!((reply.status, reply.json()["reference"].as_str()), (201, Some(reference.as_str())));
    }
    println!("vacancies acknowledged before kill -9: {}, all on disk", acked.len());
}

#[test]
fn a_word_is_found_only_on_its_own() {
    assert!(contains_word("<td>R-5</td>", "R-5") && contains_word("R-5", "R-5"));
    assert!(!contains_word("TB-7K3MR-5QXD2", "R-5") && !contains_word("R-55", "R-5"));
    assert!(contains_word("vraagt: Belt graag na vijf", "Belt graag"));
}
