//! The manifest of a `talentbrug-feed/2` feed: who publishes it, when it expires, its sequence,
//! the occupation labels, and its regions ([`crate::region`]), each listing its tiles: box,
//! number of profiles, longest reach, SHA-256, length and path. The manifest is signed over its
//! exact bytes (as v1 feeds are); a region is trusted only when its bytes have the length and
//! hash the signed manifest lists, a tile only with those its region lists ([`check_tile`]), so
//! regions and tiles can be served from any cache, and one from another manifest is refused. A
//! tile in turn lists its detail chunks (the pitches) by SHA-256 and length
//! ([`crate::tile::DetailRef`]), so they are signed through it. This is The Update Framework's
//! model (signed metadata over hashed targets) with one role: the sequence stops rollback, the
//! expiry stops freezing.
//!
//! An employer needs only the regions and tiles whose box comes within both the search radius
//! and their longest reach ([`Manifest::regions_near`], [`tiles_near`]): a person farther away
//! than their own reach never matches.
//!
//! # Examples
//!
//! ```
//! use talentbrug_core::manifest::{check_tile, tiles_near, Manifest, TileEntry};
//! use talentbrug_core::region::{check_region, Region};
//! use talentbrug_core::tile;
//! # use talentbrug_core::Profile;
//! # let json = r#"{ "id": "heverlee-b", "area": { "postcode": "BE-3001", "label": "Heverlee", "lat": 50.864, "lon": 4.696 },
//! #     "reach_km": 10, "travel_modes": ["bike"], "occupations": ["040fcfa5-24be-43eb-afd5-828297175b16"],
//! #     "talents": ["packing"], "strengths": ["punctual"], "languages": [{ "lang": "nl", "level": "B1" }],
//! #     "hours": { "min": 20, "max": 30 }, "shifts": ["day"], "available_from": "2026-01",
//! #     "contract_forms": ["temp"], "job_coaching": true, "workplace_needs": ["quiet_workplace"] }"#;
//! # let profile: Profile = serde_json::from_str(json)?;
//! let bytes = tile::encode(&[profile])?.tile;
//! let entry = TileEntry::describe("be-508-31", &bytes, &tile::decode(&bytes)?.profiles).expect("one profile");
//! assert_eq!(entry.path, format!("tiles/{}.tb2", entry.sha256));
//! let region = Region::new("be-127-7", vec![entry]).expect("one tile");
//!
//! # let manifest = format!(r#"{{ "format": "talentbrug-feed/2",
//! #   "publisher": {{ "name": "Werkpunt Leuven", "contact": "jobs@werkpunt.example",
//! #                  "request_url": "/api/requests", "privacy_url": "/privacy.html" }},
//! #   "issued_at": "2026-01-01T00:00:00Z", "expires_at": "2026-02-01T00:00:00Z", "sequence": 7,
//! #   "regions": [{}] }}"#, serde_json::to_string(&region.entry)?);
//! let manifest = Manifest::parse(manifest.as_bytes())?;
//! // Leuven is 5 km from Heverlee: its region is needed for a 10 km search, not from Brussels.
//! assert_eq!(manifest.regions_near(50.879, 4.701, 10.0).count(), 1);
//! assert_eq!(manifest.regions_near(50.847, 4.357, 10.0).count(), 0);
//! // The region's bytes are checked against the signed manifest, the tile's against the region.
//! let tiles = check_region(&manifest.regions[0], &region.bytes)?;
//! let near: Vec<&TileEntry> = tiles_near(&tiles, 50.879, 4.701, 10.0).collect();
//! assert_eq!(check_tile(near[0], &bytes)?.profiles.len(), 1);
//! assert!(check_tile(near[0], &bytes[1..]).is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use core::fmt;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::calendar::Timestamp;
use crate::feed::{Feed, FeedError, Publisher, FORMAT_V1};
use crate::freshness::Stale;
use crate::index::FeedIndex;
use crate::occupation::{OccupationGroup, OccupationLabels};
use crate::profile::{EscoId, IscoGroup};
use crate::profile::{Profile, MAX_REACH_KM};
use crate::reach::haversine_km;
use crate::region::RegionEntry;
use crate::tile::{self, DecodedTile, TileError, MAX_TILE_BYTES, MAX_TILE_PROFILES};

