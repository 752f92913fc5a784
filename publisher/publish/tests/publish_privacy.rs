//! The publisher's privacy guarantees as properties: for any set of private records, the
//! written feed is k-anonymous on its quasi-identifiers and holds none of the records' direct
//! identifiers, in any form; every published profile maps back to exactly one consenting record.

use std::collections::{BTreeMap, HashMap, HashSet};

use proptest::prelude::*;
use talentbrug_core::esco::EscoCatalogue;
use talentbrug_core::profile::{LanguageSkill, ReachKm};
use talentbrug_core::vocabulary::{Code, CodeSet, ContractForm, Shift, Strength, Talent, TravelMode, WorkplaceNeed};
use talentbrug_core::{Country, EscoId, Feed, Gazetteer, Hours, Publisher, Timestamp, YearMonth};
use talentbrug_publish::words;
use talentbrug_publish::HoldReason;
use talentbrug_publish::Keys;
use talentbrug_publish::{publish, PublishOptions};
use talentbrug_publish::{Export, Identity, Record};

/// Postcodes clustered around Leuven and Gent, plus two lonely ones (Oostende, Arlon), so groups,
/// merges and suppression all happen.
const POSTCODES: &[&str] = &["3000", "3001", "3010", "3012", "3018", "3020", "9000", "9030", "9040", "9050", "8400", "6700"];
const OCCUPATIONS: &[&str] = &["0019b951-c699-4191-8208-9822882d150c"];
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
        reach in 3u32..30,
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
            occupations: OCCUPATIONS.iter().map(|o| o.parse::<EscoId>().unwrap()).collect(),
            talents: [Talent::Packing].into_iter().collect(),
            strengths: [Strength::Punctual].into_iter().collect(),
            languages,
            hours: Hours::new(hours.0, hours.1).unwrap(),
            shifts: [Shift::Day].into_iter().collect(),
            available_from: YearMonth::new(2026, 9).unwrap().plus_months(available),
            contract_forms: CodeSet::<ContractForm>::from_bits(forms),
            reach_km: ReachKm::new(f64::from(reach)).unwrap(),
            travel_modes: [TravelMode::Bike].into_iter().collect(),
            driving_licence: false,
            job_coaching: coaching,
            workplace_needs: CodeSet::<WorkplaceNeed>::new(),
            pitch,
            consent,
        }
    }
}

fn records() -> impl Strategy<Value = Vec<Record>> {
    (0usize..45).prop_flat_map(|n| (0..n).map(record).collect::<Vec<_>>())
}

/// The quasi-identifier combination of a profile, computed here independently of the publisher.
fn quasi_key(p: &talentbrug_core::Profile) -> String {
    let mut langs: Vec<String> = p.languages.iter().map(|l| format!("{}:{}", l.lang, l.level.code())).collect();
    langs.sort();
    let forms: Vec<&str> = p.contract_forms.iter().map(Code::code).collect();
    format!(
        "{}/{}/{}/{}/{}/{}/{}/{:?}/{}",
        p.area.postcode.qualified(),
        p.area.label,
        p.area.lat,
        p.area.lon,
        p.hours,
        p.available_from,
        p.job_coaching,
        forms,
        langs.join(",")
    )
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

        // k-anonymity on the written feed.
        let mut classes: HashMap<String, usize> = HashMap::new();
        for p in &feed.profiles {
            *classes.entry(quasi_key(p)).or_default() += 1;
        }
        for (key, n) in &classes {
            prop_assert!(*n >= k, "{n} < k = {k} profiles share {key}");
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
