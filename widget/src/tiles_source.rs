//! Getting feed v2 and networks into the widget: first the signed head (a feed's manifest, or a
//! network manifest), then, for every search, only what can match it: the members whose box
//! comes within the radius, their manifests, the regions of their manifests near the employer,
//! and those regions' tiles near the employer, each step fetched in parallel, each file checked
//! against what signed it, and kept for the next search.
//!
//! A single feed's refused or missing tile refuses the search (the widget never shows part of
//! the people as all of them). In a network, a member whose manifest or tiles fail is left out
//! and named, so the employer still sees everyone else.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use futures_util::future::join_all;
use talentbrug_core::gazetteer::Place;
use talentbrug_core::manifest::{check_tile, tiles_near, Manifest, ManifestError, Sha256Hex, TileEntry};
use talentbrug_core::network::{Member, NetworkError, NetworkManifest};
use talentbrug_core::region::{check_region, RegionEntry};
use talentbrug_core::tile::DecodedTile;
use talentbrug_core::{Profile, Publisher};

use crate::feed_source::LoadError;
use crate::pool::{DetailLink, LoadedFeed, Org, Part};
use crate::{clock, memory, urls};

/// One organisation's signed feed v2 manifest and where it came from.
#[derive(Debug)]
pub struct Signed {
    /// The organisation, as the employer sees it.
    pub org: Org,
    /// The manifest's absolute URL (tile paths are relative to it).
    pub url: String,
    /// The checked manifest.
    pub manifest: Manifest,
}

/// What the partner pointed the widget at, fetched and checked.
#[derive(Debug)]
pub enum Head {
    /// One organisation's feed v2.
    Feed(Rc<Signed>),
    /// A network: its members' feeds are fetched per search.
    Network {
        /// The network manifest's absolute URL.
        url: String,
        /// The checked network manifest (boxed: it is much larger than the other variant).
        network: Box<NetworkManifest>,
        /// The operator, for the footer.
        host: Org,
    },
}

/// Regions, tiles and member manifests already fetched and checked, so a new search fetches only
/// what it lacks. Regions and tiles are kept by the manifest that listed them and their hash: a
/// file checked against one member's entry (box, reach) is never taken as checked against
/// another member's entry with the same hash.
#[derive(Default)]
pub struct Cache {
    regions: HashMap<(String, Sha256Hex), Rc<Vec<TileEntry>>>,
    tiles: HashMap<(String, Sha256Hex), Rc<NearTiles>>,
    members: HashMap<String, Rc<Signed>>,
}

/// The shared cache of one head.
pub type SharedCache = Rc<RefCell<Cache>>;

fn warn(what: &str, url: &str, why: &dyn core::fmt::Display) {
    web_sys::console::warn_1(&format!("talent-brug: {what} at {url} was refused: {why}").into());
}

async fn fetch_bytes(url: &str) -> Result<Vec<u8>, LoadError> {
    match crate::fetch::get(url).await {
        Ok(answer) if answer.ok() => Ok(answer.body),
        _ => Err(LoadError::Unreachable),
    }
}

/// The bytes at `url` of a file listed as `listed` bytes long, read no further than one byte
/// past that: a longer file is then refused by its length check, unread.
async fn fetch_listed(url: &str, listed: u64) -> Result<Vec<u8>, LoadError> {
    match crate::fetch::get_listed(url, listed).await {
        Ok(answer) if answer.ok() => Ok(answer.body),
        _ => Err(LoadError::Tiles),
    }
}

/// The bytes at `url` and its detached signature, fetched together.
async fn fetch_signed(url: &str) -> Result<(Vec<u8>, String), LoadError> {
    let sig_url = urls::signature_of(url).ok_or(LoadError::NoFeed)?;
    let (bytes, sig) = futures_util::join!(fetch_bytes(url), fetch_bytes(&sig_url));
    Ok((bytes?, String::from_utf8(sig?).map_err(|_| LoadError::Signature)?))
}

