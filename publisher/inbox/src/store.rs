//! The inbox database: one SQLite file in WAL mode with full synchronous commits, so a request
//! that was acknowledged survives `kill -9` and a power cut of the process.
//!
//! It holds the employer's request and the profile id it is about, never candidate data: the
//! link from profile id to person stays in the publisher's private mapping.

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OpenFlags, OptionalExtension, Row};
use serde::Serialize;
use talentbrug_core::Timestamp;

use crate::status::RequestStatus;
use crate::tokens::{Reference, StatusToken};

/// How long a connection waits for another writer (the server, `inbox set-status`) to finish.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// The schema, version 1. Times are Unix seconds (UTC).
const SCHEMA_V1: &str = "
CREATE TABLE requests (
    id INTEGER PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    idempotency_key TEXT NOT NULL UNIQUE,
    fingerprint TEXT NOT NULL,
    status_token TEXT NOT NULL UNIQUE,
    profile_id TEXT NOT NULL,
    feed_sequence INTEGER,
    received_at INTEGER NOT NULL,
    status TEXT NOT NULL,
    status_changed_at INTEGER NOT NULL,
    company TEXT NOT NULL,
    contact_name TEXT NOT NULL,
    email TEXT NOT NULL,
    phone TEXT NOT NULL,
    postcode TEXT NOT NULL,
    place TEXT NOT NULL,
    vacancy_title TEXT NOT NULL,
    vacancy_description TEXT NOT NULL,
    hours_per_week INTEGER NOT NULL,
    preferred_contact TEXT NOT NULL
);
CREATE INDEX requests_by_status ON requests(status, received_at);
CREATE TABLE status_changes (
    id INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES requests(id),
    status TEXT NOT NULL,
    note TEXT NOT NULL,
    changed_at INTEGER NOT NULL
);
CREATE INDEX status_changes_by_request ON status_changes(request_id);
CREATE TABLE outbox (
    request_id INTEGER PRIMARY KEY REFERENCES requests(id),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    delivered_at INTEGER,
    last_error TEXT
);
CREATE INDEX outbox_due ON outbox(delivered_at, next_attempt_at);
CREATE TABLE served_feeds (
    feed_hash TEXT PRIMARY KEY,
    sequence INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    first_served_at INTEGER NOT NULL,
    replaced_at INTEGER
);
CREATE TABLE settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE served_profiles (
    feed_hash TEXT NOT NULL REFERENCES served_feeds(feed_hash) ON DELETE CASCADE,
    profile_id TEXT NOT NULL,
    PRIMARY KEY (feed_hash, profile_id)
) WITHOUT ROWID;
";

