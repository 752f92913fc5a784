//! The public talent profile: everything a feed may say about a person, and nothing more.
//!
//! There is no field for a name, age, sex, origin, address or any free text but the short,
//! publisher-checked pitch; talents, strengths and needs come from closed vocabularies. Every
//! value is checked when it is read, so a `Profile` in memory is always a valid one.
//!
//! # Examples
//!
//! ```
//! use talentbrug_core::profile::{Hours, ProfileId};
//!
//! let wanted: Hours = "20-30".parse()?;
//! assert!(wanted.overlaps(Hours::new(30, 38)?), "bounds are inclusive");
//! assert!(!wanted.overlaps(Hours::new(31, 38)?));
//! assert!(Hours::new(30, 20).is_err() && Hours::new(0, 10).is_err());
//!
//! // Ids are short and plain; anything else is refused when it is read.
//! assert!("leuven-a".parse::<ProfileId>().is_ok());
//! assert!("Jan Peeters".parse::<ProfileId>().is_err());
//! # Ok::<(), talentbrug_core::profile::InvalidValue>(())
//! ```

use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::calendar::YearMonth;
use crate::gazetteer::Postcode;
use crate::vocabulary::{Cefr, Code, CodeSet, ContractForm, Shift, StaticStr, Strength, Talent, TravelMode, WorkplaceNeed};

/// Longest profile id, in bytes.
pub const MAX_ID_LEN: usize = 64;
/// Longest area label ("Leuven e.o."), in characters.
pub const MAX_AREA_LABEL: usize = 80;
/// Longest pitch, in characters.
pub const MAX_PITCH: usize = 400;
/// Most occupations or languages one profile may list.
pub const MAX_LIST: usize = 10;
/// Longest reach a profile may state, in km.
pub const MAX_REACH_KM: f64 = 150.0;
/// Most weekly hours a profile or query may state.
pub const MAX_HOURS: u8 = 60;

/// A value that does not fit its field; the message says what is allowed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InvalidValue(pub String);

fn invalid<T>(msg: impl Into<String>) -> Result<T, InvalidValue> {
    Err(InvalidValue(msg.into()))
}

/// Serialized as the text `$text` gives and read back through `FromStr`. The text is passed as
/// it is, not formatted into a new `String` (`collect_str`): every match a search returns
/// serializes a few of these.
macro_rules! serde_via_str {
    ($t:ty, |$value:ident| $text:expr) => {
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let $value = self;
                $text.serialize(s)
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

/// A profile's public id: 1-64 characters of `A-Z a-z 0-9 _ -`. Rotated on every publication.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ProfileId(Box<str>);

impl ProfileId {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `b` may appear in a profile id: a letter, a digit, `_` or `-`.
    pub(crate) fn allows(b: u8) -> bool {
        b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
    }
}

impl FromStr for ProfileId {
    type Err = InvalidValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.is_empty() || s.len() > MAX_ID_LEN || !s.bytes().all(ProfileId::allows) {
            return invalid(format!(
                "`{}` is not a profile id (1-{MAX_ID_LEN} letters, digits, `_` or `-`)",
                s.chars().take(70).collect::<String>()
            ));
        }
        Ok(ProfileId(s.into()))
    }
}

impl fmt::Display for ProfileId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for ProfileId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ProfileId({})", self.0)
    }
}
serde_via_str!(ProfileId, |id| id.as_str());

/// An ESCO occupation id (the UUID of `http://data.europa.eu/esco/occupation/<uuid>`).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EscoId([u8; 16]);

impl EscoId {
    /// The UUID's 16 bytes (how binary tiles store it).
    pub fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }

    /// The id with these 16 bytes.
    pub fn from_bytes(bytes: [u8; 16]) -> EscoId {
        EscoId(bytes)
    }
}

