//! The public feed (`talentbrug-feed/1`): what a coaching organisation publishes, and its strict,
//! bounded parser. Any input gives a `Feed` or a `FeedError` that names the field and the
//! profile (with the default `field-paths` feature; without it, the line and column); nothing
//! panics.
//!
//! Parsing is separate from fetching and from signature checking, so a feed can later arrive in
//! pieces (region tiles) and still go through the same checks.
//!
//! # Examples
//!
//! Parsing a signed feed: the signature is checked over the exact bytes before anything is
//! parsed, then expiry and sequence against what the caller passes in (the core has no clock).
//!
//! ```
//! use ed25519_dalek::{Signer, SigningKey};
//! use talentbrug_core::signature::to_base64;
//! use talentbrug_core::{Feed, FeedError, Timestamp};
//!
//! # let feed = r#"{
//! #   "format": "talentbrug-feed/1",
//! #   "publisher": { "name": "Werkpunt Leuven", "contact": "jobs@werkpunt.example",
//! #                  "request_url": "/api/requests", "privacy_url": "/privacy.html" },
//! #   "issued_at": "2026-01-01T00:00:00Z", "expires_at": "2026-02-01T00:00:00Z", "sequence": 7,
//! #   "occupations": { "040fcfa5-24be-43eb-afd5-828297175b16": { "label": "magazijnmedewerker kleding" } },
//! #   "profiles": [ { "id": "heverlee-b", "area": { "postcode": "BE-3001", "label": "Heverlee", "lat": 50.864, "lon": 4.696 },
//! #     "reach_km": 10, "travel_modes": ["bike"], "occupations": ["040fcfa5-24be-43eb-afd5-828297175b16"],
//! #     "talents": ["packing"], "strengths": ["punctual"], "languages": [{ "lang": "nl", "level": "B1" }],
//! #     "hours": { "min": 20, "max": 30 }, "shifts": ["day"], "available_from": "2026-01",
//! #     "contract_forms": ["temp"], "job_coaching": true, "workplace_needs": ["quiet_workplace"] } ]
//! # }"#;
//! // What `talentbrug publish` writes: the feed, `feed.json.sig` and the public key partners paste.
//! let key = SigningKey::from_bytes(&[7; 32]);
//! let signature = to_base64(&key.sign(feed.as_bytes()).to_bytes());
//! let public_key = to_base64(key.verifying_key().as_bytes());
//!
//! let now: Timestamp = "2026-01-15T09:00:00Z".parse()?;
//! let parsed = Feed::parse_signed(feed.as_bytes(), &signature, &public_key, now, None)?;
//! assert_eq!(parsed.publisher.name, "Werkpunt Leuven");
//! assert_eq!(parsed.profiles[0].id.as_str(), "heverlee-b");
//!
//! // One changed byte, an expired feed, a replayed older feed: all refused.
//! let tampered = feed.replace("\"reach_km\": 10", "\"reach_km\": 90");
//! let refused = Feed::parse_signed(tampered.as_bytes(), &signature, &public_key, now, None);
//! assert!(matches!(refused, Err(FeedError::Signature(_))));
//! let later: Timestamp = "2026-03-01T00:00:00Z".parse()?;
//! let refused = Feed::parse_signed(feed.as_bytes(), &signature, &public_key, later, None);
//! assert!(matches!(refused, Err(FeedError::Expired { .. })));
//! let refused = Feed::parse_signed(feed.as_bytes(), &signature, &public_key, now, Some(8));
//! assert!(matches!(refused, Err(FeedError::RolledBack { sequence: 7, seen: 8 })));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! A feed that breaks a rule is refused with an error that says where:
//!
//! ```
//! use talentbrug_core::{Feed, FeedError};
//!
//! let refused = Feed::parse(br#"{"format": "talentbrug-feed/2"}"#);
//! assert_eq!(refused, Err(FeedError::UnsupportedFormat("talentbrug-feed/2".into())));
//! assert!(matches!(Feed::parse(b"{ not json"), Err(FeedError::Invalid { .. })));
//! ```

use std::collections::BTreeMap;

use core::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Serialize};

use crate::calendar::Timestamp;
use crate::occupation::{OccupationGroup, OccupationLabels};
use crate::profile::{EscoId, IscoGroup, Profile};

