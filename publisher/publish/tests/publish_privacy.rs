//! The publisher's privacy guarantees as properties: for any set of private records, the
//! written feed is k-anonymous over everything an acquaintance could know (area, hours, start
//! month, contract forms, job coaching, languages, occupations and their ISCO-08 groups, reach,
//! travel modes, shifts), workplace needs are l-diverse within each such class, and the feed
//! holds none of the records' direct identifiers, in any form; every published profile maps back
//! to exactly one consenting record. And stability: when 5 % of the records leave, at least 95 %
//! of the others are published exactly as before.

use std::collections::{BTreeMap, HashMap, HashSet};

use proptest::prelude::*;
use talentbrug_core::esco::EscoCatalogue;
use talentbrug_core::profile::{LanguageSkill, ReachKm};
use talentbrug_core::vocabulary::{Code, CodeSet, ContractForm, Shift, Strength, Talent, TravelMode, WorkplaceNeed};
use talentbrug_core::{Country, EscoId, Feed, Gazetteer, Hours, Publisher, Timestamp, YearMonth};
use talentbrug_publish::words;
use talentbrug_publish::HoldReason;
use talentbrug_publish::Keys;
use talentbrug_publish::{publish, publish_to_disk, PublishOptions};
use talentbrug_publish::{Export, Identity, Record};

/// Postcodes clustered around Leuven and Gent, plus two lonely ones (Oostende, Arlon), so groups,
/// merges and suppression all happen.
const POSTCODES: &[&str] = &["3000", "3001", "3010", "3012", "3018", "3020", "9000", "9030", "9040", "9050", "8400", "6700"];
/// Occupations in three ISCO-08 unit groups: 7543 (two of them), 8344 and 9321.
const OCCUPATIONS: &[&str] = &[
    "0019b951-c699-4191-8208-9822882d150c",
    "1c25fdb4-c6e2-4118-99a5-519e9657a2bd",
    "eeac6251-1974-42f5-91ed-513c6c883755",
    "f5cb9901-86fc-48d0-9cde-667fbe8cef3a",
];
const LANGUAGES: &[&str] = &["nl:native", "nl:B1", "nl:A2", "fr:native", "fr:B2", "en:B1", "ar:native", "tr:native"];

fn now() -> Timestamp {
    "2026-11-23T10:00:00Z".parse().unwrap()
}

/// A distinctive made-up word (four or five consonant-vowel syllables): long enough that it
/// cannot occur in a feed by chance.
fn token() -> impl Strategy<Value = String> {
    const CONSONANTS: &[u8] = b"bdfghjklmnprstvwxz";
    const VOWELS: &[u8] = b"aeiouy";
    prop::collection::vec((0..CONSONANTS.len(), 0..VOWELS.len()), 4..6).prop_map(|syllables| {
        let word: String = syllables.iter().flat_map(|&(c, v)| [CONSONANTS[c] as char, VOWELS[v] as char]).collect();
        let mut c = word.chars();
        c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
    })
}

/// Where a pitch may leak an identifier: nowhere, or one of the identifiers in a sentence.
#[derive(Clone, Copy, Debug)]
enum Leak {
    None,
    GivenName,
    FamilyName,
    Street,
    Phone,
    PhoneSpaced,
    Email,
    NationalNumber,
    BirthDate,
    RecordId,
}

fn leak() -> impl Strategy<Value = Leak> {
    prop_oneof![
        4 => Just(Leak::None),
        1 => Just(Leak::GivenName),
        1 => Just(Leak::FamilyName),
        1 => Just(Leak::Street),
        1 => Just(Leak::Phone),
        1 => Just(Leak::PhoneSpaced),
        1 => Just(Leak::Email),
        1 => Just(Leak::NationalNumber),
        1 => Just(Leak::BirthDate),
        1 => Just(Leak::RecordId),
    ]
}

