//! k-anonymity over everything an acquaintance could know of a person: area, weekly hours,
//! available-from month, contract forms, job coaching, languages, occupations, reach, travel
//! modes and shifts. In the written feed every combination of these occurs at least k times, and
//! the workplace needs (which can reveal health) are l-diverse within each group.
//!
//! How: people are partitioned top-down (Mondrian-style) into groups. First by geography alone
//! into regions (median splits across the wider axis), then within a region wherever a split
//! loses the least information (see `loss_of`): latitude, longitude, hours, availability, a
//! contract form, job coaching, a language, the ISCO-08 code of the first wanted occupation
//! (sorting by it clusters similar work), the reach band, a travel mode or a shift. A first pass
//! uses wide regions (40 km), so groups can share what employers filter on; people it cannot
//! place near their group's centre go through a second pass with tight regions (12 km). New
//! groups are built with slack ([`SLACK`] members above k) so they survive people leaving.
//!
//! Every member of a group is published with the group's common, truthful generalisation:
//! - area: the postcode area if all share one, else a merged area ("Leuven e.o.", see [`crate::areas`]);
//! - hours: the range covering every member's range;
//! - available from: the latest month of the group (everyone is available by then);
//! - contract forms: those every member accepts;
//! - job coaching: shown only if every member has it;
//! - languages: those every member speaks, at the lowest level among them;
//! - occupations: the exact ESCO occupations every member wants, then the ISCO-08 unit groups
//!   every member wants work in that those do not already cover;
//! - reach: each member's reach rounded down to a band ([`REACH_BANDS`]; 17.3 km is 15 km), the
//!   group's smallest band, so "within the person's own reach" stays true for everyone;
//! - travel modes and shifts: those every member has.
//!
//! Talents, strengths and the pitch are the person's own. Workplace needs are the person's own
//! when the group has at least [`L_DIVERSITY`] distinct need sets and no need is held by more
//! than half of it; otherwise every member would show the same needs, or most would show one,
//! which tells an acquaintance who finds the group what this person (likely) needs, so the group
//! shows none.
//!
//! Stability ([`anonymise_stable`]): the groups of the previous publication are kept in the
//! private directory ([`GroupState`]). A person whose record did not change keeps their group
//! and its published values as long as the group keeps k members; new and changed records join
//! a kept group only where its published values are true for them (nobody else's values change),
//! the rest are grouped among themselves. Only groups that fall below k are dissolved, and only
//! their members move. So two feeds do not generalise an unchanged person in two ways whose
//! intersection would narrow them down.
//!
//! Newcomers (people not published last time) arrive k at a time: whoever compares two feeds
//! sees which rows of a group are new (their talents, strengths and pitch appear nowhere in the
//! earlier feed), and an acquaintance who knows the person just signed up would otherwise find
//! their row as the one new row of their group. So newcomers join a kept group only when at
//! least k of them join it together; the others are grouped among newcomers only, and those
//! who cannot be wait for the next publication. Leavers cannot be protected this way: a person
//! who leaves must leave the feed at once (README, "Threat model").
//!
//! Suppression comes last: people with fewer than k - 1 others within [`MAX_RADIUS_KM`], and
//! those still more than [`MAX_RADIUS_KM`] from their group's centre after both passes, are held
//! back.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};
use talentbrug_core::profile::{Area, IscoGroup, LanguageCode, LanguageSkill};
use talentbrug_core::vocabulary::{Cefr, Code, CodeSet, ContractForm, Shift, TravelMode, WorkplaceNeed};
use talentbrug_core::{EscoId, Feed, Hours, Place, Profile, YearMonth};

use crate::areas::{approx_km, isolated, merged_area};
use crate::report::Generalised;

/// The default k.
pub const DEFAULT_K: usize = 5;

/// The farthest a person may live from the centre of the area they are published in, in km.
pub const MAX_RADIUS_KM: f64 = 20.0;

/// Distinct workplace-need sets a group needs for its members to show their own needs.
pub const L_DIVERSITY: usize = 2;

/// New groups have at least k + SLACK members where the people allow it, so a group survives
/// people leaving (measured: see the README's "What generalisation costs").
pub const SLACK: usize = 2;

/// Reach is published rounded down to one of these, in km (a reach below 1 km as it is).
pub const REACH_BANDS: [f64; 13] = [1.0, 2.0, 5.0, 10.0, 15.0, 20.0, 25.0, 30.0, 40.0, 50.0, 75.0, 100.0, 150.0];

/// First pass: people are grouped within regions of this radius, so groups can follow the
/// attributes employers filter on.
const WIDE_REGION_KM: f64 = 40.0;

/// Second pass, for the people the first left out: regions of this radius, so groups follow
/// geography.
const TIGHT_REGION_KM: f64 = 12.0;

/// Groups at least this many times k are split only where both halves keep a quarter of the
/// people, so the partition stays balanced and fast on large exports.
const BALANCED_ABOVE_K: usize = 8;

/// A reach rounded down to its band.
pub fn reach_band(km: f64) -> f64 {
    REACH_BANDS.iter().rev().copied().find(|&b| b <= km).unwrap_or(km)
}

/// One person's quasi-identifiers (and workplace needs) as they would be published without
/// generalisation.
#[derive(Clone, Debug, PartialEq)]
pub struct Quasi {
    /// Postcode area.
    pub place: Place,
    /// Weekly hours.
    pub hours: Hours,
    /// First month available, never before the publication month.
    pub available_from: YearMonth,
    /// Accepted contract forms.
    pub contract_forms: CodeSet<ContractForm>,
    /// Followed by a job coach.
    pub job_coaching: bool,
    /// Languages, sorted by language code.
    pub languages: Vec<LanguageSkill>,
    /// Wanted occupations with their ISCO-08 unit group (when the catalogue knows it).
    pub occupations: Vec<(EscoId, Option<IscoGroup>)>,
    /// Reach, rounded down to its band ([`reach_band`]).
    pub reach_km: f64,
    /// Travel modes.
    pub travel_modes: CodeSet<TravelMode>,
    /// Shifts.
    pub shifts: CodeSet<Shift>,
    /// Workplace needs (sensitive: not a quasi-identifier, but l-diverse per group).
    pub workplace_needs: CodeSet<WorkplaceNeed>,
    /// The person's ISCO-08 groups at every level, worked out once (leave it empty: `default()`).
    pub work: std::sync::OnceLock<Vec<IscoGroup>>,
}

/// The ISCO-08 levels a group may share: unit (4 digits), minor (3), sub-major (2) and major (1) groups.
const WORK_LEVELS: [usize; 4] = [4, 3, 2, 1];

impl Quasi {
    /// The ISCO-08 code the Mondrian split sorts by: the lowest group of the person's occupations.
    fn work_key(&self) -> Option<IscoGroup> {
        self.occupations.iter().filter_map(|o| o.1).min()
    }

