//! `talentbrug publish`: the coach's export in, the anonymous signed feed out.
//!
//! [`publish`] does the work in memory: consent, k-anonymity ([`crate::kanon`]), the pitch scan
//! ([`crate::pii`]), rotated ids ([`crate::rotation`]), the signature, and a self-check of the
//! result (core parse, signature, k-anonymity) before anything is returned.
//! [`publish_to_disk`] adds the files: the sequence from the private directory, the mapping
//! (written before the feed, so the inbox knows every id a feed shows), then `feed.json.sig` and
//! `feed.json` ([`crate::signed_feed`]).
//!
//! Generalised values are chosen to stay true for everyone they cover: an `available_from` in
//! the past becomes the publication month ("available now"); a group's month is its latest one
//! (everyone can start by then); see [`crate::kanon`] for the rest.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use talentbrug_core::esco::EscoCatalogue;
use talentbrug_core::feed::{FeedError, FORMAT_V1, MAX_FEED_BYTES, MAX_PROFILES};
use talentbrug_core::profile::{Pitch, MAX_PITCH};
use talentbrug_core::{Feed, Profile, Publisher, Timestamp};

use crate::files::{write_atomically_with_mode, FileError};
use crate::kanon::{self, Quasi, DEFAULT_K};
use crate::keys::{KeyError, Keys};
use crate::mapping::{default_private_dir, Mapping, MappingError, PrivateDir, MAPPING_FORMAT};
use crate::pii;
use crate::records::{read_export, Export, ExportError, Record};
use crate::report::{DroppedPitch, GeneralisedRecord, HeldBack, HoldReason, Report};
use crate::rotation::Rotation;
use crate::signed_feed::{signature_path, write_pair};

/// Default days until a feed expires.
pub const DEFAULT_EXPIRES_IN_DAYS: u32 = 30;
/// Longest validity a feed may have, in days.
pub const MAX_EXPIRES_IN_DAYS: u32 = 366;
/// Default request URL: the inbox of `talentbrug serve` on the host that serves the feed.
pub const DEFAULT_REQUEST_URL: &str = "/api/requests";
/// Default privacy URL: a page on the host that serves the feed.
pub const DEFAULT_PRIVACY_URL: &str = "/privacy.html";

static ESCO: LazyLock<EscoCatalogue> = LazyLock::new(EscoCatalogue::embedded);

/// The embedded ESCO catalogue, built once.
pub fn esco() -> &'static EscoCatalogue {
    &ESCO
}

/// How to publish.
#[derive(Clone, Debug, PartialEq)]
pub struct PublishOptions {
    /// Every quasi-identifier combination occurs at least this often (2 or more).
    pub k: usize,
    /// Who publishes, and where requests go.
    pub publisher: Publisher,
    /// Days until the feed expires (1-366).
    pub expires_in_days: u32,
}

impl PublishOptions {
    /// The defaults (k = 5, 30 days) for this publisher.
    pub fn new(publisher: Publisher) -> PublishOptions {
        PublishOptions { k: DEFAULT_K, publisher, expires_in_days: DEFAULT_EXPIRES_IN_DAYS }
    }
}

/// Everything one publication produced.
#[derive(Clone, Debug)]
pub struct PublishOutcome {
    /// The feed.
    pub feed: Feed,
    /// Its exact bytes, as signed.
    pub bytes: Vec<u8>,
    /// The Ed25519 signature over `bytes`, standard base64 (one line, no newline).
    pub signature: String,
    /// Profile id → record id for this feed (private).
    pub mapping: Mapping,
    /// What was published, generalised and held back (private: names record ids).
    pub report: Report,
}

