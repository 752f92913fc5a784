//! The employer's query and the search: reciprocal reach, hard filters, score, ranking.
//!
//! A profile matches when the haversine distance between the employer's postcode centroid and the
//! profile's area is strictly less than both the employer's radius and the person's reach, and
//! every hard filter given holds:
//! - occupations: the person wants at least one of them;
//! - contract forms: the person accepts at least one of them;
//! - hours: the ranges overlap, bounds inclusive (20-30 overlaps 30-38);
//! - shifts: the person can work every shift asked for;
//! - available by: the person can start in that month or earlier;
//! - languages: the person speaks every language asked for at least at the level asked.
//!
//! Talents, strengths and workplace needs are soft: they raise the score. Matches are ranked by
//! score (high first), then distance (near first), then id in tie order ([`crate::tie`]: a hash of the id, then the id), so the order is deterministic.
//!
//! The scan checks only the box (latitude strips, longitude range) the radius allows, compares unit-vector dot products
//! against `cos(d / R)` (no trigonometry per profile). A candidate inside that test is measured by
//! its chord ([`arc_km`], within a micrometre of the haversine, no trigonometry either); the exact
//! haversine decides whenever that micrometre could matter: a distance within it of the radius or
//! the reach, or of a rounding step of the score, and for every match that could rank among the
//! best returned. So results are exactly those of the haversine, which runs for few matches.
//! Candidates are filtered and scored from the index's rows (languages too, for a person who lists
//! up to four); a `Profile` is read only for the occupation filter when the query has one, for the
//! languages of a person who lists more, and for the best matches returned.
//!
//! # Examples
//!
//! From a postcode to ranked matches, with a hard filter and a soft wish:
//!
//! ```
//! use talentbrug_core::vocabulary::Talent;
//! use talentbrug_core::{search, Country, FeedIndex, Gazetteer, Hours, Query, RadiusKm, YearMonth};
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
//! let leuven = Gazetteer.resolve("3000", Country::Be)?;
//! let mut query = Query::new((&leuven).into(), RadiusKm::new(5.0)?, YearMonth::new(2026, 1).expect("a month"));
//! query.talents.insert(Talent::Packing);
//!
//! query.hours = Some(Hours::new(24, 32)?);
//! let result = search(&index, &query, 20);
//! assert_eq!(result.total, 1);
//! let best = &result.matches[0];
//! assert_eq!(best.profile.id.as_str(), "heverlee-b");
//! assert!(best.why.iter().any(|r| r.code() == "talents:1/1"));
//! assert!(best.distance_km() < 5.0);
//!
//! // Hours are a hard filter: 32-38 does not overlap 20-30.
//! query.hours = Some(Hours::new(32, 38)?);
//! assert_eq!(search(&index, &query, 20).total, 0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;

use crate::calendar::YearMonth;
use crate::explain::{Explanation, Reason};
use crate::gazetteer::Place;
use crate::index::{FeedIndex, Row, MANY_LANGUAGES};
use crate::order::smallest;
use crate::profile::{EscoId, Hours, InvalidValue, IscoGroup, LanguageSkill, Profile};
use crate::reach::{arc_km, cos_threshold, haversine_km, DistanceBand, UnitVector, ARC_KM_ERROR, EARTH_RADIUS_KM};
use crate::score::{nearness_points, ScoreInput, Scorer, NEARNESS_POINTS};
use crate::vocabulary::{Code, CodeSet, ContractForm, Shift, Strength, Talent, WorkplaceNeed};

/// Largest radius an employer can search, in km.
pub const MAX_RADIUS_KM: f64 = 200.0;
/// Default number of matches returned.
pub const DEFAULT_LIMIT: usize = 20;
/// Slack on the dot-product test, so rounding can only let a candidate through to the exact
/// haversine check and never drop one (about 4 mm at 10 km).
const DOT_SLACK: f64 = 1e-12;

/// The employer's search radius in km: `0 < km <= 200`.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct RadiusKm(f64);

impl RadiusKm {
    /// The radius, if `0 < km <= 200`.
    pub fn new(km: f64) -> Result<RadiusKm, InvalidValue> {
        if km.is_finite() && km > 0.0 && km <= MAX_RADIUS_KM {
            Ok(RadiusKm(km))
        } else {
            Err(InvalidValue(format!("the radius must be more than 0 and at most {MAX_RADIUS_KM} km, not {km}")))
        }
    }

    /// Kilometres.
    pub fn km(self) -> f64 {
        self.0
    }
}

