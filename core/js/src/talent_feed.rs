//! `loadFeed` and `TalentFeed`: a signed feed v2 read tile by tile, as searches need them.

use std::cell::RefCell;
use std::rc::Rc;

use talentbrug_core::api::{run_query, ProfileOutput};
use wasm_bindgen::prelude::*;

use crate::convert::{js_today, promise, query_input, to_js};
use crate::feed_tiles::{fill, fill_all, FeedTiles, SharedFeed};
use crate::load_error::LoadError;
use crate::options;

/// Fetches a feed v2's `manifest.json` and `manifest.json.sig` and checks them (signature with
/// `options.publicKey`, expiry, `options.seenSequence`); no tile is fetched yet. Rejects with a
/// `TalentbrugError` (see `reason`).
#[wasm_bindgen(js_name = loadFeed, unchecked_return_type = "Promise<TalentFeed>")]
pub fn load_feed(
    #[wasm_bindgen(js_name = manifestUrl)] manifest_url: String,
    #[wasm_bindgen(unchecked_param_type = "LoadFeedOptions")] options: JsValue,
) -> js_sys::Promise {
    promise(async move { TalentFeed::load(&manifest_url, &options).await.map(JsValue::from) })
}

/// A signed feed v2 whose tiles are fetched as searches need them.
#[wasm_bindgen]
pub struct TalentFeed {
    feed: SharedFeed,
}

impl TalentFeed {
    /// What `loadFeed` resolves to, for Rust callers.
    pub async fn load(manifest_url: &str, options: &JsValue) -> Result<TalentFeed, JsValue> {
        let public_key = options::text(options, "publicKey")?;
        let seen = options::seen_sequence(options)?;
        let fetcher = options::fetcher(options)?;
        let tiles = FeedTiles::load(manifest_url, &public_key, seen, fetcher).await?;
        Ok(TalentFeed { feed: Rc::new(RefCell::new(tiles)) })
    }
}

#[wasm_bindgen]
impl TalentFeed {
    /// Runs a search: fetches (all at once) the tiles near it not fetched before, checks each
    /// against the signed manifest, then searches every profile in. Resolves to what
    /// `TalentIndex.search` gives for the same feed; rejects with a `TalentbrugError` when the
    /// query is bad (`reason` `query`, the message starts with the field), a tile cannot be
    /// fetched (`fetch`, `http`) or is not the one the manifest lists (`tile`), or the manifest
    /// has expired since it was loaded (`expired`).
    #[wasm_bindgen(unchecked_return_type = "Promise<SearchResult>")]
    pub fn search(&self, #[wasm_bindgen(unchecked_param_type = "SearchQuery")] query: JsValue) -> js_sys::Promise {
        let feed = Rc::clone(&self.feed);
        promise(search(feed, query))
    }

    /// The manifest's sequence: keep the highest seen and pass it as `seenSequence` next time.
    #[wasm_bindgen(getter)]
    pub fn sequence(&self) -> f64 {
        self.feed.borrow().manifest.sequence as f64
    }

    /// When the manifest expires (`YYYY-MM-DDTHH:MM:SSZ`).
    #[wasm_bindgen(getter, js_name = expiresAt)]
    pub fn expires_at(&self) -> String {
        self.feed.borrow().manifest.expires_at.to_string()
    }

    /// Who published the feed.
    #[wasm_bindgen(getter, unchecked_return_type = "Publisher")]
    pub fn publisher(&self) -> Result<JsValue, JsError> {
        to_js(&self.feed.borrow().manifest.publisher)
    }

    /// The manifest's absolute URL.
    #[wasm_bindgen(getter)]
    pub fn url(&self) -> String {
        self.feed.borrow().url.clone()
    }

    /// Number of regions the manifest lists (each region's file lists its tiles).
    #[wasm_bindgen(getter)]
    pub fn regions(&self) -> usize {
        self.feed.borrow().manifest.regions.len()
    }

    /// Number of tiles fetched and checked so far.
    #[wasm_bindgen(getter, js_name = tilesLoaded)]
    pub fn tiles_loaded(&self) -> usize {
        self.feed.borrow().tiles_loaded()
    }

    /// Number of profiles the manifest lists in all its regions.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> f64 {
        // u64, not usize: wasm32's usize would wrap on a hostile manifest's counts.
        self.feed.borrow().manifest.regions.iter().map(|r| r.profiles).sum::<u64>() as f64
    }

    /// Fetches every tile the manifest lists that is not in yet (each checked against the
    /// manifest) and indexes them: to audit a whole feed or search it offline. With
    /// `options.details` `false`, the tiles' detail chunks (the pitches, most of a feed's bytes)
    /// are left until a search needs them, as the widget does; by default they are fetched now.
    /// Resolves to the number of profiles in; rejects as `search` does, or with `options` when
    /// `details` is not a boolean.
    #[wasm_bindgen(js_name = loadAll, unchecked_return_type = "Promise<number>")]
    pub fn load_all(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "LoadAllOptions")] options: Option<js_sys::Object>,
    ) -> js_sys::Promise {
        let feed = Rc::clone(&self.feed);
        promise(async move {
            let details = options::details(&options.map_or(JsValue::UNDEFINED, JsValue::from))?;
            feed.borrow().check_current()?;
            fill_all(&feed, details).await?;
            let mut f = feed.borrow_mut();
            f.flush()?;
            Ok(JsValue::from(f.index.len() as f64))
        })
    }

    /// The profile with this id among the tiles searched so far, or `undefined`. After
    /// `loadAll({ details: false })`, its `pitch` is there once a search near it ran.
    #[wasm_bindgen(unchecked_return_type = "Profile | undefined")]
    pub fn profile(&self, id: &str) -> Result<JsValue, JsValue> {
        let mut f = self.feed.borrow_mut();
        f.flush()?;
        match f.index.profile(id) {
            Some(p) => Ok(to_js(&ProfileOutput::new(&f.index, p))?),
            None => Ok(JsValue::UNDEFINED),
        }
    }
}

async fn search(feed: SharedFeed, query: JsValue) -> Result<JsValue, JsValue> {
    let input = query_input(query).map_err(LoadError::Query)?;
    let today = js_today();
    let (query, place, _) = input.to_query(today).map_err(LoadError::from)?;
    feed.borrow().check_current()?;
    fill(&feed, place.lat, place.lon, query.radius.km()).await?;
    let mut f = feed.borrow_mut();
    f.flush()?;
    let out = run_query(&f.index, &input, today).map_err(LoadError::from)?;
    Ok(to_js(&out)?)
}
