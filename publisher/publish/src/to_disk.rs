//! Writing a publication to files: the sequence and the groups of the last publication from the
//! private directory, the id mapping (written before the feed, so the inbox knows every id a feed
//! shows) and the new groups, then `feed.json.sig` and
//! `feed.json` ([`crate::signed_feed`]), then the same publication as feed v2 (tiles,
//! `manifest.json.sig`, `manifest.json`: [`crate::publish_v2`]), keeping the private files away
//! from the public ones.

use std::path::{Path, PathBuf};

use talentbrug_core::esco::EscoCatalogue;
use talentbrug_core::Timestamp;
use talentbrug_private::{FileError, PrivateDir};

use crate::kanon::{GroupState, GROUPS_FORMAT};
use crate::keys::Keys;
use crate::pipeline::{check_options, publish_with_groups, PublishError, PublishOptions, PublishOutcome};
use crate::publish_v2::write_v2;
use crate::records::Export;
use crate::signed_feed::write_pair;

/// The sequence of the feed (v1 or v2 manifest) at `path`, if one is there and readable.
fn existing_sequence(path: &Path) -> Option<u64> {
    #[derive(serde::Deserialize)]
    struct SequenceOnly {
        sequence: u64,
    }
    let bytes = std::fs::read(path).ok()?;
    serde_json::from_slice::<SequenceOnly>(&bytes).ok().map(|s| s.sequence)
}

/// `path` made absolute with symbolic links resolved, as far as it exists.
fn resolved(path: &Path) -> PathBuf {
    let path = if path.is_absolute() { path.to_owned() } else { std::env::current_dir().unwrap_or_default().join(path) };
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    while existing.canonicalize().is_err() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => return path,
        }
    }
    let mut out = existing.canonicalize().unwrap_or_else(|_| existing.to_owned());
    out.extend(rest.iter().rev());
    out
}

/// Refuses a private file or directory in the feed's directory or below it, from where a web
/// server would serve it to anyone.
pub fn check_private_location(feed: &Path, private: &Path, what: &str) -> Result<(), PublishError> {
    let feed = resolved(feed);
    let feed_dir = feed.parent().unwrap_or(Path::new("/"));
    if resolved(private).starts_with(feed_dir) {
        return Err(PublishError::Unsafe(format!(
            "{what} ({}) would be in the feed's directory {}, from where a web server would serve it to anyone; \
             keep the key, the report and the private directory apart from the feed (e.g. --out public/feed.json)",
            private.display(),
            feed_dir.display()
        )));
    }
    Ok(())
}

/// Publishes to files: picks the next sequence (above the private state and above the feed at
/// `feed_path` and the manifest next to it), writes the mapping into `private_dir`, then
/// `feed_path` and its `.sig`, then the v2 tiles and `manifest.json` (+ `.sig`) in the same
/// directory ([`write_v2`]), records the sequence and prunes old mappings and old tiles. The private directory is created if needed; it must
/// not be in the feed's directory or below it.
pub fn publish_to_disk(
    export: &Export,
    esco: &EscoCatalogue,
    keys: &Keys,
    options: &PublishOptions,
    feed_path: &Path,
    private_dir: &Path,
    now: Timestamp,
) -> Result<PublishOutcome, PublishError> {
    check_options(options)?;
    check_private_location(feed_path, private_dir, "the private directory with the id mapping")?;
    let feed_dir = match feed_path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    if !feed_dir.is_dir() {
        return Err(PublishError::File(FileError::new(
            feed_path,
            std::io::Error::new(std::io::ErrorKind::NotFound, format!("the directory {} does not exist", feed_dir.display())),
        )));
    }
    let dir = PrivateDir::create(private_dir)?;
    let _lock = dir.lock()?;
    let on_disk = existing_sequence(feed_path).max(existing_sequence(&talentbrug_private::manifest_path(feed_path))).unwrap_or(0);
    let sequence = dir.last_sequence()?.max(on_disk) + 1;
    // The groups of the last publication, so unchanged people keep their published values.
    let previous: Option<GroupState> = dir.read_groups()?;
    if let Some(groups) = previous.as_ref().filter(|g| g.format != GROUPS_FORMAT) {
        return Err(PublishError::Private(talentbrug_private::MappingError::Damaged {
            path: dir.path().join("groups.json"),
            why: format!("format `{}` is not {GROUPS_FORMAT}", groups.format),
        }));
    }
    let outcome = publish_with_groups(export, esco, keys, options, sequence, now, previous.as_ref())?;
    if outcome.feed.profiles.is_empty() {
        return Err(PublishError::NothingToPublish { rows: export.rows, report: Box::new(outcome.report) });
    }
    dir.write_mapping(&outcome.mapping)?;
    dir.write_groups(&outcome.groups)?;
    dir.record_publication(sequence, &options.publisher)?;
    write_pair(feed_path, &outcome.bytes, &outcome.signature)?;
    // The same publication as feed v2, next to it (the widget still reads v1).
    write_v2(&feed_dir, &outcome.feed, keys, dir.path(), now)?;
    dir.prune(now)?;
    Ok(outcome)
}
