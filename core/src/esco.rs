//! The full ESCO occupation catalogue with Dutch labels (3,007 occupations), for the
//! publisher: it checks the occupations in coaches' exports and writes their labels into feeds.
//! Source: ESCO classification of the European Commission (see `data/ATTRIBUTION.md`).
//!
//! Only with the `esco` feature (this module, and so its example, does not exist without it).
//!
//! # Examples
//!
//! ```
//! use talentbrug_core::esco::EscoCatalogue;
//!
//! let catalogue = EscoCatalogue::embedded();
//! assert_eq!(catalogue.len(), 3007);
//! let hits = catalogue.search("magazijnmedewerker", 5);
//! assert!(!hits.is_empty());
//! let first = catalogue.get(hits[0].id).expect("found by its own id");
//! assert_eq!(first.labels.label, hits[0].labels.label);
//! ```

use crate::occupation::{search_occupations, OccupationLabels};
use crate::profile::EscoId;

#[allow(missing_docs)]
mod data {
    include!(concat!(env!("OUT_DIR"), "/esco_data.rs"));
}

/// One ESCO occupation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occupation {
    /// The ESCO id.
    pub id: EscoId,
    /// ISCO-08 unit group (four digits).
    pub isco08: &'static str,
    /// Dutch labels.
    pub labels: OccupationLabels,
}

/// The ESCO catalogue, parsed from the compiled-in table.
#[derive(Clone, Debug)]
pub struct EscoCatalogue {
    occupations: Vec<Occupation>,
}

impl EscoCatalogue {
    /// Builds the catalogue (a few milliseconds; build it once and keep it).
    pub fn embedded() -> EscoCatalogue {
        let occupations = data::ESCO
            .iter()
            .filter_map(|(id, isco, label, alts)| {
                Some(Occupation {
                    id: id.parse().ok()?,
                    isco08: isco,
                    labels: OccupationLabels {
                        label: (*label).to_owned(),
                        alt_labels: alts
                            .split('|')
                            .filter(|a| !a.trim().is_empty())
                            .map(|a| a.split_whitespace().collect::<Vec<_>>().join(" "))
                            .take(crate::occupation::MAX_ALT_LABELS)
                            .collect(),
                    },
                })
            })
            .collect::<Vec<_>>();
        let mut catalogue = EscoCatalogue { occupations };
        catalogue.occupations.sort_by_key(|o| o.id);
        catalogue
    }

    /// Number of occupations.
    pub fn len(&self) -> usize {
        self.occupations.len()
    }

    /// Whether the catalogue is empty (never, for the embedded one).
    pub fn is_empty(&self) -> bool {
        self.occupations.is_empty()
    }

    /// The occupation with this id.
    pub fn get(&self, id: EscoId) -> Option<&Occupation> {
        self.occupations.binary_search_by_key(&id, |o| o.id).ok().map(|i| &self.occupations[i])
    }

    /// Every occupation, by id.
    pub fn iter(&self) -> impl Iterator<Item = &Occupation> {
        self.occupations.iter()
    }

    /// Occupations matching typed text, best first.
    pub fn search(&self, typed: &str, limit: usize) -> Vec<&Occupation> {
        search_occupations(self.occupations.iter().map(|o| (o.id, &o.labels)), typed, limit)
            .into_iter()
            .filter_map(|(id, _)| self.get(id))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_whole_catalogue_is_there_and_searchable() {
        let esco = EscoCatalogue::embedded();
        assert_eq!(esco.len(), 3007);
        let id: EscoId = "0019b951-c699-4191-8208-9822882d150c".parse().unwrap();
        assert_eq!(esco.get(id).unwrap().labels.label, "inspecteur precisie-instrumenten");
        let hits = esco.search("inspiciënt", 5);
        assert_eq!(hits[0].labels.label, "inspiciënt");
        assert!(!esco.search("magazijn", 10).is_empty());
    }
}
