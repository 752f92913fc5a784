//! `loadNetwork` and `TalentNetwork`: a signed network of coaching organisations, each member's
//! feed v2 fetched (with the key the network lists for it) when a search comes near it.

use std::cell::RefCell;
use std::rc::Rc;

use serde::Serialize;
use talentbrug_core::api::ProfileOutput;
use talentbrug_core::network::{Member, MemberId, NetworkManifest};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::convert::{js_now, js_today, promise, query_input, to_js};
use crate::feed_tiles::{fill, FeedTiles, SharedFeed};
use crate::fetcher::{resolve, started_bytes, Fetcher};
use crate::load_error::LoadError;
use crate::network_results::{search_members, MemberFeed, MemberOutput, MissingOutput};
use crate::options;

/// A network being read. Its few per-member lists are searched in order: a network has at most
/// 1,000 members and a search reads a handful.
struct NetworkState {
    url: String,
    manifest: NetworkManifest,
    fetcher: Fetcher,
    /// Per member id, the highest feed sequence seen: passed in, raised by every feed loaded.
    seen: RefCell<Vec<(String, u64)>>,
    /// The members' feeds loaded so far.
    feeds: RefCell<Vec<(MemberId, SharedFeed)>>,
}

impl NetworkState {
    fn feed(&self, id: &MemberId) -> Option<SharedFeed> {
        self.feeds.borrow().iter().find(|(m, _)| m == id).map(|(_, f)| Rc::clone(f))
    }

    fn seen(&self, id: &MemberId) -> Option<u64> {
        self.seen.borrow().iter().find(|(m, _)| m == id.as_str()).map(|&(_, s)| s)
    }

    /// Notes a member's feed sequence as seen.
    fn saw(&self, id: &MemberId, sequence: u64) {
        let mut seen = self.seen.borrow_mut();
        match seen.iter_mut().find(|(m, _)| m == id.as_str()) {
            Some((_, s)) => *s = (*s).max(sequence),
            None => seen.push((id.to_string(), sequence)),
        }
    }
}

/// Fetches `network.json` and `network.json.sig` and checks them (the operator's signature with
/// `options.networkKey`, expiry, `options.seenSequence`); no member's feed is fetched yet.
/// Rejects with a `TalentbrugError` (see `reason`).
#[wasm_bindgen(js_name = loadNetwork, unchecked_return_type = "Promise<TalentNetwork>")]
pub fn load_network(
    #[wasm_bindgen(js_name = networkUrl)] network_url: String,
    #[wasm_bindgen(unchecked_param_type = "LoadNetworkOptions")] options: JsValue,
) -> js_sys::Promise {
    promise(async move { TalentNetwork::load(&network_url, &options).await.map(JsValue::from) })
}

/// A signed network whose members' feeds are fetched as searches need them.
#[wasm_bindgen]
pub struct TalentNetwork {
    state: Rc<NetworkState>,
}

#[derive(Serialize)]
struct NetworkProfile<'a> {
    id: String,
    member: MemberOutput,
    profile: ProfileOutput<'a>,
}

impl TalentNetwork {
    /// What `loadNetwork` resolves to, for Rust callers.
    pub async fn load(network_url: &str, options: &JsValue) -> Result<TalentNetwork, JsValue> {
        let key = options::text(options, "networkKey")?;
        let seen = options::seen_sequence(options)?;
        let seen_members = options::seen_sequences(options)?;
        let fetcher = options::fetcher(options)?;
        let url = resolve(network_url, None).ok_or_else(|| LoadError::Options(format!("`{network_url}` is not a URL")))?;
        let sig_url = format!("{url}.sig");
        let signature = fetcher.start_bytes(sig_url.clone());
        let bytes = fetcher.bytes(&url).await?;
        let signature = started_bytes(&sig_url, JsFuture::from(signature).await)?;
        let manifest = NetworkManifest::parse_signed(&bytes, String::from_utf8_lossy(&signature).trim(), &key, js_now(), seen)
            .map_err(|source| LoadError::Network { url: url.clone(), source })?;
        let state = NetworkState { url, manifest, fetcher, seen: RefCell::new(seen_members), feeds: RefCell::default() };
        Ok(TalentNetwork { state: Rc::new(state) })
    }
}