/// Version 2: status links are kept as SHA-256 digests of their tokens, each with an expiry, so
/// a copy of the database cannot be used to read an employer's status page. A replayed request
/// gets a fresh link (its first one stays valid); `requests.status_token` holds the digest of the
/// first link.
const SCHEMA_V2: &str = "
CREATE TABLE status_links (
    token_sha256 TEXT PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES requests(id),
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX status_links_by_request ON status_links(request_id);
";

/// Version 3: a webhook delivery that failed for longer than `serve --webhook-max-age-days` is
/// given up and marked undelivered (`outbox.undelivered_at`); errors stored before lose the
/// paths and queries of the URLs in them (a webhook URL may carry a secret token).
const SCHEMA_V3: &str = "
ALTER TABLE outbox ADD COLUMN undelivered_at INTEGER;
";

/// Version 4: vacancies (issue 15). An employer's vacancy with the public ids it matched, its
/// own status links (by digest, same lifetime as requests'), the coaches' proposals (record id
/// and note stay here; the employer's page shows neither), and an outbox of webhook events.
const SCHEMA_V4: &str = "
CREATE TABLE vacancies (
    id INTEGER PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    idempotency_key TEXT NOT NULL UNIQUE,
    fingerprint TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    status TEXT NOT NULL,
    status_changed_at INTEGER NOT NULL,
    company TEXT NOT NULL,
    contact_name TEXT NOT NULL,
    email TEXT NOT NULL,
    phone TEXT NOT NULL,
    postcode TEXT NOT NULL,
    place TEXT NOT NULL,
    title TEXT NOT NULL,
    occupation TEXT,
    hours_min INTEGER NOT NULL,
    hours_max INTEGER NOT NULL,
    shifts TEXT NOT NULL,
    contract_forms TEXT NOT NULL,
    start TEXT NOT NULL,
    workplace_postcode TEXT NOT NULL,
    workplace_place TEXT NOT NULL,
    offers TEXT NOT NULL,
    description TEXT NOT NULL,
    max_interviews INTEGER NOT NULL
);
CREATE INDEX vacancies_by_status ON vacancies(status, received_at);
CREATE TABLE vacancy_matches (
    vacancy_id INTEGER NOT NULL REFERENCES vacancies(id),
    position INTEGER NOT NULL,
    profile_id TEXT NOT NULL,
    feed_sequence INTEGER,
    PRIMARY KEY (vacancy_id, position)
) WITHOUT ROWID;
CREATE TABLE vacancy_links (
    token_sha256 TEXT PRIMARY KEY,
    vacancy_id INTEGER NOT NULL REFERENCES vacancies(id),
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE proposals (
    id INTEGER PRIMARY KEY,
    vacancy_id INTEGER NOT NULL REFERENCES vacancies(id),
    record_id TEXT NOT NULL,
    profile_id TEXT NOT NULL,
    note TEXT NOT NULL,
    status TEXT NOT NULL,
    interview_date TEXT,
    proposed_at INTEGER NOT NULL,
    status_changed_at INTEGER NOT NULL,
    UNIQUE (vacancy_id, record_id)
);
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    event TEXT NOT NULL,
    vacancy_id INTEGER NOT NULL REFERENCES vacancies(id),
    proposal_id INTEGER REFERENCES proposals(id),
    created_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    delivered_at INTEGER,
    undelivered_at INTEGER,
    last_error TEXT
);
CREATE INDEX events_due ON events(delivered_at, next_attempt_at);
";

/// How long an employer's status link works unless `serve --status-link-days` says otherwise.
pub const DEFAULT_STATUS_LINK_DAYS: u32 = 180;

/// What can go wrong with the inbox database; messages name the file.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// `inbox` was pointed at a file that is not there.
    #[error("{0}: no inbox database here (it is created by `talentbrug serve --db`)")]
    Missing(PathBuf),
    /// SQLite refused.
    #[error("{path}: {source}")]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// What SQLite said.
        #[source]
        source: rusqlite::Error,
    },
    /// The file was made by a newer version of talentbrug.
    #[error("{path}: this inbox has schema version {found}; this talentbrug reads version {SCHEMA_VERSION} (upgrade talentbrug)")]
    NewerSchema {
        /// The database file.
        path: PathBuf,
        /// Its version.
        found: i64,
    },
    /// No request has this reference.
    #[error("no request with reference {0}")]
    NotFound(Reference),
    /// A feed with other content was served under this sequence before (a restored backup, or
    /// a second publishing machine): profile ids are named by sequence, so its ids would name
    /// other people than the ones requests already name.
    #[error(
        "this inbox served other content under feed sequence {sequence} before (first on {first_served_at}): not served, as its \
         profile ids would name other people; publish again (`talentbrug publish` takes the next sequence)"
    )]
    SequenceReused {
        /// The sequence.
        sequence: u64,
        /// When the other feed was first served.
        first_served_at: talentbrug_core::Timestamp,
    },
}

/// The schema version this code writes.
pub const SCHEMA_VERSION: i64 = 4;

/// An open inbox database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    status_link_days: u32,
}

impl Store {
    /// Opens (creating if needed) the database for the server: WAL, full synchronous commits.
    pub fn open_or_create(path: &Path) -> Result<Store, StoreError> {
        Store::open_with(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE)
    }

    /// Opens an existing database (for the coach's `inbox` commands); never creates one.
    pub fn open_existing(path: &Path) -> Result<Store, StoreError> {
        if !path.is_file() {
            return Err(StoreError::Missing(path.to_owned()));
        }
        Store::open_with(path, OpenFlags::SQLITE_OPEN_READ_WRITE)
    }

