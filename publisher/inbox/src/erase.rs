//! Erasing employers' data, as the privacy notice (`www/privacy.html`) promises: one request or
//! vacancy when its employer asks, and everything whose last follow-up is older than a cutoff
//! (the notice says twelve months; `talentbrug inbox purge` passes the cutoff in, the store reads
//! no clock).
//!
//! What goes, in one transaction, for a request: its status history with the coach's notes
//! (`status_changes`), its status links (`status_links`, by digest), its webhook delivery row
//! (`outbox`) and the request itself (with its idempotency key and fingerprint). For a vacancy:
//! its webhook events (`events`), the coaches' proposals with their notes and interview days
//! (`proposals`), its links (`vacancy_links`), its matched profile ids (`vacancy_matches`) and the
//! vacancy itself. The other tables (`served_feeds`, `served_profiles`, `settings`) hold no
//! employer data. Deleted content is zeroed (`secure_delete`), and the write-ahead log is then
//! checkpointed and emptied, so the erased rows are not left in `inbox.sqlite-wal` either.
//!
//! The last follow-up of a request is its latest status change (its receipt when the coach never
//! set one); of a vacancy, the latest of its own status change, its proposals' changes and its
//! webhook events (its receipt when nothing happened since).

use rusqlite::{params, OptionalExtension, Transaction};
use talentbrug_core::Timestamp;

use crate::store::{sqlite, Store, StoreError};
use crate::tokens::Reference;

/// Why an erasure was refused; nothing was erased then.
#[derive(Debug, thiserror::Error)]
pub enum EraseError {
    /// The database.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// No request has this reference.
    #[error("no request {0} in this inbox (`talentbrug inbox list` lists them); nothing was erased")]
    NoRequest(Reference),
    /// No vacancy has this reference.
    #[error("no vacancy {0} in this inbox (`talentbrug inbox vacancies` lists them); nothing was erased")]
    NoVacancy(Reference),
    /// Neither a request nor a vacancy has this reference.
    #[error(
        "no request or vacancy {0} in this inbox (`talentbrug inbox list` and `talentbrug inbox vacancies` list them); nothing was erased"
    )]
    NotFound(Reference),
    /// A request and a vacancy share the reference (drawn apart, so about once in 10^15).
    #[error("{0} is the reference of a request and of a vacancy; nothing was erased: say which one with --request or --vacancy")]
    Ambiguous(Reference),
}

/// What an erasure took away.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErasedKind {
    /// A request, with its history, notes, status links and webhook row.
    Request,
    /// A vacancy, with its matches, links, proposals and webhook events.
    Vacancy,
}

/// One erasure, done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Erased {
    /// A request or a vacancy.
    pub kind: ErasedKind,
    /// Whether the write-ahead log was emptied too (false when another process kept reading
    /// the database for the whole busy timeout: the log is then overwritten as the server writes).
    pub log_cleared: bool,
}

/// What a purge took away.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Purged {
    /// Requests erased.
    pub requests: usize,
    /// Vacancies erased.
    pub vacancies: usize,
    /// Whether the write-ahead log was emptied too (see [`Erased::log_cleared`]).
    pub log_cleared: bool,
}

/// Requests whose last follow-up (latest status change, else receipt) is before `?1`.
const STALE_REQUESTS: &str = "
SELECT r.id FROM requests r
WHERE MAX(r.received_at, r.status_changed_at,
          COALESCE((SELECT MAX(c.changed_at) FROM status_changes c WHERE c.request_id = r.id), r.received_at)) < ?1";

/// Vacancies whose last follow-up (their own status change, their proposals' changes, their
/// webhook events, else receipt) is before `?1`.
const STALE_VACANCIES: &str = "
SELECT v.id FROM vacancies v
WHERE MAX(v.received_at, v.status_changed_at,
          COALESCE((SELECT MAX(MAX(p.proposed_at, p.status_changed_at)) FROM proposals p WHERE p.vacancy_id = v.id), v.received_at),
          COALESCE((SELECT MAX(e.created_at) FROM events e WHERE e.vacancy_id = v.id), v.received_at)) < ?1";