#[wasm_bindgen]
impl TalentNetwork {
    /// Runs a search over every member whose box comes within the radius: fetches their
    /// manifests (once) and the tiles near the search, all at once, each checked with its
    /// member's key. Resolves to `{ origin, total, matches, missing }`: each match carries its
    /// `member` and a namespaced `id` (`member/profile`); a member whose feed or tiles failed is
    /// in `missing` with a `reason`, and the others' results are still given. Rejects with a
    /// `TalentbrugError` when the query is bad (`query`) or the network manifest has expired
    /// since it was loaded (`expired`).
    #[wasm_bindgen(unchecked_return_type = "Promise<NetworkSearchResult>")]
    pub fn search(&self, #[wasm_bindgen(unchecked_param_type = "SearchQuery")] query: JsValue) -> js_sys::Promise {
        promise(search(Rc::clone(&self.state), query))
    }

    /// The network's name.
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> String {
        self.state.manifest.name.clone()
    }

    /// The network manifest's sequence: keep the highest seen and pass it as `seenSequence`.
    #[wasm_bindgen(getter)]
    pub fn sequence(&self) -> f64 {
        self.state.manifest.sequence as f64
    }

    /// When the network manifest expires (`YYYY-MM-DDTHH:MM:SSZ`).
    #[wasm_bindgen(getter, js_name = expiresAt)]
    pub fn expires_at(&self) -> String {
        self.state.manifest.expires_at.to_string()
    }

    /// Who runs the network.
    #[wasm_bindgen(getter, unchecked_return_type = "NetworkOperator")]
    pub fn operator(&self) -> Result<JsValue, JsError> {
        to_js(&self.state.manifest.operator)
    }

    /// The members, in the network's order, with absolute request and privacy URLs.
    #[wasm_bindgen(getter, unchecked_return_type = "NetworkMember[]")]
    pub fn members(&self) -> Result<JsValue, JsError> {
        to_js(&self.state.manifest.members.iter().map(MemberOutput::of).collect::<Vec<_>>())
    }

    /// Per member id, the highest feed sequence seen (passed in or loaded): keep it and pass it
    /// as `seenSequences` next time.
    #[wasm_bindgen(getter, js_name = memberSequences, unchecked_return_type = "Record<string, number>")]
    pub fn member_sequences(&self) -> JsValue {
        let out = js_sys::Object::new();
        for (id, sequence) in self.state.seen.borrow().iter() {
            // Setting a property on a fresh plain object cannot fail.
            let _ = js_sys::Reflect::set(&out, &JsValue::from_str(id), &JsValue::from(*sequence as f64));
        }
        out.into()
    }

    /// A profile by its namespaced id (`member/profile`) among the tiles searched so far, with its
    /// member, or `undefined`.
    #[wasm_bindgen(unchecked_return_type = "NetworkProfile | undefined")]
    pub fn profile(&self, id: &str) -> Result<JsValue, JsValue> {
        let Some((member_id, profile_id)) = id.split_once('/') else { return Ok(JsValue::UNDEFINED) };
        let Some(member) = member_id.parse().ok().and_then(|m: MemberId| self.state.manifest.member(&m)) else {
            return Ok(JsValue::UNDEFINED);
        };
        let Some(feed) = self.state.feed(&member.id) else { return Ok(JsValue::UNDEFINED) };
        let mut f = feed.borrow_mut();
        f.flush()?;
        match f.index.profile(profile_id) {
            Some(p) => Ok(to_js(&NetworkProfile {
                id: member.id.namespaced(profile_id),
                member: MemberOutput::of(member),
                profile: ProfileOutput::new(&f.index, p),
            })?),
            None => Ok(JsValue::UNDEFINED),
        }
    }
}

