//! The per-client limit on sending requests (default 20 a minute per IP address), so one script
//! cannot flood a coach's inbox. Other pages are not limited.
//!
//! Addresses are kept in memory only, to count; they are never logged or stored.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// Requests a minute per client unless `--rate-limit-per-minute` says otherwise.
pub const DEFAULT_PER_MINUTE: u32 = 20;

/// Counts requests per client address.
pub struct RequestLimit {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
    clock: DefaultClock,
}

impl RequestLimit {
    /// `per_minute` requests a minute per client (bursts up to that many); `None` for 0 (no limit).
    pub fn per_minute(per_minute: u32) -> Option<RequestLimit> {
        let n = NonZeroU32::new(per_minute)?;
        Some(RequestLimit { limiter: RateLimiter::keyed(Quota::per_minute(n)), clock: DefaultClock::default() })
    }

    /// `Ok` if `client` may send now; otherwise how long to wait (for `Retry-After`).
    pub fn check(&self, client: IpAddr) -> Result<(), Duration> {
        self.limiter.check_key(&client).map_err(|not_until| not_until.wait_time_from(self.clock.now()))
    }

    /// Forgets clients that are back to a full allowance (call now and then to bound memory).
    pub fn forget_idle(&self) {
        self.limiter.retain_recent();
        self.limiter.shrink_to_fit();
    }
}

/// Whole seconds to put in `Retry-After` (at least 1).
pub fn retry_after_seconds(wait: Duration) -> u64 {
    (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_client_gets_its_own_allowance() {
        let limit = RequestLimit::per_minute(3).unwrap();
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        for _ in 0..3 {
            assert!(limit.check(a).is_ok());
        }
        let wait = limit.check(a).unwrap_err();
        assert!(wait > Duration::from_secs(10) && wait <= Duration::from_secs(20), "{wait:?}");
        assert!(limit.check(b).is_ok());
        assert!(RequestLimit::per_minute(0).is_none());
    }

    #[test]
    fn retry_after_rounds_up() {
        assert_eq!(retry_after_seconds(Duration::from_millis(10)), 1);
        assert_eq!(retry_after_seconds(Duration::from_secs(0)), 1);
        assert_eq!(retry_after_seconds(Duration::from_secs(3)), 3);
        assert_eq!(retry_after_seconds(Duration::from_millis(19_001)), 20);
    }
}
