//! One feed v2 as a reader holds it: its signed manifest, the region files fetched so far, and
//! an index over the tiles fetched so far. A search first fetches the regions near it that are
//! not in yet, then their tiles near it that are not in yet ([`fill`]), each step all at once,
//! checks each file against what lists it (length and SHA-256 before parsing), then indexes
//! what arrived ([`FeedTiles::flush`]) and searches. Regions, tiles and detail chunks being
//! fetched are shared, so two searches at the same time fetch each file once; a tile that
//! arrived is indexed by whichever search runs first.
//!
//! The package hands out whole profiles, pitches included, so a search fetches each tile's detail
//! chunks with it (all at once, each checked against the hash its tile lists); the widget, which
//! shows only ten cards at a time, fetches them per card instead. A whole-feed load may leave
//! pitches out ([`Details::Later`]): its tiles are indexed bare, and the first search that needs
//! one of them fetches its chunks then and fills the pitches in, without indexing again.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use js_sys::Promise;
use talentbrug_core::manifest::{check_tile, tiles_near, Manifest, ManifestError, Sha256Hex, TileEntry};
use talentbrug_core::profile::Pitch;
use talentbrug_core::region::{check_region, RegionEntry};
use talentbrug_core::tile::{decode_details, DetailRef};
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
    /// Tiles in (staged or indexed) whose pitches were left for later.
    bare: Vec<Bare>,
    /// Region files, tiles and detail chunks being fetched: path (it names the file's SHA-256),
    /// and a promise from [`Fetcher::start_listed`].
    pending: Vec<(String, Promise)>,
}

/// Whether tiles are fetched with their pitches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Details {
    /// With them: what a search hands out.
    Now,
    /// Without them, until a search needs the tile: a whole-feed load that only searches.
    Later,
}

/// A tile in without its pitches.
#[derive(Clone)]
struct Bare {
    /// The tile's path (it names its SHA-256).
    path: String,
    /// Its key in the manifest, for errors.
    key: String,
    /// Its detail chunks.
    details: Vec<DetailRef>,
    /// The position of its first profile in the index, once indexed.
    start: Option<usize>,
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
            bare: Vec::new(),
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

    /// The URL of the file at `path` (a region file's, a tile's or a detail chunk's, relative to
    /// the manifest, listed as `listed` bytes long) and the promise of its bytes: the one already
    /// in flight, or a new request that reads at most `listed` + 1 bytes.
    fn fetching(&mut self, path: &str, listed: u64) -> (String, Promise) {
        let url = resolve(path, Some(&self.url)).unwrap_or_else(|| path.to_owned());
        if let Some((_, promise)) = self.pending.iter().find(|(p, _)| p == path) {
            return (url, promise.clone());
        }
        let promise = self.fetcher.start_listed(url.clone(), listed);
        self.pending.push((path.to_owned(), promise.clone()));
        (url, promise)
    }

    /// Forgets the request `promise` for `path` once its bytes are used: only that one, not a
    /// newer request for the same path that another search started since.
    fn done(&mut self, path: &str, promise: &Promise) {
        self.pending.retain(|(p, pr)| !(p == path && js_sys::Object::is(pr, promise)));
    }

    /// Puts the pitches of a bare tile's chunks into its profiles (in the index, or in the
    /// staged tile), and the tile is bare no more. Nothing when the tile is not bare (another
    /// search filled it meanwhile).
    fn fill_in(&mut self, path: &str, chunks: Vec<(DetailRef, Vec<Option<Pitch>>)>) {
        let Some(at) = self.bare.iter().position(|b| b.path == path) else { return };
        let bare = self.bare.swap_remove(at);
        // Not indexed yet: the staged tile's profiles, found once.
        let mut staged = match bare.start {
            Some(_) => None,
            None => self.staged.iter_mut().find(|(p, _)| p == path).map(|(_, profiles)| profiles),
        };
        for (reference, pitches) in chunks {
            for (row, pitch) in (reference.first_row..).zip(pitches) {
                match (bare.start, staged.as_deref_mut()) {
                    (Some(start), _) => {
                        self.index.set_pitch(start + row, pitch);
                    }
                    (None, Some(profiles)) => {
                        if let Some(profile) = profiles.get_mut(row) {
                            profile.pitch = pitch;
                        }
                    }
                    (None, None) => {}
                }
            }
        }
    }

