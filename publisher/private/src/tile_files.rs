//! A `talentbrug-feed/2` feed as files: `manifest.json` and `manifest.json.sig` next to the v1
//! `feed.json`; the region files the manifest lists (`tiles/<sha256>.tbi`); the tiles each
//! region lists (`tiles/<sha256>.tb2`); the detail chunks each tile lists
//! (`tiles/<sha256>.tbd`); each with a pre-compressed `.gz` next to it. Reading them checks each
//! region against the manifest ([`check_region`]), each tile against its region (length,
//! SHA-256, decoding, box and reach: [`check_tile`]), each chunk against its tile, and that no
//! profile id appears twice, so the publisher's `verify`, `export-json` and the server all accept
//! exactly the same feeds; a refusal names the region or tile by its key and path.
//!
//! Shared here because the server (which may not link the publisher's signing code) and the
//! command line both read it; writing is the publisher's (`talentbrug_publish::write_v2`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use talentbrug_core::manifest::{check_tile, Manifest, ManifestError, TileEntry};
use talentbrug_core::region::{check_region, RegionEntry};
use talentbrug_core::tile::decode_details;
use talentbrug_core::Profile;

/// The manifest's file name, next to `feed.json`.
pub const MANIFEST_FILE: &str = "manifest.json";
/// The directory of the tiles, next to the manifest.
pub const TILES_DIR: &str = "tiles";

/// The manifest that goes with a v1 feed: `public/feed.json` → `public/manifest.json`.
pub fn manifest_path(feed: &Path) -> PathBuf {
    feed.with_file_name(MANIFEST_FILE)
}

/// The directory a manifest's relative tile paths start from.
pub fn manifest_dir(manifest: &Path) -> PathBuf {
    match manifest.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// The pre-compressed form of a tile: `tiles/<sha>.tb2` → `tiles/<sha>.tb2.gz`.
pub fn gzip_path(tile: &Path) -> PathBuf {
    let mut name = tile.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".gz");
    tile.with_file_name(name)
}

