//! The compact binary form of a set of profiles (`talentbrug-feed/2` tiles): a few small tables
//! (areas, occupations, ISCO groups, languages) and then one column per field, so values that
//! repeat (an area, a bitmask, an hours range) sit next to each other and compress to almost
//! nothing. Fields whose values take several bytes and repeat (reach, hours, start month, the
//! lists) are dictionary columns (`dict`). Ids numbered by row, as the publisher names them
//! (`<sequence>-<tile>-<row>`), are stored as their prefix and first number, and random hex ids as raw bytes (`ids`).
//! Decoding goes through the same checked constructors as the JSON feed, so a decoded
//! `Profile` is as valid as a parsed one, and hostile bytes give a [`TileError`], never a panic
//! or an allocation larger than the input.
//!
//! Values a tile cannot hold exactly are refused when encoding, not rounded silently: area
//! centroids must be multiples of 0.001 degree (as the publisher publishes them) and reach a
//! multiple of 0.1 km.
//!
//! What only a card shows (the pitch) is not in the tile: it sits in small detail chunks the
//! tile lists by SHA-256 ([`DetailRef`]), fetched for the profiles on screen.
//!
//! # Examples
//!
//! ```
//! use talentbrug_core::tile::{decode, decode_whole, encode};
//! use talentbrug_core::Profile;
//!
//! # let json = r#"{ "id": "heverlee-b", "area": { "postcode": "BE-3001", "label": "Heverlee", "lat": 50.864, "lon": 4.696 },
//! #     "reach_km": 10, "travel_modes": ["bike"], "occupations": ["040fcfa5-24be-43eb-afd5-828297175b16"],
//! #     "talents": ["packing"], "strengths": ["punctual"], "languages": [{ "lang": "nl", "level": "B1" }],
//! #     "hours": { "min": 20, "max": 30 }, "shifts": ["day"], "available_from": "2026-01",
//! #     "contract_forms": ["temp"], "job_coaching": true, "workplace_needs": ["quiet_workplace"],
//! #     "pitch": "Ik werk graag met mijn handen." }"#;
//! let profile: Profile = serde_json::from_str(json)?;
//! let encoded = encode(&[profile.clone(), profile.clone()])?;
//! assert!(encoded.tile.len() < json.len(), "{} bytes for two profiles", encoded.tile.len());
//! assert_eq!(encoded.details.len(), 1, "one detail chunk holds both pitches");
//! let listed = decode(&encoded.tile)?.details;
//! assert_eq!(encoded.detail_sha256, vec![listed[0].sha256], "its hash, as the tile lists it");
//! assert_eq!(decode_whole(&encoded.tile, &encoded.details)?, vec![profile.clone(), profile]);
//! assert_eq!(decode(&encoded.tile)?.profiles[0].pitch, None, "the search reads no pitch");
//!
//! // Damaged bytes are refused, with a reason.
//! assert!(decode(&encoded.tile[..encoded.tile.len() - 3]).is_err());
//! assert!(decode(b"not a tile").is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod details;
mod dict;
mod ids;
mod wire;

pub use details::{decode_details, DetailRef, CHUNK_ROWS, DETAIL_MAGIC, DETAIL_VERSION};

use crate::calendar::YearMonth;
use crate::gazetteer::Postcode;
use crate::profile::{
    Area, EscoId, Hours, IscoGroup, LanguageCode, LanguageSkill, Pitch, Profile, ProfileId, ReachKm, MAX_AREA_LABEL, MAX_LIST,
};
use crate::vocabulary::{Cefr, Code, CodeSet};
use wire::{Reader, Writer};

/// The first bytes of every tile.
pub const MAGIC: &[u8; 4] = b"TBT\x02";
/// The layout version this code writes (4 added ids numbered by row).
pub const VERSION: u8 = 4;
/// The oldest layout this code reads: layout 3 is layout 4 without numbered ids, and a network's
/// members do not all upgrade on one day.
pub const OLDEST_VERSION: u8 = 3;
/// Largest tile accepted, in bytes (the publisher aims for about 256 KB).
pub const MAX_TILE_BYTES: usize = 4 * 1024 * 1024;
/// Most profiles one tile may hold.
pub const MAX_TILE_PROFILES: usize = 65_536;