    /// Indexes the tiles that arrived since the last search. When their profiles do not make a
    /// valid feed with the rest (an id twice), they are dropped and will be fetched again.
    pub(crate) fn flush(&mut self) -> Result<(), LoadError> {
        if self.staged.is_empty() {
            return Ok(());
        }
        let staged = std::mem::take(&mut self.staged);
        let mut all = self.index.profiles().to_vec();
        let mut paths = Vec::with_capacity(staged.len());
        let mut starts = Vec::with_capacity(staged.len());
        for (path, profiles) in staged {
            starts.push(all.len());
            // Moved, not cloned: a whole feed's profiles are most of the load's allocations.
            all.extend(profiles);
            paths.push(path);
        }
        match self.manifest.index(all) {
            Ok(index) => {
                self.index = index;
                for bare in self.bare.iter_mut().filter(|b| b.start.is_none()) {
                    bare.start = paths.iter().position(|p| *p == bare.path).map(|at| starts[at]);
                }
                Ok(())
            }
            Err(source) => {
                self.loaded.retain(|path| !paths.contains(path));
                self.bare.retain(|b| !paths.contains(&b.path));
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
    let wanted: Vec<TileEntry> = regions.iter().flat_map(|tiles| tiles_near(tiles, lat, lon, radius_km)).cloned().collect();
    fill_from(feed, &wanted, Details::Now).await?;
    fill_pitches(feed, &wanted).await
}

/// Fetches, checks and stages every tile the manifest lists that is not in yet, with their
/// pitches or not (`details`).
pub(crate) async fn fill_all(feed: &SharedFeed, details: Details) -> Result<(), LoadError> {
    let regions = fill_regions(feed, |m| m.regions.clone()).await?;
    let wanted: Vec<TileEntry> = regions.iter().flat_map(|tiles| tiles.iter()).cloned().collect();
    fill_from(feed, &wanted, details).await?;
    match details {
        Details::Now => fill_pitches(feed, &wanted).await,
        Details::Later => Ok(()),
    }
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
                    None => Err(f.fetching(&e.path, e.bytes)),
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
                let outcome = JsFuture::from(promise.clone()).await;
                feed.borrow_mut().done(&entry.path, &promise);
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
async fn fill_from(feed: &SharedFeed, wanted: &[TileEntry], details: Details) -> Result<(), LoadError> {
    let waits: Vec<(TileEntry, String, Promise)> = {
        let mut f = feed.borrow_mut();
        let missing: Vec<TileEntry> = wanted.iter().filter(|t| !f.is_loaded(t)).cloned().collect();
        missing
            .into_iter()
            .map(|entry| {
                let (url, promise) = f.fetching(&entry.path, entry.bytes);
                (entry, url, promise)
            })
            .collect()
    };
    let mut first_error = None;
    for (entry, url, promise) in waits {
        let outcome = JsFuture::from(promise.clone()).await;
        let checked = {
            let mut f = feed.borrow_mut();
            if f.is_loaded(&entry) {
                f.done(&entry.path, &promise);
                continue;
            }
            started_bytes(&url, outcome)
                .and_then(|bytes| check_tile(&entry, &bytes).map_err(|source| LoadError::Manifest { url: url.clone(), source }))
        };
        // The tile stays in flight until staged, so a search starting meanwhile waits for it
        // (and its chunks) instead of fetching it again.
        let checked = match checked {
            Ok(decoded) => match details {
                Details::Now => fetch_pitches(feed, &entry.key, &entry.path, &decoded.details).await.map(|chunks| (decoded, Some(chunks))),
                Details::Later => Ok((decoded, None)),
            },
            Err(e) => Err(e),
        };
        let mut f = feed.borrow_mut();
        f.done(&entry.path, &promise);
        match checked {
            // Staged meanwhile by another search; if it came in bare, these are its pitches.
            Ok((_, chunks)) if f.is_loaded(&entry) => {
                if let Some(chunks) = chunks {
                    f.fill_in(&entry.path, chunks);
                }
            }
            Ok((mut decoded, chunks)) => {
                f.mark_loaded(&entry);
                match chunks {
                    Some(chunks) => {
                        for (reference, pitches) in chunks {
                            decoded.fill(&reference, pitches);
                        }
                    }
                    None if !decoded.details.is_empty() => {
                        f.bare.push(Bare { path: entry.path.clone(), key: entry.key, details: decoded.details, start: None });
                    }
                    None => {}
                }
                f.staged.push((entry.path, decoded.profiles));
            }
            Err(_) if f.is_loaded(&entry) => {}
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    first_error.map_or(Ok(()), Err)
}

/// Fetches the pitches of the tiles of `wanted` that are in without them, and fills them in
/// (in the index, or in the staged tile). A tile whose chunks all arrive is no longer bare; the
/// first failure is returned.
async fn fill_pitches(feed: &SharedFeed, wanted: &[TileEntry]) -> Result<(), LoadError> {
    let bare: Vec<Bare> = feed.borrow().bare.iter().filter(|b| wanted.iter().any(|t| t.path == b.path)).cloned().collect();
    for Bare { path, key, details, .. } in bare {
        let chunks = fetch_pitches(feed, &key, &path, &details).await?;
        feed.borrow_mut().fill_in(&path, chunks);
    }
    Ok(())
}

/// The pitches of a tile's detail chunks (`details`, as the tile at `tile_path`, `key` in the
/// manifest, lists them), fetched at once (a chunk already being fetched for another search is
/// shared), each checked against the length and SHA-256 the tile lists. Every chunk is waited
/// for and taken off the in-flight list before the first failure is returned, so a failed chunk
/// is fetched again by the next search.
async fn fetch_pitches(
    feed: &SharedFeed,
    key: &str,
    tile_path: &str,
    details: &[DetailRef],
) -> Result<Vec<(DetailRef, Vec<Option<Pitch>>)>, LoadError> {
    let starts: Vec<(String, String, Promise)> = {
        let mut f = feed.borrow_mut();
        details
            .iter()
            .map(|r| {
                let path = r.path_next_to(tile_path);
                let (url, promise) = f.fetching(&path, r.bytes);
                (path, url, promise)
            })
            .collect()
    };
    let mut outcomes = Vec::with_capacity(starts.len());
    for (_, _, promise) in &starts {
        outcomes.push(JsFuture::from(promise.clone()).await);
    }
    {
        let mut f = feed.borrow_mut();
        for (path, _, promise) in &starts {
            f.done(path, promise);
        }
    }
    let mut out = Vec::with_capacity(details.len());
    for ((reference, (_, url, _)), outcome) in details.iter().zip(&starts).zip(outcomes) {
        let bytes = started_bytes(url, outcome)?;
        let pitches = decode_details(reference, &bytes).map_err(|e| LoadError::Manifest {
            url: url.clone(),
            source: ManifestError::Tile { key: key.to_owned(), message: e.to_string() },
        })?;
        out.push((*reference, pitches));
    }
    Ok(out)
}
