//! The pitch scanner: finds personal data in the short text a coach writes with the person, so
//! a pitch that holds any is left out of the feed (the profile is still published).
//!
//! It looks for e-mail addresses, URLs and social-media handles, Belgian and Dutch phone numbers
//! (spaces, dots, slashes, `+32`, `0032`, `(0)`), any run of 6 or more digits, Belgian national
//! register numbers and Dutch BSNs (also by their checksums), IBANs, full dates, statements of
//! age, and the person's own names, street and record id (case- and accent-insensitive, whole
//! words). It errs on the side of dropping: a false alarm costs a pitch, a miss could cost a
//! person their anonymity. The findings name what was found, never the text itself.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::records::Identity;

/// A kind of personal data found in a pitch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Finding {
    /// `jan@example.be`, `jan (at) example.be`.
    Email,
    /// `https://…`, `www.…`, `jansen.be`.
    Url,
    /// `@jan_123`, `insta: jan`.
    SocialHandle,
    /// A Belgian, Dutch or international phone number.
    Phone,
    /// Six or more digits in a row.
    LongNumber,
    /// A Belgian national register number (checksum valid).
    NationalRegisterNumber,
    /// A Dutch BSN (eleven-test valid).
    Bsn,
    /// A bank account number.
    Iban,
    /// A full date such as a birth date.
    FullDate,
    /// A house address (street with number) or a full Dutch postcode (`1011 AB`).
    Address,
    /// A statement of age ("ik ben 45 jaar").
    Age,
    /// The person's given name.
    GivenName,
    /// The person's family name.
    FamilyName,
    /// The person's street.
    Street,
    /// The organisation's record id.
    RecordId,
}

impl Finding {
    /// What the coach reads in the report.
    pub fn describe(self) -> &'static str {
        match self {
            Finding::Email => "an e-mail address",
            Finding::Url => "a web address",
            Finding::SocialHandle => "a social-media handle",
            Finding::Phone => "a phone number",
            Finding::LongNumber => "a number of 6 or more digits",
            Finding::NationalRegisterNumber => "a national register number",
            Finding::Bsn => "a BSN (Dutch citizen service number)",
            Finding::Iban => "a bank account number (IBAN)",
            Finding::FullDate => "a full date",
            Finding::Address => "an address",
            Finding::Age => "the person's age",
            Finding::GivenName => "the person's given name",
            Finding::FamilyName => "the person's family name",
            Finding::Street => "the person's street",
            Finding::RecordId => "the record id",
        }
    }
}

fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| unreachable!("built-in pattern {pattern}: {e}"))
}

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)[\w.+\-]+\s*(?:@|[(\[{]\s*(?:at|@|apenstaartje|arobase)\s*[)\]}])\s*[\w\-]+(?:\s*(?:\.|[(\[{]\s*(?:dot|punt|point)\s*[)\]}])\s*[\w\-]+)+",
    )
});
/// `jan punt peeters at gmail punt com`: an address spelled out.
static SPELLED_EMAIL: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)\b[\w.\-]+\s+(?:at|apenstaartje|arobase)\s+[\w\-]+\s+(?:dot|punt|point)\s+[a-z]{2,}\b"));
/// A street name with a house number.
static ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b[\p{L}\-]*(?:straat|laan|weg|plein|dreef|steenweg|lei|kaai|singel|gracht|dijk|hof|markt|pad|baan)\s+\d{1,4}[a-z]?\b|\b(?:rue|avenue|av\.|chauss[ée]e|place|boulevard|bd|quai|chemin|all[ée]e|impasse)\s+(?:[\p{L}'’\-]+\s+){0,4}\d{1,4}\b",
    )
});
/// A full Dutch postcode (`1011 AB`): four digits and two capitals.
static DUTCH_POSTCODE: LazyLock<Regex> = LazyLock::new(|| regex(r"\b[1-9]\d{3}\s?[A-Z]{2}\b"));
/// `name@host` even without a dot.
static BARE_AT: LazyLock<Regex> = LazyLock::new(|| regex(r"\w@\w"));
static HANDLE: LazyLock<Regex> = LazyLock::new(|| regex(r"(?:^|[^\w@])@[\w.]{2,}"));
static SOCIAL: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:instagram|insta|ig|facebook|fb|tiktok|snapchat|snap|twitter|linkedin|telegram|whatsapp|signal|discord|x)\s*(?::|/|@)\s*@?[\w.]{2,}",
    )
});
static URL: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?:\b(?:https?|ftp)://|\bwww\.)\S+|\b[a-z0-9][a-z0-9\-]*(?:\.[a-z0-9\-]+)*\.(?:be|nl|com|org|net|eu|io|fr|de|lu|uk|info|me|app|site|online|shop|biz|co|tv|ly|gl|gg|link|page|xyz)\b",
    )
});
/// Digits with the separators people put in phone and register numbers.
static DIGIT_GROUP: LazyLock<Regex> = LazyLock::new(|| regex(r"[+(]?\d(?:[\d \u{a0}./\-()]*\d)?"));
static LONG_NUMBER: LazyLock<Regex> = LazyLock::new(|| regex(r"\d{6,}"));
static IBAN: LazyLock<Regex> = LazyLock::new(|| regex(r"(?i)\b[a-z]{2}\d{2}(?:[ \u{a0}]?[a-z0-9]){11,30}"));
static NUMERIC_DATE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"\b(\d{1,2})[./\-](\d{1,2})[./\-](\d{4}|\d{2})\b|\b(\d{4})[./\-](\d{1,2})[./\-](\d{1,2})\b"));
static WORDED_DATE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b\d{1,2}(?:e|er|ste|de|th|st|nd|rd)?\s+(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre|january|february|march|may|june|july|august|october|jan|feb|mrt|apr|jun|jul|aug|sept?|okt|oct|nov|dec)\.?\s+(?:\d{4}|'\d{2})\b",
    )
});
static AGE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:ik ben|ben|j'ai|j’ai|i am|i'm|aged?|leeftijd:?|[aâ]ge:?)\s*\d{1,3}\s*(?:jaar|jr|ans|years?)\b|\b\d{1,3}\s*-?\s*jarige?\b|\b\d{1,3}\s*(?:jaar oud|years old|ans\s*$)",
    )
});
/// Words after "… 10 ans" / "… 10 jaar" that make it experience, not age.
static EXPERIENCE_AFTER: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)^\s*(?:d['’]\s*exp|de\s+m[ée]tier|ervaring|werkervaring|of\s+experience|experience)"));

/// Lowercases, removes accents and splits into words of letters and digits.
pub fn words(text: &str) -> Vec<String> {
    let mut folded = String::with_capacity(text.len());
    for c in text.nfkd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'ø' | 'Ø' => folded.push('o'),
            'ł' | 'Ł' => folded.push('l'),
            'đ' | 'Đ' | 'ð' | 'Ð' => folded.push('d'),
            'ß' => folded.push_str("ss"),
            'æ' | 'Æ' => folded.push_str("ae"),
            'œ' | 'Œ' => folded.push_str("oe"),
            'ı' => folded.push('i'),
            'þ' | 'Þ' => folded.push_str("th"),
            c => folded.extend(c.to_lowercase()),
        }
    }
    folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_owned).collect()
}

/// Name particles that identify nobody on their own.
const PARTICLES: &[&str] = &[
    "van", "de", "der", "den", "het", "ten", "ter", "te", "t", "s", "le", "la", "les", "du", "des", "d", "di", "da", "dos", "das", "del",
    "el", "al", "von", "vd", "v", "op", "in", "y", "e",
];

/// Words in a street column that are not part of its name: house numbers and boxes.
fn street_words(street: &str) -> Vec<String> {
    words(street)
        .into_iter()
        .filter(|w| !w.chars().any(|c| c.is_ascii_digit()) && !matches!(w.as_str(), "bus" | "box" | "bte" | "boite"))
        .collect()
}

