//! The second level of a `talentbrug-feed/2` manifest: regions. The signed root manifest lists
//! regions (box, longest reach, number of profiles, SHA-256, length, path); a region's file lists
//! its tiles as the root once listed them all ([`TileEntry`]). A national feed has thousands of
//! tiles, and their hashes alone were most of what an employer fetched before the first result;
//! now the employer reads the small root and the few regions near them.
//!
//! Trust runs down one chain of hashes, as in The Update Framework: the root is signed, a
//! region's bytes must have the length and SHA-256 the root lists ([`check_region`]), a tile's
//! the ones its region lists, and a detail chunk's the ones its tile lists.
//!
//! # Invariant
//!
//! Every tile of a region lies inside the region's box and has a longest reach no longer than
//! the region's ([`check_region`] refuses the file otherwise). So a region that is not near a
//! search ([`RegionEntry::is_near`]) holds no tile that is: a reader that fetches only the near
//! regions misses no one. (The distance to a box clamps latitude and longitude separately, so a
//! box inside another can be up to about 80 m nearer at 150 km; the 0.5 km margin both use covers
//! it.)
//!
//! A tile is listed by one region only: `talentbrug verify` and the server refuse a feed whose
//! regions share a tile; readers that meet one count its people once.
//!
//! # Examples
//!
//! ```
//! use talentbrug_core::manifest::TileEntry;
//! use talentbrug_core::region::{check_region, Region};
//! use talentbrug_core::tile;
//! # use talentbrug_core::Profile;
//! # let json = r#"{ "id": "heverlee-b", "area": { "postcode": "BE-3001", "label": "Heverlee", "lat": 50.864, "lon": 4.696 },
//! #     "reach_km": 10, "travel_modes": ["bike"], "occupations": [], "talents": [], "strengths": [], "languages": [],
//! #     "hours": { "min": 20, "max": 30 }, "shifts": ["day"], "available_from": "2026-01",
//! #     "contract_forms": [], "job_coaching": true, "workplace_needs": [] }"#;
//! # let profile: Profile = serde_json::from_str(json)?;
//! let bytes = tile::encode(&[profile.clone()])?.tile;
//! let tile = TileEntry::describe("508_31_r2", &bytes, &[profile]).expect("one profile");
//! let region = Region::new("127_7_r2", vec![tile.clone()]).expect("one tile");
//! assert_eq!(region.entry.path, format!("tiles/{}.tbi", region.entry.sha256));
//! // Leuven is 5 km from Heverlee: the region is needed for a 10 km search, not from Brussels.
//! assert!(region.entry.is_near(50.879, 4.701, 10.0));
//! assert!(!region.entry.is_near(50.847, 4.357, 10.0));
//! // Its bytes are checked against the root's entry before its tiles are trusted.
//! assert_eq!(check_region(&region.entry, &region.bytes)?, vec![tile]);
//! assert!(check_region(&region.entry, &region.bytes[1..]).is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use serde::{Deserialize, Serialize};

use crate::manifest::{
    check_tile_entries, extent_problem, listed_bytes_problem, BoundingBox, ManifestError, Sha256Hex, TileEntry, MAX_TILES,
};

/// The format tag of a region file.
pub const FORMAT_REGION: &str = "talentbrug-region/2";
/// Largest region file accepted, in bytes.
pub const MAX_REGION_BYTES: usize = 4 * 1024 * 1024;
/// Most profiles one region may hold: its most tiles, each full.
pub const MAX_REGION_PROFILES: u64 = MAX_TILES as u64 * crate::tile::MAX_TILE_PROFILES as u64;

/// One region as the root manifest lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionEntry {
    /// The region's place in the publisher's scheme (`127_7_r2`), for people reading the manifest.
    pub key: String,
    /// The box every tile of the region lies in.
    pub bbox: BoundingBox,
    /// Number of profiles in its tiles.
    pub profiles: u64,
    /// The longest reach of its profiles, in km.
    pub max_reach_km: f64,
    /// SHA-256 of the region file's bytes.
    pub sha256: Sha256Hex,
    /// Length of the region file's bytes.
    pub bytes: u64,
    /// Where the region file is, relative to the manifest: always `tiles/<sha256>.tbi`.
    pub path: String,
}