    /// Every ISCO-08 group the person wants work in, at every level a group may share.
    fn work_codes(&self) -> &[IscoGroup] {
        self.work.get_or_init(|| {
            let mut codes: Vec<IscoGroup> =
                self.occupations.iter().filter_map(|o| o.1).flat_map(|g| WORK_LEVELS.map(|l| g.truncated(l))).collect();
            codes.sort();
            codes.dedup();
            codes
        })
    }
}

/// The most specific of the `common` groups, leaving out those that cover a more specific one or
/// an occupation shown exactly (whose groups are `exact`).
fn most_specific(common: &[IscoGroup], exact: &[IscoGroup]) -> Vec<IscoGroup> {
    common.iter().copied().filter(|c| !common.iter().any(|d| d != c && c.contains(*d)) && !exact.iter().any(|e| c.contains(*e))).collect()
}

/// How specifically a shown group covers an occupation of group `own`: 0 for not at all, else
/// the most digits of a shown group that contains it.
fn covered_at(shown: &[IscoGroup], own: Option<IscoGroup>) -> usize {
    own.map_or(0, |g| shown.iter().filter(|s| s.contains(g)).map(IscoGroup::level).max().unwrap_or(0))
}

/// How a group shows workplace needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "shown")]
pub enum Needs {
    /// Every member shows their own (the group has at least [`L_DIVERSITY`] distinct sets).
    Own,
    /// Every member has this same set; nobody shows it.
    Hidden {
        /// The set all members share.
        shared: CodeSet<WorkplaceNeed>,
    },
    /// More than half of the members have one same need: nobody shows any (an acquaintance who
    /// finds the group would otherwise learn that need of the person more likely than not).
    Withheld,
}

/// The quasi-identifiers a group is published with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Published {
    /// Area (possibly merged).
    pub area: Area,
    /// Weekly hours (possibly widened).
    pub hours: Hours,
    /// Available from (possibly later).
    pub available_from: YearMonth,
    /// Contract forms (possibly fewer).
    pub contract_forms: CodeSet<ContractForm>,
    /// Job coaching (possibly not shown).
    pub job_coaching: bool,
    /// Languages (possibly fewer or lower), sorted by code.
    pub languages: Vec<LanguageSkill>,
    /// Exact occupations every member wants.
    pub occupations: Vec<EscoId>,
    /// Unit groups every member wants work in, not already covered by `occupations`.
    pub occupation_groups: Vec<IscoGroup>,
    /// Reach band, in km.
    pub reach_km: f64,
    /// Travel modes every member has.
    pub travel_modes: CodeSet<TravelMode>,
    /// Shifts every member can work.
    pub shifts: CodeSet<Shift>,
    /// How workplace needs are shown.
    pub needs: Needs,
}

impl Published {
    /// The workplace needs a member with `own` needs is published with.
    pub fn needs_of(&self, own: CodeSet<WorkplaceNeed>) -> CodeSet<WorkplaceNeed> {
        match self.needs {
            Needs::Own => own,
            Needs::Hidden { .. } | Needs::Withheld => CodeSet::new(),
        }
    }

    /// What is coarser than the person's own values (reach: than the person's own band; every
    /// reach is published as a band).
    pub fn generalised(&self, own: &Quasi) -> Vec<Generalised> {
        let mut out = Vec::new();
        if self.area.postcode != own.place.postcode || self.area.label.ends_with(crate::areas::MERGED_SUFFIX) {
            out.push(Generalised::Area);
        }
        if self.hours != own.hours {
            out.push(Generalised::Hours);
        }
        if self.available_from != own.available_from {
            out.push(Generalised::AvailableFrom);
        }
        if self.contract_forms != own.contract_forms {
            out.push(Generalised::ContractForms);
        }
        if self.job_coaching != own.job_coaching {
            out.push(Generalised::JobCoaching);
        }
        if self.languages != own.languages {
            out.push(Generalised::Languages);
        }
        let not_exact = || own.occupations.iter().filter(|(id, _)| !self.occupations.contains(id));
        if not_exact().any(|(_, g)| covered_at(&self.occupation_groups, *g) > 0) {
            out.push(Generalised::OccupationGroup);
        }
        if not_exact().any(|(_, g)| covered_at(&self.occupation_groups, *g) == 0) {
            out.push(Generalised::Occupations);
        }
        if self.reach_km != own.reach_km {
            out.push(Generalised::Reach);
        }
        if self.travel_modes != own.travel_modes {
            out.push(Generalised::TravelModes);
        }
        if self.shifts != own.shifts {
            out.push(Generalised::Shifts);
        }
        if self.needs_of(own.workplace_needs) != own.workplace_needs {
            out.push(Generalised::WorkplaceNeeds);
        }
        out
    }

    /// Whether these values are true for `q` (so `q` can join the group without changing them),
    /// with the area's radius `radius_km`.
    fn fits(&self, q: &Quasi, radius_km: f64) -> bool {
        let merged = self.area.label.ends_with(crate::areas::MERGED_SUFFIX);
        let area = if merged {
            approx_km(q.place.lat, q.place.lon, self.area.lat, self.area.lon) <= radius_km
        } else {
            q.place.postcode == self.area.postcode
        };
        area && self.hours.min() <= q.hours.min()
            && q.hours.max() <= self.hours.max()
            && q.available_from <= self.available_from
            && q.contract_forms.is_superset(self.contract_forms)
            && (q.job_coaching || !self.job_coaching)
            && self.languages.iter().all(|l| q.languages.iter().any(|m| m.lang == l.lang && level_rank(m.level) >= level_rank(l.level)))
            && self.occupations.iter().all(|id| q.occupations.iter().any(|o| o.0 == *id))
            && self.occupation_groups.iter().all(|g| q.occupations.iter().any(|o| o.1.is_some_and(|own| g.contains(own))))
            && q.reach_km >= self.reach_km
            && q.travel_modes.is_superset(self.travel_modes)
            && q.shifts.is_superset(self.shifts)
            && match self.needs {
                Needs::Own | Needs::Withheld => true,
                Needs::Hidden { shared } => q.workplace_needs == shared,
            }
    }
}

fn level_rank(level: Cefr) -> u8 {
    level.index() as u8
}

fn level_of(rank: u8) -> Cefr {
    Cefr::ALL.get(usize::from(rank)).copied().unwrap_or(Cefr::A1)
}

/// A group's common generalisation, without the area's label (only its centre matters here).
struct Summary {
    lat: f64,
    lon: f64,
    hours_min: u8,
    hours_max: u8,
    available: YearMonth,
    forms: CodeSet<ContractForm>,
    coaching: bool,
    languages: Vec<(LanguageCode, u8)>,
    occupations: Vec<EscoId>,
    groups: Vec<IscoGroup>,
    reach: f64,
    modes: CodeSet<TravelMode>,
    shifts: CodeSet<Shift>,
}

