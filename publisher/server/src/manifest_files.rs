//! The feed v2 being served: `manifest.json`, `manifest.json.sig`, every region the manifest
//! lists and every tile they list, read together into memory as one snapshot, taken only when
//! the whole set is good: the signature verifies (with `--public-key`), the manifest parses, and
//! every region and tile is present with the listed length and SHA-256, and stays inside its box
//! and reach, with its detail chunks (`talentbrug_private::read_tiles`, the same check as
//! `talentbrug verify`). So a browser that reads the served manifest can fetch everything it
//! lists.
//!
//! Tiles are served with their pre-compressed `.gz` (written by `talentbrug publish`) when the
//! client accepts gzip; a `.gz` that does not decode to the tile is ignored. Tiles of the
//! previously served manifest stay available for one more generation, for browsers that read
//! that manifest just before the swap.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use talentbrug_core::manifest::{Manifest, ManifestError};
use talentbrug_core::Timestamp;
use talentbrug_private::{gzip_path, manifest_dir, read_tiles, TileFileError};

use crate::cached_bytes::CachedBytes;
use crate::feed_files::FeedSource;

/// `Content-Type` of a tile.
pub const TILE_CONTENT_TYPE: &str = "application/octet-stream";

/// Why a manifest and its tiles were not (or not yet) taken.
#[derive(Debug, thiserror::Error)]
pub enum ManifestLoadError {
    /// `--public-key` was given but there is no signature file.
    #[error("{0}: missing; with --public-key the manifest must be signed")]
    MissingSignature(PathBuf),
    /// The manifest does not parse, or its signature does not match the key.
    #[error("{path}: {source}")]
    Invalid {
        /// The manifest file.
        path: PathBuf,
        /// Why.
        #[source]
        source: ManifestError,
    },
    /// A tile it lists is missing or not the one listed.
    #[error("{path}: {source}")]
    Tile {
        /// The manifest file.
        path: PathBuf,
        /// Which tile (key and path) and why.
        #[source]
        source: TileFileError,
    },
}

impl ManifestLoadError {
    /// Whether looking again soon may help although the manifest did not change: a tile that is
    /// missing or not yet whole may still be on its way (copied by hand, synced by a tool in
    /// another order than the publisher's).
    pub fn may_pass_later(&self) -> bool {
        matches!(self, ManifestLoadError::Tile { .. })
    }
}

/// A manifest with all its tiles, served as one.
#[derive(Debug)]
pub struct ManifestSnapshot {
    /// `manifest.json`.
    pub manifest: CachedBytes,
    /// `manifest.json.sig`, if there is one.
    pub sig: Option<CachedBytes>,
    /// The manifest's sequence.
    pub sequence: u64,
    /// The manifest's expiry.
    pub expires_at: Timestamp,
    /// This manifest's region files, tiles and detail chunks by file name (`<sha256>.tbi`,
    /// `<sha256>.tb2`, `<sha256>.tbd`).
    pub tiles: HashMap<String, Arc<CachedBytes>>,
    /// Tiles of the manifest served before this one that this one does not list.
    pub previous_tiles: HashMap<String, Arc<CachedBytes>>,
}

impl ManifestSnapshot {
    /// The tile named `name` (`<sha256>.tb2`), of this manifest or the one before.
    pub fn tile(&self, name: &str) -> Option<&Arc<CachedBytes>> {
        self.tiles.get(name).or_else(|| self.previous_tiles.get(name))
    }

    /// Keeps `previous`'s own tiles that this manifest does not list, for one generation.
    pub fn keep_tiles_of(&mut self, previous: &ManifestSnapshot) {
        self.previous_tiles =
            previous.tiles.iter().filter(|(name, _)| !self.tiles.contains_key(*name)).map(|(n, t)| (n.clone(), t.clone())).collect();
    }
}

/// Checks a manifest pair (signature first when the key is known), then reads and checks every
/// tile it lists from the manifest's directory.
pub fn check_manifest(source: &FeedSource, bytes: Vec<u8>, sig: Option<Vec<u8>>) -> Result<ManifestSnapshot, ManifestLoadError> {
    let invalid = |e| ManifestLoadError::Invalid { path: source.feed.clone(), source: e };
    match (&source.public_key, &sig) {
        (Some(key), Some(sig)) => talentbrug_core::signature::verify(&bytes, &String::from_utf8_lossy(sig), key)
            .map_err(|e| invalid(ManifestError::Signature(e)))?,
        (Some(_), None) => return Err(ManifestLoadError::MissingSignature(source.sig.clone())),
        (None, _) => {}
    }
    let manifest = Manifest::parse(&bytes).map_err(invalid)?;
    let dir = manifest_dir(&source.feed);
    let files = read_tiles(&dir, &manifest).map_err(|e| ManifestLoadError::Tile { path: source.feed.clone(), source: e })?;
    let mut tiles = HashMap::new();
    for (_, relative, bytes) in files.files() {
        let path = dir.join(relative);
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let gz = std::fs::read(gzip_path(&path)).ok();
        tiles.insert(name, Arc::new(CachedBytes::with_precompressed(bytes.to_vec(), TILE_CONTENT_TYPE, gz)));
    }
    Ok(ManifestSnapshot {
        manifest: CachedBytes::new(bytes, "application/json"),
        sig: sig.map(|s| CachedBytes::new(s, "text/plain; charset=utf-8")),
        sequence: manifest.sequence,
        expires_at: manifest.expires_at,
        tiles,
        previous_tiles: HashMap::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_manifest_or_a_missing_signature_is_refused_with_the_path() {
        let source = FeedSource::new(std::path::Path::new("/srv/org/manifest.json"), None);
        let err = check_manifest(&source, b"{\"format\":\"talentbrug-feed/2\"}".to_vec(), None).err().unwrap();
        assert!(err.to_string().starts_with("/srv/org/manifest.json: manifest: "), "{err}");
        assert!(!err.may_pass_later());
        let keyed = FeedSource::new(std::path::Path::new("manifest.json"), Some("PUAXw+hDiVqStwqnTRt+vJyYLM8uxJaMwM1V8Sr0Zgw=".into()));
        let err = check_manifest(&keyed, b"{}".to_vec(), None).err().unwrap().to_string();
        assert!(err.contains("manifest.json.sig: missing"), "{err}");
        let err = check_manifest(&keyed, b"{}".to_vec(), Some(b"AAAA".to_vec())).err().unwrap().to_string();
        assert!(err.contains("signature"), "{err}");
    }
}
