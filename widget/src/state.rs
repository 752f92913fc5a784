//! The widget's state, apart from the components that show it: what a search found
//! ([`Found`], [`Hit`], [`SearchInputs`]) and, in [`request`], the request form's stages as a
//! reducer. Pure, so the rules are tested natively.

pub mod deliveries;
pub mod fields;
pub mod recipients;
pub mod request;
pub mod vacancy;

use std::rc::Rc;

use talentbrug_core::calendar::YearMonth;
use talentbrug_core::explain::Reason;
use talentbrug_core::reach::DistanceBand;
use talentbrug_core::search::search;
use talentbrug_core::Profile;

use crate::criteria::Criteria;
use crate::pool::LoadedFeed;

/// One result as the list shows it.
#[derive(Clone, Debug)]
pub struct Hit {
    /// The profile.
    pub profile: Profile,
    /// Why it matched, in core codes.
    pub why: Vec<Reason>,
    /// The distance band.
    pub band: DistanceBand,
}

/// The outcome of a search, owned so it can be kept between renders.
#[derive(Clone, Debug, Default)]
pub struct Found {
    /// All matches before the limit.
    pub total: usize,
    /// The shown matches, best first.
    pub hits: Vec<Hit>,
}

/// Everything a search depends on: the search is run again only when one of them changed
/// (not when a dialog opens or the language changes).
#[derive(Clone)]
pub struct SearchInputs {
    /// The loaded feed, once there is one.
    pub feed: Option<Rc<LoadedFeed>>,
    /// The employer's choices.
    pub criteria: Criteria,
    /// The current month (availability).
    pub today: YearMonth,
}

impl PartialEq for SearchInputs {
    /// The same feed (by address: a feed does not change once loaded), criteria and month.
    fn eq(&self, other: &Self) -> bool {
        let same_feed = match (&self.feed, &other.feed) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        same_feed && self.criteria == other.criteria && self.today == other.today
    }
}

impl SearchInputs {
    /// Runs the core search; `None` without a feed or a place.
    pub fn search(&self) -> Option<Found> {
        let feed = self.feed.as_ref()?;
        let query = self.criteria.query(self.today)?;
        let result = search(&feed.index, &query, self.criteria.limit);
        let hits = result.matches.into_iter().map(|m| Hit { profile: m.profile.clone(), why: m.why, band: m.distance_band }).collect();
        Some(Found { total: result.total, hits })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pool::tests::{org, part};

    /// One organisation's pool with one profile, `p1`, in Leuven.
    fn feed() -> Rc<LoadedFeed> {
        let werkpunt = org(None, "werkpunt");
        Rc::new(LoadedFeed::pool(werkpunt.clone(), vec![part(werkpunt, &["p1"])], false, vec![]).unwrap())
    }

    #[test]
    fn a_search_needs_a_feed_and_a_place() {
        let today: YearMonth = "2026-11".parse().unwrap();
        let feed = feed();
        let leuven = SearchInputs { feed: Some(feed.clone()), criteria: Criteria::with_postcode(10, "3000"), today };
        let found = leuven.search().unwrap();
        assert_eq!((found.total, found.hits.len()), (1, 1));
        assert_eq!(found.hits[0].profile.id.as_str(), "p1");
        assert!(SearchInputs { feed: None, ..leuven.clone() }.search().is_none());
        assert!(SearchInputs { criteria: Criteria::new(10), ..leuven.clone() }.search().is_none());
    }

    #[test]
    fn inputs_are_the_same_for_the_same_feed_criteria_and_month() {
        let today: YearMonth = "2026-11".parse().unwrap();
        let feed = feed();
        let a = SearchInputs { feed: Some(feed.clone()), criteria: Criteria::with_postcode(10, "3000"), today };
        assert!(a == a.clone());
        // Another feed with the same content is another feed: it was loaded again.
        assert!(a != SearchInputs { feed: Some(self::feed()), ..a.clone() });
        assert!(a != SearchInputs { feed: None, ..a.clone() });
        assert!(a != SearchInputs { criteria: Criteria::with_postcode(25, "3000"), ..a.clone() });
        assert!(a != SearchInputs { today: "2026-12".parse().unwrap(), ..a.clone() });
    }
}
