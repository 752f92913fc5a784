//! Who a client is, for the limits: the network it sends from (an IPv4 address, an IPv6 /64,
//! since one IPv6 subscriber gets a whole /64 and could otherwise take a fresh address for every
//! request), and, behind a reverse proxy (`--trust-proxy CIDR`), the address the proxy saw.
//!
//! `X-Forwarded-For` is read only when the connection comes from a trusted proxy; otherwise
//! any client could name any address. The header is read from the right (the entry the trusted
//! proxy appended) and the first entry that is not itself a trusted proxy is the client.

use std::net::{IpAddr, Ipv6Addr};

use axum::http::HeaderMap;

/// The network one client is counted as: IPv4 addresses as they are, IPv6 addresses by their
/// /64 (IPv4-mapped IPv6 addresses as the IPv4 address).
pub fn network_of(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => IpAddr::V6(Ipv6Addr::from(u128::from(v6) & !((1u128 << 64) - 1))),
    }
}

/// An address range, `192.0.2.0/24`, `2001:db8::/32`, or one address (`10.0.0.7`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cidr {
    network: IpAddr,
    prefix: u8,
}

/// A `--trust-proxy` value that is not an address range.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an address range; write it as 10.0.0.0/8, 192.0.2.7 or 2001:db8::/48")]
pub struct BadCidr(String);

impl std::str::FromStr for Cidr {
    type Err = BadCidr;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadCidr(s.chars().take(60).collect());
        let (addr, prefix) = match s.trim().split_once('/') {
            Some((addr, prefix)) => (addr, Some(prefix)),
            None => (s.trim(), None),
        };
        let addr: IpAddr = addr.parse().map_err(|_| bad())?;
        let addr = addr.to_canonical();
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => p.parse::<u8>().map_err(|_| bad())?,
            Some(_) => return Err(bad()),
            None => max,
        };
        if prefix > max {
            return Err(bad());
        }
        Ok(Cidr { network: mask(addr, prefix), prefix })
    }
}

impl std::fmt::Display for Cidr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix)
    }
}

fn mask(ip: IpAddr, prefix: u8) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => {
            let bits = if prefix == 0 { 0 } else { u32::MAX << (32 - u32::from(prefix)) };
            IpAddr::V4((u32::from(v4) & bits).into())
        }
        IpAddr::V6(v6) => {
            let bits = if prefix == 0 { 0 } else { u128::MAX << (128 - u32::from(prefix)) };
            IpAddr::V6((u128::from(v6) & bits).into())
        }
    }
}

impl Cidr {
    /// Whether `ip` lies in the range.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        ip.is_ipv4() == self.network.is_ipv4() && mask(ip, self.prefix) == self.network
    }
}

/// The reverse proxies whose `X-Forwarded-For` is believed.
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(Vec<Cidr>);

impl TrustedProxies {
    /// Believes proxies in these ranges (none: the header is never read).
    pub fn new(ranges: Vec<Cidr>) -> TrustedProxies {
        TrustedProxies(ranges)
    }

    /// Whether `ip` is one of the trusted proxies.
    pub fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|range| range.contains(ip))
    }

    /// The client's address: `peer` itself, unless `peer` is a trusted proxy; then the
    /// right-most `X-Forwarded-For` entry that is not a trusted proxy (an entry that is not an
    /// address stops the walk: the hop that wrote it is taken).
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = peer.to_canonical();
        if !self.trusts(peer) {
            return peer;
        }
        let entries: Vec<&str> =
            headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).map(str::trim).collect();
        let mut client = peer;
        for entry in entries.iter().rev() {
            let Some(ip) = parse_forwarded(entry) else { break };
            client = ip;
            if !self.trusts(ip) {
                break;
            }
        }
        client
    }
}

