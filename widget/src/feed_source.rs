//! Getting the feed into the widget: fetch what the partner points at (and its `.sig` when the
//! partner gave a public key) and verify it with the core. A v1 `feed.json` is parsed and
//! indexed whole; a v2 `manifest.json` or a network manifest becomes a [`Head`], whose profiles
//! are fetched per search ([`crate::tiles_source`]).
//!
//! The v1 checks are pure ([`check`]) and tested natively; [`load`] only adds the fetching and
//! the sequence memory.

use talentbrug_core::calendar::Timestamp;
use talentbrug_core::{Feed, FeedError};

use std::rc::Rc;

use crate::feed_steps::Steps;
use crate::i18n::Text;
use crate::pool::LoadedFeed;
use crate::settings::{Settings, Trust};
use crate::tiles_source::{self, Head, Signed};
use crate::{clock, memory, urls};

/// Why no profiles are shown; each has its own sentence for the employer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadError {
    /// The partner set no `feed` attribute.
    NoFeed,
    /// The partner set neither `public-key` nor `unsigned`: nothing is loaded.
    NoKey,
    /// The feed or its signature could not be fetched.
    Unreachable,
    /// The feed is not a valid talentbrug feed.
    Invalid,
    /// The signature is missing, malformed or does not match the public key.
    Signature,
    /// The feed has expired.
    Expired,
    /// The feed is older than one seen before.
    RolledBack,
    /// A part of the feed near the search (a tile) is missing or not the one the feed signed.
    Tiles,
}

impl LoadError {
    /// The sentence shown to the employer.
    pub fn text(&self) -> Text {
        match self {
            LoadError::NoFeed => Text::ErrorNoFeed,
            LoadError::NoKey => Text::ErrorNoKey,
            LoadError::Unreachable => Text::ErrorUnreachable,
            LoadError::Invalid => Text::ErrorInvalid,
            LoadError::Signature => Text::ErrorSignature,
            LoadError::Expired => Text::ErrorExpired,
            LoadError::RolledBack => Text::ErrorRolledBack,
            LoadError::Tiles => Text::ErrorTiles,
        }
    }

    /// The variant's name, for the `data-error` attribute tests and pages can read (a match
    /// instead of `Debug` formatting: less wasm).
    pub fn name(&self) -> &'static str {
        match self {
            LoadError::NoFeed => "NoFeed",
            LoadError::NoKey => "NoKey",
            LoadError::Unreachable => "Unreachable",
            LoadError::Invalid => "Invalid",
            LoadError::Signature => "Signature",
            LoadError::Expired => "Expired",
            LoadError::RolledBack => "RolledBack",
            LoadError::Tiles => "Tiles",
        }
    }

    /// Whether trying again can help (a network problem), so a retry button is offered.
    pub fn retryable(&self) -> bool {
        matches!(self, LoadError::Unreachable | LoadError::Tiles)
    }
}

impl From<&FeedError> for LoadError {
    fn from(e: &FeedError) -> LoadError {
        match e {
            FeedError::Signature(_) => LoadError::Signature,
            FeedError::Expired { .. } => LoadError::Expired,
            FeedError::RolledBack { .. } => LoadError::RolledBack,
            _ => LoadError::Invalid,
        }
    }
}

/// What the partner's attributes lead to, checked.
#[derive(Debug)]
pub enum Source {
    /// A whole v1 feed, indexed.
    Whole(Rc<LoadedFeed>),
    /// A v2 feed's manifest or a network: the profiles are fetched per search.
    Head(Rc<Head>),
}

/// Whether fetched bytes are a feed v2 manifest (the publisher writes `format` first).
fn is_manifest(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(200)];
    head.windows(talentbrug_core::manifest::FORMAT_V2.len()).any(|w| w == talentbrug_core::manifest::FORMAT_V2.as_bytes())
}