impl RegionEntry {
    /// Whether a search from (`lat`, `lon`) within `radius_km` may need one of its tiles: its
    /// box comes within both the radius and its longest reach (the rule tiles follow, see
    /// [`TileEntry::is_near`]).
    pub fn is_near(&self, lat: f64, lon: f64, radius_km: f64) -> bool {
        crate::manifest::is_near(&self.bbox, self.max_reach_km, lat, lon, radius_km)
    }

    pub(crate) fn problem(&self) -> Option<String> {
        if let Some(problem) = extent_problem(&self.bbox, self.max_reach_km) {
            Some(problem)
        } else if self.profiles == 0 || self.profiles > MAX_REGION_PROFILES || self.bytes > MAX_REGION_BYTES as u64 {
            Some("its size is out of bounds".to_owned())
        } else if self.path != format!("tiles/{}.tbi", self.sha256) {
            Some(format!("path must be tiles/{}.tbi", self.sha256))
        } else {
            None
        }
    }
}

/// A region file: the tiles of one region.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RegionFile {
    format: String,
    tiles: Vec<TileEntry>,
}

/// A region as the publisher builds it: its entry for the root, its file's exact bytes, and its
/// tiles.
#[derive(Clone, Debug, PartialEq)]
pub struct Region {
    /// What the root manifest lists.
    pub entry: RegionEntry,
    /// The region file's exact bytes (compact JSON).
    pub bytes: Vec<u8>,
    /// Its tiles, in the file's order.
    pub tiles: Vec<TileEntry>,
}

impl Region {
    /// The region of `tiles` (none for no tiles): its box and reach are the smallest that hold
    /// them, so the invariant holds by construction.
    pub fn new(key: &str, tiles: Vec<TileEntry>) -> Option<Region> {
        let bbox = tiles.iter().map(|t| t.bbox).reduce(|a, b| a.union(&b))?;
        let file = RegionFile { format: FORMAT_REGION.to_owned(), tiles };
        let bytes = serde_json::to_vec(&file).ok()?;
        let sha256 = Sha256Hex::of(&bytes);
        let entry = RegionEntry {
            key: key.to_owned(),
            bbox,
            profiles: file.tiles.iter().map(|t| u64::from(t.profiles)).sum(),
            max_reach_km: file.tiles.iter().map(|t| t.max_reach_km).fold(0.0, f64::max),
            sha256,
            bytes: bytes.len() as u64,
            path: format!("tiles/{sha256}.tbi"),
        };
        Some(Region { entry, bytes, tiles: file.tiles })
    }
}

/// Checks a region file's bytes against its entry in the root (length, then SHA-256, before
/// parsing), parses it, and checks every tile entry as the root once did, plus the invariant:
/// each tile inside the region's box and reach, and their profiles adding up to the region's.
pub fn check_region(entry: &RegionEntry, bytes: &[u8]) -> Result<Vec<TileEntry>, ManifestError> {
    let refuse = |message: String| ManifestError::Region { key: entry.key.chars().take(40).collect(), message };
    if let Some(problem) = listed_bytes_problem(bytes, entry.bytes, &entry.sha256) {
        return Err(refuse(problem));
    }
    let file: RegionFile = serde_json::from_slice(bytes).map_err(|e| refuse(e.to_string()))?;
    if file.format != FORMAT_REGION {
        return Err(refuse(format!("format `{}` is not {FORMAT_REGION}", file.format.chars().take(40).collect::<String>())));
    }
    if file.tiles.is_empty() || file.tiles.len() > MAX_TILES {
        return Err(refuse(format!("{} tiles; from 1 to {MAX_TILES} are accepted", file.tiles.len())));
    }
    check_tile_entries(&file.tiles).map_err(refuse)?;
    if let Some(t) = file.tiles.iter().find(|t| !entry.bbox.contains_box(&t.bbox) || t.max_reach_km > entry.max_reach_km) {
        return Err(refuse(format!("tile {} lies outside the region's box or reach", t.key.chars().take(40).collect::<String>())));
    }
    let profiles: u64 = file.tiles.iter().map(|t| u64::from(t.profiles)).sum();
    if profiles != entry.profiles {
        return Err(refuse(format!("its tiles hold {profiles} profiles, but the manifest lists {}", entry.profiles)));
    }
    Ok(file.tiles)
}
