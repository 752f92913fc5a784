//! Every Belgian postcode and Dutch PC4 postcode with its centroid and place names, compiled in.
//!
//! [`Gazetteer::resolve`] turns what an employer types (`3000`, `B-3000`, `1011 AB`,
//! `Sint-Lambrechts-Herk`, `gent`) into a [`Place`]. A four-digit code that exists in both
//! countries resolves by an explicit prefix, a Dutch letter suffix or a place name in the input,
//! and otherwise by the preferred [`Country`] (Belgium by default).
//!
//! # The table, and its two `static`s
//!
//! The data is constant: build.rs compiles `data/` into byte tables in the binary, shaped to
//! gzip well (the widget's wasm is size-critical). A few of them are stored as deltas and
//! back-references, and the name lookups need an alphabetical order; those are decoded into
//! plain arrays once, on first use, into two `static` [`std::sync::OnceLock`]s: the postcode
//! tables (all a postcode lookup needs) and the names' alphabetical order (only place-name
//! lookups and suggestions need it, so a widget opened at a postcode never sorts the names).
//! They are the core's only globals, and they hold no state: read-only caches, pure functions
//! of constants built in the binary, written once and never changed, the same in every process. No result
//! depends on when or whether it was filled. Generating the decoded arrays as constants instead
//! would give up the compact form, which build.rs measures at about 33 KB less gzipped wasm than
//! offsets and absolute values.
//!
//! # Examples
//!
//! ```
//! use talentbrug_core::{Country, Gazetteer, GazetteerError, Postcode};
//!
//! let leuven = Gazetteer.resolve("3000", Country::Be)?;
//! assert_eq!((leuven.postcode.qualified().as_str(), leuven.name, leuven.region), ("BE-3000", "Leuven", "Vlaanderen"));
//!
//! // A code that exists in both countries: a prefix, Dutch letters or a place name decide.
//! assert_eq!(Gazetteer.resolve("NL-1011", Country::Be)?.postcode.country(), Country::Nl);
//! assert_eq!(Gazetteer.resolve("1011 AB", Country::Be)?.postcode.country(), Country::Nl);
//! assert_eq!(Gazetteer.resolve("gent", Country::Be)?.postcode.number(), 9000);
//!
//! assert_eq!(Gazetteer.resolve("", Country::Be), Err(GazetteerError::Empty));
//! assert!("BE-0999".parse::<Postcode>().is_err());
//! assert!(!Gazetteer.suggest("Heverl", Country::Be, 5).is_empty());
//! # Ok::<(), GazetteerError>(())
//! ```

use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::text::{fold, folded, starts_with_folded};

#[allow(missing_docs)]
mod data {
    include!(concat!(env!("OUT_DIR"), "/gazetteer_data.rs"));
}

/// A country whose postcodes the gazetteer knows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Country {
    /// Belgium; the default where a code exists in both countries.
    #[default]
    #[serde(rename = "BE")]
    Be,
    /// The Netherlands.
    #[serde(rename = "NL")]
    Nl,
}

impl Country {
    /// ISO 3166-1 alpha-2 code.
    pub fn code(self) -> &'static str {
        match self {
            Country::Be => "BE",
            Country::Nl => "NL",
        }
    }

    fn other(self) -> Country {
        match self {
            Country::Be => Country::Nl,
            Country::Nl => Country::Be,
        }
    }
}

impl FromStr for Country {
    type Err = GazetteerError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_uppercase().as_str() {
            "BE" | "B" => Ok(Country::Be),
            "NL" => Ok(Country::Nl),
            _ => Err(GazetteerError::UnknownCountry(s.chars().take(20).collect())),
        }
    }
}

/// Why input could not be turned into a place.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GazetteerError {
    /// Nothing was typed.
    #[error("no postcode or place name was given")]
    Empty,
    /// A well-formed code that does not exist.
    #[error("postcode {0} does not exist in Belgium or the Netherlands")]
    UnknownPostcode(String),
    /// A name no postcode carries.
    #[error("no Belgian or Dutch place is called `{0}`")]
    UnknownPlace(String),
    /// A country other than BE or NL.
    #[error("unknown country `{0}`: use BE or NL")]
    UnknownCountry(String),
    /// Not a four-digit postcode.
    #[error("`{0}` is not a four-digit postcode")]
    Malformed(String),
}

/// A postcode known to exist: the country and its four digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Postcode {
    country: Country,
    code: u16,
}