/// Deletes request `id` and every row pointing to it (children first: foreign keys are on).
fn delete_request(tx: &Transaction<'_>, id: i64) -> rusqlite::Result<()> {
    for sql in [
        "DELETE FROM status_links WHERE request_id = ?1",
        "DELETE FROM status_changes WHERE request_id = ?1",
        "DELETE FROM outbox WHERE request_id = ?1",
        "DELETE FROM requests WHERE id = ?1",
    ] {
        tx.execute(sql, params![id])?;
    }
    Ok(())
}

/// Deletes vacancy `id` and every row pointing to it (events before the proposals they name).
fn delete_vacancy(tx: &Transaction<'_>, id: i64) -> rusqlite::Result<()> {
    for sql in [
        "DELETE FROM events WHERE vacancy_id = ?1",
        "DELETE FROM proposals WHERE vacancy_id = ?1",
        "DELETE FROM vacancy_links WHERE vacancy_id = ?1",
        "DELETE FROM vacancy_matches WHERE vacancy_id = ?1",
        "DELETE FROM vacancies WHERE id = ?1",
    ] {
        tx.execute(sql, params![id])?;
    }
    Ok(())
}

fn ids(tx: &Transaction<'_>, sql: &str, cutoff: i64) -> rusqlite::Result<Vec<i64>> {
    let mut stmt = tx.prepare(sql)?;
    let rows = stmt.query_map(params![cutoff], |r| r.get(0))?;
    rows.collect()
}

/// Which of the two to erase.
#[derive(Clone, Copy)]
enum Target {
    Request,
    Vacancy,
    Either,
}

impl Store {
    /// Erases the request `reference` and every row holding or pointing to its employer's data.
    pub fn erase_request(&mut self, reference: &Reference) -> Result<Erased, EraseError> {
        self.erase_one(reference, Target::Request)
    }

    /// Erases the vacancy `reference` and every row holding or pointing to its employer's data,
    /// its proposals and their webhook events included.
    pub fn erase_vacancy(&mut self, reference: &Reference) -> Result<Erased, EraseError> {
        self.erase_one(reference, Target::Vacancy)
    }

    /// Erases the request or vacancy `reference`, whichever it names (refused when it names both).
    pub fn erase(&mut self, reference: &Reference) -> Result<Erased, EraseError> {
        self.erase_one(reference, Target::Either)
    }

    fn erase_one(&mut self, reference: &Reference, target: Target) -> Result<Erased, EraseError> {
        let path = self.path().to_owned();
        let tx = self.conn().transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(|e| sqlite(&path, e))?;
        let find = |table: &str| -> Result<Option<i64>, EraseError> {
            let sql = format!("SELECT id FROM {table} WHERE reference = ?1");
            tx.query_row(&sql, params![reference.as_str()], |r| r.get(0)).optional().map_err(|e| sqlite(&path, e).into())
        };
        let request = if matches!(target, Target::Request | Target::Either) { find("requests")? } else { None };
        let vacancy = if matches!(target, Target::Vacancy | Target::Either) { find("vacancies")? } else { None };
        let kind = match (target, request, vacancy) {
            (_, Some(_), Some(_)) => return Err(EraseError::Ambiguous(reference.clone())),
            (_, Some(id), None) => {
                delete_request(&tx, id).map_err(|e| sqlite(&path, e))?;
                ErasedKind::Request
            }
            (_, None, Some(id)) => {
                delete_vacancy(&tx, id).map_err(|e| sqlite(&path, e))?;
                ErasedKind::Vacancy
            }
            (Target::Request, None, None) => return Err(EraseError::NoRequest(reference.clone())),
            (Target::Vacancy, None, None) => return Err(EraseError::NoVacancy(reference.clone())),
            (Target::Either, None, None) => return Err(EraseError::NotFound(reference.clone())),
        };
        tx.commit().map_err(|e| sqlite(&path, e))?;
        Ok(Erased { kind, log_cleared: self.clear_log()? })
    }

