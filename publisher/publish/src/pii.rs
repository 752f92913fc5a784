//! The pitch scanner: finds personal data in the short text a coach writes with the person, so
//! a pitch that holds any is left out of the feed (the profile is still published).
//!
//! It reads the pitch the way people write, after NFKC, without invisible characters and with
//! every script's digits as ASCII digits ([`normalise`]): e-mail addresses (also spelled out:
//! `jan op gmail punt com`, `jan (at) gmail (dot) com`, `j a n @ g m a i l . c o m`), URLs and
//! handles (`@jan`, or any token after a messaging platform's name), Belgian and Dutch phone
//! numbers with any separators, any run of 6 or more digits, Belgian national register numbers
//! and Dutch BSNs (also by their checksums), IBANs, full dates, birth years (any year from 1930 to
//! 2015, `geboren in '91`) and ages in any phrasing (`ik ben 45`, `45 ans`, `I'm 45`,
//! `een vijftiger`); all of these also in numbers written in Dutch, French or English words
//! ([`number_words`]); the person's own names, street, municipality, the place names and the
//! postcode of their area and their record id, and other people's given names from a list of
//! common given names in Belgium and the Netherlands ([`given_names`]) (case- and
//! accent-insensitive, whole words). It errs on the side of dropping: a false alarm costs a pitch,
//! a miss could cost a person their anonymity. The findings name what was found, never the text.

mod given_names;
mod normalise;
mod number_words;

use std::collections::{BTreeSet, HashSet};
use std::sync::LazyLock;

use regex::Regex;
use talentbrug_core::{Country, Gazetteer, Place};

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
    /// A statement of age ("ik ben 45 jaar", "ik ben 45", "45 ans", "een vijftiger").
    Age,
    /// A year someone could be born in (1930-2015), or a year after "geboren", "born", "née".
    BirthYear,
    /// A number written in words (what it spells is reported too).
    NumberInWords,
    /// The person's given name.
    GivenName,
    /// The person's family name.
    FamilyName,
    /// The person's street.
    Street,
    /// The person's municipality or a place name of their postcode.
    Place,
    /// The person's postcode.
    Postcode,
    /// A common given name: someone else's, or the person's own.
    OtherGivenName,
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
            Finding::BirthYear => "a birth year",
            Finding::NumberInWords => "a number written in words",
            Finding::GivenName => "the person's given name",
            Finding::FamilyName => "the person's family name",
            Finding::Street => "the person's street",
            Finding::Place => "the person's municipality or place name",
            Finding::Postcode => "the person's postcode",
            Finding::OtherGivenName => "someone's given name",
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
    normalise::fold(text).split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_owned).collect()
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

/// Words around a number that make it hours, a distance, a share or a count, not an age.
static UNIT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^\s*(?:[-/+x%€]|[.,]\d|(?:uur|uren|u|h|hr|hrs|hours?|heures?|km|kilometers?|kilometres?|min|minuten|minutes?|procent|pourcent|percent|pct|euro|eur|dagen|dag|days?|jours?|weken|week|weeks|semaines?|maanden|maand|months?|mois|keer|fois|times|op|sur|out|tot|a|to|per|par|kg|kilo|m|meter|metres?|cm|talen|languages|langues|kinderen|children|enfants|kids|jaar ervaring|ans d|years? of)\b)",
    )
});
/// A statement about oneself followed by a number: `ik ben 45`, `j'ai 45`, `I'm 45`, `âge : 45`.
static AGE_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(?:ik ben|ben ik|i am|i'm|im|ich bin|je suis|j'ai|j ai|jai|age|aged|agee|leeftijd|alter)\s*[:=]?\s*(?:(?:nu|bijna|net|pas|al|ruim|now|almost|nearly|just|over|presque|deja|bientot|maar|only|seulement|reeds|about|around|ongeveer|environ|circa|ca)\s+)*(\d{1,3})\b",
    )
});
/// `45 jaar`, `45 ans`, `45 years`, `45yo`, `45-year-old`.
static AGE_YEARS: LazyLock<Regex> =
    LazyLock::new(|| regex(r"\b(\d{1,3})\s*-?\s*(?:jaar|jr|ans|years?|yrs?|yo|y/o|y\.o|lentes|printemps)\b"));
