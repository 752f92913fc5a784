//! The one thread that writes requests and vacancies: it takes every one waiting, stores them in
//! one transaction (group commit: one fsync for many), and only then answers each.
//!
//! A request is acknowledged after its commit returned, so an acknowledged request is on disk.
//! The same idempotency key finds the stored request instead of making a second one.

use std::sync::mpsc;
use std::thread::JoinHandle;

use rusqlite::{params, OptionalExtension, Transaction};
use talentbrug_core::request::ValidRequest;
use talentbrug_core::Timestamp;

use crate::digest::sha256_hex;
use crate::status::RequestStatus;
use crate::store::Store;
use crate::tokens::{Reference, StatusToken};
use crate::vacancy_writer::{write_vacancy, NewVacancy};

/// Most requests committed together; more wait for the next transaction.
const MAX_BATCH: usize = 256;

/// A validated request on its way to the database.
#[derive(Clone, Debug)]
pub struct NewRequest {
    /// The checked request.
    pub request: ValidRequest,
    /// Sequence of the newest served feed holding the profile id.
    pub feed_sequence: Option<u64>,
    /// When it arrived.
    pub received_at: Timestamp,
}

impl NewRequest {
    /// A digest of the checked content: a retry must send the same request to get its reference.
    fn fingerprint(&self) -> String {
        sha256_hex(&serde_json::to_vec(&self.request).unwrap_or_default())
    }
}

/// The names a stored request got.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt {
    /// Its reference.
    pub reference: Reference,
    /// The secret of its status link.
    pub token: StatusToken,
}

/// What storing a request did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stored {
    /// A new row, committed.
    Created(Receipt),
    /// The idempotency key was already stored with this same request: its receipt, no new row.
    Replayed(Receipt),
    /// The idempotency key was already used for a different request.
    KeyReused,
}

/// The database could not store the request; it was not acknowledged.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the inbox database could not store the request: {0}")]
pub struct WriteFailed(pub String);

type Reply = tokio::sync::oneshot::Sender<Result<Stored, WriteFailed>>;

/// What the writer stores: a request or a vacancy, answered once committed.
#[allow(clippy::large_enum_variant)] // short-lived, one per HTTP request
enum Job {
    Request(NewRequest, Reply),
    Vacancy(NewVacancy, Reply),
}

/// Handle to the writer thread. Dropping every clone of the sender lets the thread finish the
/// queue and stop; [`RequestWriter::shutdown`] waits for that.
pub struct RequestWriter {
    jobs: Option<mpsc::Sender<Job>>,
    thread: Option<JoinHandle<()>>,
}

impl RequestWriter {
    /// Starts the writer on `store`; after each commit that created rows it pings `created`
    /// (the webhook sender's wake-up).
    pub fn start(mut store: Store, created: Option<mpsc::Sender<()>>) -> std::io::Result<RequestWriter> {
        let (jobs, queue) = mpsc::channel::<Job>();
        let thread = std::thread::Builder::new().name("request-writer".into()).spawn(move || {
            while let Ok(first) = queue.recv() {
                let mut batch = vec![first];
                while batch.len() < MAX_BATCH {
                    match queue.try_recv() {
                        Ok(job) => batch.push(job),
                        Err(_) => break,
                    }
                }
                let any_created = write_batch(&mut store, batch);
                if any_created {
                    if let Some(created) = &created {
                        let _ = created.send(());
                    }
                }
            }
        })?;
        Ok(RequestWriter { jobs: Some(jobs), thread: Some(thread) })
    }