    fn open_with(path: &Path, flags: OpenFlags) -> Result<Store, StoreError> {
        if flags.contains(OpenFlags::SQLITE_OPEN_CREATE) {
            owner_only(path).map_err(|e| sqlite(path, rusqlite::Error::ToSqlConversionFailure(Box::new(e))))?;
        }
        let conn = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX).map_err(|e| sqlite(path, e))?;
        let mut store = Store { conn, path: path.to_owned(), status_link_days: DEFAULT_STATUS_LINK_DAYS };
        store.configure().map_err(|e| sqlite(path, e))?;
        store.migrate()?;
        Ok(store)
    }

    fn configure(&self) -> rusqlite::Result<()> {
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        // WAL: readers never block the writer; FULL: each commit is fsynced before it returns.
        let mode: String = self.conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(rusqlite::Error::InvalidParameterName(format!("journal_mode stayed {mode}")));
        }
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        // Deleted and overwritten content (a status token in clear, before migration) is zeroed.
        let _: i64 = self.conn.query_row("PRAGMA secure_delete = ON", [], |r| r.get(0))?;
        Ok(())
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let path = self.path.clone();
        let version: i64 = self.conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| sqlite(&path, e))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema { path, found: version });
        }
        if version < SCHEMA_VERSION {
            let days = i64::from(self.status_link_days);
            let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(|e| sqlite(&path, e))?;
            let run = || -> rusqlite::Result<()> {
                if version < 1 {
                    tx.execute_batch(SCHEMA_V1)?;
                }
                if version < 2 {
                    tx.execute_batch(SCHEMA_V2)?;
                    hash_clear_tokens(&tx, days)?;
                }
                if version < 3 {
                    tx.execute_batch(SCHEMA_V3)?;
                    redact_stored_errors(&tx)?;
                }
                if version < 4 {
                    tx.execute_batch(SCHEMA_V4)?;
                }
                tx.pragma_update(None, "user_version", SCHEMA_VERSION)
            };
            run().map_err(|e| sqlite(&path, e))?;
            tx.commit().map_err(|e| sqlite(&path, e))?;
        }
        Ok(())
    }

    /// How long new status links work, in days (default [`DEFAULT_STATUS_LINK_DAYS`]).
    pub fn set_status_link_days(&mut self, days: u32) {
        self.status_link_days = days;
    }

    /// How long new status links work, in days.
    pub fn status_link_days(&self) -> u32 {
        self.status_link_days
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The connection, for the modules that own a table's queries (writer, outbox, served feeds).
    pub(crate) fn conn(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// The connection, read-only use.
    pub(crate) fn conn_ref(&self) -> &Connection {
        &self.conn
    }

    /// Wraps a SQLite error with this database's path.
    pub(crate) fn error(&self, source: rusqlite::Error) -> StoreError {
        sqlite(&self.path, source)
    }

    /// Every request, newest first, optionally only those with `status`.
    pub fn list(&self, status: Option<RequestStatus>) -> Result<Vec<StoredRequest>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM requests WHERE (?1 IS NULL OR status = ?1) ORDER BY received_at DESC, id DESC");
        let run = || -> rusqlite::Result<Vec<StoredRequest>> {
            let mut stmt = self.conn.prepare(&sql)?;
            let rows = stmt.query_map(params![status.map(|s| s.code())], StoredRequest::from_row)?;
            rows.collect()
        };
        run().map_err(|e| self.error(e))
    }

    /// One request by its reference.
    pub fn get(&self, reference: &Reference) -> Result<StoredRequest, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM requests WHERE reference = ?1");
        self.conn
            .query_row(&sql, params![reference.as_str()], StoredRequest::from_row)
            .optional()
            .map_err(|e| self.error(e))?
            .ok_or_else(|| StoreError::NotFound(reference.clone()))
    }

    /// What the employer's status link shows, or `None` for a token that is not ours or that
    /// expired before `now`.
    pub fn by_token(&self, token: &StatusToken, now: Timestamp) -> Result<Option<StatusView>, StoreError> {
        self.conn
            .query_row(
                "SELECT r.reference, r.vacancy_title, r.received_at, r.status, r.status_changed_at
                 FROM status_links l JOIN requests r ON r.id = l.request_id
                 WHERE l.token_sha256 = ?1 AND l.expires_at > ?2",
                params![token.digest(), now.unix_seconds()],
                |row| {
                    Ok(StatusView {
                        reference: row.get(0)?,
                        vacancy_title: row.get(1)?,
                        received_at: Timestamp::from_unix_seconds(row.get(2)?),
                        status: parse_status(row, 3)?,
                        status_changed_at: Timestamp::from_unix_seconds(row.get(4)?),
                    })
                },
            )
            .optional()
            .map_err(|e| self.error(e))
    }

    /// The history of a request's status, oldest first, with the coach's notes.
    pub fn history(&self, reference: &Reference) -> Result<Vec<StatusChange>, StoreError> {
        let run = || -> rusqlite::Result<Vec<StatusChange>> {
            let mut stmt = self.conn.prepare(
                "SELECT c.status, c.note, c.changed_at FROM status_changes c JOIN requests r ON r.id = c.request_id
                 WHERE r.reference = ?1 ORDER BY c.changed_at, c.id",
            )?;
            let rows = stmt.query_map(params![reference.as_str()], |row| {
                Ok(StatusChange { status: parse_status(row, 0)?, note: row.get(1)?, changed_at: Timestamp::from_unix_seconds(row.get(2)?) })
            })?;
            rows.collect()
        };
        run().map_err(|e| self.error(e))
    }

    /// Sets a request's status and records the change with the coach's note.
    pub fn set_status(&mut self, reference: &Reference, status: RequestStatus, note: &str, now: Timestamp) -> Result<(), StoreError> {
        let path = self.path.clone();
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(|e| sqlite(&path, e))?;
        let id: Option<i64> = tx
            .query_row("SELECT id FROM requests WHERE reference = ?1", params![reference.as_str()], |r| r.get(0))
            .optional()
            .map_err(|e| sqlite(&path, e))?;
        let id = id.ok_or_else(|| StoreError::NotFound(reference.clone()))?;
        let run = || -> rusqlite::Result<()> {
            tx.execute(
                "UPDATE requests SET status = ?1, status_changed_at = ?2 WHERE id = ?3",
                params![status.code(), now.unix_seconds(), id],
            )?;
            tx.execute(
                "INSERT INTO status_changes (request_id, status, note, changed_at) VALUES (?1, ?2, ?3, ?4)",
                params![id, status.code(), note, now.unix_seconds()],
            )?;
            Ok(())
        };
        run().map_err(|e| sqlite(&path, e))?;
        tx.commit().map_err(|e| sqlite(&path, e))
    }

    /// Remembers where the publisher's private directory is, so the coach's `inbox` commands
    /// find the id mapping without being told.
    pub fn remember_private_dir(&mut self, dir: &Path) -> Result<(), StoreError> {
        let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_owned());
        self.conn
            .execute(
                "INSERT INTO settings (name, value) VALUES ('private_dir', ?1) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
                params![dir.to_string_lossy()],
            )
            .map(drop)
            .map_err(|e| self.error(e))
    }

    /// The private directory remembered by [`Store::remember_private_dir`].
    pub fn private_dir(&self) -> Result<Option<PathBuf>, StoreError> {
        self.conn
            .query_row("SELECT value FROM settings WHERE name = 'private_dir'", [], |r| r.get::<_, String>(0))
            .optional()
            .map(|v| v.map(PathBuf::from))
            .map_err(|e| self.error(e))
    }

    /// How many requests are stored (for reports and tests).
    pub fn count(&self) -> Result<u64, StoreError> {
        self.conn.query_row("SELECT COUNT(*) FROM requests", [], |r| r.get(0)).map_err(|e| self.error(e))
    }
}

