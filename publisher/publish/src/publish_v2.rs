//! Writing a publication as feed v2 (`talentbrug-feed/2`) next to the v1 `feed.json`: the
//! profiles cut into regions of tiles ([`crate::cut_into_regions`]), each tile at
//! `tiles/<sha256>.tb2` with its detail chunks (`tiles/<sha256>.tbd`), each region's list of
//! tiles at `tiles/<sha256>.tbi`, every file with a gzipped `.gz` next to it (so a static host
//! or `talentbrug serve` can send it compressed without compressing per request), then
//! `manifest.json.sig`, then `manifest.json`, which lists the regions.
//! The manifest carries the same publisher block, sequence, issued_at and expires_at as the v1
//! feed of the same run, and is signed with the same key over its exact bytes.
//!
//! Order and atomicity: every file is written under a temporary name, fsynced and renamed into
//! place; the tiles (and their directory) are synced before the manifest is written, so a
//! manifest never names a tile that is not on disk. A tile whose file already exists with the
//! same bytes is left alone (tiles are content-addressed: same name, same bytes).
//!
//! Old tiles: a reader that fetched the previous manifest may still fetch its tiles, and a CDN
//! may serve that manifest until it expires. So a tile is removed only when no manifest that
//! listed it is still current or expired less than [`TILE_GRACE_DAYS`] ago. Which tiles each
//! recent manifest listed is kept in the private directory (`tile-history.json`, not secret but
//! of no use to the public); the manifest being replaced is added to it even when the record is
//! missing (a first v2 publication over a hand-copied feed).

use std::collections::HashSet;
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use talentbrug_core::manifest::{Manifest, ManifestError, Sha256Hex, TileEntry, FORMAT_V2};
use talentbrug_core::region::{check_region, Region};
use talentbrug_core::tile::{self, EncodedTile, TileError};
use talentbrug_core::{Feed, Timestamp};
use talentbrug_private::{gzip_path, write_atomically, FileError, MappingError, MANIFEST_FILE, TILES_DIR};

use crate::keys::Keys;
use crate::pipeline::PublishError;
use crate::signed_feed::write_pair;
use crate::tiling::cut_into_regions;

/// Days a tile is kept after the last manifest that listed it expired.
pub const TILE_GRACE_DAYS: i64 = 7;
/// The format tag of the tile history in the private directory.
pub const TILE_HISTORY_FORMAT: &str = "talentbrug-tile-history/1";
/// The tile history's file name in the private directory.
pub const TILE_HISTORY_FILE: &str = "tile-history.json";

/// Why the v2 files could not be written. The v1 feed of the same run is already in place when
/// this happens; publishing again retries.
#[derive(Debug, thiserror::Error)]
pub enum FeedV2Error {
    /// A profile cannot be stored in a tile (a bug in the publisher: it publishes only values
    /// tiles hold).
    #[error("feed v2: tile {key} could not be written: {source}")]
    Tile {
        /// The tile's key.
        key: String,
        /// Why.
        #[source]
        source: TileError,
    },
    /// The manifest failed its own check (a bug: never published).
    #[error("feed v2: the manifest failed its own check and was not published: {0}")]
    SelfCheck(#[from] ManifestError),
    /// A file could not be written, read or removed.
    #[error("feed v2: {0}")]
    File(#[from] FileError),
    /// The tile history in the private directory cannot be read.
    #[error("{path}: damaged ({why}); remove it to start a new history (old tiles are then kept until removed by hand)")]
    History {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        why: String,
    },
}

impl From<FeedV2Error> for PublishError {
    fn from(e: FeedV2Error) -> PublishError {
        match e {
            FeedV2Error::File(e) => PublishError::File(e),
            FeedV2Error::History { path, why } => PublishError::Private(MappingError::Damaged { path, why }),
            other => PublishError::SelfCheck(other.to_string()),
        }
    }
}

/// What [`write_v2`] wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct V2Written {
    /// `manifest.json`.
    pub manifest: PathBuf,
    /// The manifest as written (its exact bytes are signed).
    pub listed: Manifest,
    /// Every tile its regions list.
    pub tiles: Vec<TileEntry>,
    /// Tiles whose files were new (the others were already there, same bytes).
    pub tiles_written: usize,
    /// Tiles of expired manifests that were removed (each with its `.gz`).
    pub tiles_removed: usize,
}

/// One manifest in the tile history: what it listed and until when it may be read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Listed {
    sequence: u64,
    expires_at: Timestamp,
    tiles: Vec<Sha256Hex>,
    /// The detail chunks its tiles list (absent in records written before detail chunks).
    #[serde(default)]
    details: Vec<Sha256Hex>,
    /// Its region files (absent in records written before regions).
    #[serde(default)]
    regions: Vec<Sha256Hex>,
}

