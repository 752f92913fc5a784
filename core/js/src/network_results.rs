//! A network's search results as plain data: every member near the search is searched on its
//! own feed, and their best matches are merged into one ranking by the core's own order (score,
//! then distance, then id in tie order, [`talentbrug_core::tie`]), with ids as the widget pools
//! them (`id_member`): the tie order hashes the id up to the `_`, so that is the order each
//! member's own search used (the best of each are the best overall) and the widget's. People
//! with equal scores interleave across members and tiles; ordering by the namespaced id's text
//! would put one member's people before all others'. Each match names its member; members whose feed failed are listed
//! as `missing`, so the others' results are shown with a note rather than not at all.

use serde::Serialize;
use talentbrug_core::api::{PlaceOutput, ProfileOutput};
use talentbrug_core::network::Member;
use talentbrug_core::{search, FeedIndex, Query};

use crate::load_error::LoadError;

/// A member as a match names it: who coaches the person, where a request goes, its privacy page
/// (both absolute).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct MemberOutput {
    /// The member's id in the network.
    pub id: String,
    /// The name employers see.
    pub name: String,
    /// Where requests for its profiles go.
    pub request_url: String,
    /// Its privacy page.
    pub privacy_url: String,
}

impl MemberOutput {
    /// The member with its URLs resolved against its feed's origin.
    pub(crate) fn of(member: &Member) -> MemberOutput {
        MemberOutput {
            id: member.id.to_string(),
            name: member.name.clone(),
            request_url: member.resolve(&member.request_url),
            privacy_url: member.resolve(&member.privacy_url),
        }
    }
}

/// A member whose profiles are not in the results, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct MissingOutput {
    /// The member's id.
    pub id: String,
    /// Its name, for the one line that says whose profiles are missing.
    pub name: String,
    /// The stable code of what went wrong ([`LoadError::reason`]).
    pub reason: &'static str,
    /// What went wrong, in words.
    pub message: String,
}

impl MissingOutput {
    /// The member, missing because of `error`.
    pub(crate) fn new(member: &Member, error: &LoadError) -> MissingOutput {
        MissingOutput { id: member.id.to_string(), name: member.name.clone(), reason: error.reason(), message: error.to_string() }
    }
}

/// One match of a network search.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct NetworkMatchOutput<'a> {
    /// The namespaced id, unique in the network: `member/profile`.
    pub id: String,
    /// Score 0-100.
    pub score: u32,
    /// `<5`, `5-10`, `10-20` or `20+`.
    pub distance_band: &'static str,
    /// Reason codes.
    pub why: Vec<String>,
    /// The profile as its member published it (its `id` is the one the member's inbox knows).
    pub profile: ProfileOutput<'a>,
    /// Who coaches the person.
    pub member: MemberOutput,
}

/// The answer to a network search.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct NetworkSearchOutput<'a> {
    /// Where the search was centred.
    pub origin: PlaceOutput,
    /// All matches of all members before the limit.
    pub total: usize,
    /// The best matches across the members.
    pub matches: Vec<NetworkMatchOutput<'a>>,
    /// Members near the search whose profiles could not be read.
    pub missing: Vec<MissingOutput>,
}

/// A member's feed, ready to search.
pub(crate) struct MemberFeed<'a> {
    /// The member.
    pub member: &'a Member,
    /// Its profiles near the search (and any others fetched before).
    pub index: &'a FeedIndex,
}

/// Searches each member's feed and merges the best `limit` matches.
pub(crate) fn search_members<'a>(
    origin: PlaceOutput,
    feeds: &[MemberFeed<'a>],
    query: &Query,
    limit: usize,
    missing: Vec<MissingOutput>,
) -> NetworkSearchOutput<'a> {
    struct Candidate<'a> {
        id: String,
        distance_km: f64,
        feed: usize,
        found: search::Match<'a>,
        /// The id as the widget pools it (`id_member`).
        pooled: String,
    }
    let mut total = 0;
    let mut candidates = Vec::new();
    for (i, feed) in feeds.iter().enumerate() {
        let result = search::search(feed.index, query, limit);
        total += result.total;
        candidates.extend(result.matches.into_iter().map(|m| Candidate {
            id: feed.member.id.namespaced(m.profile.id.as_str()),
            pooled: format!("{}_{}", m.profile.id, feed.member.id),
            distance_km: m.distance_km(),
            feed: i,
            found: m,
        }));
    }
    candidates.sort_by(|a, b| {
        b.found
            .score
            .cmp(&a.found.score)
            .then(a.distance_km.total_cmp(&b.distance_km))
            .then_with(|| talentbrug_core::tie::tie_order(&a.pooled, &b.pooled))
    });
    candidates.truncate(limit);
    let members: Vec<MemberOutput> = feeds.iter().map(|f| MemberOutput::of(f.member)).collect();
    let matches = candidates
        .into_iter()
        .map(|c| NetworkMatchOutput {
            id: c.id,
            score: c.found.score,
            distance_band: c.found.distance_band.code(),
            why: c.found.why.iter().map(|r| r.code()).collect(),
            profile: ProfileOutput::new(feeds[c.feed].index, c.found.profile),
            member: members[c.feed].clone(),
        })
        .collect();
    NetworkSearchOutput { origin, total, matches, missing }
}

