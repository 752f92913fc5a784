//! The columnar in-memory form of a feed, built once per feed so every search is a scan over
//! tight arrays with no trigonometry, no allocation per profile and no `Profile` read per match.
//!
//! Invariants: row `i` of `near` and `rows` is the same profile (`by_row[i]` is its position in
//! the feed). Rows are grouped in latitude strips of `STRIP_DEG` and ordered by longitude within
//! a strip, so a search scans, in each strip its radius reaches, only the longitude range its
//! radius allows: a box around the employer, not a band around the globe. `near` holds what the dot-product test reads for every row of the band
//! (unit vector, `cos(reach_km / R)`: 32 bytes); `rows` holds what a candidate that passes it is
//! filtered, measured and scored on, in one place (one or two cache lines per candidate instead
//! of a random read into the profiles). Vocabulary sets are bitmasks.
//!
//! # Examples
//!
//! ```
//! use talentbrug_core::FeedIndex;
//!
//! # let feed = r#"{
//! #   "format": "talentbrug-feed/1",
//! #   "publisher": { "name": "Werkpunt Leuven", "contact": "jobs@werkpunt.example",
//! #                  "request_url": "/api/requests", "privacy_url": "/privacy.html" },
//! #   "issued_at": "2026-01-01T00:00:00Z", "expires_at": "2026-02-01T00:00:00Z", "sequence": 7,
//! #   "occupations": { "040fcfa5-24be-43eb-afd5-828297175b16": { "label": "magazijnmedewerker kleding" } },
//! #   "profiles": [ { "id": "heverlee-b", "area": { "postcode": "BE-3001", "label": "Heverlee", "lat": 50.864, "lon": 4.696 },
//! #     "reach_km": 10, "travel_modes": ["bike"], "occupations": ["040fcfa5-24be-43eb-afd5-828297175b16"],
//! #     "talents": ["packing"], "strengths": ["punctual"], "languages": [{ "lang": "nl", "level": "B1" }],
//! #     "hours": { "min": 20, "max": 30 }, "shifts": ["day"], "available_from": "2026-01",
//! #     "contract_forms": ["temp"], "job_coaching": true, "workplace_needs": ["quiet_workplace"] } ]
//! # }"#;
//! let index = FeedIndex::parse(feed.as_bytes())?;
//! assert_eq!(index.len(), 1);
//! assert_eq!(index.publisher().name, "Werkpunt Leuven");
//! assert_eq!(index.profile("heverlee-b").map(|p| p.area.label.as_str()), Some("Heverlee"));
//! let hits = index.search_occupations("magazijn", 5);
//! assert_eq!(hits[0].1.label, "magazijnmedewerker kleding");
//! # Ok::<(), talentbrug_core::FeedError>(())
//! ```

use crate::feed::{Feed, Publisher};
use crate::occupation::{OccupationGroup, OccupationLabels};
use crate::profile::{EscoId, IscoGroup, Profile};
use crate::reach::{cos_threshold, UnitVector};

/// Height of a latitude strip in degrees (about 5.5 km): small enough that a 10 km search scans
/// a few strips, large enough that a 200 km search still does only about 70 pairs of binary searches.
pub(crate) const STRIP_DEG: f64 = 0.05;

/// The strip of a latitude. Monotone in `lat`, so the strips of a latitude range are a range.
pub(crate) fn strip_of(lat: f64) -> i32 {
    (lat / STRIP_DEG).floor() as i32
}

/// A profile id's place in tie order ([`crate::tie::tie_order`]) as one number: its
/// [`crate::tie::tie_key`], then its first 12 bytes, zero-padded, big-endian (ids hold no zero
/// byte, so a shorter id that is the start of a longer one orders first either way). Ids of
/// different keys order as their keys do, so the sort compares whole ids only on a tie.
fn id_key(id: &str) -> u128 {
    let mut bytes = [0u8; 16];
    bytes[..4].copy_from_slice(&crate::tie::tie_key(id).to_be_bytes());
    let len = id.len().min(12);
    bytes[4..4 + len].copy_from_slice(&id.as_bytes()[..len]);
    u128::from_be_bytes(bytes)
}