/// Words before "N jaar" that make it a duration (`al 20 jaar`, `ik heb 20 jaar`, `depuis 20 ans`).
static DURATION_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(?:al|sinds|since|depuis|pendant|gedurende|for|ruim|bijna|over|na|after|apres|voor|during|tijdens|dan|than|plus de|meer dan|more than|heb|hebt|heeft|hebben|had|have|has|having|elke|every|tous les|om de|per|iedere|ieder|last|past|laatste|derniers|dernieres|next|komende|prochaines|volgende|binnen|within|tot|to|jusqu'a)\s*$",
    )
});
/// Words after "N jaar" that make it experience.
static EXPERIENCE_AFTER_YEARS: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^\s*(?:-?\s*(?:jaar|jr|ans|years?|yrs?)\b)?\s*(?:d'|de |d |of )?\s*(?:ervaring|werkervaring|experience|exp|expérience|de metier|in dienst|anciennete|geleden|ago|il y a|gewerkt|werkzaam|worked|working|travaille|de carriere|carriere|career|loopbaan|lang|long)\b",
    )
});
/// Weaker context for experience, trusted only for numbers below 40 (`20 jaar in de bouw`).
static CONTEXT_AFTER_YEARS: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"^\s*(?:-?\s*(?:jaar|jr|ans|years?|yrs?)\b)?\s*(?:in|bij|als|op|at|as|chez|dans|comme|en tant que|en|et|and|en la|en el)\b")
});
/// Age as a decade or a phrase: `een vijftiger`, `in my forties`, `la quarantaine`, `50-plusser`.
static AGE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(?:twintiger|dertiger|veertiger|vijftiger|zestiger|(?:twintig|dertig|veertig|vijftig|zestig|\d{2})\s*-?\s*plussers?|trentenaire|quadragenaire|quadra|quinquagenaire|quinqua|sexagenaire|in (?:my|his|her|their) (?:twenties|thirties|forties|fifties|sixties)|(?:early|mid|late) (?:twenties|thirties|forties|fifties|sixties)|(?:la|ma|sa) (?:vingtaine|trentaine|quarantaine|cinquantaine|soixantaine)|in de (?:twintig|dertig|veertig|vijftig|zestig)|op (?:mijn|m'n|zijn|haar) \d{1,2}(?:e|ste|de)?|jaar oud|years old|year old|ans et demi)\b",
    )
});
/// A year someone working now could be born in.
static YEAR: LazyLock<Regex> = LazyLock::new(|| regex(r"\b(?:19[3-9]\d|200\d|201[0-5])\b"));
/// A year after a word about birth: `geboren in '91`, `born 1991`, `née en 91`.
static BORN: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(?:geboren|geb|born|nee?|geboortejaar|jaargang|annee de naissance|year of birth|birth year|bouwjaar)\b\.?\s*(?:(?:in|en|op|on|le|the|year|jaar|van|het jaar|l'an|:)\s*)*'?\s*\d{2,4}\b",
    )
});
/// `'91`, and `ik ben van '91` / `ik ben van 1991` / `je suis de 91`.
static SHORT_YEAR: LazyLock<Regex> = LazyLock::new(|| regex(r"(?:^|[^\w'])'\d{2}\b"));
static FROM_YEAR: LazyLock<Regex> =
    LazyLock::new(|| regex(r"\b(?:ik ben|je suis|i am|i'm|im)\s+(?:van|de|from|of|uit|een)\s+(?:19|20)?\d{2}(?:er)?\b"));

