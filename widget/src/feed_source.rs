//! Getting the feed into the widget: fetch what the partner points at (and its `.sig` when the
//! partner gave a public key) and verify it with the core. A feed v2 `manifest.json` or a
//! network manifest becomes a [`Head`], whose profiles are fetched per search
//! ([`crate::tiles_source`]). The widget reads nothing else: a v1 `feed.json` is refused, so no
//! JSON feed reader is linked into it.

use std::rc::Rc;

use crate::i18n::Text;
use crate::settings::{Settings, Trust};
use crate::tiles_source::{self, Head, Signed};
use crate::{clock, urls};

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

/// Whether fetched bytes are a feed v2 manifest (the publisher writes `format` first).
fn is_manifest(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(200)];
    head.windows(talentbrug_core::manifest::FORMAT_V2.len()).any(|w| w == talentbrug_core::manifest::FORMAT_V2.as_bytes())
}

/// Tells the partner, in the console, why the feed they pointed at is not read: most likely a
/// v1 `feed.json`, which the widget no longer reads.
fn warn_not_manifest(url: &str) {
    let message = format!(
        "talent-brug: {url} is not a feed manifest. The widget reads only `talentbrug-feed/2` manifests (manifest.json); \
         `talentbrug publish` writes one next to feed.json: point the widget's feed attribute at it."
    );
    web_sys::console::warn_1(&message.into());
}

async fn fetch_bytes(url: &str) -> Result<Vec<u8>, LoadError> {
    match crate::fetch::get(url).await {
        Ok(answer) if answer.ok() => Ok(answer.body),
        _ => Err(LoadError::Unreachable),
    }
}

/// Fetches and verifies what `settings` point at: a network (with its operator's key), or a
/// feed v2 manifest (as `trust` says). Anything else at the feed's address (a v1 `feed.json`)
/// is refused as [`LoadError::Invalid`], with a console warning saying what to point at.
pub async fn load(settings: &Settings) -> Result<Head, LoadError> {
    if let Some(network) = &settings.network {
        let url = urls::absolute(network, None).ok_or(LoadError::NoFeed)?;
        let Trust::Key(key) = settings.trust()? else { return Err(LoadError::NoKey) };
        return tiles_source::load_network(&url, &key).await;
    }
    // No feed is the first thing to say: without one, the key does not matter.
    let feed = settings.feed.as_deref().ok_or(LoadError::NoFeed)?;
    let trust = settings.trust()?;
    let url = urls::absolute(feed, None).ok_or(LoadError::NoFeed)?;
    let key = match trust {
        Trust::Key(key) => Some(key),
        Trust::Unsigned => None,
    };
    tiles_source::once_more_if_unsigned(|| load_feed(&url, key.as_deref())).await
}

/// Fetches the feed v2 manifest at `url` (with its signature when there is a `public_key`) and
/// checks it.
async fn load_feed(url: &str, public_key: Option<&str>) -> Result<Head, LoadError> {
    let signature = async {
        match public_key {
            Some(_) => {
                let sig_url = urls::signature_of(url).ok_or(LoadError::NoFeed)?;
                let bytes = fetch_bytes(&sig_url).await?;
                Ok::<_, LoadError>(Some(String::from_utf8(bytes).map_err(|_| LoadError::Signature)?))
            }
            None => Ok(None),
        }
    };
    let (bytes, signature) = futures_util::join!(fetch_bytes(url), signature);
    let bytes = bytes?;
    // What is not a manifest is refused as such, whether or not a signature sits next to it.
    if !is_manifest(&bytes) {
        warn_not_manifest(url);
        return Err(LoadError::Invalid);
    }
    let signature = signature?;
    clock::mark("talentbrug:feed-fetched");
    let manifest = tiles_source::check_manifest(url, &bytes, signature.as_deref(), public_key).await?;
    let org = tiles_source::org_of_publisher(&manifest.publisher, url);
    Ok(Head::Feed(Rc::new(Signed { org, url: url.to_owned(), manifest })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_v2_manifest_is_taken_for_one() {
        assert!(is_manifest(br#"{"format":"talentbrug-feed/2","publisher":{}}"#));
        assert!(is_manifest(br#"{"format":"talentbrug-feed/2","#));
        assert!(!is_manifest(br#"{"format":"talentbrug-feed/1","profiles":[]}"#));
        assert!(!is_manifest(br#"{"format":"talentbrug-network/1"}"#));
        assert!(!is_manifest(b""));
    }

    #[test]
    fn only_network_trouble_is_worth_a_retry() {
        assert!(LoadError::Unreachable.retryable() && LoadError::Tiles.retryable());
        assert!(!LoadError::Signature.retryable() && !LoadError::Invalid.retryable());
    }
}