impl From<&ManifestError> for LoadError {
    fn from(e: &ManifestError) -> LoadError {
        match e {
            ManifestError::Signature(_) => LoadError::Signature,
            ManifestError::Expired { .. } => LoadError::Expired,
            ManifestError::RolledBack { .. } => LoadError::RolledBack,
            ManifestError::Tile { .. } | ManifestError::Region { .. } => LoadError::Tiles,
            _ => LoadError::Invalid,
        }
    }
}

impl From<&NetworkError> for LoadError {
    fn from(e: &NetworkError) -> LoadError {
        match e {
            NetworkError::Signature(_) => LoadError::Signature,
            NetworkError::Stale(talentbrug_core::freshness::Stale::Expired { .. }) => LoadError::Expired,
            NetworkError::Stale(talentbrug_core::freshness::Stale::RolledBack { .. }) => LoadError::RolledBack,
            _ => LoadError::Invalid,
        }
    }
}

/// Checks manifest bytes fetched from `url`: with a key, the signature first, then expiry and
/// sequence (remembered for the next visit); without one, only expiry. The page gets its main
/// thread back between the signature and the parse, and after it: a manifest with many labels
/// is hundreds of kilobytes of JSON, and Lighthouse counts every task over 50 ms as blocking.
pub async fn check_manifest(url: &str, bytes: &[u8], sig: Option<&str>, key: Option<&str>) -> Result<Manifest, LoadError> {
    let refused = |e: ManifestError| {
        warn("the feed manifest", url, &e);
        LoadError::from(&e)
    };
    if let Some(key) = key {
        talentbrug_core::signature::verify(bytes, sig.unwrap_or(""), key).map_err(|e| refused(e.into()))?;
        clock::next_task().await;
    }
    let manifest = Manifest::parse(bytes).map_err(refused)?;
    manifest.check_current(clock::now(), key.and_then(memory::seen_sequence)).map_err(refused)?;
    if let Some(key) = key {
        memory::remember_sequence(key, manifest.sequence);
    }
    clock::mark("talentbrug:manifest-checked");
    clock::next_task().await;
    Ok(manifest)
}

/// `load()`, and once more when its signature did not match: a publication replaces a
/// manifest and its signature one after the other, and a fetch between the two (or a cache
/// holding one of each) pairs the old file with the new. Fetched again, they match; a signature
/// that is really wrong is refused twice.
pub async fn once_more_if_unsigned<T, F: std::future::Future<Output = Result<T, LoadError>>>(load: impl Fn() -> F) -> Result<T, LoadError> {
    match load().await {
        Err(LoadError::Signature) => load().await,
        done => done,
    }
}

/// Fetches and checks a feed v2 manifest signed with `key`; `org` says who it is.
async fn load_manifest(url: &str, key: &str, org: impl FnOnce(&Manifest) -> Org) -> Result<Signed, LoadError> {
    let manifest = once_more_if_unsigned(|| async {
        let (bytes, sig) = fetch_signed(url).await?;
        check_manifest(url, &bytes, Some(&sig), Some(key)).await
    })
    .await?;
    Ok(Signed { org: org(&manifest), url: url.to_owned(), manifest })
}

/// The organisation a feed v2 manifest's publisher block names, its addresses
/// resolved against the address it came from.
pub fn org_of_publisher(p: &Publisher, url: &str) -> Org {
    let absolute = |u: &str| urls::absolute(u, Some(url)).unwrap_or_else(|| u.to_owned());
    Org {
        member: None,
        name: p.name.clone(),
        contact: p.contact.clone(),
        request_url: absolute(&p.request_url),
        privacy_url: absolute(&p.privacy_url),
    }
}

/// Fetches and checks a network manifest signed with `key`.
pub async fn load_network(url: &str, key: &str) -> Result<Head, LoadError> {
    let network = once_more_if_unsigned(|| async {
        let (bytes, sig) = fetch_signed(url).await?;
        clock::mark("talentbrug:network-fetched");
        NetworkManifest::parse_signed(&bytes, &sig, key, clock::now(), memory::seen_sequence(key)).map_err(|e| {
            warn("the network manifest", url, &e);
            LoadError::from(&e)
        })
    })
    .await?;
    memory::remember_sequence(key, network.sequence);
    clock::next_task().await;
    let op = &network.operator;
    let privacy = urls::absolute(&op.privacy_url, Some(url)).unwrap_or_else(|| op.privacy_url.clone());
    let host = Org { member: None, name: op.name.clone(), contact: op.contact.clone(), request_url: url.to_owned(), privacy_url: privacy };
    Ok(Head::Network { url: url.to_owned(), network: Box::new(network), host })
}

