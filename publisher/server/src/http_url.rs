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
}
