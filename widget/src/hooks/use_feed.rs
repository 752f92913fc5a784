//! Loading the feed's head (a feed v2 manifest or a network manifest), again when the partner
//! points the widget elsewhere or the employer asks; then the profiles near each search
//! ([`use_pool`]).

use std::cell::RefCell;
use std::rc::Rc;

use talentbrug_core::gazetteer::Place;
use yew::prelude::*;

use crate::feed_source::{self, LoadError};
use crate::pool::LoadedFeed;
use crate::settings::Settings;
use crate::tiles_source::{self, Head, SharedCache};

/// Where a load is.
#[derive(Clone, Debug)]
pub enum Load<T> {
    /// Being fetched and checked.
    Loading,
    /// Refused or unreachable.
    Failed(LoadError),
    /// Checked.
    Ready(T),
}

/// What [`use_feed`] gives.
pub struct UseFeedHandle {
    /// Where the feed's (or network's) head is.
    pub load: Load<Rc<Head>>,
    /// Loads it again.
    pub retry: Callback<()>,
}

/// Loads what the partner's `settings` point at (checked as they say; nothing is loaded without
/// trust) when the feed, network or key change, and again on `retry`.
#[hook]
pub fn use_feed(settings: &Settings) -> UseFeedHandle {
    let load = use_state(|| Load::Loading);
    let attempt = use_state(|| 0u32);
    {
        let load = load.clone();
        let deps = (settings.feed.clone(), settings.network.clone(), settings.trust(), *attempt);
        let settings = settings.clone();
        use_effect_with(deps, move |_| {
            load.set(Load::Loading);
            wasm_bindgen_futures::spawn_local(async move {
                match feed_source::load(&settings).await {
                    Ok(head) => load.set(Load::Ready(Rc::new(head))),
                    Err(e) => load.set(Load::Failed(e)),
                }
            });
        });
    }
    let retry = Callback::from(move |_| attempt.set(*attempt + 1));
    UseFeedHandle { load: (*load).clone(), retry }
}

/// The pool to search from `place` within `radius`: what of the feed or network can match that
/// search, fetched when the place or radius changes (the last search wins; tiles fetched once
/// are kept). Before a place is known, the labels and publisher with no profiles.
#[hook]
pub fn use_pool(head: Option<Rc<Head>>, place: Option<Place>, radius: u32, retry: u32) -> Load<Rc<LoadedFeed>> {
    let pool = use_state(|| Load::Loading);
    let cache: Rc<RefCell<Option<(usize, SharedCache)>>> = use_mut_ref(|| None);
    let generation = use_mut_ref(|| 0u64);
    let key = head.as_ref().map(|h| Rc::as_ptr(h) as usize);
    let deps = (key, place.map(|p| p.postcode), radius, retry);
    {
        let pool = pool.clone();
        use_effect_with(deps, move |_| {
            let now = *generation.borrow() + 1;
            *generation.borrow_mut() = now;
            let Some(head) = head else {
                pool.set(Load::Loading);
                return;
            };
            let Some(place) = place else {
                // In a task of its own: indexing the labels is long enough to count as blocking.
                return wasm_bindgen_futures::spawn_local(async move {
                    crate::clock::next_task().await;
                    if *generation.borrow() == now {
                        pool.set(tiles_source::empty(&head).map_or_else(Load::Failed, |f| Load::Ready(Rc::new(f))));
                    }
                });
            };
            let shared = {
                let mut slot = cache.borrow_mut();
                let id = Rc::as_ptr(&head) as usize;
                if slot.as_ref().is_none_or(|(of, _)| *of != id) {
                    *slot = Some((id, SharedCache::default()));
                }
                slot.as_ref().map(|(_, c)| c.clone()).unwrap_or_default()
            };
            pool.set(Load::Loading);
            wasm_bindgen_futures::spawn_local(async move {
                let gathered = tiles_source::gather(&head, &shared, &place, radius).await;
                if *generation.borrow() != now {
                    return;
                }
                crate::clock::mark("talentbrug:tiles-loaded");
                pool.set(gathered.map_or_else(Load::Failed, |f| Load::Ready(Rc::new(f))));
            });
        });
    }
    (*pool).clone()
}