/// What sits between an address's name and its host, spelled out or in brackets.
const AT: &str = r"(?:\s*@\s*|\s*[(\[{<]\s*(?:at|@|arobase|arrobase|apenstaartje|apestaartje|aapje)\s*[)\]}>]\s*|\s+(?:at|op|arobase|arrobase|arobas|apenstaartje|apestaartje|aapje|at sign|a commercial|chez|bij|a)\s+)";
/// A dot, spelled out or in brackets (a bare `.` only when written tight, as in `gmail.com`).
const DOT: &str = r"(?:\.|\s*[(\[{<]\s*(?:dot|punt|point|period|\.)\s*[)\]}>]\s*|\s+(?:dot|punt|point|period)\s+)";
const TLD: &str = r"(?:com|be|nl|net|org|eu|fr|de|lu|uk|info|io|me|co|biz|email|online|live|ma|tr|pl|ro|ua|ch)";
const PROVIDERS: &str = r"(?:gmail|googlemail|hotmail|yahoo|telenet|skynet|proximus|icloud|msn|ziggo|kpnmail|xs4all|protonmail|gmx|laposte|wanadoo|hetnet|casema|caramail|scarlet)";
/// `jan op gmail punt com`, `jan.peeters at hotmail dot be`, `jan (at) telenet (dot) be`.
static SPELLED_ADDRESS: LazyLock<Regex> = LazyLock::new(|| regex(&format!(r"[\w.+\-]+{AT}[\w\-]+(?:{DOT}[\w\-]+)*?{DOT}{TLD}\b")));
/// `jan op gmail`, `gmail punt com`, `hotmail be`.
static PROVIDER: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"[\w.+\-]+{AT}{PROVIDERS}\b|\b(?:{PROVIDERS}|outlook|live)\s*(?:[.,]|\s(?:dot|punt|point)\s|[(\[{{<]\s*(?:dot|punt|point)\s*[)\]}}>])?\s*{TLD}\b"
    ))
});
/// `jan @ gmail.com`: spaces around the `@`.
static SPACED_AT: LazyLock<Regex> = LazyLock::new(|| regex(r"[\w.+\-]+\s*@\s*[\w\-]+\s*\.\s*[a-z]{2,}\b"));
/// A messaging platform, and what may stand between it and a handle.
static PLATFORM: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(?:whatsapp|whats app|wa\.me|telegram|instagram|insta|snapchat|tiktok|tik tok|facebook|fb|messenger|linkedin|twitter|discord|skype|viber|wechat|weixin|bluesky|bsky|youtube|twitch|mastodon|reddit|pinterest|tumblr|kik|threema|imo|botim|vkontakte|vk|onlyfans|github|gitlab|behance|dribbble|soundcloud|spotify|roblox)\b",
    )
});
/// Platforms whose name is also an everyday word: a handle only after `:`, `/`, `@` or `=`.
static WEAK_PLATFORM: LazyLock<Regex> =
    LazyLock::new(|| regex(r"\b(?:x|line|signal|threads|snap|ig|tg|yt|wire|zoom|session|element|matrix|steam)\s*[:=/@]\s*@?[\w.\-]{2,}"));
/// A platform whose name is also an everyday word, after `mijn`, `my`, `op`, `via` …
static WEAK_PLATFORM_NAMED: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"\b(?:mijn|m'n|my|mon|ma|on|op|via|sur)\s+(?:x|line|signal|threads|snap|ig|tg|yt|wire|session|element|matrix|steam)\b")
});
/// What follows a platform's name before the handle (`insta: jan`, `mijn telegram is @jan`).
static AFTER_PLATFORM: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^(?:\s*(?:[:=/@>\-]+|(?:is|naam|name|nom|account|compte|profiel|profile|handle|id|username|user|gebruikersnaam|gebruiker|pseudo|op|on|sur|via|as|als|comme|est|c'est|it's|its|me|mij)\b))*\s*@?([\w][\w.\-]*[\w]|\w{2,})",
    )
});
/// Words after a platform's name that are not a handle.
const NOT_HANDLES: &[&str] = &[
    "niet",
    "nooit",
    "en",
    "of",
    "maar",
    "want",
    "ook",
    "ik",
    "je",
    "jij",
    "u",
    "me",
    "mij",
    "mijn",
    "om",
    "te",
    "de",
    "het",
    "een",
    "in",
    "op",
    "met",
    "voor",
    "van",
    "aan",
    "is",
    "was",
    "zijn",
    "heb",
    "kan",
    "wil",
    "werk",
    "werken",
    "gebruik",
    "gebruiken",
    "pagina",
    "groep",
    "groepen",
    "berichten",
    "bericht",
    "ne",
    "pas",
    "et",
    "ou",
    "mais",
    "j",
    "le",
    "la",
    "les",
    "un",
    "une",
    "des",
    "du",
    "pour",
    "avec",
    "and",
    "or",
    "but",
    "not",
    "never",
    "the",
    "a",
    "an",
    "to",
    "for",
    "with",
    "i",
    "my",
    "and",
    "also",
    "too",
    "aussi",
    "posts",
    "ads",
    "marketing",
    "advertenties",
    "reclame",
    "publicite",
    "campagnes",
    "campaigns",
    "beheren",
    "beheer",
    "gerer",
    "manage",
    "managing",
    "video",
    "videos",
    "filmpjes",
    "content",
    "kanaal",
    "channel",
    "chaine",
    "account",
    "compte",
    "profiel",
    "profile",
    "business",
    "store",
    "shop",
    "winkel",
    "zoals",
    "comme",
    "like",
    "etc",
    "enz",
    "bv",
    "nl",
    "fr",
    "en",
];