/// The format tag of version 1.
pub const FORMAT_V1: &str = "talentbrug-feed/1";
/// Largest feed accepted, in bytes.
pub const MAX_FEED_BYTES: usize = 50 * 1024 * 1024;
/// Most profiles one feed may hold.
pub const MAX_PROFILES: usize = 200_000;
/// Longest publisher name, contact or URL, in characters.
pub const MAX_PUBLISHER_FIELD: usize = 300;

/// The coaching organisation behind a feed: who it is and where requests go.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Publisher {
    /// Name shown to employers.
    pub name: String,
    /// How employers reach the organisation (e-mail address or phone), shown in the widget.
    pub contact: String,
    /// Where blind-interview requests are POSTed (`https://...` or a path on the feed's host).
    pub request_url: String,
    /// The organisation's privacy text, linked from the request form.
    pub privacy_url: String,
}

/// A parsed, checked feed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Feed {
    /// Always [`FORMAT_V1`].
    pub format: String,
    /// Who published it.
    pub publisher: Publisher,
    /// When it was published.
    pub issued_at: Timestamp,
    /// After this instant the widget refuses it.
    pub expires_at: Timestamp,
    /// Increases with every publication, so an old feed cannot be replayed.
    pub sequence: u64,
    /// Labels of every occupation the profiles mention.
    pub occupations: BTreeMap<EscoId, OccupationLabels>,
    /// Label and member occupations of every ISCO-08 group the profiles mention (absent in
    /// feeds without generalised occupations).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub occupation_groups: BTreeMap<IscoGroup, OccupationGroup>,
    /// The profiles.
    pub profiles: Vec<Profile>,
}

/// Why a feed was refused. Messages are meant for the organisation's staff and developers; the
/// widget shows employers a translated sentence per variant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedError {
    /// Over [`MAX_FEED_BYTES`].
    #[error("the feed is {0} bytes; at most 50 MB is accepted")]
    TooLarge(usize),
    /// Not valid JSON, or a field of the wrong type or value.
    #[error("{location}: {message}")]
    Invalid {
        /// `profiles[12] (id "x").hours.min`, `publisher.request_url`, ...
        location: String,
        /// What is wrong.
        message: String,
    },
    /// A format other than `talentbrug-feed/1`.
    #[error("format `{0}` is not supported; this version reads talentbrug-feed/1")]
    UnsupportedFormat(String),
    /// Over [`MAX_PROFILES`].
    #[error("the feed has {0} profiles; at most 200000 are accepted")]
    TooManyProfiles(usize),
    /// Two profiles share an id.
    #[error("profiles[{index}]: id \"{id}\" is used twice")]
    DuplicateId {
        /// Position of the second profile.
        index: usize,
        /// The id.
        id: String,
    },
    /// The signature does not match, or could not be read.
    #[error("signature: {0}")]
    Signature(#[from] crate::signature::SignatureError),
    /// `expires_at` has passed.
    #[error("the feed expired at {expires_at}")]
    Expired {
        /// When it expired.
        expires_at: Timestamp,
    },
    /// `issued_at` is later than now (beyond [`MAX_CLOCK_SKEW_SECONDS`]): a feed signed ahead of
    /// time, or a signer with a wrong clock; either way not to be trusted.
    #[error("the feed says it was issued at {issued_at}, which is in the future")]
    IssuedInFuture {
        /// When it claims to have been issued.
        issued_at: Timestamp,
    },
    /// A lower sequence than one already seen: an old feed is being replayed.
    #[error("the feed has sequence {sequence}, older than {seen} seen before")]
    RolledBack {
        /// This feed's sequence.
        sequence: u64,
        /// The highest sequence seen before.
        seen: u64,
    },
}

pub use crate::freshness::MAX_CLOCK_SKEW_SECONDS;

impl From<crate::freshness::Stale> for FeedError {
    fn from(stale: crate::freshness::Stale) -> FeedError {
        use crate::freshness::Stale;
        match stale {
            Stale::IssuedInFuture { issued_at } => FeedError::IssuedInFuture { issued_at },
            Stale::Expired { expires_at } => FeedError::Expired { expires_at },
            Stale::RolledBack { sequence, seen } => FeedError::RolledBack { sequence, seen },
        }
    }
}

