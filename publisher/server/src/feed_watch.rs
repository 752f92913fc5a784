//! Keeping the served feed current: the files are polled, and a new consistent pair replaces the
//! snapshot in one pointer swap. Requests in flight keep the snapshot they started with.

use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, SystemTime};

use talentbrug_core::Timestamp;

use crate::feed_files::{check_pair, read_pair, FeedLoadError, FeedSnapshot, FeedSource, LoadedFeed};
use crate::log::log;
use talentbrug_inbox::record_served;
use talentbrug_inbox::sha256_hex;
use talentbrug_inbox::{Store, StoreError};

/// How often the files are looked at.
pub const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// The snapshot being served; swapped whole when a new publication arrives.
pub struct LiveFeed {
    current: RwLock<Arc<FeedSnapshot>>,
}

impl LiveFeed {
    /// Starts with `snapshot`.
    pub fn new(snapshot: FeedSnapshot) -> LiveFeed {
        LiveFeed { current: RwLock::new(Arc::new(snapshot)) }
    }

    /// The snapshot to use for one request.
    pub fn get(&self) -> Arc<FeedSnapshot> {
        match self.current.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn set(&self, snapshot: FeedSnapshot) {
        let snapshot = Arc::new(snapshot);
        match self.current.write() {
            Ok(mut guard) => *guard = snapshot,
            Err(poisoned) => *poisoned.into_inner() = snapshot,
        }
    }
}

/// Why the feed could not be served at start-up.
#[derive(Debug, thiserror::Error)]
pub enum StartFeedError {
    /// Reading or checking the files failed.
    #[error(transparent)]
    Load(#[from] FeedLoadError),
    /// Recording the feed in the inbox database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Loads the pair at start-up; it must be valid (and verified, with a public key).
pub fn load_initial(source: &FeedSource, store: &Mutex<Store>, now: Timestamp) -> Result<FeedSnapshot, StartFeedError> {
    let (feed, sig) = read_pair(source)?;
    let loaded = check_pair(source, feed, sig)?;
    Ok(install(loaded, store, now)?)
}

fn install(loaded: LoadedFeed, store: &Mutex<Store>, now: Timestamp) -> Result<FeedSnapshot, StoreError> {
    let LoadedFeed { feed, sig, ids, publisher_name } = loaded;
    let (sequence, expires_at, profiles) = (ids.sequence, ids.expires_at, ids.ids.len());
    if expires_at <= now {
        log(&format!("warning: the feed expired at {expires_at}; widgets refuse it until a new feed is published"));
    }
    let mut guard = match store.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    };
    let known = record_served(&mut guard, ids, now)?;
    log(&format!(
        "serving feed sequence {sequence} ({profiles} profiles, expires {expires_at}); {} ids of earlier feeds still accepted",
        known.earlier_count()
    ));
    Ok(FeedSnapshot { feed, sig, sequence, expires_at, profiles, known, publisher_name })
}

/// What to do with the files found on disk, compared with the pair being served.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Nothing changed.
    Unchanged,
    /// Only one of the two files changed: the publisher is between its two writes.
    WaitForPair,
    /// Check the pair and serve it when it is good.
    Take,
}

pub(crate) fn decide(has_key: bool, served: (&str, Option<&str>), found: (&str, Option<&str>)) -> Decision {
    let feed_changed = served.0 != found.0;
    let sig_changed = served.1 != found.1;
    match (feed_changed, sig_changed) {
        (false, false) => Decision::Unchanged,
        _ if has_key || found.1.is_none() => Decision::Take,
        (true, true) => Decision::Take,
        _ => Decision::WaitForPair,
    }
}

/// Why a publication found on disk (`file`, with sequence `found`) may not replace the served one
/// (sequence `served`), when the two differ in content; `None` when it may. A lower sequence is a
/// replay that widgets would refuse. The same sequence is refused too: profile ids are named by
/// sequence, tile and row, and requests are routed by id, so two publications under one sequence
/// would give one id to two people (a second publishing machine, or a restored backup).
pub(crate) fn sequence_refusal(file: &std::path::Path, found: u64, served: u64) -> Option<String> {
    let file = file.display();
    match found.cmp(&served) {
        std::cmp::Ordering::Greater => None,
        std::cmp::Ordering::Less => {
            Some(format!("{file} has sequence {found}, lower than the served {served}: not served, widgets would refuse it as a replay"))
        }
        std::cmp::Ordering::Equal => Some(format!(
            "{file} has the served sequence {served} but other content: not served, as its profile ids would name other people \
             than the served ones; publish again (`talentbrug publish` takes the next sequence)"
        )),
    }
}

/// A cheap look at a file: changes whenever it is replaced or rewritten.
pub(crate) fn stamp(path: &std::path::Path) -> Option<(u64, SystemTime, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&meta);
    #[cfg(not(unix))]
    let inode = 0;
    Some((meta.len(), meta.modified().ok()?, inode))
}