/// The positions of `profiles` in tie order ([`crate::tie::tie_order`]), and the first position
/// whose id was used before it (see [`crate::feed::first_repeat`]). The sort compares keys read
/// once per profile, in one array ([`id_key`]), rather than the ids through a pointer each: most
/// of an 80,000-profile index's time was its sorts. Only ids of one key (equal ids, or ids that
/// share their hash and first 12 bytes) are read again: ordered by the rest, and compared for
/// repeats.
fn id_order(profiles: &[Profile]) -> (Vec<u32>, Option<usize>) {
    let prefixes: Vec<u128> = profiles.iter().map(|p| id_key(p.id.as_str())).collect();
    let mut by_id = crate::order::positions_by_key(prefixes.iter().copied());
    let id = |i: u32| &profiles[i as usize].id;
    let mut repeat: Option<usize> = None;
    let mut start = 0;
    while start < by_id.len() {
        let prefix = prefixes[by_id[start] as usize];
        let len = by_id[start..].iter().take_while(|&&i| prefixes[i as usize] == prefix).count();
        if len > 1 {
            let run = &mut by_id[start..start + len];
            crate::order::sort_positions(run, &|a, b| id(a).cmp(id(b)));
            if let Some(at) = crate::feed::first_repeat(run, |a, b| id(a) == id(b)) {
                repeat = Some(repeat.map_or(at, |r| r.min(at)));
            }
        }
        start += len;
    }
    (by_id, repeat)
}

/// A row's place in the index as one number: its strip, then its longitude in `f64::total_cmp`
/// order (the standard library's own bit trick), so rows sort by strip and longitude.
fn place_key(lat: f64, lon: f64) -> u128 {
    let strip = (strip_of(lat) as u32) ^ (1 << 31);
    let bits = lon.to_bits() as i64;
    let lon = ((bits ^ (((bits >> 63) as u64) >> 1) as i64) as u64) ^ (1 << 63);
    (u128::from(strip) << 64) | u128::from(lon)
}

/// What the dot-product test reads for each row of the latitude band.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Near {
    /// The area's unit vector.
    pub(crate) unit: UnitVector,
    /// `cos(reach_km / R)`: the dot product above which the person can travel that far.
    pub(crate) cos_reach: f64,
}

/// What the search checks, measures and scores a candidate on; copied from its `Profile`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Row {
    /// The area's latitude in degrees.
    pub(crate) lat: f64,
    /// The area's longitude in degrees (rows of a strip are sorted by it).
    pub(crate) lon: f64,
    /// How far the person travels, in km.
    pub(crate) reach_km: f64,
    /// Talent bitmask.
    pub(crate) talents: u64,
    /// Strength bitmask.
    pub(crate) strengths: u64,
    /// Workplace-need bitmask.
    pub(crate) needs: u64,
    /// Accepted contract forms, bitmask.
    pub(crate) contracts: u64,
    /// Shifts the person can work, bitmask.
    pub(crate) shifts: u64,
    /// Weekly hours, inclusive range.
    pub(crate) hours: (u8, u8),
    /// First month the person can start, as [`crate::calendar::YearMonth::ordinal`].
    pub(crate) available: u32,
    /// The position of the profile's id among all ids of the feed in tie order
    /// ([`crate::tie::tie_order`]): ties in score and distance are broken by it, without reading
    /// the ids.
    pub(crate) id_rank: u32,
    /// The languages and levels, [`language_key`] each, 0 after the last; all [`MANY_LANGUAGES`]
    /// when the profile lists more than fit: then the search reads them from the profile.
    pub(crate) languages: [u16; ROW_LANGUAGES],
}

/// Most languages a [`Row`] holds (most profiles list one to three).
pub(crate) const ROW_LANGUAGES: usize = 4;

/// The [`Row::languages`] of a profile that lists more than [`ROW_LANGUAGES`].
pub(crate) const MANY_LANGUAGES: u16 = u16::MAX;