/// An `X-Forwarded-For` entry: an address, maybe with a port (`192.0.2.1:4711`,
/// `[2001:db8::1]:4711`).
fn parse_forwarded(entry: &str) -> Option<IpAddr> {
    if let Ok(ip) = entry.parse::<IpAddr>() {
        return Some(ip.to_canonical());
    }
    entry.parse::<std::net::SocketAddr>().ok().map(|a| a.ip().to_canonical())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn ipv6_clients_are_counted_by_their_64() {
        assert_eq!(network_of(ip("2001:db8:1:2:aaaa::1")), ip("2001:db8:1:2::"));
        assert_eq!(network_of(ip("2001:db8:1:2:ffff:ffff:ffff:ffff")), ip("2001:db8:1:2::"));
        assert_ne!(network_of(ip("2001:db8:1:3::1")), network_of(ip("2001:db8:1:2::1")));
        assert_eq!(network_of(ip("192.0.2.7")), ip("192.0.2.7"));
        assert_eq!(network_of(ip("::ffff:192.0.2.7")), ip("192.0.2.7"));
    }

    #[test]
    fn ranges_are_read_and_matched() {
        let r: Cidr = "10.1.2.3/8".parse().unwrap();
        assert_eq!(r.to_string(), "10.0.0.0/8");
        assert!(r.contains(ip("10.200.0.1")) && !r.contains(ip("11.0.0.1")) && !r.contains(ip("::1")));
        assert!(r.contains(ip("::ffff:10.0.0.9")));
        let one: Cidr = "192.0.2.7".parse().unwrap();
        assert!(one.contains(ip("192.0.2.7")) && !one.contains(ip("192.0.2.8")));
        let v6: Cidr = "2001:db8::/32".parse().unwrap();
        assert!(v6.contains(ip("2001:db8:ffff::1")) && !v6.contains(ip("2001:db9::1")));
        assert!("0.0.0.0/0".parse::<Cidr>().unwrap().contains(ip("203.0.113.1")));
        for bad in ["", "10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/-1", "10.0.0/8", "proxy.example", "10.0.0.0/8/8"] {
            assert!(bad.parse::<Cidr>().is_err(), "{bad}");
        }
    }

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn forwarded_for_is_believed_only_from_a_trusted_proxy() {
        let proxies = TrustedProxies::new(vec!["10.0.0.0/8".parse().unwrap(), "192.0.2.1".parse().unwrap()]);
        let spoofed = forwarded(&["198.51.100.9"]);
        // Not from the proxy: the header is whatever the client says, so it is ignored.
        assert_eq!(proxies.client(ip("203.0.113.5"), &spoofed), ip("203.0.113.5"));
        assert_eq!(TrustedProxies::default().client(ip("10.0.0.2"), &spoofed), ip("10.0.0.2"));
        // From the proxy: the address the proxy appended.
        assert_eq!(proxies.client(ip("10.0.0.2"), &spoofed), ip("198.51.100.9"));
        // A client that sends its own header: the proxy appends the real address, which is taken.
        let chain = forwarded(&["1.1.1.1, 203.0.113.5"]);
        assert_eq!(proxies.client(ip("10.0.0.2"), &chain), ip("203.0.113.5"));
        // Two proxies in a row (split over two header lines), both trusted: the hop before them.
        let two = forwarded(&["6.6.6.6, 203.0.113.5", "192.0.2.1"]);
        assert_eq!(proxies.client(ip("10.0.0.2"), &two), ip("203.0.113.5"));
        // Ports and IPv6.
        assert_eq!(proxies.client(ip("10.0.0.2"), &forwarded(&["[2001:db8::5]:4711"])), ip("2001:db8::5"));
        assert_eq!(proxies.client(ip("10.0.0.2"), &forwarded(&["203.0.113.5:4711"])), ip("203.0.113.5"));
        // No header, or garbage where the client should be: the last hop that is known.
        assert_eq!(proxies.client(ip("10.0.0.2"), &HeaderMap::new()), ip("10.0.0.2"));
        assert_eq!(proxies.client(ip("10.0.0.2"), &forwarded(&["unknown"])), ip("10.0.0.2"));
        assert_eq!(proxies.client(ip("10.0.0.2"), &forwarded(&["203.0.113.5, junk, 10.0.0.3"])), ip("10.0.0.3"));
    }
}
