//! Getting the feed into the widget: fetch `feed.json` (and `feed.json.sig` when the partner
//! gave a public key), verify and parse it with the core, and index it.
//!
//! The checks are pure ([`check`]) and tested natively; [`load`] only adds the fetching and the
//! sequence memory.

use talentbrug_core::calendar::Timestamp;
use talentbrug_core::{Feed, FeedError, FeedIndex};

use crate::feed_steps::Steps;
use crate::i18n::Text;
use crate::settings::Trust;
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
        }
    }

    /// Whether trying again can help (a network problem), so a retry button is offered.
    pub fn retryable(&self) -> bool {
        matches!(self, LoadError::Unreachable)
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

/// A feed ready to search, with the address it came from (requests and privacy links on the
/// feed's host are resolved against it).
#[derive(Debug)]
pub struct LoadedFeed {
    /// The indexed feed.
    pub index: FeedIndex,
    /// The feed's absolute URL.
    pub url: String,
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

/// Fetches, verifies (as `trust` says) and indexes the feed at `feed` (as the partner wrote it).
pub async fn load(feed: Option<&str>, trust: Result<Trust, LoadError>) -> Result<LoadedFeed, LoadError> {
    let url = urls::absolute(feed.ok_or(LoadError::NoFeed)?, None).ok_or(LoadError::NoFeed)?;
    let key = match trust? {
        Trust::Key(key) => Some(key),
        Trust::Unsigned => None,
    };
    let public_key = key.as_deref();
    let signature = match public_key {
        Some(_) => {
            let sig_url = urls::signature_of(&url).ok_or(LoadError::NoFeed)?;
            let bytes = fetch_bytes(&sig_url).await?;
            Some(String::from_utf8(bytes).map_err(|_| LoadError::Signature)?)
        }
        None => None,
    };
    let bytes = fetch_bytes(&url).await?;
    clock::mark("talentbrug:feed-fetched");
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
    let index = FeedIndex::new(feed);
    clock::mark("talentbrug:feed-indexed");
    clock::next_task().await;
    Ok(LoadedFeed { index, url })
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