/// Where the employer is: a centroid.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Origin {
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
}

impl From<&Place> for Origin {
    fn from(place: &Place) -> Origin {
        Origin { lat: place.lat, lon: place.lon }
    }
}

/// What an employer looks for. Empty filters do not filter.
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    /// The employer's location.
    pub origin: Origin,
    /// How far the employer looks.
    pub radius: RadiusKm,
    /// Any of these occupations (hard). A profile that shows only an occupation's ISCO-08 unit
    /// group (because the exact one would single the person out) matches too.
    pub occupations: Vec<EscoId>,
    /// Any of these ISCO-08 groups (hard, together with `occupations`): a profile matches
    /// with the group itself or an exact occupation in it.
    pub occupation_groups: Vec<IscoGroup>,
    /// Any of these contract forms (hard).
    pub contract_forms: CodeSet<ContractForm>,
    /// Overlapping weekly hours (hard).
    pub hours: Option<Hours>,
    /// All of these shifts (hard).
    pub shifts: CodeSet<Shift>,
    /// Can start by this month (hard).
    pub available_by: Option<YearMonth>,
    /// Each language at least at this level (hard).
    pub languages: Vec<LanguageSkill>,
    /// Wanted talents (soft).
    pub talents: CodeSet<Talent>,
    /// Wanted strengths (soft).
    pub strengths: CodeSet<Strength>,
    /// Workplace conditions the employer can offer (soft).
    pub offered: CodeSet<WorkplaceNeed>,
    /// The current month, for "available now"; passed in because the core has no clock.
    pub today: YearMonth,
}

impl Query {
    /// A query with no filters.
    pub fn new(origin: Origin, radius: RadiusKm, today: YearMonth) -> Query {
        Query {
            origin,
            radius,
            occupations: Vec::new(),
            occupation_groups: Vec::new(),
            contract_forms: CodeSet::new(),
            hours: None,
            shifts: CodeSet::new(),
            available_by: None,
            languages: Vec::new(),
            talents: CodeSet::new(),
            strengths: CodeSet::new(),
            offered: CodeSet::new(),
            today,
        }
    }
}

/// One matching profile with its rank data and reasons.
#[derive(Clone, Debug, PartialEq)]
pub struct Match<'a> {
    /// The profile.
    pub profile: &'a Profile,
    /// Score 0-100 (see [`crate::score`]).
    pub score: u32,
    /// How far, as a band.
    pub distance_band: DistanceBand,
    /// Why it matched.
    pub why: Explanation,
    /// Exact distance, for ranking only; never shown to employers.
    distance_km: f64,
}

impl Match<'_> {
    /// Exact distance between centroids. Only for ranking and tests; show the band instead.
    pub fn distance_km(&self) -> f64 {
        self.distance_km
    }
}

/// All matches of a search, best first, cut to the limit.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchResult<'a> {
    /// Number of matches before the limit.
    pub total: usize,
    /// The best `limit` matches.
    pub matches: Vec<Match<'a>>,
}

/// The query in the columnar form the scan compares against.
struct Compiled {
    unit: UnitVector,
    radius_km: f64,
    cos_radius: f64,
    lat_lo: f64,
    lat_hi: f64,
    lon_lo: f64,
    lon_hi: f64,
    contracts: u64,
    shifts: u64,
    hours: Option<(u8, u8)>,
    available_by: Option<u32>,
    /// Each language asked: its ordinal and the position of the least level, as the rows hold them.
    languages: Vec<(u16, u16)>,
    talents: u64,
    strengths: u64,
    offered: u64,
    today: u32,
    scorer: Scorer,
}

