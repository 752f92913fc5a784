//! The one place the publisher reads the system clock; the core never does.

use std::time::{SystemTime, UNIX_EPOCH};

use talentbrug_core::Timestamp;

/// The current time.
pub fn now() -> Timestamp {
    let secs = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    Timestamp::from_unix_seconds(i64::try_from(secs).unwrap_or(i64::MAX))
}