fn summarise(quasi: &[Quasi], members: &[usize]) -> Summary {
    let n = members.len().max(1) as f64;
    let first = &quasi[members[0]];
    let mut s = Summary {
        lat: 0.0,
        lon: 0.0,
        hours_min: u8::MAX,
        hours_max: 0,
        available: first.available_from,
        forms: first.contract_forms,
        coaching: true,
        languages: first.languages.iter().map(|l| (l.lang, level_rank(l.level))).collect(),
        occupations: first.occupations.iter().map(|o| o.0).collect(),
        groups: Vec::new(),
        reach: first.reach_km,
        modes: first.travel_modes,
        shifts: first.shifts,
    };
    let mut groups: Vec<IscoGroup> = first.work_codes().to_vec();
    for &i in members {
        let q = &quasi[i];
        s.lat += q.place.lat / n;
        s.lon += q.place.lon / n;
        s.hours_min = s.hours_min.min(q.hours.min());
        s.hours_max = s.hours_max.max(q.hours.max());
        s.available = s.available.max(q.available_from);
        s.forms = s.forms.intersection(q.contract_forms);
        s.coaching &= q.job_coaching;
        s.languages.retain_mut(|(lang, rank)| match q.languages.iter().find(|l| l.lang == *lang) {
            Some(l) => {
                *rank = (*rank).min(level_rank(l.level));
                true
            }
            None => false,
        });
        s.occupations.retain(|id| q.occupations.iter().any(|o| o.0 == *id));
        if !groups.is_empty() {
            let codes = q.work_codes();
            groups.retain(|g| codes.contains(g));
        }
        s.reach = s.reach.min(q.reach_km);
        s.modes = s.modes.intersection(q.travel_modes);
        s.shifts = s.shifts.intersection(q.shifts);
    }
    // Groups that cover an exact occupation, or a more specific shared group, add nothing.
    let exact: Vec<IscoGroup> = first.occupations.iter().filter(|o| s.occupations.contains(&o.0)).filter_map(|o| o.1).collect();
    s.groups = most_specific(&groups, &exact);
    s
}

/// Extra loss when a group has no contract form in common: its profiles would match no
/// employer who asks for one.
const EMPTY_FORMS_LOSS: f64 = 8.0;

/// Extra loss when a group shows no occupation at all: no employer searching for work finds it.
const NO_WORK_LOSS: f64 = 20.0;

/// Information lost by publishing one person with a group's summary. One unit is 2 km of area
/// error, 6 hours of widening or 2 months of later availability; a lost contract form costs 5,
/// hidden job coaching 6, a lost language 2 (1 for other than nl/fr/en), a level step 0.5; an
/// occupation shown only as its ISCO-08 unit group 1, minor group 2, sub-major group 3, lost
/// altogether 6 (and 20 more when the profile shows no work at all); 5 km of reach 1; a lost
/// shift 1 (employers filter on shifts), a lost travel mode 0.5 (shown, not filtered on).
/// Measured on synthetic exports of 2,000 and 100,000 people,
/// these weights keep most contract forms, coaching and occupations and areas within a few km
/// while publishing nearly everyone (see the README).
fn loss_of(q: &Quasi, s: &Summary) -> f64 {
    let km = approx_km(q.place.lat, q.place.lon, s.lat, s.lon);
    let widen = f64::from((s.hours_max - s.hours_min) - (q.hours.max() - q.hours.min()));
    let months = f64::from(s.available.ordinal() - q.available_from.ordinal());
    let forms = f64::from(q.contract_forms.len() - s.forms.len());
    let coaching = if q.job_coaching && !s.coaching { 1.0 } else { 0.0 };
    let mut languages = 0.0;
    for l in &q.languages {
        languages += match s.languages.iter().find(|(lang, _)| *lang == l.lang) {
            Some((_, rank)) => 0.25 * f64::from(level_rank(l.level) - rank),
            None if matches!(l.lang.as_str(), "nl" | "fr" | "en") => 1.0,
            None => 0.5,
        };
    }
    let mut work = 0.0;
    for (id, group) in &q.occupations {
        if !s.occupations.contains(id) {
            work += match covered_at(&s.groups, *group) {
                0 => 6.0,
                level => (5 - level.min(4)) as f64,
            };
        }
    }
    if s.occupations.is_empty() && s.groups.is_empty() && !q.occupations.is_empty() {
        work += NO_WORK_LOSS;
    }
    let reach = (q.reach_km - s.reach) / 2.5;
    let modes = f64::from(q.travel_modes.len() - s.modes.len());
    let shifts = f64::from(q.shifts.len() - s.shifts.len());
    let no_forms = if s.forms.is_empty() { EMPTY_FORMS_LOSS } else { 0.0 };
    km / 2.0 + widen / 6.0 + months / 2.0 + forms * 5.0 + no_forms + coaching * 6.0 + languages * 2.0 + work + reach + modes + shifts
}

fn loss(quasi: &[Quasi], members: &[usize]) -> f64 {
    if members.is_empty() {
        return 0.0;
    }
    let s = summarise(quasi, members);
    members.iter().map(|&i| loss_of(&quasi[i], &s)).sum()
}

/// A split of a group into (left, right).
type Split = (Vec<usize>, Vec<usize>);

/// Splits `members` sorted by `key` at the value boundary nearest the median that leaves at
/// least `min_side` on both sides.
fn median_split<K: PartialOrd + Copy>(quasi: &[Quasi], members: &[usize], min_side: usize, key: impl Fn(&Quasi) -> K) -> Option<Split> {
    let mut sorted: Vec<(K, usize)> = members.iter().map(|&i| (key(&quasi[i]), i)).collect();
    sorted.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal).then(a.1.cmp(&b.1)));
    let n = sorted.len();
    let half = n / 2;
    let boundary = |i: usize| i >= min_side && n - i >= min_side && sorted[i - 1].0 != sorted[i].0;
    let at = (0..=half).flat_map(|d| [half.checked_sub(d), Some(half + d)]).flatten().find(|&i| i > 0 && i < n && boundary(i))?;
    Some((sorted[..at].iter().map(|x| x.1).collect(), sorted[at..].iter().map(|x| x.1).collect()))
}

fn predicate_split(quasi: &[Quasi], members: &[usize], min_side: usize, pred: impl Fn(&Quasi) -> bool) -> Option<Split> {
    let (left, right): (Vec<usize>, Vec<usize>) = members.iter().partition(|&&i| pred(&quasi[i]));
    (left.len() >= min_side && right.len() >= min_side).then_some((left, right))
}