/// Creates the database file readable and writable by its owner only (SQLite gives its `-wal`
/// and `-shm` files the same mode), and takes group and other access away from an existing one:
/// it holds employers' contact data. An existing file is never opened here: closing any
/// descriptor of a database file drops this process's SQLite locks on it.
fn owner_only(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        match std::fs::metadata(path) {
            Ok(meta) => {
                let mode = meta.permissions().mode();
                if mode & 0o077 != 0 {
                    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode & 0o700))?;
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
            }
            Err(e) => return Err(e),
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Schema 1 kept status tokens in clear: each becomes a status link stored by its digest,
/// valid `days` from when its request arrived.
fn hash_clear_tokens(tx: &rusqlite::Transaction<'_>, days: i64) -> rusqlite::Result<()> {
    let rows: Vec<(i64, String, i64)> = {
        let mut stmt = tx.prepare("SELECT id, status_token, received_at FROM requests")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (id, token, received_at) in rows {
        let digest = crate::digest::sha256_hex(token.as_bytes());
        tx.execute(
            "INSERT OR IGNORE INTO status_links (token_sha256, request_id, expires_at) VALUES (?1, ?2, ?3)",
            params![digest, id, received_at + days * 86_400],
        )?;
        tx.execute("UPDATE requests SET status_token = ?1 WHERE id = ?2", params![digest, id])?;
    }
    Ok(())
}

/// Before schema 3, a failed delivery's error could hold the webhook URL with its path and
/// query: each is cut to scheme and host.
fn redact_stored_errors(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<()> {
    let rows: Vec<(i64, String)> = {
        let mut stmt = tx.prepare("SELECT request_id, last_error FROM outbox WHERE last_error LIKE '%://%'")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (id, error) in rows {
        tx.execute("UPDATE outbox SET last_error = ?1 WHERE request_id = ?2", params![crate::redact::redact_urls(&error), id])?;
    }
    Ok(())
}

pub(crate) fn sqlite(path: &Path, source: rusqlite::Error) -> StoreError {
    StoreError::Sqlite { path: path.to_owned(), source }
}

fn parse_status(row: &Row<'_>, index: usize) -> rusqlite::Result<RequestStatus> {
    let code: String = row.get(index)?;
    code.parse().map_err(|e| rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(e)))
}

const COLUMNS: &str = "reference, idempotency_key, profile_id, feed_sequence, received_at, status, status_changed_at,
    company, contact_name, email, phone, postcode, place, vacancy_title, vacancy_description, hours_per_week, preferred_contact";

/// A stored request, as the coach sees it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoredRequest {
    /// `TB-XXXXX-XXXXX`.
    pub reference: String,
    /// The widget's idempotency key.
    pub idempotency_key: String,
    /// The public profile id the employer chose.
    pub profile_id: String,
    /// Sequence of the newest served feed that held this profile id (for the mapping lookup).
    pub feed_sequence: Option<u64>,
    /// When it was stored.
    pub received_at: Timestamp,
    /// Where it stands.
    pub status: RequestStatus,
    /// When the status last changed.
    pub status_changed_at: Timestamp,
    /// Who asks.
    pub employer: EmployerRecord,
    /// For which job.
    pub vacancy: VacancyRecord,
    /// When the coach can best call (may be empty).
    pub preferred_contact: String,
}

/// The employer's contact data, as validated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EmployerRecord {
    /// Company name.
    pub company: String,
    /// Contact person.
    pub contact_name: String,
    /// E-mail address.
    pub email: String,
    /// Phone number as typed.
    pub phone: String,
    /// Qualified postcode (`BE-3000`).
    pub postcode: String,
    /// Place name of the postcode.
    pub place: String,
}

impl EmployerRecord {
    /// The six employer columns of a request or vacancy row, starting at column `first`
    /// (company, contact, e-mail, phone, postcode, place: both tables keep that order).
    pub(crate) fn from_row(row: &Row<'_>, first: usize) -> rusqlite::Result<EmployerRecord> {
        Ok(EmployerRecord {
            company: row.get(first)?,
            contact_name: row.get(first + 1)?,
            email: row.get(first + 2)?,
            phone: row.get(first + 3)?,
            postcode: row.get(first + 4)?,
            place: row.get(first + 5)?,
        })
    }
}

/// The vacancy, as validated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VacancyRecord {
    /// Job title.
    pub title: String,
    /// A few lines about the job (may be empty).
    pub description: String,
    /// Weekly hours.
    pub hours_per_week: u8,
}

