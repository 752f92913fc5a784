//! The feed being served: `feed.json` and `feed.json.sig` read together into memory as one
//! snapshot, so clients always get a matching pair even while the publisher replaces the files.
//!
//! `talentbrug publish` replaces the two files one after the other (signature, then feed), each
//! atomically; a reader can catch one new file with the other old for a moment. A pair is taken
//! only when it is consistent: with `--public-key`, when the signature verifies; without it,
//! when both files changed since the served pair (or the feed has no signature file at all).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use talentbrug_core::{Feed, FeedError, Timestamp};

use crate::cached_bytes::CachedBytes;
use talentbrug_inbox::{FeedIds, KnownProfiles};

/// Where the feed lives and how to check it.
#[derive(Clone, Debug)]
pub struct FeedSource {
    /// `feed.json`.
    pub feed: PathBuf,
    /// `feed.json.sig` (the feed's path with `.sig` appended).
    pub sig: PathBuf,
    /// The organisation's public key (base64), when known: then only verified pairs are served.
    pub public_key: Option<String>,
}

impl FeedSource {
    /// The feed at `feed`, its signature next to it.
    pub fn new(feed: &Path, public_key: Option<String>) -> FeedSource {
        FeedSource { feed: feed.to_owned(), sig: talentbrug_private::signature_path(feed), public_key }
    }
}

/// Why a feed pair was not (or not yet) taken.
#[derive(Debug, thiserror::Error)]
pub enum FeedLoadError {
    /// A file could not be read.
    #[error("{path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// The feed does not parse, or its signature does not match the key.
    #[error("{path}: {source}")]
    Invalid {
        /// The feed file.
        path: PathBuf,
        /// Why.
        #[source]
        source: FeedError,
    },
    /// `--public-key` was given but there is no signature file.
    #[error("{0}: missing; with --public-key the feed must be signed")]
    MissingSignature(PathBuf),
}

/// A feed pair read from disk, checked, not yet recorded as served.
pub struct LoadedFeed {
    /// `feed.json`.
    pub feed: CachedBytes,
    /// `feed.json.sig`, if there is one.
    pub sig: Option<CachedBytes>,
    /// The feed's ids and identity.
    pub ids: FeedIds,
    /// The organisation's name as the feed publishes it.
    pub publisher_name: String,
}

/// Reads both files.
pub fn read_pair(source: &FeedSource) -> Result<(Vec<u8>, Option<Vec<u8>>), FeedLoadError> {
    let feed = std::fs::read(&source.feed).map_err(|e| FeedLoadError::Read { path: source.feed.clone(), source: e })?;
    let sig = match std::fs::read(&source.sig) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(FeedLoadError::Read { path: source.sig.clone(), source: e }),
    };
    Ok((feed, sig))
}

/// Checks a pair (signature first when the key is known, then the feed itself) and prepares it.
pub fn check_pair(source: &FeedSource, feed: Vec<u8>, sig: Option<Vec<u8>>) -> Result<LoadedFeed, FeedLoadError> {
    let invalid = |e| FeedLoadError::Invalid { path: source.feed.clone(), source: e };
    let parsed = match (&source.public_key, &sig) {
        (Some(key), Some(sig)) => {
            let sig = String::from_utf8_lossy(sig);
            talentbrug_core::signature::verify(&feed, &sig, key).map_err(|e| invalid(FeedError::Signature(e)))?;
            Feed::parse(&feed).map_err(invalid)?
        }
        (Some(_), None) => return Err(FeedLoadError::MissingSignature(source.sig.clone())),
        (None, _) => Feed::parse(&feed).map_err(invalid)?,
    };
    let ids: HashSet<Box<str>> = parsed.profiles.iter().map(|p| Box::<str>::from(p.id.as_str())).collect();
    let feed = CachedBytes::new(feed, "application/json");
    let sig = sig.map(|s| CachedBytes::new(s, "text/plain; charset=utf-8"));
    let ids = FeedIds { hash: feed.digest.clone(), sequence: parsed.sequence, expires_at: parsed.expires_at, ids };
    Ok(LoadedFeed { feed, sig, ids, publisher_name: parsed.publisher.name.clone() })
}

/// The pair being served, with the ids requests may name.
#[derive(Debug)]
pub struct FeedSnapshot {
    /// `feed.json`.
    pub feed: CachedBytes,
    /// `feed.json.sig`.
    pub sig: Option<CachedBytes>,
    /// The feed's sequence.
    pub sequence: u64,
    /// The feed's expiry.
    pub expires_at: Timestamp,
    /// Number of profiles.
    pub profiles: usize,
    /// The organisation's name as the feed publishes it (the employer's vacancy page names it).
    pub publisher_name: String,
    /// Ids acceptable in requests (this feed's and recently replaced feeds').
    pub known: KnownProfiles,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_path_sits_next_to_the_feed() {
        let s = FeedSource::new(Path::new("/srv/org/feed.json"), None);
        assert_eq!(s.sig, PathBuf::from("/srv/org/feed.json.sig"));
    }

    #[test]
    fn a_broken_feed_or_a_missing_signature_is_refused_with_the_path() {
        let source = FeedSource::new(Path::new("/srv/org/feed.json"), None);
        let err = check_pair(&source, b"{\"format\":\"talentbrug-feed/1\"}".to_vec(), None).err().unwrap().to_string();
        assert!(err.starts_with("/srv/org/feed.json: "), "{err}");
        let keyed = FeedSource::new(Path::new("feed.json"), Some("PUAXw+hDiVqStwqnTRt+vJyYLM8uxJaMwM1V8Sr0Zgw=".into()));
        let err = check_pair(&keyed, b"{}".to_vec(), None).err().unwrap().to_string();
        assert!(err.contains("feed.json.sig: missing"), "{err}");
        let err = check_pair(&keyed, b"{}".to_vec(), Some(b"AAAA".to_vec())).err().unwrap().to_string();
        assert!(err.contains("signature"), "{err}");
    }
}