impl FromStr for EscoId {
    type Err = InvalidValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let s = s.strip_prefix("http://data.europa.eu/esco/occupation/").unwrap_or(s);
        let bad = || {
            InvalidValue(format!(
                "`{}` is not an ESCO occupation id (a UUID such as 0019b951-c699-4191-8208-9822882d150c)",
                s.chars().take(60).collect::<String>()
            ))
        };
        let b = s.as_bytes();
        if b.len() != 36 || [8, 13, 18, 23].iter().any(|&i| b[i] != b'-') {
            return Err(bad());
        }
        let hex: Vec<u8> = b.iter().copied().filter(|&c| c != b'-').collect();
        if hex.len() != 32 {
            return Err(bad());
        }
        let mut out = [0u8; 16];
        for (i, pair) in hex.chunks(2).enumerate() {
            let digit = |c: u8| (c as char).to_digit(16).ok_or_else(bad);
            out[i] = (digit(pair[0])? * 16 + digit(pair[1])?) as u8;
        }
        Ok(EscoId(out))
    }
}

impl EscoId {
    /// The UUID as text (`0019b951-c699-4191-8208-9822882d150c`), written digit by digit: the
    /// formatting machinery took a tenth of a search's time in wasm, for the few ids it returns.
    fn hyphenated(&self) -> [u8; 36] {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut text = [b'-'; 36];
        let mut at = 0;
        for (i, byte) in self.0.iter().enumerate() {
            if matches!(i, 4 | 6 | 8 | 10) {
                at += 1;
            }
            text[at] = HEX[usize::from(byte >> 4)];
            text[at + 1] = HEX[usize::from(byte & 15)];
            at += 2;
        }
        text
    }
}

impl fmt::Display for EscoId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(core::str::from_utf8(&self.hyphenated()).map_err(|_| fmt::Error)?)
    }
}

impl fmt::Debug for EscoId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EscoId({self})")
    }
}
serde_via_str!(EscoId, |id| core::str::from_utf8(&id.hyphenated()).map_err(serde::ser::Error::custom)?);

/// An ISCO-08 group: a unit group (four digits, `8344`) or, coarser, a minor (`834`),
/// sub-major (`83`) or major group (`8`). A profile shows one when an exact ESCO occupation would single the
/// person out; every ESCO occupation belongs to one unit group, and so to its parents.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IscoGroup {
    digits: [u8; 4],
    len: u8,
}

impl IscoGroup {
    /// The code as text (`8344`, `83`).
    pub fn as_str(&self) -> &str {
        core::str::from_utf8(&self.digits[..usize::from(self.len)]).unwrap_or("")
    }

    /// How many digits: 4 for a unit group, 3 for a minor group, 2 for a sub-major group.
    pub fn level(&self) -> usize {
        usize::from(self.len)
    }

    /// The group this one belongs to with `digits` digits (itself when it has that many or fewer).
    pub fn truncated(self, digits: usize) -> IscoGroup {
        let len = self.len.min(digits.clamp(1, 4) as u8);
        let mut out = IscoGroup { digits: [b'0'; 4], len };
        out.digits[..usize::from(len)].copy_from_slice(&self.digits[..usize::from(len)]);
        out
    }

    /// Whether `other` is this group or inside it (`83` contains `8344`).
    pub fn contains(&self, other: IscoGroup) -> bool {
        other.len >= self.len && other.digits[..usize::from(self.len)] == self.digits[..usize::from(self.len)]
    }
}

impl FromStr for IscoGroup {
    type Err = InvalidValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if !(1..=4).contains(&t.len()) || !t.bytes().all(|b| b.is_ascii_digit()) {
            return invalid(format!("`{}` is not an ISCO-08 group (1-4 digits such as 8344)", t.chars().take(20).collect::<String>()));
        }
        let mut digits = [b'0'; 4];
        digits[..t.len()].copy_from_slice(t.as_bytes());
        Ok(IscoGroup { digits, len: t.len() as u8 })
    }
}

impl fmt::Display for IscoGroup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for IscoGroup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IscoGroup({self})")
    }
}
serde_via_str!(IscoGroup, |group| group.as_str());