/// Verifies (with a key), parses and checks feed bytes. Without a key only expiry is checked;
/// with one, the signature is checked before anything is parsed, then expiry and sequence.
pub fn check(
    bytes: &[u8],
    signature: Option<&str>,
    public_key: Option<&str>,
    now: Timestamp,
    seen: Option<u64>,
) -> Result<Feed, FeedError> {
    match public_key {
        Some(key) => Feed::parse_signed(bytes, signature.unwrap_or(""), key, now, seen),
        None => {
            let feed = Feed::parse(bytes)?;
            feed.check_current(now, None)?;
            Ok(feed)
        }
    }
}

/// Longest piece of parsing between two yields to the page, in ms (Lighthouse counts a task
/// as blocking above 50 ms on a CPU it slows down 4 times).
const SLICE_MS: f64 = 6.0;

/// [`check`], giving the page's main thread back between the signature, every few
/// milliseconds of parsing ([`crate::feed_steps`]) and the checks. Same results: whenever the
/// stepped parse refuses, the core's whole-feed parser decides (and names the error).
async fn check_in_steps(bytes: &[u8], signature: Option<&str>, public_key: Option<&str>, seen: Option<u64>) -> Result<Feed, FeedError> {
    if let Some(key) = public_key {
        talentbrug_core::signature::verify(bytes, signature.unwrap_or(""), key)?;
        clock::next_task().await;
    }
    let mut steps = Steps::new(bytes);
    let mut started = clock::monotonic_ms();
    let feed = loop {
        match steps.step() {
            Some(false) if clock::monotonic_ms() - started < SLICE_MS => {}
            Some(false) => {
                clock::next_task().await;
                started = clock::monotonic_ms();
            }
            Some(true) => break steps.finish()?,
            None => break Feed::parse(bytes)?,
        }
    };
    feed.check_current(clock::now(), seen)?;
    Ok(feed)
}

async fn fetch_bytes(url: &str) -> Result<Vec<u8>, LoadError> {
    match crate::fetch::get(url).await {
        Ok(answer) if answer.ok() => Ok(answer.body),
        _ => Err(LoadError::Unreachable),
    }
}