fn invalid(location: impl Into<String>, message: impl Into<String>) -> FeedError {
    FeedError::Invalid { location: location.into(), message: message.into() }
}

#[cfg(feature = "field-paths")]
/// Finds the id of profile `index` in a feed that failed to parse, to name it in the error.
fn profile_id_at(bytes: &[u8], index: usize) -> Option<String> {
    #[derive(Deserialize)]
    struct Ids {
        profiles: Vec<IdOnly>,
    }
    #[derive(Deserialize)]
    struct IdOnly {
        id: Option<serde_json::Value>,
    }
    let ids: Ids = serde_json::from_slice(bytes).ok()?;
    match ids.profiles.get(index)?.id.as_ref()? {
        serde_json::Value::String(s) => Some(s.chars().take(64).collect()),
        _ => None,
    }
}

#[cfg(feature = "field-paths")]
/// Renders serde's path with the profile's id after its index.
fn describe_path(path: &serde_path_to_error::Path, bytes: &[u8]) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    let mut after_profiles = false;
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => {
                out.push_str(&format!("[{index}]"));
                if after_profiles {
                    if let Some(id) = profile_id_at(bytes, *index) {
                        out.push_str(&format!(" (id \"{id}\")"));
                    }
                }
            }
            Segment::Map { key } | Segment::Enum { variant: key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Unknown => out.push_str(".?"),
        }
        after_profiles = out == "profiles";
    }
    if out.is_empty() {
        "feed".into()
    } else {
        out
    }
}

/// The `format` field as read before the rest of the feed: text, or any other JSON value
/// (skipped). Cheaper in wasm than a `serde_json::Value`.
enum FormatField {
    Text(String),
    Other,
}

