//! The organisation's private directory: which person every published profile id stands for,
//! per feed sequence, and the publication state (last sequence, publisher block).
//!
//! It lives next to the key (`org.key` → `org.private/`), never next to the feed, and only the
//! organisation reads it: the inbox maps a requested profile id back to the record id here.
//! Layout (directory mode 0700, files 0600):
//! - `state.json`: `{"format":"talentbrug-state/1","last_sequence":N,"publisher":{…}}`
//! - `mappings/<sequence, 20 digits>.json`: `{"format":"talentbrug-mapping/1","sequence":N,
//!   "issued_at":…,"expires_at":…,"profiles":{"<profile id>":"<record id>",…}}`
//! - `groups.json`: the k-anonymity groups of the last publication (format
//!   `talentbrug-groups/1`, written and read by `talentbrug-publish`): per record id a hash of its
//!   quasi-identifiers and its group, per group the values its members were published with. The
//!   next publication keeps unchanged people in their group, so their published values do not
//!   change. Never in the feed: it names record ids.
//! - `publish.lock`: held while a publication runs, so two cannot interleave.
//! - [`PRIVATE_MARKER`]: says the directory is private, so `talentbrug serve` never serves a file
//!   in it or below it, whatever the directory is called and wherever it was put.
//!
//! Mappings of earlier sequences are kept (a browser may still show an older feed) until
//! [`KEEP_AFTER_EXPIRY_DAYS`] after that feed expired; then they are deleted.

use std::collections::{BTreeMap, HashMap};
use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use talentbrug_core::{ProfileId, Publisher, Timestamp};

use crate::files::{write_atomically_with_mode, FileError};
use crate::record_id::RecordId;

/// Format tag of mapping files.
pub const MAPPING_FORMAT: &str = "talentbrug-mapping/1";
/// Format tag of the state file.
pub const STATE_FORMAT: &str = "talentbrug-state/1";
/// The file that marks a private directory (a dotfile, itself never served). `talentbrug serve`
/// refuses every file in a directory that holds it, or below one: the default name
/// `<key>.private` is refused by its name too, but `--private-dir` can name any directory.
pub const PRIVATE_MARKER: &str = ".talentbrug-private";
/// What the marker file says to whoever finds it.
const MARKER_TEXT: &str =
    "Talentbrug private directory: id mappings and groups name the people behind published profiles. Never publish it.\n";

/// How long a mapping is kept after its feed expired, in days.
pub const KEEP_AFTER_EXPIRY_DAYS: i64 = 30;

/// A problem with the private directory.
#[derive(Debug, thiserror::Error)]
pub enum MappingError {
    /// Reading or writing failed.
    #[error(transparent)]
    File(#[from] FileError),
    /// A file in the directory is damaged.
    #[error("{path}: {why}")]
    Damaged {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        why: String,
    },
    /// Another publication holds the lock.
    #[error("{0}: another publication is running; wait for it to finish")]
    Busy(PathBuf),
    /// The directory does not exist.
    #[error("{0}: no private directory here (it is created by the first `talentbrug publish`)")]
    Missing(PathBuf),
}

/// Which record each profile id of one feed stands for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// Always [`MAPPING_FORMAT`].
    pub format: String,
    /// The feed's sequence.
    pub sequence: u64,
    /// When the feed was issued.
    pub issued_at: Timestamp,
    /// When the feed expires.
    pub expires_at: Timestamp,
    /// Profile id → record id.
    pub profiles: BTreeMap<ProfileId, RecordId>,
}

/// What is remembered between publications.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct State {
    format: String,
    last_sequence: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    publisher: Option<Publisher>,
}

/// The default private directory for a key file: `dir/org.key` → `dir/org.private`.
pub fn default_private_dir(key_path: &Path) -> PathBuf {
    let stem = key_path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "talentbrug".into());
    key_path.with_file_name(format!("{stem}.private"))
}

/// The organisation's private directory.
#[derive(Clone, Debug)]
pub struct PrivateDir {
    path: PathBuf,
}

/// Held while a publication runs; released when dropped.
#[derive(Debug)]
pub struct PublishLock {
    _file: File,
}

fn damaged(path: &Path, why: impl ToString) -> MappingError {
    MappingError::Damaged { path: path.to_owned(), why: why.to_string() }
}

