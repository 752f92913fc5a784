//! Absolute http(s) URLs given on the command line: `--webhook` and `--public-url`.

/// A value that is not an absolute http(s) URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an http:// or https:// URL")]
pub struct BadHttpUrl(String);

/// An absolute `http://` or `https://` URL, without spaces or control characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpUrl(String);

impl std::str::FromStr for HttpUrl {
    type Err = BadHttpUrl;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let rest = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://"));
        match rest {
            Some(rest) if !rest.is_empty() && !rest.starts_with('/') && !s.chars().any(|c| c.is_whitespace() || c.is_control()) => {
                Ok(HttpUrl(s.to_owned()))
            }
            _ => Err(BadHttpUrl(s.chars().take(80).collect())),
        }
    }
}

impl HttpUrl {
    /// The URL as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The URL without a final `/`, to put paths after.
    pub fn base(&self) -> &str {
        self.0.trim_end_matches('/')
    }

    /// Whether it is `https://`.
    pub fn is_https(&self) -> bool {
        self.0.starts_with("https://")
    }

    /// `scheme://host[:port]`: no user name or password, no path, no query. What may be shown
    /// of a URL that could carry a secret token.
    pub fn origin(&self) -> String {
        let (scheme, rest) = self.0.split_once("://").unwrap_or(("", &self.0));
        format!("{scheme}://{}", Self::host_port(rest))
    }

    /// The host as written (`[::1]` with its brackets), without user info or port.
    pub fn host(&self) -> &str {
        let rest = self.0.split_once("://").map_or(self.0.as_str(), |(_, rest)| rest);
        let host_port = Self::host_port(rest);
        if host_port.starts_with('[') {
            host_port.find(']').map_or(host_port, |end| &host_port[..=end])
        } else {
            host_port.rsplit_once(':').map_or(host_port, |(host, _)| host)
        }
    }

    /// Whether the host is this machine: `localhost`, an address in 127.0.0.0/8, or `[::1]`
    /// (written as an address, not a name that might resolve elsewhere).
    pub fn is_loopback(&self) -> bool {
        let host = self.host();
        if host.eq_ignore_ascii_case("localhost") || host.eq_ignore_ascii_case("localhost.") {
            return true;
        }
        if let Some(v6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
            return v6
                .parse::<std::net::Ipv6Addr>()
                .is_ok_and(|ip| ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback()));
        }
        host.parse::<std::net::Ipv4Addr>().is_ok_and(|ip| ip.is_loopback())
    }

    /// The authority of `rest` (what follows `scheme://`) without user info.
    fn host_port(rest: &str) -> &str {
        let authority = &rest[..rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len())];
        authority.rsplit_once('@').map_or(authority, |(_, host)| host)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_absolute_http_urls() {
        assert!("https://crm.werkpunt.example/hooks/talentbrug".parse::<HttpUrl>().is_ok());
        assert!("http://127.0.0.1:8399/hook".parse::<HttpUrl>().is_ok());
        assert_eq!("https://jobs.org.example/".parse::<HttpUrl>().unwrap().base(), "https://jobs.org.example");
        for bad in ["", "crm.example", "ftp://x", "https://", "https:///x", "http://a b", "/api"] {
            assert!(bad.parse::<HttpUrl>().is_err(), "{bad}");
        }
    }

    #[test]
    fn origins_keep_no_secrets_and_loopback_is_this_machine_only() {
        let url = |s: &str| s.parse::<HttpUrl>().unwrap();
        assert_eq!(url("https://user:SECRET@crm.example:8443/hooks/x?token=SECRET").origin(), "https://crm.example:8443");
        assert_eq!(url("https://crm.example?token=SECRET").origin(), "https://crm.example");
        assert_eq!(url("http://[::1]:9/h").host(), "[::1]");
        assert!(url("https://crm.example/h").is_https() && !url("http://crm.example/h").is_https());
        for local in [
            "http://127.0.0.1:8399/hook",
            "http://127.8.9.10/",
            "http://localhost:80/x",
            "http://LOCALHOST/",
            "http://[::1]:80/",
            "http://[::ffff:127.0.0.1]/",
        ] {
            assert!(url(local).is_loopback(), "{local}");
        }
        for remote in [
            "http://crm.example/",
            "http://127.0.0.1.crm.example/",
            "http://localhost.crm.example/",
            "http://10.0.0.1/",
            "http://[::2]/",
            "http://127.0.0.1@crm.example/",
            "http://crm.example/127.0.0.1",
            "http://crm.example?host=localhost",
        ] {
            assert!(!url(remote).is_loopback(), "{remote}");
        }
    }
}