impl Postcode {
    /// The country.
    pub fn country(self) -> Country {
        self.country
    }

    /// The four digits as a number (1000-9999).
    pub fn number(self) -> u16 {
        self.code
    }

    /// The postcode if it exists in the gazetteer.
    pub fn new(country: Country, code: u16) -> Result<Postcode, GazetteerError> {
        let postcode = Postcode { country, code };
        if Gazetteer.position(postcode).is_some() {
            Ok(postcode)
        } else {
            Err(GazetteerError::UnknownPostcode(format!("{}-{code}", country.code())))
        }
    }

    /// `BE-3000`: unambiguous across countries.
    pub fn qualified(self) -> String {
        format!("{}-{}", self.country.code(), self.code)
    }
}

impl fmt::Display for Postcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code)
    }
}

impl FromStr for Postcode {
    type Err = GazetteerError;
    /// Reads `BE-3000` or `NL-1011` (the qualified form) and checks that it exists.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let malformed = || GazetteerError::Malformed(s.chars().take(20).collect());
        let (country, code) = s.split_once('-').ok_or_else(malformed)?;
        let country: Country = country.parse()?;
        if code.len() != 4 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(malformed());
        }
        Postcode::new(country, code.parse().map_err(|_| malformed())?)
    }
}

impl Serialize for Postcode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.qualified())
    }
}

impl<'de> Deserialize<'de> for Postcode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A postcode area: its code, the place name that fits the input, centroid and region.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Place {
    /// The postcode.
    pub postcode: Postcode,
    /// The place name (the one the user typed, or the postcode's first name).
    pub name: &'static str,
    /// Centroid latitude in degrees (mean of the GeoNames places under this code).
    pub lat: f64,
    /// Centroid longitude in degrees.
    pub lon: f64,
    /// Region (Vlaanderen, Wallonie, Bruxelles-Capitale) or Dutch province.
    pub region: &'static str,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.postcode, self.name)
    }
}

/// The compiled-in postcode table. Zero-sized: the data is constant, compiled into the binary,
/// and partly decoded once into a read-only cache (see the [module documentation](self)).
#[derive(Clone, Copy, Debug, Default)]
pub struct Gazetteer;

/// A coordinate stored as an offset `q` above `min` in 1e-3 degree (see build.rs for why).
fn coordinate(q: u32, min: f64) -> f64 {
    ((min * 1000.0).round() + f64::from(q)) / 1000.0
}

/// The tables the wasm carries in compact form (see build.rs: about 33 KB less gzipped than
/// offsets and absolute values), expanded once on first use into arrays indexed directly.
/// Derived from constants only, and never written after it is built.
struct Expanded {
    /// Start of each name's line in `NAME_TEXT`, plus the end.
    name_starts: Vec<u32>,
    /// The names of every postcode, postcode after postcode.
    refs: Vec<u16>,
    /// Start of each postcode's names in `refs`, plus the end.
    ref_starts: Vec<u32>,
    /// Latitude per postcode, in 1e-3 degree above `BOX[0]`.
    lat: Vec<u32>,
    /// Longitude per postcode, in 1e-3 degree above `BOX[2]`.
    lon: Vec<u32>,
}

/// Start of every line of `text`, plus its end.
fn line_starts(text: &str) -> Vec<u32> {
    core::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i as u32 + 1)).collect()
}

/// Undoes build.rs's name references: LEB128 numbers `back << 1 | last`, where `back` is 0 for
/// the next name not seen yet and otherwise how far before it the name is. Gives the name
/// indices and where each postcode's run starts (plus the end).
fn decode_refs(bytes: &[u8]) -> (Vec<u16>, Vec<u32>) {
    let (mut refs, mut starts) = (Vec::new(), vec![0]);
    let (mut next, mut value, mut shift) = (0u32, 0u32, 0);
    for &b in bytes {
        value |= u32::from(b & 0x7f) << shift;
        shift += 7;
        if b & 0x80 != 0 {
            continue;
        }
        let back = value >> 1;
        refs.push(if back == 0 { next } else { next - back } as u16);
        next += u32::from(back == 0);
        if value & 1 == 1 {
            starts.push(refs.len() as u32);
        }
        (value, shift) = (0, 0);
    }
    (refs, starts)
}

