//! One feed v2 as a reader holds it: its signed manifest, the region files fetched so far, and
//! an index over the tiles fetched so far. A search first fetches the regions near it that are
//! not in yet, then their tiles near it that are not in yet ([`fill`]), each step all at once,
//! checks each file against what lists it (length and SHA-256 before parsing), then indexes
//! what arrived ([`FeedTiles::flush`]) and searches. Regions and tiles being fetched are
//! shared, so two searches at the same time fetch each file once; a tile that arrived is
//! indexed by whichever search runs first.
//!
//! The package hands out whole profiles, pitches included, so each tile's detail chunks are
//! fetched with it (all at once, each checked against the hash its tile lists); the widget, which
//! shows only ten cards at a time, fetches them per card instead.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use js_sys::Promise;
use talentbrug_core::manifest::{check_tile, tiles_near, Manifest, ManifestError, Sha256Hex, TileEntry};
use talentbrug_core::region::{check_region, RegionEntry};
use talentbrug_core::tile::{decode_details, DecodedTile};
use talentbrug_core::{FeedIndex, Profile};
use wasm_bindgen_futures::JsFuture;

use crate::convert::js_now;
use crate::fetcher::{resolve, started_bytes, Fetcher};
use crate::load_error::LoadError;

/// A feed v2 being read.
pub(crate) struct FeedTiles {
    /// The manifest's absolute URL: tile paths resolve against it.
    pub(crate) url: String,
    /// The signed manifest.
    pub(crate) manifest: Manifest,
    /// The profiles of every tile indexed so far (see [`FeedTiles::flush`]).
    pub(crate) index: FeedIndex,
    fetcher: Fetcher,
    /// The tiles each region fetched so far lists, by the region file's SHA-256.
    regions: HashMap<Sha256Hex, Rc<Vec<TileEntry>>>,
    /// The paths of the tiles in (indexed, or checked and staged), sorted. A path names the
    /// tile's SHA-256, and the manifest lists each once.
    loaded: Vec<String>,
    /// Checked tiles not indexed yet.
    staged: Vec<(String, Vec<Profile>)>,
    /// Region files and tiles being fetched: path (it names the file's SHA-256), and a promise
    /// from [`Fetcher::start_bytes`].
    pending: Vec<(String, Promise)>,
}

/// A feed shared between its JS object and the searches running on it.
pub(crate) type SharedFeed = Rc<RefCell<FeedTiles>>;

impl FeedTiles {
    /// Fetches the manifest at `url` and its `.sig`, checks the signature with `public_key`,
    /// then expiry (against `Date.now()`) and that the sequence is not below `seen_sequence`.
    pub(crate) async fn load(url: &str, public_key: &str, seen_sequence: Option<u64>, fetcher: Fetcher) -> Result<FeedTiles, LoadError> {
        let url = resolve(url, None).ok_or_else(|| LoadError::Options(format!("`{url}` is not a URL")))?;
        let sig_url = format!("{url}.sig");
        // Both requests at once; the signature is read when the manifest is in.
        let signature = fetcher.start_bytes(sig_url.clone());
        let bytes = fetcher.bytes(&url).await?;
        let signature = started_bytes(&sig_url, JsFuture::from(signature).await)?;
        let signature = String::from_utf8_lossy(&signature);
        let manifest = Manifest::parse_signed(&bytes, signature.trim(), public_key, js_now(), seen_sequence)
            .map_err(|source| LoadError::Manifest { url: url.clone(), source })?;
        let index = manifest.index(Vec::new()).map_err(|source| LoadError::Feed { url: url.clone(), source })?;
        Ok(FeedTiles {
            url,
            manifest,
            index,
            fetcher,
            regions: HashMap::new(),
            loaded: Vec::new(),
            staged: Vec::new(),
            pending: Vec::new(),
        })
    }