impl Compiled {
    fn new(index: &FeedIndex, q: &Query) -> Compiled {
        // No profile further than min(radius, largest reach) can match: that bounds the box.
        let angle = q.radius.km().min(index.max_reach_km) / EARTH_RADIUS_KM;
        let band_deg = angle.to_degrees() + 1e-6;
        // The widest longitude difference within that angle: asin(sin(angle) / cos(lat)), with a
        // margin; near a pole or across the date line, every longitude.
        let sin_lon = angle.sin() / q.origin.lat.to_radians().cos();
        let lon_deg = if sin_lon.is_finite() && sin_lon < 0.9 { sin_lon.asin().to_degrees() * (1.0 + 1e-9) + 1e-6 } else { f64::INFINITY };
        let (lon_lo, lon_hi) = if q.origin.lon - lon_deg < -180.0 || q.origin.lon + lon_deg > 180.0 {
            (f64::NEG_INFINITY, f64::INFINITY)
        } else {
            (q.origin.lon - lon_deg, q.origin.lon + lon_deg)
        };
        Compiled {
            unit: UnitVector::from_degrees(q.origin.lat, q.origin.lon),
            radius_km: q.radius.km(),
            cos_radius: cos_threshold(q.radius.km()),
            lat_lo: q.origin.lat - band_deg,
            lat_hi: q.origin.lat + band_deg,
            lon_lo,
            lon_hi,
            contracts: q.contract_forms.bits(),
            shifts: q.shifts.bits(),
            hours: q.hours.map(|h| (h.min(), h.max())),
            available_by: q.available_by.map(YearMonth::ordinal),
            languages: q.languages.iter().map(|want| (want.lang.ordinal(), want.level.index() as u16)).collect(),
            talents: q.talents.bits(),
            strengths: q.strengths.bits(),
            offered: q.offered.bits(),
            today: q.today.ordinal(),
            scorer: Scorer::new(q.talents.len(), q.strengths.len()),
        }
    }

    /// The hard filters that are columns: contract forms, shifts, hours, available by.
    #[inline]
    fn passes_columns(&self, row: &Row) -> bool {
        (self.contracts == 0 || row.contracts & self.contracts != 0)
            && row.shifts & self.shifts == self.shifts
            && self.hours.is_none_or(|(min, max)| row.hours.0 <= max && min <= row.hours.1)
            && self.available_by.is_none_or(|by| row.available <= by)
    }

    /// Whether the row's person speaks every language asked at least at the level asked; `None`
    /// when the row holds too many languages to tell (read the profile then).
    #[inline]
    fn speaks(&self, row: &Row) -> Option<bool> {
        if self.languages.is_empty() {
            return Some(true);
        }
        if row.languages[0] == MANY_LANGUAGES {
            return None;
        }
        // A key is `(ordinal << 3 | level) + 1`, 0 for none; a language is listed at most once.
        let has =
            |&(lang, level): &(u16, u16)| row.languages.iter().any(|&key| key != 0 && (key - 1) >> 3 == lang && (key - 1) & 7 >= level);
        Some(self.languages.iter().all(has))
    }

    /// What `score_input` gives for the row's profile, from the row's bitmasks.
    #[inline]
    fn score_input(&self, row: &Row, distance_km: f64) -> ScoreInput {
        ScoreInput {
            talents: ((row.talents & self.talents).count_ones(), self.talents.count_ones()),
            strengths: ((row.strengths & self.strengths).count_ones(), self.strengths.count_ones()),
            needs: (self.offered != 0).then(|| ((row.needs & self.offered).count_ones(), row.needs.count_ones())),
            distance_km,
            radius_km: self.radius_km,
            available_now: row.available <= self.today,
        }
    }
}

/// A match found by the scan, before the best are explained.
#[derive(Clone, Copy)]
struct Hit {
    score: u32,
    /// The haversine distance when `exact`, else [`arc_km`] (within [`ARC_KM_ERROR`] of it).
    distance_km: f64,
    exact: bool,
    id_rank: u32,
    /// The row in the index.
    row: u32,
}

impl Hit {
    /// Where the hit ranks, smaller first: score (high first), then distance (near first), then
    /// id in tie order ([`crate::tie`]), a total order as ids are unique within a feed. One integer, so selecting the best
    /// compares integers: the score's complement, the distance's bits (a non-negative float's
    /// bits order as the float does; `+ 0.0` makes a negative zero positive) and the id's rank.
    fn rank(&self) -> u128 {
        (u128::from(u32::MAX - self.score) << 96) | (u128::from((self.distance_km + 0.0).to_bits()) << 32) | u128::from(self.id_rank)
    }

    /// The same hit with the haversine distance.
    fn exact(self, index: &FeedIndex, origin: Origin) -> Hit {
        if self.exact {
            return self;
        }
        let row = &index.rows[self.row as usize];
        Hit { distance_km: haversine_km(origin.lat, origin.lon, row.lat, row.lon), exact: true, ..self }
    }
}

