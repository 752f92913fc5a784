//! Whether signed metadata (a v1 feed, a v2 manifest) is current: not issued in the future, not
//! expired, not older than the highest sequence seen. One rule for both formats: this is what
//! stops a feed from being frozen (served after it expired) or rolled back (an older one
//! replayed).
//!
//! # Examples
//!
//! ```
//! use talentbrug_core::freshness::{check, Stale};
//! use talentbrug_core::Timestamp;
//!
//! let at = |t: &str| t.parse::<Timestamp>().unwrap();
//! let (issued, expires) = (at("2026-01-01T00:00:00Z"), at("2026-02-01T00:00:00Z"));
//! assert_eq!(check(issued, expires, 7, at("2026-01-15T00:00:00Z"), Some(7)), Ok(()));
//! assert_eq!(check(issued, expires, 7, at("2026-03-01T00:00:00Z"), None), Err(Stale::Expired { expires_at: expires }));
//! assert_eq!(check(issued, expires, 7, at("2026-01-15T00:00:00Z"), Some(8)), Err(Stale::RolledBack { sequence: 7, seen: 8 }));
//! ```

use crate::calendar::Timestamp;

/// How far `issued_at` may be ahead of the reader's clock: an employer's computer may be a few
/// minutes off; metadata from hours ahead is refused.
pub const MAX_CLOCK_SKEW_SECONDS: i64 = 15 * 60;

/// Why signed metadata is not current. The messages follow what they are about: "the network
/// manifest {stale}".
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Stale {
    /// Issued later than now (beyond [`MAX_CLOCK_SKEW_SECONDS`]).
    #[error("says it was issued at {issued_at}, which is in the future")]
    IssuedInFuture {
        /// When it claims to have been issued.
        issued_at: Timestamp,
    },
    /// `expires_at` has passed.
    #[error("expired at {expires_at}")]
    Expired {
        /// When it expired.
        expires_at: Timestamp,
    },
    /// A lower sequence than one already seen.
    #[error("has sequence {sequence}, older than {seen} seen before")]
    RolledBack {
        /// Its sequence.
        sequence: u64,
        /// The highest sequence seen before.
        seen: u64,
    },
}

/// Whether metadata issued at `issued_at`, expiring at `expires_at`, with `sequence`, is current
/// at `now` given the highest sequence seen before.
pub fn check(issued_at: Timestamp, expires_at: Timestamp, sequence: u64, now: Timestamp, seen: Option<u64>) -> Result<(), Stale> {
    if issued_at.unix_seconds() > now.unix_seconds() + MAX_CLOCK_SKEW_SECONDS {
        return Err(Stale::IssuedInFuture { issued_at });
    }
    if now >= expires_at {
        return Err(Stale::Expired { expires_at });
    }
    match seen {
        Some(seen) if sequence < seen => Err(Stale::RolledBack { sequence, seen }),
        _ => Ok(()),
    }
}
