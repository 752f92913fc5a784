//! The publishing pipeline in memory: the coach's export in, the anonymous signed feed out.
//!
//! [`publish`] does the work: consent, k-anonymity ([`crate::kanon`]), the pitch scan
//! ([`crate::pii`]), rotated ids ([`crate::rotation`]) and from them ids named by tile and row
//! ([`crate::numbering`]), the signature, and a self-check of the
//! result (core parse, signature, k-anonymity) before anything is returned. Writing the result
//! to files is [`crate::to_disk`]'s job.
//!
//! Generalised values are chosen to stay true for everyone they cover: an `available_from` in
//! the past becomes the publication month ("available now"); a group's month is its latest one
//! (everyone can start by then); see [`crate::kanon`] for the rest. [`publish_with_groups`]
//! takes the groups of the previous publication, so unchanged people keep their published values.
//!
//! The pitch is the person's own and is not generalised: it is not something an acquaintance
//! knows in advance (it is written for this profile), it is what employers read to choose, and it
//! is scanned for anything that identifies (names, contact details, street and place, numbers,
//! dates; [`crate::pii`]) and dropped when it holds any. So within a group it is not a handle an
//! acquaintance can use; talents and strengths are kept for the same reason (the README measures
//! how many profiles two known talents single out).

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use sha2::{Digest, Sha256};
use talentbrug_core::esco::{EscoCatalogue, Occupation};
use talentbrug_core::feed::{FeedError, FORMAT_V1, MAX_FEED_BYTES, MAX_PROFILES};
use talentbrug_core::occupation::{OccupationGroup, MAX_GROUP_OCCUPATIONS};
use talentbrug_core::profile::{IscoGroup, ReachKm};
use talentbrug_core::profile::{Pitch, MAX_PITCH};
use talentbrug_core::{Feed, Lang, Profile, Publisher, Timestamp};

use talentbrug_private::{FileError, Mapping, MappingError, MAPPING_FORMAT};

use crate::kanon::{self, GroupState, Quasi, DEFAULT_K};
use crate::keys::{KeyError, Keys};
use crate::numbering::number_by_tile;
use crate::pii;
use crate::records::{Export, ExportError, Record};
use crate::report::{DroppedPitch, GeneralisedRecord, HeldBack, HoldReason, Report};
use crate::rotation::Rotation;

/// Default days until a feed expires.
pub const DEFAULT_EXPIRES_IN_DAYS: u32 = 30;
/// Longest validity a feed may have, in days: a stolen or withheld feed stops being accepted
/// within three months, and an organisation that stops publishing disappears from the widget.
pub const MAX_EXPIRES_IN_DAYS: u32 = 90;
/// Default request URL: the inbox of `talentbrug serve` on the host that serves the feed.
pub const DEFAULT_REQUEST_URL: &str = "/api/requests";
/// Default privacy URL: a page on the host that serves the feed.
pub const DEFAULT_PRIVACY_URL: &str = "/privacy.html";

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
    /// The groups to keep for the next publication (private: names record ids).
    pub groups: GroupState,
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