/// Every way to split a group that keeps both parts at least `min_side` large.
fn candidate_splits(quasi: &[Quasi], members: &[usize], min_side: usize) -> Vec<Split> {
    let mut out = Vec::new();
    out.extend(median_split(quasi, members, min_side, |q| q.place.lat));
    out.extend(median_split(quasi, members, min_side, |q| q.place.lon));
    out.extend(median_split(quasi, members, min_side, |q| q.hours.min()));
    out.extend(median_split(quasi, members, min_side, |q| q.hours.max()));
    out.extend(median_split(quasi, members, min_side, |q| q.available_from));
    out.extend(median_split(quasi, members, min_side, Quasi::work_key));
    out.extend(median_split(quasi, members, min_side, |q| q.reach_km));
    for form in ContractForm::ALL {
        out.extend(predicate_split(quasi, members, min_side, |q| q.contract_forms.contains(*form)));
    }
    for mode in TravelMode::ALL {
        out.extend(predicate_split(quasi, members, min_side, |q| q.travel_modes.contains(*mode)));
    }
    for shift in Shift::ALL {
        out.extend(predicate_split(quasi, members, min_side, |q| q.shifts.contains(*shift)));
    }
    out.extend(predicate_split(quasi, members, min_side, |q| q.job_coaching));
    // The most common kinds of work, at each level: groups that share one.
    let mut work: HashMap<IscoGroup, usize> = HashMap::new();
    for &i in members {
        for code in quasi[i].work_codes() {
            *work.entry(*code).or_default() += 1;
        }
    }
    for level in WORK_LEVELS {
        let mut common: Vec<(usize, IscoGroup)> = work.iter().filter(|(c, _)| c.level() == level).map(|(c, n)| (*n, *c)).collect();
        common.sort_by(|a, b| b.cmp(a));
        for (_, code) in common.into_iter().take(2) {
            out.extend(predicate_split(quasi, members, min_side, |q| q.work_codes().contains(&code)));
        }
    }
    let mut langs: HashMap<(LanguageCode, u8), usize> = HashMap::new();
    for &i in members {
        for l in &quasi[i].languages {
            *langs.entry((l.lang, level_rank(l.level))).or_default() += 1;
        }
    }
    let mut thresholds: Vec<(LanguageCode, u8)> = langs.into_keys().collect();
    thresholds.sort();
    for (lang, rank) in thresholds {
        out.extend(predicate_split(quasi, members, min_side, |q| {
            q.languages.iter().any(|l| l.lang == lang && level_rank(l.level) >= rank)
        }));
    }
    out
}

/// The farthest member from the group's centre, in km.
fn radius_km(quasi: &[Quasi], members: &[usize]) -> f64 {
    let n = members.len().max(1) as f64;
    let lat = members.iter().map(|&i| quasi[i].place.lat).sum::<f64>() / n;
    let lon = members.iter().map(|&i| quasi[i].place.lon).sum::<f64>() / n;
    members.iter().map(|&i| approx_km(quasi[i].place.lat, quasi[i].place.lon, lat, lon)).fold(0.0, f64::max)
}

/// Splits people into regions by geography alone (median splits across the wider axis) until
/// each region is within `region_km` of its centre or cannot be split into two of at least k.
fn regions(quasi: &[Quasi], members: Vec<usize>, k: usize, region_km: f64) -> Vec<Vec<usize>> {
    let mut done = Vec::new();
    let mut todo = vec![members];
    while let Some(group) = todo.pop() {
        if group.len() < 2 * k || radius_km(quasi, &group) <= region_km {
            done.push(group);
            continue;
        }
        let lats = group.iter().map(|&i| quasi[i].place.lat);
        let lons = group.iter().map(|&i| quasi[i].place.lon);
        let lat_km = (lats.clone().fold(f64::MIN, f64::max) - lats.fold(f64::MAX, f64::min)) * 110.57;
        let lon_km = (lons.clone().fold(f64::MIN, f64::max) - lons.fold(f64::MAX, f64::min)) * 70.0;
        let by_lat = |q: &Quasi| q.place.lat;
        let by_lon = |q: &Quasi| q.place.lon;
        let split = if lat_km >= lon_km {
            median_split(quasi, &group, k, by_lat).or_else(|| median_split(quasi, &group, k, by_lon))
        } else {
            median_split(quasi, &group, k, by_lon).or_else(|| median_split(quasi, &group, k, by_lat))
        };
        match split {
            Some((l, r)) => {
                todo.push(l);
                todo.push(r);
            }
            None => done.push(group),
        }
    }
    done
}

/// Partitions `members` into groups of at least `min_size`, each as uniform as the splits allow.
fn partition(quasi: &[Quasi], members: Vec<usize>, min_size: usize, region_km: f64) -> Vec<Vec<usize>> {
    let mut done = Vec::new();
    let mut todo = regions(quasi, members, min_size, region_km);
    while let Some(group) = todo.pop() {
        if group.len() < 2 * min_size {
            done.push(group);
            continue;
        }
        let balanced = group.len() >= BALANCED_ABOVE_K * min_size;
        let min_side = if balanced { group.len() / 4 } else { min_size };
        let parent = loss(quasi, &group);
        let best = candidate_splits(quasi, &group, min_side)
            .into_iter()
            .map(|(l, r)| (parent - loss(quasi, &l) - loss(quasi, &r), l, r))
            .max_by(|a, b| a.0.total_cmp(&b.0));
        match best {
            Some((gain, l, r)) if gain > 1e-9 || balanced => {
                todo.push(l);
                todo.push(r);
            }
            _ => done.push(group),
        }
    }
    done
}

/// How a group's members show their workplace needs: their own when the group has at least
/// [`L_DIVERSITY`] distinct sets and no need is held by more than half of it.
fn needs_rule(quasi: &[Quasi], members: &[usize]) -> Needs {
    let distinct: HashSet<u64> = members.iter().map(|&i| quasi[i].workplace_needs.bits()).collect();
    let held_by = |need: WorkplaceNeed| members.iter().filter(|&&i| quasi[i].workplace_needs.contains(need)).count();
    if distinct.len() < L_DIVERSITY {
        Needs::Hidden { shared: members.first().map(|&i| quasi[i].workplace_needs).unwrap_or_default() }
    } else if WorkplaceNeed::ALL.iter().any(|&need| held_by(need) * 2 > members.len()) {
        Needs::Withheld
    } else {
        Needs::Own
    }
}

/// The published quasi-identifiers of a group.
fn publish_group(quasi: &[Quasi], members: &[usize]) -> Option<Published> {
    let s = summarise(quasi, members);
    let places: Vec<Place> = members.iter().map(|&i| quasi[i].place).collect();
    let mut languages: Vec<LanguageSkill> = s.languages.iter().map(|&(lang, rank)| LanguageSkill { lang, level: level_of(rank) }).collect();
    languages.sort();
    Some(Published {
        area: merged_area(&places)?,
        hours: Hours::new(s.hours_min, s.hours_max).ok()?,
        available_from: s.available,
        contract_forms: s.forms,
        job_coaching: s.coaching,
        languages,
        occupations: s.occupations,
        occupation_groups: s.groups,
        reach_km: s.reach,
        travel_modes: s.modes,
        shifts: s.shifts,
        needs: needs_rule(quasi, members),
    })
}

/// A group that was published: its values and how far its members may live from its centre.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Group {
    /// What every member is published with.
    pub published: Published,
    /// The farthest a member lives from the area's centre, in km (new members must be as near).
    pub radius_km: f64,
}