/// Undoes build.rs's `coordinate_table`: two byte planes of zigzag deltas, back to values.
fn coordinates(planes: &[u8]) -> Vec<u32> {
    let n = planes.len() / 2;
    let mut prev = 0i64;
    (0..n)
        .map(|i| {
            let z = u16::from_le_bytes([planes[i], planes[n + i]]);
            prev += if z % 2 == 0 { i64::from(z / 2) } else { -i64::from(z / 2) - 1 };
            prev as u32
        })
        .collect()
}

/// The decoded tables: a read-only cache of constant data (no mutable global state), built on
/// first use so that programs that never look up a postcode never pay for it.
fn expanded() -> &'static Expanded {
    static TABLES: std::sync::OnceLock<Expanded> = std::sync::OnceLock::new();
    TABLES.get_or_init(|| {
        let (refs, ref_starts) = decode_refs(data::NAME_REFS);
        Expanded { refs, ref_starts, lat: coordinates(data::LAT), lon: coordinates(data::LON), name_starts: line_starts(data::NAME_TEXT) }
    })
}

/// The names in alphabetical order, for lookups by name: derived from constants only, built on
/// the first lookup by name and never written after.
struct NameOrder {
    /// Name indices sorted by folded form, then by the name itself: prefix lookups binary-search it.
    sorted: Vec<u16>,
    /// Each name's position in `sorted`: its alphabetical rank.
    rank: Vec<u16>,
}

fn name_order() -> &'static NameOrder {
    static ORDER: std::sync::OnceLock<NameOrder> = std::sync::OnceLock::new();
    ORDER.get_or_init(|| {
        let names: Vec<&str> = (0..expanded().name_starts.len() - 1).map(|n| Gazetteer.name(n)).collect();
        // Each name folded once, not once per comparison.
        let folded_names: Vec<String> = names.iter().map(|n| fold(n)).collect();
        let mut order = crate::order::positions(names.len());
        crate::order::sort_positions(&mut order, &|a, b| {
            let (a, b) = (a as usize, b as usize);
            folded_names[a].cmp(&folded_names[b]).then_with(|| names[a].cmp(names[b]))
        });
        let sorted: Vec<u16> = order.into_iter().map(|n| n as u16).collect();
        let mut rank = vec![0; sorted.len()];
        for (position, &n) in sorted.iter().enumerate() {
            rank[usize::from(n)] = position as u16;
        }
        NameOrder { sorted, rank }
    })
}

/// What the input says about the country, strongest first.
struct Parsed<'a> {
    explicit_country: Option<Country>,
    code: Option<u16>,
    name: &'a str,
}

fn parse_input(input: &str) -> Result<Parsed<'_>, GazetteerError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(GazetteerError::Empty);
    }
    let upper = s.get(..3).unwrap_or(s).to_ascii_uppercase();
    let (explicit_country, rest) =
        if let Some(rest) = ["BE-", "BE ", "NL-", "NL "].iter().find(|p| upper.starts_with(**p)).map(|p| &s[p.len()..]) {
            (Some(if upper.starts_with("NL") { Country::Nl } else { Country::Be }), rest.trim_start())
        } else if upper.starts_with("B-") {
            (Some(Country::Be), s[2..].trim_start())
        } else if (upper.starts_with("BE") || upper.starts_with("NL")) && s[2..].starts_with(|c: char| c.is_ascii_digit()) {
            (Some(if upper.starts_with("NL") { Country::Nl } else { Country::Be }), &s[2..])
        } else {
            (None, s)
        };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        if explicit_country.is_some() {
            return Err(GazetteerError::Malformed(s.chars().take(20).collect()));
        }
        return Ok(Parsed { explicit_country, code: None, name: rest });
    }
    if digits != 4 {
        return Err(GazetteerError::Malformed(s.chars().take(20).collect()));
    }
    let code: u16 = rest[..4].parse().map_err(|_| GazetteerError::Malformed(s.to_owned()))?;
    if code < 1000 {
        return Err(GazetteerError::Malformed(s.chars().take(20).collect()));
    }
    let tail = rest[4..].trim();
    // `1011 AB`: the letters of a full Dutch postcode say the country.
    let dutch_letters = tail.len() == 2 && tail.bytes().all(|b| b.is_ascii_alphabetic());
    let tail_is_name = !dutch_letters && !tail.is_empty();
    Ok(Parsed {
        explicit_country: explicit_country.or(dutch_letters.then_some(Country::Nl)),
        code: Some(code),
        name: if tail_is_name { tail } else { "" },
    })
}

