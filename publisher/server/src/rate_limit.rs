//! The limits on sending requests, so one script cannot flood a coach's inbox: per client
//! network (default 20 a minute per IPv4 address or IPv6 /64, see [`crate::client`]) and for
//! everyone together (default 120 stored requests a minute). Other pages are not limited.
//!
//! Addresses are kept in memory only, to count; they are never logged or stored. The table of
//! counted networks is bounded: past [`MAX_TRACKED`] entries the ones back to a full allowance
//! are forgotten, and if all are still counting the table starts over (a client with that many
//! networks is held by the global limit instead).

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::RwLock;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::client::network_of;
use crate::log::log;

/// Requests a minute per client unless `--rate-limit-per-minute` says otherwise.
pub const DEFAULT_PER_MINUTE: u32 = 20;
/// Stored requests a minute from all clients together unless `--max-requests-per-minute` says
/// otherwise: far above what employers send, far below a flood.
pub const DEFAULT_GLOBAL_PER_MINUTE: u32 = 120;
/// Most client networks counted at once (a few MB).
pub const MAX_TRACKED: usize = 50_000;

/// Counts requests per client network.
pub struct RequestLimit {
    quota: Quota,
    limiter: RwLock<DefaultKeyedRateLimiter<IpAddr>>,
    max_tracked: usize,
    clock: DefaultClock,
}

impl RequestLimit {
    /// `per_minute` requests a minute per client (bursts up to that many); `None` for 0 (no limit).
    pub fn per_minute(per_minute: u32) -> Option<RequestLimit> {
        RequestLimit::with_capacity(per_minute, MAX_TRACKED)
    }

    /// As [`RequestLimit::per_minute`], counting at most `max_tracked` networks at once.
    pub fn with_capacity(per_minute: u32, max_tracked: usize) -> Option<RequestLimit> {
        let quota = Quota::per_minute(NonZeroU32::new(per_minute)?);
        Some(RequestLimit { quota, limiter: RwLock::new(RateLimiter::keyed(quota)), max_tracked, clock: DefaultClock::default() })
    }

    /// `Ok` if `client` may send now; otherwise how long to wait (for `Retry-After`).
    pub fn check(&self, client: IpAddr) -> Result<(), Duration> {
        let key = network_of(client);
        {
            let limiter = self.limiter.read().unwrap_or_else(|e| e.into_inner());
            if limiter.len() < self.max_tracked {
                return limiter.check_key(&key).map_err(|not_until| not_until.wait_time_from(self.clock.now()));
            }
        }
        self.make_room();
        let limiter = self.limiter.read().unwrap_or_else(|e| e.into_inner());
        limiter.check_key(&key).map_err(|not_until| not_until.wait_time_from(self.clock.now()))
    }

    fn make_room(&self) {
        let mut limiter = self.limiter.write().unwrap_or_else(|e| e.into_inner());
        if limiter.len() < self.max_tracked {
            return;
        }
        limiter.retain_recent();
        if limiter.len() >= self.max_tracked {
            log(&format!("rate limit: more than {} client networks counting at once; starting the count over", self.max_tracked));
            *limiter = RateLimiter::keyed(self.quota);
        }
        limiter.shrink_to_fit();
    }

    /// How many client networks are counted now.
    #[cfg(test)]
    pub fn tracked(&self) -> usize {
        self.limiter.read().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// Forgets clients that are back to a full allowance (call now and then to bound memory).
    pub fn forget_idle(&self) {
        let limiter = self.limiter.read().unwrap_or_else(|e| e.into_inner());
        limiter.retain_recent();
        limiter.shrink_to_fit();
    }
}

/// Counts stored requests from everyone together.
pub struct GlobalLimit {
    limiter: DefaultDirectRateLimiter,
    clock: DefaultClock,
}

impl GlobalLimit {
    /// `per_minute` requests a minute in all (bursts up to that many); `None` for 0 (no limit).
    pub fn per_minute(per_minute: u32) -> Option<GlobalLimit> {
        let n = NonZeroU32::new(per_minute)?;
        Some(GlobalLimit { limiter: RateLimiter::direct(Quota::per_minute(n)), clock: DefaultClock::default() })
    }

    /// `Ok` if one more request may be stored now; otherwise how long to wait.
    pub fn check(&self) -> Result<(), Duration> {
        self.limiter.check().map_err(|not_until| not_until.wait_time_from(self.clock.now()))
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
    fn an_ipv6_client_cannot_escape_by_changing_address_within_its_64() {
        let limit = RequestLimit::per_minute(2).unwrap();
        assert!(limit.check("2001:db8:1:2::1".parse().unwrap()).is_ok());
        assert!(limit.check("2001:db8:1:2:ffff::9".parse().unwrap()).is_ok());
        assert!(limit.check("2001:db8:1:2:1234:5678:9abc:def0".parse().unwrap()).is_err());
        assert!(limit.check("2001:db8:1:3::1".parse().unwrap()).is_ok(), "the next /64 is someone else");
    }

    #[test]
    fn the_table_of_clients_stays_bounded() {
        let limit = RequestLimit::with_capacity(5, 1_000).unwrap();
        let mut most = 0;
        for i in 0..20_000u32 {
            let a: IpAddr = std::net::Ipv4Addr::from(0x0a00_0000 + i).into();
            let b: IpAddr = std::net::Ipv6Addr::from((0x2001_0db8_u128 << 96) | (u128::from(i) << 64) | 7).into();
            assert!(limit.check(a).is_ok(), "{a}");
            assert!(limit.check(b).is_ok(), "{b}");
            most = most.max(limit.tracked());
        }
        assert!(most <= 1_000, "{most} networks tracked");
        assert!(limit.tracked() > 0);
    }

    #[test]
    fn the_global_limit_counts_everyone_together() {
        let global = GlobalLimit::per_minute(3).unwrap();
        for _ in 0..3 {
            assert!(global.check().is_ok());
        }
        let wait = global.check().unwrap_err();
        assert!(wait > Duration::from_secs(10) && wait <= Duration::from_secs(20), "{wait:?}");
        assert!(GlobalLimit::per_minute(0).is_none());
    }

    #[test]
    fn retry_after_rounds_up() {
        assert_eq!(retry_after_seconds(Duration::from_millis(10)), 1);
        assert_eq!(retry_after_seconds(Duration::from_secs(0)), 1);
        assert_eq!(retry_after_seconds(Duration::from_secs(3)), 3);
        assert_eq!(retry_after_seconds(Duration::from_millis(19_001)), 20);
    }
}