/// Groups `members` from scratch: the groups (member indices and values) and who is left out.
fn fresh_groups(quasi: &[Quasi], members: Vec<usize>, k: usize) -> (Vec<(Vec<usize>, Group)>, Vec<usize>) {
    let k = k.max(1);
    let mut groups = Vec::new();
    let places: Vec<Place> = members.iter().map(|&i| quasi[i].place).collect();
    let lonely = isolated(&places, k, MAX_RADIUS_KM);
    let (mut left, mut out): (Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new());
    for (&i, &alone) in members.iter().zip(&lonely) {
        if alone {
            out.push(i);
        } else {
            left.push(i);
        }
    }
    if left.len() < k {
        out.extend(left);
        return (groups, out);
    }
    // New groups carry slack where there are enough people, so they survive some leaving.
    let min_size = if left.len() >= 2 * (k + SLACK) { k + SLACK } else { k };
    // First groups that keep the attributes employers filter on, within wide regions; then the
    // people those left out, in groups that keep geography tight.
    for region_km in [WIDE_REGION_KM, TIGHT_REGION_KM] {
        let mut next = Vec::new();
        for mut group in partition(quasi, std::mem::take(&mut left), min_size, region_km) {
            // Members far from the group's centre would be published in the wrong place.
            loop {
                let s = summarise(quasi, &group);
                let before = group.len();
                let (keep, far): (Vec<usize>, Vec<usize>) =
                    group.iter().partition(|&&i| approx_km(quasi[i].place.lat, quasi[i].place.lon, s.lat, s.lon) <= MAX_RADIUS_KM);
                next.extend(far);
                group = keep;
                if group.len() == before || group.len() < k {
                    break;
                }
            }
            if group.len() < k {
                next.extend(group);
                continue;
            }
            match publish_group(quasi, &group) {
                Some(published) => {
                    let radius_km = group
                        .iter()
                        .map(|&i| approx_km(quasi[i].place.lat, quasi[i].place.lon, published.area.lat, published.area.lon))
                        .fold(0.0, f64::max);
                    groups.push((group, Group { published, radius_km }));
                }
                None => next.extend(group),
            }
        }
        if next.len() < k {
            out.extend(next);
            break;
        }
        left = next;
    }
    out.extend(left);
    (groups, out)
}

/// The published quasi-identifiers of every person, `None` for those held back, grouped from
/// scratch. Every published combination occurs at least `k` times (for `k >= 1`).
pub fn anonymise(quasi: &[Quasi], k: usize) -> Vec<Option<Published>> {
    let mut out = vec![None; quasi.len()];
    for (members, group) in fresh_groups(quasi, (0..quasi.len()).collect(), k).0 {
        for i in members {
            out[i] = Some(group.published.clone());
        }
    }
    out
}

/// Format tag of the group state in the private directory.
pub const GROUPS_FORMAT: &str = "talentbrug-groups/1";

/// One record's place in the groups of the last publication.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Membership {
    /// A hash of the record's quasi-identifiers and needs, to see whether it changed.
    pub fingerprint: String,
    /// Its group.
    pub group: u64,
}

/// The groups of the last publication, kept in the private directory (never in the feed), so
/// the next publication can keep unchanged people where they were.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GroupState {
    /// Always [`GROUPS_FORMAT`].
    pub format: String,
    /// The next group id to hand out.
    pub next_group: u64,
    /// Group id → the group.
    pub groups: BTreeMap<u64, Group>,
    /// Record id → its group, for every published record.
    pub members: BTreeMap<String, Membership>,
}

/// What [`anonymise_stable`] decided.
#[derive(Clone, Debug, Default)]
pub struct Stable {
    /// Per person: the published values, `None` for those held back.
    pub published: Vec<Option<Published>>,
    /// The state to keep for the next publication.
    pub state: GroupState,
    /// People who kept their group of the previous publication.
    pub kept: usize,
    /// People (new, changed or from a dissolved group) who joined a kept group.
    pub joined: usize,
    /// Groups of the previous publication dissolved because they fell below k.
    pub dissolved: usize,
    /// Newcomers held back (indices, ascending; none on a first publication): fewer than k
    /// newcomers could join the group that fits them, or form one of their own nearby. They
    /// wait for the next publication.
    pub waiting: Vec<usize>,
}

/// Like [`anonymise`], but keeping the groups of `previous` where k allows: `ids[i]` is the
/// record id and `fingerprints[i]` the hash of person i's record (see [`GroupState`]).
pub fn anonymise_stable(quasi: &[Quasi], ids: &[&str], fingerprints: &[String], k: usize, previous: Option<&GroupState>) -> Stable {
    let k = k.max(1);
    let empty = GroupState::default();
    let previous = previous.unwrap_or(&empty);
    let mut out = Stable { published: vec![None; quasi.len()], ..Stable::default() };
    let mut next_group = previous.next_group;

    // Unchanged people go back to their group.
    let mut kept: BTreeMap<u64, Vec<usize>> = BTreeMap::new();
    let mut pool: Vec<usize> = Vec::new();
    for (i, (id, fingerprint)) in ids.iter().zip(fingerprints).enumerate() {
        match previous.members.get(*id) {
            Some(m) if m.fingerprint == *fingerprint && previous.groups.contains_key(&m.group) => kept.entry(m.group).or_default().push(i),
            _ => pool.push(i),
        }
    }
    let mut groups: BTreeMap<u64, (Vec<usize>, Group)> = BTreeMap::new();
    for (gid, members) in kept {
        let Some(group) = previous.groups.get(&gid) else { continue };
        if members.len() < k {
            out.dissolved += 1;
            pool.extend(members);
            continue;
        }
        let mut group = group.clone();
        // Values stay; the needs rule is re-checked, since fewer members may be less diverse.
        if group.published.needs == Needs::Own && needs_rule(quasi, &members) != Needs::Own {
            group.published.needs = needs_rule(quasi, &members);
        }
        out.kept += members.len();
        groups.insert(gid, (members, group));
    }

    // New and changed people (and those of dissolved groups) join a kept group whose values are
    // true for them, the nearest first; the rest are grouped among themselves.
    let cell = |lat: f64, lon: f64| ((lat / 0.3).floor() as i64, (lon / 0.45).floor() as i64);
    let mut grid: HashMap<(i64, i64), Vec<u64>> = HashMap::new();
    for (gid, (_, g)) in &groups {
        grid.entry(cell(g.published.area.lat, g.published.area.lon)).or_default().push(*gid);
    }
    // Who was not published last time. Their rows are new in this feed: whoever compares the
    // two feeds sees which rows of a group are new, so a group takes new people k at a time.
    let is_new = |i: usize| !previous.members.contains_key(ids[i]);
    let mut unplaced = Vec::new();
    let mut new_joiners: BTreeMap<u64, Vec<usize>> = BTreeMap::new();
    pool.sort_unstable();
    for i in pool {
        let q = &quasi[i];
        let (r, c) = cell(q.place.lat, q.place.lon);
        let best = (r - 1..=r + 1)
            .flat_map(|r| (c - 1..=c + 1).map(move |c| (r, c)))
            .filter_map(|key| grid.get(&key))
            .flatten()
            .filter_map(|gid| groups.get(gid).map(|(_, g)| (gid, g)))
            .filter(|(_, g)| g.published.fits(q, g.radius_km))
            .map(|(gid, g)| (approx_km(q.place.lat, q.place.lon, g.published.area.lat, g.published.area.lon), *gid))
            .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        match best.and_then(|(_, gid)| groups.get_mut(&gid).map(|g| (gid, g))) {
            Some((gid, _)) if is_new(i) => new_joiners.entry(gid).or_default().push(i),
            Some((_, (members, _))) => {
                members.push(i);
                out.joined += 1;
            }
            None => unplaced.push(i),
        }
    }
    let mut unplaced_new = Vec::new();
    for (gid, joiners) in new_joiners {
        match groups.get_mut(&gid) {
            Some((members, _)) if joiners.len() >= k => {
                out.joined += joiners.len();
                members.extend(joiners);
            }
            _ => unplaced_new.extend(joiners),
        }
    }
    // Those who joined may make a need the majority's: the needs rule is checked again.
    for (members, group) in groups.values_mut() {
        if group.published.needs == Needs::Own {
            group.published.needs = needs_rule(quasi, members);
        }
    }
    // Groups of their own: the new among themselves, so no group has fewer than k new rows.
    let (new_here, returning): (Vec<usize>, Vec<usize>) = unplaced.into_iter().partition(|&i| is_new(i));
    unplaced_new.extend(new_here);
    for pool in [returning, unplaced_new] {
        for (members, group) in fresh_groups(quasi, pool, k).0 {
            groups.insert(next_group, (members, group));
            next_group += 1;
        }
    }

    let mut state = GroupState { format: GROUPS_FORMAT.into(), next_group, groups: BTreeMap::new(), members: BTreeMap::new() };
    for (gid, (members, group)) in groups {
        for &i in &members {
            out.published[i] = Some(group.published.clone());
            state.members.insert(ids[i].to_owned(), Membership { fingerprint: fingerprints[i].clone(), group: gid });
        }
        state.groups.insert(gid, group);
    }
    // Every newcomer left out waits for newcomers (those who fit a kept group, and those the
    // groups of newcomers only could not take), unless this is the first publication.
    out.waiting = if previous.members.is_empty() {
        Vec::new()
    } else {
        (0..quasi.len()).filter(|&i| is_new(i) && out.published[i].is_none()).collect()
    };
    out.state = state;
    out
}