impl Gazetteer {
    /// Number of postcodes known (1,146 Belgian and 4,086 Dutch).
    pub fn len(self) -> usize {
        data::COUNT
    }

    /// Never empty; here for API completeness.
    pub fn is_empty(self) -> bool {
        data::COUNT == 0
    }

    /// Number of postcodes known in one country.
    pub fn count(self, country: Country) -> usize {
        match country {
            Country::Be => data::COUNT_BE,
            Country::Nl => data::COUNT - data::COUNT_BE,
        }
    }

    fn position(self, postcode: Postcode) -> Option<usize> {
        let (bitmap, base) = match postcode.country {
            Country::Be => (&data::BITMAP_BE, 0),
            Country::Nl => (&data::BITMAP_NL, data::COUNT_BE),
        };
        let bit = usize::from(postcode.code.checked_sub(1000)?);
        let word = *bitmap.get(bit / 64)?;
        if word & (1 << (bit % 64)) == 0 {
            return None;
        }
        let before: u32 = bitmap[..bit / 64].iter().map(|w| w.count_ones()).sum();
        let within = (word & ((1u64 << (bit % 64)) - 1)).count_ones();
        Some(base + (before + within) as usize)
    }

    fn postcode_at(self, i: usize) -> Postcode {
        let (country, bitmap, mut rank) =
            if i < data::COUNT_BE { (Country::Be, &data::BITMAP_BE, i) } else { (Country::Nl, &data::BITMAP_NL, i - data::COUNT_BE) };
        for (w, word) in bitmap.iter().enumerate() {
            let ones = word.count_ones() as usize;
            if rank < ones {
                let mut word = *word;
                for _ in 0..rank {
                    word &= word - 1;
                }
                let code = 1000 + w * 64 + word.trailing_zeros() as usize;
                return Postcode { country, code: code as u16 };
            }
            rank -= ones;
        }
        unreachable!("position {i} is within the table")
    }

