//! Keeping the served feed v2 current, as `feed_watch` keeps the v1 feed: the manifest and its
//! signature are polled, and a new manifest replaces the snapshot in one pointer swap only when
//! it is consistent (signature, or both files new without a key), not older than the served one,
//! and every tile it lists is present and valid. Until then the previous manifest (and its
//! tiles) stays served; a refusal is logged once, naming the tile.
//!
//! Unlike the v1 feed, a manifest is optional while the widget still reads v1: a server starts
//! without one (the v2 routes answer 404) and serves the first good one that appears.

use std::sync::{Arc, RwLock};

use talentbrug_inbox::sha256_hex;

use crate::feed_files::{read_pair, FeedSource};
use crate::feed_watch::{decide, stamp, Decision, POLL_INTERVAL};
use crate::log::log;
use crate::manifest_files::{check_manifest, ManifestSnapshot};

/// While a manifest waits for its tiles, they are read again every this many polls (2 s): often
/// enough to serve it soon after the last tile lands, seldom enough not to hash a large feed's
/// tiles twice a second.
const RETRY_EVERY_POLLS: u32 = 4;

/// The manifest snapshot being served, if any; swapped whole.
#[derive(Default)]
pub struct LiveManifest {
    current: RwLock<Option<Arc<ManifestSnapshot>>>,
}

impl LiveManifest {
    /// The snapshot to use for one request.
    pub fn get(&self) -> Option<Arc<ManifestSnapshot>> {
        match self.current.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn set(&self, snapshot: ManifestSnapshot) {
        let snapshot = Some(Arc::new(snapshot));
        match self.current.write() {
            Ok(mut guard) => *guard = snapshot,
            Err(poisoned) => *poisoned.into_inner() = snapshot,
        }
    }
}

fn served_line(snapshot: &ManifestSnapshot) -> String {
    format!("serving feed v2 manifest sequence {} ({} tiles, expires {})", snapshot.sequence, snapshot.tiles.len(), snapshot.expires_at)
}

/// Why a manifest on disk was not taken; the previous one stays served.
struct Refusal {
    message: String,
    /// Look again at the next poll although the files did not change.
    retry: bool,
}

/// Reads the manifest pair and its tiles and serves them when they are new, whole and not older.
fn reload(source: &FeedSource, live: &LiveManifest) -> Result<(), Refusal> {
    let still = |served: &Option<Arc<ManifestSnapshot>>| match served {
        Some(s) => format!("still serving manifest sequence {}", s.sequence),
        None => "feed v2 not served yet".to_owned(),
    };
    let served = live.get();
    let (bytes, sig) = read_pair(source).map_err(|e| Refusal { message: format!("{}: {e}", still(&served)), retry: true })?;
    let (digest, sig_digest) = (sha256_hex(&bytes), sig.as_deref().map(sha256_hex));
    if let Some(s) = &served {
        let decision = decide(
            source.public_key.is_some(),
            (&s.manifest.digest, s.sig.as_ref().map(|x| x.digest.as_str())),
            (&digest, sig_digest.as_deref()),
        );
        match decision {
            Decision::Unchanged => return Ok(()),
            Decision::WaitForPair => {
                return Err(Refusal {
                    message: format!(
                        "{} and {} are not both new yet; {} until the publisher has written both",
                        source.feed.display(),
                        source.sig.display(),
                        still(&served)
                    ),
                    retry: false,
                })
            }
            Decision::Take => {}
        }
    }
    let mut snapshot = check_manifest(source, bytes, sig)
        .map_err(|e| Refusal { message: format!("{}: {e}", still(&served)), retry: e.may_pass_later() })?;
    if let Some(s) = &served {
        if let Some(message) = crate::feed_watch::sequence_refusal(&source.feed, snapshot.sequence, s.sequence) {
            return Err(Refusal { message, retry: false });
        }
        snapshot.keep_tiles_of(s);
    }
    if snapshot.expires_at <= talentbrug_private::now() {
        log(&format!("warning: the feed v2 manifest expired at {}; widgets refuse it until a new one is published", snapshot.expires_at));
    }
    log(&served_line(&snapshot));
    live.set(snapshot);
    Ok(())
}

/// Loads the manifest at start-up, if there is a good one; a missing or bad one is logged and
/// watched for, never a reason not to start (the v1 feed is what the widget reads today).
/// Returns whether the watcher should look again although the files do not change (a tile
/// was missing).
pub fn load_initial(source: &FeedSource, live: &LiveManifest) -> bool {
    if !source.feed.exists() {
        return false;
    }
    match reload(source, live) {
        Ok(()) => false,
        Err(refusal) => {
            log(&refusal.message);
            refusal.retry
        }
    }
}

/// Polls the manifest files until `stop` resolves, swapping in each new good manifest.
/// `retry` is what [`load_initial`] returned.
pub async fn watch(source: FeedSource, live: Arc<LiveManifest>, mut retry: bool, mut stop: tokio::sync::watch::Receiver<bool>) {
    let mut last = (stamp(&source.feed), stamp(&source.sig));
    let mut last_complaint = String::new();
    let mut polls_since_retry = 0;
    loop {
        tokio::select! {
            _ = tokio::time::sleep(POLL_INTERVAL) => {}
            _ = stop.changed() => return,
        }
        let now_stamps = (stamp(&source.feed), stamp(&source.sig));
        polls_since_retry += 1;
        let retry_now = retry && polls_since_retry >= RETRY_EVERY_POLLS;
        if (now_stamps == last && !retry_now) || now_stamps.0.is_none() {
            continue;
        }
        polls_since_retry = 0;
        last = now_stamps;
        let (source2, live2) = (source.clone(), live.clone());
        let outcome = tokio::task::spawn_blocking(move || reload(&source2, &live2)).await;
        let complaint = match outcome {
            Ok(Ok(())) => {
                retry = false;
                String::new()
            }
            Ok(Err(refusal)) => {
                retry = refusal.retry;
                refusal.message
            }
            Err(e) => format!("feed v2 reload stopped: {e}"),
        };
        if !complaint.is_empty() && complaint != last_complaint {
            log(&complaint);
        }
        last_complaint = complaint;
    }
}