    /// Erases every request and vacancy whose last follow-up (see the module documentation) is
    /// before `cutoff`, in one transaction; returns how many of each.
    pub fn purge_followed_up_before(&mut self, cutoff: Timestamp) -> Result<Purged, EraseError> {
        let path = self.path().to_owned();
        let tx = self.conn().transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(|e| sqlite(&path, e))?;
        let run = || -> rusqlite::Result<(usize, usize)> {
            let requests = ids(&tx, STALE_REQUESTS, cutoff.unix_seconds())?;
            for &id in &requests {
                delete_request(&tx, id)?;
            }
            let vacancies = ids(&tx, STALE_VACANCIES, cutoff.unix_seconds())?;
            for &id in &vacancies {
                delete_vacancy(&tx, id)?;
            }
            Ok((requests.len(), vacancies.len()))
        };
        let (requests, vacancies) = run().map_err(|e| sqlite(&path, e))?;
        tx.commit().map_err(|e| sqlite(&path, e))?;
        // Also when nothing was old enough: a purge run again empties a log an erasure left.
        Ok(Purged { requests, vacancies, log_cleared: self.clear_log()? })
    }

    /// Copies the write-ahead log into the database and empties it, so content deleted (and
    /// zeroed) in the database is not kept in the log's older frames. False when another
    /// connection kept reading for the whole busy timeout.
    fn clear_log(&mut self) -> Result<bool, StoreError> {
        let busy: i64 = self.conn_ref().query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0)).map_err(|e| self.error(e))?;
        Ok(busy == 0)
    }
}