fn write_private(path: &Path, value: &impl Serialize) -> Result<(), MappingError> {
    let mut bytes = serde_json::to_vec(value).map_err(|e| damaged(path, e))?;
    bytes.push(b'\n');
    Ok(write_atomically_with_mode(path, &bytes, Some(0o600))?)
}

impl PrivateDir {
    /// Opens an existing private directory (and marks it as private, if a directory made
    /// before the marker existed is not yet: best effort, as it may be opened read-only).
    pub fn open(path: &Path) -> Result<PrivateDir, MappingError> {
        if !path.is_dir() {
            return Err(MappingError::Missing(path.to_owned()));
        }
        let marker = path.join(PRIVATE_MARKER);
        if !marker.exists() {
            let _ = write_atomically_with_mode(&marker, MARKER_TEXT.as_bytes(), Some(0o600));
        }
        Ok(PrivateDir { path: path.to_owned() })
    }

    /// Opens the directory, creating it (mode 0700) if needed.
    pub fn create(path: &Path) -> Result<PrivateDir, MappingError> {
        let mut builder = fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        builder.create(path.join("mappings")).map_err(|e| FileError::new(path, e))?;
        write_atomically_with_mode(&path.join(PRIVATE_MARKER), MARKER_TEXT.as_bytes(), Some(0o600))?;
        Ok(PrivateDir { path: path.to_owned() })
    }

    /// Where it is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Takes the publication lock, or says another publication is running.
    pub fn lock(&self) -> Result<PublishLock, MappingError> {
        let path = self.path.join("publish.lock");
        let file = OpenOptions::new().create(true).truncate(false).write(true).open(&path).map_err(|e| FileError::new(&path, e))?;
        match file.try_lock() {
            Ok(()) => Ok(PublishLock { _file: file }),
            Err(fs::TryLockError::WouldBlock) => Err(MappingError::Busy(path)),
            Err(fs::TryLockError::Error(e)) => Err(FileError::new(&path, e).into()),
        }
    }

    fn state_path(&self) -> PathBuf {
        self.path.join("state.json")
    }