fn nrn(year: u32, month: u32, day: u32, serial: u32) -> String {
    let body = u64::from(year % 100) * 10_000_000 + u64::from(month) * 100_000 + u64::from(day) * 1000 + u64::from(serial);
    format!("{:02}.{month:02}.{day:02}-{serial:03}.{:02}", year % 100, 97 - body % 97)
}

prop_compose! {
    fn record(index: usize)(
        given in token(),
        family in token(),
        street in token(),
        (year, month, day) in (1950u32..2000, 1u32..13, 1u32..29),
        serial in 1u32..998,
        phone_digits in 10_000_000u32..99_999_999,
        record_suffix in any::<u32>(),
        postcode in 0..POSTCODES.len(),
        hours in prop_oneof![Just((38u8, 38u8)), Just((30, 38)), Just((20, 30)), Just((19, 25)), Just((10, 20))],
        available in 0u32..8,
        forms in 1u64..64,
        coaching in any::<bool>(),
        langs in proptest::sample::subsequence(LANGUAGES, 0..3),
        consent in prop::bool::weighted(0.9),
        leak in leak(),
        reach_tenths in 5u32..400,
        occupations in proptest::sample::subsequence(OCCUPATIONS, 1..3),
        modes in 1u64..32,
        shifts in 1u64..16,
        needs in prop_oneof![3 => Just(0u64), 1 => 1u64..8],
        talents in 1u64..64,
    ) -> Record {
        let phone = format!("04{}", phone_digits);
        let record_id = format!("R-{record_suffix:08X}");
        let birth_date = format!("{year:04}-{month:02}-{day:02}");
        let national_number = nrn(year, month, day, serial);
        let email = format!("{}.{}@example.org", given.to_lowercase(), family.to_lowercase());
        let street_line = format!("{street}straat {}", serial % 150 + 1);
        let pitch = match leak {
            Leak::None => "Ik werk graag met mijn handen.".to_owned(),
            Leak::GivenName => format!("Ik ben {given} en ik werk graag."),
            Leak::FamilyName => format!("Familie {} zoekt werk.", family.to_uppercase()),
            Leak::Street => format!("Ik woon in de {street}straat."),
            Leak::Phone => format!("Bel {phone}"),
            Leak::PhoneSpaced => format!("Bel +32 {} {} {} {}", &phone[1..4], &phone[4..6], &phone[6..8], &phone[8..]),
            Leak::Email => format!("Mail {email}"),
            Leak::NationalNumber => format!("Mijn nummer is {national_number}."),
            Leak::BirthDate => format!("Geboren op {day:02}/{month:02}/{year}."),
            Leak::RecordId => format!("Dossier {record_id}."),
        };
        let mut languages: Vec<LanguageSkill> = Vec::new();
        for l in langs {
            let skill: LanguageSkill = l.parse().unwrap();
            if !languages.iter().any(|x| x.lang == skill.lang) {
                languages.push(skill);
            }
        }
        Record {
            line: index as u64 + 2,
            record_id: record_id.parse().unwrap(),
            identity: Identity {
                given_name: given,
                family_name: family,
                birth_date,
                street: street_line,
                municipality: String::new(),
                phone,
                email,
                national_number,
            },
            place: Gazetteer.resolve(POSTCODES[postcode], Country::Be).unwrap(),
            occupations: occupations.iter().map(|o| o.parse::<EscoId>().unwrap()).collect(),
            talents: CodeSet::<Talent>::from_bits(talents),
            strengths: [Strength::Punctual].into_iter().collect(),
            languages,
            hours: Hours::new(hours.0, hours.1).unwrap(),
            shifts: CodeSet::<Shift>::from_bits(shifts),
            available_from: YearMonth::new(2026, 9).unwrap().plus_months(available),
            contract_forms: CodeSet::<ContractForm>::from_bits(forms),
            reach_km: ReachKm::new(f64::from(reach_tenths) / 10.0).unwrap(),
            travel_modes: CodeSet::<TravelMode>::from_bits(modes),
            driving_licence: false,
            job_coaching: coaching,
            workplace_needs: CodeSet::<WorkplaceNeed>::from_bits(needs),
            pitch,
            consent,
        }
    }
}