    /// Stores a request; returns after it is committed (or refused).
    pub async fn submit(&self, new: NewRequest) -> Result<Stored, WriteFailed> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        self.send(Job::Request(new, reply))?;
        answer.await.map_err(|_| WriteFailed("the writer stopped".into()))?
    }

    /// Stores a vacancy; returns after it is committed (or refused), as [`RequestWriter::submit`].
    pub async fn submit_vacancy(&self, new: NewVacancy) -> Result<Stored, WriteFailed> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        self.send(Job::Vacancy(new, reply))?;
        answer.await.map_err(|_| WriteFailed("the writer stopped".into()))?
    }

    fn send(&self, job: Job) -> Result<(), WriteFailed> {
        let jobs = self.jobs.as_ref().ok_or_else(|| WriteFailed("the server is shutting down".into()))?;
        jobs.send(job).map_err(|_| WriteFailed("the writer stopped".into()))
    }

    /// Finishes the queued requests and stops the thread.
    pub fn shutdown(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        self.jobs = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for RequestWriter {
    fn drop(&mut self) {
        self.stop();
    }
}

impl Job {
    fn into_reply(self) -> Reply {
        match self {
            Job::Request(_, reply) | Job::Vacancy(_, reply) => reply,
        }
    }
}

/// Writes a batch in one transaction and answers every job; true when a row was created.
fn write_batch(store: &mut Store, batch: Vec<Job>) -> bool {
    let link_seconds = i64::from(store.status_link_days()) * 86_400;
    let conn = store.conn();
    let mut answers = Vec::with_capacity(batch.len());
    let committed = (|| -> rusqlite::Result<()> {
        let mut tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        for job in &batch {
            let written = match job {
                Job::Request(new, _) => write_one(&mut tx, new, link_seconds),
                Job::Vacancy(new, _) => write_vacancy(&mut tx, new, link_seconds),
            };
            answers.push(written.map_err(|e| WriteFailed(e.to_string())));
        }
        tx.commit()
    })();
    let mut any_created = false;
    match committed {
        Ok(()) => {
            for (job, answer) in batch.into_iter().zip(answers) {
                any_created |= matches!(answer, Ok(Stored::Created(_)));
                let _ = job.into_reply().send(answer);
            }
        }
        Err(e) => {
            eprintln!("talentbrug serve: could not commit {} request(s) or vacancies: {e}", batch.len());
            for job in batch {
                let _ = job.into_reply().send(Err(WriteFailed(e.to_string())));
            }
        }
    }
    any_created
}

/// Stores one request inside the batch's transaction, all or nothing (a savepoint); its status
/// link works for `link_seconds`.
fn write_one(tx: &mut Transaction<'_>, new: &NewRequest, link_seconds: i64) -> rusqlite::Result<Stored> {
    let fingerprint = new.fingerprint();
    let r = &new.request;
    let link_expires = new.received_at.unix_seconds() + link_seconds;
    if let Some(stored) = replay(tx, Links::Request, &r.idempotency_key, &fingerprint, link_expires)? {
        return Ok(stored);
    }
    let sp = tx.savepoint()?;
    let now = new.received_at.unix_seconds();
    let mut attempt = 0;
    let (reference, first_link) = loop {
        let (reference, token) = (Reference::generate(), StatusToken::generate());
        let inserted = sp.execute(
            "INSERT INTO requests (reference, idempotency_key, fingerprint, status_token, profile_id, feed_sequence, received_at,
                status, status_changed_at, company, contact_name, email, phone, postcode, place,
                vacancy_title, vacancy_description, hours_per_week, preferred_contact)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?7, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
            params![
                reference.as_str(),
                r.idempotency_key,
                fingerprint,
                token.digest(),
                r.profile_id.as_str(),
                new.feed_sequence,
                now,
                RequestStatus::Received.code(),
                r.company,
                r.contact_name,
                r.email.as_str(),
                r.phone.as_str(),
                r.postcode,
                r.place,
                r.title,
                r.description,
                r.hours_per_week,
                r.preferred_contact,
            ],
        );
        match inserted {
            Ok(_) => break (reference, token),
            // A reference or token collided (about 1 in 10^15): draw again.
            Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::ConstraintViolation && attempt < 5 => attempt += 1,
            Err(e) => return Err(e),
        }
    };
    let id = sp.last_insert_rowid();
    sp.execute(
        "INSERT INTO status_links (token_sha256, request_id, expires_at) VALUES (?1, ?2, ?3)",
        params![first_link.digest(), id, link_expires],
    )?;
    sp.execute(
        "INSERT INTO status_changes (request_id, status, note, changed_at) VALUES (?1, ?2, '', ?3)",
        params![id, RequestStatus::Received.code(), now],
    )?;
    sp.execute("INSERT INTO outbox (request_id, next_attempt_at) VALUES (?1, ?2)", params![id, now])?;
    sp.commit()?;
    Ok(Stored::Created(Receipt { reference, token: first_link }))
}

