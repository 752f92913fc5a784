//! A `talentbrug-feed/2` feed as files: `manifest.json` and `manifest.json.sig` next to the v1
//! `feed.json`, and the tiles the manifest lists under `tiles/<sha256>.tb2` (each with a
//! pre-compressed `tiles/<sha256>.tb2.gz`), and the detail chunks each tile lists next to it
//! (`tiles/<sha256>.tbd`, with `.gz`). Reading the tiles checks each one against the manifest
//! (length, SHA-256, decoding, box and reach: [`check_tile`]), each chunk against its tile, and
//! that no profile id
//! appears twice, so the publisher's `verify`, `export-json` and the server all accept exactly
//! the same feeds; a refusal names the tile by its key and path.
//!
//! Shared here because the server (which may not link the publisher's signing code) and the
//! command line both read it; writing is the publisher's (`talentbrug_publish::write_v2`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use talentbrug_core::manifest::{check_tile, Manifest, ManifestError, TileEntry};
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

/// Why the tiles of a manifest cannot be used. Every message names the tile by its key and
/// path, in one line.
#[derive(Debug, thiserror::Error)]
pub enum TileFileError {
    /// The tile's file is not there (or cannot be read).
    #[error("tile {key} ({path}): missing: {source}")]
    Missing {
        /// The tile's key in the manifest.
        key: String,
        /// Its path, relative to the manifest.
        path: String,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// The tile's bytes are not the ones the manifest lists, do not decode, or hold a profile
    /// outside the tile's box or reach.
    #[error("tile {key} ({path}): {problem}")]
    Refused {
        /// The tile's key in the manifest.
        key: String,
        /// Its path, relative to the manifest.
        path: String,
        /// What is wrong.
        problem: String,
    },
}

impl TileFileError {
    fn refused(entry: &TileEntry, problem: String) -> TileFileError {
        TileFileError::Refused { key: entry.key.clone(), path: entry.path.clone(), problem }
    }
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

/// Reads every tile `manifest` lists from `dir` (the manifest's directory) and checks each;
/// stops at the first problem. Also refuses a profile id that appears twice (in one tile or
/// in two), as a v1 feed does.
pub fn read_tiles(dir: &Path, manifest: &Manifest) -> Result<Vec<TileFile>, TileFileError> {
    let mut out = Vec::with_capacity(manifest.tiles.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, entry) in manifest.tiles.iter().enumerate() {
        let file = dir.join(&entry.path);
        let bytes =
            std::fs::read(&file).map_err(|source| TileFileError::Missing { key: entry.key.clone(), path: entry.path.clone(), source })?;
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
            let missing = |source| TileFileError::Missing { key: entry.key.clone(), path: path.clone(), source };
            let chunk = std::fs::read(dir.join(&path)).map_err(missing)?;
            let pitches = decode_details(&reference, &chunk).map_err(|e| TileFileError::Refused {
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
                let other = &manifest.tiles[first];
                let where_ = if first == i { "earlier in this tile".to_owned() } else { format!("in tile {} ({})", other.key, other.path) };
                return Err(TileFileError::refused(entry, format!("profile id {} appears twice: also {where_}", p.id)));
            }
            seen.insert(p.id.to_string(), i);
        }
        out.push(TileFile { entry: entry.clone(), bytes, details, profiles });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_sit_next_to_the_feed() {
        assert_eq!(manifest_path(Path::new("/srv/org/public/feed.json")), PathBuf::from("/srv/org/public/manifest.json"));
        assert_eq!(manifest_dir(Path::new("manifest.json")), PathBuf::from("."));
        assert_eq!(gzip_path(Path::new("tiles/ab.tb2")), PathBuf::from("tiles/ab.tb2.gz"));
    }
}
