//! The pitches of the profiles on screen. Feed v2 keeps pitches out of the tiles the search
//! reads, in small detail chunks ([`DetailLink`]); this hook fetches the chunks the shown cards
//! need (in parallel, each once, each checked against the length and SHA-256 its signed tile
//! lists), keeps them for later searches, and fills the pitches into the shown hits.
//!
//! A chunk that cannot be fetched or is refused leaves its cards without a pitch (a warning in the
//! console): the rest of a card is signed and whole, and a pitch is optional in every profile.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use futures_util::future::join_all;
use talentbrug_core::manifest::Sha256Hex;
use talentbrug_core::profile::Pitch;
use talentbrug_core::tile::decode_details;
use talentbrug_core::ProfileId;
use yew::prelude::*;

use crate::pool::{DetailLink, LoadedFeed};
use crate::state::Found;

/// Chunks fetched so far, by hash; `None` for one that failed.
type Chunks = HashMap<Sha256Hex, Option<Rc<Vec<Option<Pitch>>>>>;

/// What [`use_pitches`] gives.
pub struct PitchesHandle {
    chunks: Rc<RefCell<Chunks>>,
}

impl PitchesHandle {
    /// `found` with the pitches that are in, and whether every shown hit's chunk has arrived
    /// (or failed): only then do the results show "with their details".
    pub fn fill(&self, feed: &LoadedFeed, found: &Found) -> (Found, bool) {
        let chunks = self.chunks.borrow();
        let mut settled = true;
        let mut filled = found.clone();
        for hit in &mut filled.hits {
            let Some(link) = feed.detail(&hit.profile.id) else { continue };
            match chunks.get(&link.chunk.sha256) {
                Some(Some(pitches)) => hit.profile.pitch = pitches.get(link.row).cloned().flatten(),
                Some(None) => {}
                None => settled = false,
            }
        }
        (filled, settled)
    }
}

/// Fetches the detail chunks the shown `found` hits of `feed` need and are not in yet.
#[hook]
pub fn use_pitches(feed: Option<Rc<LoadedFeed>>, found: Option<Rc<Option<Found>>>) -> PitchesHandle {
    let chunks = use_mut_ref(Chunks::new);
    let asked = use_mut_ref(HashSet::<Sha256Hex>::new);
    let arrived = use_state(|| 0u32);
    let wanted: Vec<ProfileId> =
        found.as_ref().and_then(|f| f.as_ref().as_ref()).map(|f| f.hits.iter().map(|h| h.profile.id.clone()).collect()).unwrap_or_default();
    let deps = (feed.as_ref().map(|f| Rc::as_ptr(f) as usize), wanted);
    {
        let chunks = chunks.clone();
        use_effect_with(deps, move |(_, wanted)| {
            let Some(feed) = feed else { return };
            let mut missing: Vec<DetailLink> = Vec::new();
            for link in wanted.iter().filter_map(|id| feed.detail(id)) {
                if !chunks.borrow().contains_key(&link.chunk.sha256) && asked.borrow_mut().insert(link.chunk.sha256) {
                    missing.push(link.clone());
                }
            }
            if missing.is_empty() {
                return;
            }
            wasm_bindgen_futures::spawn_local(async move {
                let fetched = join_all(missing.iter().map(fetch_chunk)).await;
                for (link, pitches) in missing.iter().zip(fetched) {
                    chunks.borrow_mut().insert(link.chunk.sha256, pitches.map(Rc::new));
                    asked.borrow_mut().remove(&link.chunk.sha256);
                }
                arrived.set(*arrived + 1);
            });
        });
    }
    PitchesHandle { chunks }
}

/// One chunk's pitches, or `None` (with a console warning) when it cannot be had.
async fn fetch_chunk(link: &DetailLink) -> Option<Vec<Option<Pitch>>> {
    let answer = crate::fetch::get_listed(&link.url, link.chunk.bytes).await.ok().filter(|a| a.ok());
    let checked =
        answer.ok_or_else(|| "unreachable".to_owned()).and_then(|a| decode_details(&link.chunk, &a.body).map_err(|e| e.to_string()));
    checked.map_err(|why| web_sys::console::warn_1(&format!("talent-brug: the pitches at {} were refused: {why}", link.url).into())).ok()
}

/// What [`use_whole_found`] gives: the hits to show, whole.
pub struct Whole {
    /// The hits to show with their pitches: the search's own once their pitches are in, else the
    /// last whole page of the same pool; `None` while there is none.
    pub found: Option<Found>,
    /// Whether the search's own hits are shown whole (every shown chunk in or failed).
    pub settled: bool,
    /// Whether the widget waits for the first pitches of this pool (show the loading state).
    pub waiting: bool,
}

/// The search's hits shown whole: while the pitches of a new page are on their way, the last
/// whole page of the same pool stays, so no card grows under the employer's eyes (and no layout
/// shifts); the first page of a pool waits in the loading state.
#[hook]
pub fn use_whole_found(feed: Option<Rc<LoadedFeed>>, searched: Rc<Option<Found>>) -> Whole {
    let pitches = use_pitches(feed.clone(), Some(searched.clone()));
    let last_whole = use_mut_ref(|| None::<(usize, Found)>);
    let (Some(feed), Some(found)) = (feed, searched.as_ref()) else {
        return Whole { found: None, settled: false, waiting: false };
    };
    let (filled, settled) = pitches.fill(&feed, found);
    let key = Rc::as_ptr(&feed) as usize;
    if settled {
        *last_whole.borrow_mut() = Some((key, filled.clone()));
        return Whole { found: Some(filled), settled, waiting: false };
    }
    let previous = last_whole.borrow().as_ref().filter(|(k, _)| *k == key).map(|(_, f)| f.clone());
    let waiting = previous.is_none();
    Whole { found: previous, settled, waiting }
}