/// Why a tile could not be written or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TileError {
    /// Over [`MAX_TILE_BYTES`] or [`MAX_TILE_PROFILES`].
    #[error("the tile is too large ({0}); at most 4 MB and 65,536 profiles are accepted")]
    TooLarge(String),
    /// The bytes end in the middle of a value.
    #[error("the tile ends too early (truncated?)")]
    Truncated,
    /// The bytes do not start like a tile.
    #[error("this is not a Talentbrug tile")]
    NotATile,
    /// A layout version this code does not read.
    #[error("layout {0} is not supported; this version reads tile layouts 3 and 4 and detail layout 1")]
    UnsupportedVersion(u8),
    /// The bytes break the layout.
    #[error("the tile is damaged: {0}")]
    Corrupt(&'static str),
    /// A profile's value breaks a rule of the public profile.
    #[error("profile {row} of the tile: {message}")]
    Invalid {
        /// Position of the profile in the tile.
        row: usize,
        /// What is wrong.
        message: String,
    },
    /// A profile holds a value a tile cannot store exactly.
    #[error("profile `{id}` cannot be written to a tile: {message}")]
    NotEncodable {
        /// The profile's id.
        id: String,
        /// What is wrong.
        message: String,
    },
}

/// Distinct values in first-seen order, and each row's index into them.
struct Table<T> {
    values: Vec<T>,
}

impl<T: PartialEq + Clone> Table<T> {
    fn index(&mut self, value: &T) -> u64 {
        let at = self.values.iter().position(|v| v == value).unwrap_or_else(|| {
            self.values.push(value.clone());
            self.values.len() - 1
        });
        at as u64
    }
}

fn milli_degrees(id: &ProfileId, degrees: f64) -> Result<i64, TileError> {
    let q = (degrees * 1000.0).round();
    if q / 1000.0 != degrees {
        return Err(TileError::NotEncodable {
            id: id.to_string(),
            message: format!("area centroid {degrees} is not a multiple of 0.001 degree"),
        });
    }
    Ok(q as i64)
}

fn tenths_of_km(id: &ProfileId, reach: ReachKm) -> Result<u64, TileError> {
    let q = (reach.km() * 10.0).round();
    if q / 10.0 != reach.km() {
        return Err(TileError::NotEncodable {
            id: id.to_string(),
            message: format!("reach {} km is not a multiple of 0.1 km", reach.km()),
        });
    }
    Ok(q as u64)
}

/// A tile's bytes and its detail chunks, as [`encode`] writes them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncodedTile {
    /// What the search reads: published at `tiles/<sha256>.tb2`.
    pub tile: Vec<u8>,
    /// The detail chunks the tile lists, in row order: each published at `tiles/<sha256>.tbd`.
    pub details: Vec<Vec<u8>>,
    /// The SHA-256 of each of `details`, as the tile lists it: hashed once, when encoding.
    pub detail_sha256: Vec<crate::manifest::Sha256Hex>,
}

impl EncodedTile {
    /// Every file of this tile, with its path relative to the manifest, for a tile listed at
    /// `tile_path`: the tile itself, then its detail chunks next to it.
    pub fn files(&self, tile_path: &str) -> Vec<(String, &[u8])> {
        let dir = tile_path.rfind('/').map_or("", |at| &tile_path[..=at]);
        let chunks = self.details.iter().zip(&self.detail_sha256).map(|(d, sha256)| (format!("{dir}{sha256}.tbd"), d.as_slice()));
        std::iter::once((tile_path.to_owned(), self.tile.as_slice())).chain(chunks).collect()
    }
}

/// A tile's profiles (without pitches) and the detail chunks that hold their pitches.
#[derive(Clone, Debug, PartialEq)]
pub struct DecodedTile {
    /// The profiles, in row order, each with `pitch: None` until [`DecodedTile::fill`].
    pub profiles: Vec<Profile>,
    /// The detail chunks, in row order (none when no profile has a pitch).
    pub details: Vec<DetailRef>,
}

impl DecodedTile {
    /// Puts a chunk's pitches (from [`decode_details`] with `reference`) into their profiles.
    pub fn fill(&mut self, reference: &DetailRef, pitches: Vec<Option<Pitch>>) {
        for (profile, pitch) in self.profiles.iter_mut().skip(reference.first_row).zip(pitches) {
            profile.pitch = pitch;
        }
    }
}