    /// Every position with its postcode, in table order, walking the bitmaps once.
    fn positions(self) -> impl Iterator<Item = (usize, Postcode)> {
        let codes = |country: Country, bitmap: &'static [u64; 141]| {
            bitmap.iter().enumerate().flat_map(move |(w, &word)| {
                (0..64).filter(move |b| word & (1u64 << b) != 0).map(move |b| Postcode { country, code: (1000 + w * 64 + b) as u16 })
            })
        };
        codes(Country::Be, &data::BITMAP_BE).chain(codes(Country::Nl, &data::BITMAP_NL)).enumerate()
    }

    fn name(self, n: usize) -> &'static str {
        let starts = &expanded().name_starts;
        &data::NAME_TEXT[starts[n] as usize..starts[n + 1] as usize - 1]
    }

    fn name_count(self) -> usize {
        expanded().name_starts.len() - 1
    }

    /// The name at `position` in alphabetical (folded) order.
    fn name_ranked(self, position: usize) -> usize {
        usize::from(name_order().sorted[position])
    }

    fn name_refs(self, i: usize) -> impl Iterator<Item = usize> {
        let t = expanded();
        t.refs[t.ref_starts[i] as usize..t.ref_starts[i + 1] as usize].iter().map(|&n| usize::from(n))
    }

    fn place_at(self, i: usize, name: Option<usize>) -> Place {
        self.place_of(i, self.postcode_at(i), name)
    }

    fn place_of(self, i: usize, postcode: Postcode, name: Option<usize>) -> Place {
        let [lat_min, _, lon_min, _] = data::BOX;
        let first = self.name_refs(i).next().unwrap_or(0);
        Place {
            postcode,
            name: self.name(name.unwrap_or(first)),
            lat: coordinate(expanded().lat[i], lat_min),
            lon: coordinate(expanded().lon[i], lon_min),
            region: data::REGIONS[usize::from(data::REGION[i])],
        }
    }

    /// The place of a postcode.
    pub fn get(self, postcode: Postcode) -> Place {
        let i = self.position(postcode).expect("a Postcode exists by construction");
        self.place_at(i, None)
    }

    /// Every postcode area, Belgian first, in postcode order.
    pub fn places(self) -> impl Iterator<Item = Place> {
        self.positions().map(move |(i, postcode)| self.place_of(i, postcode, None))
    }

    /// Alphabetical positions (see [`Gazetteer::name_ranked`]) of the names whose folded form
    /// starts with folded `prefix`.
    fn names_with_prefix(self, prefix: &str) -> core::ops::Range<usize> {
        let name = |position| self.name(self.name_ranked(position));
        let start = partition(self.name_count(), |position| folded(name(position)).lt(folded(prefix)));
        let end = start + partition(self.name_count() - start, |k| starts_with_folded(name(start + k), prefix));
        start..end
    }

    /// Postcode positions carrying name `n`, in table order.
    fn postcodes_named(self, n: usize) -> impl Iterator<Item = usize> {
        (0..data::COUNT).filter(move |&i| self.name_refs(i).any(|r| r == n))
    }

    /// Chooses among the positions carrying name `n`: the preferred country, then a postcode where
    /// the name is the first (main) name, then the lowest code.
    fn best_for_name(self, n: usize, prefer: Country) -> Option<usize> {
        self.postcodes_named(n).min_by_key(|&i| (self.postcode_at(i).country != prefer, self.name_refs(i).next() != Some(n), i))
    }

    /// Resolves what someone typed into one place; see the module docs for the accepted forms.
    pub fn resolve(self, input: &str, prefer: Country) -> Result<Place, GazetteerError> {
        let parsed = parse_input(input)?;
        let Some(code) = parsed.code else {
            let key = fold(parsed.name);
            let exact = self.names_with_prefix(&key).map(|position| self.name_ranked(position)).find(|&n| fold(self.name(n)) == key);
            return exact
                .and_then(|n| self.best_for_name(n, prefer).map(|i| self.place_at(i, Some(n))))
                .ok_or_else(|| GazetteerError::UnknownPlace(parsed.name.trim().chars().take(60).collect()));
        };
        let candidates: Vec<usize> = match parsed.explicit_country {
            Some(c) => self.position(Postcode { country: c, code }).into_iter().collect(),
            None => [prefer, prefer.other()].into_iter().filter_map(|c| self.position(Postcode { country: c, code })).collect(),
        };
        let unknown = || {
            let shown = match parsed.explicit_country {
                Some(c) => format!("{}-{code}", c.code()),
                None => code.to_string(),
            };
            GazetteerError::UnknownPostcode(shown)
        };
        if candidates.is_empty() {
            return Err(unknown());
        }
        if !parsed.name.is_empty() {
            // `3000 Leuven`: a name that belongs to one of the candidates decides.
            let key = fold(parsed.name);
            for &i in &candidates {
                if let Some(n) = self.name_refs(i).find(|&n| fold(self.name(n)) == key) {
                    return Ok(self.place_at(i, Some(n)));
                }
            }
        }
        Ok(self.place_at(candidates[0], None))
    }

    /// Suggestions for a partly typed postcode or place name, preferred country first: postcodes
    /// starting with the typed digits, or places whose name starts with the typed letters.
    pub fn suggest(self, input: &str, prefer: Country, limit: usize) -> Vec<Place> {
        let s = input.trim();
        if s.is_empty() || limit == 0 {
            return Vec::new();
        }
        if s.bytes().all(|b| b.is_ascii_digit()) {
            if s.len() > 4 {
                return Vec::new();
            }
            let mut hits: Vec<(usize, Postcode)> = self.positions().filter(|(_, p)| p.code.to_string().starts_with(s)).collect();
            crate::order::sort_by_key(&mut hits, |&(i, p)| (p.country != prefer, i));
            return hits.into_iter().take(limit).map(|(i, p)| self.place_of(i, p, None)).collect();
        }
        if let Ok(place) = self.resolve(s, prefer) {
            if parse_input(s).map(|p| p.code.is_some()).unwrap_or(false) {
                return vec![place];
            }
        }
        // One pass over the table finds, for every name with this prefix, its best postcode:
        // the preferred country, then where it is the main name, then the lowest code.
        let range = self.names_with_prefix(s);
        let rank = &name_order().rank;
        // (other country, not the main name, position) and the postcode.
        type Best = ((bool, bool, usize), Postcode);
        let mut best: Vec<Option<Best>> = vec![None; range.len()];
        for (i, postcode) in self.positions() {
            for (k, n) in self.name_refs(i).enumerate() {
                let position = usize::from(rank[n]);
                if range.contains(&position) {
                    let key = (postcode.country != prefer, k != 0, i);
                    let slot = &mut best[position - range.start];
                    if slot.is_none_or(|(b, _)| key < b) {
                        *slot = Some((key, postcode));
                    }
                }
            }
        }
        // Exact names before longer ones, the preferred country first, then main municipalities
        // (round codes such as 3000 Leuven before 7xxx villages), then alphabetical.
        let key = fold(s);
        let roundness = |p: Postcode| [10, 100, 1000].iter().filter(|&&m| p.code % m == 0).count();
        let mut hits: Vec<(usize, usize, Postcode)> =
            best.into_iter().enumerate().filter_map(|(k, b)| b.map(|((_, _, i), p)| (range.start + k, i, p))).collect();
        crate::order::sort_by_key(&mut hits, |&(position, _, p)| {
            (fold(self.name(self.name_ranked(position))) != key, p.country != prefer, core::cmp::Reverse(roundness(p)), position)
        });
        hits.into_iter().take(limit).map(|(position, i, p)| self.place_of(i, p, Some(self.name_ranked(position)))).collect()
    }
}

