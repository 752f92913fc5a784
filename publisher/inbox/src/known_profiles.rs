//! Which profile ids a request may name: those of the feed served now, and those of earlier
//! feeds this server served, for a grace period after they were replaced.
//!
//! Profile ids rotate with every publication, but an employer may still have yesterday's feed
//! open in a browser tab. An earlier feed's ids stay valid for [`GRACE_DAYS`] after a newer feed
//! replaced it, and never after the earlier feed's own `expires_at` (the widget refuses expired
//! feeds anyway). The list of served ids is kept in the inbox database so a restart keeps it;
//! ids are public (they are in the public feed), so this stores no candidate data.

use std::collections::{HashMap, HashSet};

use rusqlite::params;
use talentbrug_core::Timestamp;

use crate::store::{Store, StoreError};

/// Days an earlier feed's ids are still accepted after it was replaced.
pub const GRACE_DAYS: i64 = 7;

/// The ids of one feed, as the server loads it.
#[derive(Clone, Debug)]
pub struct FeedIds {
    /// Digest of the feed's bytes (hex); identifies a publication even when sequences repeat.
    pub hash: String,
    /// The feed's sequence.
    pub sequence: u64,
    /// The feed's expiry.
    pub expires_at: Timestamp,
    /// Its profile ids.
    pub ids: HashSet<Box<str>>,
}

/// The ids a request may name, and which feed sequence each came from.
#[derive(Clone, Debug, Default)]
pub struct KnownProfiles {
    current_sequence: u64,
    current: HashSet<Box<str>>,
    /// Earlier feeds' ids: newest sequence holding the id, and until when it is accepted.
    earlier: HashMap<Box<str>, (u64, i64)>,
}

impl KnownProfiles {
    /// The sequence of the feed that makes `id` acceptable at `now`, or `None`.
    pub fn lookup(&self, id: &str, now: Timestamp) -> Option<u64> {
        if self.current.contains(id) {
            return Some(self.current_sequence);
        }
        self.earlier.get(id).filter(|(_, until)| now.unix_seconds() < *until).map(|(sequence, _)| *sequence)
    }

    /// How many ids are accepted besides the current feed's (for the log).
    pub fn earlier_count(&self) -> usize {
        self.earlier.len()
    }
}

/// Ids of earlier feeds: their sequence, and until when (Unix seconds) they are accepted.
type Earlier = HashMap<Box<str>, (u64, i64)>;