/// Writes `profiles` as one tile and its detail chunks.
pub fn encode(profiles: &[Profile]) -> Result<EncodedTile, TileError> {
    if profiles.len() > MAX_TILE_PROFILES {
        return Err(TileError::TooLarge(format!("{} profiles", profiles.len())));
    }
    let (mut areas, mut occupations, mut groups, mut languages) =
        (Table { values: vec![] }, Table { values: vec![] }, Table { values: vec![] }, Table { values: vec![] });
    let mut w = Writer::default();
    let mut rows = Writer::default();
    let area_rows: Vec<u64> = profiles.iter().map(|p| areas.index(&p.area)).collect();
    let occupation_rows: Vec<Vec<u64>> = profiles.iter().map(|p| p.occupations.iter().map(|o| occupations.index(o)).collect()).collect();
    let group_rows: Vec<Vec<u64>> = profiles.iter().map(|p| p.occupation_groups.iter().map(|g| groups.index(g)).collect()).collect();
    let language_rows: Vec<Vec<(u64, u8)>> =
        profiles.iter().map(|p| p.languages.iter().map(|l| (languages.index(&l.lang), l.level.index() as u8)).collect()).collect();

    w.bytes.extend_from_slice(MAGIC);
    w.byte(VERSION);
    let details = details::encode_chunks(profiles);
    let detail_sha256: Vec<crate::manifest::Sha256Hex> = details.iter().map(|d| crate::manifest::Sha256Hex::of(d)).collect();
    details::write_refs(&mut w, &details, &detail_sha256);
    w.varint(areas.values.len() as u64);
    for p in profiles {
        milli_degrees(&p.id, p.area.lat)?;
        milli_degrees(&p.id, p.area.lon)?;
    }
    let (mut lat, mut lon) = (0, 0);
    for area in &areas.values {
        // Exact: checked above for every profile's area.
        let (a_lat, a_lon) = ((area.lat * 1000.0).round() as i64, (area.lon * 1000.0).round() as i64);
        w.text(&area.postcode.qualified());
        w.text(&area.label);
        w.signed(a_lat - lat);
        w.signed(a_lon - lon);
        (lat, lon) = (a_lat, a_lon);
    }
    w.varint(occupations.values.len() as u64);
    for o in &occupations.values {
        w.bytes.extend_from_slice(o.as_bytes());
    }
    w.varint(groups.values.len() as u64);
    for g in &groups.values {
        w.text(g.as_str());
    }
    w.varint(languages.values.len() as u64);
    for l in &languages.values {
        w.bytes.extend_from_slice(l.as_str().as_bytes());
    }

    rows.varint(profiles.len() as u64);
    area_rows.iter().for_each(|&a| rows.varint(a));
    let reach = profiles.iter().map(|p| tenths_of_km(&p.id, p.reach_km)).collect::<Result<Vec<u64>, _>>()?;
    dict::write(&mut rows, &reach, |w, &v| w.varint(v));
    type Bits = fn(&Profile) -> u64;
    let columns: [Bits; 6] = [
        |p| p.travel_modes.bits(),
        |p| p.talents.bits(),
        |p| p.strengths.bits(),
        |p| p.shifts.bits(),
        |p| p.contract_forms.bits(),
        |p| p.workplace_needs.bits(),
    ];
    for column in columns {
        profiles.iter().for_each(|p| rows.varint(column(p)));
    }
    let hours: Vec<(u8, u8)> = profiles.iter().map(|p| (p.hours.min(), p.hours.max())).collect();
    dict::write(&mut rows, &hours, |w, &(min, max)| {
        w.byte(min);
        w.byte(max);
    });
    let months: Vec<u32> = profiles.iter().map(|p| p.available_from.ordinal()).collect();
    dict::write(&mut rows, &months, |w, &m| w.varint(u64::from(m)));
    profiles.iter().for_each(|p| rows.byte(u8::from(p.job_coaching)));
    for list in [&occupation_rows, &group_rows] {
        dict::write(&mut rows, list, |w, list| {
            w.varint(list.len() as u64);
            list.iter().for_each(|&i| w.varint(i));
        });
    }
    dict::write(&mut rows, &language_rows, |w, list| {
        w.varint(list.len() as u64);
        for &(i, level) in list {
            w.varint(i);
            w.byte(level);
        }
    });
    ids::write(&mut rows, &profiles.iter().map(|p| p.id.as_str()).collect::<Vec<_>>());
    w.bytes.extend_from_slice(&rows.bytes);
    if w.bytes.len() > MAX_TILE_BYTES {
        return Err(TileError::TooLarge(format!("{} bytes", w.bytes.len())));
    }
    Ok(EncodedTile { tile: w.bytes, details, detail_sha256 })
}