/// Fetches and verifies what `settings` point at: a network (with its operator's key), or a
/// feed (as `trust` says); a v1 feed is indexed whole.
pub async fn load(settings: &Settings) -> Result<Source, LoadError> {
    if let Some(network) = &settings.network {
        let url = urls::absolute(network, None).ok_or(LoadError::NoFeed)?;
        let Trust::Key(key) = settings.trust()? else { return Err(LoadError::NoKey) };
        return Ok(Source::Head(Rc::new(tiles_source::load_network(&url, &key).await?)));
    }
    // No feed is the first thing to say: without one, the key does not matter.
    let feed = settings.feed.as_deref().ok_or(LoadError::NoFeed)?;
    let trust = settings.trust()?;
    let url = urls::absolute(feed, None).ok_or(LoadError::NoFeed)?;
    let key = match trust {
        Trust::Key(key) => Some(key),
        Trust::Unsigned => None,
    };
    let public_key = key.as_deref();
    let signature = async {
        match public_key {
            Some(_) => {
                let sig_url = urls::signature_of(&url).ok_or(LoadError::NoFeed)?;
                let bytes = fetch_bytes(&sig_url).await?;
                Ok::<_, LoadError>(Some(String::from_utf8(bytes).map_err(|_| LoadError::Signature)?))
            }
            None => Ok(None),
        }
    };
    let (bytes, signature) = futures_util::join!(fetch_bytes(&url), signature);
    let (bytes, signature) = (bytes?, signature?);
    clock::mark("talentbrug:feed-fetched");
    if is_manifest(&bytes) {
        let manifest = tiles_source::check_manifest(&url, &bytes, signature.as_deref(), public_key).await?;
        let org = tiles_source::org_of_publisher(&manifest.publisher, &url);
        return Ok(Source::Head(Rc::new(Head::Feed(Rc::new(Signed { org, url, manifest })))));
    }
    clock::next_task().await;
    let seen = public_key.and_then(memory::seen_sequence);
    let feed = check_in_steps(&bytes, signature.as_deref(), public_key, seen).await.map_err(|e| {
        web_sys::console::warn_1(&format!("talent-brug: the feed at {url} was refused: {e}").into());
        LoadError::from(&e)
    })?;
    if let Some(key) = public_key {
        memory::remember_sequence(key, feed.sequence);
    }
    clock::mark("talentbrug:feed-checked");
    clock::next_task().await;
    let org = tiles_source::org_of_publisher(&feed.publisher, &url);
    let loaded = LoadedFeed::single(feed, org);
    clock::mark("talentbrug:feed-indexed");
    clock::next_task().await;
    Ok(Source::Whole(Rc::new(loaded)))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use ed25519_dalek::{Signer, SigningKey};
    use talentbrug_core::signature::to_base64;

    /// A small valid feed as JSON, for tests across the crate.
    pub(crate) fn feed_json(sequence: u64, expires: &str) -> String {
        format!(
            r#"{{"format":"talentbrug-feed/1",
            "publisher":{{"name":"Werkpunt Demo","contact":"jobs@werkpunt.example","request_url":"/api/requests","privacy_url":"/privacy.html"}},
            "issued_at":"2026-11-01T00:00:00Z","expires_at":"{expires}","sequence":{sequence},
            "occupations":{{"0019b951-c699-4191-8208-9822882d150c":{{"label":"magazijnmedewerker"}}}},
            "profiles":[{{"id":"p1","area":{{"postcode":"BE-3000","label":"Leuven","lat":50.8796,"lon":4.7009}},
            "reach_km":12,"travel_modes":["bike"],"occupations":["0019b951-c699-4191-8208-9822882d150c"],
            "talents":["order_picking"],"strengths":["punctual"],"languages":[{{"lang":"nl","level":"B1"}}],
            "hours":{{"min":20,"max":30}},"shifts":["day"],"available_from":"2026-11","contract_forms":["temp"],
            "job_coaching":true,"workplace_needs":["quiet_workplace"],"pitch":"Ik werk graag met mijn handen."}}]}}"#
        )
    }

    fn now() -> Timestamp {
        "2026-11-15T00:00:00Z".parse().unwrap()
    }

    fn signed(bytes: &[u8]) -> (String, String) {
        let key = SigningKey::from_bytes(&[7u8; 32]);
        (to_base64(&key.sign(bytes).to_bytes()), to_base64(key.verifying_key().as_bytes()))
    }

    #[test]
    fn unsigned_feeds_are_parsed_and_expiry_checked() {
        let ok = feed_json(3, "2026-12-01T00:00:00Z");
        assert_eq!(check(ok.as_bytes(), None, None, now(), None).unwrap().profiles.len(), 1);
        let expired = feed_json(3, "2026-11-02T00:00:00Z");
        let err = check(expired.as_bytes(), None, None, now(), None).unwrap_err();
        assert_eq!(LoadError::from(&err), LoadError::Expired);
        let err = check(b"{\"format\":\"talentbrug-feed/1\"}", None, None, now(), None).unwrap_err();
        assert_eq!(LoadError::from(&err), LoadError::Invalid);
    }

    #[test]
    fn with_a_key_the_signature_and_sequence_must_hold() {
        let bytes = feed_json(3, "2026-12-01T00:00:00Z").into_bytes();
        let (sig, key) = signed(&bytes);
        assert!(check(&bytes, Some(&sig), Some(&key), now(), Some(3)).is_ok());
        let refuse = |bytes: &[u8], sig: Option<&str>, seen| LoadError::from(&check(bytes, sig, Some(&key), now(), seen).unwrap_err());
        assert_eq!(refuse(&bytes, None, None), LoadError::Signature);
        let mut tampered = bytes.clone();
        let at = tampered.len() - 10;
        tampered[at] ^= 1;
        assert_eq!(refuse(&tampered, Some(&sig), None), LoadError::Signature);
        assert_eq!(refuse(&bytes, Some(&sig), Some(4)), LoadError::RolledBack);
        let (_, other_key) = {
            let k = SigningKey::from_bytes(&[9u8; 32]);
            ((), to_base64(k.verifying_key().as_bytes()))
        };
        let err = check(&bytes, Some(&sig), Some(&other_key), now(), None).unwrap_err();
        assert_eq!(LoadError::from(&err), LoadError::Signature);
        assert!(LoadError::Unreachable.retryable() && !LoadError::Signature.retryable());
    }
}