    fn state(&self) -> Result<Option<State>, MappingError> {
        let path = self.state_path();
        match fs::read(&path) {
            Ok(bytes) => {
                let state: State = serde_json::from_slice(&bytes).map_err(|e| damaged(&path, e))?;
                if state.format != STATE_FORMAT {
                    return Err(damaged(&path, format!("format `{}` is not {STATE_FORMAT}", state.format)));
                }
                Ok(Some(state))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(FileError::new(&path, e).into()),
        }
    }

    /// The sequence of the last publication, 0 before the first: the recorded one, or a kept
    /// mapping's if that is newer (a lost or older state file). A published id carries its
    /// sequence, so a sequence used again would give a kept feed's ids to other people.
    pub fn last_sequence(&self) -> Result<u64, MappingError> {
        let recorded = self.state()?.map_or(0, |s| s.last_sequence);
        let kept = self.mapping_files()?.last().map_or(0, |&(sequence, _)| sequence);
        Ok(recorded.max(kept))
    }

    /// The publisher block of the last publication, if any.
    pub fn last_publisher(&self) -> Result<Option<Publisher>, MappingError> {
        Ok(self.state()?.and_then(|s| s.publisher))
    }

    /// Remembers a publication's sequence and publisher block.
    pub fn record_publication(&self, sequence: u64, publisher: &Publisher) -> Result<(), MappingError> {
        let state = State { format: STATE_FORMAT.into(), last_sequence: sequence, publisher: Some(publisher.clone()) };
        write_private(&self.state_path(), &state)
    }

    fn groups_path(&self) -> PathBuf {
        self.path.join("groups.json")
    }

    /// The group state of the last publication (`groups.json`), if there is one. The publisher
    /// owns its format; this crate only keeps it private.
    pub fn read_groups<T: serde::de::DeserializeOwned>(&self) -> Result<Option<T>, MappingError> {
        let path = self.groups_path();
        match fs::read(&path) {
            Ok(bytes) => Ok(Some(serde_json::from_slice(&bytes).map_err(|e| damaged(&path, e))?)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(FileError::new(&path, e).into()),
        }
    }

    /// Replaces the group state (`groups.json`, mode 0600).
    pub fn write_groups(&self, groups: &impl Serialize) -> Result<(), MappingError> {
        write_private(&self.groups_path(), groups)
    }

    fn mapping_path(&self, sequence: u64) -> PathBuf {
        self.path.join("mappings").join(format!("{sequence:020}.json"))
    }

    /// Writes one feed's mapping (mode 0600).
    pub fn write_mapping(&self, mapping: &Mapping) -> Result<(), MappingError> {
        write_private(&self.mapping_path(mapping.sequence), mapping)
    }

    /// Every mapping file, by sequence.
    fn mapping_files(&self) -> Result<Vec<(u64, PathBuf)>, MappingError> {
        let dir = self.path.join("mappings");
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(FileError::new(&dir, e).into()),
        };
        let mut out = Vec::new();
        for entry in entries {
            let path = entry.map_err(|e| FileError::new(&dir, e))?.path();
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            if let Some(seq) = name.strip_suffix(".json").and_then(|s| s.parse::<u64>().ok()) {
                out.push((seq, path));
            }
        }
        out.sort();
        Ok(out)
    }

    /// Reads one mapping file.
    fn read_mapping(path: &Path) -> Result<Mapping, MappingError> {
        let bytes = fs::read(path).map_err(|e| FileError::new(path, e))?;
        let mapping: Mapping = serde_json::from_slice(&bytes).map_err(|e| damaged(path, e))?;
        if mapping.format != MAPPING_FORMAT {
            return Err(damaged(path, format!("format `{}` is not {MAPPING_FORMAT}", mapping.format)));
        }
        Ok(mapping)
    }

    /// Deletes mappings of feeds that expired more than [`KEEP_AFTER_EXPIRY_DAYS`] before `now`;
    /// returns how many.
    pub fn prune(&self, now: Timestamp) -> Result<usize, MappingError> {
        let cutoff = now.plus_days(-KEEP_AFTER_EXPIRY_DAYS);
        let mut removed = 0;
        for (_, path) in self.mapping_files()? {
            if Self::read_mapping(&path)?.expires_at < cutoff {
                fs::remove_file(&path).map_err(|e| FileError::new(&path, e))?;
                removed += 1;
            }
        }
        Ok(removed)
    }
}

/// One feed's entry for a profile id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// The record the profile stands for.
    pub record_id: RecordId,
    /// The feed sequence it was published in.
    pub sequence: u64,
    /// When that feed expires.
    pub expires_at: Timestamp,
}

/// Every kept mapping in memory, for the inbox: profile id → record, newest feed first.
#[derive(Clone, Debug, Default)]
pub struct MappingStore {
    by_id: HashMap<ProfileId, Vec<Hit>>,
    /// The sequences of the kept mappings.
    sequences: std::collections::BTreeSet<u64>,
    latest: u64,
}

impl MappingStore {
    /// Reads every kept mapping of a private directory.
    pub fn load(private_dir: &Path) -> Result<MappingStore, MappingError> {
        let dir = PrivateDir::open(private_dir)?;
        let mut store = MappingStore::default();
        for (_, path) in dir.mapping_files()? {
            let mapping = PrivateDir::read_mapping(&path)?;
            store.latest = store.latest.max(mapping.sequence);
            store.sequences.insert(mapping.sequence);
            for (id, record_id) in mapping.profiles {
                store.by_id.entry(id).or_default().push(Hit { record_id, sequence: mapping.sequence, expires_at: mapping.expires_at });
            }
        }
        for hits in store.by_id.values_mut() {
            hits.sort_by_key(|h| std::cmp::Reverse(h.sequence));
        }
        Ok(store)
    }

    /// The record behind a profile id, from the newest feed that has it.
    pub fn lookup(&self, profile_id: &str) -> Option<&Hit> {
        self.lookup_in(profile_id, None)
    }