/// The tables at the head of a tile.
struct Tables {
    areas: Vec<Area>,
    occupations: Vec<EscoId>,
    groups: Vec<IscoGroup>,
    languages: Vec<LanguageCode>,
}

fn corrupt(what: &'static str) -> TileError {
    TileError::Corrupt(what)
}

fn read_tables(r: &mut Reader<'_>) -> Result<Tables, TileError> {
    let n = r.count(MAX_TILE_PROFILES)?;
    let mut areas = Vec::with_capacity(n);
    let (mut lat, mut lon) = (0i64, 0i64);
    for _ in 0..n {
        let postcode: Postcode = r.text(8)?.parse().map_err(|_| corrupt("an area has no valid postcode"))?;
        let label = r.text(MAX_AREA_LABEL * 4)?.to_owned();
        lat = lat.checked_add(r.signed()?).ok_or(corrupt("an area centroid overflows"))?;
        lon = lon.checked_add(r.signed()?).ok_or(corrupt("an area centroid overflows"))?;
        let area = Area::new(postcode, label, lat as f64 / 1000.0, lon as f64 / 1000.0).map_err(|_| corrupt("an area is invalid"))?;
        areas.push(area);
    }
    let n = r.count(MAX_TILE_PROFILES)?;
    let mut occupations = Vec::with_capacity(n);
    for _ in 0..n {
        let bytes: [u8; 16] = r.take(16)?.try_into().map_err(|_| TileError::Truncated)?;
        occupations.push(EscoId::from_bytes(bytes));
    }
    let n = r.count(MAX_TILE_PROFILES)?;
    let mut groups = Vec::with_capacity(n);
    for _ in 0..n {
        groups.push(r.text(4)?.parse().map_err(|_| corrupt("an ISCO group is invalid"))?);
    }
    let n = r.count(MAX_TILE_PROFILES)?;
    let mut languages = Vec::with_capacity(n);
    for _ in 0..n {
        let code = core::str::from_utf8(r.take(2)?).map_err(|_| corrupt("a language code is not text"))?;
        let lang: LanguageCode = code.parse().map_err(|_| corrupt("a language code is invalid"))?;
        if lang.as_str() != code {
            return Err(corrupt("a language code is not lower case"));
        }
        languages.push(lang);
    }
    Ok(Tables { areas, occupations, groups, languages })
}

/// `n` values of one column.
fn column<'a, T>(r: &mut Reader<'a>, n: usize, mut read: impl FnMut(&mut Reader<'a>) -> Result<T, TileError>) -> Result<Vec<T>, TileError> {
    let mut out = Vec::with_capacity(n.min(r.left()));
    for _ in 0..n {
        out.push(read(r)?);
    }
    Ok(out)
}

fn code_set<T: Code>(bits: u64) -> Result<CodeSet<T>, TileError> {
    let set = CodeSet::<T>::from_bits(bits);
    if set.bits() != bits {
        return Err(corrupt("a set has a code outside its vocabulary"));
    }
    Ok(set)
}

/// A list column: a dictionary of lists, each a count (at most [`MAX_LIST`]) and that many
/// indices into `table`.
fn list_column<'a, T: Copy + PartialEq>(r: &mut Reader<'a>, n: usize, table: &[T]) -> Result<Vec<Vec<T>>, TileError> {
    dict::read(r, n, |r| {
        let len = r.count(MAX_LIST)?;
        let mut items: Vec<T> = Vec::with_capacity(len);
        for _ in 0..len {
            let item = *table.get(r.varint()? as usize).ok_or(corrupt("an index points outside its table"))?;
            if items.contains(&item) {
                return Err(corrupt("an item is listed twice"));
            }
            items.push(item);
        }
        Ok(items)
    })
}

/// Reads a tile and its detail chunks (in row order, as [`encode`] wrote them) as whole profiles.
pub fn decode_whole(tile: &[u8], details: &[Vec<u8>]) -> Result<Vec<Profile>, TileError> {
    let mut decoded = decode(tile)?;
    if details.len() != decoded.details.len() {
        return Err(TileError::Corrupt("another number of detail chunks than the tile lists"));
    }
    for (reference, bytes) in decoded.details.clone().iter().zip(details) {
        let pitches = decode_details(reference, bytes)?;
        decoded.fill(reference, pitches);
    }
    Ok(decoded.profiles)
}