    /// Whether the manifest is still valid now (it may expire while a page stays open).
    pub(crate) fn check_current(&self) -> Result<(), LoadError> {
        self.manifest.check_current(js_now(), None).map_err(|source| LoadError::Manifest { url: self.url.clone(), source })
    }

    /// How many of the manifest's tiles are in.
    pub(crate) fn tiles_loaded(&self) -> usize {
        self.loaded.len()
    }

    fn is_loaded(&self, entry: &TileEntry) -> bool {
        self.loaded.binary_search(&entry.path).is_ok()
    }

    fn mark_loaded(&mut self, entry: &TileEntry) {
        if let Err(at) = self.loaded.binary_search(&entry.path) {
            self.loaded.insert(at, entry.path.clone());
        }
    }

    /// The URL of the file at `path` (a region file's or a tile's, relative to the manifest) and
    /// the promise of its bytes: the one already in flight, or a new request.
    fn fetching(&mut self, path: &str) -> (String, Promise) {
        let url = resolve(path, Some(&self.url)).unwrap_or_else(|| path.to_owned());
        if let Some((_, promise)) = self.pending.iter().find(|(p, _)| p == path) {
            return (url, promise.clone());
        }
        let promise = self.fetcher.start_bytes(url.clone());
        self.pending.push((path.to_owned(), promise.clone()));
        (url, promise)
    }

    /// Indexes the tiles that arrived since the last search. When their profiles do not make a
    /// valid feed with the rest (an id twice), they are dropped and will be fetched again.
    pub(crate) fn flush(&mut self) -> Result<(), LoadError> {
        if self.staged.is_empty() {
            return Ok(());
        }
        let staged = std::mem::take(&mut self.staged);
        let mut all = self.index.profiles().to_vec();
        all.extend(staged.iter().flat_map(|(_, profiles)| profiles.iter().cloned()));
        match self.manifest.index(all) {
            Ok(index) => {
                self.index = index;
                Ok(())
            }
            Err(source) => {
                self.loaded.retain(|path| !staged.iter().any(|(p, _)| p == path));
                Err(LoadError::Feed { url: self.url.clone(), source })
            }
        }
    }
}

/// Fetches and checks every tile a search at (`lat`, `lon`) within `radius_km` needs that is
/// not in yet, and stages it for [`FeedTiles::flush`]. Tiles that arrive whole are kept even
/// when another fails; the first failure is returned, so no search runs on part of what it
/// needs.
pub(crate) async fn fill(feed: &SharedFeed, lat: f64, lon: f64, radius_km: f64) -> Result<(), LoadError> {
    let regions = fill_regions(feed, |m| m.regions_near(lat, lon, radius_km).cloned().collect()).await?;
    fill_from(feed, regions.iter().flat_map(|tiles| tiles_near(tiles, lat, lon, radius_km)).cloned().collect()).await
}

/// Fetches, checks and stages every tile the manifest lists that is not in yet.
pub(crate) async fn fill_all(feed: &SharedFeed) -> Result<(), LoadError> {
    let regions = fill_regions(feed, |m| m.regions.clone()).await?;
    fill_from(feed, regions.iter().flat_map(|tiles| tiles.iter()).cloned().collect()).await
}