/// Spaces removed between single characters: `j a n @ g m a i l . c o m` -> `jan@gmail.com`.
fn despace(text: &str) -> String {
    let tokens: Vec<&str> = text.split(' ').collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < tokens.len() {
        let single = |t: &str| t.chars().count() == 1;
        let run = tokens[i..].iter().take_while(|t| single(t)).count();
        if !out.is_empty() {
            out.push(' ');
        }
        if run >= 3 {
            out.extend(tokens[i..i + run].iter().copied());
            i += run;
        } else {
            out.push_str(tokens[i]);
            i += 1;
        }
    }
    out
}

/// `O` and `l` written for `0` and `1` next to digits (`O47O 12 34 56`).
fn digit_lookalikes(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let digit = |k: Option<usize>| k.and_then(|k| chars.get(k)).is_some_and(char::is_ascii_digit);
    (0..chars.len())
        .map(|k| {
            let near = digit(k.checked_sub(1)) || digit(Some(k + 1));
            match chars[k] {
                'O' | 'o' if near => '0',
                'l' | 'I' | '|' if near => '1',
                c => c,
            }
        })
        .collect()
}

/// Digits with any separators between them (at most four characters that are neither letters
/// nor digits): phone numbers and register numbers written `0470_12_34_56`, `0470 • 12 • 34`.
fn loose_numbers(text: &str, found: &mut BTreeSet<Finding>) {
    static LOOSE: LazyLock<Regex> = LazyLock::new(|| regex(r"\+?\d(?:[^\p{L}\d\n]{0,4}\d)*"));
    for m in LOOSE.find_iter(text) {
        let d = digits(m.as_str());
        let international = m.as_str().starts_with('+');
        if phone(&if international { format!("+{d}") } else { d.clone() }) {
            found.insert(Finding::Phone);
        }
        if is_national_register_number(&d) {
            found.insert(Finding::NationalRegisterNumber);
        }
        if is_bsn(&d) {
            found.insert(Finding::Bsn);
        }
    }
}

/// Ages and birth years in folded text (lowercase, no accents), digits or digits of words.
fn ages_and_years(text: &str, found: &mut BTreeSet<Finding>) {
    let number = |c: &regex::Captures, i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok()).unwrap_or(0);
    for c in AGE_SUBJECT.captures_iter(text) {
        let (n, end) = (number(&c, 1), c.get(0).map_or(0, |m| m.end()));
        if (14..=99).contains(&n) && !UNIT_AFTER.is_match(&text[end..]) && !EXPERIENCE_AFTER_YEARS.is_match(&text[end..]) {
            found.insert(Finding::Age);
        }
    }
    for c in AGE_YEARS.captures_iter(text) {
        let Some(m) = c.get(1) else { continue };
        let n = number(&c, 1);
        let after = &text[m.end()..];
        let duration = DURATION_BEFORE.is_match(&text[..m.start()]);
        let experience =
            EXPERIENCE_AFTER.is_match(after) || EXPERIENCE_AFTER_YEARS.is_match(after) || (n < 40 && CONTEXT_AFTER_YEARS.is_match(after));
        if (14..=99).contains(&n) && !duration && !experience {
            found.insert(Finding::Age);
        }
    }
    if AGE_WORDS.is_match(text) {
        found.insert(Finding::Age);
    }
    if YEAR.is_match(text) || BORN.is_match(text) || SHORT_YEAR.is_match(text) {
        found.insert(Finding::BirthYear);
    }
    for m in FROM_YEAR.find_iter(text) {
        if !UNIT_AFTER.is_match(&text[m.end()..]) {
            found.insert(Finding::BirthYear);
        }
    }
}