/// `tile-history.json`: the manifests whose tiles are kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TileHistory {
    format: String,
    manifests: Vec<Listed>,
}

impl Listed {
    /// What `built` lists: regions, tiles and detail chunks.
    fn of(built: &BuiltV2) -> Listed {
        let m = &built.manifest;
        let tiles = built.tiles().map(|(entry, _)| entry.sha256).collect();
        let details = built.tiles().flat_map(|(_, t)| t.detail_sha256.iter().copied()).collect();
        let regions = m.regions.iter().map(|r| r.sha256).collect();
        Listed { sequence: m.sequence, expires_at: m.expires_at, tiles, details, regions }
    }

    /// The record of the manifest `bytes` already on disk, from the region files and tiles that
    /// are there (a region or tile that is missing or refused lists nothing). A one-level
    /// manifest (before regions) lists its tiles itself; none for bytes that are neither.
    fn of_published(bytes: &[u8], feed_dir: &Path) -> Option<Listed> {
        #[derive(Deserialize)]
        struct OneLevel {
            sequence: u64,
            expires_at: Timestamp,
            tiles: Vec<TileEntry>,
        }
        let (sequence, expires_at, regions, tiles) = match Manifest::parse(bytes) {
            Ok(manifest) => {
                let tiles: Vec<TileEntry> = manifest
                    .regions
                    .iter()
                    .filter_map(|r| fs::read(feed_dir.join(&r.path)).ok().and_then(|bytes| check_region(r, &bytes).ok()))
                    .flatten()
                    .collect();
                (manifest.sequence, manifest.expires_at, manifest.regions.iter().map(|r| r.sha256).collect(), tiles)
            }
            Err(_) => {
                let old: OneLevel = serde_json::from_slice(bytes).ok()?;
                (old.sequence, old.expires_at, Vec::new(), old.tiles)
            }
        };
        let details = tiles
            .iter()
            .filter_map(|t| fs::read(feed_dir.join(&t.path)).ok())
            .filter_map(|bytes| tile::decode(&bytes).ok())
            .flat_map(|decoded| decoded.details.into_iter().map(|d| d.sha256))
            .collect();
        Some(Listed { sequence, expires_at, tiles: tiles.iter().map(|t| t.sha256).collect(), details, regions })
    }

    /// Every file name it lists: tiles, detail chunks and region files.
    fn file_names(&self) -> impl Iterator<Item = String> + '_ {
        let tiles = self.tiles.iter().map(|t| format!("{t}.tb2"));
        tiles.chain(self.details.iter().map(|d| format!("{d}.tbd"))).chain(self.regions.iter().map(|r| format!("{r}.tbi")))
    }
}

/// A feed v2 built in memory ([`build_manifest`]): the manifest, its regions, and every tile.
///
/// Each tile's entry is kept once, in the region that lists it ([`Region::tiles`]); the encoded
/// tiles are kept in the same order, and [`BuiltV2::tiles`] pairs them up again.
pub struct BuiltV2 {
    /// The manifest (unsigned).
    pub manifest: Manifest,
    /// Its regions, in manifest order, each with its tiles' entries.
    pub regions: Vec<Region>,
    /// Every tile with its detail chunks: the n-th is the one the n-th entry of the regions'
    /// tiles (in region order) describes.
    encoded: Vec<EncodedTile>,
}

