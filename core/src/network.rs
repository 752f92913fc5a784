//! The manifest of a network (`talentbrug-network/1`): several coaching organisations shown in
//! one widget. The network's operator signs, over the exact bytes (as a feed is signed), who the
//! members are and, for each, the URL of its feed manifest, its Ed25519 public key, where its
//! requests go, its privacy page and the box its profiles lie in. A member's feed is trusted only
//! through the signed network manifest that lists its key, and every key belongs to one member,
//! so a member can never publish profiles under another member's name.
//!
//! The sequence stops an old network manifest (one that still lists a member that left) from
//! being replayed; the expiry stops one from being frozen. An employer's widget reads only the
//! members whose box comes within the search radius ([`NetworkManifest::members_near`]).
//!
//! # Examples
//!
//! ```
//! use talentbrug_core::network::{NetworkManifest, MemberId};
//!
//! let json = r#"{
//!   "format": "talentbrug-network/1",
//!   "name": "Leuven werkt",
//!   "operator": { "name": "Stad Leuven", "contact": "jobs@leuven.example", "privacy_url": "https://leuven.example/privacy" },
//!   "issued_at": "2026-01-01T00:00:00Z", "expires_at": "2026-02-01T00:00:00Z", "sequence": 3,
//!   "members": [{
//!     "id": "ocmw", "name": "OCMW Leuven jobpunt",
//!     "feed": "https://ocmw.example/feed/manifest.json",
//!     "public_key": "6obzRhu0w3hPHt5yApjc2nKBXv97uCVsuYmQZk51aIE=",
//!     "request_url": "https://ocmw.example/api/requests",
//!     "privacy_url": "https://ocmw.example/privacy",
//!     "bbox": [4.60, 50.80, 4.80, 50.95]
//!   }]
//! }"#;
//! let network = NetworkManifest::parse(json.as_bytes())?;
//! assert_eq!(network.members[0].id, "ocmw".parse::<MemberId>()?);
//! // Leuven is inside the member's box; Antwerp is 40 km from it.
//! assert_eq!(network.members_near(50.879, 4.701, 10.0).count(), 1);
//! assert_eq!(network.members_near(51.219, 4.402, 25.0).count(), 0);
//! // Profile ids are namespaced by member, so two members' ids never collide.
//! assert_eq!(network.members[0].id.namespaced("a1b2"), "ocmw/a1b2");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::calendar::Timestamp;
use crate::freshness::Stale;
use crate::manifest::BoundingBox;
use crate::signature::{parse_public_key, SignatureError};

/// The format tag of version 1.
pub const FORMAT_NETWORK_V1: &str = "talentbrug-network/1";
/// Largest network manifest accepted, in bytes (100 members take about 30 KB).
pub const MAX_NETWORK_BYTES: usize = 512 * 1024;
/// Most members one network may list.
pub const MAX_MEMBERS: usize = 1_000;
/// Longest text field (names, contacts, URLs), in characters.
pub const MAX_FIELD: usize = 300;
/// Longest member id, in characters.
pub const MAX_MEMBER_ID: usize = 32;
/// Added to every member distance, so rounding never leaves out a member who could match.
const MARGIN_KM: f64 = 0.5;

/// A member's short id: 1-32 lower-case letters, digits and `-`, starting with a letter or digit.
/// It prefixes the member's profile ids (`ocmw/a1b2`), so it never contains `/`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct MemberId(String);

impl MemberId {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A profile id of this member, made unique across the network: `member/profile`.
    pub fn namespaced(&self, profile_id: &str) -> String {
        format!("{}/{profile_id}", self.0)
    }
}

impl fmt::Display for MemberId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a text is not a member id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a member id: use 1-32 lower-case letters, digits and `-`, starting with a letter or digit")]
pub struct InvalidMemberId(String);

impl FromStr for MemberId {
    type Err = InvalidMemberId;

    fn from_str(s: &str) -> Result<MemberId, InvalidMemberId> {
        let ok = (1..=MAX_MEMBER_ID).contains(&s.len())
            && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-');
        if ok {
            Ok(MemberId(s.to_owned()))
        } else {
            Err(InvalidMemberId(s.chars().take(40).collect()))
        }
    }
}

impl<'de> Deserialize<'de> for MemberId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?.parse().map_err(serde::de::Error::custom)
    }
}