/// A feed that breaks k-anonymity or the diversity of workplace needs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Violation {
    /// A quasi-identifier combination occurs fewer than k times.
    #[error("{count} profile(s) share the quasi-identifiers of profile {example_id}; at least {k} must")]
    TooFew {
        /// One profile with the rare combination.
        example_id: String,
        /// How many share it.
        count: usize,
        /// The k required.
        k: usize,
    },
    /// All profiles with one combination show the same, non-empty workplace needs.
    #[error(
        "all {count} profiles that share the quasi-identifiers of profile {example_id} show the same workplace needs ({needs}); \
         at least {L_DIVERSITY} different sets, or none shown, are required"
    )]
    NeedsNotDiverse {
        /// One profile of the group.
        example_id: String,
        /// How many share the combination.
        count: usize,
        /// The needs they all show.
        needs: String,
    },
    /// More than half of the profiles with one combination show the same workplace need.
    #[error(
        "{with} of the {count} profiles that share the quasi-identifiers of profile {example_id} show the workplace need \
         {need}; at most half may, or an acquaintance who finds the group learns it more likely than not"
    )]
    NeedMostlyShared {
        /// One profile of the group.
        example_id: String,
        /// How many share the combination.
        count: usize,
        /// How many of them show the need.
        with: usize,
        /// The need.
        need: String,
    },
}

/// The quasi-identifier combination of a published profile, comparable exactly: everything an
/// acquaintance could know (not the id, talents, strengths, workplace needs or pitch).
fn key_of(p: &Profile) -> String {
    let mut langs: Vec<String> = p.languages.iter().map(|l| format!("{}:{}", l.lang, l.level)).collect();
    langs.sort();
    let mut occupations: Vec<String> = p.occupations.iter().map(ToString::to_string).collect();
    occupations.sort();
    let mut groups: Vec<String> = p.occupation_groups.iter().map(ToString::to_string).collect();
    groups.sort();
    format!(
        "{}|{}|{:?}|{:?}|{}|{}|{}|{}|{}|{}|{}|{:?}|{}|{}",
        p.area.postcode.qualified(),
        p.area.label,
        p.area.lat.to_bits(),
        p.area.lon.to_bits(),
        p.hours,
        p.available_from,
        p.contract_forms.bits(),
        p.job_coaching,
        langs.join(","),
        occupations.join(","),
        groups.join(","),
        p.reach_km.km().to_bits(),
        p.travel_modes.bits(),
        p.shifts.bits(),
    )
}