/// Runs a query and returns the best `limit` matches and the total count.
pub fn search<'a>(index: &'a FeedIndex, query: &Query, limit: usize) -> SearchResult<'a> {
    let wanted = WantedWork::of(index, query);
    let profile_of = |row: usize| &index.feed.profiles[index.by_row[row] as usize];
    let hits = scan(index, query, &wanted);
    let total = hits.len();
    let ranks = |hits: &[Hit]| -> Vec<u128> { hits.iter().map(Hit::rank).collect() };
    // The best by arc distance, then the true best among every hit that could rank with them:
    // a better score, or the same score and no more than twice the arc's error further away.
    let candidates: Vec<Hit> = match smallest(&ranks(&hits), limit).last() {
        None => Vec::new(),
        Some(&last) => {
            let Hit { score, distance_km, .. } = hits[last as usize];
            hits.iter()
                .filter(|h| h.score > score || (h.score == score && h.distance_km <= distance_km + 2.0 * ARC_KM_ERROR))
                .map(|h| h.exact(index, query.origin))
                .collect()
        }
    };
    let matches = smallest(&ranks(&candidates), limit)
        .into_iter()
        .map(|h| {
            let Hit { score, distance_km: d, row, .. } = candidates[h as usize];
            let profile = profile_of(row as usize);
            Match { profile, score, distance_band: DistanceBand::of_km(d), why: explain(profile, query, &wanted, d), distance_km: d }
        })
        .collect();
    SearchResult { total, matches }
}

/// Every profile the query matches, unsorted, with its score and distance.
///
/// What it calls per candidate (`arc_km`, `score`, the filters) is `#[inline]`: the wasm is
/// built for size (opt-level "z"), which otherwise calls each; the hints took a third off the
/// scan in wasm for 2 KB.
fn scan(index: &FeedIndex, query: &Query, wanted: &WantedWork) -> Vec<Hit> {
    let c = Compiled::new(index, query);
    let profile_of = |row: usize| &index.feed.profiles[index.by_row[row] as usize];
    // How close to a rounding step of the nearness points an arc distance must be to need the haversine.
    let step_margin = NEARNESS_POINTS * ARC_KM_ERROR / c.radius_km + 1e-9;
    let mut hits: Vec<Hit> = Vec::new();
    for strip in index.strip_rows(c.lat_lo, c.lat_hi) {
        let rows = &index.rows[strip.clone()];
        let start = strip.start + rows.partition_point(|r| r.lon < c.lon_lo);
        let end = strip.start + rows.partition_point(|r| r.lon <= c.lon_hi);
        for (i, (near, row)) in index.near[start..end].iter().zip(&index.rows[start..end]).enumerate() {
            if c.unit.dot(near.unit) < larger(c.cos_radius, near.cos_reach) - DOT_SLACK || !c.passes_columns(row) {
                continue;
            }
            // Languages from the row; the profile is read only for a long list of languages or
            // for the occupations (about a third of a language search's time went to reading
            // the profiles of every candidate in wasm).
            if !c.speaks(row).unwrap_or_else(|| passes_languages(profile_of(start + i), query)) {
                continue;
            }
            if !wanted.is_empty() && wanted.matched(profile_of(start + i)).is_none() {
                continue;
            }
            // The arc decides when it is clearly inside or outside, and scores when it is clearly
            // between two rounding steps; otherwise the haversine decides.
            // The nearness points are worked out once, for the test and for the score.
            let within = smaller(c.radius_km, row.reach_km);
            let arc = arc_km(c.unit, near.unit)
                .map(|a| (a, nearness_points(a, c.radius_km)))
                .filter(|&(a, points)| (a - within).abs() > ARC_KM_ERROR && (fraction(points) - 0.5).abs() > step_margin);
            let (d, points, exact) = match arc {
                Some((a, _)) if a >= within => continue,
                Some((a, points)) => (a, points, false),
                None => {
                    let d = haversine_km(query.origin.lat, query.origin.lon, row.lat, row.lon);
                    (d, nearness_points(d, c.radius_km), true)
                }
            };
            if d < within {
                hits.push(Hit {
                    score: c.scorer.score_at(&c.score_input(row, d), points),
                    distance_km: d,
                    exact,
                    id_rank: row.id_rank,
                    row: (start + i) as u32,
                });
            }
        }
    }
    hits
}

