//! The outbox table: every stored request gets a row in the same transaction, and the webhook
//! sender works through the rows until each is delivered. Being in SQLite, the queue survives
//! restarts and crashes; delivery is at least once (receivers deduplicate on the reference).
//! A request that could not be delivered for too long is given up and marked undelivered, so
//! the coach knows the organisation's system never got it.

use std::collections::HashMap;

use rusqlite::{params, OptionalExtension, Row};
use serde::Serialize;
use talentbrug_core::Timestamp;

use crate::redact::redact_urls;
use crate::store::{Store, StoreError, StoredRequest};

/// First retry delay; doubles with every failed attempt.
pub const FIRST_RETRY_SECONDS: i64 = 5;
/// Longest delay between attempts.
pub const MAX_RETRY_SECONDS: i64 = 3_600;

/// The delay before attempt `attempts + 1`, after `attempts` failures (exponential, capped).
pub fn backoff_seconds(attempts: u32) -> i64 {
    FIRST_RETRY_SECONDS.saturating_mul(1_i64 << attempts.min(20)).min(MAX_RETRY_SECONDS)
}

/// A request waiting to be delivered.
#[derive(Clone, Debug)]
pub struct Pending {
    /// The request row.
    pub request_id: i64,
    /// Failed attempts so far.
    pub attempts: u32,
    /// The request itself.
    pub request: StoredRequest,
}

/// Where delivery of one request stands (for `inbox show`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DeliveryState {
    /// Failed attempts so far.
    pub attempts: u32,
    /// When it was delivered, if it was.
    pub delivered_at: Option<Timestamp>,
    /// When the next attempt is due, if neither delivered nor given up.
    pub next_attempt_at: Option<Timestamp>,
    /// When the sender gave up on it (it was older than `serve --webhook-max-age-days`): the
    /// organisation's system never got this request.
    pub undelivered_at: Option<Timestamp>,
    /// The last failure, if any, with URLs cut to their scheme and host.
    pub last_error: Option<String>,
}

const DELIVERY_COLUMNS: &str = "o.attempts, o.delivered_at, o.next_attempt_at, o.undelivered_at, o.last_error";

impl DeliveryState {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<DeliveryState> {
        let delivered_at: Option<i64> = r.get(1)?;
        let undelivered_at: Option<i64> = r.get(3)?;
        let last_error: Option<String> = r.get(4)?;
        Ok(DeliveryState {
            attempts: r.get(0)?,
            delivered_at: delivered_at.map(Timestamp::from_unix_seconds),
            next_attempt_at: if delivered_at.is_some() || undelivered_at.is_some() {
                None
            } else {
                Some(Timestamp::from_unix_seconds(r.get(2)?))
            },
            undelivered_at: undelivered_at.map(Timestamp::from_unix_seconds),
            // Redacted on the way in; again on the way out, for what an older version stored.
            last_error: last_error.as_deref().map(redact_urls),
        })
    }
}

/// The outbox row's request (`?2`) still has the reference (`?3`) it had when it was sent.
const SAME_REQUEST: &str = "EXISTS (SELECT 1 FROM requests WHERE id = ?2 AND reference = ?3)";