/// An ISO 639-1 language code such as `nl`, `fr`, `ar`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LanguageCode([u8; 2]);

impl LanguageCode {
    /// The two letters.
    pub fn as_str(&self) -> &str {
        core::str::from_utf8(&self.0).unwrap_or("??")
    }

    /// The code's place among the 676 pairs of lowercase letters (`aa` 0, `ab` 1, ... `zz` 675),
    /// which every code is (parsing lowercases and checks them): what the index stores.
    pub(crate) fn ordinal(&self) -> u16 {
        let [a, b] = self.0.map(|letter| u16::from(letter.wrapping_sub(b'a')) % 26);
        a * 26 + b
    }

    /// The two letters as a [`StaticStr`], so serde-wasm-bindgen makes each code's JS string once.
    fn code(&self) -> StaticStr {
        match self.0 {
            [a @ b'a'..=b'z', b @ b'a'..=b'z'] => {
                let at = 2 * (usize::from(a - b'a') * 26 + usize::from(b - b'a'));
                StaticStr(core::str::from_utf8(&TWO_LETTERS[at..at + 2]).unwrap_or("??"))
            }
            _ => StaticStr("??"),
        }
    }
}

/// Every pair of lowercase letters, `aaabac...zz`: the text of every [`LanguageCode`].
static TWO_LETTERS: [u8; 26 * 26 * 2] = {
    let mut letters = [0u8; 26 * 26 * 2];
    let mut i = 0;
    while i < 26 * 26 {
        letters[2 * i] = b'a' + (i / 26) as u8;
        letters[2 * i + 1] = b'a' + (i % 26) as u8;
        i += 1;
    }
    letters
};

impl FromStr for LanguageCode {
    type Err = InvalidValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.trim().to_ascii_lowercase();
        match lower.as_bytes() {
            [a, b] if a.is_ascii_lowercase() && b.is_ascii_lowercase() => Ok(LanguageCode([*a, *b])),
            _ => invalid(format!("`{}` is not a two-letter language code (nl, fr, en, ...)", s.chars().take(20).collect::<String>())),
        }
    }
}

impl fmt::Display for LanguageCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for LanguageCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LanguageCode({self})")
    }
}
serde_via_str!(LanguageCode, |lang| lang.code());

/// A language the person speaks, with their level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageSkill {
    /// The language.
    pub lang: LanguageCode,
    /// The level (CEFR or native).
    pub level: Cefr,
}

impl FromStr for LanguageSkill {
    type Err = InvalidValue;
    /// Reads the export form `nl:B1` or `fr:native`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (lang, level) = s.split_once(':').ok_or_else(|| {
            InvalidValue(format!("`{}` is not a language with level such as nl:B1", s.chars().take(30).collect::<String>()))
        })?;
        let level = level.trim();
        let level = Cefr::from_code(level)
            .or_else(|| Cefr::from_code(&level.to_ascii_uppercase()))
            .or_else(|| Cefr::from_code(&level.to_ascii_lowercase()))
            .ok_or_else(|| {
                InvalidValue(format!("`{}` is not a language level (A1-C2 or native)", level.chars().take(20).collect::<String>()))
            })?;
        Ok(LanguageSkill { lang: lang.parse()?, level })
    }
}

/// A weekly hours range, bounds inclusive, `1 <= min <= max <= 60`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawHours")]
pub struct Hours {
    min: u8,
    max: u8,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHours {
    min: u8,
    max: u8,
}

impl TryFrom<RawHours> for Hours {
    type Error = InvalidValue;
    fn try_from(raw: RawHours) -> Result<Self, Self::Error> {
        Hours::new(raw.min, raw.max)
    }
}

impl Hours {
    /// The range, if `1 <= min <= max <= 60`.
    pub fn new(min: u8, max: u8) -> Result<Hours, InvalidValue> {
        if min == 0 || max > MAX_HOURS {
            return invalid(format!("hours must be between 1 and {MAX_HOURS} a week, not {min}-{max}"));
        }
        if min > max {
            return invalid(format!("the lowest hours ({min}) are above the highest ({max})"));
        }
        Ok(Hours { min, max })
    }