impl BuiltV2 {
    /// Every tile, in region order, with its entry and its detail chunks.
    pub fn tiles(&self) -> impl Iterator<Item = (&TileEntry, &EncodedTile)> {
        self.regions.iter().flat_map(|r| &r.tiles).zip(&self.encoded)
    }

    /// How many tiles the regions list.
    pub fn tile_count(&self) -> usize {
        self.encoded.len()
    }

    /// Every file next to the manifest: each region file, tile and detail chunk, with its path
    /// relative to the manifest (`tiles/...`).
    pub fn files(&self) -> Vec<(String, &[u8])> {
        let regions = self.regions.iter().map(|r| (r.entry.path.clone(), &r.bytes[..]));
        regions.chain(self.tiles().flat_map(|(entry, tile)| tile.files(&entry.path))).collect()
    }
}

/// The manifest for `feed`'s profiles, its regions and the tiles they list (each with its
/// detail chunks).
pub fn build_manifest(feed: &Feed) -> Result<BuiltV2, FeedV2Error> {
    let mut regions = Vec::new();
    let mut encoded = Vec::new();
    for (region_key, cut) in cut_into_regions(feed.profiles.clone()) {
        let mut entries = Vec::new();
        let mut tiles = Vec::new();
        for (key, profiles) in cut {
            let tile = tile::encode(&profiles).map_err(|source| FeedV2Error::Tile { key: key.clone(), source })?;
            // cut_into_tiles never returns an empty tile; describe() is None only for one.
            if let Some(entry) = TileEntry::describe(&key, &tile.tile, &profiles) {
                entries.push(entry);
                tiles.push(tile);
            }
        }
        // None only for a region without tiles, which cut_into_regions never returns.
        if let Some(region) = Region::new(&region_key, entries) {
            // What readers will check, checked before it ships.
            check_region(&region.entry, &region.bytes)?;
            // Region::new keeps its tiles in the order given: the encoded ones stay in step.
            debug_assert_eq!(region.tiles.len(), tiles.len());
            regions.push(region);
            encoded.extend(tiles);
        }
    }
    let manifest = Manifest {
        format: FORMAT_V2.to_owned(),
        publisher: feed.publisher.clone(),
        issued_at: feed.issued_at,
        expires_at: feed.expires_at,
        sequence: feed.sequence,
        regions: regions.iter().map(|r| r.entry.clone()).collect(),
        occupations: feed.occupations.clone(),
        occupation_groups: feed.occupation_groups.clone(),
    };
    Ok(BuiltV2 { manifest, regions, encoded })
}

/// The manifest's exact bytes: compact JSON, checked by the same parser readers use.
fn manifest_bytes(manifest: &Manifest) -> Result<Vec<u8>, FeedV2Error> {
    let bytes = serde_json::to_vec(manifest).map_err(|e| ManifestError::Invalid(e.to_string()))?;
    if Manifest::parse(&bytes)? != *manifest {
        return Err(ManifestError::Invalid("it does not read back as written".into()).into());
    }
    Ok(bytes)
}

/// gzip at the highest level: done once per tile, read by many.
fn gzip(bytes: &[u8]) -> Result<Vec<u8>, std::io::Error> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::with_capacity(bytes.len() / 2), flate2::Compression::best());
    encoder.write_all(bytes)?;
    encoder.finish()
}

/// Writes `bytes` to `path` under a temporary name, fsyncs and renames it (the directory is
/// synced once by the caller, after all tiles).
fn put(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut options = OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o644);
        }
        let mut file = options.open(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(|e| FileError::new(path, e))
}

fn read_history(private_dir: &Path) -> Result<Vec<Listed>, FeedV2Error> {
    let path = private_dir.join(TILE_HISTORY_FILE);
    let bytes = match fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(FileError::new(&path, e).into()),
    };
    let history: TileHistory =
        serde_json::from_slice(&bytes).map_err(|e| FeedV2Error::History { path: path.clone(), why: e.to_string() })?;
    if history.format != TILE_HISTORY_FORMAT {
        return Err(FeedV2Error::History { path, why: format!("format `{}` is not {TILE_HISTORY_FORMAT}", history.format) });
    }
    Ok(history.manifests)
}