/// E-mail addresses spelled out and handles after a platform's name, in folded text.
fn spelled_contacts(text: &str, found: &mut BTreeSet<Finding>) {
    if SPELLED_ADDRESS.is_match(text) || PROVIDER.is_match(text) || SPACED_AT.is_match(text) {
        found.insert(Finding::Email);
    }
    if WEAK_PLATFORM.is_match(text) {
        found.insert(Finding::SocialHandle);
    }
    for m in PLATFORM.find_iter(text).chain(WEAK_PLATFORM_NAMED.find_iter(text)) {
        let Some(handle) = AFTER_PLATFORM.captures(&text[m.end()..]).and_then(|c| c.get(1)) else { continue };
        let h = handle.as_str();
        if !NOT_HANDLES.contains(&h) && !PLATFORM.is_match(h) && h.chars().count() >= 2 {
            found.insert(Finding::SocialHandle);
        }
    }
}

/// Every place name of the gazetteer as folded words joined by spaces (`sint lambrechts woluwe`),
/// and the most words a name has: a phrase of a pitch is looked up in the gazetteer only when
/// it is a place name somewhere.
static PLACE_NAMES: LazyLock<(HashSet<String>, usize)> = LazyLock::new(|| {
    let mut names = HashSet::new();
    // `suggest` gives every name that starts with the typed letters (with its best postcode).
    let prefixes = ('a'..='z').map(String::from).chain(["'".to_owned()]);
    for prefix in prefixes {
        for country in [Country::Be, Country::Nl] {
            for place in Gazetteer.suggest(&prefix, country, usize::MAX) {
                names.insert(words(place.name).join(" "));
            }
        }
    }
    for place in Gazetteer.places() {
        names.insert(words(place.name).join(" "));
    }
    let longest = names.iter().map(|n| n.split(' ').count()).max().unwrap_or(1);
    (names, longest)
});

/// The person's municipality, the place names of their postcode and the postcode itself.
fn places(text: &[String], identity: &Identity, place: Place, found: &mut BTreeSet<Finding>) {
    let municipality = words(&identity.municipality);
    if municipality.iter().map(String::len).sum::<usize>() >= 2 && contains_phrase(text, &municipality) {
        found.insert(Finding::Place);
    }
    let (names, longest) = &*PLACE_NAMES;
    let qualified = place.postcode.qualified();
    'outer: for start in 0..text.len() {
        for len in 1..=(*longest).min(text.len() - start) {
            let phrase = &text[start..start + len];
            if phrase.iter().any(|w| w.chars().any(|c| c.is_ascii_digit())) {
                break;
            }
            let joined = phrase.join(" ");
            if !names.contains(&joined) {
                continue;
            }
            let named = Gazetteer
                .resolve(&format!("{qualified} {joined}"), place.postcode.country())
                .is_ok_and(|p| p.postcode == place.postcode && words(p.name) == phrase);
            if named {
                found.insert(Finding::Place);
                break 'outer;
            }
        }
    }
    let code = place.postcode.number().to_string();
    if text.contains(&code) {
        found.insert(Finding::Postcode);
    }
}

/// Common given names, whole words. A name that is also an everyday word counts where it is
/// written as a name (a capital, not at the start of a sentence) or after a word for a person
/// (`mijn broer Ben`); never after `Sint`/`Saint` (`Sint-Jan` is a place).
fn given_names(text: &str, own: &[Vec<String>], found: &mut BTreeSet<Finding>) {
    let word_char = |c: char| c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c);
    let mut sentence_start = true;
    let mut previous = String::new();
    let mut rest = text;
    while let Some(start) = rest.find(word_char) {
        let gap = &rest[..start];
        if gap.chars().any(|c| matches!(c, '.' | '!' | '?' | ':' | ';' | '\n' | '"' | '(' | '•' | '-' | '*')) && gap.trim() != "-" {
            sentence_start = true;
        }
        let tail = &rest[start..];
        let len = tail.find(|c: char| !word_char(c)).unwrap_or(tail.len());
        let word = &tail[..len];
        rest = &tail[len..];
        let folded = normalise::fold(word);
        if given_names::is_given_name(&folded)
            && !own.iter().any(|p| p.len() == 1 && p[0] == folded)
            && !given_names::SAINT_WORDS.contains(&previous.as_str())
        {
            let after_person = given_names::PERSON_WORDS.contains(&previous.as_str());
            let capital = word.chars().next().is_some_and(char::is_uppercase);
            let before_number = rest.trim_start().trim_start_matches('.').trim_start().starts_with(|c: char| c.is_ascii_digit());
            let written_as_name = capital && !sentence_start && !before_number;
            let counts = if given_names::LANGUAGE_NAMES.contains(&folded.as_str()) {
                after_person
            } else if given_names::is_everyday_word(&folded) {
                after_person || written_as_name
            } else {
                true
            };
            if counts {
                found.insert(Finding::OtherGivenName);
            }
        }
        sentence_start = false;
        previous = folded;
    }
}

