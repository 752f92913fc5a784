//! What the employer is looking for, as chosen in the widget, and its translation into a core
//! [`Query`]. Pure, so the rules are tested natively.

use talentbrug_core::calendar::YearMonth;
use talentbrug_core::gazetteer::{Country, Gazetteer, Place};
use talentbrug_core::search::Origin;
use talentbrug_core::vocabulary::{Code, ContractForm, Talent};
use talentbrug_core::{CodeSet, EscoId, Hours, Query, RadiusKm};

/// The hours bands the filter offers: (min, max) per week.
pub const HOURS_CHOICES: [(u8, u8); 4] = [(1, 20), (20, 30), (30, 38), (38, 60)];
/// Results shown at first and added by "show more": ten cards fill a screen or two, and each
/// redraw while typing stays small.
pub const PAGE: usize = 10;

/// The employer's choices.
#[derive(Clone, Debug, PartialEq)]
pub struct Criteria {
    /// The resolved postcode, once what was typed names a place.
    pub place: Option<Place>,
    /// Radius in km, one of [`crate::settings::RADII`].
    pub radius: u32,
    /// Occupations chosen (any of).
    pub occupations: Vec<EscoId>,
    /// Talents wanted (raise the score).
    pub talents: CodeSet<Talent>,
    /// Contract forms (any of).
    pub contracts: CodeSet<ContractForm>,
    /// Index into [`HOURS_CHOICES`].
    pub hours: Option<usize>,
    /// Only people who can start this month.
    pub available_now: bool,
    /// How many results to show.
    pub limit: usize,
}

impl Criteria {
    /// No filters, nothing typed yet.
    pub fn new(radius: u32) -> Criteria {
        Criteria {
            place: None,
            radius,
            occupations: Vec::new(),
            talents: CodeSet::new(),
            contracts: CodeSet::new(),
            hours: None,
            available_now: false,
            limit: PAGE,
        }
    }

    /// Starts from a prefilled postcode, if it names a place.
    pub fn with_postcode(radius: u32, postcode: &str) -> Criteria {
        Criteria { place: resolve(postcode), ..Criteria::new(radius) }
    }

    /// Whether any filter beyond place and radius is set.
    pub fn has_filters(&self) -> bool {
        !self.occupations.is_empty() || !self.talents.is_empty() || !self.contracts.is_empty() || self.hours.is_some() || self.available_now
    }

    /// The same place and radius without filters.
    pub fn without_filters(&self) -> Criteria {
        Criteria { place: self.place, ..Criteria::new(self.radius) }
    }

    /// The core query, once a place is known. `today` is the current month (the core has no clock).
    pub fn query(&self, today: YearMonth) -> Option<Query> {
        let place = self.place.as_ref()?;
        let radius = RadiusKm::new(f64::from(self.radius)).ok()?;
        let mut q = Query::new(Origin::from(place), radius, today);
        q.occupations = self.occupations.clone();
        q.talents = self.talents;
        q.contract_forms = self.contracts;
        q.hours = self.hours.and_then(|i| HOURS_CHOICES.get(i)).and_then(|&(min, max)| Hours::new(min, max).ok());
        q.available_by = self.available_now.then_some(today);
        Some(q)
    }
}

/// `set` with `code` added (`on`) or removed.
pub fn toggled<T: Code>(set: CodeSet<T>, code: T, on: bool) -> CodeSet<T> {
    let bit = 1u64 << code.index();
    CodeSet::from_bits(if on { set.bits() | bit } else { set.bits() & !bit })
}

/// The place a complete postcode or place name names, preferring Belgium.
pub fn resolve(typed: &str) -> Option<Place> {
    Gazetteer.resolve(typed, Country::Be).ok()
}

/// How a place is shown: "3000 Leuven".
pub fn place_label(place: &Place) -> String {
    format!("{} {}", place.postcode, place.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_needs_a_place() {
        let today: YearMonth = "2026-11".parse().unwrap();
        assert!(Criteria::new(10).query(today).is_none());
        let c = Criteria::with_postcode(10, "3000");
        let q = c.query(today).unwrap();
        assert_eq!(q.radius.km(), 10.0);
        assert!((q.origin.lat - 50.88).abs() < 0.05);
        assert_eq!(q.available_by, None);
        assert!(!c.has_filters());
    }

    #[test]
    fn filters_become_query_fields() {
        let today: YearMonth = "2026-11".parse().unwrap();
        let mut c = Criteria::with_postcode(25, "Leuven");
        c.hours = Some(1);
        c.available_now = true;
        c.talents.insert(Talent::Forklift);
        c.contracts.insert(ContractForm::Temp);
        let q = c.query(today).unwrap();
        assert_eq!(q.hours, Some(Hours::new(20, 30).unwrap()));
        assert_eq!(q.available_by, Some(today));
        assert!(q.talents.contains(Talent::Forklift) && q.contract_forms.contains(ContractForm::Temp));
        assert!(c.has_filters());
        let plain = c.without_filters();
        assert!(!plain.has_filters() && plain.place == c.place && plain.radius == 25);
    }

    #[test]
    fn toggling_codes() {
        let set = toggled(CodeSet::new(), Talent::Forklift, true);
        assert!(set.contains(Talent::Forklift));
        let set = toggled(toggled(set, Talent::Packing, true), Talent::Forklift, false);
        assert!(!set.contains(Talent::Forklift) && set.contains(Talent::Packing) && set.len() == 1);
    }

    #[test]
    fn place_labels() {
        assert_eq!(place_label(&resolve("3000").unwrap()), "3000 Leuven");
        assert!(resolve("30001").is_none());
        assert!(resolve("Atlantis").is_none());
        assert!(resolve("").is_none());
    }
}