/// What an idempotency key already stored gives: `KeyReused` for different content, else the
/// stored reference with a new status link (only digests are stored, so a retry gets a new link;
/// the first keeps working). `None` for a new key.
pub(crate) fn replay(
    tx: &mut Transaction<'_>,
    links: Links,
    key: &str,
    fingerprint: &str,
    link_expires: i64,
) -> rusqlite::Result<Option<Stored>> {
    let sql = match links {
        Links::Request => "SELECT id, reference, fingerprint FROM requests WHERE idempotency_key = ?1",
        Links::Vacancy => "SELECT id, reference, fingerprint FROM vacancies WHERE idempotency_key = ?1",
    };
    let existing: Option<(i64, String, String)> =
        tx.query_row(sql, params![key], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?))).optional()?;
    let Some((id, reference, stored_fingerprint)) = existing else { return Ok(None) };
    if stored_fingerprint != fingerprint {
        return Ok(Some(Stored::KeyReused));
    }
    let reference = reference
        .parse::<Reference>()
        .map_err(|_| rusqlite::Error::InvalidColumnType(0, "reference".into(), rusqlite::types::Type::Text))?;
    let sp = tx.savepoint()?;
    let token = insert_link(&sp, links, id, link_expires)?;
    sp.commit()?;
    Ok(Some(Stored::Replayed(Receipt { reference, token })))
}

/// Whose status links: a request's or a vacancy's (each in its own table).
#[derive(Clone, Copy)]
pub(crate) enum Links {
    Request,
    Vacancy,
}