/// How many profiles the query would find with each occupation of the feed as its only
/// occupation filter (the query's own occupations and groups are left out; its place, radius and
/// other filters count): what the occupation filter offers next to its suggestions. Occupations
/// no profile in reach wants are left out. A profile that shows only an ISCO-08 group counts for
/// every occupation the feed lists in that group, as [`search`] finds it for each of them.
/// Without a query (no place known yet), every profile of the feed counts.
pub fn occupation_counts(index: &FeedIndex, query: Option<&Query>) -> BTreeMap<EscoId, usize> {
    let profiles: Vec<&Profile> = match query {
        Some(query) => {
            let query = Query { occupations: Vec::new(), occupation_groups: Vec::new(), ..query.clone() };
            let hits = scan(index, &query, &WantedWork::default());
            hits.iter().map(|hit| &index.feed.profiles[index.by_row[hit.row as usize] as usize]).collect()
        }
        None => index.feed.profiles.iter().collect(),
    };
    let mut counts: BTreeMap<EscoId, usize> = BTreeMap::new();
    let mut seen: Vec<EscoId> = Vec::new();
    for profile in profiles {
        seen.clear();
        seen.extend(profile.occupations.iter().copied());
        for group in profile.occupation_groups.iter().filter_map(|g| index.feed.occupation_groups.get(g)) {
            seen.extend(group.occupations.iter().copied());
        }
        seen.sort_unstable();
        seen.dedup();
        for id in &seen {
            *counts.entry(*id).or_default() += 1;
        }
    }
    counts
}

/// The larger of two numbers that are not NaN: `f64::max`, which handles NaN, is a call to
/// `fmax` in wasm, once per profile of the box.
#[inline]
fn larger(a: f64, b: f64) -> f64 {
    if a > b {
        a
    } else {
        b
    }
}

/// The smaller of two numbers that are not NaN (see [`larger`]).
#[inline]
fn smaller(a: f64, b: f64) -> f64 {
    if a < b {
        a
    } else {
        b
    }
}

/// The fractional part of nearness points: they round up from 0.5.
#[inline]
fn fraction(points: f64) -> f64 {
    points - f64::from(points as u32)
}

/// The occupations a query asks for, widened both ways: the ISCO-08 groups of the occupations it
/// names and the occupations (with labels in the feed) of the groups it names.
#[derive(Default)]
struct WantedWork {
    ids: Vec<EscoId>,
    groups: Vec<IscoGroup>,
}

impl WantedWork {
    fn of(index: &FeedIndex, query: &Query) -> WantedWork {
        let mut wanted = WantedWork { ids: query.occupations.clone(), groups: query.occupation_groups.clone() };
        for (code, group) in &index.feed.occupation_groups {
            let named = query.occupation_groups.contains(code);
            if named {
                wanted.ids.extend(group.occupations.iter().filter(|o| !query.occupations.contains(o)));
            } else if group.occupations.iter().any(|o| query.occupations.contains(o)) {
                wanted.groups.push(*code);
            }
        }
        wanted
    }

    fn is_empty(&self) -> bool {
        self.ids.is_empty() && self.groups.is_empty()
    }

    /// What of the profile's wanted work matches: an exact occupation first, else a group.
    fn matched(&self, profile: &Profile) -> Option<Reason> {
        let exact = profile.occupations.iter().find(|o| self.ids.contains(o)).map(|o| Reason::Occupation(*o));
        exact.or_else(|| profile.occupation_groups.iter().find(|g| self.groups.contains(g)).map(|g| Reason::OccupationGroup(*g)))
    }
}

/// The filters over lists (occupations, languages), as the profile states them.
fn passes_lists(profile: &Profile, query: &Query, wanted: &WantedWork) -> bool {
    (wanted.is_empty() || wanted.matched(profile).is_some()) && passes_languages(profile, query)
}

/// The language filter, as the profile states it: every language asked, at least at the level asked.
fn passes_languages(profile: &Profile, query: &Query) -> bool {
    query.languages.iter().all(|want| profile.language_level(want.lang).is_some_and(|level| level >= want.level))
}

fn score_input(profile: &Profile, query: &Query, distance_km: f64) -> ScoreInput {
    ScoreInput {
        talents: (profile.talents.intersection(query.talents).len(), query.talents.len()),
        strengths: (profile.strengths.intersection(query.strengths).len(), query.strengths.len()),
        needs: (!query.offered.is_empty())
            .then(|| (profile.workplace_needs.intersection(query.offered).len(), profile.workplace_needs.len())),
        distance_km,
        radius_km: query.radius.km(),
        available_now: profile.available_from <= query.today,
    }
}

