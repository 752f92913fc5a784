//! The profiles the widget searches, as one pool: from one organisation's feed, or from every
//! member of a network whose profiles can reach the search. Each profile keeps which
//! organisation coaches it ([`Org`]): the card names it, and a request goes to its inbox with the
//! id that organisation published.
//!
//! In a network two members may publish the same id, so pooled ids are namespaced by member:
//! `id_member` (member ids never hold `_`, so the last `_` splits them; not `member/id` as the
//! npm package writes them, because a profile id holds no `/`). The search breaks ties by a hash
//! of the id ([`talentbrug_core::tie`]), so people with equal scores interleave across members
//! instead of one member's coming first. An id
//! too long to namespace (over 64
//! characters in all) is left out, with a warning in the console.
//!
//! Pure: the fetching and checking are in [`crate::tiles_source`].

use std::collections::BTreeMap;
use std::rc::Rc;

use talentbrug_core::calendar::Timestamp;
use talentbrug_core::feed::FORMAT_V1;
use talentbrug_core::manifest::Manifest;
use talentbrug_core::network::MemberId;
use talentbrug_core::occupation::{OccupationGroup, OccupationLabels};
use talentbrug_core::profile::IscoGroup;
use talentbrug_core::tile::DetailRef;
use talentbrug_core::{EscoId, Feed, FeedError, FeedIndex, Profile, ProfileId, Publisher};

/// A coaching organisation whose profiles are in the pool, with its addresses made absolute.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Org {
    /// The member id in a network; `None` for a single feed.
    pub member: Option<MemberId>,
    /// Name shown to employers.
    pub name: String,
    /// Its contact (e-mail address or phone).
    pub contact: String,
    /// Where its blind-interview requests go (absolute).
    pub request_url: String,
    /// Its privacy text (absolute).
    pub privacy_url: String,
}

/// Where a profile's pitch is: the detail chunk its tile lists (fetched when its card shows,
/// checked against the hash the tile lists) and its row in that chunk.
#[derive(Clone, Debug, PartialEq)]
pub struct DetailLink {
    /// The chunk's absolute URL.
    pub url: Rc<str>,
    /// The chunk as its (signed) tile lists it.
    pub chunk: DetailRef,
    /// The profile's row in the chunk.
    pub row: usize,
}

/// One organisation's part of the pool: who it is, its signed labels and the profiles loaded
/// for the search.
#[derive(Clone, Debug)]
pub struct Part {
    /// The organisation.
    pub org: Org,
    /// Its occupation labels.
    pub occupations: BTreeMap<EscoId, OccupationLabels>,
    /// Its occupation group labels.
    pub occupation_groups: BTreeMap<IscoGroup, OccupationGroup>,
    /// Its profiles near the search.
    pub profiles: Vec<Profile>,
    /// Where each profile's pitch is (same order as `profiles`; `None` for no pitch).
    pub details: Vec<Option<DetailLink>>,
}

impl Part {
    /// A feed v2 part: the manifest's labels and the profiles of its tiles, with where their
    /// pitches are.
    pub fn of_manifest(org: Org, manifest: &Manifest, profiles: Vec<Profile>, details: Vec<Option<DetailLink>>) -> Part {
        let (occupations, occupation_groups) = (manifest.occupations.clone(), manifest.occupation_groups.clone());
        Part { org, occupations, occupation_groups, profiles, details }
    }
}

/// A feed ready to search, with the organisations behind its profiles.
#[derive(Debug)]
pub struct LoadedFeed {
    /// The indexed pool.
    pub index: FeedIndex,
    /// Who the footer names: the organisation, or the network's operator.
    pub host: Org,
    /// The organisations in the pool.
    pub orgs: Vec<Org>,
    /// For a network: each pooled id's organisation (position in `orgs`) and published id.
    owners: BTreeMap<ProfileId, (usize, ProfileId)>,
    /// Organisations whose profiles could not be loaded for this search (unreachable, expired,
    /// refused): the widget says so in one line.
    pub missing: Vec<String>,
    /// Where each pooled profile's pitch is (in the detail chunks its tile lists).
    details: BTreeMap<ProfileId, DetailLink>,
}

impl LoadedFeed {
    /// The pool of `parts` under `host` (whose identity the pooled feed carries). With `network`
    /// the ids are namespaced by member; otherwise the single part's ids stay as published.
    pub fn pool(host: Org, parts: Vec<Part>, network: bool, missing: Vec<String>) -> Result<LoadedFeed, FeedError> {
        let mut occupations = BTreeMap::new();
        let mut occupation_groups = BTreeMap::new();
        let mut profiles = Vec::new();
        let mut owners = BTreeMap::new();
        let mut details = BTreeMap::new();
        let mut orgs = Vec::new();
        for (at, part) in parts.into_iter().enumerate() {
            for (id, labels) in part.occupations {
                occupations.entry(id).or_insert(labels);
            }
            for (code, group) in part.occupation_groups {
                occupation_groups.entry(code).or_insert(group);
            }
            let links = part.details.into_iter().chain(core::iter::repeat(None));
            for (mut profile, link) in part.profiles.into_iter().zip(links) {
                if let (true, Some(member)) = (network, &part.org.member) {
                    let Some(pooled) = namespaced(member, &profile.id) else {
                        web_warn(&format!("talent-brug: profile {} of {} has an id too long to show in a network", profile.id, member));
                        continue;
                    };
                    owners.insert(pooled.clone(), (at, core::mem::replace(&mut profile.id, pooled)));
                }
                if let Some(link) = link {
                    details.insert(profile.id.clone(), link);
                }
                profiles.push(profile);
            }
            orgs.push(part.org);
        }
        let feed = Feed {
            format: FORMAT_V1.to_owned(),
            publisher: publisher_of(&host),
            // The pool is checked by its parts' signed manifests, not by a date of its own.
            issued_at: Timestamp::from_unix_seconds(0),
            expires_at: Timestamp::from_unix_seconds(253_402_300_799),
            sequence: 0,
            occupations,
            occupation_groups,
            profiles,
        };
        // The parts' heads were checked with their manifests, their profiles with their tiles:
        // what is left to check spans the parts (ids, labels), and the index sorts ids anyway.
        Ok(LoadedFeed { index: FeedIndex::checked(feed)?, host, orgs, owners, missing, details })
    }