/// Checks that every quasi-identifier combination in `feed` occurs at least `k` times, that
/// the profiles of each combination show at least [`L_DIVERSITY`] different sets of workplace
/// needs, or all the same empty one, and that no need is shown by more than half of them.
/// Names the first violation (the rarest combination).
pub fn check(feed: &Feed, k: usize) -> Result<(), Violation> {
    let mut classes: HashMap<String, (usize, &str, HashSet<u64>)> = HashMap::new();
    let mut shown: HashMap<String, BTreeMap<WorkplaceNeed, usize>> = HashMap::new();
    for p in &feed.profiles {
        let key = key_of(p);
        for need in p.workplace_needs.iter() {
            *shown.entry(key.clone()).or_default().entry(need).or_default() += 1;
        }
        let class = classes.entry(key).or_insert((0, p.id.as_str(), HashSet::new()));
        class.0 += 1;
        class.1 = class.1.min(p.id.as_str());
        class.2.insert(p.workplace_needs.bits());
    }
    if let Some((count, id, _)) = classes.values().filter(|(n, _, _)| *n < k).min_by_key(|(n, id, _)| (*n, *id)) {
        return Err(Violation::TooFew { example_id: (*id).to_owned(), count: *count, k });
    }
    let homogeneous =
        classes.values().filter(|(_, _, needs)| needs.len() < L_DIVERSITY && !needs.contains(&0)).min_by_key(|(n, id, _)| (*n, *id));
    if let Some((count, id, needs)) = homogeneous {
        let bits = needs.iter().next().copied().unwrap_or(0);
        let names: Vec<&str> = CodeSet::<WorkplaceNeed>::from_bits(bits).iter().map(|n| n.code()).collect();
        return Err(Violation::NeedsNotDiverse { example_id: (*id).to_owned(), count: *count, needs: names.join(", ") });
    }
    let mostly = shown
        .iter()
        .flat_map(|(key, needs)| needs.iter().map(move |(need, n)| (key, *need, *n)))
        .filter(|(key, _, n)| n * 2 > classes[*key].0)
        .map(|(key, need, n)| (classes[key].1, need, n, classes[key].0))
        .min();
    match mostly {
        Some((id, need, with, count)) => {
            Err(Violation::NeedMostlyShared { example_id: id.to_owned(), count, with, need: need.code().to_owned() })
        }
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use talentbrug_core::{Country, Gazetteer};

    const FORKLIFT: &str = "0019b951-c699-4191-8208-9822882d150c";

    fn q(code: &str, hours: (u8, u8), month: u32, forms: &[ContractForm], coaching: bool, langs: &str) -> Quasi {
        let mut languages: Vec<LanguageSkill> = langs.split('|').filter(|s| !s.is_empty()).map(|s| s.parse().unwrap()).collect();
        languages.sort();
        Quasi {
            place: Gazetteer.resolve(code, Country::Be).unwrap(),
            hours: Hours::new(hours.0, hours.1).unwrap(),
            available_from: YearMonth::new(2026, month).unwrap(),
            contract_forms: forms.iter().copied().collect(),
            job_coaching: coaching,
            languages,
            occupations: vec![(FORKLIFT.parse().unwrap(), Some("7543".parse().unwrap()))],
            reach_km: 10.0,
            travel_modes: [TravelMode::Bike].into_iter().collect(),
            shifts: [Shift::Day].into_iter().collect(),
            workplace_needs: CodeSet::new(),
            work: Default::default(),
        }
    }

    fn classes(out: &[Option<Published>]) -> HashMap<String, usize> {
        let mut counts = HashMap::new();
        for p in out.iter().flatten() {
            *counts.entry(format!("{p:?}")).or_insert(0) += 1;
        }
        counts
    }

    #[test]
    fn identical_people_are_published_as_they_are() {
        let people = vec![q("3000", (20, 30), 11, &[ContractForm::Temp], true, "nl:B1"); 6];
        let out = anonymise(&people, 5);
        for (p, own) in out.iter().zip(&people) {
            let p = p.as_ref().unwrap();
            assert!(p.generalised(own).is_empty(), "{p:?}");
            assert_eq!(p.area.label, "Leuven");
        }
    }

    #[test]
    fn differing_neighbours_are_generalised_truthfully() {
        let mut people = vec![
            q("3000", (20, 30), 11, &[ContractForm::Temp, ContractForm::Internship], true, "nl:B1|fr:native"),
            q("3010", (24, 32), 12, &[ContractForm::Temp], true, "nl:native"),
            q("3001", (20, 30), 11, &[ContractForm::Temp], false, "nl:B2|ar:native"),
            q("3000", (30, 38), 11, &[ContractForm::Temp, ContractForm::Permanent], true, "nl:A2"),
            q("3012", (20, 30), 11, &[ContractForm::Temp], true, "nl:B1"),
        ];
        // Two others want other work in the same unit group; one also wants something else.
        let other: EscoId = "040fcfa5-24be-43eb-afd5-828297175b16".parse().unwrap();
        people[1].occupations = vec![(other, Some("7543".parse().unwrap()))];
        people[2].occupations.push((other, Some("9333".parse().unwrap())));
        people[0].reach_km = 15.0;
        people[3].travel_modes = [TravelMode::Bike, TravelMode::Car].into_iter().collect();
        people[4].shifts = [Shift::Day, Shift::Evening].into_iter().collect();
        let out = anonymise(&people, 5);
        let p = out[0].clone().unwrap();
        assert!(out.iter().all(|o| o.as_ref() == Some(&p)), "one group of five");
        assert!(p.area.label.ends_with(" e.o."));
        assert_eq!(p.hours, Hours::new(20, 38).unwrap());
        assert_eq!(p.available_from, YearMonth::new(2026, 12).unwrap());
        assert_eq!(p.contract_forms.iter().collect::<Vec<_>>(), vec![ContractForm::Temp]);
        assert!(!p.job_coaching);
        assert_eq!(p.languages, vec!["nl:A2".parse().unwrap()]);
        assert!(p.occupations.is_empty());
        assert_eq!(p.occupation_groups, vec!["7543".parse().unwrap()], "the unit group everyone shares");
        assert_eq!(p.reach_km, 10.0);
        assert_eq!(p.travel_modes.iter().collect::<Vec<_>>(), vec![TravelMode::Bike]);
        assert_eq!(p.shifts.iter().collect::<Vec<_>>(), vec![Shift::Day]);
        assert_eq!(p.needs, Needs::Hidden { shared: CodeSet::new() });
        assert_eq!(
            p.generalised(&people[0]),
            vec![
                Generalised::Area,
                Generalised::Hours,
                Generalised::AvailableFrom,
                Generalised::ContractForms,
                Generalised::JobCoaching,
                Generalised::Languages,
                Generalised::OccupationGroup,
                Generalised::Reach,
            ]
        );
        assert_eq!(
            p.generalised(&people[2]),
            vec![
                Generalised::Area,
                Generalised::Hours,
                Generalised::AvailableFrom,
                Generalised::Languages,
                Generalised::OccupationGroup,
                Generalised::Occupations
            ]
        );
    }

    #[test]
    fn reach_is_rounded_down_to_a_band() {
        assert_eq!(reach_band(17.3), 15.0);
        assert_eq!(reach_band(15.0), 15.0);
        assert_eq!(reach_band(3.0), 2.0);
        assert_eq!(reach_band(150.0), 150.0);
        assert_eq!(reach_band(0.4), 0.4);
    }

    #[test]
    fn needs_are_shown_only_when_the_group_is_diverse_and_no_need_is_the_majoritys() {
        let quiet: CodeSet<WorkplaceNeed> = [WorkplaceNeed::QuietWorkplace].into_iter().collect();
        let mut people = vec![q("3000", (20, 30), 11, &[ContractForm::Temp], true, "nl:B1"); 5];
        for p in &mut people {
            p.workplace_needs = quiet;
        }
        let out = anonymise(&people, 5);
        let p = out[0].clone().unwrap();
        assert_eq!(p.needs, Needs::Hidden { shared: quiet });
        assert!(p.needs_of(quiet).is_empty(), "all five need quiet: nobody shows it");
        assert_eq!(p.generalised(&people[0]), vec![Generalised::WorkplaceNeeds]);
        // Four of five: diverse sets, but an acquaintance would learn "quiet" at 80 %.
        people[4].workplace_needs = CodeSet::new();
        let p = anonymise(&people, 5)[0].clone().unwrap();
        assert_eq!(p.needs, Needs::Withheld);
        assert!(p.needs_of(quiet).is_empty());
        // Two of five: everyone shows their own.
        for p in &mut people[2..] {
            p.workplace_needs = CodeSet::new();
        }
        let p = anonymise(&people, 5)[0].clone().unwrap();
        assert_eq!(p.needs, Needs::Own);
        assert_eq!(p.needs_of(quiet), quiet);
    }

    #[test]
    fn groups_follow_the_differences_that_matter() {
        let mut people = vec![q("3000", (20, 30), 11, &[ContractForm::Temp], true, "nl:B1"); 5];
        people.extend(vec![q("9000", (38, 38), 11, &[ContractForm::Permanent], false, "fr:native"); 5]);
        let out = anonymise(&people, 5);
        assert_eq!(classes(&out).len(), 2);
        assert!(out.iter().zip(&people).all(|(p, own)| p.as_ref().unwrap().generalised(own).is_empty()));
    }

    #[test]
    fn lonely_people_are_held_back_and_too_few_means_nobody() {
        let mut people = vec![q("3000", (20, 30), 11, &[ContractForm::Temp], true, "nl:B1"); 5];
        people.push(q("8400", (20, 30), 11, &[ContractForm::Temp], true, "nl:B1"));
        let out = anonymise(&people, 5);
        assert!(out[..5].iter().all(Option::is_some));
        assert!(out[5].is_none(), "Oostende is far from Leuven");
        assert!(anonymise(&people[..4], 5).iter().all(Option::is_none));
    }

    #[test]
    fn unchanged_people_keep_their_group_and_newcomers_join_k_at_a_time_where_it_is_true() {
        let mut people = vec![q("3000", (20, 30), 11, &[ContractForm::Temp], true, "nl:B1"); 7];
        people[0].hours = Hours::new(10, 38).unwrap();
        let ids: Vec<String> = (0..7).map(|i| format!("R-{i}")).collect();
        let id_refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let prints: Vec<String> = (0..7).map(|i| format!("f{i}")).collect();
        let first = anonymise_stable(&people, &id_refs, &prints, 5, None);
        let values = first.published[1].clone().unwrap();
        assert_eq!(values.hours, Hours::new(10, 38).unwrap());
        // The widest member leaves; the rest keep the widened hours, and a newcomer that fits joins.
        let mut next: Vec<Quasi> = people[1..].to_vec();
        next.push(q("3000", (12, 20), 11, &[ContractForm::Temp, ContractForm::Permanent], true, "nl:B2"));
        let mut next_ids: Vec<&str> = id_refs[1..].to_vec();
        next_ids.push("R-new");
        let mut next_prints: Vec<String> = prints[1..].to_vec();
        next_prints.push("fnew".into());
        let second = anonymise_stable(&next, &next_ids, &next_prints, 5, Some(&first.state));
        // One newcomer waits: alone, theirs would be the one new row of the group, which whoever
        // compares the two feeds sees.
        assert!(second.published[..6].iter().all(|p| p.as_ref() == Some(&values)));
        assert_eq!((&second.published[6], &second.waiting[..]), (&None, &[6][..]));
        assert_eq!((second.kept, second.joined, second.dissolved), (6, 0, 0));
        // Five newcomers that fit join together.
        let newcomer = next[6].clone();
        let (mut joined, mut joined_ids, mut joined_prints) = (next[..6].to_vec(), next_ids[..6].to_vec(), next_prints[..6].to_vec());
        let new_ids: Vec<String> = (0..5).map(|i| format!("R-new-{i}")).collect();
        for id in &new_ids {
            joined.push(newcomer.clone());
            joined_ids.push(id);
            joined_prints.push(format!("f{id}"));
        }
        let second = anonymise_stable(&joined, &joined_ids, &joined_prints, 5, Some(&first.state));
        assert!(second.published.iter().all(|p| p.as_ref() == Some(&values)));
        assert_eq!((second.kept, second.joined, second.dissolved, second.waiting.len()), (6, 5, 0, 0));
        // Down to four unchanged: the group is dissolved and regrouped.
        let third = anonymise_stable(&next[..4], &next_ids[..4], &next_prints[..4], 5, Some(&second.state));
        assert!(third.published.iter().all(Option::is_none));
        assert_eq!(third.dissolved, 1);
        // The state holds no values of people who are gone.
        assert!(!third.state.members.contains_key("R-0"));
    }

    #[test]
    fn a_newcomer_does_not_replace_a_leaver_of_a_group_at_k() {
        let people = vec![q("3000", (20, 30), 11, &[ContractForm::Temp], true, "nl:B1"); 5];
        let ids = ["R-0", "R-1", "R-2", "R-3", "R-4"];
        let prints: Vec<String> = (0..5).map(|i| format!("f{i}")).collect();
        let first = anonymise_stable(&people, &ids, &prints, 5, None);
        assert!(first.published.iter().all(Option::is_some) && first.waiting.is_empty());
        // R-4 leaves and R-new arrives, identical: the group is below k without R-new, and R-new
        // would be its one new row. All wait; R-new is told why.
        let next_ids = ["R-0", "R-1", "R-2", "R-3", "R-new"];
        let second = anonymise_stable(&people, &next_ids, &prints, 5, Some(&first.state));
        assert!(second.published.iter().all(Option::is_none));
        assert_eq!((second.dissolved, &second.waiting[..]), (1, &[4][..]));
    }

    #[test]
    fn the_check_audits_the_whole_set_and_the_needs() {
        use talentbrug_core::profile::ReachKm;
        let profile = |id: &str, needs: &[WorkplaceNeed], reach: f64| Profile {
            id: id.parse().unwrap(),
            area: crate::areas::postcode_area(Gazetteer.resolve("3000", Country::Be).unwrap().postcode),
            reach_km: ReachKm::new(reach).unwrap(),
            travel_modes: [TravelMode::Bike].into_iter().collect(),
            occupations: vec![FORKLIFT.parse().unwrap()],
            occupation_groups: Vec::new(),
            talents: CodeSet::new(),
            strengths: CodeSet::new(),
            languages: Vec::new(),
            hours: Hours::new(20, 30).unwrap(),
            shifts: CodeSet::new(),
            available_from: YearMonth::new(2026, 11).unwrap(),
            contract_forms: [ContractForm::Temp].into_iter().collect(),
            job_coaching: false,
            workplace_needs: needs.iter().copied().collect(),
            pitch: None,
        };
        let quiet = [WorkplaceNeed::QuietWorkplace];
        let mut feed: Feed = serde_json::from_value(serde_json::json!({
            "format": "talentbrug-feed/1",
            "publisher": {"name": "T", "contact": "t@example.org", "request_url": "/r", "privacy_url": "/p"},
            "issued_at": "2026-11-01T00:00:00Z", "expires_at": "2026-12-01T00:00:00Z", "sequence": 1,
            "occupations": {}, "profiles": []
        }))
        .unwrap();
        feed.profiles = vec![profile("a", &quiet, 10.0), profile("b", &[], 10.0), profile("c", &[], 10.0)];
        assert_eq!(check(&feed, 3), Ok(()));
        feed.profiles[2].reach_km = ReachKm::new(15.0).unwrap();
        assert_eq!(check(&feed, 3).unwrap_err().to_string(), "1 profile(s) share the quasi-identifiers of profile c; at least 3 must");
        feed.profiles = vec![profile("a", &quiet, 10.0), profile("b", &quiet, 10.0)];
        let err = check(&feed, 2).unwrap_err().to_string();
        assert!(err.contains("show the same workplace needs (quiet_workplace)"), "{err}");
        // Different sets, but two of three show one need.
        let both = [WorkplaceNeed::QuietWorkplace, WorkplaceNeed::NoHeavyLifting];
        feed.profiles = vec![profile("a", &quiet, 10.0), profile("b", &both, 10.0), profile("c", &[], 10.0)];
        let err = check(&feed, 3).unwrap_err().to_string();
        assert!(
            err.starts_with("2 of the 3 profiles that share the quasi-identifiers of profile a show the workplace need quiet_workplace"),
            "{err}"
        );
    }
}
