//! What a partner sets on `<talent-brug>`: read once from the element's attributes into checked
//! values, so the components never see a raw attribute.

use talentbrug_core::Lang;

use crate::feed_source::LoadError;

/// The radius choices the widget offers, in km.
pub const RADII: [u32; 4] = [5, 10, 15, 25];
/// The radius when the partner sets none.
pub const DEFAULT_RADIUS: u32 = 10;

/// The widget's configuration from the host element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Address of the feed: its v2 `manifest.json` (as written; the browser resolves it
    /// against the page).
    pub feed: Option<String>,
    /// Address of a network's `network.json`: the widget shows every member's profiles. When
    /// set, `feed`, `public-key` and `request-url` are not used.
    pub network: Option<String>,
    /// The network operator's Ed25519 public key (base64); required with `network`.
    pub network_key: Option<String>,
    /// The language to start in.
    pub lang: Lang,
    /// Postcode or place to search from the start.
    pub postcode: String,
    /// One of [`RADII`].
    pub radius: u32,
    /// Where requests go instead of the feed's `request_url`.
    pub request_url: Option<String>,
    /// The organisation's Ed25519 public key (base64); only a feed it signed is shown.
    pub public_key: Option<String>,
    /// The boolean `unsigned` attribute: for local testing, load a feed without a key (the
    /// widget says so in a banner). Without it and without a key, nothing is loaded.
    pub unsigned: bool,
}

/// The attributes `<talent-brug>` reads; the loader observes exactly these.
pub const ATTRIBUTES: [&str; 9] = ["feed", "network", "network-key", "lang", "postcode", "radius", "request-url", "public-key", "unsigned"];

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
            network: present("network"),
            network_key: present("network-key"),
            lang,
            postcode: present("postcode").unwrap_or_default(),
            radius,
            request_url: present("request-url"),
            public_key: present("public-key"),
            unsigned: attribute("unsigned").is_some(),
        }
    }

    /// How the feed is checked: with the partner's key, or (only when the partner wrote
    /// `unsigned`) not at all. Without either the widget loads nothing: a feed nobody vouches
    /// for would decide where employers' data goes.
    pub fn trust(&self) -> Result<Trust, LoadError> {
        if self.network.is_some() {
            // A network is trusted only through its operator's key: it decides whose feeds count.
            return self.network_key.clone().map(Trust::Key).ok_or(LoadError::NoKey);
        }
        match (&self.public_key, self.unsigned) {
            (Some(key), _) => Ok(Trust::Key(key.clone())),
            (None, true) => Ok(Trust::Unsigned),
            (None, false) => Err(LoadError::NoKey),
        }
    }
}

/// How the widget checks its feed (see [`Settings::trust`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Trust {
    /// Only a feed signed with this Ed25519 public key (base64).
    Key(String),
    /// Any current feed, for local testing; a banner says so.
    Unsigned,
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
        let s =
            read(&[("feed", " /manifest.json "), ("lang", "fr-BE"), ("postcode", "3000"), ("radius", "25"), ("public-key", "abc")], &[]);
        assert_eq!(s.feed.as_deref(), Some("/manifest.json"));
        assert_eq!(s.lang, Lang::Fr);
        assert_eq!((s.postcode.as_str(), s.radius), ("3000", 25));
        assert_eq!(s.public_key.as_deref(), Some("abc"));
        assert_eq!(s.request_url, None);
        assert_eq!(s.trust(), Ok(Trust::Key("abc".into())));
    }

    #[test]
    fn without_a_key_only_an_explicit_unsigned_loads() {
        assert_eq!(read(&[("feed", "/manifest.json")], &[]).trust(), Err(LoadError::NoKey));
        assert_eq!(read(&[("feed", "/manifest.json"), ("public-key", "  ")], &[]).trust(), Err(LoadError::NoKey));
        let unsigned = read(&[("feed", "/manifest.json"), ("unsigned", "")], &[]);
        assert!(unsigned.unsigned);
        assert_eq!(unsigned.trust(), Ok(Trust::Unsigned));
        // A key always wins: `unsigned` never weakens a configured check.
        assert_eq!(read(&[("public-key", "abc"), ("unsigned", "")], &[]).trust(), Ok(Trust::Key("abc".into())));
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
