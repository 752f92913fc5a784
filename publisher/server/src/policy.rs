//! Who may use the server from where: the partner origins allowed to POST requests (CORS) and to
//! frame the widget, and the security headers on every kind of answer.
//!
//! HTML pages get a strict Content-Security-Policy: scripts and styles only from this server
//! (the widget styles itself with constructed stylesheets, so no `'unsafe-inline'`), WebAssembly
//! compilation allowed (`'wasm-unsafe-eval'`), connections only to this server (and, for a
//! partner's site showing a network, to the members' servers it is told of), and framing only
//! by this server and the allowed partner origins (the widget's iframe mode).

use axum::http::{header, HeaderMap, HeaderName, HeaderValue};

/// A web origin, `scheme://host[:port]`, as browsers send it in `Origin`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Origin(String);

/// An `--allow-origin` value that is not an origin.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a web origin; write it as https://partner.example (scheme and host, optional port, no path)")]
pub struct BadOrigin(String);

impl std::str::FromStr for Origin {
    type Err = BadOrigin;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadOrigin(s.chars().take(80).collect());
        let trimmed = s.trim().trim_end_matches('/');
        let (scheme, rest) = trimmed.split_once("://").ok_or_else(bad)?;
        let scheme = scheme.to_ascii_lowercase();
        let host_ok = !rest.is_empty()
            && rest.len() <= 253
            && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b))
            && !rest.starts_with(':');
        if !(scheme == "http" || scheme == "https") || !host_ok {
            return Err(bad());
        }
        Ok(Origin(format!("{scheme}://{}", rest.to_ascii_lowercase())))
    }
}