fn records() -> impl Strategy<Value = Vec<Record>> {
    (0usize..45).prop_flat_map(|n| (0..n).map(record).collect::<Vec<_>>())
}

/// The quasi-identifier combination of a profile, computed here independently of the publisher:
/// everything an acquaintance could know.
fn quasi_key(p: &talentbrug_core::Profile) -> String {
    let mut langs: Vec<String> = p.languages.iter().map(|l| format!("{}:{}", l.lang, l.level.code())).collect();
    langs.sort();
    let forms: Vec<&str> = p.contract_forms.iter().map(Code::code).collect();
    let mut occupations: Vec<String> = p.occupations.iter().map(|o| o.to_string()).collect();
    occupations.sort();
    let mut groups: Vec<String> = p.occupation_groups.iter().map(|g| g.to_string()).collect();
    groups.sort();
    let modes: Vec<&str> = p.travel_modes.iter().map(Code::code).collect();
    let shifts: Vec<&str> = p.shifts.iter().map(Code::code).collect();
    format!(
        "{}/{}/{}/{}/{}/{}/{}/{:?}/{}/{:?}/{:?}/{}/{:?}/{:?}",
        p.area.postcode.qualified(),
        p.area.label,
        p.area.lat,
        p.area.lon,
        p.hours,
        p.available_from,
        p.job_coaching,
        forms,
        langs.join(","),
        occupations,
        groups,
        p.reach_km.km(),
        modes,
        shifts
    )
}