    /// The record behind a profile id as the feed with `sequence` published it: what a request
    /// or a vacancy's match names, since the server notes which served feed held the id.
    /// Published ids carry their feed's sequence (`<sequence>-<tile>-<row>`), so two kept
    /// publications share an id only if one of them was not written by `talentbrug publish`;
    /// even then only the noted feed's mapping says who was meant. When no sequence was noted,
    /// or no mapping of that sequence is kept (pruned, or published elsewhere), the newest feed
    /// that has the id answers, as [`MappingStore::lookup`].
    ///
    /// # Examples
    ///
    /// ```
    /// use talentbrug_private::{Mapping, MappingStore, PrivateDir, MAPPING_FORMAT};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let private = PrivateDir::create(dir.path())?;
    /// let mapping = |sequence: u64, record: &str| Mapping {
    ///     format: MAPPING_FORMAT.into(),
    ///     sequence,
    ///     issued_at: "2026-01-01T00:00:00Z".parse().unwrap(),
    ///     expires_at: "2099-01-01T00:00:00Z".parse().unwrap(),
    ///     profiles: [("a1b2c3d4".parse().unwrap(), record.parse().unwrap())].into(),
    /// };
    /// private.write_mapping(&mapping(7, "rec-ann"))?;
    /// private.write_mapping(&mapping(8, "rec-bob"))?;
    /// let store = MappingStore::load(dir.path())?;
    /// let record = |sequence| store.lookup_in("a1b2c3d4", sequence).map(|hit| hit.record_id.as_str());
    /// assert_eq!(record(Some(7)), Some("rec-ann"), "the feed the employer saw");
    /// assert_eq!(record(Some(8)), Some("rec-bob"));
    /// assert_eq!(record(None), Some("rec-bob"), "no sequence noted: the newest");
    /// assert_eq!(record(Some(3)), Some("rec-bob"), "no mapping of 3 kept: the newest");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn lookup_in(&self, profile_id: &str, sequence: Option<u64>) -> Option<&Hit> {
        let id: ProfileId = profile_id.parse().ok()?;
        let hits = self.by_id.get(&id);
        match sequence.filter(|s| self.sequences.contains(s)) {
            Some(sequence) => hits?.iter().find(|h| h.sequence == sequence),
            None => hits?.first(),
        }
    }

    /// The newest published profile id of a record, with its entry: how a coach's record id
    /// leads back to what the feed shows of that person.
    pub fn profile_of(&self, record_id: &str) -> Option<(&ProfileId, &Hit)> {
        self.by_id
            .iter()
            .filter_map(|(id, hits)| hits.iter().find(|h| h.record_id.as_str() == record_id).map(|hit| (id, hit)))
            .max_by_key(|(id, hit)| (hit.sequence, *id))
    }

    /// The highest sequence with a kept mapping (0 when none).
    pub fn latest_sequence(&self) -> u64 {
        self.latest
    }

    /// Number of distinct profile ids known.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// Whether no mapping is kept.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }
}

