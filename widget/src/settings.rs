//! What a partner sets on `<talent-brug>`: read once from the element's attributes into checked
//! values, so the components never see a raw attribute.

use talentbrug_core::Lang;

/// The radius choices the widget offers, in km.
pub const RADII: [u32; 4] = [5, 10, 15, 25];
/// The radius when the partner sets none.
pub const DEFAULT_RADIUS: u32 = 10;

/// The widget's configuration from the host element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Address of `feed.json` (as written; the browser resolves it against the page).
    pub feed: Option<String>,
    /// The language to start in.
    pub lang: Lang,
    /// Postcode or place to search from the start.
    pub postcode: String,
    /// One of [`RADII`].
    pub radius: u32,
    /// Where requests go instead of the feed's `request_url`.
    pub request_url: Option<String>,
    /// The organisation's Ed25519 public key (base64); when set, only a signed feed is shown.
    pub public_key: Option<String>,
}

/// The attributes `<talent-brug>` reads; the loader observes exactly these.
pub const ATTRIBUTES: [&str; 6] = ["feed", "lang", "postcode", "radius", "request-url", "public-key"];

impl Settings {
    /// Reads the settings through `attribute` (an attribute's value, if present). `page_langs`
    /// are the page's and the browser's language tags, tried in order when `lang` is absent.
    pub fn read(attribute: impl Fn(&str) -> Option<String>, page_langs: &[String]) -> Settings {
        let present = |name: &str| attribute(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        let lang = present("lang")
            .and_then(|tag| Lang::from_tag(&tag))
            .or_else(|| page_langs.iter().find_map(|tag| Lang::from_tag(tag)))
            .unwrap_or_default();
        let radius = present("radius")
            .and_then(|r| r.trim_end_matches("km").trim().parse::<u32>().ok())
            .filter(|r| RADII.contains(r))
            .unwrap_or(DEFAULT_RADIUS);
        Settings {
            feed: present("feed"),
            lang,
            postcode: present("postcode").unwrap_or_default(),
            radius,
            request_url: present("request-url"),
            public_key: present("public-key"),
        }
    }
}

/// The next radius choice above `radius`, to widen an empty search.
pub fn wider(radius: u32) -> Option<u32> {
    RADII.iter().copied().find(|&r| r > radius)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(attrs: &[(&str, &str)], page: &[&str]) -> Settings {
        let page: Vec<String> = page.iter().map(|s| s.to_string()).collect();
        Settings::read(|name| attrs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string()), &page)
    }

    #[test]
    fn attributes_are_read_and_checked() {
        let s = read(&[("feed", " /feed.json "), ("lang", "fr-BE"), ("postcode", "3000"), ("radius", "25"), ("public-key", "abc")], &[]);
        assert_eq!(s.feed.as_deref(), Some("/feed.json"));
        assert_eq!(s.lang, Lang::Fr);
        assert_eq!((s.postcode.as_str(), s.radius), ("3000", 25));
        assert_eq!(s.public_key.as_deref(), Some("abc"));
        assert_eq!(s.request_url, None);
    }

    #[test]
    fn language_falls_back_to_the_page_then_dutch() {
        assert_eq!(read(&[], &["de-DE", "en-GB"]).lang, Lang::En);
        assert_eq!(read(&[("lang", "de")], &["fr"]).lang, Lang::Fr);
        assert_eq!(read(&[], &["de"]).lang, Lang::Nl);
    }

    #[test]
    fn odd_radii_fall_back_to_the_default() {
        assert_eq!(read(&[("radius", "7")], &[]).radius, DEFAULT_RADIUS);
        assert_eq!(read(&[("radius", "15 km")], &[]).radius, 15);
        assert_eq!(read(&[("radius", "lots")], &[]).radius, DEFAULT_RADIUS);
        assert_eq!(read(&[("feed", "  ")], &[]).feed, None);
        assert_eq!(wider(10), Some(15));
        assert_eq!(wider(25), None);
    }
}
