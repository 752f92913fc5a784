//! `talentbrug export-json`: the profiles of any feed (a v1 `feed.json`, or a v2 `manifest.json`
//! with its tiles next to it) written as one v1 feed JSON file, which
//! `core/schema/feed-v1.schema.json` describes: for audits, and for systems that read JSON.
//!
//! With `--public-key` the signature over the exact bytes is checked first (expiry is not: an
//! audit may look at an old feed); without it, stderr says that the feed was not verified. The
//! tiles of a v2 feed are always checked against the manifest (length, SHA-256, box, reach), as
//! `verify` checks them. Labels of a v2 feed come from the ESCO catalogue built into this
//! program ([`crate::manifest_feed`]).

use std::path::PathBuf;

use talentbrug_core::esco::EscoCatalogue;
use talentbrug_core::feed::FeedError;
use talentbrug_core::manifest::{Manifest, ManifestError};
use talentbrug_core::Feed;
use talentbrug_private::{signature_path, write_atomically, FileError};

use crate::manifest_feed::{is_manifest, label, tiles_of, whole_feed, ManifestFeedError};
use crate::verify_cmd::{public_key, VerifyError};

/// Arguments of `talentbrug export-json`.
#[derive(Debug, clap::Args)]
pub struct ExportJsonArgs {
    /// The feed: `feed.json` (v1) or `manifest.json` (v2, its tiles next to it).
    pub feed: PathBuf,
    /// Where to write the JSON (replaced atomically).
    #[arg(long)]
    pub out: PathBuf,
    /// The organisation's public key (base64, or a file holding it): check the signature first.
    #[arg(long)]
    pub public_key: Option<String>,
    /// The signature file [default: FEED.sig].
    #[arg(long)]
    pub signature: Option<PathBuf>,
}

/// Why a feed could not be exported.
#[derive(Debug, thiserror::Error)]
pub enum ExportJsonError {
    /// A file could not be read or written.
    #[error(transparent)]
    File(#[from] FileError),
    /// The public key is not a key.
    #[error(transparent)]
    PublicKey(#[from] VerifyError),
    /// The signature does not match the public key.
    #[error("{path}: bad signature: {source}; nothing was written")]
    BadSignature {
        /// The feed.
        path: PathBuf,
        /// Why.
        source: talentbrug_core::signature::SignatureError,
    },
    /// A v1 feed that does not parse.
    #[error("{path}: malformed: {source}")]
    Feed {
        /// The feed.
        path: PathBuf,
        /// What is wrong.
        source: FeedError,
    },
    /// A v2 manifest or one of its tiles is refused (a tile is named by key and path).
    #[error(transparent)]
    Manifest(#[from] ManifestFeedError),
    /// The exported JSON would not be a valid v1 feed (more profiles than one v1 feed holds, a
    /// label the catalogue lacks).
    #[error("{path}: cannot be written as one v1 feed: {source}")]
    NotV1 {
        /// The feed.
        path: PathBuf,
        /// What the v1 parser says.
        source: FeedError,
    },
}

/// Reads `args.feed` (checked), returns it as a v1 feed, and says on stderr when unverified.
pub fn read_any(args: &ExportJsonArgs) -> Result<Feed, ExportJsonError> {
    let path = &args.feed;
    let bytes = std::fs::read(path).map_err(|e| FileError::new(path, e))?;
    match &args.public_key {
        Some(value) => {
            let key = public_key(value)?;
            let sig_path = args.signature.clone().unwrap_or_else(|| signature_path(path));
            let sig = std::fs::read_to_string(&sig_path).map_err(|e| FileError::new(&sig_path, e))?;
            talentbrug_core::signature::verify(&bytes, &sig, &key)
                .map_err(|source| ExportJsonError::BadSignature { path: path.clone(), source })?;
        }
        None => eprintln!("note: {}: signature NOT verified (no --public-key given)", path.display()),
    }
    if !is_manifest(path, &bytes) {
        return Feed::parse(&bytes).map_err(|source| ExportJsonError::Feed { path: path.clone(), source });
    }
    let manifest = Manifest::parse(&bytes).map_err(|source: ManifestError| ManifestFeedError::Manifest { path: path.clone(), source })?;
    let tiles = tiles_of(path, &manifest)?;
    let mut feed = whole_feed(&manifest, tiles.tiles);
    label(&mut feed, &EscoCatalogue::embedded(), path)?;
    Ok(feed)
}

/// Runs `talentbrug export-json`.
pub fn run(args: ExportJsonArgs) -> Result<(), ExportJsonError> {
    let feed = read_any(&args)?;
    let mut json = feed.to_json();
    // What is written must be what a v1 reader accepts.
    Feed::parse(&json).map_err(|source| ExportJsonError::NotV1 { path: args.feed.clone(), source })?;
    json.push(b'\n');
    write_atomically(&args.out, &json)?;
    println!("wrote {} ({} profiles, sequence {}, from {})", args.out.display(), feed.profiles.len(), feed.sequence, args.feed.display());
    Ok(())
}