impl<'de> Deserialize<'de> for FormatField {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct AnyValue;
        impl<'de> Visitor<'de> for AnyValue {
            type Value = FormatField;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<FormatField, E> {
                Ok(FormatField::Text(s.to_owned()))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<FormatField, E> {
                Ok(FormatField::Other)
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<FormatField, E> {
                Ok(FormatField::Other)
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<FormatField, E> {
                Ok(FormatField::Other)
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<FormatField, E> {
                Ok(FormatField::Other)
            }
            fn visit_unit<E: de::Error>(self) -> Result<FormatField, E> {
                Ok(FormatField::Other)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<FormatField, A::Error> {
                while seq.next_element::<de::IgnoredAny>()?.is_some() {}
                Ok(FormatField::Other)
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<FormatField, A::Error> {
                while map.next_entry::<de::IgnoredAny, de::IgnoredAny>()?.is_some() {}
                Ok(FormatField::Other)
            }
        }
        d.deserialize_any(AnyValue)
    }
}

/// The rules a feed's publisher block and label tables obey, in a v1 feed and in a v2 manifest
/// alike (checked in place: a manifest's labels are not copied to be checked).
pub(crate) fn check_head(
    publisher: &Publisher,
    occupations: &BTreeMap<EscoId, OccupationLabels>,
    occupation_groups: &BTreeMap<IscoGroup, OccupationGroup>,
) -> Result<(), FeedError> {
    check_text("publisher.name", &publisher.name)?;
    check_text("publisher.contact", &publisher.contact)?;
    check_url("publisher.request_url", &publisher.request_url)?;
    check_url("publisher.privacy_url", &publisher.privacy_url)?;
    for (id, labels) in occupations {
        if let Some(problem) = labels.problem() {
            return Err(invalid(format!("occupations.{id}"), problem));
        }
    }
    for (code, group) in occupation_groups {
        if let Some(problem) = group.problem() {
            return Err(invalid(format!("occupation_groups.{code}"), problem));
        }
        if let Some(missing) = group.occupations.iter().find(|o| !occupations.contains_key(o)) {
            return Err(invalid(format!("occupation_groups.{code}"), format!("occupation {missing} has no labels in `occupations`")));
        }
    }
    Ok(())
}

fn check_text(location: &str, value: &str) -> Result<(), FeedError> {
    let len = value.chars().count();
    if value.trim().is_empty() || len > MAX_PUBLISHER_FIELD {
        return Err(invalid(location, format!("must be 1-{MAX_PUBLISHER_FIELD} characters, not {len}")));
    }
    Ok(())
}

fn check_url(location: &str, value: &str) -> Result<(), FeedError> {
    check_text(location, value)?;
    let ok = value.starts_with("https://") || value.starts_with("http://") || (value.starts_with('/') && !value.starts_with("//"));
    if !ok || value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(invalid(
            location,
            format!("`{}` is not an http(s) URL or an absolute path", value.chars().take(60).collect::<String>()),
        ));
    }
    Ok(())
}

impl Feed {
    /// Parses and checks a feed. Use [`Feed::parse_signed`] when a public key is known.
    pub fn parse(bytes: &[u8]) -> Result<Feed, FeedError> {
        if bytes.len() > MAX_FEED_BYTES {
            return Err(FeedError::TooLarge(bytes.len()));
        }
        // Read the format first, so a future version gets a clear message and not a field error.
        #[derive(Deserialize)]
        struct FormatOnly {
            format: Option<FormatField>,
        }
        if let Ok(FormatOnly { format: Some(format) }) = serde_json::from_slice::<FormatOnly>(bytes) {
            match format {
                FormatField::Text(f) if f == FORMAT_V1 => {}
                FormatField::Text(other) => return Err(FeedError::UnsupportedFormat(other.chars().take(40).collect())),
                FormatField::Other => return Err(invalid("format", "must be the string \"talentbrug-feed/1\"")),
            }
        }
        let mut de = serde_json::Deserializer::from_slice(bytes);
        // serde_json's messages end in " at line L column C"; kept, they help find the spot.
        #[cfg(feature = "field-paths")]
        let feed: Feed =
            serde_path_to_error::deserialize(&mut de).map_err(|e| invalid(describe_path(e.path(), bytes), e.inner().to_string()))?;
        #[cfg(not(feature = "field-paths"))]
        let feed = Feed::deserialize(&mut de).map_err(|e| invalid("feed", e.to_string()))?;
        de.end().map_err(|e| invalid("feed", e.to_string()))?;
        feed.check()?;
        Ok(feed)
    }

    /// Verifies the Ed25519 signature over the exact bytes, then parses, then checks expiry and
    /// sequence against what the caller passes in. Nothing is parsed before the signature holds.
    pub fn parse_signed(
        bytes: &[u8],
        signature: &str,
        public_key: &str,
        now: Timestamp,
        seen_sequence: Option<u64>,
    ) -> Result<Feed, FeedError> {
        crate::signature::verify(bytes, signature, public_key)?;
        let feed = Feed::parse(bytes)?;
        feed.check_current(now, seen_sequence)?;
        Ok(feed)
    }

    /// Whether the feed is valid at `now` (issued, not expired) and not older than the highest
    /// sequence seen.
    pub fn check_current(&self, now: Timestamp, seen_sequence: Option<u64>) -> Result<(), FeedError> {
        Ok(crate::freshness::check(self.issued_at, self.expires_at, self.sequence, now, seen_sequence)?)
    }

    /// The checks that span fields: limits, unique ids, labels for every occupation.
    pub fn check(&self) -> Result<(), FeedError> {
        if self.format != FORMAT_V1 {
            return Err(FeedError::UnsupportedFormat(self.format.chars().take(40).collect()));
        }
        self.check_size()?;
        check_head(&self.publisher, &self.occupations, &self.occupation_groups)?;
        if self.expires_at <= self.issued_at {
            return Err(invalid("expires_at", "must be later than issued_at"));
        }
        // Sorted by id (ties by position), each repeat follows its first use. Less wasm than a
        // hash set.
        let id = |i: u32| &self.profiles[i as usize].id;
        let mut by_id = crate::order::positions(self.profiles.len());
        crate::order::sort_positions(&mut by_id, &|a, b| id(a).cmp(id(b)));
        self.check_profiles(first_repeat(&by_id, |a, b| id(a) == id(b)))
    }

    /// At most [`MAX_PROFILES`] profiles: checked before the ids are sorted.
    pub(crate) fn check_size(&self) -> Result<(), FeedError> {
        if self.profiles.len() > MAX_PROFILES {
            return Err(FeedError::TooManyProfiles(self.profiles.len()));
        }
        Ok(())
    }

    /// The checks across profiles, given the position of the first profile whose id was used
    /// before it ([`first_repeat`]): no id used twice, a label for every occupation and
    /// occupation group. The index sorts the ids anyway ([`crate::FeedIndex::checked`]), so it
    /// finds repeats with its own sort.
    pub(crate) fn check_profiles(&self, first_repeat: Option<usize>) -> Result<(), FeedError> {
        for (index, profile) in self.profiles.iter().enumerate() {
            if first_repeat == Some(index) {
                return Err(FeedError::DuplicateId { index, id: profile.id.to_string() });
            }
            if let Some(missing) = profile.occupations.iter().find(|o| !self.occupations.contains_key(o)) {
                return Err(invalid(
                    format!("profiles[{index}] (id \"{}\").occupations", profile.id),
                    format!("occupation {missing} has no labels in `occupations`"),
                ));
            }
            if let Some(missing) = profile.occupation_groups.iter().find(|g| !self.occupation_groups.contains_key(g)) {
                return Err(invalid(
                    format!("profiles[{index}] (id \"{}\").occupation_groups", profile.id),
                    format!("occupation group {missing} has no label in `occupation_groups`"),
                ));
            }
        }
        Ok(())
    }

    /// The feed as JSON bytes, as the publisher writes and signs them.
    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("a feed always serialises")
    }
}

/// The first position whose id was used before it, given the positions in id order (ties by
/// position: each repeat follows its first use) and whether two positions hold the same id.
pub(crate) fn first_repeat(by_id: &[u32], same: impl Fn(u32, u32) -> bool) -> Option<usize> {
    by_id.windows(2).filter(|w| same(w[0], w[1])).map(|w| w[1] as usize).min()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::profile::tests::sample_json;

    pub(crate) fn feed_json(profiles: &[String]) -> String {
        format!(
            r#"{{"format":"talentbrug-feed/1",
            "publisher":{{"name":"Werkpunt Leuven","contact":"jobs@werkpunt.example","request_url":"/api/requests","privacy_url":"https://werkpunt.example/privacy"}},
            "issued_at":"2026-11-01T00:00:00Z","expires_at":"2026-12-01T00:00:00Z","sequence":3,
            "occupations":{{"0019b951-c699-4191-8208-9822882d150c":{{"label":"inspecteur precisie-instrumenten"}}}},
            "profiles":[{}]}}"#,
            profiles.join(",")
        )
    }

