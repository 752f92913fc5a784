//! The columnar in-memory form of a feed, built once per feed so every search is a scan over
//! tight arrays with no trigonometry and no allocation per profile.
//!
//! Invariants: the columns hold one entry per profile, ordered by latitude (`by_lat`), so a
//! search only scans the latitude band its radius allows; `x`, `y`, `z` are the profile's unit
//! vector; `cos_reach` is `cos(reach_km / R)`; vocabulary sets are bitmasks.

use crate::feed::{Feed, Publisher};
use crate::occupation::OccupationLabels;
use crate::profile::{EscoId, Profile};
use crate::reach::{cos_threshold, UnitVector};

/// A feed ready to search.
#[derive(Clone, Debug)]
pub struct FeedIndex {
    pub(crate) feed: Feed,
    /// Profile positions (into `feed.profiles`) sorted by latitude.
    pub(crate) by_lat: Vec<u32>,
    pub(crate) lat: Vec<f64>,
    pub(crate) x: Vec<f64>,
    pub(crate) y: Vec<f64>,
    pub(crate) z: Vec<f64>,
    pub(crate) cos_reach: Vec<f64>,
    pub(crate) talents: Vec<u64>,
    pub(crate) strengths: Vec<u64>,
    pub(crate) needs: Vec<u64>,
    pub(crate) contracts: Vec<u64>,
    pub(crate) shifts: Vec<u64>,
    pub(crate) hours: Vec<(u8, u8)>,
    pub(crate) available: Vec<u32>,
    /// Largest reach in the feed, which bounds the latitude band of any search.
    pub(crate) max_reach_km: f64,
}

impl FeedIndex {
    /// Builds the index; the feed has been parsed and checked already.
    pub fn new(mut feed: Feed) -> FeedIndex {
        // The profiles are read into columns, then put back: the rest of the feed is moved, not copied.
        let profiles = core::mem::take(&mut feed.profiles);
        let mut by_lat = crate::order::positions(profiles.len());
        let lat = |i: u32| profiles[i as usize].area.lat;
        crate::order::sort_positions(&mut by_lat, &|a, b| lat(a).total_cmp(&lat(b)));
        let n = by_lat.len();
        let mut index = FeedIndex {
            by_lat: Vec::new(),
            lat: Vec::with_capacity(n),
            x: Vec::with_capacity(n),
            y: Vec::with_capacity(n),
            z: Vec::with_capacity(n),
            cos_reach: Vec::with_capacity(n),
            talents: Vec::with_capacity(n),
            strengths: Vec::with_capacity(n),
            needs: Vec::with_capacity(n),
            contracts: Vec::with_capacity(n),
            shifts: Vec::with_capacity(n),
            hours: Vec::with_capacity(n),
            available: Vec::with_capacity(n),
            max_reach_km: 0.0,
            feed,
        };
        for &i in &by_lat {
            let p = &profiles[i as usize];
            let unit = UnitVector::from_degrees(p.area.lat, p.area.lon);
            index.lat.push(p.area.lat);
            index.x.push(unit.x);
            index.y.push(unit.y);
            index.z.push(unit.z);
            index.cos_reach.push(cos_threshold(p.reach_km.km()));
            index.max_reach_km = index.max_reach_km.max(p.reach_km.km());
            index.talents.push(p.talents.bits());
            index.strengths.push(p.strengths.bits());
            index.needs.push(p.workplace_needs.bits());
            index.contracts.push(p.contract_forms.bits());
            index.shifts.push(p.shifts.bits());
            index.hours.push((p.hours.min(), p.hours.max()));
            index.available.push(p.available_from.ordinal());
        }
        index.by_lat = by_lat;
        index.feed.profiles = profiles;
        index
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

    /// The profile with this id.
    pub fn profile(&self, id: &str) -> Option<&Profile> {
        self.feed.profiles.iter().find(|p| p.id.as_str() == id)
    }

    /// Labels of an occupation the feed mentions.
    pub fn occupation(&self, id: EscoId) -> Option<&OccupationLabels> {
        self.feed.occupations.get(&id)
    }

    /// Every occupation the feed mentions, with labels, by id.
    pub fn occupations(&self) -> impl Iterator<Item = (EscoId, &OccupationLabels)> {
        self.feed.occupations.iter().map(|(id, l)| (*id, l))
    }

    /// Occupations of this feed whose labels match typed text, best first.
    pub fn search_occupations(&self, typed: &str, limit: usize) -> Vec<(EscoId, &OccupationLabels)> {
        crate::occupation::search_occupations(self.occupations(), typed, limit)
    }
}