pub(crate) fn check_options(options: &PublishOptions) -> Result<(), PublishError> {
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
        occupation_groups: BTreeMap::new(),
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

fn isco_of(esco: &EscoCatalogue, id: talentbrug_core::EscoId) -> Option<IscoGroup> {
    esco.get(id).and_then(|o| o.isco08.parse().ok())
}

fn quasi_of(record: &Record, now: Timestamp, esco: &EscoCatalogue) -> Quasi {
    let mut languages = record.languages.clone();
    languages.sort();
    Quasi {
        place: record.place,
        hours: record.hours,
        available_from: record.available_from.max(now.month()),
        contract_forms: record.contract_forms,
        job_coaching: record.job_coaching,
        languages,
        occupations: record.occupations.iter().map(|&id| (id, isco_of(esco, id))).collect(),
        reach_km: kanon::reach_band(record.reach_km.km()),
        travel_modes: record.travel_modes,
        shifts: record.shifts,
        workplace_needs: record.workplace_needs,
        work: Default::default(),
    }
}

/// A hash of what a record says that can change its published values (its own month, not the
/// one moved to the publication month), to see whether it changed since the last publication.
fn fingerprint(record: &Record) -> String {
    let text = format!(
        "{:?}|{}|{}|{}|{}|{:?}|{:?}|{}|{}|{}|{}",
        record.place.postcode,
        record.hours,
        record.available_from,
        record.contract_forms.bits(),
        record.job_coaching,
        record.languages,
        record.occupations,
        record.reach_km.km(),
        record.travel_modes.bits(),
        record.shifts.bits(),
        record.workplace_needs.bits()
    );
    Sha256::digest(text.as_bytes()).iter().take(12).map(|b| format!("{b:02x}")).collect()
}

/// The label and members of an ISCO-08 group (unit, minor or sub-major), from the catalogue:
/// ISCO-08 has no Dutch or French labels, so the group is named by its shortest ESCO label, with
/// " e.a." ("en andere"), " et autres" or " and others" when it has others; in French and English
/// among the members that have labels in that language (none: readers show the Dutch label). At
/// most [`MAX_GROUP_OCCUPATIONS`] members are listed.
fn occupation_group(members: &[&Occupation]) -> Option<OccupationGroup> {
    let label = |lang: Lang, others: &str| {
        let shortest = members.iter().filter_map(|o| o.labels.own(lang)).map(|(l, _)| l).min_by_key(|l| (l.chars().count(), *l))?;
        Some(if members.len() > 1 { format!("{shortest}{others}") } else { shortest.to_owned() })
    };
    Some(OccupationGroup {
        label: label(Lang::Nl, " e.a.")?,
        fr: label(Lang::Fr, " et autres"),
        en: label(Lang::En, " and others"),
        occupations: members.iter().take(MAX_GROUP_OCCUPATIONS).map(|o| o.id).collect(),
    })
}

/// How many published people want each occupation, per ISCO-08 group their profile shows it
/// as: (group, occupation) -> people.
fn wanted_in_groups(quasi: &[Quasi], published: &[Option<kanon::Published>]) -> HashMap<(IscoGroup, talentbrug_core::EscoId), usize> {
    let mut wanted = HashMap::new();
    for (own, public) in quasi.iter().zip(published) {
        let Some(public) = public else { continue };
        for code in &public.occupation_groups {
            for (id, _) in own.occupations.iter().filter(|(_, isco)| isco.is_some_and(|g| code.contains(g))) {
                *wanted.entry((*code, *id)).or_default() += 1;
            }
        }
    }
    wanted
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
    let found = pii::scan(text, &record.identity, record.place, record.record_id.as_str());
    if !found.is_empty() {
        return Err(found.into_iter().map(|f| f.describe().to_owned()).collect());
    }
    text.parse::<Pitch>().map(Some).map_err(|e| vec![e.to_string()])
}

/// Publishes an export in memory as feed number `sequence`, issued at `now`; the labels of the
/// occupations it uses come from `esco` (the embedded catalogue, [`EscoCatalogue::embedded`]).
/// Groups are built from scratch; see [`publish_with_groups`] to keep the previous ones.
pub fn publish(
    export: &Export,
    esco: &EscoCatalogue,
    keys: &Keys,
    options: &PublishOptions,
    sequence: u64,
    now: Timestamp,
) -> Result<PublishOutcome, PublishError> {
    publish_with_groups(export, esco, keys, options, sequence, now, None)
}

/// Like [`publish`], keeping the groups of the previous publication (`previous`, from the
/// private directory): unchanged people keep their published values while their group keeps k
/// members (see [`crate::kanon`]).
pub fn publish_with_groups(
    export: &Export,
    esco: &EscoCatalogue,
    keys: &Keys,
    options: &PublishOptions,
    sequence: u64,
    now: Timestamp,
    previous: Option<&GroupState>,
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
    let quasi: Vec<Quasi> = eligible.iter().map(|r| quasi_of(r, now, esco)).collect();
    let ids: Vec<&str> = eligible.iter().map(|r| r.record_id.as_str()).collect();
    let fingerprints: Vec<String> = eligible.iter().map(|r| fingerprint(r)).collect();
    let mut stable = kanon::anonymise_stable(&quasi, &ids, &fingerprints, options.k, previous);
    report.kept_in_group = stable.kept;
    report.joined_group = stable.joined;
    report.groups_dissolved = stable.dissolved;
    let published = std::mem::take(&mut stable.published);
    let wanted = wanted_in_groups(&quasi, &published);
    let mut by_group: HashMap<IscoGroup, Vec<&Occupation>> = HashMap::new();
    let mut occupation_groups = BTreeMap::new();

    let mut rotation = Rotation::new(keys.rotation_secret(), sequence);
    let mut profiles = Vec::new();
    let mut occupations = BTreeMap::new();
    let mut ids = BTreeMap::new();
    for (at, ((record, own), public)) in eligible.iter().zip(&quasi).zip(published).enumerate() {
        let Some(public) = public else {
            let reason = match stable.waiting.binary_search(&at) {
                Ok(_) => HoldReason::WaitingForNewcomers { k: options.k },
                Err(_) => HoldReason::TooFewSimilar { k: options.k },
            };
            report.held_back.push(hold(record, reason));
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
        for id in &public.occupations {
            if let Some(o) = esco.get(*id) {
                occupations.insert(*id, o.labels.clone());
            }
        }
        for code in &public.occupation_groups {
            if occupation_groups.contains_key(code) {
                continue;
            }
            if by_group.is_empty() {
                for o in esco.iter() {
                    if let Ok(g) = o.isco08.parse::<IscoGroup>() {
                        for level in [4, 3, 2, 1] {
                            by_group.entry(g.truncated(level)).or_default().push(o);
                        }
                    }
                }
            }
            let mut members = by_group.get(code).cloned().unwrap_or_default();
            // Occupations at least k of the people shown as this group want come first, so the
            // cut to MAX_GROUP_OCCUPATIONS keeps them findable (forklift drivers in group 8, of
            // 345 occupations); the rest stay in id order.
            let k_want = |o: &&Occupation| wanted.get(&(*code, o.id)).is_some_and(|&n| n >= options.k);
            members.sort_by_key(|o| !k_want(o));
            if let Some(group) = occupation_group(&members) {
                // Synonyms only for the members people want: a group lists up to 200 occupations,
                // and all their synonyms in three languages made a 2,000-person demo manifest
                // 890 KB (860 KB of labels), parsed before the widget could show anything.
                // Preferred labels still find the rest by word start ("heftr" → heftruckchauffeur).
                for o in members.iter().filter(|o| group.occupations.contains(&o.id)) {
                    if k_want(o) {
                        occupations.insert(o.id, o.labels.clone());
                    } else {
                        occupations.entry(o.id).or_insert_with(|| o.labels.preferred_only());
                    }
                }
                occupation_groups.insert(*code, group);
            }
        }
        let id = rotation.id_for(&record.record_id);
        ids.insert(id.clone(), record.record_id.clone());
        profiles.push(Profile {
            id,
            area: public.area.clone(),
            reach_km: ReachKm::new(public.reach_km).unwrap_or(record.reach_km),
            travel_modes: public.travel_modes,
            occupations: public.occupations.clone(),
            occupation_groups: public.occupation_groups.clone(),
            talents: record.talents,
            strengths: record.strengths,
            languages: public.languages.clone(),
            hours: public.hours,
            shifts: public.shifts,
            // A kept group's month may have passed since: everyone is available now.
            available_from: public.available_from.max(now.month()),
            contract_forms: public.contract_forms,
            job_coaching: public.job_coaching,
            workplace_needs: public.needs_of(record.workplace_needs),
            pitch,
        });
    }
    // Published ids name the publication, a profile's tile and its row; the mapping follows
    // them. Ordered by id, so a profile's position says no more than its tile.
    let mut published_ids = BTreeMap::new();
    let mut numbered = Vec::with_capacity(profiles.len());
    for (rotated, profile) in number_by_tile(profiles, sequence) {
        let record = ids.remove(&rotated).ok_or_else(|| PublishError::SelfCheck(format!("profile {rotated} lost its record")))?;
        published_ids.insert(profile.id.clone(), record);
        numbered.push(profile);
    }
    if !ids.is_empty() || published_ids.len() != numbered.len() {
        return Err(PublishError::SelfCheck("numbering by tile and row lost or repeated a profile".into()));
    }
    let (ids, mut profiles) = (published_ids, numbered);
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
        occupation_groups,
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
    Ok(PublishOutcome { feed, bytes, signature, mapping, report, groups: stable.state })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::read_export;
    use crate::report::Generalised;
    use crate::to_disk::publish_to_disk;

    fn esco() -> EscoCatalogue {
        EscoCatalogue::embedded()
    }
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
        read_export(format!("{HEADER}\n{}", rows.concat()).as_bytes(), &esco()).unwrap()
    }

    fn keys() -> Keys {
        Keys::from_bytes([1; 32], [2; 32])
    }

    #[test]
    fn five_alike_are_published_signed_and_mapped() {
        let rows: Vec<String> = (1..=5).map(|i| row(&format!("D-{i}"), &[])).collect();
        let out = publish(&export(&rows), &esco(), &keys(), &PublishOptions::new(publisher()), 7, now()).unwrap();
        assert_eq!(out.feed.profiles.len(), 5);
        assert_eq!(out.report.published, 5);
        assert!(out.report.held_back.is_empty());
        // All five need a quiet workplace: shown for all five, it would tell an acquaintance who
        // finds the group what each of them needs, so it is not shown.
        assert!(out.report.generalised.iter().all(|g| g.what == vec![Generalised::WorkplaceNeeds]), "{:?}", out.report.generalised);
        assert!(out.feed.profiles.iter().all(|p| p.workplace_needs.is_empty()));
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
    fn labels_in_french_and_english_for_every_occupation_and_group() {
        let export = Export::from_records(crate::synthetic::records(2000, 1, now().month()));
        let out = publish(&export, &esco(), &keys(), &PublishOptions::new(publisher()), 1, now()).unwrap();
        let catalogue = esco();
        assert!(!out.feed.occupations.is_empty() && !out.feed.occupation_groups.is_empty());
        let named: std::collections::HashSet<_> = out.feed.profiles.iter().flat_map(|p| p.occupations.iter().copied()).collect();
        for (id, labels) in &out.feed.occupations {
            let full = &catalogue.get(*id).unwrap().labels;
            if named.contains(id) {
                assert_eq!(labels, full, "all three languages with their synonyms, as in the catalogue");
            } else {
                assert!(labels == full || *labels == full.preferred_only(), "a group member: {labels:?}");
            }
        }
        // Group members nobody (k people) wants carry only their preferred labels: the feed stays
        // small enough to read before the page is interactive.
        let bare = out.feed.occupations.values().filter(|l| l.alt_labels.is_empty()).count();
        assert!(bare * 2 > out.feed.occupations.len(), "{bare} of {}", out.feed.occupations.len());
        let with_french = out.feed.occupations.values().filter(|l| l.fr.is_some() && l.en.is_some()).count();
        assert!(with_french * 10 > out.feed.occupations.len() * 9, "{with_french} of {}", out.feed.occupations.len());
        for group in out.feed.occupation_groups.values() {
            assert!(group.label.ends_with(" e.a."), "{}", group.label);
            assert!(group.fr.as_ref().unwrap().ends_with(" et autres"), "{group:?}");
            assert!(group.en.as_ref().unwrap().ends_with(" and others"), "{group:?}");
        }
        // The demo's forklift drivers can be found in every language (the e2e tests search them).
        let forklift = "eeac6251-1974-42f5-91ed-513c6c883755".parse().unwrap();
        // Shown only as ISCO group 8 (345 occupations, 200 listed): listed there because at
        // least k people shown as that group want it.
        let group: IscoGroup = "8".parse().unwrap();
        assert!(out.feed.profiles.iter().all(|p| !p.occupations.contains(&forklift)));
        assert!(out.feed.occupation_groups[&group].occupations.contains(&forklift));
        assert_eq!(out.feed.occupations[&forklift].label_in(Lang::Fr), "cariste");
        assert!(!out.feed.occupations[&forklift].alt_labels.is_empty(), "wanted by k people: found by its synonyms too");
    }

    #[test]
    fn fewer_than_k_publish_nothing_and_say_why() {
        let rows: Vec<String> = (1..=4).map(|i| row(&format!("D-{i}"), &[])).collect();
        let out = publish(&export(&rows), &esco(), &keys(), &PublishOptions::new(publisher()), 1, now()).unwrap();
        assert!(out.feed.profiles.is_empty());
        assert_eq!(out.report.held_back.len(), 4);
        assert!(out.report.held_back[0].reason.to_string().contains("fewer than 5 people"));
    }

    #[test]
    fn pitches_with_personal_data_are_dropped_but_the_profile_stays() {
        let mut rows: Vec<String> = (1..=4).map(|i| row(&format!("D-{i}"), &[])).collect();
        rows.push(row("D-5", &[("pitch", "Bel Lotte op 0470 12 34 56")]));
        let out = publish(&export(&rows), &esco(), &keys(), &PublishOptions::new(publisher()), 1, now()).unwrap();
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
        let out = publish(&export(&rows), &esco(), &keys(), &PublishOptions::new(publisher()), 1, now()).unwrap();
        assert!(out.feed.profiles.iter().all(|p| p.available_from.to_string() == "2026-11"));
        assert!(
            out.report.generalised.iter().all(|g| !g.what.contains(&Generalised::AvailableFrom)),
            "moving a past month to now is not a generalisation"
        );
    }

    #[test]
    fn ids_rotate_between_sequences() {
        let rows: Vec<String> = (1..=5).map(|i| row(&format!("D-{i}"), &[])).collect();
        let e = export(&rows);
        let a = publish(&e, &esco(), &keys(), &PublishOptions::new(publisher()), 1, now()).unwrap();
        let b = publish(&e, &esco(), &keys(), &PublishOptions::new(publisher()), 2, now()).unwrap();
        let ids_a: Vec<_> = a.mapping.profiles.keys().collect();
        assert!(b.mapping.profiles.keys().all(|id| !ids_a.contains(&id)));
        // Named by publication, tile and row: all 5 share one tile here.
        let published: Vec<&str> = a.feed.profiles.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(published, ["1-0-0", "1-0-1", "1-0-2", "1-0-3", "1-0-4"]);
        assert_eq!(b.feed.profiles[0].id.as_str(), "2-0-0");
        // The mapping sends each published id to its own record, in each publication.
        let rows = |o: &PublishOutcome| o.feed.profiles.iter().map(|p| o.mapping.profiles[&p.id].to_string()).collect::<Vec<_>>();
        assert_eq!(rows(&a).iter().collect::<std::collections::BTreeSet<_>>().len(), 5);
        assert_ne!(rows(&a), rows(&b), "the order within an area is new every publication");
    }

    #[test]
    fn bad_options_are_refused() {
        let e = export(&[]);
        let mut o = PublishOptions::new(publisher());
        o.k = 1;
        assert!(matches!(publish(&e, &esco(), &keys(), &o, 1, now()), Err(PublishError::K(1))));
        let mut o = PublishOptions::new(publisher());
        o.expires_in_days = 0;
        assert!(matches!(publish(&e, &esco(), &keys(), &o, 1, now()), Err(PublishError::Expiry(0))));
        o.expires_in_days = 91;
        assert!(matches!(publish(&e, &esco(), &keys(), &o, 1, now()), Err(PublishError::Expiry(91))), "at most 90 days");
        o.expires_in_days = 90;
        assert!(!matches!(publish(&e, &esco(), &keys(), &o, 1, now()), Err(PublishError::Expiry(_))));
        let mut o = PublishOptions::new(publisher());
        o.publisher.request_url = "javascript:alert(1)".into();
        let err = publish(&e, &esco(), &keys(), &o, 1, now()).unwrap_err().to_string();
        assert!(err.starts_with("--request-url:"), "{err}");
        let mut o = PublishOptions::new(publisher());
        o.publisher.contact = " ".into();
        assert!(publish(&e, &esco(), &keys(), &o, 1, now()).unwrap_err().to_string().starts_with("--contact:"));
    }

    #[test]
    fn in_memory_exports_are_checked_for_repeated_ids_and_windows_line_ends() {
        let mut records = export(&(1..=6).map(|i| row(&format!("D-{i}"), &[])).collect::<Vec<_>>()).records;
        records[5].record_id = records[0].record_id.clone();
        records[1].pitch = "Ik werk graag.\r\nEcht\twaar.".into();
        let out = publish(&Export::from_records(records), &esco(), &keys(), &PublishOptions::new(publisher()), 1, now()).unwrap();
        assert_eq!(out.feed.profiles.len(), 5);
        assert!(matches!(out.report.held_back[0].reason, HoldReason::DuplicateRecordId { first_line: 2 }));
        assert!(out.feed.profiles.iter().any(|p| p.pitch.as_ref().is_some_and(|t| t.as_str() == "Ik werk graag.\nEcht waar.")));
        assert!(out.report.pitches_dropped.is_empty());
    }

    #[test]
    fn the_k_anonymity_check_finds_a_rare_combination() {
        let rows: Vec<String> = (1..=5).map(|i| row(&format!("D-{i}"), &[])).collect();
        let out = publish(&export(&rows), &esco(), &keys(), &PublishOptions::new(publisher()), 1, now()).unwrap();
        assert_eq!(kanon::check(&out.feed, 5), Ok(()));
        assert!(kanon::check(&out.feed, 6).is_err());
        let mut feed = out.feed.clone();
        feed.profiles[2].hours = talentbrug_core::Hours::new(1, 2).unwrap();
        let violation = kanon::check(&feed, 2).unwrap_err();
        assert!(
            matches!(&violation, kanon::Violation::TooFew { count: 1, example_id, .. } if example_id == feed.profiles[2].id.as_str()),
            "{violation}"
        );
        feed.profiles[2].hours = out.feed.profiles[2].hours;
        feed.profiles[3].languages.reverse();
        assert_eq!(kanon::check(&feed, 5), Ok(()), "language order does not matter");
    }

    #[test]
    fn a_ten_megabyte_pitch_is_left_out_with_its_length() {
        let mut rows: Vec<String> = (1..=4).map(|i| row(&format!("D-{i}"), &[])).collect();
        rows.push(row("D-5", &[("pitch", &"werk ".repeat(2 * 1024 * 1024))]));
        let out = publish(&export(&rows), &esco(), &keys(), &PublishOptions::new(publisher()), 1, now()).unwrap();
        assert_eq!(out.feed.profiles.len(), 5);
        assert_eq!(out.report.pitches_dropped[0].reasons, vec!["longer than 400 characters (10485759)"]);
    }

    #[test]
    fn a_missing_feed_directory_is_named_before_anything_is_written() {
        let tmp = tempfile::tempdir().unwrap();
        let rows: Vec<String> = (1..=5).map(|i| row(&format!("D-{i}"), &[])).collect();
        let private = tmp.path().join("org.private");
        let err = publish_to_disk(
            &export(&rows),
            &esco(),
            &keys(),
            &PublishOptions::new(publisher()),
            &tmp.path().join("www/feed.json"),
            &private,
            now(),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("www") && err.contains("does not exist"), "{err}");
        assert!(!private.exists());
    }
}