    fn err_of(json: &str) -> String {
        Feed::parse(json.as_bytes()).unwrap_err().to_string()
    }

    #[test]
    fn a_valid_feed_parses_and_round_trips() {
        let feed = Feed::parse(feed_json(&[sample_json("a"), sample_json("b")]).as_bytes()).unwrap();
        assert_eq!(feed.profiles.len(), 2);
        assert_eq!(Feed::parse(&feed.to_json()).unwrap(), feed);
    }

    #[test]
    fn errors_say_where_in_the_text() {
        let bad = sample_json("p-7").replace(r#""min":20"#, r#""min":"twenty""#);
        let err = Feed::parse(feed_json(&[bad]).as_bytes()).unwrap_err();
        assert!(
            matches!(&err, FeedError::Invalid { message, .. } if message.contains(" at line ") && message.contains(" column ")),
            "{err}"
        );
    }

    #[cfg(feature = "field-paths")]
    #[test]
    fn errors_name_the_field_and_the_profile() {
        let bad = sample_json("p-7").replace(r#""min":20"#, r#""min":"twenty""#);
        let msg = err_of(&feed_json(&[sample_json("a"), bad]));
        assert!(msg.starts_with("profiles[1] (id \"p-7\").hours.min:"), "{msg}");

        let bad = sample_json("p-8").replace("order_picking", "juggling");
        let msg = err_of(&feed_json(&[bad]));
        assert!(msg.contains("profiles[0] (id \"p-8\").talents") && msg.contains("unknown talent code `juggling`"), "{msg}");

        let bad = sample_json("p-9").replace(r#""reach_km":12"#, r#""reach_km":900"#);
        let msg = err_of(&feed_json(&[bad]));
        assert!(msg.contains("reach_km") && msg.contains("at most 150"), "{msg}");

        let bad = sample_json("p-10").replace(r#""max":30"#, r#""max":10"#);
        assert!(err_of(&feed_json(&[bad])).contains("above the highest"));

        let long = format!(r#""pitch":"{}""#, "a".repeat(500));
        let bad = sample_json("p-11").replace(r#""pitch":"Ik werk graag met mijn handen.""#, &long);
        assert!(err_of(&feed_json(&[bad])).contains("pitch"));
    }

    #[test]
    fn feed_level_rules() {
        let msg = err_of(&feed_json(&[sample_json("a"), sample_json("a")]));
        assert_eq!(msg, "profiles[1]: id \"a\" is used twice");
        let three = [sample_json("a"), sample_json("b"), sample_json("a"), sample_json("b"), sample_json("c"), sample_json("c")];
        assert_eq!(err_of(&feed_json(&three)), "profiles[2]: id \"a\" is used twice");
        for other in ["2", "null", "[\"talentbrug-feed/1\"]", "{\"v\":1}", "true"] {
            let odd = feed_json(&[]).replace("\"talentbrug-feed/1\"", other);
            let msg = err_of(&odd);
            let ok = if other == "null" { msg.contains("invalid type: null") } else { msg.starts_with("format: must be the string") };
            assert!(ok, "{other}: {msg}");
        }
        let v2 = feed_json(&[]).replace("talentbrug-feed/1", "talentbrug-feed/2");
        assert!(matches!(Feed::parse(v2.as_bytes()), Err(FeedError::UnsupportedFormat(f)) if f == "talentbrug-feed/2"));
        let no_label =
            feed_json(&[sample_json("a")]).replace("0019b951-c699-4191-8208-9822882d150c\":", "0019b951-c699-4191-8208-9822882d150d\":");
        assert!(err_of(&no_label).contains("has no labels"));
        let backwards = feed_json(&[]).replace("2026-12-01T00:00:00Z", "2026-10-01T00:00:00Z");
        assert!(err_of(&backwards).contains("later than issued_at"));
        let bad_url = feed_json(&[]).replace("/api/requests", "javascript:alert(1)");
        assert!(err_of(&bad_url).contains("publisher.request_url"));
        let negative = err_of(&feed_json(&[]).replace("\"sequence\":3", "\"sequence\":-3"));
        assert!(negative.contains(if cfg!(feature = "field-paths") { "sequence" } else { "line 3" }), "{negative}");
        assert!(err_of(&format!("{} trailing", feed_json(&[]))).contains("trailing"));
        assert!(matches!(Feed::parse(&vec![b' '; MAX_FEED_BYTES + 1]), Err(FeedError::TooLarge(_))));
    }

    #[test]
    fn expiry_and_rollback() {
        let feed = Feed::parse(feed_json(&[]).as_bytes()).unwrap();
        let before = "2026-11-15T00:00:00Z".parse().unwrap();
        let after = "2026-12-01T00:00:00Z".parse().unwrap();
        assert!(feed.check_current(before, Some(3)).is_ok());
        assert!(matches!(feed.check_current(after, None), Err(FeedError::Expired { .. })));
        assert!(matches!(feed.check_current(before, Some(4)), Err(FeedError::RolledBack { sequence: 3, seen: 4 })));
        // Issued 2026-11-01T00:00:00Z: a reader whose clock is a little behind still reads it,
        // one a day behind is shown a feed from the future and refuses it.
        let slightly_behind = "2026-10-31T23:50:00Z".parse().unwrap();
        assert!(feed.check_current(slightly_behind, None).is_ok());
        let a_day_behind = "2026-10-31T00:00:00Z".parse().unwrap();
        assert!(matches!(feed.check_current(a_day_behind, None), Err(FeedError::IssuedInFuture { .. })));
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..2000)) {
            let _ = Feed::parse(&bytes);
        }

        #[test]
        fn mutated_feeds_never_panic(cut in 0usize..1500, byte in proptest::prelude::any::<u8>()) {
            let mut bytes = feed_json(&[sample_json("a")]).into_bytes();
            let i = cut % bytes.len();
            bytes[i] = byte;
            let _ = Feed::parse(&bytes);
            bytes.truncate(i);
            let _ = Feed::parse(&bytes);
        }
    }
}