/// Why nothing was published.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    /// k too small.
    #[error("--k must be at least 2 (5 is the default); got {0}")]
    K(usize),
    /// Expiry out of range.
    #[error("--expires-in-days must be 1-{MAX_EXPIRES_IN_DAYS}; got {0}")]
    Expiry(u32),
    /// A publisher field is missing or wrong.
    #[error("{0}")]
    Publisher(String),
    /// The export is not usable.
    #[error("{path}: {source}")]
    Export {
        /// The export file.
        path: PathBuf,
        /// Why.
        source: ExportError,
    },
    /// The key could not be read.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// A file could not be read or written.
    #[error(transparent)]
    File(#[from] FileError),
    /// The private directory has a problem.
    #[error(transparent)]
    Private(#[from] MappingError),
    /// Too many profiles or bytes for one feed.
    #[error("{0}")]
    TooLarge(String),
    /// Nothing could be published; the current feed is left as it is.
    #[error("nothing to publish: all {rows} rows were held back (see the summary); the current feed is left as it is")]
    NothingToPublish {
        /// Rows in the export.
        rows: usize,
        /// The report, to show why.
        report: Box<Report>,
    },
    /// The private files would be exposed.
    #[error("{0}")]
    Unsafe(String),
    /// The result failed its own checks; a bug, never published.
    #[error("the feed failed its own check and was not published: {0}")]
    SelfCheck(String),
}

fn check_options(options: &PublishOptions) -> Result<(), PublishError> {
    if options.k < 2 {
        return Err(PublishError::K(options.k));
    }
    if !(1..=MAX_EXPIRES_IN_DAYS).contains(&options.expires_in_days) {
        return Err(PublishError::Expiry(options.expires_in_days));
    }
    // The core's own checks on the publisher block, on an empty feed.
    let probe = Feed {
        format: FORMAT_V1.into(),
        publisher: options.publisher.clone(),
        issued_at: Timestamp::from_unix_seconds(0),
        expires_at: Timestamp::from_unix_seconds(1),
        sequence: 0,
        occupations: BTreeMap::new(),
        profiles: Vec::new(),
    };
    probe.check().map_err(|e| match e {
        FeedError::Invalid { location, message } => {
            let flag = match location.as_str() {
                "publisher.name" => "--publisher-name",
                "publisher.contact" => "--contact",
                "publisher.request_url" => "--request-url",
                "publisher.privacy_url" => "--privacy-url",
                other => other,
            };
            PublishError::Publisher(format!("{flag}: {message}"))
        }
        other => PublishError::Publisher(other.to_string()),
    })
}

fn quasi_of(record: &Record, now: Timestamp) -> Quasi {
    let mut languages = record.languages.clone();
    languages.sort();
    Quasi {
        place: record.place,
        hours: record.hours,
        available_from: record.available_from.max(now.month()),
        contract_forms: record.contract_forms,
        job_coaching: record.job_coaching,
        languages,
    }
}

/// The pitch to publish, or why it is left out (`Ok(None)` for an empty pitch).
fn checked_pitch(record: &Record) -> Result<Option<Pitch>, Vec<String>> {
    // Spreadsheets write Windows line ends and tabs; the feed keeps plain newlines and spaces.
    let text = record.pitch.replace("\r\n", "\n").replace(['\r'], "\n").replace('\t', " ");
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let len = text.chars().count();
    if len > MAX_PITCH {
        return Err(vec![format!("longer than {MAX_PITCH} characters ({len})")]);
    }
    let found = pii::scan(text, &record.identity, record.record_id.as_str());
    if !found.is_empty() {
        return Err(found.into_iter().map(|f| f.describe().to_owned()).collect());
    }
    text.parse::<Pitch>().map(Some).map_err(|e| vec![e.to_string()])
}

/// Publishes an export in memory as feed number `sequence`, issued at `now`.
pub fn publish(
    export: &Export,
    keys: &Keys,
    options: &PublishOptions,
    sequence: u64,
    now: Timestamp,
) -> Result<PublishOutcome, PublishError> {
    check_options(options)?;
    let mut report = Report { rows: export.rows, k: options.k, sequence, held_back: export.held_back.clone(), ..Report::default() };
    let hold = |r: &Record, reason| HeldBack { line: r.line, record_id: r.record_id.to_string(), reason };
    let mut eligible: Vec<&Record> = Vec::new();
    let mut first_line_of = std::collections::HashMap::new();
    for record in &export.records {
        if !record.consent {
            report.held_back.push(hold(record, HoldReason::NoConsent { value: "no".into() }));
        } else if let Some(&first_line) = first_line_of.get(&record.record_id) {
            report.held_back.push(hold(record, HoldReason::DuplicateRecordId { first_line }));
        } else {
            first_line_of.insert(record.record_id.clone(), record.line);
            eligible.push(record);
        }
    }
    let quasi: Vec<Quasi> = eligible.iter().map(|r| quasi_of(r, now)).collect();
    let published = kanon::anonymise(&quasi, options.k);

    let mut rotation = Rotation::new(keys.rotation_secret(), sequence);
    let mut profiles = Vec::new();
    let mut occupations = BTreeMap::new();
    let mut ids = BTreeMap::new();
    for ((record, own), public) in eligible.iter().zip(&quasi).zip(published) {
        let Some(public) = public else {
            report.held_back.push(hold(record, HoldReason::TooFewSimilar { k: options.k }));
            continue;
        };
        let what = public.generalised(own);
        if !what.is_empty() {
            report.generalised.push(GeneralisedRecord { line: record.line, record_id: record.record_id.to_string(), what });
        }
        let pitch = match checked_pitch(record) {
            Ok(pitch) => pitch,
            Err(reasons) => {
                report.pitches_dropped.push(DroppedPitch { line: record.line, record_id: record.record_id.to_string(), reasons });
                None
            }
        };
        for id in &record.occupations {
            if let Some(o) = esco().get(*id) {
                occupations.insert(*id, o.labels.clone());
            }
        }
        let id = rotation.id_for(&record.record_id);
        ids.insert(id.clone(), record.record_id.clone());
        profiles.push(Profile {
            id,
            area: public.area,
            reach_km: record.reach_km,
            travel_modes: record.travel_modes,
            occupations: record.occupations.clone(),
            talents: record.talents,
            strengths: record.strengths,
            languages: public.languages,
            hours: public.hours,
            shifts: record.shifts,
            available_from: public.available_from,
            contract_forms: public.contract_forms,
            job_coaching: public.job_coaching,
            workplace_needs: record.workplace_needs,
            pitch,
        });
    }
    // Ordered by rotated id, so a profile's position says nothing and changes every feed.
    profiles.sort_by(|a, b| a.id.cmp(&b.id));
    report.published = profiles.len();
    report.held_back.sort_by_key(|h| h.line);
    report.generalised.sort_by_key(|g| g.line);
    report.pitches_dropped.sort_by_key(|p| p.line);
    if profiles.len() > MAX_PROFILES {
        return Err(PublishError::TooLarge(format!("{} profiles; one feed holds at most {MAX_PROFILES}", profiles.len())));
    }
    let feed = Feed {
        format: FORMAT_V1.into(),
        publisher: options.publisher.clone(),
        issued_at: now,
        expires_at: now.plus_days(i64::from(options.expires_in_days)),
        sequence,
        occupations,
        profiles,
    };
    let bytes = feed.to_json();
    if bytes.len() > MAX_FEED_BYTES {
        return Err(PublishError::TooLarge(format!("the feed would be {} bytes; at most {MAX_FEED_BYTES} are accepted", bytes.len())));
    }
    let signature = keys.sign_base64(&bytes);
    // What a widget will do, before anyone else sees it.
    let parsed = Feed::parse_signed(&bytes, &signature, &keys.public_key_base64(), now, Some(sequence))
        .map_err(|e| PublishError::SelfCheck(e.to_string()))?;
    kanon::check(&parsed, options.k).map_err(|e| PublishError::SelfCheck(e.to_string()))?;
    let mapping =
        Mapping { format: MAPPING_FORMAT.into(), sequence, issued_at: feed.issued_at, expires_at: feed.expires_at, profiles: ids };
    Ok(PublishOutcome { feed, bytes, signature, mapping, report })
}

/// The sequence of the feed at `path`, if one is there and readable.
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
fn check_private_location(feed: &Path, private: &Path, what: &str) -> Result<(), PublishError> {
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
/// `feed_path`), writes the mapping into `private_dir`, then `feed_path` and its `.sig`, records
/// the sequence and prunes old mappings. The private directory is created if needed; it must
/// not be in the feed's directory or below it.
pub fn publish_to_disk(
    export: &Export,
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
    let sequence = dir.last_sequence()?.max(existing_sequence(feed_path).unwrap_or(0)) + 1;
    let outcome = publish(export, keys, options, sequence, now)?;
    if outcome.feed.profiles.is_empty() {
        return Err(PublishError::NothingToPublish { rows: export.rows, report: Box::new(outcome.report) });
    }
    dir.write_mapping(&outcome.mapping)?;
    dir.record_publication(sequence, &options.publisher)?;
    write_pair(feed_path, &outcome.bytes, &outcome.signature)?;
    dir.prune(now)?;
    Ok(outcome)
}

/// The files of a demo publication, as [`publish_demo`] lays them out in its directory.
#[derive(Clone, Debug)]
pub struct DemoPublication {
    /// `DIR/public/feed.json` (its signature is next to it, `feed.json.sig`): serve this directory.
    pub feed: PathBuf,
    /// `DIR/private/org.key`: the demo organisation's key (made on the first run, then reused).
    pub key: PathBuf,
    /// `DIR/private/org.private`: the id mapping, for [`crate::mapping::MappingStore::load`].
    pub private_dir: PathBuf,
    /// The public key in base64, for the widget's `public-key` attribute.
    pub public_key: String,
    /// The publication itself.
    pub outcome: PublishOutcome,
}

/// The whole publishing pipeline on synthetic people, for `talentbrug demo`: `profiles`
/// synthetic private records (seeded) are published with the demo publisher block (requests to
/// `/api/requests`) under `dir`, keeping the public and private files apart.
pub fn publish_demo(dir: &Path, profiles: usize, seed: u64, now: Timestamp) -> Result<DemoPublication, PublishError> {
    let public = dir.join("public");
    let private = dir.join("private");
    for d in [&public, &private] {
        std::fs::create_dir_all(d).map_err(|e| FileError::new(d, e))?;
    }
    let key = private.join("org.key");
    let keys = if key.exists() {
        Keys::load(&key)?
    } else {
        let keys = Keys::generate();
        keys.save_new(&key)?;
        keys
    };
    let export = Export::from_records(crate::synthetic::records(profiles, seed, now.month()));
    let feed = public.join("feed.json");
    let private_dir = default_private_dir(&key);
    let options = PublishOptions::new(crate::demo_feed::demo_publisher());
    let outcome = publish_to_disk(&export, &keys, &options, &feed, &private_dir, now)?;
    Ok(DemoPublication { feed, key, private_dir, public_key: keys.public_key_base64(), outcome })
}

/// Arguments of `talentbrug publish`.
#[derive(Debug, clap::Args)]
pub struct PublishArgs {
    /// The coach's export (CSV, UTF-8, header row; see the README for the columns). Only read.
    pub records: PathBuf,
    /// The organisation's key file (from `talentbrug keygen`).
    #[arg(long)]
    pub key: PathBuf,
    /// Where to write the feed; its signature goes to the same name plus `.sig`.
    #[arg(long)]
    pub out: PathBuf,
    /// Every combination of area, hours, availability, contract forms, job coaching and
    /// languages occurs at least k times.
    #[arg(long, default_value_t = DEFAULT_K)]
    pub k: usize,
    /// The organisation's name, shown to employers. Required the first time; remembered.
    #[arg(long)]
    pub publisher_name: Option<String>,
    /// How employers reach the organisation (e-mail or phone), shown in the widget. Required
    /// the first time; remembered.
    #[arg(long)]
    pub contact: Option<String>,
    /// Where interview requests are sent: an https URL or a path on the feed's host
    /// [default: the last one used, else /api/requests, the inbox of `talentbrug serve`].
    #[arg(long)]
    pub request_url: Option<String>,
    /// The organisation's privacy notice, linked from the request form
    /// [default: the last one used, else /privacy.html on the feed's host].
    #[arg(long)]
    pub privacy_url: Option<String>,
    /// Days until the feed expires; publish again before then.
    #[arg(long, default_value_t = DEFAULT_EXPIRES_IN_DAYS)]
    pub expires_in_days: u32,
    /// Write the full report (every row, JSON, private: names record ids) here.
    #[arg(long)]
    pub report: Option<PathBuf>,
    /// The private directory for the id mappings [default: next to the key, `org.key` → `org.private/`].
    #[arg(long)]
    pub private_dir: Option<PathBuf>,
}

/// The publisher block from the flags, falling back to the last publication's.
fn publisher_from(args: &PublishArgs, last: Option<Publisher>) -> Result<Publisher, PublishError> {
    let pick = |flag: &Option<String>, remembered: Option<&String>, fallback: Option<&str>, name: &str| {
        flag.clone()
            .or_else(|| remembered.cloned())
            .or_else(|| fallback.map(str::to_owned))
            .ok_or_else(|| PublishError::Publisher(format!("--{name} is needed for the first publication (it is remembered afterwards)")))
    };
    Ok(Publisher {
        name: pick(&args.publisher_name, last.as_ref().map(|p| &p.name), None, "publisher-name")?,
        contact: pick(&args.contact, last.as_ref().map(|p| &p.contact), None, "contact")?,
        request_url: pick(&args.request_url, last.as_ref().map(|p| &p.request_url), Some(DEFAULT_REQUEST_URL), "request-url")?,
        privacy_url: pick(&args.privacy_url, last.as_ref().map(|p| &p.privacy_url), Some(DEFAULT_PRIVACY_URL), "privacy-url")?,
    })
}

/// Runs `talentbrug publish` and prints the summary.
pub fn run(args: PublishArgs) -> Result<(), PublishError> {
    let now = crate::clock::now();
    let private_dir = args.private_dir.clone().unwrap_or_else(|| default_private_dir(&args.key));
    check_private_location(&args.out, &args.key, "the key")?;
    if let Some(report) = &args.report {
        check_private_location(&args.out, report, "the report")?;
    }
    if let Some(warning) = Keys::permission_warning(&args.key) {
        eprintln!("warning: {warning}");
    }
    let keys = Keys::load(&args.key)?;
    let last = if private_dir.is_dir() { PrivateDir::open(&private_dir)?.last_publisher()? } else { None };
    let options = PublishOptions { k: args.k, publisher: publisher_from(&args, last)?, expires_in_days: args.expires_in_days };
    check_options(&options)?;
    let bytes = std::fs::read(&args.records).map_err(|e| FileError::new(&args.records, e))?;
    let export = read_export(&bytes, esco()).map_err(|source| PublishError::Export { path: args.records.clone(), source })?;
    let outcome = match publish_to_disk(&export, &keys, &options, &args.out, &private_dir, now) {
        Ok(outcome) => outcome,
        Err(PublishError::NothingToPublish { rows, report }) => {
            print!("{}", report.summary());
            return Err(PublishError::NothingToPublish { rows, report });
        }
        Err(e) => return Err(e),
    };
    if let Some(path) = &args.report {
        let mut json = serde_json::to_vec_pretty(&outcome.report).unwrap_or_default();
        json.push(b'\n');
        write_atomically_with_mode(path, &json, Some(0o600))?;
    }
    print!("{}", outcome.report.summary());
    println!(
        "wrote {} and {} (sequence {}, expires {}); id mapping in {}",
        args.out.display(),
        signature_path(&args.out).display(),
        outcome.feed.sequence,
        outcome.feed.expires_at,
        private_dir.display()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::tests::{row, HEADER};

    fn publisher() -> Publisher {
        Publisher {
            name: "Werkpunt Leuven".into(),
            contact: "jobs@werkpunt.example".into(),
            request_url: DEFAULT_REQUEST_URL.into(),
            privacy_url: DEFAULT_PRIVACY_URL.into(),
        }
    }

    fn now() -> Timestamp {
        "2026-11-23T10:00:00Z".parse().unwrap()
    }

    fn export(rows: &[String]) -> Export {
        read_export(format!("{HEADER}\n{}", rows.concat()).as_bytes(), esco()).unwrap()
    }

    fn keys() -> Keys {
        Keys::from_bytes([1; 32], [2; 32])
    }

    #[test]
    fn five_alike_are_published_signed_and_mapped() {
        let rows: Vec<String> = (1..=5).map(|i| row(&format!("D-{i}"), &[])).collect();
        let out = publish(&export(&rows), &keys(), &PublishOptions::new(publisher()), 7, now()).unwrap();
        assert_eq!(out.feed.profiles.len(), 5);
        assert_eq!(out.report.published, 5);
        assert!(out.report.held_back.is_empty() && out.report.generalised.is_empty());
        assert_eq!(out.feed.sequence, 7);
        assert_eq!(out.feed.expires_at.to_string(), "2026-12-23T10:00:00Z");
        assert_eq!(out.mapping.profiles.len(), 5);
        assert!(out.feed.profiles.iter().all(|p| out.mapping.profiles.contains_key(&p.id)));
        let feed = Feed::parse_signed(&out.bytes, &out.signature, &keys().public_key_base64(), now(), None).unwrap();
        assert_eq!(feed, out.feed);
        assert_eq!(feed.profiles[0].area.label, "Leuven");
        assert_eq!(feed.profiles[0].pitch.as_ref().unwrap().as_str(), "Ik werk graag met mijn handen.");
        assert!(feed.occupations.contains_key(&"0019b951-c699-4191-8208-9822882d150c".parse().unwrap()));
        let text = String::from_utf8(out.bytes.clone()).unwrap();
        for secret in ["D-1", "Lotte", "Broeck", "1991", "Bondgenoten", "470", "lotte.vdb", "91.04.12"] {
            assert!(!text.contains(secret), "{secret} leaked");
        }
    }

    #[test]
    fn fewer_than_k_publish_nothing_and_say_why() {
        let rows: Vec<String> = (1..=4).map(|i| row(&format!("D-{i}"), &[])).collect();
        let out = publish(&export(&rows), &keys(), &PublishOptions::new(publisher()), 1, now()).unwrap();
        assert!(out.feed.profiles.is_empty());
        assert_eq!(out.report.held_back.len(), 4);
        assert!(out.report.held_back[0].reason.to_string().contains("fewer than 5 people"));
    }

    #[test]
    fn pitches_with_personal_data_are_dropped_but_the_profile_stays() {
        let mut rows: Vec<String> = (1..=4).map(|i| row(&format!("D-{i}"), &[])).collect();
        rows.push(row("D-5", &[("pitch", "Bel Lotte op 0470 12 34 56")]));
        let out = publish(&export(&rows), &keys(), &PublishOptions::new(publisher()), 1, now()).unwrap();
        assert_eq!(out.feed.profiles.len(), 5);
        assert_eq!(out.feed.profiles.iter().filter(|p| p.pitch.is_none()).count(), 1);
        let dropped = &out.report.pitches_dropped[0];
        assert_eq!((dropped.line, dropped.record_id.as_str()), (6, "D-5"));
        assert_eq!(dropped.reasons, vec!["a phone number", "the person's given name"]);
        assert!(!String::from_utf8(out.bytes).unwrap().contains("0470"));
    }

    #[test]
    fn past_availability_is_published_as_now() {
        let rows: Vec<String> = (1..=5).map(|i| row(&format!("D-{i}"), &[("available_from", "2024-03-15")])).collect();
        let out = publish(&export(&rows), &keys(), &PublishOptions::new(publisher()), 1, now()).unwrap();
        assert!(out.feed.profiles.iter().all(|p| p.available_from.to_string() == "2026-11"));
        assert!(out.report.generalised.is_empty(), "moving a past month to now is not a generalisation");
    }

    #[test]
    fn ids_rotate_between_sequences() {
        let rows: Vec<String> = (1..=5).map(|i| row(&format!("D-{i}"), &[])).collect();
        let e = export(&rows);
        let a = publish(&e, &keys(), &PublishOptions::new(publisher()), 1, now()).unwrap();
        let b = publish(&e, &keys(), &PublishOptions::new(publisher()), 2, now()).unwrap();
        let ids_a: Vec<_> = a.mapping.profiles.keys().collect();
        assert!(b.mapping.profiles.keys().all(|id| !ids_a.contains(&id)));
        assert_eq!(a.feed.profiles[0].id.as_str().len(), crate::rotation::ID_LEN);
    }

    #[test]
    fn bad_options_are_refused() {
        let e = export(&[]);
        let mut o = PublishOptions::new(publisher());
        o.k = 1;
        assert!(matches!(publish(&e, &keys(), &o, 1, now()), Err(PublishError::K(1))));
        let mut o = PublishOptions::new(publisher());
        o.expires_in_days = 0;
        assert!(matches!(publish(&e, &keys(), &o, 1, now()), Err(PublishError::Expiry(0))));
        let mut o = PublishOptions::new(publisher());
        o.publisher.request_url = "javascript:alert(1)".into();
        let err = publish(&e, &keys(), &o, 1, now()).unwrap_err().to_string();
        assert!(err.starts_with("--request-url:"), "{err}");
        let mut o = PublishOptions::new(publisher());
        o.publisher.contact = " ".into();
        assert!(publish(&e, &keys(), &o, 1, now()).unwrap_err().to_string().starts_with("--contact:"));
    }

    #[test]
    fn the_demo_publishes_synthetic_people_and_maps_them_back() {
        let tmp = tempfile::tempdir().unwrap();
        let demo = publish_demo(tmp.path(), 300, 1, now()).unwrap();
        let feed = Feed::parse_signed(
            &std::fs::read(&demo.feed).unwrap(),
            &std::fs::read_to_string(signature_path(&demo.feed)).unwrap(),
            &demo.public_key,
            now(),
            None,
        )
        .unwrap();
        assert!(feed.profiles.len() > 150, "{}", feed.profiles.len());
        assert_eq!(feed.publisher.request_url, "/api/requests");
        let store = crate::mapping::MappingStore::load(&demo.private_dir).unwrap();
        let hit = store.lookup(feed.profiles[0].id.as_str()).unwrap();
        assert!(hit.record_id.as_str().starts_with("SYN-"));
        assert_eq!(hit.sequence, 1);
        let again = publish_demo(tmp.path(), 300, 1, now()).unwrap();
        assert_eq!(again.public_key, demo.public_key, "the key is reused");
        assert_eq!(again.outcome.feed.sequence, 2);
    }

    #[test]
    fn in_memory_exports_are_checked_for_repeated_ids_and_windows_line_ends() {
        let mut records = export(&(1..=6).map(|i| row(&format!("D-{i}"), &[])).collect::<Vec<_>>()).records;
        records[5].record_id = records[0].record_id.clone();
        records[1].pitch = "Ik werk graag.\r\nEcht\twaar.".into();
        let out = publish(&Export::from_records(records), &keys(), &PublishOptions::new(publisher()), 1, now()).unwrap();
        assert_eq!(out.feed.profiles.len(), 5);
        assert!(matches!(out.report.held_back[0].reason, HoldReason::DuplicateRecordId { first_line: 2 }));
        assert!(out.feed.profiles.iter().any(|p| p.pitch.as_ref().is_some_and(|t| t.as_str() == "Ik werk graag.\nEcht waar.")));
        assert!(out.report.pitches_dropped.is_empty());
    }

    #[test]
    fn the_k_anonymity_check_finds_a_rare_combination() {
        let rows: Vec<String> = (1..=5).map(|i| row(&format!("D-{i}"), &[])).collect();
        let out = publish(&export(&rows), &keys(), &PublishOptions::new(publisher()), 1, now()).unwrap();
        assert_eq!(kanon::check(&out.feed, 5), Ok(()));
        assert!(kanon::check(&out.feed, 6).is_err());
        let mut feed = out.feed.clone();
        feed.profiles[2].hours = talentbrug_core::Hours::new(1, 2).unwrap();
        let violation = kanon::check(&feed, 2).unwrap_err();
        assert_eq!((violation.count, violation.example_id.as_str()), (1, feed.profiles[2].id.as_str()));
        feed.profiles[2].hours = out.feed.profiles[2].hours;
        feed.profiles[3].languages.reverse();
        assert_eq!(kanon::check(&feed, 5), Ok(()), "language order does not matter");
    }

    #[test]
    fn a_ten_megabyte_pitch_is_left_out_with_its_length() {
        let mut rows: Vec<String> = (1..=4).map(|i| row(&format!("D-{i}"), &[])).collect();
        rows.push(row("D-5", &[("pitch", &"werk ".repeat(2 * 1024 * 1024))]));
        let out = publish(&export(&rows), &keys(), &PublishOptions::new(publisher()), 1, now()).unwrap();
        assert_eq!(out.feed.profiles.len(), 5);
        assert_eq!(out.report.pitches_dropped[0].reasons, vec!["longer than 400 characters (10485759)"]);
    }

    #[test]
    fn a_missing_feed_directory_is_named_before_anything_is_written() {
        let tmp = tempfile::tempdir().unwrap();
        let rows: Vec<String> = (1..=5).map(|i| row(&format!("D-{i}"), &[])).collect();
        let private = tmp.path().join("org.private");
        let err =
            publish_to_disk(&export(&rows), &keys(), &PublishOptions::new(publisher()), &tmp.path().join("www/feed.json"), &private, now())
                .unwrap_err()
                .to_string();
        assert!(err.contains("www") && err.contains("does not exist"), "{err}");
        assert!(!private.exists());
    }
}
