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
