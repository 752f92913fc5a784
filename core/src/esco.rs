//! The full ESCO occupation catalogue with Dutch, French and English labels (3,007 occupations;
//! 68 of them have only Dutch labels, see `data/ATTRIBUTION.md`), for the publisher: it checks
//! the occupations in coaches' exports and writes their labels into feeds.
//! Source: ESCO classification of the European Commission (see `data/ATTRIBUTION.md`).
//!
//! Only with the `esco` feature (this module, and so its example, does not exist without it).
//!
//! # Examples
//!
//! ```
//! use talentbrug_core::esco::EscoCatalogue;
//! use talentbrug_core::Lang;
//!
//! let catalogue = EscoCatalogue::embedded();
//! assert_eq!(catalogue.len(), 3007);
//! let hits = catalogue.search("magazijnmedewerker", 5);
//! assert!(!hits.is_empty());
//! let first = catalogue.get(hits[0].id).expect("found by its own id");
//! assert_eq!(first.labels.label, hits[0].labels.label);
//!
//! // In French and English too.
//! let forklift = catalogue.search("cariste", 1)[0];
//! assert_eq!(forklift.labels.label, "heftruckchauffeur");
//! assert_eq!(forklift.labels.label_in(Lang::En), "forklift operator");
//! ```

use crate::occupation::{search_occupations, LocalLabels, OccupationLabels, MAX_ALT_LABELS, MAX_LABEL};
use crate::profile::EscoId;
use crate::text::fold;

#[allow(missing_docs, clippy::type_complexity)]
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
    /// Dutch labels, and French and English ones where ESCO's older release has them.
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
            .filter_map(|&(id, isco, label, alts, fr, fr_alts, en, en_alts)| {
                let local = |label: &str, alts: &str| {
                    (!label.is_empty()).then(|| LocalLabels { label: fitting(label), alt_labels: alt_labels(label, alts) })
                };
                Some(Occupation {
                    id: id.parse().ok()?,
                    isco08: isco,
                    labels: OccupationLabels {
                        label: fitting(label),
                        alt_labels: alt_labels(label, alts),
                        fr: local(fr, fr_alts),
                        en: local(en, en_alts),
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

    /// Occupations matching typed text (in Dutch first, then French and English), best first.
    pub fn search(&self, typed: &str, limit: usize) -> Vec<&Occupation> {
        search_occupations(self.occupations.iter().map(|o| (o.id, &o.labels)), typed, limit)
            .into_iter()
            .filter_map(|(id, _)| self.get(id))
            .collect()
    }
}

/// A preferred label that fits in a feed: one French label is two gendered forms of 100
/// characters each, joined by `/`; then the first form.
fn fitting(label: &str) -> String {
    match label.split('/').next() {
        Some(first) if label.chars().count() > MAX_LABEL => first.to_owned(),
        _ => label.to_owned(),
    }
}

/// The alternative labels of `label` (`|`-separated in `alts`), spaces tidied, without those that
/// only repeat the label or one of its `/`-separated forms (ignoring case and accents: French
/// labels are `opérateur de tréfilerie/opératrice de tréfilerie`, with both forms again as
/// alternatives) or an earlier alternative, or are longer than a feed allows (one French
/// one); at most [`MAX_ALT_LABELS`].
fn alt_labels(label: &str, alts: &str) -> Vec<String> {
    let mut seen: Vec<String> = core::iter::once(label).chain(label.split('/')).map(fold).collect();
    let mut out = Vec::new();
    for alt in alts.split('|').map(|a| a.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|a| !a.is_empty()) {
        let folded = fold(&alt);
        if !seen.contains(&folded) && alt.chars().count() <= MAX_LABEL {
            seen.push(folded);
            out.push(alt);
        }
    }
    out.truncate(MAX_ALT_LABELS);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

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

    #[test]
    fn french_and_english_labels_where_the_older_release_has_them() {
        let esco = EscoCatalogue::embedded();
        let with = |lang| esco.iter().filter(|o| o.labels.own(lang).is_some()).count();
        assert_eq!((with(Lang::Fr), with(Lang::En)), (2939, 2939), "68 Dutch ids are missing in fr/en");
        let forklift = esco.get("eeac6251-1974-42f5-91ed-513c6c883755".parse().unwrap()).unwrap();
        assert_eq!(forklift.labels.label_in(Lang::Fr), "cariste");
        assert!(forklift.labels.en.as_ref().unwrap().alt_labels.iter().any(|a| a == "forklift driver"));
        let missing = esco.iter().find(|o| o.labels.fr.is_none()).unwrap();
        assert_eq!(missing.labels.label_in(Lang::Fr), missing.labels.label, "falls back to Dutch");
        for word in ["heftruck", "cariste", "forklift"] {
            assert_eq!(esco.search(word, 3)[0].id, forklift.id, "{word}");
        }
        assert!(esco.iter().all(|o| o.labels.problem().is_none()));
    }

    #[test]
    fn alternative_labels_that_repeat_the_label_are_left_out() {
        let alts = alt_labels(
            "opérateur de tréfilerie/opératrice de tréfilerie",
            "Opérateur de tréfilerie|opératrice  de tréfilerie|tréfileur|tréfileur",
        );
        assert_eq!(alts, vec!["tréfileur"]);
    }
}