/// Looks one profile id up in a private directory (reads every kept mapping; use
/// [`MappingStore`] to look up many).
pub fn lookup(private_dir: &Path, profile_id: &str) -> Result<Option<Hit>, MappingError> {
    Ok(MappingStore::load(private_dir)?.lookup(profile_id).cloned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapping(sequence: u64, pairs: &[(&str, &str)], expires: &str) -> Mapping {
        Mapping {
            format: MAPPING_FORMAT.into(),
            sequence,
            issued_at: "2026-01-01T00:00:00Z".parse().unwrap(),
            expires_at: expires.parse().unwrap(),
            profiles: pairs.iter().map(|(p, r)| (p.parse().unwrap(), r.parse().unwrap())).collect(),
        }
    }

    fn publisher() -> Publisher {
        Publisher {
            name: "Werkpunt".into(),
            contact: "jobs@werkpunt.example".into(),
            request_url: "/api/requests".into(),
            privacy_url: "/privacy.html".into(),
        }
    }

    #[test]
    fn default_dir_sits_next_to_the_key() {
        assert_eq!(default_private_dir(Path::new("/etc/tb/org.key")), PathBuf::from("/etc/tb/org.private"));
        assert_eq!(default_private_dir(Path::new("org.key")), PathBuf::from("org.private"));
    }

    #[test]
    fn state_mappings_lookup_and_pruning() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("org.private");
        assert!(matches!(MappingStore::load(&path), Err(MappingError::Missing(_))));
        let dir = PrivateDir::create(&path).unwrap();
        assert_eq!(dir.last_sequence().unwrap(), 0);
        assert_eq!(dir.last_publisher().unwrap(), None);
        dir.record_publication(2, &publisher()).unwrap();
        assert_eq!(dir.last_sequence().unwrap(), 2);
        assert_eq!(dir.last_publisher().unwrap(), Some(publisher()));

        dir.write_mapping(&mapping(1, &[("aaaa", "D-1"), ("bbbb", "D-2")], "2026-02-01T00:00:00Z")).unwrap();
        dir.write_mapping(&mapping(2, &[("cccc", "D-1"), ("aaaa", "D-3")], "2026-03-01T00:00:00Z")).unwrap();
        // A kept mapping newer than the recorded state (state.json lost or restored): never again.
        dir.write_mapping(&mapping(3, &[], "2026-03-01T00:00:00Z")).unwrap();
        assert_eq!(dir.last_sequence().unwrap(), 3);
        fs::remove_file(path.join("mappings").join(format!("{:020}.json", 3))).unwrap();
        let store = MappingStore::load(&path).unwrap();
        assert_eq!(store.latest_sequence(), 2);
        assert_eq!(store.len(), 3);
        assert_eq!(store.lookup("bbbb").unwrap().record_id.as_str(), "D-2");
        assert_eq!(store.lookup("cccc").unwrap().sequence, 2);
        assert_eq!(store.lookup("aaaa").unwrap().record_id.as_str(), "D-3", "the newest feed wins");
        assert!(store.lookup("dddd").is_none() && store.lookup("not an id!").is_none());
        assert_eq!(lookup(&path, "bbbb").unwrap().unwrap().sequence, 1);
        let (id, hit) = store.profile_of("D-1").unwrap();
        assert_eq!((id.as_str(), hit.sequence), ("cccc", 2), "a record's newest published id");
        assert_eq!(store.profile_of("D-2").unwrap().0.as_str(), "bbbb");
        assert!(store.profile_of("D-9").is_none());

        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o700);
            let file = path.join("mappings").join(format!("{:020}.json", 1));
            assert_eq!(fs::metadata(file).unwrap().permissions().mode() & 0o777, 0o600);
        }

        // The first feed expired 2026-02-01; 30 days later it is pruned, the second is kept.
        assert_eq!(dir.prune("2026-03-02T00:00:00Z".parse().unwrap()).unwrap(), 0);
        assert_eq!(dir.prune("2026-03-04T00:00:00Z".parse().unwrap()).unwrap(), 1);
        assert!(lookup(&path, "bbbb").unwrap().is_none());
        assert!(lookup(&path, "cccc").unwrap().is_some());
    }

    #[test]
    fn group_state_is_kept_privately() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = PrivateDir::create(tmp.path()).unwrap();
        assert_eq!(dir.read_groups::<serde_json::Value>().unwrap(), None);
        dir.write_groups(&serde_json::json!({"format": "talentbrug-groups/1"})).unwrap();
        assert_eq!(dir.read_groups::<serde_json::Value>().unwrap().unwrap()["format"], "talentbrug-groups/1");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(fs::metadata(tmp.path().join("groups.json")).unwrap().permissions().mode() & 0o777, 0o600);
        }
        fs::write(tmp.path().join("groups.json"), b"{").unwrap();
        assert!(dir.read_groups::<serde_json::Value>().unwrap_err().to_string().contains("groups.json"));
    }

    #[test]
    fn one_publication_at_a_time() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = PrivateDir::create(tmp.path()).unwrap();
        let held = dir.lock().unwrap();
        assert!(matches!(dir.lock(), Err(MappingError::Busy(_))));
        drop(held);
        assert!(dir.lock().is_ok());
    }

    #[test]
    fn damaged_files_are_named() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = PrivateDir::create(tmp.path()).unwrap();
        fs::write(tmp.path().join("state.json"), b"{").unwrap();
        assert!(dir.last_sequence().unwrap_err().to_string().contains("state.json"));
        fs::write(tmp.path().join("mappings").join("00000000000000000001.json"), b"[]").unwrap();
        assert!(MappingStore::load(tmp.path()).unwrap_err().to_string().contains("00000000000000000001.json"));
    }
}