    /// Where the pooled profile `id`'s pitch is, when it is in a detail chunk.
    pub fn detail(&self, id: &ProfileId) -> Option<&DetailLink> {
        self.details.get(id)
    }

    /// The organisation that coaches the pooled profile `id`, and the id it published.
    pub fn owner(&self, id: &ProfileId) -> Option<(&Org, &ProfileId)> {
        match self.owners.get(id) {
            Some((at, published)) => Some((&self.orgs[*at], published)),
            None if self.owners.is_empty() => {
                let profile = self.index.profile(id.as_str())?;
                self.orgs.first().map(|o| (o, &profile.id))
            }
            None => None,
        }
    }

    /// Whether the pool holds profiles of more than one organisation's feed (a network).
    pub fn is_network(&self) -> bool {
        !self.owners.is_empty() || self.orgs.iter().any(|o| o.member.is_some())
    }
}

/// `id_member`, if it is a valid profile id.
fn namespaced(member: &MemberId, id: &ProfileId) -> Option<ProfileId> {
    format!("{}_{}", id.as_str(), member.as_str()).parse().ok()
}

/// The pooled feed's publisher block: the host's identity.
fn publisher_of(org: &Org) -> Publisher {
    Publisher {
        name: org.name.clone(),
        contact: org.contact.clone(),
        request_url: org.request_url.clone(),
        privacy_url: org.privacy_url.clone(),
    }
}

fn web_warn(message: &str) {
    #[cfg(target_arch = "wasm32")]
    web_sys::console::warn_1(&message.into());
    #[cfg(not(target_arch = "wasm32"))]
    let _ = message;
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// An organisation named `name` (a network member when `member` is given), for tests.
    pub(crate) fn org(member: Option<&str>, name: &str) -> Org {
        Org {
            member: member.map(|m| m.parse().unwrap()),
            name: name.into(),
            contact: "jobs@example.org".into(),
            request_url: format!("https://{name}.example/api/requests"),
            privacy_url: format!("https://{name}.example/privacy.html"),
        }
    }

    fn profile(id: &str) -> Profile {
        let json = r#"{"id":"x","area":{"postcode":"BE-3000","label":"Leuven","lat":50.879,"lon":4.701},"reach_km":12,
            "travel_modes":[],"occupations":[],"talents":[],"strengths":[],"languages":[],"hours":{"min":20,"max":30},
            "shifts":[],"available_from":"2026-11","contract_forms":[],"job_coaching":false,"workplace_needs":[]}"#;
        let mut p: Profile = serde_json::from_str(json).unwrap();
        p.id = id.parse().unwrap();
        p
    }

    /// A part of `org` with a profile in Leuven (reach 12 km, available from 2026-11) per id.
    pub(crate) fn part(org: Org, ids: &[&str]) -> Part {
        let profiles = ids.iter().map(|i| profile(i)).collect();
        Part { org, occupations: BTreeMap::new(), occupation_groups: BTreeMap::new(), profiles, details: Vec::new() }
    }

    #[test]
    fn in_a_network_the_same_id_at_two_members_is_two_profiles_each_with_its_coach() {
        let (a, b) = (org(Some("ocmw"), "ocmw"), org(Some("werkplaats"), "werkplaats"));
        let pool =
            LoadedFeed::pool(org(None, "stad"), vec![part(a.clone(), &["p1", "p2"]), part(b.clone(), &["p1"])], true, vec![]).unwrap();
        assert_eq!(pool.index.len(), 3);
        let id = |s: &str| s.parse::<ProfileId>().unwrap();
        assert_eq!(pool.owner(&id("p1_ocmw")), Some((&a, &id("p1"))));
        assert_eq!(pool.owner(&id("p1_werkplaats")), Some((&b, &id("p1"))));
        assert_eq!(pool.owner(&id("p1")), None);
        assert!(pool.is_network());
    }

    #[test]
    fn a_single_feed_keeps_its_ids() {
        let a = org(None, "werkpunt");
        let pool = LoadedFeed::pool(a.clone(), vec![part(a.clone(), &["p1"])], false, vec![]).unwrap();
        let p1: ProfileId = "p1".parse().unwrap();
        assert_eq!(pool.owner(&p1), Some((&a, &p1)));
        assert!(!pool.is_network());
    }

    #[test]
    fn an_id_too_long_to_namespace_is_left_out_not_cut() {
        let long = "a".repeat(60);
        let pool = LoadedFeed::pool(org(None, "stad"), vec![part(org(Some("ocmw"), "ocmw"), &[&long, "p2"])], true, vec![]).unwrap();
        assert_eq!(pool.index.len(), 1);
        assert!(pool.index.profile("p2_ocmw").is_some());
    }

    #[test]
    fn a_profile_whose_occupation_has_no_label_is_refused() {
        let mut p = part(org(None, "w"), &["p1"]);
        p.profiles[0].occupations = vec!["eeac6251-1974-42f5-91ed-513c6c883755".parse().unwrap()];
        assert!(LoadedFeed::pool(org(None, "w"), vec![p], false, vec![]).is_err());
    }
}
