//! k-anonymity on the quasi-identifiers of a profile: area, weekly hours, available-from month,
//! contract forms, job coaching and languages. In the written feed every combination of these
//! occurs at least k times.
//!
//! How: people are partitioned top-down (Mondrian-style) into groups of at least k. First by
//! geography alone into regions (median splits across the wider axis), then within a region
//! wherever a split loses the least information (see `loss_of`): latitude, longitude, hours,
//! availability, a contract form, job coaching or a language. A first pass uses wide regions
//! (40 km), so groups can share the contract forms and coaching employers filter on; people it
//! cannot place near their group's centre go through a second pass with tight regions (12 km).
//! Every member of a group is then published with the group's common,
//! truthful generalisation:
//! - area: the postcode area if all share one, else a merged area ("Leuven e.o.", see [`crate::areas`]);
//! - hours: the range covering every member's range;
//! - available from: the latest month of the group (everyone is available by then);
//! - contract forms: those every member accepts;
//! - job coaching: shown only if every member has it;
//! - languages: those every member speaks, at the lowest level among them.
//!
//! Suppression comes last: people with fewer than k - 1 others within [`MAX_RADIUS_KM`], and
//! those still more than [`MAX_RADIUS_KM`] from their group's centre after both passes, are held
//! back.

use std::collections::HashMap;

use talentbrug_core::profile::{Area, LanguageCode, LanguageSkill};
use talentbrug_core::vocabulary::{Cefr, CodeSet, ContractForm};
use talentbrug_core::{Feed, Hours, Place, Profile, YearMonth};

use crate::areas::{approx_km, isolated, merged_area};
use crate::report::Generalised;

/// The default k.
pub const DEFAULT_K: usize = 5;

/// The farthest a person may live from the centre of the area they are published in, in km.
pub const MAX_RADIUS_KM: f64 = 20.0;

/// First pass: people are grouped within regions of this radius, so groups can follow the
/// attributes employers filter on.
const WIDE_REGION_KM: f64 = 40.0;

/// Second pass, for the people the first left out: regions of this radius, so groups follow
/// geography.
const TIGHT_REGION_KM: f64 = 12.0;

/// Groups at least this many times k are split only where both halves keep a quarter of the
/// people, so the partition stays balanced and fast on large exports.
const BALANCED_ABOVE_K: usize = 8;

/// One person's quasi-identifiers as they would be published without generalisation.
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
}

/// The quasi-identifiers a person is published with.
#[derive(Clone, Debug, PartialEq)]
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
}

impl Published {
    /// What is coarser than the person's own values.
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
        out
    }
}

fn level_rank(level: Cefr) -> u8 {
    use talentbrug_core::vocabulary::Code;
    level.index() as u8
}

fn level_of(rank: u8) -> Cefr {
    use talentbrug_core::vocabulary::Code;
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
    };
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
    }
    s
}

/// Extra loss when a group has no contract form in common: its profiles would match no
/// employer who asks for one.
const EMPTY_FORMS_LOSS: f64 = 8.0;

/// Information lost by publishing one person with a group's summary. One unit is 2 km of area
/// error, 6 hours of widening or 2 months of later availability; a lost contract form costs 5,
/// hidden job coaching 6, a lost language 2 (1 for other than nl/fr/en), a level step 0.5.
/// Measured on synthetic exports of 2,000 and 100,000 people, these weights keep most contract
/// forms and coaching and areas within a few km while publishing nearly everyone (see the README).
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
    let no_forms = if s.forms.is_empty() { EMPTY_FORMS_LOSS } else { 0.0 };
    km / 2.0 + widen / 6.0 + months / 2.0 + forms * 5.0 + no_forms + coaching * 6.0 + languages * 2.0
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
    use talentbrug_core::vocabulary::Code;
    for form in ContractForm::ALL {
        out.extend(predicate_split(quasi, members, min_side, |q| q.contract_forms.contains(*form)));
    }
    out.extend(predicate_split(quasi, members, min_side, |q| q.job_coaching));
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

/// Partitions `members` into groups of at least `k`, each as uniform as the splits allow.
fn partition(quasi: &[Quasi], members: Vec<usize>, k: usize, region_km: f64) -> Vec<Vec<usize>> {
    let mut done = Vec::new();
    let mut todo = regions(quasi, members, k, region_km);
    while let Some(group) = todo.pop() {
        if group.len() < 2 * k {
            done.push(group);
            continue;
        }
        let min_side = if group.len() >= BALANCED_ABOVE_K * k { group.len() / 4 } else { k };
        let parent = loss(quasi, &group);
        let best = candidate_splits(quasi, &group, min_side)
            .into_iter()
            .map(|(l, r)| (parent - loss(quasi, &l) - loss(quasi, &r), l, r))
            .max_by(|a, b| a.0.total_cmp(&b.0));
        match best {
            Some((gain, l, r)) if gain > 1e-9 || group.len() >= BALANCED_ABOVE_K * k => {
                todo.push(l);
                todo.push(r);
            }
            _ => done.push(group),
        }
    }
    done
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
    })
}

