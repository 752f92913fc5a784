//! The outbox table: every stored request gets a row in the same transaction, and the webhook
//! sender works through the rows until each is delivered. Being in SQLite, the queue survives
//! restarts and crashes; delivery is at least once (receivers deduplicate on the reference).

use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use talentbrug_core::Timestamp;

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
    /// When the next attempt is due, if not delivered.
    pub next_attempt_at: Option<Timestamp>,
    /// The last failure, if any.
    pub last_error: Option<String>,
}

impl Store {
    /// Up to `limit` undelivered requests whose next attempt is due at `now`, oldest first.
    pub fn due(&self, now: Timestamp, limit: usize) -> Result<Vec<Pending>, StoreError> {
        let refs: Vec<(i64, u32, String)> = {
            let run = || -> rusqlite::Result<Vec<(i64, u32, String)>> {
                let mut stmt = self.conn_ref().prepare(
                    "SELECT o.request_id, o.attempts, r.reference FROM outbox o JOIN requests r ON r.id = o.request_id
                     WHERE o.delivered_at IS NULL AND o.next_attempt_at <= ?1 ORDER BY o.next_attempt_at, o.request_id LIMIT ?2",
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

    /// Records a successful delivery.
    pub fn delivered(&mut self, request_id: i64, now: Timestamp) -> Result<(), StoreError> {
        self.conn_ref()
            .execute(
                "UPDATE outbox SET delivered_at = ?1, last_error = NULL WHERE request_id = ?2",
                params![now.unix_seconds(), request_id],
            )
            .map(drop)
            .map_err(|e| self.error(e))
    }

    /// Records a failed attempt and when to try again.
    pub fn failed(&mut self, request_id: i64, attempts: u32, error: &str, now: Timestamp) -> Result<(), StoreError> {
        let next = now.unix_seconds() + backoff_seconds(attempts);
        let error: String = error.chars().take(300).collect();
        self.conn_ref()
            .execute(
                "UPDATE outbox SET attempts = ?1, next_attempt_at = ?2, last_error = ?3 WHERE request_id = ?4",
                params![attempts + 1, next, error, request_id],
            )
            .map(drop)
            .map_err(|e| self.error(e))
    }

    /// Delivery state of a request, by reference.
    pub fn delivery(&self, reference: &str) -> Result<Option<DeliveryState>, StoreError> {
        self.conn_ref()
            .query_row(
                "SELECT o.attempts, o.delivered_at, o.next_attempt_at, o.last_error FROM outbox o JOIN requests r ON r.id = o.request_id
                 WHERE r.reference = ?1",
                params![reference],
                |r| {
                    let delivered_at: Option<i64> = r.get(1)?;
                    Ok(DeliveryState {
                        attempts: r.get(0)?,
                        delivered_at: delivered_at.map(Timestamp::from_unix_seconds),
                        next_attempt_at: if delivered_at.is_some() { None } else { Some(Timestamp::from_unix_seconds(r.get(2)?)) },
                        last_error: r.get(3)?,
                    })
                },
            )
            .optional()
            .map_err(|e| self.error(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff_seconds(0), 5);
        assert_eq!(backoff_seconds(1), 10);
        assert_eq!(backoff_seconds(4), 80);
        assert_eq!(backoff_seconds(10), 3_600);
        assert_eq!(backoff_seconds(u32::MAX), 3_600);
    }
}