impl StoredRequest {
    fn from_row(row: &Row<'_>) -> rusqlite::Result<StoredRequest> {
        Ok(StoredRequest {
            reference: row.get(0)?,
            idempotency_key: row.get(1)?,
            profile_id: row.get(2)?,
            feed_sequence: row.get(3)?,
            received_at: Timestamp::from_unix_seconds(row.get(4)?),
            status: parse_status(row, 5)?,
            status_changed_at: Timestamp::from_unix_seconds(row.get(6)?),
            employer: EmployerRecord::from_row(row, 7)?,
            vacancy: VacancyRecord { title: row.get(13)?, description: row.get(14)?, hours_per_week: row.get(15)? },
            preferred_contact: row.get(16)?,
        })
    }
}

/// What the employer's status page shows: no candidate data, no contact data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusView {
    /// `TB-XXXXX-XXXXX`.
    pub reference: String,
    /// The employer's own vacancy title, so they recognise the request.
    pub vacancy_title: String,
    /// When it was received.
    pub received_at: Timestamp,
    /// Where it stands.
    pub status: RequestStatus,
    /// Since when.
    pub status_changed_at: Timestamp,
}

/// One step in a request's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StatusChange {
    /// The new status.
    pub status: RequestStatus,
    /// The coach's note (internal; never shown to the employer).
    pub note: String,
    /// When.
    pub changed_at: Timestamp,
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A database path in a fresh directory, removed when the guard is dropped.
    pub(crate) struct TempDb {
        _dir: tempfile::TempDir,
        /// The database file (not created yet).
        pub path: PathBuf,
    }

    impl std::ops::Deref for TempDb {
        type Target = Path;
        fn deref(&self) -> &Path {
            &self.path
        }
    }

    /// A fresh database path for a test.
    pub(crate) fn temp_db(name: &str) -> TempDb {
        let dir = tempfile::Builder::new().prefix(&format!("tb-store-{name}-")).tempdir().unwrap();
        let path = dir.path().join("inbox.sqlite");
        TempDb { _dir: dir, path }
    }

    #[test]
    fn creates_the_schema_once_in_wal_mode() {
        let path = temp_db("schema");
        assert!(matches!(Store::open_existing(&path), Err(StoreError::Missing(_))));
        let store = Store::open_or_create(&path).unwrap();
        let mode: String = store.conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
        let sync: i64 = store.conn.query_row("PRAGMA synchronous", [], |r| r.get(0)).unwrap();
        assert_eq!(sync, 2, "FULL");
        drop(store);
        let store = Store::open_existing(&path).unwrap();
        assert_eq!(store.count().unwrap(), 0);
        store.conn.pragma_update(None, "user_version", 99).unwrap();
        drop(store);
        let err = Store::open_existing(&path).err().unwrap().to_string();
        assert!(err.contains("schema version 99"), "{err}");
    }

    #[test]
    fn unknown_references_are_reported() {
        let path = temp_db("missing-ref");
        let mut store = Store::open_or_create(&path).unwrap();
        let r: Reference = "TB-00000-00000".parse().unwrap();
        assert!(matches!(store.get(&r), Err(StoreError::NotFound(_))));
        let err = store.set_status(&r, RequestStatus::Closed, "", Timestamp::from_unix_seconds(0)).unwrap_err();
        assert_eq!(err.to_string(), "no request with reference TB-00000-00000");
        assert_eq!(store.by_token(&StatusToken::generate(), Timestamp::from_unix_seconds(0)).unwrap(), None);
    }

    #[test]
    fn the_private_directory_is_remembered() {
        let path = temp_db("settings");
        let mut store = Store::open_or_create(&path).unwrap();
        assert_eq!(store.private_dir().unwrap(), None);
        store.remember_private_dir(Path::new("/srv/org/org.private")).unwrap();
        store.remember_private_dir(Path::new("/srv/org2/org.private")).unwrap();
        assert_eq!(Store::open_existing(&path).unwrap().private_dir().unwrap(), Some(PathBuf::from("/srv/org2/org.private")));
    }

    #[cfg(unix)]
    #[test]
    fn the_database_and_its_log_are_the_owners_only() {
        use std::os::unix::fs::PermissionsExt;
        let path = temp_db("mode");
        let mut store = Store::open_or_create(&path).unwrap();
        store.remember_private_dir(Path::new("/srv/org/org.private")).unwrap();
        for file in [path.to_path_buf(), path.with_extension("sqlite-wal"), path.with_extension("sqlite-shm")] {
            let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{}", file.display());
        }
        drop(store);
        std::fs::set_permissions(&*path, std::fs::Permissions::from_mode(0o644)).unwrap();
        drop(Store::open_or_create(&path).unwrap());
        assert_eq!(std::fs::metadata(&*path).unwrap().permissions().mode() & 0o777, 0o600, "a loose mode is tightened");
    }

    #[test]
    fn schema_1_tokens_in_clear_become_digests() {
        let path = temp_db("migrate");
        {
            let conn = Connection::open(&*path).unwrap();
            conn.execute_batch(SCHEMA_V1).unwrap();
            conn.pragma_update(None, "user_version", 1).unwrap();
            conn.execute(
                "INSERT INTO requests (reference, idempotency_key, fingerprint, status_token, profile_id, received_at, status,
                    status_changed_at, company, contact_name, email, phone, postcode, place, vacancy_title, vacancy_description,
                    hours_per_week, preferred_contact)
                 VALUES ('TB-00000-00001', 'k', 'f', 'abcdefghjkmnpqrstvwxyz0123456789', 'p1', 1800000000, 'received', 1800000000,
                    'c', 'n', 'e@x.be', '', 'BE-3000', 'Leuven', 't', 'd', 20, 'email')",
                [],
            )
            .unwrap();
        }
        let store = Store::open_or_create(&path).unwrap();
        let token = StatusToken::parse("abcdefghjkmnpqrstvwxyz0123456789").unwrap();
        let view = store.by_token(&token, Timestamp::from_unix_seconds(1_800_000_100)).unwrap().unwrap();
        assert_eq!(view.reference, "TB-00000-00001");
        let stored: String = store.conn.query_row("SELECT status_token FROM requests", [], |r| r.get(0)).unwrap();
        assert_eq!(stored, token.digest());
        let expiry = 1_800_000_000 + i64::from(DEFAULT_STATUS_LINK_DAYS) * 86_400;
        assert_eq!(store.by_token(&token, Timestamp::from_unix_seconds(expiry)).unwrap(), None);
    }

    #[test]
    fn schema_2_outboxes_get_an_undelivered_mark_and_lose_webhook_secrets() {
        let path = temp_db("migrate-v3");
        {
            let conn = Connection::open(&*path).unwrap();
            conn.execute_batch(SCHEMA_V1).unwrap();
            conn.execute_batch(SCHEMA_V2).unwrap();
            conn.pragma_update(None, "user_version", 2).unwrap();
            conn.execute(
                "INSERT INTO requests (reference, idempotency_key, fingerprint, status_token, profile_id, received_at, status,
                    status_changed_at, company, contact_name, email, phone, postcode, place, vacancy_title, vacancy_description,
                    hours_per_week, preferred_contact)
                 VALUES ('TB-00000-00002', 'k', 'f', 'digest', 'p1', 1800000000, 'received', 1800000000,
                    'c', 'n', 'e@x.be', '', 'BE-3000', 'Leuven', 't', 'd', 20, 'email')",
                [],
            )
            .unwrap();
            conn.execute(
                "INSERT INTO outbox (request_id, attempts, next_attempt_at, last_error)
                 VALUES (1, 3, 1800000100, 'bad uri: https://crm.example/hooks/x?token=SECRET is missing host')",
                [],
            )
            .unwrap();
        }
        let mut store = Store::open_or_create(&path).unwrap();
        let version: i64 = store.conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(version, SCHEMA_VERSION);
        let stored: String = store.conn.query_row("SELECT last_error FROM outbox", [], |r| r.get(0)).unwrap();
        assert_eq!(stored, "bad uri: https://crm.example is missing host");
        let state = store.delivery("TB-00000-00002").unwrap().unwrap();
        assert_eq!((state.attempts, state.undelivered_at), (3, None));
        let now = Timestamp::from_unix_seconds(1_800_000_000 + 8 * 86_400);
        assert_eq!(store.give_up_received_before(Timestamp::from_unix_seconds(1_800_000_000 + 86_400), now).unwrap(), 1);
        assert_eq!(store.delivery("TB-00000-00002").unwrap().unwrap().undelivered_at, Some(now));
    }
}
