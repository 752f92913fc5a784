//! Loading the feed, again when the partner points the widget elsewhere or the employer asks.

use std::rc::Rc;

use yew::prelude::*;

use crate::feed_source::{self, LoadError, LoadedFeed};

/// Where the feed is.
#[derive(Clone)]
pub enum Load {
    /// Being fetched and checked.
    Loading,
    /// Refused or unreachable.
    Failed(LoadError),
    /// Checked and indexed.
    Ready(Rc<LoadedFeed>),
}

/// What [`use_feed`] gives.
pub struct UseFeedHandle {
    /// Where the feed is.
    pub load: Load,
    /// Loads it again.
    pub retry: Callback<()>,
}

/// Loads the feed at `feed` (checked with `public_key` if given) when they change, and again
/// on `retry`.
#[hook]
pub fn use_feed(feed: Option<String>, public_key: Option<String>) -> UseFeedHandle {
    let load = use_state(|| Load::Loading);
    let attempt = use_state(|| 0u32);
    {
        let load = load.clone();
        use_effect_with((feed, public_key, *attempt), move |(feed, key, _)| {
            load.set(Load::Loading);
            let (feed, key) = (feed.clone(), key.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match feed_source::load(feed.as_deref(), key.as_deref()).await {
                    Ok(loaded) => load.set(Load::Ready(Rc::new(loaded))),
                    Err(e) => load.set(Load::Failed(e)),
                }
            });
        });
    }
    let retry = Callback::from(move |_| attempt.set(*attempt + 1));
    UseFeedHandle { load: (*load).clone(), retry }
}