/// Who runs the network and answers for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operator {
    /// The operator's name, shown in the widget's "about" line.
    pub name: String,
    /// An e-mail address or phone number for questions about the network.
    pub contact: String,
    /// The network's privacy page: an `https:` URL, or a path on the origin the network manifest
    /// is served from.
    pub privacy_url: String,
}

/// One coaching organisation in the network.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// Its id, unique in the network.
    pub id: MemberId,
    /// The name employers see on its profiles ("OCMW Leuven jobpunt").
    pub name: String,
    /// The URL of its feed manifest.
    pub feed: String,
    /// Its Ed25519 public key in base64: its feed is trusted only with this key.
    pub public_key: String,
    /// Where requests for its profiles are sent: an `https:` URL, or a path on the feed's origin
    /// (`/api/requests`, as in a feed's own publisher block); see [`Member::resolve`].
    pub request_url: String,
    /// Its privacy page: an `https:` URL or a path on the feed's origin.
    pub privacy_url: String,
    /// The box its profiles lie in: a widget skips the member when the box is out of reach.
    /// Written as GeoJSON writes a bbox (RFC 7946): `[west, south, east, north]`, which keeps
    /// a 100-member manifest under 30 KB.
    #[serde(with = "geojson_bbox")]
    pub bbox: BoundingBox,
}

impl Member {
    /// `url` (its request or privacy URL) made absolute: a path is on the origin of its feed.
    ///
    /// ```
    /// # use talentbrug_core::network::Member;
    /// # let mut m: Member = serde_json::from_str(r#"{"id":"ocmw","name":"OCMW","feed":"https://ocmw.example:8443/feed/manifest.json",
    /// #   "public_key":"6obzRhu0w3hPHt5yApjc2nKBXv97uCVsuYmQZk51aIE=","request_url":"/api/requests","privacy_url":"https://ocmw.example/privacy",
    /// #   "bbox":[4.6,50.8,4.8,50.95]}"#)?;
    /// assert_eq!(m.resolve(&m.request_url), "https://ocmw.example:8443/api/requests");
    /// assert_eq!(m.resolve(&m.privacy_url), "https://ocmw.example/privacy");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn resolve(&self, url: &str) -> String {
        if !is_origin_path(url) {
            return url.to_owned();
        }
        let scheme_end = self.feed.find("://").map_or(0, |i| i + 3);
        let origin_end = self.feed[scheme_end..].find(['/', '?', '#']).map_or(self.feed.len(), |i| scheme_end + i);
        format!("{}{url}", &self.feed[..origin_end])
    }
}

/// A [`BoundingBox`] as GeoJSON's `[west, south, east, north]`.
mod geojson_bbox {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::manifest::BoundingBox;

    pub fn serialize<S: Serializer>(b: &BoundingBox, s: S) -> Result<S::Ok, S::Error> {
        [b.west, b.south, b.east, b.north].serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<BoundingBox, D::Error> {
        let [west, south, east, north] = <[f64; 4]>::deserialize(d)?;
        Ok(BoundingBox { south, west, north, east })
    }
}

/// A network manifest as published (`network.json`, signed in `network.json.sig`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetworkManifest {
    /// Always [`FORMAT_NETWORK_V1`].
    pub format: String,
    /// The network's name ("Leuven werkt").
    pub name: String,
    /// Who runs it.
    pub operator: Operator,
    /// When this version was signed.
    pub issued_at: Timestamp,
    /// After this instant it is refused.
    pub expires_at: Timestamp,
    /// Increases with every signed version, so an older one cannot be replayed.
    pub sequence: u64,
    /// The members, in the order the operator added them.
    pub members: Vec<Member>,
}