#[cfg(test)]
mod tests {
    use super::*;
    use talentbrug_core::api::{run_query, QueryInput};
    use talentbrug_core::YearMonth;

    const WAREHOUSE: &str = "040fcfa5-24be-43eb-afd5-828297175b16";

    fn profile(id: &str, postcode: &str, lat: f64, lon: f64, talent: &str) -> String {
        format!(
            r#"{{"id":"{id}","area":{{"postcode":"{postcode}","label":"x","lat":{lat},"lon":{lon}}},
            "reach_km":20,"travel_modes":["bike"],"occupations":["{WAREHOUSE}"],
            "talents":["{talent}"],"strengths":["punctual"],"languages":[{{"lang":"nl","level":"B1"}}],
            "hours":{{"min":20,"max":30}},"shifts":["day"],"available_from":"2026-01",
            "contract_forms":["temp"],"job_coaching":true,"workplace_needs":[]}}"#
        )
    }

    fn index(profiles: &[String]) -> FeedIndex {
        let json = format!(
            r#"{{"format":"talentbrug-feed/1",
            "publisher":{{"name":"P","contact":"p@p.example","request_url":"/api/requests","privacy_url":"/privacy.html"}},
            "issued_at":"2026-01-01T00:00:00Z","expires_at":"2026-02-01T00:00:00Z","sequence":1,
            "occupations":{{"{WAREHOUSE}":{{"label":"magazijnmedewerker"}}}},"profiles":[{}]}}"#,
            profiles.join(",")
        );
        FeedIndex::parse(json.as_bytes()).unwrap()
    }

    fn member(id: &str) -> Member {
        serde_json::from_str(&format!(
            r#"{{"id":"{id}","name":"Org {id}","feed":"https://{id}.example:8443/feed/manifest.json",
            "public_key":"6obzRhu0w3hPHt5yApjc2nKBXv97uCVsuYmQZk51aIE=","request_url":"/api/requests",
            "privacy_url":"https://{id}.example/privacy","bbox":[4.6,50.8,4.8,50.95]}}"#
        ))
        .unwrap()
    }

    #[test]
    fn members_merge_into_the_ranking_of_one_pooled_feed() {
        let a = index(&[profile("p1", "BE-3000", 50.8796, 4.7009, "packing"), profile("p2", "BE-3001", 50.8643, 4.696, "cleaning")]);
        let b = index(&[profile("p1", "BE-3000", 50.8796, 4.7009, "packing"), profile("q", "BE-3010", 50.8855, 4.7372, "packing")]);
        // The same data as one feed, ids namespaced as the widget pools them (`id_member`).
        let pooled = index(&[
            profile("p1_ocmw", "BE-3000", 50.8796, 4.7009, "packing"),
            profile("p2_ocmw", "BE-3001", 50.8643, 4.696, "cleaning"),
            profile("p1_maatwerk", "BE-3000", 50.8796, 4.7009, "packing"),
            profile("q_maatwerk", "BE-3010", 50.8855, 4.7372, "packing"),
        ]);
        let (ocmw, maatwerk) = (member("ocmw"), member("maatwerk"));
        let input: QueryInput = serde_json::from_str(r#"{"postcode":"3000","talents":["packing"],"limit":3}"#).unwrap();
        let today = YearMonth::new(2026, 1).unwrap();
        let (query, place, limit) = input.to_query(today).unwrap();
        let feeds = [MemberFeed { member: &ocmw, index: &a }, MemberFeed { member: &maatwerk, index: &b }];
        let out = search_members((&place).into(), &feeds, &query, limit, Vec::new());
        let expected = run_query(&pooled, &input, today).unwrap();
        assert_eq!(out.total, expected.total);
        let pooled_id = |id: &str| id.split_once('/').map(|(member, id)| format!("{id}_{member}")).unwrap_or_default();
        let ids: Vec<String> = out.matches.iter().map(|m| pooled_id(&m.id)).collect();
        let expected_ids: Vec<&str> = expected.matches.iter().map(|m| m.id).collect();
        assert_eq!(ids, expected_ids);
        // Both members published `p1`: one tie key (the hash stops at `_`), then the pooled id.
        assert_eq!(ids, ["p1_maatwerk", "p1_ocmw", "q_maatwerk"], "ties in score and distance go in tie order");
        let first = &out.matches[0];
        assert_eq!(first.profile.profile.id.as_str(), "p1", "the profile keeps the id its member published");
        assert_eq!(first.member.request_url, "https://maatwerk.example:8443/api/requests");
        assert_eq!(first.member.name, "Org maatwerk");
    }
}