    /// Fewest hours a week.
    pub fn min(self) -> u8 {
        self.min
    }

    /// Most hours a week.
    pub fn max(self) -> u8 {
        self.max
    }

    /// Whether the ranges share at least one hour (bounds inclusive: 20-30 overlaps 30-38).
    pub fn overlaps(self, other: Hours) -> bool {
        self.min <= other.max && other.min <= self.max
    }
}

impl FromStr for Hours {
    type Err = InvalidValue;
    /// Reads `20-30` or a single number `38`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || InvalidValue(format!("`{}` is not an hours range such as 20-30", s.chars().take(20).collect::<String>()));
        let (a, b) = s.split_once('-').unwrap_or((s, s));
        let num = |t: &str| t.trim().parse::<u8>().map_err(|_| bad());
        Hours::new(num(a)?, num(b)?)
    }
}

impl fmt::Display for Hours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.min, self.max)
    }
}

/// A coarse area where the person lives: a postcode area or a merged one ("Leuven e.o."), with
/// the centroid the distance is computed from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawArea")]
pub struct Area {
    /// The (representative) postcode of the area, qualified with its country (`BE-3000`).
    pub postcode: Postcode,
    /// What the employer sees: "Leuven", "Leuven e.o.".
    pub label: String,
    /// Centroid latitude in degrees.
    pub lat: f64,
    /// Centroid longitude in degrees.
    pub lon: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawArea {
    postcode: Postcode,
    label: String,
    lat: f64,
    lon: f64,
}

impl TryFrom<RawArea> for Area {
    type Error = InvalidValue;
    fn try_from(raw: RawArea) -> Result<Self, Self::Error> {
        Area::new(raw.postcode, raw.label, raw.lat, raw.lon)
    }
}

impl Area {
    /// An area, if the label is short and the centroid a point on Earth.
    pub fn new(postcode: Postcode, label: String, lat: f64, lon: f64) -> Result<Area, InvalidValue> {
        let label_len = label.chars().count();
        if label.trim().is_empty() || label_len > MAX_AREA_LABEL {
            return invalid(format!("area label must be 1-{MAX_AREA_LABEL} characters, not {label_len}"));
        }
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            return invalid(format!("area centroid {lat}, {lon} is not a point on Earth"));
        }
        Ok(Area { postcode, label, lat, lon })
    }
}

/// How far the person can travel to work, in km: `0 < km <= 150`.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct ReachKm(f64);

impl ReachKm {
    /// The reach, if `0 < km <= 150`.
    pub fn new(km: f64) -> Result<ReachKm, InvalidValue> {
        if km.is_finite() && km > 0.0 && km <= MAX_REACH_KM {
            Ok(ReachKm(km))
        } else {
            invalid(format!("reach must be more than 0 and at most {MAX_REACH_KM} km, not {km}"))
        }
    }

    /// Kilometres.
    pub fn km(self) -> f64 {
        self.0
    }
}

impl Serialize for ReachKm {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Whole kilometres as integers (`12`, not `12.0`): shorter feeds, same value.
        if self.0.fract() == 0.0 {
            s.serialize_u64(self.0 as u64)
        } else {
            s.serialize_f64(self.0)
        }
    }
}