/// Polls the feed files until `stop` resolves, swapping in each new consistent pair.
pub async fn watch(source: FeedSource, live: Arc<LiveFeed>, store: Arc<Mutex<Store>>, mut stop: tokio::sync::watch::Receiver<bool>) {
    let mut last = (stamp(&source.feed), stamp(&source.sig));
    let mut last_complaint = String::new();
    loop {
        tokio::select! {
            _ = tokio::time::sleep(POLL_INTERVAL) => {}
            _ = stop.changed() => return,
        }
        let now_stamps = (stamp(&source.feed), stamp(&source.sig));
        if now_stamps == last || now_stamps.0.is_none() {
            continue;
        }
        let (source2, live2, store2) = (source.clone(), live.clone(), store.clone());
        let outcome = tokio::task::spawn_blocking(move || reload(&source2, &live2, &store2)).await;
        let complaint = match outcome {
            Ok(Ok(())) => String::new(),
            Ok(Err(Refusal { message, retry })) => {
                if retry {
                    // Look again at the next poll even though the files did not change.
                    if message != last_complaint {
                        log(&message);
                    }
                    last_complaint = message;
                    continue;
                }
                message
            }
            Err(e) => format!("feed reload stopped: {e}"),
        };
        last = now_stamps;
        if !complaint.is_empty() && complaint != last_complaint {
            log(&complaint);
        }
        last_complaint = complaint;
    }
}

/// Why a pair found on disk is not served (yet); the previous pair stays served.
struct Refusal {
    /// What to tell the operator.
    message: String,
    /// A passing problem (the database was busy, a file vanished): look again soon.
    retry: bool,
}

impl From<String> for Refusal {
    fn from(message: String) -> Refusal {
        Refusal { message, retry: false }
    }
}

/// Names a pair found on disk by the first 12 hex digits of each file's SHA-256, so the log says
/// which files a refusal was about (a publisher writes two files; a refusal of the half-written
/// pair and of the finished one read alike otherwise).
fn pair_name(feed_digest: &str, sig_digest: Option<&str>) -> String {
    let short = |digest: &str| digest.get(..12).unwrap_or(digest).to_owned();
    let sig = sig_digest.map_or_else(|| "none".to_owned(), |d| format!("sha256 {}", short(d)));
    format!("feed sha256 {}, signature {sig}", short(feed_digest))
}

/// Reads the files and serves them if they form a new, consistent, not older pair.
fn reload(source: &FeedSource, live: &LiveFeed, store: &Mutex<Store>) -> Result<(), Refusal> {
    let (feed, sig) = read_pair(source).map_err(|e| Refusal { message: format!("still serving the previous feed: {e}"), retry: true })?;
    let served = live.get();
    let feed_digest = sha256_hex(&feed);
    let sig_digest = sig.as_deref().map(sha256_hex);
    let pair = pair_name(&feed_digest, sig_digest.as_deref());
    let decision = decide(
        source.public_key.is_some(),
        (&served.feed.digest, served.sig.as_ref().map(|s| s.digest.as_str())),
        (&feed_digest, sig_digest.as_deref()),
    );
    match decision {
        Decision::Unchanged => Ok(()),
        Decision::WaitForPair => Err(Refusal::from(format!(
            "{} and {} are not both new yet; still serving sequence {} until the publisher has written both ({pair})",
            source.feed.display(),
            source.sig.display(),
            served.sequence
        ))),
        Decision::Take => {
            let loaded = check_pair(source, feed, sig)
                .map_err(|e| Refusal::from(format!("still serving sequence {}: {e} ({pair})", served.sequence)))?;
            if let Some(refusal) = sequence_refusal(&source.feed, loaded.ids.sequence, served.sequence) {
                return Err(Refusal::from(format!("{refusal} ({pair})")));
            }
            // A busy database passes; a sequence this inbox served with other content does not.
            let snapshot = install(loaded, store, talentbrug_private::now()).map_err(|e| Refusal {
                retry: !matches!(e, StoreError::SequenceReused { .. }),
                message: format!("still serving the previous feed: {e}"),
            })?;
            live.set(snapshot);
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_higher_sequence_replaces_the_served_one() {
        let file = std::path::Path::new("feed.json");
        assert_eq!(sequence_refusal(file, 8, 7), None);
        assert!(sequence_refusal(file, 6, 7).unwrap().contains("sequence 6, lower than the served 7"));
        let same = sequence_refusal(file, 7, 7).unwrap();
        assert!(same.contains("the served sequence 7 but other content") && same.contains("publish again"), "{same}");
    }

    #[test]
    fn a_refusal_names_the_pair_by_its_digests() {
        let (feed, sig) = (sha256_hex(b"feed"), sha256_hex(b"sig"));
        assert_eq!(pair_name(&feed, Some(&sig)), format!("feed sha256 {}, signature sha256 {}", &feed[..12], &sig[..12]));
        assert_eq!(pair_name(&feed, None), format!("feed sha256 {}, signature none", &feed[..12]));
    }

    #[test]
    fn a_half_written_publication_is_not_taken() {
        use Decision::*;
        let served = ("f1", Some("s1"));
        assert_eq!(decide(false, served, ("f1", Some("s1"))), Unchanged);
        assert_eq!(decide(false, served, ("f2", Some("s1"))), WaitForPair, "new feed, old signature");
        assert_eq!(decide(false, served, ("f1", Some("s2"))), WaitForPair, "old feed read just before the swap");
        assert_eq!(decide(false, served, ("f2", Some("s2"))), Take);
        assert_eq!(decide(false, served, ("f2", None)), Take, "an unsigned feed has no pair to wait for");
        assert_eq!(decide(true, served, ("f2", Some("s1"))), Take, "with the key, verification decides");
    }
}