impl Origin {
    /// The origin as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The policy for SVG images. Shown in an `<img>` an SVG runs nothing, but opened on its own (a
/// link to `/img/x.svg`) it is a document on the organisation's origin that could run script or
/// load anything: this one may run nothing and fetch nothing, and is sandboxed (an opaque
/// origin). Inline styles stay allowed: SVGs are drawn with them, and they run no code.
pub const SVG_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox";

/// The server's rules for origins and headers.
#[derive(Clone, Debug)]
pub struct Policy {
    allowed: Vec<Origin>,
    csp: HeaderValue,
    /// The same, framed by no page: for the pages a status or vacancy link opens.
    private_csp: HeaderValue,
}

/// The headers every HTML page gets, under `csp`.
fn page_headers(csp: &HeaderValue) -> Vec<(HeaderName, HeaderValue)> {
    vec![
        (header::CONTENT_SECURITY_POLICY, csp.clone()),
        (header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")),
        (HeaderName::from_static("permissions-policy"), HeaderValue::from_static("camera=(), microphone=(), geolocation=()")),
    ]
}

impl Policy {
    /// Rules allowing these partner origins besides the server's own.
    pub fn new(allowed: Vec<Origin>) -> Policy {
        Policy::connecting(allowed, &[])
    }

    /// Rules allowing these partner origins, whose pages may also fetch from and post to the
    /// `connect` origins (a partner's site with a network widget: the members' feeds and inboxes).
    pub fn connecting(allowed: Vec<Origin>, connect: &[Origin]) -> Policy {
        let mut connect_src = String::from("'self'");
        for origin in connect {
            connect_src.push(' ');
            connect_src.push_str(origin.as_str());
        }
        let mut frame_ancestors = String::from("'self'");
        for origin in &allowed {
            frame_ancestors.push(' ');
            frame_ancestors.push_str(origin.as_str());
        }
        let csp = |frame_ancestors: &str| {
            let csp = format!(
                "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; font-src 'self'; \
                 connect-src {connect_src}; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors {frame_ancestors}"
            );
            // Origins are checked to be plain ASCII above, so the header value is always valid.
            HeaderValue::from_str(&csp).unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'; frame-ancestors 'none'"))
        };
        Policy { allowed, csp: csp(&frame_ancestors), private_csp: csp("'none'") }
    }

    /// The partner origins allowed to send requests.
    pub fn allowed(&self) -> &[Origin] {
        &self.allowed
    }

    /// Whether a request with these headers may POST to the API: no `Origin` (not a browser
    /// page), the server's own origin, or an allowed partner.
    pub fn origin_allowed(&self, request: &HeaderMap) -> bool {
        let Some(origin) = request.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
            return true;
        };
        let Ok(origin) = origin.parse::<Origin>() else {
            return false;
        };
        let own = request.get(header::HOST).and_then(|h| h.to_str().ok()).map(str::to_ascii_lowercase);
        let same_origin = own.is_some_and(|host| origin.0.split_once("://").is_some_and(|(_, h)| h == host));
        same_origin || self.allowed.contains(&origin)
    }

    /// Headers for HTML pages (the demo site, the status page).
    pub fn html_headers(&self) -> Vec<(HeaderName, HeaderValue)> {
        page_headers(&self.csp)
    }

    /// [`Policy::html_headers`] for a page a private link opens (a request's status, an
    /// employer's vacancy): no page may frame it, not even a partner's, which could otherwise
    /// read or steer what the link allows (closing the vacancy, marking interviews).
    pub fn private_page_headers(&self) -> Vec<(HeaderName, HeaderValue)> {
        let mut headers = page_headers(&self.private_csp);
        headers.push((header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")));
        headers
    }

    /// Headers for public assets (feed, signature, widget files): any site may load them.
    pub fn public_asset_headers() -> Vec<(HeaderName, HeaderValue)> {
        vec![
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*")),
            (HeaderName::from_static("cross-origin-resource-policy"), HeaderValue::from_static("cross-origin")),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(pairs: &[(HeaderName, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(k.clone(), HeaderValue::from_str(v).unwrap());
        }
        map
    }

    #[test]
    fn origins_are_read_strictly() {
        assert_eq!("https://Partner.Example/".parse::<Origin>().unwrap().as_str(), "https://partner.example");
        assert_eq!("http://127.0.0.1:8300".parse::<Origin>().unwrap().as_str(), "http://127.0.0.1:8300");
        for bad in ["partner.example", "ftp://x.be", "https://", "https://x.be/path", "https://x.be;y", "javascript://x"] {
            assert!(bad.parse::<Origin>().is_err(), "{bad}");
        }
    }

    #[test]
    fn only_own_and_listed_origins_may_post() {
        let policy = Policy::new(vec!["https://stad.example".parse().unwrap()]);
        assert!(policy.origin_allowed(&with(&[])));
        assert!(policy.origin_allowed(&with(&[(header::ORIGIN, "https://stad.example")])));
        assert!(policy.origin_allowed(&with(&[(header::ORIGIN, "http://127.0.0.1:8300"), (header::HOST, "127.0.0.1:8300")])));
        assert!(!policy.origin_allowed(&with(&[(header::ORIGIN, "https://evil.example"), (header::HOST, "127.0.0.1:8300")])));
        assert!(!policy.origin_allowed(&with(&[(header::ORIGIN, "null")])));
    }

    #[test]
    fn the_csp_is_strict_and_names_the_partners_that_may_frame() {
        let policy = Policy::new(vec!["https://stad.example".parse().unwrap()]);
        let csp = policy.html_headers()[0].1.to_str().unwrap().to_owned();
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval';"), "{csp}");
        assert!(csp.contains("style-src 'self';"));
        assert!(!csp.contains("unsafe-inline"));
        assert!(csp.ends_with("frame-ancestors 'self' https://stad.example"));
        assert!(csp.contains("connect-src 'self';"), "{csp}");
        let members = ["http://127.0.0.1:8081".parse().unwrap(), "https://ocmw.example".parse().unwrap()];
        let csp = Policy::connecting(Vec::new(), &members).html_headers()[0].1.to_str().unwrap().to_owned();
        assert!(csp.contains("connect-src 'self' http://127.0.0.1:8081 https://ocmw.example;"), "{csp}");
        assert!(csp.ends_with("frame-ancestors 'self'"), "{csp}");
    }

    #[test]
    fn pages_of_private_links_are_framed_by_nobody() {
        let policy = Policy::new(vec!["https://stad.example".parse().unwrap()]);
        let headers = policy.private_page_headers();
        let get = |name: HeaderName| headers.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_str().unwrap().to_owned());
        let csp = get(header::CONTENT_SECURITY_POLICY).unwrap();
        assert!(csp.ends_with("frame-ancestors 'none'") && !csp.contains("stad.example"), "{csp}");
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval';"), "otherwise as strict: {csp}");
        assert_eq!(get(header::X_FRAME_OPTIONS).as_deref(), Some("DENY"));
        assert_eq!(get(header::REFERRER_POLICY).as_deref(), Some("no-referrer"));
    }
}
