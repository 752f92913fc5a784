//! `talentbrug verify`: checks a feed as a widget would (signature over the exact bytes first,
//! then format, then expiry and sequence) and says OK in one line or why not.
//!
//! A feed v2 (`manifest.json`, known by its name or its format) is checked the same way, and
//! then every tile it lists: present, the listed length and SHA-256, decodes, every profile
//! inside the tile's box and reach, no id twice, its `.gz` (if any) decompresses to it; `--k`
//! audits k-anonymity over all tiles together. A failing tile is named by its key and path.

use std::path::{Path, PathBuf};

use talentbrug_core::feed::FeedError;
use talentbrug_core::manifest::{Manifest, ManifestError};
use talentbrug_core::signature::parse_public_key;
use talentbrug_core::{Feed, Timestamp};

use crate::manifest_feed::{is_manifest, tiles_of, whole_feed, ManifestFeedError};

use talentbrug_private::signature_path;
use talentbrug_private::FileError;

/// Arguments of `talentbrug verify`.
#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// The feed (`feed.json`), or a feed v2 manifest (`manifest.json`, its tiles next to it).
    pub feed: PathBuf,
    /// The organisation's public key in base64 (as `talentbrug keygen` prints it), or a file
    /// holding it.
    #[arg(long)]
    pub public_key: String,
    /// The signature file [default: FEED.sig].
    #[arg(long)]
    pub signature: Option<PathBuf>,
    /// Refuse a feed with a lower sequence than this one (one seen before).
    #[arg(long)]
    pub seen_sequence: Option<u64>,
    /// Also audit anonymity: every combination of what an acquaintance could know (area, hours,
    /// availability, contract forms, job coaching, languages, occupations and their ISCO-08
    /// groups, reach, travel modes, shifts) occurs at least this many times, and the profiles of
    /// each combination show at least two different sets of workplace needs, or none. Names the
    /// first violation in one line.
    #[arg(long)]
    pub k: Option<usize>,
}