/// The tiles of the regions `pick` chooses from the manifest: those not in yet fetched all at
/// once, each checked against the manifest and kept.
async fn fill_regions(feed: &SharedFeed, pick: impl FnOnce(&Manifest) -> Vec<RegionEntry>) -> Result<Vec<Rc<Vec<TileEntry>>>, LoadError> {
    // Each region: its tiles when in, or the URL and promise of its file.
    type Start = Result<Rc<Vec<TileEntry>>, (String, Promise)>;
    let starts: Vec<(RegionEntry, Start)> = {
        let mut f = feed.borrow_mut();
        let wanted = pick(&f.manifest);
        wanted
            .into_iter()
            .map(|e| {
                let start = match f.regions.get(&e.sha256) {
                    Some(tiles) => Ok(tiles.clone()),
                    None => Err(f.fetching(&e.path)),
                };
                (e, start)
            })
            .collect()
    };
    // Regions that arrive whole are kept even when another fails; the first failure is returned.
    let mut out = Vec::with_capacity(starts.len());
    let mut first_error = None;
    for (entry, start) in starts {
        let tiles = match start {
            Ok(tiles) => tiles,
            Err((url, promise)) => {
                let outcome = JsFuture::from(promise).await;
                feed.borrow_mut().pending.retain(|(path, _)| *path != entry.path);
                // Another search waiting on the same file may have checked it already.
                let done = feed.borrow().regions.get(&entry.sha256).cloned();
                if let Some(tiles) = done {
                    out.push(tiles);
                    continue;
                }
                let checked = started_bytes(&url, outcome)
                    .and_then(|bytes| check_region(&entry, &bytes).map_err(|source| LoadError::Manifest { url, source }));
                match checked {
                    Ok(tiles) => {
                        let tiles = Rc::new(tiles);
                        feed.borrow_mut().regions.insert(entry.sha256, tiles.clone());
                        tiles
                    }
                    Err(e) => {
                        first_error.get_or_insert(e);
                        continue;
                    }
                }
            }
        };
        out.push(tiles);
    }
    first_error.map_or(Ok(out), Err)
}

/// Fetches, checks and stages the tiles of `wanted` that are not in yet.
async fn fill_from(feed: &SharedFeed, wanted: Vec<TileEntry>) -> Result<(), LoadError> {
    let waits: Vec<(TileEntry, String, Promise)> = {
        let mut f = feed.borrow_mut();
        let missing: Vec<TileEntry> = wanted.into_iter().filter(|t| !f.is_loaded(t)).collect();
        missing
            .into_iter()
            .map(|entry| {
                let (url, promise) = f.fetching(&entry.path);
                (entry, url, promise)
            })
            .collect()
    };
    let mut first_error = None;
    for (entry, url, promise) in waits {
        let outcome = JsFuture::from(promise).await;
        let (checked, fetcher) = {
            let mut f = feed.borrow_mut();
            f.pending.retain(|(path, _)| *path != entry.path);
            if f.is_loaded(&entry) {
                continue;
            }
            let checked = started_bytes(&url, outcome)
                .and_then(|bytes| check_tile(&entry, &bytes).map_err(|source| LoadError::Manifest { url: url.clone(), source }));
            (checked, f.fetcher.clone())
        };
        let checked = match checked {
            Ok(decoded) => with_details(&fetcher, &entry, &url, decoded).await,
            Err(e) => Err(e),
        };
        let mut f = feed.borrow_mut();
        if f.is_loaded(&entry) {
            continue;
        }
        match checked {
            Ok(profiles) => {
                f.mark_loaded(&entry);
                f.staged.push((entry.path, profiles));
            }
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    first_error.map_or(Ok(()), Err)
}

/// The tile's profiles with the pitches from its detail chunks, fetched at once and each checked
/// against the length and SHA-256 the tile lists.
async fn with_details(fetcher: &Fetcher, entry: &TileEntry, tile_url: &str, mut decoded: DecodedTile) -> Result<Vec<Profile>, LoadError> {
    let refs = decoded.details.clone();
    let urls: Vec<String> = refs.iter().map(|r| resolve(&r.file_name(), Some(tile_url)).unwrap_or_else(|| r.file_name())).collect();
    let promises: Vec<Promise> = urls.iter().map(|u| fetcher.start_bytes(u.clone())).collect();
    for ((reference, url), promise) in refs.iter().zip(&urls).zip(promises) {
        let bytes = started_bytes(url, JsFuture::from(promise).await)?;
        let pitches = decode_details(reference, &bytes).map_err(|e| LoadError::Manifest {
            url: url.clone(),
            source: ManifestError::Tile { key: entry.key.clone(), message: e.to_string() },
        })?;
        decoded.fill(reference, pitches);
    }
    Ok(decoded.profiles)
}