/// Why a network manifest was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NetworkError {
    /// Not a network manifest this version reads, or one that breaks a rule; the text says where.
    #[error("network manifest: {0}")]
    Invalid(String),
    /// The signature does not match, or could not be read.
    #[error("network signature: {0}")]
    Signature(#[from] SignatureError),
    /// Expired, issued in the future, or older than a version already seen.
    #[error("the network manifest {0}")]
    Stale(#[from] Stale),
}

fn invalid(message: impl Into<String>) -> NetworkError {
    NetworkError::Invalid(message.into())
}

/// Whether `url` is an `https:` URL, or `http:` on the local machine (for demos and tests).
fn is_web_url(url: &str) -> bool {
    let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://").filter(|r| ["127.0.0.1", "localhost", "[::1]"].iter().any(|h| host(r) == *h)))
    else {
        return false;
    };
    !host(rest).is_empty() && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Whether `url` is a path on the same origin (`/api/requests`): one `/`, not `//` (another
/// host) nor a backslash (which browsers read as `/`).
fn is_origin_path(url: &str) -> bool {
    url.starts_with('/') && !url.starts_with("//") && !url.contains('\\') && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// The host of what follows `scheme://`, without a port.
fn host(rest: &str) -> &str {
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.starts_with('[') {
        return authority.split_inclusive(']').next().unwrap_or_default();
    }
    authority.split(':').next().unwrap_or_default()
}

/// Why a text field is not acceptable, if it is not.
fn text_problem(name: &str, value: &str) -> Option<String> {
    let len = value.chars().count();
    (value.trim().is_empty() || len > MAX_FIELD || value.chars().any(char::is_control))
        .then(|| format!("{name} must be 1-{MAX_FIELD} characters without control characters"))
}

impl NetworkManifest {
    /// Parses and checks a network manifest. Use [`NetworkManifest::parse_signed`] when the
    /// operator's public key is known, as every reader should.
    pub fn parse(bytes: &[u8]) -> Result<NetworkManifest, NetworkError> {
        if bytes.len() > MAX_NETWORK_BYTES {
            return Err(invalid(format!("{} bytes; at most {} KB is accepted", bytes.len(), MAX_NETWORK_BYTES / 1024)));
        }
        let manifest: NetworkManifest = serde_json::from_slice(bytes).map_err(|e| invalid(e.to_string()))?;
        manifest.check()?;
        Ok(manifest)
    }

    /// Verifies the operator's Ed25519 signature over the exact bytes, then parses, then checks
    /// expiry and sequence against the highest sequence the caller has seen.
    pub fn parse_signed(
        bytes: &[u8],
        signature: &str,
        operator_key: &str,
        now: Timestamp,
        seen_sequence: Option<u64>,
    ) -> Result<NetworkManifest, NetworkError> {
        crate::signature::verify(bytes, signature, operator_key)?;
        let manifest = NetworkManifest::parse(bytes)?;
        manifest.check_current(now, seen_sequence)?;
        Ok(manifest)
    }

    /// Whether the manifest is valid at `now` and not older than the highest sequence seen.
    pub fn check_current(&self, now: Timestamp, seen_sequence: Option<u64>) -> Result<(), NetworkError> {
        Ok(crate::freshness::check(self.issued_at, self.expires_at, self.sequence, now, seen_sequence)?)
    }

    /// Every rule a manifest must keep, whether read or about to be signed: the first broken
    /// one, named.
    pub fn check(&self) -> Result<(), NetworkError> {
        if self.format != FORMAT_NETWORK_V1 {
            return Err(invalid(format!("format `{}` is not {FORMAT_NETWORK_V1}", self.format.chars().take(40).collect::<String>())));
        }
        if self.expires_at <= self.issued_at {
            return Err(invalid("expires_at must be later than issued_at"));
        }
        let fields = [("name", &self.name), ("operator.name", &self.operator.name), ("operator.contact", &self.operator.contact)];
        if let Some(problem) = fields.iter().find_map(|(n, v)| text_problem(n, v)) {
            return Err(invalid(problem));
        }
        if !(is_web_url(&self.operator.privacy_url) || is_origin_path(&self.operator.privacy_url)) {
            return Err(invalid("operator.privacy_url must be an https: URL or a path on the network manifest's origin"));
        }
        if self.members.len() > MAX_MEMBERS {
            return Err(invalid(format!("{} members; at most {MAX_MEMBERS} are accepted", self.members.len())));
        }
        for (i, m) in self.members.iter().enumerate() {
            if let Some(problem) = self.member_problem(i, m) {
                return Err(invalid(format!("member {} ({}): {problem}", i + 1, m.id)));
            }
        }
        Ok(())
    }

    fn member_problem(&self, i: usize, m: &Member) -> Option<String> {
        let earlier = &self.members[..i];
        if let Some(problem) = text_problem("name", &m.name) {
            return Some(problem);
        }
        if !is_web_url(&m.feed) || m.feed.chars().count() > MAX_FIELD {
            return Some(format!("feed must be an https: URL of at most {MAX_FIELD} characters"));
        }
        let urls = [("request_url", &m.request_url), ("privacy_url", &m.privacy_url)];
        let bad = |url: &&String| !(is_web_url(url) || is_origin_path(url)) || url.chars().count() > MAX_FIELD;
        if let Some((name, _)) = urls.iter().find(|(_, url)| bad(url)) {
            return Some(format!("{name} must be an https: URL or a path on the feed's origin, of at most {MAX_FIELD} characters"));
        }
        let key = match parse_public_key(&m.public_key) {
            Ok(key) => key,
            Err(e) => return Some(e.to_string()),
        };
        if !m.bbox.is_valid() {
            return Some("its bbox is not a box on Earth".into());
        }
        if earlier.iter().any(|o| o.id == m.id) {
            return Some("its id is listed twice".into());
        }
        // One key, one member: otherwise a member could sign profiles shown under another's name.
        if earlier.iter().any(|o| parse_public_key(&o.public_key).is_ok_and(|k| k == key)) {
            return Some("its public key belongs to another member".into());
        }
        None
    }

    /// The member with this id.
    pub fn member(&self, id: &MemberId) -> Option<&Member> {
        self.members.iter().find(|m| &m.id == id)
    }

    /// The members an employer at (`lat`, `lon`) needs for a search within `radius_km`: those
    /// whose box comes within the radius (a person farther away than the radius never matches).
    pub fn members_near(&self, lat: f64, lon: f64, radius_km: f64) -> impl Iterator<Item = &Member> {
        self.members.iter().filter(move |m| m.bbox.distance_km(lat, lon) <= radius_km + MARGIN_KM)
    }

    /// The manifest as the operator's tools write it: compact JSON (every widget of the network
    /// fetches it first), one line. These are the bytes that get signed.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec(self).expect("a network manifest serialises");
        bytes.push(b'\n');
        bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::{Signer, SigningKey};

    use crate::signature::to_base64;

    fn key(seed: u8) -> (SigningKey, String) {
        let k = SigningKey::from_bytes(&[seed; 32]);
        let public = to_base64(k.verifying_key().as_bytes());
        (k, public)
    }

    fn member(id: &str, seed: u8) -> Member {
        Member {
            id: id.parse().unwrap(),
            name: format!("Organisatie {id}"),
            feed: format!("https://{id}.example/manifest.json"),
            public_key: key(seed).1,
            request_url: format!("https://{id}.example/api/requests"),
            privacy_url: format!("https://{id}.example/privacy"),
            bbox: BoundingBox { south: 50.8, west: 4.6, north: 50.95, east: 4.8 },
        }
    }

    fn at(t: &str) -> Timestamp {
        t.parse().unwrap()
    }

    fn network(members: Vec<Member>) -> NetworkManifest {
        NetworkManifest {
            format: FORMAT_NETWORK_V1.into(),
            name: "Leuven werkt".into(),
            operator: Operator {
                name: "Stad Leuven".into(),
                contact: "jobs@leuven.example".into(),
                privacy_url: "https://leuven.example/privacy".into(),
            },
            issued_at: at("2026-01-01T00:00:00Z"),
            expires_at: at("2026-02-01T00:00:00Z"),
            sequence: 4,
            members,
        }
    }

    #[test]
    fn signed_manifests_round_trip_and_tampering_is_refused() {
        let n = network(vec![member("ocmw", 1), member("maatwerk", 2)]);
        let bytes = n.to_bytes();
        let (operator, operator_public) = key(9);
        let sig = to_base64(&operator.sign(&bytes).to_bytes());
        let now = at("2026-01-10T00:00:00Z");
        assert_eq!(NetworkManifest::parse_signed(&bytes, &sig, &operator_public, now, Some(4)).unwrap(), n);
        let tampered = String::from_utf8(bytes.clone()).unwrap().replace("Organisatie maatwerk", "Organisatie ocmw");
        assert!(matches!(
            NetworkManifest::parse_signed(tampered.as_bytes(), &sig, &operator_public, now, None),
            Err(NetworkError::Signature(SignatureError::Mismatch))
        ));
        // Signed by a member instead of the operator.
        assert!(NetworkManifest::parse_signed(&bytes, &sig, &key(1).1, now, None).is_err());
        assert_eq!(
            NetworkManifest::parse_signed(&bytes, &sig, &operator_public, now, Some(5)),
            Err(NetworkError::Stale(Stale::RolledBack { sequence: 4, seen: 5 }))
        );
        assert!(matches!(
            NetworkManifest::parse_signed(&bytes, &sig, &operator_public, at("2026-03-01T00:00:00Z"), None),
            Err(NetworkError::Stale(Stale::Expired { .. }))
        ));
    }

    #[test]
    fn a_key_belongs_to_one_member_and_ids_are_unique() {
        let same_key = network(vec![member("ocmw", 1), member("uitzend", 1)]);
        assert!(same_key.check().unwrap_err().to_string().contains("belongs to another member"), "{:?}", same_key.check());
        let same_id = network(vec![member("ocmw", 1), member("ocmw", 2)]);
        assert!(same_id.check().unwrap_err().to_string().contains("listed twice"));
        assert!(network(vec![member("ocmw", 1), member("uitzend", 2)]).check().is_ok());
    }

    #[test]
    fn fields_are_checked() {
        let with = |f: &dyn Fn(&mut Member)| {
            let mut m = member("ocmw", 1);
            f(&mut m);
            network(vec![m]).check()
        };
        assert!(with(&|m: &mut Member| m.feed = "http://ocmw.example/manifest.json".into()).is_err(), "plain http elsewhere than loopback");
        assert!(with(&|m: &mut Member| m.feed = "http://127.0.0.1:8080/manifest.json".into()).is_ok(), "a demo on this machine");
        assert!(with(&|m: &mut Member| m.request_url = "javascript:alert(1)".into()).is_err());
        assert!(with(&|m: &mut Member| m.request_url = "/api/requests".into()).is_ok(), "a path on the feed's origin");
        for bad in ["//evil.example/x", "/\\evil.example", "api/requests", "/a b"] {
            assert!(with(&|m: &mut Member| m.privacy_url = bad.into()).is_err(), "{bad}");
        }
        assert!(with(&|m: &mut Member| m.feed = "/manifest.json".into()).is_err(), "the feed URL is absolute: paths resolve against it");
        assert!(with(&|m: &mut Member| m.public_key = "not a key".into()).is_err());
        assert!(with(&|m: &mut Member| m.name = " ".into()).is_err());
        assert!(with(&|m: &mut Member| m.bbox.north = 95.0).is_err());
        for bad in ["", "OCMW", "-x", "a/b", &"x".repeat(33)] {
            assert!(bad.parse::<MemberId>().is_err(), "{bad:?}");
        }
        let json = String::from_utf8(network(vec![member("ocmw", 1)]).to_bytes()).unwrap();
        assert!(NetworkManifest::parse(json.replace("\"ocmw\"", "\"OC/MW\"").as_bytes()).is_err());
        assert!(NetworkManifest::parse(json.replace("talentbrug-network/1", "talentbrug-network/2").as_bytes()).is_err());
    }

    #[test]
    fn members_out_of_reach_are_skipped() {
        let mut far = member("gent", 2);
        far.bbox = BoundingBox { south: 51.0, west: 3.6, north: 51.1, east: 3.8 };
        let n = network(vec![member("ocmw", 1), far]);
        let leuven = |r| n.members_near(50.879, 4.701, r).map(|m| m.id.to_string()).collect::<Vec<_>>();
        assert_eq!(leuven(10.0), vec!["ocmw"]);
        assert_eq!(leuven(25.0), vec!["ocmw"]);
        assert_eq!(n.members_near(51.05, 3.72, 5.0).map(|m| m.id.to_string()).collect::<Vec<_>>(), vec!["gent"]);
    }

    /// Issue 14's budget: 100 members under 30 KB, with names and feed URLs of a realistic
    /// length, request and privacy URLs on the feed's origin (as a feed's own publisher block
    /// has them) and boxes at 0.001 degree.
    #[test]
    fn a_hundred_members_fit_in_30_kb() {
        let members: Vec<Member> = (0..100u8)
            .map(|i| {
                let mut m = member(&format!("organisatie-{i:03}"), i + 1);
                m.name = format!("Begeleidingsorganisatie nummer {i}");
                m.request_url = "/api/requests".into();
                m.privacy_url = "/privacy.html".into();
                m.bbox = BoundingBox { south: 50.812, west: 4.601, north: 50.953, east: 4.788 };
                m
            })
            .collect();
        let bytes = network(members).to_bytes();
        assert!(bytes.len() < 30 * 1024, "{} bytes", bytes.len());
    }
}