impl<'de> Deserialize<'de> for ReachKm {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        ReachKm::new(f64::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// The short pitch a coach writes with the person: at most 400 characters, checked by the
/// publisher for personal data before it is published.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Pitch(String);

impl Pitch {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Pitch {
    type Err = InvalidValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let len = s.chars().count();
        if len > MAX_PITCH {
            return invalid(format!("pitch is {len} characters; at most {MAX_PITCH} are allowed"));
        }
        if s.chars().any(|c| c.is_control() && c != '\n') {
            return invalid("pitch contains control characters");
        }
        Ok(Pitch(s.trim().to_owned()))
    }
}

impl fmt::Display for Pitch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
serde_via_str!(Pitch, |pitch| pitch.as_str());

/// Whether some item equals an earlier one. Lists are at most [`MAX_LIST`] long, so comparing
/// pairs is cheap, and it compiles to less wasm than a sort per item type.
fn has_repeats<T: PartialEq>(items: &[T]) -> bool {
    items.iter().enumerate().any(|(i, item)| items[..i].contains(item))
}

fn bounded_list<'de, D: Deserializer<'de>, T: Deserialize<'de> + PartialEq>(d: D) -> Result<Vec<T>, D::Error> {
    let items = Vec::<T>::deserialize(d)?;
    if items.len() > MAX_LIST {
        return Err(serde::de::Error::custom(format!("at most {MAX_LIST} items are allowed, not {}", items.len())));
    }
    if has_repeats(&items) {
        return Err(serde::de::Error::custom("an item is listed twice"));
    }
    Ok(items)
}

fn languages<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<LanguageSkill>, D::Error> {
    let items: Vec<LanguageSkill> = bounded_list(d)?;
    if has_repeats(&items.iter().map(|l| l.lang).collect::<Vec<_>>()) {
        return Err(serde::de::Error::custom("a language is listed twice"));
    }
    Ok(items)
}

/// One anonymous talent profile as published in a feed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Public id, unique within its feed and rotated on every publication.
    pub id: ProfileId,
    /// Where the person lives, coarsely.
    pub area: Area,
    /// How far the person can travel to work.
    pub reach_km: ReachKm,
    /// How the person travels.
    pub travel_modes: CodeSet<TravelMode>,
    /// Wanted occupations (ESCO), at most 10.
    #[serde(deserialize_with = "bounded_list")]
    pub occupations: Vec<EscoId>,
    /// Wanted kinds of work shown as their ISCO-08 group (unit, minor, sub-major or major), where the
    /// exact occupations would single the person out (labels in the feed's `occupation_groups`);
    /// at most 10.
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "bounded_list")]
    pub occupation_groups: Vec<IscoGroup>,
    /// Practical skills.
    pub talents: CodeSet<Talent>,
    /// Personal strengths.
    pub strengths: CodeSet<Strength>,
    /// Languages with level, at most 10, each once.
    #[serde(deserialize_with = "languages")]
    pub languages: Vec<LanguageSkill>,
    /// Weekly hours wanted.
    pub hours: Hours,
    /// Parts of the day or week the person can work.
    pub shifts: CodeSet<Shift>,
    /// First month the person can start.
    pub available_from: YearMonth,
    /// Contract forms the person accepts.
    pub contract_forms: CodeSet<ContractForm>,
    /// Whether a job coach follows the person up at work.
    pub job_coaching: bool,
    /// Conditions of the workplace that help the person work well.
    pub workplace_needs: CodeSet<WorkplaceNeed>,
    /// Short text in the person's own words, checked for personal data; absent when dropped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pitch: Option<Pitch>,
}

