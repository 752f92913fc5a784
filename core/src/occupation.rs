//! Occupation labels and label search.
//!
//! Feeds carry the Dutch ESCO labels of the occupations they use (a few KB), so the widget can
//! search and show them without shipping the whole 3,007-occupation catalogue (about 740 KB of
//! labels) in the wasm. The full catalogue is in the `esco` module, behind the `esco` feature.
//!
//! # Examples
//!
//! ```
//! use talentbrug_core::occupation::{search_occupations, OccupationLabels};
//! use talentbrug_core::EscoId;
//!
//! let warehouse: EscoId = "040fcfa5-24be-43eb-afd5-828297175b16".parse()?;
//! let cleaning: EscoId = "23be4cb6-c5e7-449e-8d76-8edfe9a00478".parse()?;
//! let labels = [
//!     (warehouse, OccupationLabels { label: "magazijnmedewerker kleding".into(), alt_labels: vec!["loodsmedewerker kleding".into()] }),
//!     (cleaning, OccupationLabels { label: "schoonmaker meubilair".into(), alt_labels: vec![] }),
//! ];
//! // Case- and accent-insensitive, on label words and alternative labels.
//! let hits = search_occupations(labels.iter().map(|(id, l)| (*id, l)), "Loods", 10);
//! assert_eq!(hits.len(), 1);
//! assert_eq!(hits[0].0, warehouse);
//! assert!(labels[1].1.problem().is_none(), "fits in a feed");
//! # Ok::<(), talentbrug_core::profile::InvalidValue>(())
//! ```

use serde::{Deserialize, Serialize};

use crate::profile::EscoId;
use crate::text::{fold, word_starts_with_folded};

/// Longest label, in characters.
pub const MAX_LABEL: usize = 200;
/// Most alternative labels kept per occupation.
pub const MAX_ALT_LABELS: usize = 40;

/// The labels of one occupation, as a feed carries them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OccupationLabels {
    /// Preferred label (Dutch, from ESCO).
    pub label: String,
    /// Alternative labels people search by (`magazijnier` for `magazijnmedewerker`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alt_labels: Vec<String>,
}

impl OccupationLabels {
    /// Why the labels do not fit in a feed, if they do not.
    pub fn problem(&self) -> Option<String> {
        if self.label.trim().is_empty() {
            return Some("the occupation label is empty".into());
        }
        if self.alt_labels.len() > MAX_ALT_LABELS {
            return Some(format!("at most {MAX_ALT_LABELS} alternative labels are allowed"));
        }
        let too_long = core::iter::once(&self.label).chain(&self.alt_labels).find(|l| l.chars().count() > MAX_LABEL);
        too_long.map(|l| format!("label `{}...` is longer than {MAX_LABEL} characters", l.chars().take(30).collect::<String>()))
    }
}

/// An ISCO-08 group (unit, minor, sub-major or major) as a feed carries it, for profiles whose
/// exact occupations would single them out. ISCO-08 has no Dutch labels, so the publisher labels
/// a group honestly from ESCO: the shortest Dutch label among the group's occupations followed by
/// " e.a." ("en andere").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OccupationGroup {
    /// What the employer sees: "heftruckchauffeur e.a.".
    pub label: String,
    /// ESCO occupations in this group that the feed has labels for, so a search for any of them
    /// also finds the profiles that show only the group; at most [`MAX_GROUP_OCCUPATIONS`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub occupations: Vec<EscoId>,
}

/// Most member occupations one group lists.
pub const MAX_GROUP_OCCUPATIONS: usize = 200;

impl OccupationGroup {
    /// Why the group does not fit in a feed, if it does not.
    pub fn problem(&self) -> Option<String> {
        let len = self.label.chars().count();
        if self.label.trim().is_empty() || len > MAX_LABEL {
            return Some(format!("the group label must be 1-{MAX_LABEL} characters, not {len}"));
        }
        (self.occupations.len() > MAX_GROUP_OCCUPATIONS)
            .then(|| format!("at most {MAX_GROUP_OCCUPATIONS} occupations per group are allowed"))
    }
}

/// How well a label matches typed text; lower is better.
fn rank(labels: &OccupationLabels, typed: &str) -> Option<u8> {
    let key = fold(typed);
    let label = fold(&labels.label);
    if label == key {
        Some(0)
    } else if label.starts_with(&key) {
        Some(1)
    } else if word_starts_with_folded(&labels.label, typed) {
        Some(2)
    } else if labels.alt_labels.iter().any(|a| word_starts_with_folded(a, typed)) {
        Some(3)
    } else if label.contains(&key) || labels.alt_labels.iter().any(|a| fold(a).contains(&key)) {
        Some(4)
    } else {
        None
    }
}

/// Occupations whose label or alternative label matches `typed` (case- and accent-insensitive),
/// best first: exact label, label prefix, word prefix, alternative label, substring; then by label.
pub fn search_occupations<'a, I>(occupations: I, typed: &str, limit: usize) -> Vec<(EscoId, &'a OccupationLabels)>
where
    I: IntoIterator<Item = (EscoId, &'a OccupationLabels)>,
{
    if fold(typed).is_empty() {
        return Vec::new();
    }
    let mut hits: Vec<(u8, EscoId, &OccupationLabels)> =
        occupations.into_iter().filter_map(|(id, labels)| rank(labels, typed).map(|r| (r, id, labels))).collect();
    crate::order::sort_by(&mut hits, |a, b| (a.0, &a.2.label, a.1).cmp(&(b.0, &b.2.label, b.1)));
    hits.into_iter().take(limit).map(|(_, id, labels)| (id, labels)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(label: &str, alts: &[&str]) -> OccupationLabels {
        OccupationLabels { label: label.into(), alt_labels: alts.iter().map(|s| s.to_string()).collect() }
    }

    #[test]
    fn search_ranks_label_before_alternative_before_substring() {
        let ids: Vec<EscoId> = (0..3).map(|i| format!("00000000-0000-0000-0000-00000000000{i}").parse().unwrap()).collect();
        let table = [
            (ids[0], labels("magazijnmedewerker", &["magazijnier", "orderpicker"])),
            (ids[1], labels("heftruckchauffeur", &["magazijnchauffeur"])),
            (ids[2], labels("schoonmaker", &[])),
        ];
        let hits = search_occupations(table.iter().map(|(id, l)| (*id, l)), "Magazijn", 10);
        assert_eq!(hits.iter().map(|h| h.0).collect::<Vec<_>>(), vec![ids[0], ids[1]]);
        let hits = search_occupations(table.iter().map(|(id, l)| (*id, l)), "orderpicker", 10);
        assert_eq!(hits[0].0, ids[0]);
        assert!(search_occupations(table.iter().map(|(id, l)| (*id, l)), "  ", 10).is_empty());
        assert_eq!(search_occupations(table.iter().map(|(id, l)| (*id, l)), "maker", 10)[0].0, ids[2]);
    }

    #[test]
    fn label_limits() {
        assert!(labels("", &[]).problem().is_some());
        assert!(labels(&"x".repeat(201), &[]).problem().is_some());
        assert!(labels("ok", &["a"; 41]).problem().is_some());
        assert!(labels("ok", &["a"]).problem().is_none());
    }
}
