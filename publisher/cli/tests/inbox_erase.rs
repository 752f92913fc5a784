//! The privacy notice's promises, as the real binary keeps them: `talentbrug inbox erase REF`
//! takes one employer's request or vacancy out of the inbox when they ask, and `talentbrug inbox
//! purge` everything last followed up more than twelve months ago; `inbox list`, `export` and
//! the database file show nothing of them afterwards, and everything else stays.

use std::path::Path;
use std::process::Command;

use talentbrug_core::{Country, Timestamp};
use talentbrug_inbox::{NewRequest, NewVacancy, RequestStatus, RequestWriter, Store, Stored};

const DAY: i64 = 86_400;

fn talentbrug(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_talentbrug")).args(args).output().expect("the binary runs");
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// An employer whose company, contact and e-mail name them (`who`).
fn employer(who: &str) -> serde_json::Value {
    serde_json::json!({
        "company": format!("Bedrijf {who}"), "contact_name": format!("Contact {who}"),
        "email": format!("{}@example.be", who.to_lowercase()), "phone": "+32 16 12 34 56", "postcode": "3000"
    })
}

fn email(who: &str) -> String {
    format!("{}@example.be", who.to_lowercase())
}

/// Stores a request and a vacancy per employer, as if they arrived `days_ago` days ago; their
/// references in the same order.
fn store(db: &Path, requests: &[(&str, i64)], vacancies: &[(&str, i64)]) -> (Vec<String>, Vec<String>) {
    let now = talentbrug_private::now().unix_seconds();
    let writer = RequestWriter::start(Store::open_or_create(db).unwrap(), None).unwrap();
    let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
    let reference = |stored: Stored| match stored {
        Stored::Created(receipt) => receipt.reference.as_str().to_owned(),
        other => panic!("{other:?}"),
    };
    let mut request_refs = Vec::new();
    for (who, days_ago) in requests {
        let form: talentbrug_core::request::RequestForm = serde_json::from_value(serde_json::json!({
            "profile_id": "p1", "idempotency_key": format!("erase-cli-request-{who}"), "form_ms": 42_000, "website": "",
            "employer": employer(who),
            "vacancy": {"title": format!("Job van {who}"), "description": "", "hours_per_week": 30},
            "commitment": true, "consent": true
        }))
        .unwrap();
        let new = NewRequest {
            request: form.validate(|_| true, Country::Be).unwrap(),
            feed_sequence: Some(1),
            received_at: Timestamp::from_unix_seconds(now - days_ago * DAY),
        };
        request_refs.push(reference(rt.block_on(writer.submit(new)).unwrap()));
    }
    let mut vacancy_refs = Vec::new();
    for (who, days_ago) in vacancies {
        let form: talentbrug_core::vacancy::VacancyRequestForm = serde_json::from_value(serde_json::json!({
            "idempotency_key": format!("erase-cli-vacancy-{who}"), "form_ms": 42_000, "website": "",
            "employer": employer(who),
            "vacancy": { "title": format!("Vacature {who}"), "occupation": null, "hours": { "min": 20, "max": 30 },
                         "shifts": [], "contract_forms": [], "start": "2027-01", "workplace_postcode": "3000",
                         "offers": [], "description": "" },
            "max_interviews": 2, "commitment": true, "consent": true, "matches": ["p1"]
        }))
        .unwrap();
        let new = NewVacancy {
            vacancy: form.validate(|_| true, Country::Be).unwrap(),
            feed_sequences: vec![Some(1)],
            received_at: Timestamp::from_unix_seconds(now - days_ago * DAY),
        };
        vacancy_refs.push(reference(rt.block_on(writer.submit_vacancy(new)).unwrap()));
    }
    writer.shutdown();
    (request_refs, vacancy_refs)
}

/// `inbox list --json`, `inbox export --csv`, `inbox export --csv --vacancies` and the database
/// file with its log, as one text.
fn everything(db: &str) -> String {
    let mut out = String::new();
    for args in [vec!["list", "--json"], vec!["export", "--csv"], vec!["export", "--csv", "--vacancies"], vec!["vacancies", "--json"]] {
        let mut full = vec!["inbox"];
        full.extend(args);
        full.extend(["--db", db]);
        let (ok, stdout, stderr) = talentbrug(&full);
        assert!(ok, "{full:?}: {stderr}");
        out.push_str(&stdout);
    }
    for file in [db.to_owned(), format!("{db}-wal")] {
        out.push_str(&String::from_utf8_lossy(&std::fs::read(file).unwrap_or_default()));
    }
    out
}

#[test]
fn erase_and_purge_leave_nothing_of_the_employers_and_keep_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("inbox.sqlite");
    let db = db_path.to_str().unwrap();
    // Anna asks for erasure; Bert and Vera were last heard of 400 days ago; Greet arrived as
    // long ago but the coach followed her request up 10 days ago; Nina and Wim are recent.
    let (requests, vacancies) = store(&db_path, &[("Anna", 5), ("Bert", 400), ("Greet", 400), ("Nina", 2)], &[("Vera", 400), ("Wim", 3)]);
    let [anna, bert, greet, nina] = <[String; 4]>::try_from(requests).unwrap();
    let [vera, wim] = <[String; 2]>::try_from(vacancies).unwrap();
    let mut inbox = Store::open_existing(&db_path).unwrap();
    let ten_days_ago = Timestamp::from_unix_seconds(talentbrug_private::now().unix_seconds() - 10 * DAY);
    inbox.set_status(&greet.parse().unwrap(), RequestStatus::Contacted, "Greet belt terug", ten_days_ago).unwrap();
    inbox.set_status(&anna.parse().unwrap(), RequestStatus::Contacted, "Anna wil geen mails meer", ten_days_ago).unwrap();
    drop(inbox);
    let before = everything(db);
    for who in ["Anna", "Bert", "Greet", "Nina", "Vera", "Wim"] {
        assert!(before.contains(&email(who)), "{who}");
    }

    let (ok, help, _) = talentbrug(&["inbox", "--help"]);
    assert!(ok && help.contains("erase") && help.contains("purge"), "{help}");

    // Anna asks: her request goes, with the coach's note about her.
    let (ok, out, err) = talentbrug(&["inbox", "erase", &anna.to_lowercase(), "--db", db]);
    assert!(ok, "{err}");
    assert!(out.starts_with(&format!("{anna} erased from this inbox, the request")), "{out}");
    let after = everything(db);
    for trace in [anna.as_str(), &email("Anna"), "Bedrijf Anna", "Contact Anna", "Job van Anna", "Anna wil geen mails meer"] {
        assert!(!after.contains(trace), "{trace} is still there");
    }
    for who in ["Bert", "Greet", "Nina", "Vera", "Wim"] {
        assert!(after.contains(&email(who)), "{who} was erased too");
    }
    let (ok, _, err) = talentbrug(&["inbox", "erase", &anna, "--db", db]);
    assert!(!ok && err.contains(&format!("no request or vacancy {anna} in this inbox")), "{err}");
    let (ok, _, err) = talentbrug(&["inbox", "erase", &wim, "--request", "--db", db]);
    assert!(!ok && err.contains(&format!("no request {wim} in this inbox")), "{err}");
    let (ok, _, err) = talentbrug(&["inbox", "erase", "Anna", "--db", db]);
    assert!(!ok && err.contains("is not a request reference"), "{err}");

    // The daily purge: Bert's request and Vera's vacancy were last followed up 400 days ago.
    let (ok, _, err) = talentbrug(&["inbox", "purge", "--older-than-months", "0", "--db", db]);
    assert!(!ok && err.contains("older-than-months"), "{err}");
    let (ok, out, err) = talentbrug(&["inbox", "purge", "--db", db]);
    assert!(ok, "{err}");
    assert!(out.starts_with("erased 1 request(s) and 1 vacancy(ies) last followed up before ") && out.contains("12 months ago"), "{out}");
    let after = everything(db);
    for trace in [bert.as_str(), &vera, &email("Bert"), &email("Vera"), "Bedrijf Bert", "Vacature Vera"] {
        assert!(!after.contains(trace), "{trace} is still there");
    }
    let (ok, list, _) = talentbrug(&["inbox", "list", "--json", "--db", db]);
    assert!(ok);
    let listed: Vec<String> =
        serde_json::from_str::<serde_json::Value>(&list).unwrap().as_array().unwrap().iter().map(|r| r["reference"].to_string()).collect();
    assert_eq!(listed, [format!("\"{nina}\""), format!("\"{greet}\"")], "newest first; Greet was followed up 10 days ago");
    let (ok, csv, _) = talentbrug(&["inbox", "export", "--csv", "--vacancies", "--db", db]);
    assert!(ok && csv.lines().count() == 2 && csv.contains(&wim), "{csv}");
    let (ok, out, _) = talentbrug(&["inbox", "purge", "--db", db]);
    assert!(ok && out.starts_with("erased 0 request(s) and 0 vacancy(ies)"), "{out}");

    // Wim's vacancy, erased by its reference, and nothing of Wim is left.
    let (ok, out, err) = talentbrug(&["inbox", "erase", &wim, "--vacancy", "--db", db]);
    assert!(ok && out.contains("the vacancy"), "{err}");
    let after = everything(db);
    assert!(!after.contains(&email("Wim")) && !after.contains(&wim));
    assert!(after.contains(&email("Greet")) && after.contains(&email("Nina")));
}