/// The member's feed: the one loaded before while its manifest is current, else fetched and
/// checked with the member's key and the highest sequence seen for it.
async fn member_feed(state: &NetworkState, member: &Member) -> Result<SharedFeed, LoadError> {
    if let Some(feed) = state.feed(&member.id) {
        let current = feed.borrow().check_current();
        match current {
            Ok(()) => return Ok(feed),
            // Expired while the page stayed open: fetch it again, a newer one may be out.
            Err(_) => state.feeds.borrow_mut().retain(|(id, _)| *id != member.id),
        }
    }
    let tiles = FeedTiles::load(&member.feed, &member.public_key, state.seen(&member.id), state.fetcher.clone()).await?;
    state.saw(&member.id, tiles.manifest.sequence);
    // Another search may have loaded it meanwhile: keep one, so tiles are fetched once.
    if let Some(feed) = state.feed(&member.id) {
        return Ok(feed);
    }
    let feed = Rc::new(RefCell::new(tiles));
    state.feeds.borrow_mut().push((member.id.clone(), Rc::clone(&feed)));
    Ok(feed)
}

type Outcomes = Rc<RefCell<Vec<(MemberId, Result<SharedFeed, LoadError>)>>>;

/// Loads a member's feed and the tiles a search needs, and notes the outcome.
async fn member_task(state: Rc<NetworkState>, member: Member, at: (f64, f64, f64), outcomes: Outcomes) -> Result<JsValue, JsValue> {
    let (lat, lon, radius_km) = at;
    let outcome = match member_feed(&state, &member).await {
        Ok(feed) => fill(&feed, lat, lon, radius_km).await.map(|()| feed),
        Err(e) => Err(e),
    };
    outcomes.borrow_mut().push((member.id, outcome));
    Ok(JsValue::UNDEFINED)
}

async fn search(state: Rc<NetworkState>, query: JsValue) -> Result<JsValue, JsValue> {
    let input = query_input(query).map_err(LoadError::Query)?;
    let (query, place, limit) = input.to_query(js_today()).map_err(LoadError::from)?;
    state.manifest.check_current(js_now(), None).map_err(|source| LoadError::Network { url: state.url.clone(), source })?;
    let radius_km = query.radius.km();
    let near: Vec<Member> = state.manifest.members_near(place.lat, place.lon, radius_km).cloned().collect();
    // Every member at once: each task starts its requests before the first is awaited.
    let outcomes: Outcomes = Rc::default();
    let tasks: Vec<js_sys::Promise> = near
        .iter()
        .map(|m| promise(member_task(Rc::clone(&state), m.clone(), (place.lat, place.lon, radius_km), Rc::clone(&outcomes))))
        .collect();
    for task in tasks {
        JsFuture::from(task).await?;
    }
    let mut outcomes = std::mem::take(&mut *outcomes.borrow_mut());
    let mut loaded: Vec<(&Member, SharedFeed)> = Vec::new();
    let mut missing = Vec::new();
    for member in &near {
        let outcome = outcomes.iter().position(|(id, _)| *id == member.id).map(|i| outcomes.swap_remove(i).1);
        match outcome {
            Some(Ok(feed)) => loaded.push((member, feed)),
            Some(Err(e)) => missing.push(MissingOutput::new(member, &e)),
            // Every task notes its outcome before it resolves; kept apart only to never panic.
            None => {
                missing.push(MissingOutput::new(member, &LoadError::Unreachable { url: member.feed.clone(), message: "no answer".into() }))
            }
        }
    }
    let mut guards = Vec::new();
    for (member, feed) in &loaded {
        let mut f = feed.borrow_mut();
        match f.flush() {
            Ok(()) => guards.push((*member, f)),
            Err(e) => missing.push(MissingOutput::new(member, &e)),
        }
    }
    let feeds: Vec<MemberFeed> = guards.iter().map(|(member, f)| MemberFeed { member, index: &f.index }).collect();
    let out = search_members((&place).into(), &feeds, &query, limit, missing);
    Ok(to_js(&out)?)
}