/// The published quasi-identifiers of every person, `None` for those held back. Every
/// published combination occurs at least `k` times (for `k >= 1`).
pub fn anonymise(quasi: &[Quasi], k: usize) -> Vec<Option<Published>> {
    let k = k.max(1);
    let mut out = vec![None; quasi.len()];
    let places: Vec<Place> = quasi.iter().map(|q| q.place).collect();
    let lonely = isolated(&places, k, MAX_RADIUS_KM);
    let candidates: Vec<usize> = (0..quasi.len()).filter(|&i| !lonely[i]).collect();
    if candidates.len() < k {
        return out;
    }
    // First groups that keep the attributes employers filter on, within wide regions; then the
    // people those left out, in groups that keep geography tight.
    let mut left = candidates;
    for region_km in [WIDE_REGION_KM, TIGHT_REGION_KM] {
        let mut next = Vec::new();
        for mut group in partition(quasi, std::mem::take(&mut left), k, region_km) {
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
            if let Some(published) = publish_group(quasi, &group) {
                for &i in &group {
                    out[i] = Some(published.clone());
                }
            }
        }
        if next.len() < k {
            break;
        }
        left = next;
    }
    out
}

/// A quasi-identifier combination that occurs fewer than k times in a feed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{count} profile(s) share the quasi-identifiers of profile {example_id}; at least {k} must")]
pub struct Violation {
    /// One profile with the rare combination.
    pub example_id: String,
    /// How many share it.
    pub count: usize,
    /// The k required.
    pub k: usize,
}

/// The quasi-identifier combination of a published profile, comparable exactly.
fn key_of(p: &Profile) -> String {
    let mut langs: Vec<String> = p.languages.iter().map(|l| format!("{}:{}", l.lang, l.level)).collect();
    langs.sort();
    format!(
        "{}|{}|{:?}|{:?}|{}|{}|{}|{}|{}",
        p.area.postcode.qualified(),
        p.area.label,
        p.area.lat.to_bits(),
        p.area.lon.to_bits(),
        p.hours,
        p.available_from,
        p.contract_forms.bits(),
        p.job_coaching,
        langs.join(",")
    )
}

/// Checks that every quasi-identifier combination in `feed` occurs at least `k` times.
pub fn check(feed: &Feed, k: usize) -> Result<(), Violation> {
    let mut counts: HashMap<String, (usize, &str)> = HashMap::new();
    for p in &feed.profiles {
        counts.entry(key_of(p)).or_insert((0, p.id.as_str())).0 += 1;
    }
    match counts.into_values().filter(|(n, _)| *n < k).min_by_key(|(n, id)| (*n, id.to_string())) {
        Some((count, id)) => Err(Violation { example_id: id.to_owned(), count, k }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use talentbrug_core::{Country, Gazetteer};

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
        let people = vec![
            q("3000", (20, 30), 11, &[ContractForm::Temp, ContractForm::Internship], true, "nl:B1|fr:native"),
            q("3010", (24, 32), 12, &[ContractForm::Temp], true, "nl:native"),
            q("3001", (20, 30), 11, &[ContractForm::Temp], false, "nl:B2|ar:native"),
            q("3000", (30, 38), 11, &[ContractForm::Temp, ContractForm::Permanent], true, "nl:A2"),
            q("3012", (20, 30), 11, &[ContractForm::Temp], true, "nl:B1"),
        ];
        let out = anonymise(&people, 5);
        let p = out[0].clone().unwrap();
        assert!(out.iter().all(|o| o.as_ref() == Some(&p)), "one group of five");
        assert!(p.area.label.ends_with(" e.o."));
        assert_eq!(p.hours, Hours::new(20, 38).unwrap());
        assert_eq!(p.available_from, YearMonth::new(2026, 12).unwrap());
        assert_eq!(p.contract_forms.iter().collect::<Vec<_>>(), vec![ContractForm::Temp]);
        assert!(!p.job_coaching);
        assert_eq!(p.languages, vec!["nl:A2".parse().unwrap()]);
        assert_eq!(
            p.generalised(&people[0]),
            vec![
                Generalised::Area,
                Generalised::Hours,
                Generalised::AvailableFrom,
                Generalised::ContractForms,
                Generalised::JobCoaching,
                Generalised::Languages
            ]
        );
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
}