/// A new status link for request or vacancy `id`, stored by its digest.
pub(crate) fn insert_link(conn: &rusqlite::Connection, links: Links, id: i64, expires_at: i64) -> rusqlite::Result<StatusToken> {
    let sql = match links {
        Links::Request => "INSERT INTO status_links (token_sha256, request_id, expires_at) VALUES (?1, ?2, ?3)",
        Links::Vacancy => "INSERT INTO vacancy_links (token_sha256, vacancy_id, expires_at) VALUES (?1, ?2, ?3)",
    };
    let mut attempt = 0;
    loop {
        let token = StatusToken::generate();
        match conn.execute(sql, params![token.digest(), id, expires_at]) {
            Ok(_) => return Ok(token),
            Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::ConstraintViolation && attempt < 5 => attempt += 1,
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::store::tests::temp_db;
    use talentbrug_core::request::{EmployerForm, RequestForm, VacancyForm};
    use talentbrug_core::Country;

    /// A valid employer block, for the requests and vacancies of tests.
    pub(crate) fn employer() -> EmployerForm {
        EmployerForm {
            company: "Bakkerij Peeters".into(),
            contact_name: "An Peeters".into(),
            email: "an@bakkerij-peeters.be".into(),
            phone: "016 12 34 56".into(),
            postcode: "3000".into(),
        }
    }

    /// A valid request with idempotency key `key`.
    pub(crate) fn valid(key: &str) -> ValidRequest {
        RequestForm {
            profile_id: "p1".into(),
            idempotency_key: key.into(),
            form_ms: 30_000,
            website: String::new(),
            employer: employer(),
            vacancy: VacancyForm { title: "Verkoper".into(), description: "Brood en koffiekoeken".into(), hours_per_week: 30 },
            commitment: true,
            consent: true,
            preferred_contact: None,
        }
        .validate(|_| true, Country::Be)
        .unwrap()
    }

    fn new(key: &str) -> NewRequest {
        NewRequest { request: valid(key), feed_sequence: Some(3), received_at: Timestamp::from_unix_seconds(1_800_000_000) }
    }

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
    }

    #[test]
    fn stores_once_per_key_and_answers_after_commit() {
        let path = temp_db("writer");
        let (ping, pings) = mpsc::channel();
        let writer = RequestWriter::start(Store::open_or_create(&path).unwrap(), Some(ping)).unwrap();
        let rt = runtime();
        let first = rt.block_on(writer.submit(new("key-0000000000000001"))).unwrap();
        let Stored::Created(receipt) = first else { panic!("{first:?}") };
        let replay = rt.block_on(writer.submit(new("key-0000000000000001"))).unwrap();
        let Stored::Replayed(again) = replay else { panic!("{replay:?}") };
        assert_eq!(again.reference, receipt.reference);
        assert_ne!(again.token, receipt.token, "only digests are stored, so a retry gets its own link");
        let mut changed = new("key-0000000000000001");
        changed.request.title = "Bakker".into();
        assert_eq!(rt.block_on(writer.submit(changed)).unwrap(), Stored::KeyReused);
        assert!(pings.try_recv().is_ok());
        // Committed: another connection sees it at once.
        let store = Store::open_existing(&path).unwrap();
        assert_eq!(store.count().unwrap(), 1);
        let row = store.get(&receipt.reference).unwrap();
        assert_eq!((row.profile_id.as_str(), row.feed_sequence, row.status), ("p1", Some(3), RequestStatus::Received));
        assert_eq!(row.employer.postcode, "BE-3000");
        let now = Timestamp::from_unix_seconds(1_800_000_060);
        for token in [&receipt.token, &again.token] {
            assert_eq!(store.by_token(token, now).unwrap().unwrap().reference, receipt.reference.as_str());
        }
        writer.shutdown();
    }

    #[test]
    fn concurrent_submissions_are_grouped_and_each_stored_once() {
        let path = temp_db("writer-batch");
        let writer = std::sync::Arc::new(RequestWriter::start(Store::open_or_create(&path).unwrap(), None).unwrap());
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let results = rt.block_on(async {
            let mut tasks = Vec::new();
            for i in 0..200 {
                let writer = writer.clone();
                // Every key twice: 100 distinct requests.
                tasks.push(tokio::spawn(async move { writer.submit(new(&format!("batch-key-{:08}", i % 100))).await }));
            }
            let mut out = Vec::new();
            for t in tasks {
                out.push(t.await.unwrap().unwrap());
            }
            out
        });
        let created = results.iter().filter(|s| matches!(s, Stored::Created(_))).count();
        assert_eq!(created, 100);
        assert_eq!(Store::open_existing(&path).unwrap().count().unwrap(), 100);
    }

    #[test]
    fn status_links_are_stored_as_digests_and_expire() {
        let path = temp_db("links");
        let mut store = Store::open_or_create(&path).unwrap();
        store.set_status_link_days(30);
        let writer = RequestWriter::start(store, None).unwrap();
        let Stored::Created(receipt) = runtime().block_on(writer.submit(new("key-0000000000000002"))).unwrap() else { panic!() };
        writer.shutdown();
        let store = Store::open_existing(&path).unwrap();
        let received = 1_800_000_000;
        let day = 86_400;
        assert!(store.by_token(&receipt.token, Timestamp::from_unix_seconds(received + 29 * day)).unwrap().is_some());
        assert_eq!(store.by_token(&receipt.token, Timestamp::from_unix_seconds(received + 30 * day)).unwrap(), None);
        // Nowhere on disk in clear: not in the database, not in its write-ahead log.
        drop(store);
        for file in [path.to_path_buf(), path.with_extension("sqlite-wal")] {
            let bytes = std::fs::read(&file).unwrap_or_default();
            let found = bytes.windows(receipt.token.as_str().len()).any(|w| w == receipt.token.as_str().as_bytes());
            assert!(!found, "{} holds the token in clear", file.display());
        }
        let digest = receipt.token.digest();
        let on_disk = [std::fs::read(&*path).unwrap(), std::fs::read(path.with_extension("sqlite-wal")).unwrap_or_default()].concat();
        assert!(on_disk.windows(digest.len()).any(|w| w == digest.as_bytes()), "the digest is what is stored");
    }
}
