//! Who receives a vacancy: the organisations whose people in the pool match it, found in the
//! browser with the core search, each with the ids it published of the people who fit (as that
//! organisation knows them, not the widget's namespaced ids) and how many they are. Pure, so
//! the rule is tested natively.

use talentbrug_core::search::search;
use talentbrug_core::Query;

use crate::pool::{LoadedFeed, Org};

/// Most matching people searched for in all: more than any vacancy form's preview needs, few
/// enough that explaining each match stays quick.
const MOST_SEARCHED: usize = 5_000;

/// One organisation that receives the vacancy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recipient {
    /// The organisation.
    pub org: Org,
    /// How many of its people fit.
    pub count: usize,
    /// The ids it published of the best of them, at most `most` (see [`recipients`]).
    pub ids: Vec<String>,
}

/// The organisations of `feed` with people who fit `query`, in the pool's order of
/// organisations, each with at most `most` of their ids (the best first).
pub fn recipients(feed: &LoadedFeed, query: &Query, most: usize) -> Vec<Recipient> {
    let total = search(&feed.index, query, 0).total;
    let found = search(&feed.index, query, total.min(MOST_SEARCHED));
    let mut out: Vec<Recipient> = feed.orgs.iter().map(|org| Recipient { org: org.clone(), count: 0, ids: Vec::new() }).collect();
    for m in &found.matches {
        let Some((org, published)) = feed.owner(&m.profile.id) else { continue };
        let Some(r) = out.iter_mut().find(|r| r.org == *org) else { continue };
        r.count += 1;
        if r.ids.len() < most {
            r.ids.push(published.as_str().to_owned());
        }
    }
    out.retain(|r| r.count > 0);
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use talentbrug_core::search::Origin;
    use talentbrug_core::{Profile, RadiusKm};

    use super::*;
    use crate::pool::tests::org;
    use crate::pool::Part;

    /// A person in Leuven with `hours` a week.
    fn profile(id: &str, hours: (u8, u8)) -> Profile {
        let json = format!(
            r#"{{"id":"{id}","area":{{"postcode":"BE-3000","label":"Leuven","lat":50.879,"lon":4.701}},"reach_km":12,
            "travel_modes":[],"occupations":[],"talents":[],"strengths":[],"languages":[],"hours":{{"min":{},"max":{}}},
            "shifts":["day"],"available_from":"2026-11","contract_forms":["temp"],"job_coaching":false,"workplace_needs":[]}}"#,
            hours.0, hours.1
        );
        serde_json::from_str(&json).unwrap()
    }

    fn part(org: Org, people: &[(&str, (u8, u8))]) -> Part {
        let profiles: Vec<Profile> = people.iter().map(|(id, h)| profile(id, *h)).collect();
        let details = vec![None; profiles.len()];
        Part { org, occupations: BTreeMap::new(), occupation_groups: BTreeMap::new(), profiles, details }
    }

    fn leuven(hours: Option<(u8, u8)>) -> Query {
        let mut q = Query::new(Origin { lat: 50.879, lon: 4.701 }, RadiusKm::new(10.0).unwrap(), "2026-11".parse().unwrap());
        q.hours = hours.map(|(a, b)| talentbrug_core::Hours::new(a, b).unwrap());
        q
    }

    #[test]
    fn only_organisations_with_people_who_fit_receive_it_with_their_own_ids() {
        let (a, b, c) = (org(Some("ocmw"), "ocmw"), org(Some("werkplaats"), "werkplaats"), org(Some("interim"), "interim"));
        let parts = vec![
            part(a.clone(), &[("p1", (20, 30)), ("p2", (30, 38)), ("p3", (10, 15))]),
            part(b.clone(), &[("p1", (10, 15))]),
            part(c.clone(), &[("q9", (24, 32))]),
        ];
        let pool = LoadedFeed::pool(org(None, "stad"), parts, true, vec![]).unwrap();
        let got = recipients(&pool, &leuven(Some((25, 38))), 50);
        let mut ids: Vec<(String, usize, Vec<String>)> = got.into_iter().map(|r| (r.org.name, r.count, r.ids)).collect();
        ids.iter_mut().for_each(|r| r.2.sort());
        assert_eq!(
            ids,
            vec![("ocmw".into(), 2, vec!["p1".into(), "p2".into()]), ("interim".into(), 1, vec!["q9".into()])],
            "the published ids, not the pool's p1_ocmw; not the social workplace"
        );
        assert!(recipients(&pool, &leuven(Some((1, 5))), 50).is_empty(), "nobody fits: nobody receives it");
    }

    #[test]
    fn at_most_the_given_number_of_ids_but_every_person_counts_and_a_single_feed_is_one_organisation() {
        let a = org(None, "werkpunt");
        let people: Vec<(String, (u8, u8))> = (0..7).map(|i| (format!("p{i}"), (20, 30))).collect();
        let people: Vec<(&str, (u8, u8))> = people.iter().map(|(id, h)| (id.as_str(), *h)).collect();
        let pool = LoadedFeed::pool(a.clone(), vec![part(a.clone(), &people)], false, vec![]).unwrap();
        let got = recipients(&pool, &leuven(None), 5);
        assert_eq!(got.len(), 1);
        assert_eq!((&got[0].org, got[0].count, got[0].ids.len()), (&a, 7, 5));
    }
}