/// The organisation a network member is: named as the signed network manifest names it (a
/// member cannot publish under another's name), reached as its own manifest says.
fn org_of_member(member: &Member, manifest: &Manifest) -> Org {
    Org {
        member: Some(member.id.clone()),
        name: member.name.clone(),
        contact: manifest.publisher.contact.clone(),
        request_url: member.resolve(&member.request_url),
        privacy_url: member.resolve(&member.privacy_url),
    }
}

/// Profiles of tiles (without pitches) and where each one's pitch is, in the same order.
#[derive(Default)]
pub struct NearTiles {
    profiles: Vec<Profile>,
    details: Vec<Option<DetailLink>>,
}

impl NearTiles {
    /// A checked tile of the manifest at `manifest_url`: its profiles and links to its detail
    /// chunks (paths relative to the manifest, as the tile's own).
    fn of(decoded: DecodedTile, entry: &TileEntry, manifest_url: &str) -> NearTiles {
        let mut details = vec![None; decoded.profiles.len()];
        for chunk in &decoded.details {
            let Some(chunk_url) = urls::absolute(&chunk.path_next_to(&entry.path), Some(manifest_url)) else { continue };
            let chunk_url: Rc<str> = chunk_url.into();
            for row in 0..chunk.rows {
                if let Some(slot) = details.get_mut(chunk.first_row + row) {
                    *slot = Some(DetailLink { url: chunk_url.clone(), chunk: *chunk, row });
                }
            }
        }
        NearTiles { profiles: decoded.profiles, details }
    }

    fn extend(&mut self, other: &NearTiles) {
        self.profiles.extend(other.profiles.iter().cloned());
        self.details.extend(other.details.iter().cloned());
    }
}

/// The tiles `entry`'s region file lists: fetched unless cached, checked against the manifest.
async fn region_tiles(cache: &SharedCache, signed: &Signed, entry: &RegionEntry) -> Result<Rc<Vec<TileEntry>>, LoadError> {
    let key = (signed.url.clone(), entry.sha256);
    if let Some(done) = cache.borrow().regions.get(&key) {
        return Ok(done.clone());
    }
    let url = urls::absolute(&entry.path, Some(&signed.url)).ok_or(LoadError::Invalid)?;
    let bytes = fetch_listed(&url, entry.bytes).await?;
    let tiles = Rc::new(check_region(entry, &bytes).map_err(|e| {
        warn("a region", &url, &e);
        LoadError::Tiles
    })?);
    cache.borrow_mut().regions.insert(key, tiles.clone());
    Ok(tiles)
}

/// A tile of `signed`'s manifest, fetched unless cached, checked against its entry.
async fn tile(cache: &SharedCache, signed: &Signed, entry: &TileEntry) -> Result<Rc<NearTiles>, LoadError> {
    let key = (signed.url.clone(), entry.sha256);
    if let Some(done) = cache.borrow().tiles.get(&key) {
        return Ok(done.clone());
    }
    let url = urls::absolute(&entry.path, Some(&signed.url)).ok_or(LoadError::Invalid)?;
    let bytes = fetch_listed(&url, entry.bytes).await?;
    let decoded = check_tile(entry, &bytes).map_err(|e| {
        warn("a tile", &url, &e);
        LoadError::Tiles
    })?;
    let tile = Rc::new(NearTiles::of(decoded, entry, &signed.url));
    cache.borrow_mut().tiles.insert(key, tile.clone());
    Ok(tile)
}

