//! The search's semantics, held to the naive definition of a match (`matches_naively`) by
//! property tests, plus the boundary and filter rules spelled out case by case.

use std::collections::BTreeMap;

use proptest::prelude::*;
use talentbrug_core::occupation::OccupationLabels;
use talentbrug_core::profile::{Area, LanguageSkill, ReachKm};
use talentbrug_core::reach::haversine_km;
use talentbrug_core::search::{matches_naively, Origin};
use talentbrug_core::vocabulary::{Cefr, ContractForm, Shift, Talent};
use talentbrug_core::*;

const OCCUPATIONS: [&str; 3] =
    ["00000000-0000-0000-0000-000000000001", "00000000-0000-0000-0000-000000000002", "00000000-0000-0000-0000-000000000003"];

fn esco(i: usize) -> EscoId {
    OCCUPATIONS[i].parse().unwrap()
}

fn profile(id: &str, lat: f64, lon: f64, reach: f64) -> Profile {
    Profile {
        id: id.parse().unwrap(),
        area: Area::new(Postcode::new(Country::Be, 3000).unwrap(), "Leuven".into(), lat, lon).unwrap(),
        reach_km: ReachKm::new(reach).unwrap(),
        travel_modes: CodeSet::new(),
        occupations: vec![esco(0)],
        occupation_groups: Vec::new(),
        talents: CodeSet::new(),
        strengths: CodeSet::new(),
        languages: vec!["nl:B1".parse().unwrap()],
        hours: Hours::new(20, 30).unwrap(),
        shifts: [Shift::Day].into_iter().collect(),
        available_from: "2026-11".parse().unwrap(),
        contract_forms: [ContractForm::Temp].into_iter().collect(),
        job_coaching: false,
        workplace_needs: CodeSet::new(),
        pitch: None,
    }
}

fn index(profiles: Vec<Profile>) -> FeedIndex {
    let occupations: BTreeMap<EscoId, OccupationLabels> =
        (0..3).map(|i| (esco(i), OccupationLabels::dutch(format!("beroep {i}"), vec![]))).collect();
    FeedIndex::new(Feed {
        format: "talentbrug-feed/1".into(),
        publisher: Publisher {
            name: "Test".into(),
            contact: "t@example.org".into(),
            request_url: "/api/requests".into(),
            privacy_url: "/privacy".into(),
        },
        issued_at: "2026-11-01T00:00:00Z".parse().unwrap(),
        expires_at: "2026-12-01T00:00:00Z".parse().unwrap(),
        sequence: 1,
        occupations,
        occupation_groups: Default::default(),
        profiles,
    })
}

const LEUVEN: Origin = Origin { lat: 50.8796, lon: 4.7009 };

fn query(radius: f64) -> Query {
    Query::new(LEUVEN, RadiusKm::new(radius).unwrap(), "2026-11".parse().unwrap())
}

fn ids(index: &FeedIndex, q: &Query) -> Vec<String> {
    search(index, q, usize::MAX).matches.iter().map(|m| m.profile.id.to_string()).collect()
}

#[test]
fn distance_must_be_strictly_below_radius_and_reach() {
    let (lat, lon) = (50.9151, 5.32285); // Hasselt, 43.8 km away
    let d = haversine_km(LEUVEN.lat, LEUVEN.lon, lat, lon);
    let idx = index(vec![profile("far", lat, lon, 100.0)]);
    assert!(ids(&idx, &query(d)).is_empty(), "distance == radius is not a match");
    assert_eq!(ids(&idx, &query(d + 1e-9)), ["far"]);
    let idx = index(vec![profile("reach", lat, lon, d)]);
    assert!(ids(&idx, &query(100.0)).is_empty(), "distance == reach is not a match");
    let idx = index(vec![profile("reach", lat, lon, d + 1e-9)]);
    assert_eq!(ids(&idx, &query(100.0)), ["reach"]);
}

#[test]
fn reach_is_reciprocal() {
    // 43.8 km apart: the employer looks 50 km, but the person only travels 30 km.
    let idx = index(vec![profile("p", 50.9151, 5.32285, 30.0)]);
    assert!(ids(&idx, &query(50.0)).is_empty());
}

#[test]
fn hours_overlap_with_inclusive_bounds() {
    let idx = index(vec![profile("p", LEUVEN.lat, LEUVEN.lon, 10.0)]);
    let mut q = query(10.0);
    q.hours = Some(Hours::new(30, 38).unwrap());
    assert_eq!(ids(&idx, &q), ["p"], "20-30 overlaps 30-38");
    q.hours = Some(Hours::new(31, 38).unwrap());
    assert!(ids(&idx, &q).is_empty());
    q.hours = Some(Hours::new(10, 20).unwrap());
    assert_eq!(ids(&idx, &q), ["p"]);
}