impl Store {
    /// Up to `limit` requests neither delivered nor given up whose next attempt is due at `now`,
    /// oldest first.
    pub fn due(&self, now: Timestamp, limit: usize) -> Result<Vec<Pending>, StoreError> {
        let refs: Vec<(i64, u32, String)> = {
            let run = || -> rusqlite::Result<Vec<(i64, u32, String)>> {
                let mut stmt = self.conn_ref().prepare(
                    "SELECT o.request_id, o.attempts, r.reference FROM outbox o JOIN requests r ON r.id = o.request_id
                     WHERE o.delivered_at IS NULL AND o.undelivered_at IS NULL AND o.next_attempt_at <= ?1 ORDER BY o.next_attempt_at, o.request_id LIMIT ?2",
                )?;
                let rows = stmt.query_map(params![now.unix_seconds(), limit as i64], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
                rows.collect()
            };
            run().map_err(|e| self.error(e))?
        };
        let mut out = Vec::with_capacity(refs.len());
        for (request_id, attempts, reference) in refs {
            let reference = reference.parse().map_err(|_| self.error(rusqlite::Error::InvalidQuery))?;
            out.push(Pending { request_id, attempts, request: self.get(&reference)? });
        }
        Ok(out)
    }

    /// Records a successful delivery of `pending`. Rows are named by id and reference: a
    /// request erased while it was being sent may hand its id to the next request (SQLite
    /// reuses the highest id), which must still be sent.
    pub fn delivered(&mut self, pending: &Pending, now: Timestamp) -> Result<(), StoreError> {
        self.conn_ref()
            .execute(
                &format!("UPDATE outbox SET delivered_at = ?1, last_error = NULL WHERE request_id = ?2 AND {SAME_REQUEST}"),
                params![now.unix_seconds(), pending.request_id, pending.request.reference],
            )
            .map(drop)
            .map_err(|e| self.error(e))
    }

    /// Records a failed attempt of `pending` (named as in [`Store::delivered`]) and when to try
    /// again. URLs in `error` are cut to their scheme and host before it is stored (a webhook URL
    /// may carry a secret token).
    pub fn failed(&mut self, pending: &Pending, error: &str, now: Timestamp) -> Result<(), StoreError> {
        let next = now.unix_seconds() + backoff_seconds(pending.attempts);
        let error: String = redact_urls(error).chars().take(300).collect();
        self.conn_ref()
            .execute(
                &format!("UPDATE outbox SET attempts = ?1, next_attempt_at = ?4, last_error = ?5 WHERE request_id = ?2 AND {SAME_REQUEST}"),
                params![pending.attempts + 1, pending.request_id, pending.request.reference, next, error],
            )
            .map(drop)
            .map_err(|e| self.error(e))
    }

    /// Gives up on every request received before `received_before` that is neither delivered
    /// nor given up yet: it is marked undelivered at `now` and never sent. Returns how many.
    pub fn give_up_received_before(&mut self, received_before: Timestamp, now: Timestamp) -> Result<usize, StoreError> {
        self.conn_ref()
            .execute(
                "UPDATE outbox SET undelivered_at = ?1
                 WHERE delivered_at IS NULL AND undelivered_at IS NULL
                   AND request_id IN (SELECT id FROM requests WHERE received_at < ?2)",
                params![now.unix_seconds(), received_before.unix_seconds()],
            )
            .map_err(|e| self.error(e))
    }

    /// Delivery state of a request, by reference.
    pub fn delivery(&self, reference: &str) -> Result<Option<DeliveryState>, StoreError> {
        let sql = format!("SELECT {DELIVERY_COLUMNS} FROM outbox o JOIN requests r ON r.id = o.request_id WHERE r.reference = ?1");
        self.conn_ref().query_row(&sql, params![reference], DeliveryState::from_row).optional().map_err(|e| self.error(e))
    }

    /// Delivery state of every request that has an outbox row, by reference (for `inbox list`).
    pub fn deliveries(&self) -> Result<HashMap<String, DeliveryState>, StoreError> {
        let sql = format!("SELECT {DELIVERY_COLUMNS}, r.reference FROM outbox o JOIN requests r ON r.id = o.request_id");
        let run = || -> rusqlite::Result<HashMap<String, DeliveryState>> {
            let mut stmt = self.conn_ref().prepare(&sql)?;
            let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(5)?, DeliveryState::from_row(r)?)))?;
            rows.collect()
        };
        run().map_err(|e| self.error(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request_writer::tests::valid;
    use crate::request_writer::{NewRequest, RequestWriter, Stored};
    use crate::store::tests::temp_db;

    const DAY: i64 = 86_400;

    #[test]
    fn old_requests_are_given_up_and_errors_keep_no_url_path() {
        let path = temp_db("outbox");
        let t0 = 1_800_000_000;
        let references: Vec<String> = {
            let writer = RequestWriter::start(Store::open_or_create(&path).unwrap(), None).unwrap();
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            [("outbox-key-00000001", t0), ("outbox-key-00000002", t0 + 8 * DAY)]
                .into_iter()
                .map(|(key, at)| {
                    let new = NewRequest { request: valid(key), feed_sequence: None, received_at: Timestamp::from_unix_seconds(at) };
                    match rt.block_on(writer.submit(new)).unwrap() {
                        Stored::Created(receipt) => receipt.reference.as_str().to_owned(),
                        other => panic!("{other:?}"),
                    }
                })
                .collect()
        };
        let mut store = Store::open_existing(&path).unwrap();
        let now = Timestamp::from_unix_seconds(t0 + 9 * DAY);
        let due = store.due(now, 10).unwrap();
        assert_eq!(due.len(), 2);
        store.failed(&due[0], "connection refused (https://crm.example/hooks/x?token=SECRET)", now).unwrap();
        let old = store.delivery(&references[0]).unwrap().unwrap();
        assert_eq!(old.last_error.as_deref(), Some("connection refused (https://crm.example)"));
        let stored: String =
            store.conn_ref().query_row("SELECT last_error FROM outbox WHERE request_id = ?1", [due[0].request_id], |r| r.get(0)).unwrap();
        assert!(!stored.contains("SECRET"), "{stored}");

        // Seven days before `now`: the first request (nine days old) is given up, once.
        let cutoff = Timestamp::from_unix_seconds(now.unix_seconds() - 7 * DAY);
        assert_eq!(store.give_up_received_before(cutoff, now).unwrap(), 1);
        assert_eq!(store.give_up_received_before(cutoff, now).unwrap(), 0);
        let later = Timestamp::from_unix_seconds(now.unix_seconds() + DAY);
        let due: Vec<String> = store.due(later, 10).unwrap().into_iter().map(|p| p.request.reference).collect();
        assert_eq!(due, [references[1].clone()], "a given-up request is never sent again");
        let old = store.delivery(&references[0]).unwrap().unwrap();
        assert_eq!((old.undelivered_at, old.next_attempt_at, old.delivered_at, old.attempts), (Some(now), None, None, 1));
        let all = store.deliveries().unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[&references[0]], old);
        assert_eq!(all[&references[1]].undelivered_at, None);

        // A delivered request is never marked undelivered, however old.
        let pending = store.due(later, 10).unwrap().remove(0);
        store.delivered(&pending, later).unwrap();
        assert_eq!(store.give_up_received_before(Timestamp::from_unix_seconds(later.unix_seconds() + 100 * DAY), later).unwrap(), 0);
        assert!(store.delivery(&references[1]).unwrap().unwrap().delivered_at.is_some());
    }

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff_seconds(0), 5);
        assert_eq!(backoff_seconds(1), 10);
        assert_eq!(backoff_seconds(4), 80);
        assert_eq!(backoff_seconds(10), 3_600);
        assert_eq!(backoff_seconds(u32::MAX), 3_600);
    }
}