/// Number of leading indices in `0..len` for which `pred` holds (pred must be monotone).
fn partition(len: usize, pred: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, len);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if pred(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reach::haversine_km;

    fn be(input: &str) -> Place {
        Gazetteer.resolve(input, Country::Be).unwrap_or_else(|e| panic!("{input}: {e}"))
    }

    #[test]
    fn compact_tables_expand_to_their_values() {
        assert_eq!(line_starts("ab\nc\n"), vec![0, 3, 5]);
        // Zigzag deltas 10, -4, +1000 of 10, 6, 1006.
        let z: [u16; 3] = [20, 7, 2000];
        let planes: Vec<u8> = (0..2).flat_map(|p| z.iter().map(move |v| (v >> (8 * p)) as u8)).collect();
        assert_eq!(coordinates(&planes), vec![10, 6, 1006]);
        // Postcode 1: new, new (last); postcode 2: one back (last); postcode 3: new, two back (last).
        assert_eq!(decode_refs(&[0, 1, 3, 0, 7]), (vec![0, 1, 1, 2, 0], vec![0, 2, 3, 5]));
        // Seventy new names, then 64 back (129 = 0x81 0x01 in LEB128), the last of the postcode.
        let (refs, starts) = decode_refs(&[[0; 70].as_slice(), &[0x81, 0x01]].concat());
        assert_eq!((refs[70], starts), (6, vec![0, 71]));
        let t = expanded();
        assert_eq!((t.lat.len(), t.lon.len(), t.ref_starts.len()), (Gazetteer.len(), Gazetteer.len(), Gazetteer.len() + 1));
        assert_eq!(*t.name_starts.last().unwrap() as usize, data::NAME_TEXT.len());
        assert_eq!(*t.ref_starts.last().unwrap() as usize, t.refs.len());
        let order = name_order();
        for w in order.sorted.windows(2) {
            let (a, b) = (Gazetteer.name(usize::from(w[0])), Gazetteer.name(usize::from(w[1])));
            assert!((fold(a), a) < (fold(b), b), "{a} before {b}");
        }
        assert!(order.sorted.iter().enumerate().all(|(position, &n)| usize::from(order.rank[usize::from(n)]) == position));
    }

    #[test]
    fn every_name_folds_as_with_unicode_lowercase() {
        for n in 0..Gazetteer.name_count() {
            let name = Gazetteer.name(n);
            assert_eq!(fold(name), fold(&name.to_lowercase()), "{name}");
        }
    }

    #[test]
    fn holds_every_postcode_of_both_countries() {
        assert_eq!(Gazetteer.count(Country::Be), 1146);
        assert_eq!(Gazetteer.count(Country::Nl), 4086);
        assert_eq!(Gazetteer.places().count(), 5232);
        for (i, place) in Gazetteer.places().enumerate() {
            assert_eq!(Gazetteer.position(place.postcode), Some(i));
        }
    }

    #[test]
    fn known_data_facts() {
        for code in ["1000", "3000", "3500", "9000", "2000"] {
            assert_eq!(be(code).postcode.country(), Country::Be, "{code}");
        }
        assert_eq!(be("3000").name, "Leuven");
        assert_eq!(be("1000").name, "Bruxelles");
        let (leuven, hasselt) = (be("3000"), be("3500"));
        let d = haversine_km(leuven.lat, leuven.lon, hasselt.lat, hasselt.lon);
        assert!((d - 43.8).abs() < 0.05, "Leuven-Hasselt is {d} km");
        assert_eq!((leuven.lat, leuven.lon), (50.88, 4.701), "the data's 50.8796, 4.7009 to 1e-3 degree");
    }

    #[test]
    fn accepts_what_people_type() {
        for input in
            ["3000", "3000 Leuven", " 3000 ", "B-3000", "BE-3000", "be 3000", "BE3000", "Leuven", "leuven", "LEUVEN", "3000 leuven"]
        {
            let p = be(input);
            assert_eq!((p.postcode.country(), p.postcode.number()), (Country::Be, 3000), "{input}");
        }
        for input in ["NL-1011", "1011 AB", "1011AB", "NL 1011"] {
            let p = be(input);
            assert_eq!((p.postcode.country(), p.postcode.number()), (Country::Nl, 1011), "{input}");
        }
        assert_eq!(be("Sint-Lambrechts-Herk").postcode.number(), 3500);
        assert_eq!(be("sint lambrechts herk").name, "Sint-Lambrechts-Herk");
        assert_eq!(be("Gent").postcode.number(), 9000);
        assert_eq!(be("liege").postcode.number(), 4000);
        assert_eq!(be("Liège").name, "Liège");
        assert_eq!(be("Brussel").postcode.number(), 1000);
        assert_eq!(be("Mechelen").postcode.number(), 2800);
        assert_eq!(be("Amsterdam").postcode.qualified(), "NL-1011");
    }

    #[test]
    fn ambiguous_codes_follow_the_country_setting() {
        let both = Gazetteer
            .places()
            .find(|p| p.postcode.country() == Country::Be && Postcode::new(Country::Nl, p.postcode.number()).is_ok())
            .expect("some code exists in both countries");
        let code = both.postcode.number().to_string();
        assert_eq!(Gazetteer.resolve(&code, Country::Be).unwrap().postcode.country(), Country::Be);
        assert_eq!(Gazetteer.resolve(&code, Country::Nl).unwrap().postcode.country(), Country::Nl);
        // A name that belongs to the other country's code decides over the setting.
        let nl = Gazetteer.get(Postcode::new(Country::Nl, both.postcode.number()).unwrap());
        let typed = format!("{code} {}", nl.name);
        assert_eq!(Gazetteer.resolve(&typed, Country::Be).unwrap().postcode.country(), Country::Nl);
    }

    #[test]
    fn unknown_and_malformed_input_say_so() {
        assert_eq!(Gazetteer.resolve("", Country::Be), Err(GazetteerError::Empty));
        assert_eq!(Gazetteer.resolve("   ", Country::Be), Err(GazetteerError::Empty));
        assert!(matches!(Gazetteer.resolve("BE-1001", Country::Be), Err(GazetteerError::UnknownPostcode(_))));
        assert!(matches!(Gazetteer.resolve("Atlantis", Country::Be), Err(GazetteerError::UnknownPlace(_))));
        for bad in ["300", "30000", "0999", "BE-", "B-Leuven"] {
            assert!(matches!(Gazetteer.resolve(bad, Country::Be), Err(GazetteerError::Malformed(_))), "{bad}");
        }
        let msg = Gazetteer.resolve("BE-1001", Country::Be).unwrap_err().to_string();
        assert!(msg.contains("BE-1001") && msg.contains("does not exist"), "{msg}");
    }

    #[test]
    fn suggestions_follow_the_typing() {
        let s = Gazetteer.suggest("300", Country::Be, 5);
        assert!(!s.is_empty() && s.iter().all(|p| p.postcode.number().to_string().starts_with("300")));
        assert_eq!(s[0].postcode.qualified(), "BE-3000");
        let s = Gazetteer.suggest("leu", Country::Be, 5);
        assert_eq!(s[0].name, "Leuven");
        let s = Gazetteer.suggest("sint-lamb", Country::Be, 10);
        assert!(s.iter().any(|p| p.name == "Sint-Lambrechts-Herk"));
        assert!(Gazetteer.suggest("zzzz", Country::Be, 5).is_empty());
        assert!(Gazetteer.suggest("gent", Country::Be, 5)[0].name == "Gent");
    }

    #[test]
    fn qualified_postcodes_parse_and_check_existence() {
        assert_eq!("BE-3000".parse::<Postcode>().unwrap().number(), 3000);
        assert!("BE-1001".parse::<Postcode>().is_err());
        assert!("FR-3000".parse::<Postcode>().is_err());
        assert!("3000".parse::<Postcode>().is_err());
    }
}