/// Records that `feed` is now served (the previous current feed becomes an earlier one) and
/// returns the ids acceptable from now on. Forgets feeds past their grace period.
pub fn record_served(store: &mut Store, feed: FeedIds, now: Timestamp) -> Result<KnownProfiles, StoreError> {
    let conn = store.conn();
    // Inside: Err(when) when another feed was first served under this sequence at `when`.
    let result = (|| -> rusqlite::Result<Result<Earlier, i64>> {
        // IMMEDIATE: take the write lock first, so a concurrent writer makes us wait (busy
        // timeout) instead of failing when a read would have to become a write.
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let known: bool =
            tx.query_row("SELECT EXISTS (SELECT 1 FROM served_feeds WHERE feed_hash = ?1)", params![feed.hash], |r| r.get(0))?;
        let other: Option<i64> = tx.query_row(
            "SELECT MIN(first_served_at) FROM served_feeds WHERE sequence = ?1 AND feed_hash <> ?2",
            params![feed.sequence, feed.hash],
            |r| r.get(0),
        )?;
        if let (false, Some(first)) = (known, other) {
            return Ok(Err(first));
        }
        if !known {
            tx.execute("UPDATE served_feeds SET replaced_at = ?1 WHERE replaced_at IS NULL", params![now.unix_seconds()])?;
            tx.execute(
                "INSERT INTO served_feeds (feed_hash, sequence, expires_at, first_served_at) VALUES (?1, ?2, ?3, ?4)",
                params![feed.hash, feed.sequence, feed.expires_at.unix_seconds(), now.unix_seconds()],
            )?;
            let mut insert = tx.prepare("INSERT OR IGNORE INTO served_profiles (feed_hash, profile_id) VALUES (?1, ?2)")?;
            for id in &feed.ids {
                insert.execute(params![feed.hash, &**id])?;
            }
        } else {
            // The same publication again (a restart, or the file put back): it is current again.
            tx.execute(
                "UPDATE served_feeds SET replaced_at = ?1 WHERE replaced_at IS NULL AND feed_hash <> ?2",
                params![now.unix_seconds(), feed.hash],
            )?;
            tx.execute("UPDATE served_feeds SET replaced_at = NULL WHERE feed_hash = ?1", params![feed.hash])?;
        }
        let grace = GRACE_DAYS * 86_400;
        tx.execute(
            "DELETE FROM served_profiles WHERE feed_hash IN (SELECT feed_hash FROM served_feeds
               WHERE replaced_at IS NOT NULL AND (replaced_at + ?1 <= ?2 OR expires_at <= ?2))",
            params![grace, now.unix_seconds()],
        )?;
        tx.execute(
            "DELETE FROM served_feeds WHERE replaced_at IS NOT NULL AND (replaced_at + ?1 <= ?2 OR expires_at <= ?2)",
            params![grace, now.unix_seconds()],
        )?;
        let mut earlier: HashMap<Box<str>, (u64, i64)> = HashMap::new();
        {
            let mut stmt = tx.prepare(
                "SELECT p.profile_id, f.sequence, MIN(f.replaced_at + ?1, f.expires_at) FROM served_profiles p
                 JOIN served_feeds f ON f.feed_hash = p.feed_hash WHERE f.replaced_at IS NOT NULL",
            )?;
            let rows = stmt.query_map(params![grace], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u64>(1)?, r.get::<_, i64>(2)?)))?;
            for row in rows {
                let (id, sequence, until) = row?;
                let entry = earlier.entry(id.into_boxed_str()).or_insert((sequence, until));
                if sequence > entry.0 {
                    *entry = (sequence, until.max(entry.1));
                } else {
                    entry.1 = entry.1.max(until);
                }
            }
        }
        tx.commit()?;
        Ok(Ok(earlier))
    })();
    let earlier = result
        .map_err(|e| store.error(e))?
        .map_err(|first| StoreError::SequenceReused { sequence: feed.sequence, first_served_at: Timestamp::from_unix_seconds(first) })?;
    Ok(KnownProfiles { current_sequence: feed.sequence, current: feed.ids, earlier })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::temp_db;

    fn feed(hash: &str, sequence: u64, expires: i64, ids: &[&str]) -> FeedIds {
        FeedIds {
            hash: hash.into(),
            sequence,
            expires_at: Timestamp::from_unix_seconds(expires),
            ids: ids.iter().map(|s| Box::<str>::from(*s)).collect(),
        }
    }

    #[test]
    fn earlier_feeds_stay_valid_for_the_grace_period_only() {
        let mut store = Store::open_or_create(&temp_db("known")).unwrap();
        let day = 86_400;
        let t0 = Timestamp::from_unix_seconds(1_000 * day);
        let far = t0.unix_seconds() + 60 * day;
        let k = record_served(&mut store, feed("a", 1, far, &["x1", "x2"]), t0).unwrap();
        assert_eq!(k.lookup("x1", t0), Some(1));
        assert_eq!(k.lookup("y1", t0), None);

        let t1 = t0.plus_days(1);
        let k = record_served(&mut store, feed("b", 2, far, &["y1"]), t1).unwrap();
        assert_eq!(k.lookup("y1", t1), Some(2));
        assert_eq!(k.lookup("x1", t1), Some(1), "the replaced feed is still open in browsers");
        assert_eq!(k.lookup("x1", t1.plus_days(GRACE_DAYS)), None, "grace is over");

        // A restart reloads the same feed: nothing changes, and it survives in the database.
        let k = record_served(&mut store, feed("b", 2, far, &["y1"]), t1.plus_days(1)).unwrap();
        assert_eq!(k.lookup("x1", t1.plus_days(1)), Some(1));

        // Past the grace period the old feed is forgotten entirely.
        let t9 = t1.plus_days(GRACE_DAYS + 1);
        let k = record_served(&mut store, feed("c", 3, far, &["z1"]), t9).unwrap();
        assert_eq!(k.lookup("x1", t9), None);
        assert_eq!(k.lookup("y1", t9), Some(2));
        let left: i64 = store.conn().query_row("SELECT COUNT(*) FROM served_feeds", [], |r| r.get(0)).unwrap();
        assert_eq!(left, 2);
    }

    #[test]
    fn other_content_under_a_served_sequence_is_refused_also_after_a_restart() {
        let path = temp_db("known-reused");
        let t0 = Timestamp::from_unix_seconds(86_400 * 700);
        let far = t0.unix_seconds() + 86_400 * 30;
        record_served(&mut Store::open_or_create(&path).unwrap(), feed("a", 4, far, &["4-0-0"]), t0).unwrap();
        // A restored backup, served after a restart: the same sequence with other people.
        let mut store = Store::open_or_create(&path).unwrap();
        let err = record_served(&mut store, feed("b", 4, far, &["4-0-0"]), t0.plus_days(1)).unwrap_err();
        assert!(matches!(err, StoreError::SequenceReused { sequence: 4, first_served_at } if first_served_at == t0), "{err}");
        assert!(err.to_string().contains("publish again"), "{err}");
        // Nothing was recorded; the first feed is still the current one, and may be served again.
        let k = record_served(&mut store, feed("a", 4, far, &["4-0-0"]), t0.plus_days(1)).unwrap();
        assert_eq!(k.lookup("4-0-0", t0.plus_days(1)), Some(4));
        let feeds: i64 = store.conn().query_row("SELECT COUNT(*) FROM served_feeds", [], |r| r.get(0)).unwrap();
        assert_eq!(feeds, 1);
    }

    #[test]
    fn an_earlier_feed_never_outlives_its_expiry() {
        let mut store = Store::open_or_create(&temp_db("known-expiry")).unwrap();
        let t0 = Timestamp::from_unix_seconds(86_400 * 500);
        record_served(&mut store, feed("a", 1, t0.unix_seconds() + 3_600, &["x1"]), t0).unwrap();
        let k = record_served(&mut store, feed("b", 2, t0.unix_seconds() + 86_400 * 30, &["y1"]), t0).unwrap();
        assert_eq!(k.lookup("x1", t0), Some(1));
        assert_eq!(k.lookup("x1", Timestamp::from_unix_seconds(t0.unix_seconds() + 3_600)), None);
    }
}
