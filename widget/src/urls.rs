//! Addresses the widget derives: the feed's absolute URL, its signature next to it, and the
//! request and privacy URLs, which a feed may give as paths on its own host.

use web_sys::Url;

/// The page's base address.
fn page_base() -> String {
    web_sys::window().and_then(|w| w.document()).and_then(|d| d.base_uri().ok().flatten()).unwrap_or_else(|| "http://localhost/".into())
}

/// `url` made absolute against `base` (the page when `None`); `None` if it is not a URL.
pub fn absolute(url: &str, base: Option<&str>) -> Option<String> {
    let base = base.map(str::to_owned).unwrap_or_else(page_base);
    Url::new_with_base(url, &base).ok().map(|u| u.href())
}

/// The detached signature of a feed: the same address with `.sig` after the path.
pub fn signature_of(feed_url: &str) -> Option<String> {
    let url = Url::new(feed_url).ok()?;
    url.set_pathname(&format!("{}.sig", url.pathname()));
    Some(url.href())
}

/// `url` with `lang=<tag>` in its query, so the inbox answers in the widget's language.
pub fn with_lang(url: &str, lang: talentbrug_core::Lang) -> String {
    match Url::new(url) {
        Ok(u) => {
            let search = u.search();
            let mut pairs: Vec<&str> =
                search.trim_start_matches('?').split('&').filter(|p| !p.is_empty() && !p.starts_with("lang=")).collect();
            let own = format!("lang={}", lang.tag());
            pairs.push(&own);
            u.set_search(&pairs.join("&"));
            u.href()
        }
        Err(_) => url.to_owned(),
    }
}

/// The `scheme://host[:port]` of an absolute `http(s)` URL, lowercased, without a default
/// port; `None` for anything else (other schemes, user info, odd characters).
fn origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    let plain = |b: u8| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b);
    if authority.is_empty() || !authority.bytes().all(plain) {
        return None;
    }
    let authority = authority.to_ascii_lowercase();
    let default = match scheme.as_str() {
        "https" => ":443",
        "http" => ":80",
        _ => return None,
    };
    Some(format!("{scheme}://{}", authority.strip_suffix(default).unwrap_or(&authority)))
}

/// The status link from an answer, made absolute, only when it stays with the organisation: a
/// relative path (resolved against `request_url`, the absolute address the request went to) or
/// an absolute URL on the request URL's origin (scheme included: `https:` on an `https:` origin,
/// `http:` only on a plain `http:` one such as a local test server). Anything else (`javascript:`, `data:`, another
/// origin, `//host`, backslashes or whitespace a browser would read as slashes) gives `None`,
/// so no link is shown.
pub fn status_link(status_url: &str, request_url: &str) -> Option<String> {
    let own = origin(request_url)?;
    if status_url.is_empty() || status_url.bytes().any(|b| b <= b' ' || b == b'\\' || b == 0x7f) {
        return None;
    }
    // Text before the first `/`, `?` or `#` with a `:` in it is a scheme.
    let head = &status_url[..status_url.find(['/', '?', '#']).unwrap_or(status_url.len())];
    if head.contains(':') {
        return (origin(status_url)? == own).then(|| status_url.to_owned());
    }
    if status_url.starts_with("//") || status_url.starts_with(['?', '#']) {
        return None;
    }
    if status_url.starts_with('/') {
        return Some(format!("{own}{status_url}"));
    }
    // A path relative to the request URL's directory (without its query or fragment).
    let base = &request_url[..request_url.find(['?', '#']).unwrap_or(request_url.len())];
    let after_scheme = base.find("://")? + 3;
    let path_start = base[after_scheme..].find('/').map_or(base.len(), |i| after_scheme + i);
    let directory = &base[..base.rfind('/').filter(|&i| i >= path_start).map_or(base.len(), |i| i + 1)];
    let slash = if directory.ends_with('/') { "" } else { "/" };
    Some(format!("{directory}{slash}{status_url}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const API: &str = "https://org.example/api/requests?lang=nl";

    #[test]
    fn status_links_stay_on_the_request_origin() {
        let link = |s: &str| status_link(s, API);
        assert_eq!(link("/status/abc").as_deref(), Some("https://org.example/status/abc"));
        assert_eq!(link("status/abc").as_deref(), Some("https://org.example/api/status/abc"));
        assert_eq!(status_link("s/1", "https://org.example").as_deref(), Some("https://org.example/s/1"));
        assert_eq!(link("https://org.example/status/abc").as_deref(), Some("https://org.example/status/abc"));
        assert_eq!(link("HTTPS://ORG.example:443/s").as_deref(), Some("HTTPS://ORG.example:443/s"));
        let local = status_link("/status/x", "http://127.0.0.1:8300/api/requests");
        assert_eq!(local.as_deref(), Some("http://127.0.0.1:8300/status/x"), "a relative path on a local test server");
        let local = status_link("http://127.0.0.1:8300/vacancy/x?lang=nl", "http://127.0.0.1:8300/api/vacancies");
        assert_eq!(local.as_deref(), Some("http://127.0.0.1:8300/vacancy/x?lang=nl"), "an absolute URL on a local test server");
        assert_eq!(status_link("http://127.0.0.1:8301/vacancy/x", "http://127.0.0.1:8300/api/vacancies"), None, "another port");
    }

    #[test]
    fn naughty_status_links_are_dropped() {
        for naughty in [
            "javascript:alert(1)",
            "JavaScript:alert(document.domain)//",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:x",
            "http://org.example/status/abc",
            "https://evil.example/status/abc",
            "https://org.example.evil.example/s",
            "https://org.example@evil.example/s",
            "https://evil.example#@org.example",
            "https://org.example:8443/s",
            "https:/evil.example/s",
            "https:evil.example",
            "//evil.example/status",
            "/\\evil.example/status",
            "\\\\evil.example\\status",
            "/\t/evil.example",
            "/\n/evil.example",
            "https://org.example\\@evil.example/",
            "",
        ] {
            assert_eq!(status_link(naughty, API), None, "{naughty:?}");
        }
        assert_eq!(status_link("https://org.example/s", "http://org.example/api"), None, "https only on an https origin");
        assert_eq!(status_link("/s", "not a url"), None);
        assert_eq!(status_link("/s", "javascript://x/"), None);
    }
}