impl Profile {
    /// The level at which the person speaks `lang`, if at all.
    pub fn language_level(&self, lang: LanguageCode) -> Option<Cefr> {
        self.languages.iter().find(|l| l.lang == lang).map(|l| l.level)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A valid profile as JSON, for tests across the crate.
    pub(crate) fn sample_json(id: &str) -> String {
        format!(
            r#"{{"id":"{id}","area":{{"postcode":"BE-3000","label":"Leuven","lat":50.8796,"lon":4.7009}},
            "reach_km":12,"travel_modes":["bike","public_transport"],
            "occupations":["0019b951-c699-4191-8208-9822882d150c"],"talents":["order_picking","packing"],
            "strengths":["punctual"],"languages":[{{"lang":"nl","level":"B1"}},{{"lang":"fr","level":"native"}}],
            "hours":{{"min":20,"max":30}},"shifts":["day"],"available_from":"2026-11",
            "contract_forms":["temp","internship"],"job_coaching":true,"workplace_needs":["quiet_workplace"],
            "pitch":"Ik werk graag met mijn handen."}}"#
        )
    }

    #[test]
    fn a_sample_profile_round_trips() {
        let p: Profile = serde_json::from_str(&sample_json("p1")).unwrap();
        assert_eq!(p.area.postcode.qualified(), "BE-3000");
        assert_eq!(p.language_level("fr".parse().unwrap()), Some(Cefr::Native));
        let again: Profile = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
        assert_eq!(p, again);
    }

    #[test]
    fn fields_outside_the_public_profile_are_refused() {
        let with_name = sample_json("p1").replacen('{', r#"{"name":"Jan","#, 1);
        let err = serde_json::from_str::<Profile>(&with_name).unwrap_err().to_string();
        assert!(err.contains("unknown field `name`"), "{err}");
    }

    #[test]
    fn checked_values() {
        assert!("ok_id-1".parse::<ProfileId>().is_ok());
        assert!("has space".parse::<ProfileId>().is_err());
        assert!("".parse::<ProfileId>().is_err());
        let id: EscoId = "0019B951-c699-4191-8208-9822882d150c".parse().unwrap();
        assert_eq!(id.to_string(), "0019b951-c699-4191-8208-9822882d150c");
        assert!("0019b951c69941918208-9822882d150c".parse::<EscoId>().is_err());
        assert!("0019b951-c699-4191-8208-9822882d150g".parse::<EscoId>().is_err());
        assert!("0019b951-c699-4191-8208-9822882d15é".parse::<EscoId>().is_err());
        assert!("0019b951-c699-4191-8208-98228-2d150c".parse::<EscoId>().is_err());
        assert_eq!("20-30".parse::<Hours>().unwrap(), Hours::new(20, 30).unwrap());
        assert!("30-10".parse::<Hours>().is_err());
        assert!("0-10".parse::<Hours>().is_err());
        assert!("10-61".parse::<Hours>().is_err());
        assert!(Hours::new(20, 30).unwrap().overlaps(Hours::new(30, 38).unwrap()));
        assert!(!Hours::new(20, 29).unwrap().overlaps(Hours::new(30, 38).unwrap()));
        assert!(ReachKm::new(0.0).is_err() && ReachKm::new(-3.0).is_err() && ReachKm::new(f64::NAN).is_err());
        assert_eq!("nl:b1".parse::<LanguageSkill>().unwrap().level, Cefr::B1);
        assert_eq!("FR:Native".parse::<LanguageSkill>().unwrap().lang.as_str(), "fr");
        assert!("nl".parse::<LanguageSkill>().is_err());
        assert!("x".repeat(401).parse::<Pitch>().is_err());
    }

    #[test]
    fn language_codes_serialize_as_their_letters_and_number_in_order() {
        let mut ordinals = Vec::new();
        for a in b'a'..=b'z' {
            for b in b'a'..=b'z' {
                let text = String::from_utf8(vec![a, b]).unwrap();
                let lang: LanguageCode = text.parse().unwrap();
                assert_eq!(serde_json::to_string(&lang).unwrap(), format!("\"{text}\""));
                ordinals.push(lang.ordinal());
            }
        }
        assert_eq!(ordinals, (0..676).collect::<Vec<u16>>());
    }

    proptest::proptest! {
        #[test]
        fn esco_ids_are_written_as_hyphenated_lowercase_hex(bytes in proptest::array::uniform16(proptest::prelude::any::<u8>())) {
            let id = EscoId::from_bytes(bytes);
            let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
            let expected = format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..]);
            proptest::prop_assert_eq!(id.to_string(), expected.clone());
            proptest::prop_assert_eq!(serde_json::to_string(&id).unwrap(), format!("\"{expected}\""));
            proptest::prop_assert_eq!(expected.parse::<EscoId>().unwrap(), id);
        }
    }
}