/// Why the tiles of a manifest cannot be used. Every message names the region or tile by its
/// key and path, in one line.
#[derive(Debug, thiserror::Error)]
pub enum TileFileError {
    /// The file is not there (or cannot be read).
    #[error("{part} {key} ({path}): missing: {source}")]
    Missing {
        /// `tile` or `region`.
        part: &'static str,
        /// The tile's (or region's) key in the manifest.
        key: String,
        /// Its path, relative to the manifest.
        path: String,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// The bytes are not the ones the manifest lists, do not decode, or hold a profile (or a
    /// tile) outside the tile's (or region's) box or reach.
    #[error("{part} {key} ({path}): {problem}")]
    Refused {
        /// `tile` or `region`.
        part: &'static str,
        /// The tile's (or region's) key in the manifest.
        key: String,
        /// Its path, relative to the manifest.
        path: String,
        /// What is wrong.
        problem: String,
    },
}

impl TileFileError {
    fn refused(entry: &TileEntry, problem: String) -> TileFileError {
        TileFileError::Refused { part: "tile", key: entry.key.clone(), path: entry.path.clone(), problem }
    }
}

/// One region file read from disk and checked against the manifest.
#[derive(Debug)]
pub struct RegionFile {
    /// Its entry in the manifest.
    pub entry: RegionEntry,
    /// Its exact bytes.
    pub bytes: Vec<u8>,
    /// The tiles it lists.
    pub tiles: Vec<TileEntry>,
}

/// Every file of a feed v2 next to its manifest, read and checked.
#[derive(Debug)]
pub struct FeedFiles {
    /// The region files, in manifest order.
    pub regions: Vec<RegionFile>,
    /// The tiles, in region order.
    pub tiles: Vec<TileFile>,
}

impl FeedFiles {
    /// Every file with the key of its region or tile, its path relative to the manifest and its
    /// bytes: region files, tiles and detail chunks.
    pub fn files(&self) -> impl Iterator<Item = (&str, &str, &[u8])> {
        let regions = self.regions.iter().map(|r| (r.entry.key.as_str(), r.entry.path.as_str(), &r.bytes[..]));
        regions.chain(self.tiles.iter().flat_map(|t| {
            let key = t.entry.key.as_str();
            std::iter::once((key, t.entry.path.as_str(), &t.bytes[..])).chain(t.details.iter().map(move |(p, b)| (key, p.as_str(), &b[..])))
        }))
    }
}

/// Reads every region file `manifest` lists from `dir` (the manifest's directory) and checks
/// each against it; stops at the first problem.
pub fn read_regions(dir: &Path, manifest: &Manifest) -> Result<Vec<RegionFile>, TileFileError> {
    manifest
        .regions
        .iter()
        .map(|entry| {
            let (key, path) = (entry.key.clone(), entry.path.clone());
            let bytes =
                std::fs::read(dir.join(&entry.path)).map_err(|source| TileFileError::Missing { part: "region", key, path, source })?;
            let tiles = check_region(entry, &bytes).map_err(|e| {
                let problem = match e {
                    ManifestError::Region { message, .. } => message,
                    other => other.to_string(),
                };
                TileFileError::Refused { part: "region", key: entry.key.clone(), path: entry.path.clone(), problem }
            })?;
            Ok(RegionFile { entry: entry.clone(), bytes, tiles })
        })
        .collect()
}

/// One tile read from disk and checked against its manifest entry.
#[derive(Debug)]
pub struct TileFile {
    /// Its entry in the manifest.
    pub entry: TileEntry,
    /// Its exact bytes.
    pub bytes: Vec<u8>,
    /// Its detail chunks: each one's path relative to the manifest, and its exact bytes.
    pub details: Vec<(String, Vec<u8>)>,
    /// Its profiles, with the pitches from its detail chunks.
    pub profiles: Vec<Profile>,
}

/// Reads every region `manifest` lists and every tile they list from `dir` (the manifest's
/// directory) and checks each; stops at the first problem. Also refuses a profile id that
/// appears twice (in one tile or in two), as a v1 feed does.
pub fn read_tiles(dir: &Path, manifest: &Manifest) -> Result<FeedFiles, TileFileError> {
    let regions = read_regions(dir, manifest)?;
    // A tile is listed by one region only (readers would count its people once, `verify` twice).
    let mut listed_by = HashMap::new();
    for region in &regions {
        for t in &region.tiles {
            if let Some(first) = listed_by.insert(t.sha256, region.entry.key.as_str()) {
                let problem = format!("it is listed by region {first} and by region {}", region.entry.key);
                return Err(TileFileError::refused(t, problem));
            }
        }
    }
    let entries: Vec<&TileEntry> = regions.iter().flat_map(|r| &r.tiles).collect();
    let mut out = Vec::with_capacity(entries.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, &entry) in entries.iter().enumerate() {
        let file = dir.join(&entry.path);
        let bytes = std::fs::read(&file).map_err(|source| TileFileError::Missing {
            part: "tile",
            key: entry.key.clone(),
            path: entry.path.clone(),
            source,
        })?;
        let mut decoded = check_tile(entry, &bytes).map_err(|e| {
            let problem = match e {
                ManifestError::Tile { message, .. } => message,
                other => other.to_string(),
            };
            TileFileError::refused(entry, problem)
        })?;
        let mut details = Vec::with_capacity(decoded.details.len());
        for reference in decoded.details.clone() {
            let path = reference.path_next_to(&entry.path);
            let missing = |source| TileFileError::Missing { part: "tile", key: entry.key.clone(), path: path.clone(), source };
            let chunk = std::fs::read(dir.join(&path)).map_err(missing)?;
            let pitches = decode_details(&reference, &chunk).map_err(|e| TileFileError::Refused {
                part: "tile",
                key: entry.key.clone(),
                path: path.clone(),
                problem: e.to_string(),
            })?;
            decoded.fill(&reference, pitches);
            details.push((path, chunk));
        }
        let profiles = decoded.profiles;
        for p in &profiles {
            if let Some(&first) = seen.get(p.id.as_str()) {
                let other = entries[first];
                let where_ = if first == i { "earlier in this tile".to_owned() } else { format!("in tile {} ({})", other.key, other.path) };
                return Err(TileFileError::refused(entry, format!("profile id {} appears twice: also {where_}", p.id)));
            }
            seen.insert(p.id.to_string(), i);
        }
        out.push(TileFile { entry: entry.clone(), bytes, details, profiles });
    }
    Ok(FeedFiles { regions, tiles: out })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tile_two_regions_list_is_refused_naming_both() {
        use talentbrug_core::region::Region;
        let json = r#"{"id":"p1","area":{"postcode":"BE-3000","label":"Leuven","lat":50.879,"lon":4.701},"reach_km":12,
            "travel_modes":[],"occupations":[],"talents":[],"strengths":[],"languages":[],"hours":{"min":20,"max":30},
            "shifts":[],"available_from":"2026-11","contract_forms":[],"job_coaching":false,"workplace_needs":[]}"#;
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(TILES_DIR)).unwrap();
        let tile_of = |id: &str, key: &str| {
            let profile: Profile = serde_json::from_str(&json.replace("p1", id)).unwrap();
            let encoded = talentbrug_core::tile::encode(std::slice::from_ref(&profile)).unwrap();
            let tile = TileEntry::describe(key, &encoded.tile, &[profile]).unwrap();
            for (path, bytes) in encoded.files(&tile.path) {
                std::fs::write(dir.path().join(path), bytes).unwrap();
            }
            tile
        };
        let (tile, other) = (tile_of("p1", "t"), tile_of("p2", "u"));
        // Two regions listing the same tile (the second one another tile too).
        let regions = [Region::new("north", vec![tile.clone()]).unwrap(), Region::new("south", vec![tile.clone(), other]).unwrap()];
        for r in &regions {
            std::fs::write(dir.path().join(&r.entry.path), &r.bytes).unwrap();
        }
        let entries: Vec<_> = regions.iter().map(|r| serde_json::to_string(&r.entry).unwrap()).collect();
        let manifest = Manifest::parse(
            format!(
                r#"{{"format":"talentbrug-feed/2","publisher":{{"name":"W","contact":"jobs@w.example","request_url":"/api/requests","privacy_url":"/privacy.html"}},
                "issued_at":"2026-01-01T00:00:00Z","expires_at":"2026-02-01T00:00:00Z","sequence":1,"regions":[{}]}}"#,
                entries.join(",")
            )
            .as_bytes(),
        )
        .unwrap();
        // Each region alone is fine; together they list one tile twice.
        assert_eq!(read_regions(dir.path(), &manifest).unwrap().len(), 2);
        let err = read_tiles(dir.path(), &manifest).unwrap_err().to_string();
        assert!(err.contains(&format!("tile t ({})", tile.path)) && err.contains("listed by region north and by region south"), "{err}");
    }

    #[test]
    fn paths_sit_next_to_the_feed() {
        assert_eq!(manifest_path(Path::new("/srv/org/public/feed.json")), PathBuf::from("/srv/org/public/manifest.json"));
        assert_eq!(manifest_dir(Path::new("manifest.json")), PathBuf::from("."));
        assert_eq!(gzip_path(Path::new("tiles/ab.tb2")), PathBuf::from("tiles/ab.tb2.gz"));
    }
}