/// A language and a level in 16 bits, never 0: the language's ordinal (below 676), then the
/// level's position (A1 0 to native 6) in 3 bits, plus one.
pub(crate) fn language_key(lang: crate::profile::LanguageCode, level: crate::vocabulary::Cefr) -> u16 {
    use crate::vocabulary::Code;
    ((lang.ordinal() << 3) | level.index() as u16) + 1
}

/// The [`Row::languages`] of a list of languages.
fn row_languages(languages: &[crate::profile::LanguageSkill]) -> [u16; ROW_LANGUAGES] {
    if languages.len() > ROW_LANGUAGES {
        return [MANY_LANGUAGES; ROW_LANGUAGES];
    }
    let mut keys = [0; ROW_LANGUAGES];
    for (key, skill) in keys.iter_mut().zip(languages) {
        *key = language_key(skill.lang, skill.level);
    }
    keys
}

/// A feed ready to search.
#[derive(Clone, Debug)]
pub struct FeedIndex {
    pub(crate) feed: Feed,
    /// Row `i` is the profile at position `by_row[i]` of `feed.profiles`.
    pub(crate) by_row: Vec<u32>,
    pub(crate) near: Vec<Near>,
    pub(crate) rows: Vec<Row>,
    /// The non-empty strips in order: their number ([`strip_of`]) and first row.
    pub(crate) strips: Vec<(i32, u32)>,
    /// Largest reach in the feed, which bounds the box of any search.
    pub(crate) max_reach_km: f64,
}

impl FeedIndex {
    /// Builds the index; the feed has been parsed and checked already.
    pub fn new(feed: Feed) -> FeedIndex {
        let (by_id, _) = id_order(&feed.profiles);
        FeedIndex::assemble(feed, by_id)
    }