/// The same day and time `months` calendar months before `now` (UTC), on the month's last day
/// when it is shorter (31 March minus one month is 28 or 29 February): the cutoff of `inbox purge
/// --older-than-months`.
pub fn months_before(now: Timestamp, months: u32) -> Timestamp {
    let text = now.to_string();
    let number = |range: std::ops::Range<usize>| text.get(range).and_then(|s| s.parse::<i64>().ok());
    if let (Some(year), Some(month), Some(day)) = (number(0..4), number(5..7), number(8..10)) {
        let index = year * 12 + month - 1 - i64::from(months);
        let (year, month) = (index.div_euclid(12), index.rem_euclid(12) + 1);
        // The first day that exists, counting down from the same day of the month.
        for day in (1..=day).rev() {
            if let Ok(t) = format!("{year:04}-{month:02}-{day:02}{}", &text[10..]).parse::<Timestamp>() {
                return t;
            }
        }
    }
    // Before 1970 (or after 9999): 31 days a month is earlier still.
    now.plus_days(-31 * i64::from(months))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request_writer::{NewRequest, RequestWriter, Stored};
    use crate::status::RequestStatus;
    use crate::store::tests::temp_db;
    use crate::tokens::StatusToken;
    use crate::vacancies::EmployerMark;
    use crate::vacancy_writer::NewVacancy;
    use rusqlite::types::ValueRef;
    use std::path::Path;

    const T0: i64 = 1_800_000_000;
    const DAY: i64 = 86_400;

    fn at(days: i64) -> Timestamp {
        Timestamp::from_unix_seconds(T0 + days * DAY)
    }

    /// An employer whose every field names them (`who`), so their traces can be searched for.
    fn employer(who: &str) -> serde_json::Value {
        serde_json::json!({
            "company": format!("Bedrijf {who}"),
            "contact_name": format!("Contact {who}"),
            "email": format!("{}@example.be", who.to_lowercase()),
            "phone": "016 12 34 56",
            "postcode": "3000"
        })
    }

    fn request(key: &str, who: &str, received: Timestamp) -> NewRequest {
        let form: talentbrug_core::request::RequestForm = serde_json::from_value(serde_json::json!({
            "profile_id": "p1", "idempotency_key": key, "form_ms": 30_000, "website": "",
            "employer": employer(who),
            "vacancy": {"title": format!("Job van {who}"), "description": format!("Omschrijving {who}"), "hours_per_week": 30},
            "commitment": true, "consent": true, "preferred_contact": format!("Belmoment {who}")
        }))
        .unwrap();
        NewRequest {
            request: form.validate(|_| true, talentbrug_core::Country::Be).unwrap(),
            feed_sequence: Some(3),
            received_at: received,
        }
    }

    fn vacancy(key: &str, who: &str, received: Timestamp) -> NewVacancy {
        let form: talentbrug_core::vacancy::VacancyRequestForm = serde_json::from_value(serde_json::json!({
            "idempotency_key": key, "form_ms": 30_000, "website": "",
            "employer": employer(who),
            "vacancy": { "title": format!("Vacature {who}"), "occupation": null, "hours": { "min": 20, "max": 30 },
                         "shifts": ["day"], "contract_forms": ["temp"], "start": "2027-01",
                         "workplace_postcode": "3010", "offers": [], "description": format!("Werkplek {who}") },
            "max_interviews": 3, "commitment": true, "consent": true, "matches": ["p1", "p2"]
        }))
        .unwrap();
        NewVacancy {
            vacancy: form.validate(|_| true, talentbrug_core::Country::Be).unwrap(),
            feed_sequences: vec![Some(3), None],
            received_at: received,
        }
    }

    /// Stores requests and vacancies through the writer (the first of each twice: a replay adds
    /// a second status link); their references and first tokens, in order.
    fn store_all(path: &Path, requests: Vec<NewRequest>, vacancies: Vec<NewVacancy>) -> Vec<(Reference, StatusToken)> {
        let writer = RequestWriter::start(Store::open_or_create(path).unwrap(), None).unwrap();
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let mut out = Vec::new();
        for (i, new) in requests.into_iter().enumerate() {
            if i == 0 {
                rt.block_on(writer.submit(new.clone())).unwrap();
            }
            match rt.block_on(writer.submit(new)).unwrap() {
                Stored::Created(r) | Stored::Replayed(r) => out.push((r.reference, r.token)),
                Stored::KeyReused => panic!("key reused"),
            }
        }
        for (i, new) in vacancies.into_iter().enumerate() {
            if i == 0 {
                rt.block_on(writer.submit_vacancy(new.clone())).unwrap();
            }
            match rt.block_on(writer.submit_vacancy(new)).unwrap() {
                Stored::Created(r) | Stored::Replayed(r) => out.push((r.reference, r.token)),
                Stored::KeyReused => panic!("key reused"),
            }
        }
        writer.shutdown();
        out
    }

    /// Every cell of every table as text, with its table's name.
    fn every_cell(store: &Store) -> Vec<(String, String)> {
        let conn = store.conn_ref();
        let tables: Vec<String> = {
            let mut stmt = conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").unwrap();
            let rows = stmt.query_map([], |r| r.get(0)).unwrap();
            rows.collect::<rusqlite::Result<_>>().unwrap()
        };
        let mut cells = Vec::new();
        for table in tables {
            let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
            let columns = stmt.column_count();
            let mut rows = stmt.query([]).unwrap();
            while let Some(row) = rows.next().unwrap() {
                for i in 0..columns {
                    let text = match row.get_ref(i).unwrap() {
                        ValueRef::Null => String::new(),
                        ValueRef::Integer(n) => n.to_string(),
                        ValueRef::Real(x) => x.to_string(),
                        ValueRef::Text(t) | ValueRef::Blob(t) => String::from_utf8_lossy(t).into_owned(),
                    };
                    cells.push((table.clone(), text));
                }
            }
        }
        cells
    }

    /// How many rows of each table point to request `request_id` / vacancy `vacancy_id`.
    fn rows_pointing_to(store: &Store, table_column: &[(&str, &str)], id: i64) -> Vec<(String, i64)> {
        table_column
            .iter()
            .map(|(table, column)| {
                let n: i64 =
                    store.conn_ref().query_row(&format!("SELECT COUNT(*) FROM {table} WHERE {column} = ?1"), [id], |r| r.get(0)).unwrap();
                (table.to_string(), n)
            })
            .filter(|(_, n)| *n > 0)
            .collect()
    }

    /// Fails when `needle` is anywhere in the database: a cell of any table, or the bytes of the
    /// file and its write-ahead log.
    fn assert_gone(store: &Store, path: &Path, needles: &[String]) {
        let cells = every_cell(store);
        let on_disk = [std::fs::read(path).unwrap(), std::fs::read(path.with_extension("sqlite-wal")).unwrap_or_default()].concat();
        for needle in needles {
            let found: Vec<&(String, String)> = cells.iter().filter(|(_, cell)| cell.contains(needle.as_str())).collect();
            assert!(found.is_empty(), "{needle} is still in {found:?}");
            assert!(!on_disk.windows(needle.len()).any(|w| w == needle.as_bytes()), "{needle} is still in the file or its log");
        }
    }

    fn traces(who: &str) -> Vec<String> {
        [format!("{}@example.be", who.to_lowercase()), format!("Bedrijf {who}"), format!("Contact {who}")].into()
    }

    #[test]
    fn the_schema_has_no_table_erasure_does_not_know() {
        // A new table that holds or points to employer data must be erased too: add it to
        // `delete_request`/`delete_vacancy` (or say here why it holds none), then to this list.
        let path = temp_db("erase-tables");
        let store = Store::open_or_create(&path).unwrap();
        let mut stmt = store.conn_ref().prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").unwrap();
        let tables: Vec<String> = stmt.query_map([], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap();
        let erased = [
            "events",
            "outbox",
            "proposals",
            "requests",
            "status_changes",
            "status_links",
            "vacancies",
            "vacancy_links",
            "vacancy_matches",
        ];
        let no_employer_data = ["served_feeds", "served_profiles", "settings"];
        let mut known: Vec<&str> = erased.iter().chain(&no_employer_data).copied().collect();
        known.sort_unstable();
        assert_eq!(tables, known);
    }

    #[test]
    fn a_request_erased_while_it_is_sent_does_not_mark_the_next_one_sent() {
        let path = temp_db("erase-in-flight");
        store_all(&path, vec![request("erase-key-0000000011", "Anouk", at(0))], Vec::new());
        let mut store = Store::open_existing(&path).unwrap();
        let in_flight = store.due(at(1), 10).unwrap().remove(0);
        let reference: Reference = in_flight.request.reference.parse().unwrap();
        store.erase(&reference).unwrap();
        drop(store);
        // The next request takes the erased one's id (SQLite reuses the highest).
        store_all(&path, vec![request("erase-key-0000000012", "Bram", at(1))], Vec::new());
        let mut store = Store::open_existing(&path).unwrap();
        let next = store.due(at(1), 10).unwrap().remove(0);
        assert_eq!(next.request_id, in_flight.request_id, "the id is reused, or this test tests nothing");
        store.delivered(&in_flight, at(1)).unwrap();
        store.failed(&in_flight, "HTTP 500", at(1)).unwrap();
        let still_due = store.due(at(1), 10).unwrap();
        assert_eq!((still_due.len(), still_due[0].attempts), (1, 0), "Bram's request is still to be sent, untouched");
    }

    #[test]
    fn erasing_a_request_leaves_nothing_of_its_employer_and_keeps_the_others() {
        let path = temp_db("erase-request");
        let stored = store_all(
            &path,
            vec![request("erase-key-0000000001", "Anouk", at(0)), request("erase-key-0000000002", "Bram", at(1))],
            vec![vacancy("erase-vac-000000001", "Anouk", at(0))],
        );
        let (gone, gone_token) = stored[0].clone();
        let (kept, kept_token) = stored[1].clone();
        let mut store = Store::open_existing(&path).unwrap();
        store.set_status(&gone, RequestStatus::Contacted, "Anouk belt terug, privé 0470 99 88 77", at(2)).unwrap();
        store.set_status(&kept, RequestStatus::Contacted, "Bram verwacht telefoon", at(2)).unwrap();
        let due = store.due(at(3), 10).unwrap();
        store.failed(&due[0], "HTTP 500 (https://crm.example)", at(3)).unwrap();
        store.delivered(&due[1], at(3)).unwrap();
        let gone_id: i64 =
            store.conn_ref().query_row("SELECT id FROM requests WHERE reference = ?1", [gone.as_str()], |r| r.get(0)).unwrap();
        let links: i64 =
            store.conn_ref().query_row("SELECT COUNT(*) FROM status_links WHERE request_id = ?1", [gone_id], |r| r.get(0)).unwrap();
        assert_eq!(links, 2, "the replay gave a second link");
        let before_kept = (store.get(&kept).unwrap(), store.history(&kept).unwrap(), store.delivery(kept.as_str()).unwrap());

        // A vacancy's reference is not a request's.
        let vacancy_ref = stored[2].0.clone();
        let wrong = store.erase_request(&vacancy_ref).unwrap_err();
        assert_eq!(
            wrong.to_string(),
            format!("no request {vacancy_ref} in this inbox (`talentbrug inbox list` lists them); nothing was erased")
        );

        let erased = store.erase_request(&gone).unwrap();
        assert_eq!(erased, Erased { kind: ErasedKind::Request, log_cleared: true });
        assert!(matches!(store.get(&gone), Err(StoreError::NotFound(_))));
        assert!(store.history(&gone).unwrap().is_empty());
        assert_eq!(store.delivery(gone.as_str()).unwrap(), None);
        assert_eq!(store.by_token(&gone_token, at(4)).unwrap(), None, "the status link opens nothing");
        let pointing = [("status_links", "request_id"), ("status_changes", "request_id"), ("outbox", "request_id"), ("requests", "id")];
        let left = rows_pointing_to(&store, &pointing, gone_id);
        assert!(left.is_empty(), "{left:?}");
        let needles = [
            gone.as_str().to_owned(),
            "erase-key-0000000001".to_owned(),
            "privé 0470 99 88 77".to_owned(),
            "Job van Anouk".to_owned(),
            "Omschrijving Anouk".to_owned(),
            "Belmoment Anouk".to_owned(),
            gone_token.digest(),
        ];
        assert_gone(&store, &path, &needles);
        // Anouk's vacancy is another erasure: erasing the request takes only the request.
        assert!(every_cell(&store).iter().any(|(t, c)| t == "vacancies" && c == "anouk@example.be"));

        // Bram's request is as it was, and so is everything else.
        assert_eq!((store.get(&kept).unwrap(), store.history(&kept).unwrap(), store.delivery(kept.as_str()).unwrap()), before_kept);
        assert_eq!(store.by_token(&kept_token, at(4)).unwrap().unwrap().reference, kept.as_str());
        assert_eq!((store.count().unwrap(), store.vacancy_count().unwrap()), (1, 1));
        assert!(matches!(store.erase_request(&gone), Err(EraseError::NoRequest(_))), "erased once");

        // Then Anouk's vacancy, found by `erase` without being told what it is: nothing of
        // Anouk is left anywhere.
        assert_eq!(store.erase(&vacancy_ref).unwrap().kind, ErasedKind::Vacancy);
        let mut all = traces("Anouk");
        all.push(vacancy_ref.as_str().to_owned());
        assert_gone(&store, &path, &all);
        assert!(every_cell(&store).iter().any(|(_, c)| c == "bram@example.be"));
        let unknown: Reference = "TB-00000-00000".parse().unwrap();
        assert_eq!(
            store.erase(&unknown).unwrap_err().to_string(),
            "no request or vacancy TB-00000-00000 in this inbox (`talentbrug inbox list` and `talentbrug inbox vacancies` list them); \
             nothing was erased"
        );
    }

    #[test]
    fn erasing_a_vacancy_takes_its_proposals_events_and_links() {
        let path = temp_db("erase-vacancy");
        let stored = store_all(
            &path,
            vec![request("erase-key-0000000003", "Bram", at(0))],
            vec![vacancy("erase-vac-000000002", "Carla", at(0)), vacancy("erase-vac-000000003", "Bram", at(0))],
        );
        let (gone, gone_token) = stored[1].clone();
        let (kept, kept_token) = stored[2].clone();
        let mut store = Store::open_existing(&path).unwrap();
        for (reference, token, who) in [(&gone, &gone_token, "Carla"), (&kept, &kept_token, "Bram")] {
            store.propose(reference, "D-1", "p1", &format!("{who} wil vroege shift"), at(1)).unwrap();
            store.propose(reference, "D-2", "p2", "", at(1)).unwrap();
            store.withdraw(reference, "D-2", at(2)).unwrap();
            let date = crate::vacancies::InterviewDate::parse("2027-01-15").unwrap();
            store.employer_marks(token, 1, &EmployerMark::Planned(date), at(3)).unwrap();
            store.employer_closes(token, at(4)).unwrap();
        }
        let events = store.due_events(at(5), 100).unwrap();
        store.event_failed(events[0].id, 0, "HTTP 500 (https://crm.example)", at(5)).unwrap();
        let gone_id: i64 =
            store.conn_ref().query_row("SELECT id FROM vacancies WHERE reference = ?1", [gone.as_str()], |r| r.get(0)).unwrap();
        let before_kept = store.vacancy(&kept).unwrap();
        let kept_events: usize = store.due_events(at(9), 100).unwrap().iter().filter(|e| e.vacancy.reference == kept.as_str()).count();
        assert_eq!(kept_events, 6);

        let wrong = store.erase_vacancy(&stored[0].0).unwrap_err();
        assert!(matches!(wrong, EraseError::NoVacancy(_)) && wrong.to_string().starts_with("no vacancy TB-"), "{wrong}");
        assert_eq!(store.erase_vacancy(&gone).unwrap(), Erased { kind: ErasedKind::Vacancy, log_cleared: true });

        assert!(matches!(store.vacancy(&gone), Err(crate::VacancyError::NotFound(_))));
        assert_eq!(store.vacancy_by_token(&gone_token, at(6)).unwrap(), None);
        let pointing = [
            ("events", "vacancy_id"),
            ("proposals", "vacancy_id"),
            ("vacancy_links", "vacancy_id"),
            ("vacancy_matches", "vacancy_id"),
            ("vacancies", "id"),
        ];
        let left = rows_pointing_to(&store, &pointing, gone_id);
        assert!(left.is_empty(), "{left:?}");
        let mut needles = traces("Carla");
        needles.extend([
            gone.as_str().to_owned(),
            "erase-vac-000000002".to_owned(),
            "Carla wil vroege shift".to_owned(),
            "Vacature Carla".to_owned(),
            "Werkplek Carla".to_owned(),
            gone_token.digest(),
        ]);
        assert_gone(&store, &path, &needles);

        // Bram's vacancy and request keep everything.
        assert_eq!(store.vacancy(&kept).unwrap(), before_kept);
        assert_eq!(store.vacancy_by_token(&kept_token, at(6)).unwrap().unwrap().proposals.len(), 2);
        let events: Vec<_> = store.due_events(at(9), 100).unwrap();
        assert!(events.len() == kept_events && events.iter().all(|e| e.vacancy.reference == kept.as_str()), "{events:?}");
        assert!(store.get(&stored[0].0).is_ok());
        let orphans: i64 = store.conn_ref().query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
        assert_eq!(orphans, 0);
    }

    #[test]
    fn purge_erases_what_was_last_followed_up_before_the_cutoff() {
        let path = temp_db("purge");
        let stored = store_all(
            &path,
            vec![
                request("purge-key-000000001", "Oud", at(0)),        // never followed up: purged
                request("purge-key-000000002", "Gevolgd", at(0)),    // followed up after the cutoff: kept
                request("purge-key-000000003", "Afgesloten", at(0)), // closed before the cutoff: purged
                request("purge-key-000000004", "Nieuw", at(400)),    // recent: kept
            ],
            vec![
                vacancy("purge-vac-000000001", "Stil", at(0)),     // nothing since: purged
                vacancy("purge-vac-000000002", "Voorstel", at(0)), // a proposal after the cutoff: kept
                vacancy("purge-vac-000000003", "Vers", at(395)),   // recent: kept
            ],
        );
        let mut store = Store::open_existing(&path).unwrap();
        store.set_status(&stored[1].0, RequestStatus::Contacted, "", at(380)).unwrap();
        store.set_status(&stored[2].0, RequestStatus::Closed, "afgerond", at(30)).unwrap();
        store.propose(&stored[5].0, "D-1", "p1", "", at(370)).unwrap();
        let now = at(410);
        let cutoff = months_before(now, 12);
        assert!(cutoff > at(30) && cutoff < at(370), "{cutoff}");

        let purged = store.purge_followed_up_before(cutoff).unwrap();
        assert_eq!(purged, Purged { requests: 2, vacancies: 1, log_cleared: true });
        let requests: Vec<String> = store.list(None).unwrap().into_iter().map(|r| r.reference).collect();
        assert_eq!(requests, [stored[3].0.as_str(), stored[1].0.as_str()]);
        let vacancies: Vec<String> = store.vacancies(None).unwrap().into_iter().map(|v| v.reference).collect();
        assert_eq!(vacancies, [stored[6].0.as_str(), stored[5].0.as_str()]);
        let mut needles: Vec<String> = ["Oud", "Afgesloten", "Stil"].iter().flat_map(|who| traces(who)).collect();
        needles.extend([0, 2, 4].map(|i| stored[i].0.as_str().to_owned()));
        needles.push("afgerond".into());
        assert_gone(&store, &path, &needles);
        for who in ["Gevolgd", "Nieuw", "Voorstel", "Vers"] {
            assert!(every_cell(&store).iter().any(|(_, c)| *c == format!("{}@example.be", who.to_lowercase())), "{who}");
        }

        // Again: nothing more is old enough.
        assert_eq!(store.purge_followed_up_before(cutoff).unwrap(), Purged { requests: 0, vacancies: 0, log_cleared: true });
        // A year on, what was followed up at day 380 goes too; day 400 stays.
        let later = store.purge_followed_up_before(at(399)).unwrap();
        assert_eq!((later.requests, later.vacancies), (1, 2));
        assert_eq!(store.list(None).unwrap().len(), 1);
    }

    #[test]
    fn months_are_calendar_months() {
        let t = |s: &str| s.parse::<Timestamp>().unwrap();
        assert_eq!(months_before(t("2026-05-15T10:20:30Z"), 12), t("2025-05-15T10:20:30Z"));
        assert_eq!(months_before(t("2026-03-31T23:59:59Z"), 1), t("2026-02-28T23:59:59Z"));
        assert_eq!(months_before(t("2028-03-31T00:00:00Z"), 1), t("2028-02-29T00:00:00Z"));
        assert_eq!(months_before(t("2025-02-28T12:00:00Z"), 12), t("2024-02-28T12:00:00Z"));
        assert_eq!(months_before(t("2026-01-10T00:00:00Z"), 13), t("2024-12-10T00:00:00Z"));
        assert_eq!(months_before(t("2026-01-10T00:00:00Z"), 0), t("2026-01-10T00:00:00Z"));
        let early = Timestamp::from_unix_seconds(86_400);
        assert!(months_before(early, 12) < early);
    }
}