/// Profiles by quasi-identifier class.
fn classes(feed: &Feed) -> HashMap<String, Vec<&talentbrug_core::Profile>> {
    let mut classes: HashMap<String, Vec<&talentbrug_core::Profile>> = HashMap::new();
    for p in &feed.profiles {
        classes.entry(quasi_key(p)).or_default().push(p);
    }
    classes
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// Every form of a record's direct identifiers that must not be in the feed.
fn forbidden(r: &Record) -> Vec<(String, &'static str)> {
    let id = &r.identity;
    let (y, m, d) = (&id.birth_date[..4], &id.birth_date[5..7], &id.birth_date[8..]);
    vec![
        (id.given_name.to_lowercase(), "given name"),
        (id.family_name.to_lowercase(), "family name"),
        (words(&id.street)[0].clone(), "street"),
        (id.email.to_lowercase(), "e-mail"),
        (r.record_id.as_str().to_lowercase(), "record id"),
        (id.birth_date.clone(), "birth date"),
        (format!("{d}/{m}/{y}"), "birth date"),
        (format!("{d}.{m}.{y}"), "birth date"),
        (format!("{d}-{m}-{y}"), "birth date"),
    ]
}

fn publisher() -> Publisher {
    Publisher {
        name: "Werkpunt Proef".into(),
        contact: "jobs@werkpunt.example".into(),
        request_url: "/api/requests".into(),
        privacy_url: "/privacy.html".into(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, max_shrink_iters: 200, ..ProptestConfig::default() })]

    #[test]
    fn any_records_give_a_k_anonymous_feed_without_identifiers(records in records(), k in 2usize..7, sequence in 1u64..1000) {
        let keys = Keys::from_bytes([5; 32], [6; 32]);
        let mut options = PublishOptions::new(publisher());
        options.k = k;
        let out = publish(&Export::from_records(records.clone()), &EscoCatalogue::embedded(), &keys, &options, sequence, now()).unwrap();

        // What a widget reads: verified, then parsed.
        let feed = Feed::parse_signed(&out.bytes, &out.signature, &keys.public_key_base64(), now(), Some(sequence)).unwrap();

        // k-anonymity over the whole quasi-identifier set on the written feed, and l-diverse
        // workplace needs: at least two different sets in a class, or none shown at all, and no
        // need shown by more than half of a class.
        for (key, class) in classes(&feed) {
            prop_assert!(class.len() >= k, "{} < k = {k} profiles share {key}", class.len());
            let needs: HashSet<u64> = class.iter().map(|p| p.workplace_needs.bits()).collect();
            prop_assert!(needs.len() >= 2 || needs.contains(&0), "everyone in {key} shows the same needs {needs:?}");
            for need in talentbrug_core::vocabulary::WorkplaceNeed::ALL {
                let with = class.iter().filter(|p| p.workplace_needs.contains(*need)).count();
                prop_assert!(with * 2 <= class.len(), "{with} of {} in {key} show {need:?}", class.len());
            }
        }
        prop_assert_eq!(talentbrug_publish::check_k_anonymity(&feed, k), Ok(()));

        // Every published value is true for the person: reach never above their own, occupations
        // and groups among what they want, travel modes, shifts and needs among their own.
        let by_record: BTreeMap<&str, &Record> = records.iter().map(|r| (r.record_id.as_str(), r)).collect();
        let esco = EscoCatalogue::embedded();
        for p in &feed.profiles {
            let r = by_record[out.mapping.profiles[&p.id].as_str()];
            prop_assert!(p.reach_km.km() <= r.reach_km.km());
            prop_assert!(p.occupations.iter().all(|o| r.occupations.contains(o)));
            for g in &p.occupation_groups {
                prop_assert!(r.occupations.iter().any(|o| esco.get(*o).is_some_and(|x| x.isco08.starts_with(g.as_str()))), "{g} not wanted");
            }
            prop_assert!(r.travel_modes.is_superset(p.travel_modes) && r.shifts.is_superset(p.shifts));
            prop_assert!(r.workplace_needs.is_superset(p.workplace_needs));
        }

        // No direct identifier in any form: as text (case- and accent-insensitively, via the
        // folded words and the lowercased bytes) and as digits.
        let text = String::from_utf8(out.bytes.clone()).unwrap().to_lowercase();
        let folded = words(&text).join(" ");
        let feed_digits = digits(&text);
        for r in &records {
            for (needle, what) in forbidden(r) {
                prop_assert!(!text.contains(&needle), "{what} `{needle}` of {} is in the feed", r.record_id);
                prop_assert!(!folded.contains(&words(&needle).join(" ")), "{what} `{needle}` of {} is in the feed", r.record_id);
            }
            for (number, what) in [(&r.identity.phone, "phone"), (&r.identity.national_number, "national number")] {
                prop_assert!(!feed_digits.contains(&digits(number)), "{what} of {} is in the feed", r.record_id);
            }
        }

        // Every profile maps to one consenting record; every consenting record is published or
        // held back for k-anonymity; nobody without consent is published.
        let by_id: BTreeMap<&str, &Record> = records.iter().map(|r| (r.record_id.as_str(), r)).collect();
        let mut mapped = HashSet::new();
        for p in &feed.profiles {
            let record_id = out.mapping.profiles.get(&p.id).expect("every profile is in the mapping");
            prop_assert!(by_id[record_id.as_str()].consent);
            prop_assert!(mapped.insert(record_id.clone()), "{record_id} published twice");
        }
        prop_assert_eq!(out.mapping.profiles.len(), feed.profiles.len());
        for r in &records {
            let held = out.report.held_back.iter().find(|h| h.record_id == r.record_id.as_str());
            match (r.consent, mapped.contains(&r.record_id), held.map(|h| &h.reason)) {
                (true, true, None) | (false, false, Some(HoldReason::NoConsent { .. })) | (true, false, Some(HoldReason::TooFewSimilar { .. })) => {}
                other => prop_assert!(false, "{}: {other:?}", r.record_id),
            }
        }
        prop_assert_eq!(out.report.published, feed.profiles.len());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, max_shrink_iters: 50, ..ProptestConfig::default() })]

    #[test]
    fn when_five_percent_leave_the_others_stay_as_they_were(records in stable_records(), seed in any::<u64>()) {
        use rand::seq::SliceRandom;
        use rand::SeedableRng;
        let org = Org::new();
        let first = org.publish(&records);
        let mut order: Vec<usize> = (0..records.len()).collect();
        order.shuffle(&mut rand_chacha::ChaCha8Rng::seed_from_u64(seed));
        let leaving: HashSet<usize> = order[..records.len() / 20].iter().copied().collect();
        let staying: Vec<Record> = records.iter().enumerate().filter(|(i, _)| !leaving.contains(i)).map(|(_, r)| r.clone()).collect();
        let second = org.publish(&staying);
        let values = |out: &talentbrug_publish::PublishOutcome| -> HashMap<String, String> {
            out.feed.profiles.iter().map(|p| {
                let mut v = serde_json::to_value(p).unwrap();
                v.as_object_mut().unwrap().remove("id");
                (out.mapping.profiles[&p.id].to_string(), v.to_string())
            }).collect()
        };
        let (a, b) = (values(&first), values(&second));
        // Someone held back last time and published now cannot be intersected; everyone who was
        // published must be published the same way again.
        let moved: Vec<&str> = staying
            .iter()
            .map(|r| r.record_id.as_str())
            .filter(|id| a.get(*id).is_some_and(|before| b.get(*id) != Some(before)))
            .collect();
        prop_assert!(
            moved.len() * 20 <= staying.len(),
            "{} of {} unchanged people are published differently ({} held back now)",
            moved.len(),
            staying.len(),
            moved.iter().filter(|id| !b.contains_key(**id)).count()
        );
        for (key, class) in classes(&second.feed) {
            prop_assert!(class.len() >= org.options.k, "{key}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, max_shrink_iters: 50, ..ProptestConfig::default() })]

    /// Naive oracle: in the second feed, the profiles of people the first feed did not show are
    /// counted per class of equal quasi-identifiers; none may hold 1 to k - 1 of them.
    #[test]
    fn newcomers_appear_in_a_class_k_at_a_time(records in stable_records(), newcomers in 1usize..40) {
        let org = Org::new();
        let split = records.len().saturating_sub(newcomers);
        let first = org.publish(&records[..split]);
        let second = org.publish(&records);
        let shown_first: HashSet<String> = first.mapping.profiles.values().map(|r| r.to_string()).collect();
        for (key, class) in classes(&second.feed) {
            let new = class.iter().filter(|p| !shown_first.contains(&second.mapping.profiles[&p.id].to_string())).count();
            prop_assert!(new == 0 || new >= org.options.k, "{new} new of {} in {key}", class.len());
        }
        // Only newcomers wait for newcomers; the report says so.
        for held in &second.report.held_back {
            if held.reason == (HoldReason::WaitingForNewcomers { k: org.options.k }) {
                prop_assert!(!shown_first.contains(&held.record_id), "{} was shown and waits", held.record_id);
            }
        }
    }
}

/// An organisation that publishes again and again from one private directory, as the CLI does.
struct Org {
    dir: tempfile::TempDir,
    keys: Keys,
    options: PublishOptions,
    esco: EscoCatalogue,
}

impl Org {
    fn new() -> Org {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("www")).unwrap();
        Org { dir, keys: Keys::from_bytes([5; 32], [6; 32]), options: PublishOptions::new(publisher()), esco: EscoCatalogue::embedded() }
    }

    fn publish(&self, records: &[Record]) -> talentbrug_publish::PublishOutcome {
        let (feed, private) = (self.dir.path().join("www/feed.json"), self.dir.path().join("org.private"));
        publish_to_disk(&Export::from_records(records.to_vec()), &self.esco, &self.keys, &self.options, &feed, &private, now()).unwrap()
    }
}

/// Enough people (200-400) around Leuven and Gent for groups with room to spare.
fn stable_records() -> impl Strategy<Value = Vec<Record>> {
    prop::collection::vec(record(0), 200..400).prop_map(|mut records| {
        for (i, r) in records.iter_mut().enumerate() {
            r.line = i as u64 + 2;
            r.record_id = format!("S-{i}").parse().unwrap();
            r.consent = true;
        }
        records
    })
}