/// Whether `needle` occurs as consecutive whole words in `haystack`.
fn contains_phrase(haystack: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// The phrase of a name and, for names of several words, each word that is not a particle.
fn name_phrases(name: &str) -> Vec<Vec<String>> {
    let all = words(name);
    let mut out = vec![all.clone()];
    if all.len() > 1 {
        out.extend(all.iter().filter(|w| w.chars().count() >= 2 && !PARTICLES.contains(&w.as_str())).map(|w| vec![w.clone()]));
    }
    out.retain(|p| !p.is_empty() && p.iter().map(|w| w.chars().count()).sum::<usize>() >= 2);
    out
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// A Belgian national register number: `YYMMDDSSSCC`, CC = 97 - (YYMMDDSSS mod 97), with a
/// leading `2` before the nine digits for people born from 2000.
pub fn is_national_register_number(d: &str) -> bool {
    if d.len() != 11 || !d.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let (body, check) = d.split_at(9);
    let (Ok(body), Ok(check)) = (body.parse::<u64>(), check.parse::<u64>()) else { return false };
    check == 97 - body % 97 || check == 97 - (2_000_000_000 + body) % 97
}

/// A Dutch BSN: nine digits passing the eleven-test (9·d1 + 8·d2 + … + 2·d8 − d9 ≡ 0 mod 11).
pub fn is_bsn(d: &str) -> bool {
    if d.len() != 9 || !d.bytes().all(|b| b.is_ascii_digit()) || d.bytes().all(|b| b == b'0') {
        return false;
    }
    let sum: i64 = d.bytes().enumerate().map(|(i, b)| i64::from(b - b'0') * if i == 8 { -1 } else { 9 - i as i64 }).sum();
    sum % 11 == 0
}

/// Whether `s` (letters and digits, no spaces) passes the IBAN mod-97 check.
pub fn is_iban(s: &str) -> bool {
    let s = s.to_ascii_uppercase();
    if !(15..=34).contains(&s.len()) || !s.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return false;
    }
    let (head, tail) = s.split_at(4);
    let mut rem: u64 = 0;
    for c in tail.chars().chain(head.chars()) {
        let v = match c.to_digit(36) {
            Some(v) => v as u64,
            None => return false,
        };
        rem = if v >= 10 { (rem * 100 + v) % 97 } else { (rem * 10 + v) % 97 };
    }
    rem == 1
}

/// The national form of a phone number's digits, if the group reads as a phone number: Belgian
/// and Dutch numbers have 9 or 10 digits starting with one `0`; `+32`, `0032`, `+31`, `0031`
/// (with an optional `(0)`) become that `0`; other international numbers have 8-15 digits.
fn phone(group: &str) -> bool {
    let international = group.starts_with('+') || digits(group).starts_with("00");
    let d = digits(group);
    if international {
        let d = d.trim_start_matches("00").to_owned();
        if let Some(rest) = d.strip_prefix("32").or_else(|| d.strip_prefix("31")) {
            let national = format!("0{}", rest.strip_prefix('0').unwrap_or(rest));
            return (9..=10).contains(&national.len());
        }
        return (8..=15).contains(&d.len());
    }
    (9..=10).contains(&d.len()) && d.starts_with('0') && !d.starts_with("00")
}

fn valid_date(day: u32, month: u32) -> bool {
    (1..=31).contains(&day) && (1..=12).contains(&month)
}

fn numbers(pitch: &str, found: &mut BTreeSet<Finding>) {
    if LONG_NUMBER.is_match(pitch) {
        found.insert(Finding::LongNumber);
    }
    for m in DIGIT_GROUP.find_iter(pitch) {
        let group = m.as_str();
        let d = digits(group);
        if phone(group) {
            found.insert(Finding::Phone);
        }
        if is_national_register_number(&d) {
            found.insert(Finding::NationalRegisterNumber);
        }
        if is_bsn(&d) {
            found.insert(Finding::Bsn);
        }
    }
    for m in IBAN.find_iter(pitch) {
        let compact: String = m.as_str().chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        let upper = compact.to_ascii_uppercase();
        let structural = (upper.starts_with("BE") && upper.len() >= 16 && upper[2..16].bytes().all(|b| b.is_ascii_digit()))
            || (upper.starts_with("NL")
                && upper.len() >= 18
                && upper[2..4].bytes().all(|b| b.is_ascii_digit())
                && upper[4..8].bytes().all(|b| b.is_ascii_alphabetic())
                && upper[8..18].bytes().all(|b| b.is_ascii_digit()));
        if structural || (15..=compact.len()).any(|len| is_iban(&compact[..len])) {
            found.insert(Finding::Iban);
        }
    }
    for c in NUMERIC_DATE.captures_iter(pitch) {
        let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        let dated = match (num(1), num(2), num(4), num(5), num(6)) {
            (Some(d), Some(m), ..) => valid_date(d, m),
            (_, _, Some(_), Some(m), Some(d)) => valid_date(d, m),
            _ => false,
        };
        if dated {
            found.insert(Finding::FullDate);
        }
    }
    if WORDED_DATE.is_match(pitch) {
        found.insert(Finding::FullDate);
    }
    for m in AGE.find_iter(pitch) {
        if !EXPERIENCE_AFTER.is_match(&pitch[m.end()..]) {
            found.insert(Finding::Age);
        }
    }
}

/// `2019 EN`, `2020 NL`: a year next to a language or country code, not a postcode.
fn is_language_pair(m: &str) -> bool {
    let letters: String = m.chars().filter(|c| c.is_ascii_alphabetic()).collect();
    matches!(letters.as_str(), "EN" | "NL" | "FR" | "DE" | "BE" | "OF" | "OR" | "TO" | "IN" | "AT" | "ET" | "OU")
}

fn addresses(pitch: &str, found: &mut BTreeSet<Finding>) {
    if ADDRESS.is_match(pitch) || DUTCH_POSTCODE.find_iter(pitch).any(|m| !is_language_pair(m.as_str())) {
        found.insert(Finding::Address);
    }
    if EMAIL.is_match(pitch) || BARE_AT.is_match(pitch) || SPELLED_EMAIL.is_match(pitch) {
        found.insert(Finding::Email);
    }
    if HANDLE.is_match(pitch) || SOCIAL.is_match(pitch) {
        found.insert(Finding::SocialHandle);
    }
    if URL.is_match(pitch) {
        found.insert(Finding::Url);
    }
}

/// Everything in `pitch` that could identify the person with this identity and record id.
pub fn scan(pitch: &str, identity: &Identity, record_id: &str) -> BTreeSet<Finding> {
    let mut found = BTreeSet::new();
    addresses(pitch, &mut found);
    numbers(pitch, &mut found);
    let text = words(pitch);
    for (name, finding) in [(&identity.given_name, Finding::GivenName), (&identity.family_name, Finding::FamilyName)] {
        if name_phrases(name).iter().any(|p| contains_phrase(&text, p)) {
            found.insert(finding);
        }
    }
    let street = street_words(&identity.street);
    if street.iter().map(String::len).sum::<usize>() >= 3 && contains_phrase(&text, &street) {
        found.insert(Finding::Street);
    }
    let id = words(record_id);
    if id.iter().map(String::len).sum::<usize>() >= 3 && contains_phrase(&text, &id) {
        found.insert(Finding::RecordId);
    }
    // The person's own numbers, however they are written.
    let pitch_digits = digits(pitch);
    for own in [&identity.phone, &identity.national_number] {
        let d = digits(own);
        if d.len() >= 8 && pitch_digits.contains(&d[d.len() - 8..]) {
            found.insert(if own == &identity.phone { Finding::Phone } else { Finding::NationalRegisterNumber });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lotte() -> Identity {
        Identity {
            given_name: "Lotte-Marie".into(),
            family_name: "Van den Broeck".into(),
            birth_date: "1991-04-12".into(),
            street: "Bondgenotenlaan 12 bus 3".into(),
            municipality: "Leuven".into(),
            phone: "0470 12 34 56".into(),
            email: "lotte@example.org".into(),
            national_number: "91.04.12-123.45".into(),
        }
    }

    fn finds(pitch: &str) -> BTreeSet<Finding> {
        scan(pitch, &lotte(), "DOS-2024-0042")
    }

    fn assert_finds(finding: Finding, pitches: &[&str]) {
        for p in pitches {
            assert!(finds(p).contains(&finding), "{finding:?} not found in {p:?}: {:?}", finds(p));
        }
    }

    fn assert_clean(pitches: &[&str]) {
        for p in pitches {
            assert!(finds(p).is_empty(), "false alarm in {p:?}: {:?}", finds(p));
        }
    }

    #[test]
    fn checksums() {
        // 85.07.30-033.28: 850730033 mod 97 = 69, 97 - 69 = 28.
        assert!(is_national_register_number("85073003328"));
        assert!(!is_national_register_number("85073003329"));
        // Born 2001-02-03: the check is computed over 2 followed by the nine digits.
        let body = 10_203_123u64;
        let check = 97 - (2_000_000_000 + body) % 97;
        assert!(is_national_register_number(&format!("{body:09}{check:02}")));
        assert!(is_bsn("111222333") && is_bsn("123456782"));
        assert!(!is_bsn("123456789") && !is_bsn("000000000"));
        assert!(is_iban("BE68539007547034") && is_iban("NL91ABNA0417164300") && is_iban("nl91abna0417164300"));
        assert!(!is_iban("BE68539007547035") && !is_iban("BE6853900754"));
    }

    #[test]
    fn emails_urls_and_handles() {
        assert_finds(
            Finding::Email,
            &["Mail me: jan.peeters@telenet.be", "jan_p+werk@gmail.com graag", "jan (at) proximus.be", "jan[at]hotmail[dot]com"],
        );
        assert_finds(Finding::Url, &["zie https://jan.be/cv", "www.mijnportfolio.nl", "kijk op janpeeters.be", "HTTP://X.NL", "jan.com"]);
        assert_finds(Finding::SocialHandle, &["volg @jan_peeters", "Insta: jan.peeters", "tiktok @jp", "fb/jan.peeters", "(@lotte99)"]);
        assert_clean(&[
            "Ik werk graag. Bel gerust.",
            "Ik ben flexibel, o.a. in de weekends, enz.",
            "Ik heb een e-mailadres en gebruik Facebook niet.",
            "Ik werk @ 100% inzet.",
            "Klantvriendelijk, bv. aan de kassa.",
        ]);
    }

    #[test]
    fn belgian_and_dutch_phone_numbers() {
        assert_finds(
            Finding::Phone,
            &[
                "Bel 0470 12 34 56",
                "0470/12.34.56",
                "0470.12.34.56",
                "+32 470 12 34 56",
                "0032 470 12 34 56",
                "+32 (0)470 12 34 56",
                "016 23 45 67",
                "02/123.45.67",
                "06-12345678",
                "06 1234 5678",
                "+31 6 12345678",
                "0031 (0)6 1234 5678",
                "020-1234567",
                "+44 20 7946 0958",
            ],
        );
        assert_clean(&[
            "Ik werk 20-30 uur per week, 5 dagen op 7.",
            "Van 8.30 tot 17.00, ook 9.00-12.00.",
            "Ervaring van 2019-2021 in de bouw.",
            "Woont in 3000, zoekt werk rond 3010.",
            "38 uur, 2 ploegen, 1 weekend op 4.",
        ]);
    }

    #[test]
    fn long_numbers_register_numbers_bsns_and_ibans() {
        assert_finds(Finding::LongNumber, &["dossier 123456", "klantnummer 98765432"]);
        assert_finds(
            Finding::NationalRegisterNumber,
            &["85.07.30-033.28", "85073003328", "850730 033 28", "91.04.12-123.45 (mijn nummer)"],
        );
        assert_finds(Finding::Bsn, &["BSN 1112.22.333", "123 456 782"]);
        assert_finds(
            Finding::Iban,
            &["BE68 5390 0754 7034", "NL91 ABNA 0417 1643 00 is mijn rekening", "be68539007547034", "BE71 0961 2345 6769"],
        );
        assert_clean(&["12345 is geen probleem", "Ik heb rijbewijs B en C.", "BE-3000 Leuven", "NL en FR, ook wat EN."]);
    }

    #[test]
    fn addresses_and_spelled_out_emails() {
        assert_finds(
            Finding::Address,
            &["Ik woon Kerkstraat 12", "kerkstraat 12b", "Rue de la Loi 16", "rue Haute 5", "Postcode 1011 AB", "3512JE"],
        );
        assert_finds(Finding::Email, &["jan punt peeters at gmail punt com", "jan apenstaartje telenet punt be"]);
        assert_clean(&[
            "Ik werk graag op de Grote Markt.",
            "Ervaring in 2019 EN 2020 in de bouw.",
            "In de straat waar ik werkte, was ik gekend als harde werker.",
            "Ik zoek werk in de haven, 38 uur.",
            "Ik werk at home.",
        ]);
    }

    #[test]
    fn dates_and_ages() {
        assert_finds(
            Finding::FullDate,
            &["geboren 12/04/1991", "12-4-91", "1991-04-12", "né le 12.04.1991", "12 april 1991", "3 mars 1988"],
        );
        assert_finds(
            Finding::Age,
            &["Ik ben 45 jaar.", "J'ai 52 ans", "I am 30 years old", "een 50-jarige met ervaring", "Leeftijd: 33 jaar"],
        );
        assert_clean(&[
            "10 jaar ervaring in de keuken",
            "J'ai 10 ans d'expérience",
            "beschikbaar vanaf april 2026",
            "20/30 uur",
            "3 jaar in een magazijn",
        ]);
    }

    #[test]
    fn own_names_street_and_record_id_as_whole_words() {
        assert_finds(Finding::GivenName, &["Ik ben Lotte.", "LOTTE werkt graag", "Lötte", "Marie houdt van orde", "lotte-marie"]);
        assert_finds(Finding::FamilyName, &["Familie Van den Broeck", "van den broeck", "Broeck is stipt", "Van Den BROECK"]);
        assert_finds(Finding::Street, &["Ik woon in de Bondgenotenlaan.", "BONDGENOTENLAAN"]);
        assert_finds(Finding::RecordId, &["ref DOS 2024 0042", "dos-2024-0042"]);
        assert_finds(Finding::Phone, &["047O? nee: 0470123456"]);
        assert_clean(&[
            "Lotterij is niets voor mij.",
            "Ik werk graag in een team van de broeders.",
            "Ik fiets langs de laan.",
            "Ik hou van orde en netjes werken.",
            "Ik werk graag met mijn handen.",
            "Altijd op tijd, en ik leer snel bij.",
            "J'aime travailler en équipe et j'apprends vite.",
        ]);
        let accented =
            Identity {
                given_name: "Zoë".into(), family_name: "Öztürk".into(), street: "Rue de la Loi 16".into(), ..Identity::default()
            };
        let f = scan("zoe ozturk woont rue de la loi", &accented, "X1");
        assert!(f.contains(&Finding::GivenName) && f.contains(&Finding::FamilyName) && f.contains(&Finding::Street), "{f:?}");
        assert!(scan("De wet (la loi) respecteren.", &accented, "X1").is_empty());
    }

    #[test]
    fn the_synthetic_pitches_are_clean() {
        for pitch in crate::synthetic::PITCHES {
            assert_clean(&[pitch]);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        #[test]
        fn never_panics(pitch in "\\PC{0,200}", name in "\\PC{0,20}") {
            let id = Identity { given_name: name.clone(), family_name: name.clone(), street: name, ..Identity::default() };
            let _ = scan(&pitch, &id, "r");
        }
    }
}