/// Everything in `pitch` that could identify the person with this identity, living in `place`,
/// with this record id.
pub fn scan(pitch: &str, identity: &Identity, place: Place, record_id: &str) -> BTreeSet<Finding> {
    let mut found = BTreeSet::new();
    let norm = normalise::normalise(pitch);
    let folded = normalise::fold(&norm);
    addresses(&norm, &mut found);
    numbers(&norm, &mut found);
    let despaced = despace(&norm);
    if despaced != norm {
        addresses(&despaced, &mut found);
        spelled_contacts(&normalise::fold(&despaced), &mut found);
    }
    spelled_contacts(&folded, &mut found);
    ages_and_years(&folded, &mut found);
    loose_numbers(&digit_lookalikes(&norm), &mut found);
    let text = words(&norm);
    let own_given = name_phrases(&identity.given_name);
    for (phrases, finding) in [(&own_given, Finding::GivenName), (&name_phrases(&identity.family_name), Finding::FamilyName)] {
        if phrases.iter().any(|p| contains_phrase(&text, p)) {
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
    places(&text, identity, place, &mut found);
    given_names(&norm, &own_given, &mut found);
    // The person's own numbers, however they are written.
    let own_numbers = |digits_of_pitch: &str, found: &mut BTreeSet<Finding>| {
        for own in [&identity.phone, &identity.national_number] {
            let d = digits(own);
            if d.len() >= 8 && digits_of_pitch.contains(&d[d.len() - 8..]) {
                found.insert(if own == &identity.phone { Finding::Phone } else { Finding::NationalRegisterNumber });
            }
        }
    };
    own_numbers(&digits(&digit_lookalikes(&norm)), &mut found);
    // The same checks on numbers written in words.
    if let Some(spelled) = number_words::spelled_digits(&folded) {
        let mut in_words = BTreeSet::new();
        numbers(&spelled, &mut in_words);
        loose_numbers(&spelled, &mut in_words);
        ages_and_years(&spelled, &mut in_words);
        own_numbers(&digits(&spelled), &mut in_words);
        if words(&spelled).contains(&place.postcode.number().to_string()) {
            in_words.insert(Finding::Postcode);
        }
        if !in_words.is_empty() {
            found.extend(in_words);
            found.insert(Finding::NumberInWords);
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

    fn leuven() -> Place {
        Gazetteer.resolve("3000", talentbrug_core::Country::Be).unwrap()
    }

    fn finds(pitch: &str) -> BTreeSet<Finding> {
        scan(pitch, &lotte(), leuven(), "DOS-2024-0042")
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
            "Woont in 3010, zoekt werk rond 3020.",
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
        assert_clean(&["12345 is geen probleem", "Ik heb rijbewijs B en C.", "BE-9000 Gent", "NL en FR, ook wat EN."]);
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
        let f = scan("zoe ozturk woont rue de la loi", &accented, leuven(), "X1");
        assert!(f.contains(&Finding::GivenName) && f.contains(&Finding::FamilyName) && f.contains(&Finding::Street), "{f:?}");
        assert!(scan("De wet (la loi) respecteren.", &accented, leuven(), "X1").is_empty());
    }

    #[test]
    fn phone_numbers_in_words_other_scripts_and_any_separators() {
        assert_finds(
            Finding::Phone,
            &[
                "bel me op nul vier zeven nul een twee drie vier vijf zes",
                "Bel me: nul vier zeven nul, twaalf, vierendertig, zesenvijftig.",
                "appelez le zéro quatre septante-neuf, douze, trente-quatre, cinquante-six",
                "call me on zero four seven oh one two three four five six",
                "nul zes een twee drie vier vijf zes zeven acht",
                "０４７０ １２ ３４ ５６",
                "٠٤٧٠ ١٢ ٣٤ ٥٦",
                "۰۴۷۰۱۲۳۴۵۶",
                "०४७० १२ ३४ ५६",
                "0470_12_34_56",
                "0470 • 12 • 34 • 56",
                "0470\u{200B}12\u{200C}34\u{2060}56",
                "O47O 12 34 56",
                "0 4 7 0 1 2 3 4 5 6",
                "+32 4seventy? nee: 0470~12~34~56",
            ],
        );
        assert!(finds("nul vier zeven nul twaalf vierendertig zesenvijftig").contains(&Finding::NumberInWords));
        assert_finds(Finding::NationalRegisterNumber, &["vijfentachtig nul zeven dertig nul drieëndertig achtentwintig"]);
        assert_clean(&[
            "Ik werk 20-30 uur per week, 5 dagen op 7.",
            "Ik kan 38 uur werken, twee of drie dagen per week.",
            "Ik ben achtendertig uur beschikbaar.",
            "Ma-vr 08:30-12:00 / 13:00-17:00, za 9.00-12.00.",
            "Drie jaar ervaring, vijf dagen per week, acht uur per dag.",
            "Ik spreek een beetje Frans en één jaar Engels.",
        ]);
    }

    #[test]
    fn every_place_name_is_known() {
        let (names, longest) = &*PLACE_NAMES;
        assert!(*longest >= 3, "{longest}");
        for place in Gazetteer.places() {
            assert!(names.contains(&words(place.name).join(" ")), "{}", place.name);
        }
        for name in ["heverlee", "sint lambrechts woluwe", "woluwe saint lambert", "s hertogenbosch", "ecaussinnes"] {
            assert!(names.contains(name), "{name}");
        }
    }

    #[test]
    fn own_place_names_and_postcode() {
        let heverlee = Gazetteer.resolve("3001", talentbrug_core::Country::Be).unwrap();
        let identity = Identity { municipality: "Leuven".into(), ..lotte() };
        let f = |pitch: &str| scan(pitch, &identity, heverlee, "DOS-1");
        for pitch in
            ["Ik woon in Heverlee.", "ik woon in HEVERLEE", "Ik werk graag in Leuven", "Postcode 3001", "B-3001", "drieduizend een"]
        {
            assert!(f(pitch).iter().any(|x| matches!(x, Finding::Place | Finding::Postcode)), "{pitch}: {:?}", f(pitch));
        }
        let woluwe = Gazetteer.resolve("1200", talentbrug_core::Country::Be).unwrap();
        let other = Identity { municipality: "Woluwe-Saint-Lambert".into(), ..Identity::default() };
        assert!(scan("J'habite à Sint-Lambrechts-Woluwe.", &other, woluwe, "X").contains(&Finding::Place));
        assert!(scan("J'habite à woluwe saint lambert.", &other, woluwe, "X").contains(&Finding::Place));
        assert!(f("Ik werk graag in Gent of Mechelen.").is_empty());
    }

    #[test]
    fn birth_years_and_ages_in_any_phrasing() {
        assert_finds(
            Finding::BirthYear,
            &[
                "geboren in 1991",
                "Geboren in '91",
                "born in 1991",
                "née en 1991",
                "ik ben van 1991",
                "ik ben van '91",
                "Je suis née en 91.",
                "geboren in negentienhonderdeenennegentig",
                "born in nineteen ninety-one",
                "née en mille neuf cent quatre-vingt-onze",
                "Van 2008 tot 2014 werkte ik in een bakkerij.",
                "١٩٩١",
            ],
        );
        assert_finds(
            Finding::Age,
            &[
                "ik ben 45",
                "Ik ben 45, fit en gemotiveerd.",
                "45 ans",
                "j'ai 45 ans",
                "J'ai 45",
                "I'm 45",
                "I am 45 and eager to learn",
                "45 years",
                "a 45-year-old cook",
                "45 jaar",
                "45jr",
                "ik ben vijfenveertig",
                "j'ai quarante-cinq ans",
                "I'm forty-five",
                "ik ben bijna vijftig",
                "Een vijftiger met zin om te werken.",
                "in my forties",
                "dans la quarantaine",
                "Leeftijd: 33",
                "âge : 52",
                "ik ben 45 en heb twee kinderen",
            ],
        );
        assert_clean(&[
            "10 jaar ervaring in de keuken",
            "20 jaar ervaring als lasser",
            "J'ai 10 ans d'expérience",
            "j'ai vingt ans d'expérience",
            "I have 25 years of experience",
            "Ik heb 30 jaar in de bouw gewerkt.",
            "al 25 jaar actief in de schoonmaak",
            "ik ben 38 uur beschikbaar",
            "ik ben 20-30 uur per week beschikbaar",
            "ik ben 100% gemotiveerd",
            "ik ben 24/7 bereikbaar",
            "ik kan 38 uur werken",
            "je suis disponible 38 heures par semaine",
            "beschikbaar vanaf april 2026",
            "ervaring van 2019 tot 2021",
            "5 jaar ervaring",
            "3 jaar in een magazijn",
            "ik ben van 8 tot 17 beschikbaar",
        ]);
    }

    #[test]
    fn spelled_out_emails_and_handles_after_any_platform() {
        assert_finds(
            Finding::Email,
            &[
                "jan op gmail punt com",
                "jan at gmail dot com",
                "jan arobase gmail point com",
                "jan apenstaartje hotmail punt be",
                "jan (at) gmail (dot) com",
                "jan[at]gmail[dot]com",
                "j a n @ g m a i l . c o m",
                "jan.peeters op telenet.be",
                "Mail naar jan @ gmail.com",
                "mail jan op gmail",
                "JAN AT GMAIL DOT COM",
                "ｊａｎ＠ｇｍａｉｌ．ｃｏｍ",
                "jan\u{200B}@\u{200B}gmail\u{200B}.com",
                "jan punt peeters apenstaartje outlook punt com",
                "jan chez hotmail point fr",
            ],
        );
        assert_finds(
            Finding::SocialHandle,
            &[
                "telegram janp",
                "Zoek me op insta jan.peeters",
                "mijn snapchat is jan_p",
                "WhatsApp: janp",
                "Discord jp#1234",
                "x: @jp",
                "signal: janp",
                "Vind me op TikTok als jantje",
                "skype jan.peeters88",
            ],
        );
        assert_clean(&[
            "Ik heb een e-mailadres en gebruik Facebook niet.",
            "Ik kan werken met Outlook en Excel.",
            "Contact via WhatsApp. Ik werk graag.",
            "Ik zit niet op tiktok of instagram.",
            "2 x per week sporten houdt me fit.",
            "Ik werk op zaterdag en op zondag.",
            "Ik werk at home.",
            "Ik ken social media: Facebook en Instagram.",
        ]);
    }

    #[test]
    fn other_peoples_given_names() {
        assert_finds(
            Finding::OtherGivenName,
            &[
                "mijn zus Khadija werkt ook in de zorg",
                "Samen met mijn broer Mohamed",
                "Vraag naar FATIMA.",
                "ma sœur Aïcha travaille aussi",
                "my friend Youssef",
                "Ik werk samen met Ben.",
                "Met mijn collega Max bouwde ik een kast.",
                "mijn zoon Mehmet",
                "mijn buurvrouw elif",
                "mijn broer ben werkt ook",
                "mijn broer Frans is lasser",
                "Ik werk graag met Elke en haar team.",
                "mijn collega elke helpt me",
            ],
        );
        assert_clean(&[
            "Ik ben een harde werker.",
            "J'aime travailler en équipe.",
            "Ik ken Excel en Word.",
            "Max 38 uur per week.",
            "Ik wil max. 20 km reizen.",
            "I learn a lot on the job.",
            "An eager worker who likes to come early.",
            "Ik heb een vaste job gezocht.",
            "Ik spreek Nederlands, Frans en Engels.",
            "Ik werkte in Sint-Jan en in Saint-Pierre.",
            // `elke` is Dutch for "every": only a name where written as one.
            "Ik sta elke dag vroeg op en elke week help ik in de tuin.",
            "Elke ochtend fiets ik naar het werk.",
        ]);
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
            let _ = scan(&pitch, &id, leuven(), "r");
        }
    }
}