#[test]
fn list_filters() {
    let mut p = profile("p", LEUVEN.lat, LEUVEN.lon, 10.0);
    p.shifts = [Shift::Day, Shift::Evening].into_iter().collect();
    p.languages = vec!["nl:B1".parse().unwrap(), "fr:native".parse().unwrap()];
    let idx = index(vec![p]);
    let check = |f: &dyn Fn(&mut Query), expect: bool| {
        let mut q = query(10.0);
        f(&mut q);
        assert_eq!(!ids(&idx, &q).is_empty(), expect, "{q:?}");
    };
    check(&|q| q.occupations = vec![esco(1), esco(0)], true);
    check(&|q| q.occupations = vec![esco(1)], false);
    check(&|q| q.contract_forms = [ContractForm::Permanent, ContractForm::Temp].into_iter().collect(), true);
    check(&|q| q.contract_forms = [ContractForm::Permanent].into_iter().collect(), false);
    check(&|q| q.shifts = [Shift::Day, Shift::Evening].into_iter().collect(), true);
    check(&|q| q.shifts = [Shift::Day, Shift::Night].into_iter().collect(), false);
    check(&|q| q.available_by = Some("2026-11".parse().unwrap()), true);
    check(&|q| q.available_by = Some("2026-10".parse().unwrap()), false);
    check(&|q| q.languages = vec![LanguageSkill { lang: "nl".parse().unwrap(), level: Cefr::B1 }], true);
    check(&|q| q.languages = vec![LanguageSkill { lang: "nl".parse().unwrap(), level: Cefr::B2 }], false);
    check(&|q| q.languages = vec![LanguageSkill { lang: "fr".parse().unwrap(), level: Cefr::C2 }], true);
    check(&|q| q.languages = vec![LanguageSkill { lang: "en".parse().unwrap(), level: Cefr::A1 }], false);
    // Soft criteria never exclude.
    check(&|q| q.talents = [Talent::Welding].into_iter().collect(), true);
}

#[test]
fn ranking_is_score_then_distance_then_id_in_tie_order_and_total_counts_all() {
    let mut near = profile("b-near", LEUVEN.lat + 0.01, LEUVEN.lon, 20.0);
    near.talents = [Talent::Packing].into_iter().collect();
    let mut skilled = profile("c-skilled", LEUVEN.lat + 0.05, LEUVEN.lon, 20.0);
    skilled.talents = [Talent::Packing, Talent::OrderPicking].into_iter().collect();
    let twin = profile("a-twin", LEUVEN.lat + 0.03, LEUVEN.lon, 20.0);
    let twin2 = profile("a-twin2", LEUVEN.lat + 0.03, LEUVEN.lon, 20.0);
    let idx = index(vec![twin2, near, skilled, twin]);
    let mut q = query(15.0);
    q.talents = [Talent::Packing, Talent::OrderPicking].into_iter().collect();
    // Equal score and distance: in tie order, a hash of the id (`talentbrug_core::tie`).
    let mut twins = ["a-twin", "a-twin2"];
    twins.sort_by(|a, b| talentbrug_core::tie::tie_order(a, b));
    assert_eq!(ids(&idx, &q), ["c-skilled", "b-near", twins[0], twins[1]]);
    let top = search(&idx, &q, 2);
    assert_eq!(top.total, 4);
    assert_eq!(top.matches.len(), 2);
    assert_eq!(top.matches[0].why.iter().map(|r| r.code()).collect::<Vec<_>>()[0], "talents:2/2");
}

fn arb_profile(i: usize) -> impl Strategy<Value = Profile> {
    (50.4f64..51.4, 4.2f64..5.2, 1.0f64..30.0, any::<u64>(), 1u8..40, 0u8..20, 0u32..6, any::<bool>(), 0usize..3).prop_map(
        move |(lat, lon, reach, bits, hmin, hspan, avail, coach, occ)| {
            let mut p = profile(&format!("p{i:03}"), lat, lon, reach);
            p.talents = CodeSet::from_bits(bits);
            p.shifts = CodeSet::from_bits(bits >> 20);
            p.contract_forms = CodeSet::from_bits(bits >> 30);
            p.hours = Hours::new(hmin, (hmin + hspan).min(60)).unwrap();
            p.available_from = YearMonth::new(2026, 9).unwrap().plus_months(avail);
            p.job_coaching = coach;
            p.occupations = vec![esco(occ)];
            if bits & 1 == 0 {
                p.languages.push("fr:A2".parse().unwrap());
            }
            p
        },
    )
}