    /// Checks the profiles across the feed (at most [`crate::feed::MAX_PROFILES`], no id twice,
    /// a label for every occupation and group) and builds the index, sorting the ids once for
    /// both: what a reader of feed v2 needs after decoding tiles, whose profiles are each
    /// checked already and whose manifest's head (publisher, labels, dates) is checked when it
    /// is parsed ([`crate::manifest::Manifest::parse`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use talentbrug_core::{Feed, FeedError, FeedIndex};
    ///
    /// # let json = r#"{
    /// #   "format": "talentbrug-feed/1",
    /// #   "publisher": { "name": "Werkpunt Leuven", "contact": "jobs@werkpunt.example",
    /// #                  "request_url": "/api/requests", "privacy_url": "/privacy.html" },
    /// #   "issued_at": "2026-01-01T00:00:00Z", "expires_at": "2026-02-01T00:00:00Z", "sequence": 7,
    /// #   "occupations": { "040fcfa5-24be-43eb-afd5-828297175b16": { "label": "magazijnmedewerker kleding" } },
    /// #   "profiles": [ { "id": "heverlee-b", "area": { "postcode": "BE-3001", "label": "Heverlee", "lat": 50.864, "lon": 4.696 },
    /// #     "reach_km": 10, "travel_modes": ["bike"], "occupations": ["040fcfa5-24be-43eb-afd5-828297175b16"],
    /// #     "talents": ["packing"], "strengths": ["punctual"], "languages": [{ "lang": "nl", "level": "B1" }],
    /// #     "hours": { "min": 20, "max": 30 }, "shifts": ["day"], "available_from": "2026-01",
    /// #     "contract_forms": ["temp"], "job_coaching": true, "workplace_needs": ["quiet_workplace"] } ]
    /// # }"#;
    /// let mut feed = Feed::parse(json.as_bytes())?;
    /// let mut other = feed.profiles[0].clone();
    /// other.id = "kessel-lo-a".parse()?;
    /// feed.profiles.push(other);
    /// assert_eq!(FeedIndex::checked(feed.clone())?.len(), 2);
    ///
    /// // Tiles that each hold a valid profile may still repeat an id between them.
    /// let mut twice = feed;
    /// twice.profiles[1].id = twice.profiles[0].id.clone();
    /// assert!(matches!(FeedIndex::checked(twice), Err(FeedError::DuplicateId { index: 1, .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn checked(feed: Feed) -> Result<FeedIndex, crate::feed::FeedError> {
        feed.check_size()?;
        let (by_id, first_repeat) = id_order(&feed.profiles);
        feed.check_profiles(first_repeat)?;
        Ok(FeedIndex::assemble(feed, by_id))
    }

    /// The index of `feed`, whose profiles' positions in id order are `by_id`.
    fn assemble(mut feed: Feed, by_id: Vec<u32>) -> FeedIndex {
        // The profiles are read into columns, then put back: the rest of the feed is moved, not copied.
        let profiles = core::mem::take(&mut feed.profiles);
        let mut id_rank = vec![0u32; profiles.len()];
        for (rank, &i) in by_id.iter().enumerate() {
            id_rank[i as usize] = rank as u32;
        }
        drop(by_id);
        let by_row = crate::order::positions_by_key(profiles.iter().map(|p| place_key(p.area.lat, p.area.lon)));
        let mut near = Vec::with_capacity(profiles.len());
        let mut rows = Vec::with_capacity(profiles.len());
        let mut strips: Vec<(i32, u32)> = Vec::new();
        let mut max_reach_km: f64 = 0.0;
        for (row, &i) in by_row.iter().enumerate() {
            let p = &profiles[i as usize];
            let strip = strip_of(p.area.lat);
            if strips.last().is_none_or(|&(last, _)| last != strip) {
                strips.push((strip, row as u32));
            }
            let reach_km = p.reach_km.km();
            max_reach_km = max_reach_km.max(reach_km);
            near.push(Near { unit: UnitVector::from_degrees(p.area.lat, p.area.lon), cos_reach: cos_threshold(reach_km) });
            rows.push(Row {
                lat: p.area.lat,
                lon: p.area.lon,
                reach_km,
                talents: p.talents.bits(),
                strengths: p.strengths.bits(),
                needs: p.workplace_needs.bits(),
                contracts: p.contract_forms.bits(),
                shifts: p.shifts.bits(),
                hours: (p.hours.min(), p.hours.max()),
                available: p.available_from.ordinal(),
                id_rank: id_rank[i as usize],
                languages: row_languages(&p.languages),
            });
        }
        feed.profiles = profiles;
        FeedIndex { feed, by_row, near, rows, strips, max_reach_km }
    }

    /// The rows of each strip from `lat_lo` to `lat_hi`, in order.
    pub(crate) fn strip_rows(&self, lat_lo: f64, lat_hi: f64) -> impl Iterator<Item = core::ops::Range<usize>> + '_ {
        let (lo, hi) = (strip_of(lat_lo), strip_of(lat_hi));
        let first = self.strips.partition_point(|&(s, _)| s < lo);
        let ends = self.strips.iter().skip(first + 1).map(|&(_, start)| start as usize).chain([self.rows.len()]);
        self.strips[first..].iter().take_while(move |&&(s, _)| s <= hi).zip(ends).map(|(&(_, start), end)| start as usize..end)
    }

    /// Parses, checks and indexes feed bytes (no signature check; see [`Feed::parse_signed`]).
    pub fn parse(bytes: &[u8]) -> Result<FeedIndex, crate::feed::FeedError> {
        Feed::parse(bytes).map(FeedIndex::new)
    }

    /// The feed this index was built from.
    pub fn feed(&self) -> &Feed {
        &self.feed
    }

    /// Who published the feed.
    pub fn publisher(&self) -> &Publisher {
        &self.feed.publisher
    }

    /// Number of profiles.
    pub fn len(&self) -> usize {
        self.feed.profiles.len()
    }

    /// Whether the feed has no profiles.
    pub fn is_empty(&self) -> bool {
        self.feed.profiles.is_empty()
    }

    /// The profiles, in feed order.
    pub fn profiles(&self) -> &[Profile] {
        &self.feed.profiles
    }

    /// Gives the profile at `position` (in feed order, as [`FeedIndex::profiles`] lists them) its
    /// pitch, and returns whether there is such a profile. The search never reads pitches, so the
    /// index stays as it is: a reader of feed v2 that indexed tiles first fills pitches in when
    /// their detail chunks arrive, without indexing again.
    ///
    /// # Examples
    ///
    /// ```
    /// use talentbrug_core::FeedIndex;
    ///
    /// # let feed = r#"{
    /// #   "format": "talentbrug-feed/1",
    /// #   "publisher": { "name": "Werkpunt Leuven", "contact": "jobs@werkpunt.example",
    /// #                  "request_url": "/api/requests", "privacy_url": "/privacy.html" },
    /// #   "issued_at": "2026-01-01T00:00:00Z", "expires_at": "2026-02-01T00:00:00Z", "sequence": 7,
    /// #   "occupations": { "040fcfa5-24be-43eb-afd5-828297175b16": { "label": "magazijnmedewerker kleding" } },
    /// #   "profiles": [ { "id": "heverlee-b", "area": { "postcode": "BE-3001", "label": "Heverlee", "lat": 50.864, "lon": 4.696 },
    /// #     "reach_km": 10, "travel_modes": ["bike"], "occupations": ["040fcfa5-24be-43eb-afd5-828297175b16"],
    /// #     "talents": ["packing"], "strengths": ["punctual"], "languages": [{ "lang": "nl", "level": "B1" }],
    /// #     "hours": { "min": 20, "max": 30 }, "shifts": ["day"], "available_from": "2026-01",
    /// #     "contract_forms": ["temp"], "job_coaching": true, "workplace_needs": ["quiet_workplace"] } ]
    /// # }"#;
    /// let mut index = FeedIndex::parse(feed.as_bytes())?;
    /// assert_eq!(index.profiles()[0].pitch, None);
    /// assert!(index.set_pitch(0, Some("Ik werk graag met mijn handen.".parse()?)));
    /// assert_eq!(index.profile("heverlee-b").and_then(|p| p.pitch.as_ref()).map(|p| p.as_str()), Some("Ik werk graag met mijn handen."));
    /// assert!(!index.set_pitch(1, None), "there is no second profile");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn set_pitch(&mut self, position: usize, pitch: Option<crate::profile::Pitch>) -> bool {
        match self.feed.profiles.get_mut(position) {
            Some(profile) => {
                profile.pitch = pitch;
                true
            }
            None => false,
        }
    }

    /// The profile with this id.
    pub fn profile(&self, id: &str) -> Option<&Profile> {
        self.feed.profiles.iter().find(|p| p.id.as_str() == id)
    }

    /// Labels of an occupation the feed mentions.
    pub fn occupation(&self, id: EscoId) -> Option<&OccupationLabels> {
        self.feed.occupations.get(&id)
    }

    /// Label and member occupations of an ISCO-08 group the feed mentions.
    pub fn occupation_group(&self, code: IscoGroup) -> Option<&OccupationGroup> {
        self.feed.occupation_groups.get(&code)
    }

    /// Every occupation the feed mentions, with labels, by id.
    pub fn occupations(&self) -> impl Iterator<Item = (EscoId, &OccupationLabels)> {
        self.feed.occupations.iter().map(|(id, l)| (*id, l))
    }

    /// Occupations of this feed whose labels in any language match what an employer typed, their
    /// own language `lang` first (see [`crate::occupation::find_occupations`]).
    pub fn find_occupations(&self, typed: &str, lang: crate::Lang) -> Vec<crate::occupation::OccupationMatch<'_>> {
        crate::occupation::find_occupations(self.occupations(), typed, lang)
    }

    /// Occupations of this feed whose labels match typed text (Dutch first), best first.
    pub fn search_occupations(&self, typed: &str, limit: usize) -> Vec<(EscoId, &OccupationLabels)> {
        crate::occupation::search_occupations(self.occupations(), typed, limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::tests::feed_json;
    use crate::profile::tests::sample_json;

    #[test]
    fn rows_copy_their_profile_and_rank_ids_in_tie_order() {
        let index = FeedIndex::parse(feed_json(&[sample_json("c"), sample_json("a"), sample_json("b")]).as_bytes()).unwrap();
        assert_eq!((index.near.len(), index.rows.len(), index.by_row.len()), (3, 3, 3));
        for (row, &i) in index.rows.iter().zip(&index.by_row) {
            let p = &index.profiles()[i as usize];
            assert_eq!((row.lat, row.lon, row.reach_km), (p.area.lat, p.area.lon, p.reach_km.km()));
            assert_eq!((row.talents, row.strengths, row.needs), (p.talents.bits(), p.strengths.bits(), p.workplace_needs.bits()));
            let mut ids = ["a", "b", "c"];
            ids.sort_by(|a, b| crate::tie::tie_order(a, b));
            let rank = ids.iter().position(|id| *id == p.id.as_str()).unwrap();
            assert_eq!(row.id_rank as usize, rank);
        }
    }

    #[test]
    fn strips_hold_their_rows_in_longitude_order() {
        let at = |id: &str, lat: f64, lon: f64| {
            sample_json(id).replace("\"lat\":50.8796,\"lon\":4.7009", &format!("\"lat\":{lat},\"lon\":{lon}"))
        };
        let json = [at("a", 50.91, 4.9), at("b", 50.87, 4.6), at("c", 50.93, 4.5), at("d", 50.88, 4.7), at("e", 51.2, 4.4)];
        let index = FeedIndex::parse(feed_json(&json).as_bytes()).unwrap();
        let ids = |range: core::ops::Range<usize>| -> Vec<&str> {
            range.map(|r| index.profiles()[index.by_row[r] as usize].id.as_str()).collect()
        };
        let strips: Vec<Vec<&str>> = index.strip_rows(50.86, 51.0).map(ids).collect();
        assert_eq!(strips, [vec!["b", "d"], vec!["c", "a"]], "strips 1017 (50.85-50.90) and 1018 (50.90-50.95); e is in 1024");
    }

    proptest::proptest! {
        #[test]
        fn checked_finds_the_first_repeated_id_as_a_naive_scan_does(
            picks in proptest::collection::vec(0usize..6, 1..12),
        ) {
            // Ids of which some share their first 16 bytes, so both the sort of the prefixes and
            // the comparison of whole ids are exercised.
            let names = ["a", "b", "0123456789abcdefX", "0123456789abcdefY", "0123456789abcdef", "0123456789abcdefXZ"];
            let mut feed = Feed::parse(feed_json(&[sample_json("a")]).as_bytes()).unwrap();
            feed.profiles = picks.iter().map(|&p| serde_json::from_str(&sample_json(names[p])).unwrap()).collect();
            let naive = (1..picks.len()).find(|&i| picks[..i].contains(&picks[i]));
            match FeedIndex::checked(feed) {
                Ok(index) => {
                    proptest::prop_assert_eq!(naive, None);
                    let mut ranks: Vec<u32> = index.rows.iter().map(|r| r.id_rank).collect();
                    ranks.sort_unstable();
                    proptest::prop_assert_eq!(ranks, (0..picks.len() as u32).collect::<Vec<_>>());
                }
                Err(crate::feed::FeedError::DuplicateId { index, .. }) => proptest::prop_assert_eq!(Some(index), naive),
                Err(e) => proptest::prop_assert!(false, "{e}"),
            }
        }

        #[test]
        fn keys_order_as_the_fields_they_stand_for(
            a in "[A-Za-z0-9_-]{1,24}", b in "[A-Za-z0-9_-]{1,24}",
            places in proptest::array::uniform4(-90.0f64..90.0),
            same_strip: bool,
        ) {
            let by_key = id_key(&a).cmp(&id_key(&b)).then_with(|| a.cmp(&b));
            proptest::prop_assert_eq!(by_key, crate::tie::tie_order(&a, &b));
            let [lat_a, lon_a, lat_b, lon_b] = places;
            let lat_b = if same_strip { lat_a } else { lat_b };
            let (lon_a, lon_b) = (lon_a * 2.0, if lon_b > 80.0 { -0.0 } else { lon_b * 2.0 });
            let by_fields = strip_of(lat_a).cmp(&strip_of(lat_b)).then(lon_a.total_cmp(&lon_b));
            proptest::prop_assert_eq!(place_key(lat_a, lon_a).cmp(&place_key(lat_b, lon_b)), by_fields);
            proptest::prop_assert_eq!(place_key(lat_a, lon_a).cmp(&place_key(lat_a, lon_a)), core::cmp::Ordering::Equal);
        }
    }
}