/// Reads a tile's profiles (without pitches) and the list of its detail chunks.
pub fn decode(bytes: &[u8]) -> Result<DecodedTile, TileError> {
    if bytes.len() > MAX_TILE_BYTES {
        return Err(TileError::TooLarge(format!("{} bytes", bytes.len())));
    }
    let mut r = Reader::new(bytes);
    if r.take(4).map_err(|_| TileError::NotATile)? != MAGIC {
        return Err(TileError::NotATile);
    }
    match r.byte()? {
        OLDEST_VERSION..=VERSION => {}
        other => return Err(TileError::UnsupportedVersion(other)),
    }
    let (chunk_rows, mut details) = details::read_refs(&mut r)?;
    let tables = read_tables(&mut r)?;
    let n = r.count(MAX_TILE_PROFILES)?;
    details::fit_refs(&mut details, chunk_rows, n)?;
    let area = column(&mut r, n, |r| tables.areas.get(r.varint()? as usize).cloned().ok_or(corrupt("an area index is outside the table")))?;
    let reach = dict::read(&mut r, n, |r| ReachKm::new(r.varint()? as f64 / 10.0).map_err(|_| corrupt("a reach is out of range")))?;
    let mut bits = [(); 6].map(|_| Vec::new());
    for col in &mut bits {
        *col = column(&mut r, n, Reader::varint)?;
    }
    let hours = dict::read(&mut r, n, |r| {
        let (min, max) = (r.byte()?, r.byte()?);
        Hours::new(min, max).map_err(|_| corrupt("an hours range is invalid"))
    })?;
    let available = dict::read(&mut r, n, |r| {
        u32::try_from(r.varint()?).ok().and_then(|o| YearMonth::new(o / 12, o % 12 + 1)).ok_or(corrupt("a start month is out of range"))
    })?;
    let coaching = column(&mut r, n, |r| match r.byte()? {
        0 => Ok(false),
        1 => Ok(true),
        _ => Err(corrupt("job coaching is neither yes nor no")),
    })?;
    let occupations = list_column(&mut r, n, &tables.occupations)?;
    let groups = list_column(&mut r, n, &tables.groups)?;
    let languages = dict::read(&mut r, n, |r| {
        let len = r.count(MAX_LIST)?;
        let mut skills: Vec<LanguageSkill> = Vec::with_capacity(len);
        for _ in 0..len {
            let lang = *tables.languages.get(r.varint()? as usize).ok_or(corrupt("a language index is outside the table"))?;
            let level = *Cefr::ALL.get(usize::from(r.byte()?)).ok_or(corrupt("a language level is unknown"))?;
            if skills.iter().any(|s| s.lang == lang) {
                return Err(corrupt("a language is listed twice"));
            }
            skills.push(LanguageSkill { lang, level });
        }
        Ok(skills)
    })?;
    let ids = ids::read(&mut r, n)?;
    if r.left() != 0 {
        return Err(corrupt("there are bytes after the last column"));
    }

    let mut profiles = Vec::with_capacity(n);
    let rows = area.into_iter().zip(reach).zip(available).zip(coaching).zip(occupations).zip(groups).zip(languages).zip(ids);
    for (row, (((((((area, reach_km), available_from), job_coaching), occupations), occupation_groups), languages), id)) in rows.enumerate()
    {
        let invalid = |message: String| TileError::Invalid { row, message };
        let id: ProfileId = id.parse().map_err(|e: crate::profile::InvalidValue| invalid(e.0))?;
        profiles.push(Profile {
            id,
            area,
            reach_km,
            travel_modes: code_set(bits[0][row])?,
            occupations,
            occupation_groups,
            talents: code_set(bits[1][row])?,
            strengths: code_set(bits[2][row])?,
            languages,
            hours: hours[row],
            shifts: code_set(bits[3][row])?,
            available_from,
            contract_forms: code_set(bits[4][row])?,
            job_coaching,
            workplace_needs: code_set(bits[5][row])?,
            pitch: None,
        });
    }
    Ok(DecodedTile { profiles, details })
}