/// Writes the v2 form of `feed` (the v1 feed of this run, already signed and checked) into
/// `feed_dir`: tiles, then `manifest.json.sig`, then `manifest.json`; then removes the tiles no
/// kept manifest lists. The tile history lives in `private_dir`.
pub fn write_v2(feed_dir: &Path, feed: &Feed, keys: &Keys, private_dir: &Path, now: Timestamp) -> Result<V2Written, FeedV2Error> {
    let built = build_manifest(feed)?;
    let manifest = &built.manifest;
    let bytes = manifest_bytes(manifest)?;
    let signature = keys.sign_base64(&bytes);
    let manifest_file = feed_dir.join(MANIFEST_FILE);
    let tiles_dir = feed_dir.join(TILES_DIR);
    fs::create_dir_all(&tiles_dir).map_err(|e| FileError::new(&tiles_dir, e))?;

    // The manifest being replaced: its tiles are kept like those of any recent manifest.
    let mut history = read_history(private_dir)?;
    if let Some(previous) = fs::read(&manifest_file).ok().and_then(|b| Listed::of_published(&b, feed_dir)) {
        if !history.iter().any(|l| l.sequence == previous.sequence) {
            history.push(previous);
        }
    }

    let mut tiles_written = 0;
    for (relative, bytes) in built.files() {
        let path = feed_dir.join(&relative);
        let gz = gzip_path(&path);
        let same = fs::read(&path).is_ok_and(|old| old == bytes);
        if !same {
            put(&path, bytes)?;
            tiles_written += usize::from(relative.ends_with(".tb2"));
        }
        if !same || !gz.is_file() {
            put(&gz, &gzip(bytes).map_err(|e| FileError::new(&gz, e))?)?;
        }
    }
    if let Ok(dir) = File::open(&tiles_dir) {
        dir.sync_all().map_err(|e| FileError::new(&tiles_dir, e))?;
    }
    write_pair(&manifest_file, &bytes, &signature)?;

    // Keep the manifests still current or expired less than the grace period ago.
    history.retain(|l| l.sequence != manifest.sequence);
    history.push(Listed::of(&built));
    let cutoff = now.plus_days(-TILE_GRACE_DAYS);
    let (kept, dropped): (Vec<Listed>, Vec<Listed>) = history.into_iter().partition(|l| l.expires_at > cutoff);
    let keep: HashSet<String> = kept.iter().flat_map(Listed::file_names).collect();
    let record = TileHistory { format: TILE_HISTORY_FORMAT.to_owned(), manifests: kept };
    let mut json = serde_json::to_vec_pretty(&record).map_err(|e| ManifestError::Invalid(e.to_string()))?;
    json.push(b'\n');
    write_atomically(&private_dir.join(TILE_HISTORY_FILE), &json)?;
    let mut tiles_removed = 0;
    let stale: HashSet<String> = dropped.iter().flat_map(Listed::file_names).filter(|t| !keep.contains(t)).collect();
    for name in stale {
        let path = tiles_dir.join(&name);
        for file in [gzip_path(&path), path.clone()] {
            match fs::remove_file(&file) {
                Ok(()) => tiles_removed += usize::from(file == path && name.ends_with(".tb2")),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(FileError::new(&file, e).into()),
            }
        }
    }
    let tiles = built.regions.into_iter().flat_map(|r| r.tiles).collect();
    Ok(V2Written { manifest: manifest_file, listed: built.manifest, tiles, tiles_written, tiles_removed })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use talentbrug_core::manifest::check_tile;

    fn feed(profiles: usize, seed: u64, sequence: u64, issued: &str) -> Feed {
        let issued: Timestamp = issued.parse().unwrap();
        let export = crate::records::Export::from_records(crate::synthetic::records(profiles, seed, issued.month()));
        let esco = talentbrug_core::esco::EscoCatalogue::embedded();
        let options = crate::PublishOptions::new(talentbrug_core::Publisher {
            name: "Werkpunt Proef".into(),
            contact: "jobs@werkpunt.example".into(),
            request_url: "/api/requests".into(),
            privacy_url: "/privacy.html".into(),
        });
        crate::publish(&export, &esco, &Keys::from_bytes([1; 32], [2; 32]), &options, sequence, issued).unwrap().feed
    }

    fn tile_names(dir: &Path) -> BTreeSet<String> {
        fs::read_dir(dir.join(TILES_DIR)).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect()
    }

    #[test]
    fn writes_tiles_then_a_signed_manifest_with_the_feeds_identity() {
        let tmp = tempfile::tempdir().unwrap();
        let (public, private) = (tmp.path().join("public"), tmp.path().join("private"));
        fs::create_dir_all(&public).unwrap();
        fs::create_dir_all(&private).unwrap();
        let keys = Keys::from_bytes([1; 32], [2; 32]);
        let feed = feed(300, 1, 4, "2026-11-01T00:00:00Z");
        let now = feed.issued_at;
        let written = write_v2(&public, &feed, &keys, &private, now).unwrap();
        let bytes = fs::read(public.join("manifest.json")).unwrap();
        let sig = fs::read_to_string(public.join("manifest.json.sig")).unwrap();
        let manifest = Manifest::parse_signed(&bytes, &sig, &keys.public_key_base64(), now, Some(4)).unwrap();
        assert_eq!(manifest, written.listed);
        assert_eq!((manifest.sequence, manifest.issued_at, manifest.expires_at), (feed.sequence, feed.issued_at, feed.expires_at));
        assert_eq!(manifest.publisher, feed.publisher);
        assert!(written.tiles.len() > 1, "{} tiles", written.tiles.len());
        assert_eq!(written.tiles_written, written.tiles.len());
        let regions = talentbrug_private::read_regions(&public, &manifest).unwrap();
        let listed: Vec<TileEntry> = regions.iter().flat_map(|r| r.tiles.clone()).collect();
        assert_eq!(listed, written.tiles, "the regions list every tile");
        let mut ids = Vec::new();
        for entry in &written.tiles {
            let tile = fs::read(public.join(&entry.path)).unwrap();
            ids.extend(check_tile(entry, &tile).unwrap().profiles.into_iter().map(|p| p.id));
            let mut unzipped = Vec::new();
            std::io::Read::read_to_end(
                &mut flate2::read::GzDecoder::new(&fs::read(gzip_path(&public.join(&entry.path))).unwrap()[..]),
                &mut unzipped,
            )
            .unwrap();
            assert_eq!(unzipped, tile, "the .gz is the tile");
        }
        ids.sort();
        let mut v1: Vec<_> = feed.profiles.iter().map(|p| p.id.clone()).collect();
        v1.sort();
        assert_eq!(ids, v1, "every profile of the v1 feed, once");
        let files = talentbrug_private::read_tiles(&public, &manifest).unwrap().tiles;
        let chunks: usize = files.iter().map(|f| f.details.len()).sum();
        assert!(chunks >= written.tiles.len(), "every tile has its pitches in detail chunks");
        let mut pitched: Vec<_> =
            files.iter().flat_map(|f| f.profiles.iter().map(|p| (p.id.clone(), p.pitch.as_ref().map(|t| t.as_str().to_owned())))).collect();
        pitched.sort();
        let mut v1_pitches: Vec<_> =
            feed.profiles.iter().map(|p| (p.id.clone(), p.pitch.as_ref().map(|t| t.as_str().to_owned()))).collect();
        v1_pitches.sort();
        assert_eq!(pitched, v1_pitches, "the detail chunks hold the v1 feed's pitches");
        let names = tile_names(&public);
        assert_eq!(names.len(), 2 * (manifest.regions.len() + written.tiles.len() + chunks), "no temporaries left: {names:?}");
        // The same feed again: nothing to write.
        assert_eq!(write_v2(&public, &feed, &keys, &private, now).unwrap().tiles_written, 0);
    }

    #[test]
    fn old_tiles_stay_until_their_manifest_expired_plus_the_grace_period() {
        let tmp = tempfile::tempdir().unwrap();
        let (public, private) = (tmp.path().join("public"), tmp.path().join("private"));
        fs::create_dir_all(&public).unwrap();
        fs::create_dir_all(&private).unwrap();
        let keys = Keys::from_bytes([1; 32], [2; 32]);
        let first = feed(200, 1, 1, "2026-11-01T00:00:00Z");
        let one = write_v2(&public, &first, &keys, &private, first.issued_at).unwrap();
        let first_names: BTreeSet<String> = one.tiles.iter().map(|t| format!("{}.tb2", t.sha256)).collect();
        // A different population a day later: new tiles; the old ones stay (the first manifest is current).
        let second = feed(220, 2, 2, "2026-11-02T00:00:00Z");
        let two = write_v2(&public, &second, &keys, &private, second.issued_at).unwrap();
        assert_eq!(two.tiles_removed, 0);
        assert!(first_names.iter().all(|n| tile_names(&public).contains(n)), "the first manifest's tiles are kept");
        // Just before the first manifest's expiry + grace: still kept.
        let nearly = first.expires_at.plus_days(TILE_GRACE_DAYS - 1);
        let mut third = second.clone();
        third.sequence = 3;
        assert_eq!(write_v2(&public, &third, &keys, &private, nearly).unwrap().tiles_removed, 0);
        // After it: the first manifest's tiles go, the current ones stay.
        let later = first.expires_at.plus_days(TILE_GRACE_DAYS + 1);
        let mut fourth = second.clone();
        fourth.sequence = 4;
        fourth.expires_at = later.plus_days(30);
        let out = write_v2(&public, &fourth, &keys, &private, later).unwrap();
        let names = tile_names(&public);
        let only_first: Vec<&String> =
            first_names.iter().filter(|n| !two.tiles.iter().any(|t| format!("{}.tb2", t.sha256) == **n)).collect();
        assert!(!only_first.is_empty());
        assert_eq!(out.tiles_removed, only_first.len());
        assert!(only_first.iter().all(|n| !names.contains(*n) && !names.contains(&format!("{n}.gz"))), "{names:?}");
        assert!(out.tiles.iter().all(|t| names.contains(&format!("{}.tb2", t.sha256))));
        // Regions and detail chunks follow their tiles: the current ones are all there, and
        // nothing else is.
        let current = talentbrug_private::read_tiles(&public, &out.listed).unwrap();
        let kept: BTreeSet<String> = current.files().map(|(_, p, _)| p.trim_start_matches("tiles/").to_owned()).collect();
        let on_disk: BTreeSet<String> = names.iter().filter(|n| !n.ends_with(".gz")).cloned().collect();
        // The second, third and fourth manifests list the same people: what is on disk is theirs.
        assert_eq!(on_disk, kept, "no tile or chunk of the expired manifest is left");
    }

    #[test]
    fn each_tile_is_paired_with_its_own_entry_kept_once_in_its_region() {
        let built = build_manifest(&feed(300, 3, 1, "2026-11-01T00:00:00Z")).unwrap();
        let listed: usize = built.regions.iter().map(|r| r.tiles.len()).sum();
        assert!(built.regions.len() > 1, "{} regions, {listed} tiles", built.regions.len());
        assert_eq!(built.tile_count(), listed);
        assert_eq!(built.tiles().count(), listed);
        for (entry, encoded) in built.tiles() {
            assert_eq!((entry.sha256, entry.bytes), (Sha256Hex::of(&encoded.tile), encoded.tile.len() as u64), "{}", entry.key);
            assert_eq!(check_tile(entry, &encoded.tile).unwrap().profiles.len(), entry.profiles as usize);
        }
        let files = built.files();
        let tiles: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).filter(|p| p.ends_with(".tb2")).collect();
        let entries: Vec<&str> = built.regions.iter().flat_map(|r| r.tiles.iter().map(|t| t.path.as_str())).collect();
        assert_eq!(tiles, entries, "every tile written once, at the path its region lists");
    }

    #[test]
    fn a_damaged_history_is_refused_with_its_path() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join(TILE_HISTORY_FILE), "{\"format\":\"other/9\",\"manifests\":[]}").unwrap();
        let err = read_history(tmp.path()).unwrap_err().to_string();
        assert!(err.contains("tile-history.json: damaged") && err.contains("other/9"), "{err}");
    }
}