/// Why a feed does not verify.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    /// A file could not be read.
    #[error(transparent)]
    File(#[from] FileError),
    /// The public key is not a key.
    #[error("--public-key: not an Ed25519 public key in base64, nor a file holding one")]
    PublicKey,
    /// The signature does not hold.
    #[error("{path}: bad signature: {source}")]
    BadSignature {
        /// The feed.
        path: PathBuf,
        /// Why.
        source: FeedError,
    },
    /// The feed has expired.
    #[error("{path}: expired: {source}")]
    Expired {
        /// The feed.
        path: PathBuf,
        /// When.
        source: FeedError,
    },
    /// An older feed than one seen before.
    #[error("{path}: rolled back: {source}")]
    RolledBack {
        /// The feed.
        path: PathBuf,
        /// Which sequences.
        source: FeedError,
    },
    /// Signed and valid, but not k-anonymous (or workplace needs not l-diverse).
    #[error("{path}: not {k}-anonymous over the whole quasi-identifier set with l-diverse workplace needs: {source}")]
    NotAnonymous {
        /// The feed.
        path: PathBuf,
        /// The k checked.
        k: usize,
        /// The rare combination.
        source: talentbrug_publish::Violation,
    },
    /// Signed, but not a valid feed.
    #[error("{path}: malformed: {source}")]
    Malformed {
        /// The feed.
        path: PathBuf,
        /// What is wrong.
        source: FeedError,
    },
    /// A feed v2 manifest is refused: `what` says how (bad signature, expired, issued in the
    /// future, rolled back, malformed), as for a v1 feed.
    #[error("{path}: {what}: {source}")]
    Manifest {
        /// The manifest.
        path: PathBuf,
        /// The kind of refusal.
        what: &'static str,
        /// Why.
        source: ManifestError,
    },
    /// A tile of a signed, current manifest is missing or refused (named by key and path).
    #[error(transparent)]
    Tile(#[from] ManifestFeedError),
    /// A file's pre-compressed `.gz` is not the file: a server that sends `.gz` files as they
    /// are (nginx `gzip_static`, a CDN) would send a damaged tile (or region or chunk), which
    /// browsers refuse.
    #[error("{path}: {gz} (of {key}): does not decompress to the file next to it; publish again, or delete the .gz")]
    TileGzip {
        /// The manifest.
        path: PathBuf,
        /// The key of the tile or region the file belongs to.
        key: String,
        /// The `.gz` file, relative to the manifest.
        gz: String,
    },
    /// The tiles together are not k-anonymous (or workplace needs not l-diverse); names the tile
    /// of the example profile.
    #[error("{path}: tile {key} ({tile}): not {k}-anonymous over all tiles together with l-diverse workplace needs: {source}")]
    TileNotAnonymous {
        /// The manifest.
        path: PathBuf,
        /// The key of the tile holding the example profile.
        key: String,
        /// That tile's path.
        tile: String,
        /// The k checked.
        k: usize,
        /// The rare combination.
        source: Box<talentbrug_publish::Violation>,
    },
}

/// The public key from a flag: base64 text, or a file with base64 text or a key file.
pub fn public_key(value: &str) -> Result<String, VerifyError> {
    if parse_public_key(value).is_ok() {
        return Ok(value.trim().to_owned());
    }
    let path = Path::new(value);
    let text = std::fs::read_to_string(path).map_err(|_| VerifyError::PublicKey)?;
    if parse_public_key(&text).is_ok() {
        return Ok(text.trim().to_owned());
    }
    #[derive(serde::Deserialize)]
    struct PublicOnly {
        public_key: String,
    }
    let key = serde_json::from_str::<PublicOnly>(&text).map_err(|_| VerifyError::PublicKey)?.public_key;
    parse_public_key(&key).map(|_| key).map_err(|_| VerifyError::PublicKey)
}

/// Verifies `feed` against its signature file and a public key at `now`; the one-line OK.
pub fn verify(feed: &Path, signature: &Path, public_key_value: &str, now: Timestamp, seen: Option<u64>) -> Result<String, VerifyError> {
    verify_with_k(feed, signature, public_key_value, now, seen, None)
}

/// Like [`verify`], and with `k` also audits k-anonymity over the whole quasi-identifier set and
/// the l-diversity of workplace needs.
pub fn verify_with_k(
    feed: &Path,
    signature: &Path,
    public_key_value: &str,
    now: Timestamp,
    seen: Option<u64>,
    k: Option<usize>,
) -> Result<String, VerifyError> {
    let key = public_key(public_key_value)?;
    let bytes = std::fs::read(feed).map_err(|e| FileError::new(feed, e))?;
    let sig = std::fs::read_to_string(signature).map_err(|e| FileError::new(signature, e))?;
    if is_manifest(feed, &bytes) {
        return verify_manifest(feed, &bytes, &sig, &key, now, seen, k);
    }
    let path = feed.to_owned();
    let parsed = Feed::parse_signed(&bytes, &sig, &key, now, seen).map_err(|source| match source {
        FeedError::Signature(_) => VerifyError::BadSignature { path, source },
        FeedError::Expired { .. } => VerifyError::Expired { path, source },
        FeedError::RolledBack { .. } => VerifyError::RolledBack { path, source },
        source => VerifyError::Malformed { path, source },
    })?;
    if let Some(k) = k {
        talentbrug_publish::check_k_anonymity(&parsed, k).map_err(|source| VerifyError::NotAnonymous {
            path: feed.to_owned(),
            k,
            source,
        })?;
    }
    Ok(format!(
        "OK {}: signed by {}, {} profiles from {}, sequence {}, expires {}{}",
        feed.display(),
        key,
        parsed.profiles.len(),
        parsed.publisher.name,
        parsed.sequence,
        parsed.expires_at,
        k.map(|k| format!(", {k}-anonymous with l-diverse workplace needs")).unwrap_or_default()
    ))
}

/// Verifies a feed v2: the manifest as a v1 feed is verified, then every tile, then (with `k`)
/// anonymity over the profiles of all tiles together.
fn verify_manifest(
    path: &Path,
    bytes: &[u8],
    sig: &str,
    key: &str,
    now: Timestamp,
    seen: Option<u64>,
    k: Option<usize>,
) -> Result<String, VerifyError> {
    let manifest = Manifest::parse_signed(bytes, sig, key, now, seen).map_err(|source| {
        let what = match source {
            ManifestError::Signature(_) => "bad signature",
            ManifestError::Expired { .. } => "expired",
            ManifestError::IssuedInFuture { .. } => "issued in the future",
            ManifestError::RolledBack { .. } => "rolled back",
            _ => "malformed",
        };
        VerifyError::Manifest { path: path.to_owned(), what, source }
    })?;
    let files = tiles_of(path, &manifest)?;
    let dir = talentbrug_private::manifest_dir(path);
    for (key, relative, bytes) in files.files() {
        let gz = format!("{relative}.gz");
        if let Ok(packed) = std::fs::read(dir.join(&gz)) {
            if !gunzips_to(&packed, bytes) {
                return Err(VerifyError::TileGzip { path: path.to_owned(), key: key.to_owned(), gz });
            }
        }
    }
    let (region_count, tiles) = (files.regions.len(), files.tiles);
    let tile_count = tiles.len();
    let owner: std::collections::HashMap<String, (String, String)> = match k {
        Some(_) => tiles
            .iter()
            .flat_map(|t| t.profiles.iter().map(move |p| (p.id.to_string(), (t.entry.key.clone(), t.entry.path.clone()))))
            .collect(),
        None => Default::default(),
    };
    let feed = whole_feed(&manifest, tiles);
    if let Some(k) = k {
        talentbrug_publish::check_k_anonymity(&feed, k).map_err(|source| {
            let example = match &source {
                talentbrug_publish::Violation::TooFew { example_id, .. }
                | talentbrug_publish::Violation::NeedsNotDiverse { example_id, .. }
                | talentbrug_publish::Violation::NeedMostlyShared { example_id, .. } => example_id,
            };
            let (key, tile) = owner.get(example).cloned().unwrap_or_default();
            VerifyError::TileNotAnonymous { path: path.to_owned(), key, tile, k, source: Box::new(source) }
        })?;
    }
    Ok(format!(
        "OK {}: signed by {}, {} profiles in {} tiles of {} regions (all present, hashes match) from {}, sequence {}, expires {}{}",
        path.display(),
        key,
        feed.profiles.len(),
        tile_count,
        region_count,
        feed.publisher.name,
        feed.sequence,
        feed.expires_at,
        k.map(|k| format!(", {k}-anonymous over all tiles with l-diverse workplace needs")).unwrap_or_default()
    ))
}

/// Whether `gz` decompresses to exactly `expected` (reading at most one byte more).
fn gunzips_to(gz: &[u8], expected: &[u8]) -> bool {
    use std::io::Read;
    let mut out = Vec::with_capacity(expected.len());
    flate2::read::GzDecoder::new(gz).take(expected.len() as u64 + 1).read_to_end(&mut out).is_ok() && out == expected
}

/// Runs `talentbrug verify`.
pub fn run(args: VerifyArgs) -> Result<(), VerifyError> {
    let signature = args.signature.clone().unwrap_or_else(|| signature_path(&args.feed));
    println!("{}", verify_with_k(&args.feed, &signature, &args.public_key, talentbrug_private::now(), args.seen_sequence, args.k)?);
    Ok(())
}
