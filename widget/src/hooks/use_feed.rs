//! Loading the feed, again when the partner points the widget elsewhere or the employer asks.

use std::rc::Rc;

use yew::prelude::*;

use crate::feed_source::{self, LoadError, LoadedFeed};
use crate::settings::Trust;

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

/// Loads the feed at `feed` (checked as `trust` says; nothing is loaded without trust) when they
/// change, and again on `retry`.
#[hook]
pub fn use_feed(feed: Option<String>, trust: Result<Trust, LoadError>) -> UseFeedHandle {
    let load = use_state(|| Load::Loading);
    let attempt = use_state(|| 0u32);
    {
        let load = load.clone();
        use_effect_with((feed, trust, *attempt), move |(feed, trust, _)| {
            load.set(Load::Loading);
            let (feed, trust) = (feed.clone(), trust.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match feed_source::load(feed.as_deref(), trust).await {
                    Ok(loaded) => load.set(Load::Ready(Rc::new(loaded))),
                    Err(e) => load.set(Load::Failed(e)),
                }
            });
        });
    }
    let retry = Callback::from(move |_| attempt.set(*attempt + 1));
    UseFeedHandle { load: (*load).clone(), retry }
}