/// The profiles of `signed`'s tiles near `place`: its regions near `place`, and each region's
/// tiles near it as soon as that region is in (not after all regions), fetched in parallel
/// unless cached, each checked against what lists it. Their pitches stay in the detail chunks
/// until a card shows.
async fn near_tiles(cache: &SharedCache, signed: &Signed, place: &Place, radius: u32) -> Result<NearTiles, LoadError> {
    let (lat, lon, radius) = (place.lat, place.lon, f64::from(radius));
    let regions = signed.manifest.regions_near(lat, lon, radius).map(|region| async move {
        let listed = region_tiles(cache, signed, region).await?;
        let near = tiles_near(&listed, lat, lon, radius).map(|entry| async move { Ok((entry.sha256, tile(cache, signed, entry).await?)) });
        join_all(near).await.into_iter().collect::<Result<Vec<_>, LoadError>>()
    });
    let fetched = join_all(regions).await;
    clock::mark("talentbrug:tiles-checked");
    let mut near = NearTiles::default();
    // Two regions may list the same tile: its people count once.
    let mut seen = std::collections::HashSet::new();
    for region in fetched {
        for (sha, tile) in region? {
            if seen.insert(sha) {
                near.extend(&tile);
            }
        }
    }
    Ok(near)
}

/// A network member's part for the search: its manifest (signed with the key the network lists,
/// tiles inside the box it lists), and its tiles near `place`.
async fn member_part(cache: &SharedCache, network_url: &str, member: &Member, place: &Place, radius: u32) -> Result<Part, LoadError> {
    let cached = cache.borrow().members.get(member.id.as_str()).cloned();
    let signed = match cached {
        Some(signed) => signed,
        None => {
            let url = urls::absolute(&member.feed, Some(network_url)).ok_or(LoadError::Invalid)?;
            let signed = Rc::new(load_manifest(&url, &member.public_key, |m| org_of_member(member, m)).await?);
            // A region's tiles lie inside its box (check_region refuses it otherwise).
            if signed.manifest.regions.iter().any(|r| !member.bbox.contains_box(&r.bbox)) {
                warn("a member's feed", &url, &"it lists regions outside the member's box in the network manifest");
                return Err(LoadError::Invalid);
            }
            cache.borrow_mut().members.insert(member.id.as_str().to_owned(), signed.clone());
            signed
        }
    };
    let near = near_tiles(cache, &signed, place, radius).await?;
    Ok(Part::of_manifest(signed.org.clone(), &signed.manifest, near.profiles, near.details))
}

/// The pool for a search from `place` within `radius`: everything that can match it, checked.
pub async fn gather(head: &Head, cache: &SharedCache, place: &Place, radius: u32) -> Result<LoadedFeed, LoadError> {
    let pooled = match head {
        Head::Feed(signed) => {
            let near = near_tiles(cache, signed, place, radius).await?;
            clock::next_task().await;
            let part = Part::of_manifest(signed.org.clone(), &signed.manifest, near.profiles, near.details);
            LoadedFeed::pool(signed.org.clone(), vec![part], false, Vec::new())
        }
        Head::Network { url, network, host } => {
            let near: Vec<&Member> = network.members_near(place.lat, place.lon, f64::from(radius)).collect();
            let parts = join_all(near.iter().map(|m| member_part(cache, url, m, place, radius))).await;
            clock::next_task().await;
            let mut ok = Vec::new();
            let mut missing = Vec::new();
            for (member, part) in near.iter().zip(parts) {
                match part {
                    Ok(part) => ok.push(part),
                    Err(_) => missing.push(member.name.clone()),
                }
            }
            LoadedFeed::pool(host.clone(), ok, true, missing)
        }
    };
    pooled.map_err(|e| {
        warn("the profiles near the search", "", &e);
        LoadError::Invalid
    })
}

/// The head with no profiles yet: labels and publisher for the filters and footer before a
/// place is known.
pub fn empty(head: &Head) -> Result<LoadedFeed, LoadError> {
    let pooled = match head {
        Head::Feed(signed) => LoadedFeed::pool(
            signed.org.clone(),
            vec![Part::of_manifest(signed.org.clone(), &signed.manifest, Vec::new(), Vec::new())],
            false,
            Vec::new(),
        ),
        Head::Network { host, .. } => LoadedFeed::pool(host.clone(), Vec::new(), true, Vec::new()),
    };
    pooled.map_err(|_| LoadError::Invalid)
}