fn arb_query() -> impl Strategy<Value = Query> {
    (
        50.5f64..51.3,
        4.3f64..5.1,
        prop::sample::select(vec![5.0, 10.0, 15.0, 25.0]),
        any::<u64>(),
        prop::option::of((1u8..40, 0u8..20)),
        prop::option::of(0u32..6),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(lat, lon, radius, bits, hours, avail, with_occ, with_lang)| {
            let mut q = Query::new(Origin { lat, lon }, RadiusKm::new(radius).unwrap(), "2026-11".parse().unwrap());
            q.talents = CodeSet::from_bits(bits);
            q.shifts = CodeSet::from_bits((bits >> 20) & 0b11 & (bits >> 40));
            q.contract_forms = CodeSet::from_bits((bits >> 30) & (bits >> 50));
            q.hours = hours.map(|(a, s)| Hours::new(a, (a + s).min(60)).unwrap());
            q.available_by = avail.map(|m| YearMonth::new(2026, 9).unwrap().plus_months(m));
            if with_occ {
                q.occupations = vec![esco((bits % 3) as usize)];
            }
            if with_lang {
                q.languages = vec![LanguageSkill { lang: "fr".parse().unwrap(), level: Cefr::A1 }];
            }
            q
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn search_finds_exactly_the_naive_matches_in_rank_order(
        profiles in (0usize..60).prop_flat_map(|n| (0..n).map(arb_profile).collect::<Vec<_>>()),
        q in arb_query(),
        limit in 0usize..30,
    ) {
        let expected: Vec<String> = profiles.iter().filter(|p| matches_naively(p, &q)).map(|p| p.id.to_string()).collect();
        let idx = index(profiles);
        let all = search(&idx, &q, usize::MAX);
        let mut found: Vec<String> = all.matches.iter().map(|m| m.profile.id.to_string()).collect();
        prop_assert_eq!(all.total, expected.len());
        for w in all.matches.windows(2) {
            // Ties in tie order: a hash of the id, then the id (`talentbrug_core::tie`).
            let id = |m: &talentbrug_core::search::Match| m.profile.id.to_string();
            let key = |m: &talentbrug_core::search::Match| (std::cmp::Reverse(m.score), m.distance_km(), talentbrug_core::tie::tie_key(&id(m)), id(m));
            prop_assert!(key(&w[0]) <= key(&w[1]), "not in rank order");
        }
        for m in &all.matches {
            prop_assert!(m.distance_km() < q.radius.km() && m.distance_km() < m.profile.reach_km.km());
            prop_assert_eq!(m.distance_band, talentbrug_core::reach::DistanceBand::of_km(m.distance_km()));
        }
        let limited = search(&idx, &q, limit);
        prop_assert_eq!(limited.total, expected.len());
        prop_assert_eq!(limited.matches.iter().map(|m| m.profile.id.to_string()).collect::<Vec<_>>(), found[..limit.min(found.len())].to_vec());
        found.sort();
        prop_assert_eq!(found, expected);
    }
}

#[test]
fn an_occupation_finds_profiles_that_show_only_its_isco_group() {
    let mut grouped = profile("grouped", LEUVEN.lat, LEUVEN.lon, 10.0);
    grouped.occupations.clear();
    grouped.occupation_groups = vec!["83".parse().unwrap()];
    let exact = profile("exact", LEUVEN.lat, LEUVEN.lon, 10.0);
    let mut feed = index(vec![grouped, exact]).feed().clone();
    feed.occupation_groups.insert(
        "83".parse().unwrap(),
        talentbrug_core::occupation::OccupationGroup {
            label: "heftruckchauffeur e.a.".into(),
            occupations: vec![esco(1)],
            ..Default::default()
        },
    );
    feed.check().unwrap();
    let idx = FeedIndex::new(feed);
    let mut q = query(10.0);
    q.occupations = vec![esco(1)];
    assert_eq!(ids(&idx, &q), ["grouped"], "esco(1) is in group 83");
    let hit = &search(&idx, &q, 1).matches[0];
    assert_eq!(hit.why[0], talentbrug_core::explain::Reason::OccupationGroup("83".parse().unwrap()));
    q.occupations = vec![esco(0)];
    assert_eq!(ids(&idx, &q), ["exact"]);
    q.occupations.clear();
    q.occupation_groups = vec!["83".parse().unwrap()];
    assert_eq!(ids(&idx, &q), ["grouped"]);
    let group: IscoGroup = "8344".parse().unwrap();
    assert!("83".parse::<IscoGroup>().unwrap().contains(group) && group.truncated(2).to_string() == "83");
    assert!("12345".parse::<IscoGroup>().is_err() && "83a".parse::<IscoGroup>().is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// What the occupation filter shows next to each suggestion: how many profiles the query
    /// would find with that occupation alone, counted naively, and what `search` finds for it.
    #[test]
    fn occupation_counts_are_what_each_occupation_would_find(
        profiles in (0usize..50).prop_flat_map(|n| (0..n).map(|i| (arb_profile(i), any::<bool>())).collect::<Vec<_>>()),
        q in arb_query(),
    ) {
        // Some profiles show only ISCO group 83, which lists occupations 1 and 2.
        let profiles: Vec<Profile> = profiles
            .into_iter()
            .map(|(mut p, grouped)| {
                if grouped {
                    p.occupations.clear();
                    p.occupation_groups = vec!["83".parse().unwrap()];
                }
                p
            })
            .collect();
        let group = talentbrug_core::occupation::OccupationGroup {
            label: "beroep 1 e.a.".into(),
            occupations: vec![esco(1), esco(2)],
            ..Default::default()
        };
        let mut feed = index(profiles.clone()).feed().clone();
        feed.occupation_groups.insert("83".parse().unwrap(), group);
        let idx = FeedIndex::new(feed);
        let counts = talentbrug_core::search::occupation_counts(&idx, Some(&q));
        let unfiltered = Query { occupations: Vec::new(), ..q.clone() };
        for i in 0..3 {
            let wants = |p: &Profile| p.occupations.contains(&esco(i)) || (i > 0 && !p.occupation_groups.is_empty());
            let naive = profiles.iter().filter(|p| matches_naively(p, &unfiltered) && wants(p)).count();
            prop_assert_eq!(counts.get(&esco(i)).copied().unwrap_or(0), naive, "occupation {}", i);
            let alone = Query { occupations: vec![esco(i)], ..q.clone() };
            prop_assert_eq!(naive, search(&idx, &alone, 0).total);
        }
        prop_assert!(counts.values().all(|&n| n > 0), "only occupations someone in reach wants");
        let everyone = talentbrug_core::search::occupation_counts(&idx, None);
        for i in 0..3 {
            let wants = |p: &&Profile| p.occupations.contains(&esco(i)) || (i > 0 && !p.occupation_groups.is_empty());
            prop_assert_eq!(everyone.get(&esco(i)).copied().unwrap_or(0), profiles.iter().filter(wants).count());
        }
    }
}

/// A few languages, at random levels, each at most once.
fn arb_languages(most: usize) -> impl Strategy<Value = Vec<LanguageSkill>> {
    const LANGS: [&str; 8] = ["nl", "fr", "en", "de", "ar", "tr", "aa", "zz"];
    prop::sample::subsequence(LANGS.to_vec(), 0..=most).prop_flat_map(|langs| {
        let n = langs.len();
        (Just(langs), prop::collection::vec(prop::sample::select(Cefr::ALL.to_vec()), n)).prop_map(|(langs, levels)| {
            langs.iter().zip(levels).map(|(lang, level)| LanguageSkill { lang: lang.parse().unwrap(), level }).collect()
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// The index keeps up to four languages per profile in its rows and reads the profile for
    /// more: either way the language filter is the profile's.
    #[test]
    fn the_language_filter_is_the_profiles_with_any_number_of_languages(
        langs in prop::collection::vec(arb_languages(7), 1..40),
        asked in arb_languages(3),
    ) {
        let profiles: Vec<Profile> = langs
            .into_iter()
            .enumerate()
            .map(|(i, languages)| Profile { languages, ..profile(&format!("p{i:03}"), 50.88, 4.70 + i as f64 * 0.001, 30.0) })
            .collect();
        let mut q = query(20.0);
        q.languages = asked;
        let mut expected: Vec<String> = profiles.iter().filter(|p| matches_naively(p, &q)).map(|p| p.id.to_string()).collect();
        let mut found = ids(&index(profiles), &q);
        found.sort();
        expected.sort();
        prop_assert_eq!(found, expected);
    }
}