/// The reasons for a match, most telling first.
fn explain(profile: &Profile, query: &Query, wanted: &WantedWork, distance_km: f64) -> Explanation {
    let input = score_input(profile, query, distance_km);
    let mut why = Vec::new();
    if let Some(reason) = wanted.matched(profile) {
        why.push(reason);
    }
    if input.talents.1 > 0 {
        why.push(Reason::Talents { matched: input.talents.0, wanted: input.talents.1 });
    }
    if input.strengths.1 > 0 {
        why.push(Reason::Strengths { matched: input.strengths.0, wanted: input.strengths.1 });
    }
    if let Some((met, needs)) = input.needs.filter(|&(_, needs)| needs > 0) {
        why.push(Reason::NeedsMet { met, needs });
    }
    why.push(Reason::Distance(DistanceBand::of_km(distance_km)));
    why.push(if input.available_now { Reason::AvailableNow } else { Reason::AvailableFrom(profile.available_from) });
    if profile.job_coaching {
        why.push(Reason::JobCoaching);
    }
    why
}

/// The straightforward definition of a match, without index or shortcuts: the reference the
/// property tests hold [`search`] to. Without the feed, the unit groups of the occupations asked
/// for are unknown: only the groups the query names match a profile's `occupation_groups`.
pub fn matches_naively(profile: &Profile, query: &Query) -> bool {
    let d = haversine_km(query.origin.lat, query.origin.lon, profile.area.lat, profile.area.lon);
    d < query.radius.km()
        && d < profile.reach_km.km()
        && (query.contract_forms.is_empty() || profile.contract_forms.intersects(query.contract_forms))
        && profile.shifts.is_superset(query.shifts)
        && query.hours.is_none_or(|h| h.overlaps(profile.hours))
        && query.available_by.is_none_or(|by| profile.available_from <= by)
        && passes_lists(profile, query, &WantedWork { ids: query.occupations.clone(), groups: query.occupation_groups.clone() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::tests::feed_json;
    use crate::profile::tests::sample_json;
    use crate::profile::Area;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn ranks_order_hits_by_score_then_distance_then_id(
            hits in proptest::collection::vec((0u32..=100, prop_oneof![Just(0.0f64), 0.0f64..300.0], any::<bool>()), 0..60),
        ) {
            let hit = |(i, &(score, distance_km, exact)): (usize, &(u32, f64, bool))| Hit {
                score, distance_km, exact, id_rank: (i as u32).wrapping_mul(2_654_435_761), row: i as u32,
            };
            let hits: Vec<Hit> = hits.iter().enumerate().map(hit).collect();
            let rows = |hits: &[Hit]| hits.iter().map(|h| h.row).collect::<Vec<_>>();
            let mut by_rank = hits.clone();
            by_rank.sort_by_key(Hit::rank);
            let mut by_fields = hits;
            by_fields.sort_by(|a, b| b.score.cmp(&a.score).then(a.distance_km.total_cmp(&b.distance_km)).then(a.id_rank.cmp(&b.id_rank)));
            prop_assert_eq!(rows(&by_rank), rows(&by_fields));
            let at = |distance_km: f64| Hit { score: 1, distance_km, exact: true, id_rank: 0, row: 0 }.rank();
            prop_assert_eq!(at(-0.0), at(0.0));
        }

        #[test]
        fn scores_from_the_rows_are_the_scores_from_the_profiles(
            people in proptest::collection::vec((50.85f64..50.95, 4.65f64..4.75, any::<u64>(), 0u32..6), 1..40),
            wanted in any::<u64>(),
            today in 0u32..6,
        ) {
            let json: Vec<String> = (0..people.len()).map(|i| sample_json(&format!("p{i}"))).collect();
            let mut feed = crate::feed::Feed::parse(feed_json(&json).as_bytes()).unwrap();
            let month = |m: u32| YearMonth::new(2026, 9).unwrap().plus_months(m);
            for (p, &(lat, lon, bits, available)) in feed.profiles.iter_mut().zip(&people) {
                p.area = Area::new(p.area.postcode, p.area.label.clone(), lat, lon).unwrap();
                p.talents = CodeSet::from_bits(bits);
                p.strengths = CodeSet::from_bits(bits >> 26);
                p.workplace_needs = CodeSet::from_bits(bits >> 40);
                p.available_from = month(available);
            }
            let index = FeedIndex::new(feed);
            let mut q = Query::new(Origin { lat: 50.9, lon: 4.7 }, RadiusKm::new(10.0).unwrap(), month(today));
            q.talents = CodeSet::from_bits(wanted);
            q.strengths = CodeSet::from_bits(wanted >> 26);
            q.offered = CodeSet::from_bits(wanted >> 40);
            let result = search(&index, &q, usize::MAX);
            prop_assert_eq!(result.total, people.len(), "all are within 7 km");
            for m in &result.matches {
                prop_assert_eq!(m.score, crate::score::score(&score_input(m.profile, &q, m.distance_km())));
            }
        }
    }
}