/// The format tag of version 2.
pub const FORMAT_V2: &str = "talentbrug-feed/2";
/// Largest manifest accepted, in bytes.
pub const MAX_MANIFEST_BYTES: usize = 4 * 1024 * 1024;
/// Most tiles one region may list.
pub const MAX_TILES: usize = 20_000;
/// Most regions one manifest may list.
pub const MAX_REGIONS: usize = 4_096;
/// Added to every tile distance, so rounding never leaves out a tile a profile could match from.
const MARGIN_KM: f64 = 0.5;

/// A SHA-256 digest, written as 64 lower-case hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Sha256Hex([u8; 32]);

impl Sha256Hex {
    /// The digest of `bytes`.
    pub fn of(bytes: &[u8]) -> Sha256Hex {
        Sha256Hex(Sha256::digest(bytes).into())
    }

    /// The digest whose 32 bytes are `bytes` (as a tile lists its detail parts).
    pub fn from_bytes(bytes: [u8; 32]) -> Sha256Hex {
        Sha256Hex(bytes)
    }

    /// The digest's 32 bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Display for Sha256Hex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

impl fmt::Debug for Sha256Hex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Sha256Hex({self})")
    }
}

impl core::str::FromStr for Sha256Hex {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{}` is not a SHA-256 digest (64 lower-case hex digits)", s.chars().take(70).collect::<String>());
        if s.len() != 64 || !s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            return Err(bad());
        }
        let mut out = [0u8; 32];
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).map_err(|_| bad())?;
        }
        Ok(Sha256Hex(out))
    }
}

impl Serialize for Sha256Hex {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Sha256Hex {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?.parse().map_err(serde::de::Error::custom)
    }
}

/// A box of latitudes and longitudes, in degrees.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoundingBox {
    /// Southern edge.
    pub south: f64,
    /// Western edge.
    pub west: f64,
    /// Northern edge.
    pub north: f64,
    /// Eastern edge.
    pub east: f64,
}

impl BoundingBox {
    /// Whether the point is inside (edges included).
    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        (self.south..=self.north).contains(&lat) && (self.west..=self.east).contains(&lon)
    }

    /// Distance in km from the point to the nearest point of the box (0 inside).
    pub fn distance_km(&self, lat: f64, lon: f64) -> f64 {
        haversine_km(lat, lon, lat.clamp(self.south, self.north), lon.clamp(self.west, self.east))
    }

    /// Whether `other` lies wholly inside (edges included): what a region's box must be to its
    /// tiles', and a network member's listed box to its regions'.
    pub fn contains_box(&self, other: &BoundingBox) -> bool {
        self.contains(other.south, other.west) && self.contains(other.north, other.east)
    }

    /// The smallest box holding both.
    pub fn union(&self, other: &BoundingBox) -> BoundingBox {
        BoundingBox {
            south: self.south.min(other.south),
            west: self.west.min(other.west),
            north: self.north.max(other.north),
            east: self.east.max(other.east),
        }
    }

    pub(crate) fn is_valid(&self) -> bool {
        (-90.0..=90.0).contains(&self.south)
            && (-90.0..=90.0).contains(&self.north)
            && (-180.0..=180.0).contains(&self.west)
            && (-180.0..=180.0).contains(&self.east)
            && self.south <= self.north
            && self.west <= self.east
    }
}

/// One tile as the manifest lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TileEntry {
    /// The tile's place in the scheme (`be-508-31`), for people reading the manifest.
    pub key: String,
    /// The box every profile's area centroid lies in.
    pub bbox: BoundingBox,
    /// Number of profiles.
    pub profiles: u32,
    /// The longest reach of its profiles, in km.
    pub max_reach_km: f64,
    /// SHA-256 of the tile's bytes.
    pub sha256: Sha256Hex,
    /// Length of the tile's bytes.
    pub bytes: u64,
    /// Where the tile is, relative to the manifest: always `tiles/<sha256>.tb2`.
    pub path: String,
}

impl TileEntry {
    /// Whether a search from (`lat`, `lon`) within `radius_km` may match someone in the tile:
    /// its box comes within both the radius and its longest reach (a person farther away than
    /// their own reach never matches).
    pub fn is_near(&self, lat: f64, lon: f64, radius_km: f64) -> bool {
        is_near(&self.bbox, self.max_reach_km, lat, lon, radius_km)
    }

    /// The entry for a tile's bytes and its profiles (what the publisher writes); none for no
    /// profiles.
    pub fn describe(key: &str, bytes: &[u8], profiles: &[Profile]) -> Option<TileEntry> {
        let first = profiles.first()?;
        let mut bbox = BoundingBox { south: first.area.lat, west: first.area.lon, north: first.area.lat, east: first.area.lon };
        for p in profiles {
            bbox.south = bbox.south.min(p.area.lat);
            bbox.north = bbox.north.max(p.area.lat);
            bbox.west = bbox.west.min(p.area.lon);
            bbox.east = bbox.east.max(p.area.lon);
        }
        let sha256 = Sha256Hex::of(bytes);
        Some(TileEntry {
            key: key.to_owned(),
            bbox,
            profiles: profiles.len() as u32,
            max_reach_km: profiles.iter().map(|p| p.reach_km.km()).fold(0.0, f64::max),
            sha256,
            bytes: bytes.len() as u64,
            path: format!("tiles/{sha256}.tb2"),
        })
    }
}

/// A parsed, checked manifest.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Always [`FORMAT_V2`].
    pub format: String,
    /// Who published it.
    pub publisher: Publisher,
    /// When it was published.
    pub issued_at: Timestamp,
    /// After this instant it is refused.
    pub expires_at: Timestamp,
    /// Increases with every publication, so an old manifest cannot be replayed.
    pub sequence: u64,
    /// The regions; each lists its tiles ([`crate::region`]).
    pub regions: Vec<RegionEntry>,
    /// Labels (nl, with fr and en where ESCO has them) of every occupation the tiles' profiles
    /// mention, as in a v1 feed; in the signed manifest so a card never shows an unsigned label.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub occupations: BTreeMap<EscoId, OccupationLabels>,
    /// Label and member occupations of every ISCO-08 group the profiles mention.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub occupation_groups: BTreeMap<IscoGroup, OccupationGroup>,
}

/// Why a manifest or a tile was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ManifestError {
    /// Not a manifest this version reads, or one that breaks a rule; the text says where.
    #[error("manifest: {0}")]
    Invalid(String),
    /// The signature does not match, or could not be read.
    #[error("signature: {0}")]
    Signature(#[from] crate::signature::SignatureError),
    /// `expires_at` has passed.
    #[error("the feed expired at {expires_at}")]
    Expired {
        /// When it expired.
        expires_at: Timestamp,
    },
    /// `issued_at` is later than now.
    #[error("the feed says it was issued at {issued_at}, which is in the future")]
    IssuedInFuture {
        /// When it claims to have been issued.
        issued_at: Timestamp,
    },
    /// A lower sequence than one already seen.
    #[error("the feed has sequence {sequence}, older than {seen} seen before")]
    RolledBack {
        /// This manifest's sequence.
        sequence: u64,
        /// The highest sequence seen before.
        seen: u64,
    },
    /// A region file's bytes are not the ones the manifest lists, or list tiles outside the
    /// region's box or reach.
    #[error("region {key}: {message}")]
    Region {
        /// The region's key.
        key: String,
        /// What is wrong.
        message: String,
    },
    /// A tile's bytes are not the ones the manifest lists, or hold profiles outside its entry.
    #[error("tile {key}: {message}")]
    Tile {
        /// The tile's key.
        key: String,
        /// What is wrong.
        message: String,
    },
}

impl From<Stale> for ManifestError {
    fn from(stale: Stale) -> ManifestError {
        match stale {
            Stale::IssuedInFuture { issued_at } => ManifestError::IssuedInFuture { issued_at },
            Stale::Expired { expires_at } => ManifestError::Expired { expires_at },
            Stale::RolledBack { sequence, seen } => ManifestError::RolledBack { sequence, seen },
        }
    }
}

fn invalid(message: impl Into<String>) -> ManifestError {
    ManifestError::Invalid(message.into())
}

impl Manifest {
    /// Parses and checks a manifest. Use [`Manifest::parse_signed`] when a public key is known.
    pub fn parse(bytes: &[u8]) -> Result<Manifest, ManifestError> {
        if bytes.len() > MAX_MANIFEST_BYTES {
            return Err(invalid(format!("{} bytes; at most 4 MB is accepted", bytes.len())));
        }
        let manifest: Manifest = serde_json::from_slice(bytes).map_err(|e| {
            // A one-level manifest (tiles listed in the root), as talentbrug wrote before regions.
            #[derive(Deserialize)]
            struct OneLevel {
                #[allow(dead_code)]
                tiles: serde::de::IgnoredAny,
            }
            match serde_json::from_slice::<OneLevel>(bytes) {
                Ok(_) => {
                    invalid("it lists its tiles directly, as talentbrug did before regions; publish again to write the two-level manifest")
                }
                Err(_) => invalid(e.to_string()),
            }
        })?;
        manifest.check()?;
        Ok(manifest)
    }

    /// Verifies the Ed25519 signature over the exact bytes, then parses, then checks expiry and
    /// sequence against what the caller passes in.
    pub fn parse_signed(
        bytes: &[u8],
        signature: &str,
        public_key: &str,
        now: Timestamp,
        seen_sequence: Option<u64>,
    ) -> Result<Manifest, ManifestError> {
        crate::signature::verify(bytes, signature, public_key)?;
        let manifest = Manifest::parse(bytes)?;
        manifest.check_current(now, seen_sequence)?;
        Ok(manifest)
    }

    /// Whether the manifest is valid at `now` and not older than the highest sequence seen.
    pub fn check_current(&self, now: Timestamp, seen_sequence: Option<u64>) -> Result<(), ManifestError> {
        Ok(crate::freshness::check(self.issued_at, self.expires_at, self.sequence, now, seen_sequence)?)
    }

    fn check(&self) -> Result<(), ManifestError> {
        if self.format != FORMAT_V2 {
            return Err(invalid(format!("format `{}` is not {FORMAT_V2}", self.format.chars().take(40).collect::<String>())));
        }
        if self.expires_at <= self.issued_at {
            return Err(invalid("expires_at must be later than issued_at"));
        }
        if self.regions.len() > MAX_REGIONS {
            return Err(invalid(format!("{} regions; at most {MAX_REGIONS} are accepted", self.regions.len())));
        }
        let mut seen = std::collections::HashSet::with_capacity(self.regions.len());
        for (i, r) in self.regions.iter().enumerate() {
            let problem = r.problem().or_else(|| (!seen.insert(r.sha256)).then(|| "it is listed twice".to_owned()));
            if let Some(problem) = problem {
                return Err(invalid(format!("regions[{i}] ({}): {problem}", r.key.chars().take(40).collect::<String>())));
            }
        }
        // The publisher block and the labels obey the rules of a v1 feed's.
        crate::feed::check_head(&self.publisher, &self.occupations, &self.occupation_groups).map_err(|e| invalid(e.to_string()))?;
        Ok(())
    }

    /// The profiles of some of its tiles as a checked feed: the manifest's publisher, dates,
    /// sequence and labels around `profiles`. It fails when a profile names an occupation the
    /// manifest has no label for, or an id appears twice.
    pub fn to_feed(&self, profiles: Vec<Profile>) -> Result<Feed, FeedError> {
        let feed = self.around(profiles);
        feed.check()?;
        Ok(feed)
    }

    /// The profiles of some of its tiles, indexed for search: what readers search. Like
    /// [`Manifest::to_feed`] it fails when a profile names an occupation the manifest has no
    /// label for, or an id appears twice; the manifest's head is not checked again (parsing
    /// checked it), and the ids are sorted once, for the check and the index together.
    pub fn index(&self, profiles: Vec<Profile>) -> Result<FeedIndex, FeedError> {
        FeedIndex::checked(self.around(profiles))
    }

    fn around(&self, profiles: Vec<Profile>) -> Feed {
        Feed {
            format: FORMAT_V1.to_owned(),
            publisher: self.publisher.clone(),
            issued_at: self.issued_at,
            expires_at: self.expires_at,
            sequence: self.sequence,
            occupations: self.occupations.clone(),
            occupation_groups: self.occupation_groups.clone(),
            profiles,
        }
    }

    /// The regions an employer at (`lat`, `lon`) needs for a search within `radius_km`: those
    /// whose box comes within the radius and within the region's longest reach. Only their
    /// tiles can be near ([`crate::region`]'s invariant).
    pub fn regions_near(&self, lat: f64, lon: f64, radius_km: f64) -> impl Iterator<Item = &RegionEntry> {
        self.regions.iter().filter(move |r| r.is_near(lat, lon, radius_km))
    }
}

/// Whether a box of people whose longest reach is `max_reach_km` may hold someone a search from
/// (`lat`, `lon`) within `radius_km` matches: the box comes within both.
pub(crate) fn is_near(bbox: &BoundingBox, max_reach_km: f64, lat: f64, lon: f64, radius_km: f64) -> bool {
    bbox.distance_km(lat, lon) <= radius_km.min(max_reach_km) + MARGIN_KM
}

/// The tiles of `tiles` (a region's) that a search from (`lat`, `lon`) within `radius_km` needs.
pub fn tiles_near(tiles: &[TileEntry], lat: f64, lon: f64, radius_km: f64) -> impl Iterator<Item = &TileEntry> {
    tiles.iter().filter(move |t| t.is_near(lat, lon, radius_km))
}

/// What is wrong with a listed box and longest reach (a region's or a tile's), if anything.
pub(crate) fn extent_problem(bbox: &BoundingBox, max_reach_km: f64) -> Option<String> {
    if !bbox.is_valid() {
        Some("its box is not a box on Earth".to_owned())
    } else if !(max_reach_km > 0.0 && max_reach_km <= MAX_REACH_KM) {
        Some(format!("max_reach_km must be more than 0 and at most {MAX_REACH_KM}"))
    } else {
        None
    }
}

/// What is wrong with fetched `bytes` against the length and SHA-256 they are listed with, if
/// anything: checked before anything is parsed.
pub(crate) fn listed_bytes_problem(bytes: &[u8], length: u64, sha256: &Sha256Hex) -> Option<String> {
    if bytes.len() as u64 != length {
        Some(format!("{} bytes, but the manifest lists {length}", bytes.len()))
    } else if Sha256Hex::of(bytes) != *sha256 {
        Some("its SHA-256 is not the one the manifest lists".to_owned())
    } else {
        None
    }
}

/// Checks a list of tile entries (a region file's): each box, reach, size and path, and no
/// tile listed twice. The text says which entry and why.
pub(crate) fn check_tile_entries(tiles: &[TileEntry]) -> Result<(), String> {
    let mut seen = std::collections::HashSet::with_capacity(tiles.len());
    for (i, t) in tiles.iter().enumerate() {
        let problem = if let Some(problem) = extent_problem(&t.bbox, t.max_reach_km) {
            Some(problem)
        } else if t.profiles == 0 || t.profiles as usize > MAX_TILE_PROFILES || t.bytes > MAX_TILE_BYTES as u64 {
            Some("its size is out of bounds".to_owned())
        } else if t.path != format!("tiles/{}.tb2", t.sha256) {
            Some(format!("path must be tiles/{}.tb2", t.sha256))
        } else if !seen.insert(t.sha256) {
            Some("it is listed twice".to_owned())
        } else {
            None
        };
        if let Some(problem) = problem {
            return Err(format!("tiles[{i}] ({}): {problem}", t.key.chars().take(40).collect::<String>()));
        }
    }
    Ok(())
}

/// Checks a tile's bytes against its entry (length, then SHA-256, before decoding), decodes
/// it, and checks that its profiles are the ones the entry describes (count, box, reach). The
/// profiles come without pitches: those are in the detail chunks the tile lists.
pub fn check_tile(entry: &TileEntry, bytes: &[u8]) -> Result<DecodedTile, ManifestError> {
    let refuse = |message: String| ManifestError::Tile { key: entry.key.clone(), message };
    if let Some(problem) = listed_bytes_problem(bytes, entry.bytes, &entry.sha256) {
        return Err(refuse(problem));
    }
    let decoded = tile::decode(bytes).map_err(|e: TileError| refuse(e.to_string()))?;
    let profiles = &decoded.profiles;
    if profiles.len() != entry.profiles as usize {
        return Err(refuse(format!("{} profiles, but the manifest lists {}", profiles.len(), entry.profiles)));
    }
    if let Some(p) = profiles.iter().find(|p| !entry.bbox.contains(p.area.lat, p.area.lon) || p.reach_km.km() > entry.max_reach_km) {
        return Err(refuse(format!("profile {} lies outside the tile's box or reach", p.id)));
    }
    Ok(decoded)
}
