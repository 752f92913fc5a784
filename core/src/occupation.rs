//! Occupation labels and label search.
//!
//! Feeds carry the ESCO labels of the occupations they use (a few KB) in Dutch, French and
//! English, so the widget can search and show them without shipping the whole 3,007-occupation
//! catalogue (about 2.5 MB of labels) in the wasm. The full catalogue is in the `esco` module,
//! behind the `esco` feature. French and English are optional in a feed (older feeds and the
//! occupations the older French and English ESCO release lacks): then the Dutch label is shown.
//!
//! An employer finds occupations by the words they use ([`find_occupations`]): the preferred and
//! alternative labels in their language first, then in the other two, case- and
//! accent-insensitively, on whole labels and word starts (`heftr` finds `heftruckchauffeur`,
//! `cariste` and `forklift` find it too), and last inside words.
//!
//! # Examples
//!
//! ```
//! use talentbrug_core::occupation::{find_occupations, search_occupations, LocalLabels, OccupationLabels};
//! use talentbrug_core::{EscoId, Lang};
//!
//! let warehouse: EscoId = "040fcfa5-24be-43eb-afd5-828297175b16".parse()?;
//! let forklift: EscoId = "eeac6251-1974-42f5-91ed-513c6c883755".parse()?;
//! let labels = [
//!     (warehouse, OccupationLabels::dutch("magazijnmedewerker kleding", vec!["loodsmedewerker kleding".into()])),
//!     (
//!         forklift,
//!         OccupationLabels {
//!             fr: Some(LocalLabels { label: "cariste".into(), alt_labels: vec![] }),
//!             en: Some(LocalLabels { label: "forklift operator".into(), alt_labels: vec!["forklift driver".into()] }),
//!             ..OccupationLabels::dutch("heftruckchauffeur", vec!["vorkheftruckbestuurder".into()])
//!         },
//!     ),
//! ];
//! // Case- and accent-insensitive, on label words and alternative labels.
//! let hits = search_occupations(labels.iter().map(|(id, l)| (*id, l)), "Loods", 10);
//! assert_eq!(hits.len(), 1);
//! assert_eq!(hits[0].0, warehouse);
//! assert!(labels[1].1.problem().is_none(), "fits in a feed");
//!
//! // A French-speaking employer types the Dutch word: found, shown in French with what matched.
//! let hits = find_occupations(labels.iter().map(|(id, l)| (*id, l)), "Heftr", Lang::Fr);
//! assert_eq!(hits[0].id, forklift);
//! assert_eq!(hits[0].labels.label_in(Lang::Fr), "cariste");
//! assert_eq!(hits[0].synonym(Lang::Fr), Some("heftruckchauffeur"));
//! // In Dutch, the preferred label itself matched: nothing to add.
//! assert_eq!(find_occupations(labels.iter().map(|(id, l)| (*id, l)), "heftruck", Lang::Nl)[0].synonym(Lang::Nl), None);
//! # Ok::<(), talentbrug_core::profile::InvalidValue>(())
//! ```

use serde::{Deserialize, Serialize};

use crate::profile::EscoId;
use crate::text::fold;
use crate::vocabulary::Lang;

/// Longest label, in characters.
pub const MAX_LABEL: usize = 200;
/// Most alternative labels kept per occupation and language.
pub const MAX_ALT_LABELS: usize = 40;

/// An occupation's labels in French or English, as a feed carries them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocalLabels {
    /// Preferred label (from ESCO).
    pub label: String,
    /// Alternative labels people search by (`forklift driver` for `forklift operator`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alt_labels: Vec<String>,
}

/// The labels of one occupation, as a feed carries them: Dutch at the top level (as in the first
/// feeds), French and English when the publisher has them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OccupationLabels {
    /// Preferred label (Dutch, from ESCO).
    pub label: String,
    /// Alternative labels people search by (`magazijnier` for `magazijnmedewerker`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alt_labels: Vec<String>,
    /// French labels; absent: the Dutch ones are shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fr: Option<LocalLabels>,
    /// English labels; absent: the Dutch ones are shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<LocalLabels>,
}

impl OccupationLabels {
    /// The preferred labels in each language, without the synonyms (for occupations a feed lists
    /// only as members of a group: the synonyms of hundreds of them would outweigh the profiles).
    ///
    /// ```
    /// use talentbrug_core::occupation::OccupationLabels;
    /// let labels = OccupationLabels::dutch("magazijnmedewerker", vec!["magazijnier".into()]);
    /// assert_eq!(labels.preferred_only(), OccupationLabels::dutch("magazijnmedewerker", vec![]));
    /// ```
    pub fn preferred_only(&self) -> OccupationLabels {
        let local = |l: &Option<LocalLabels>| l.as_ref().map(|l| LocalLabels { label: l.label.clone(), alt_labels: Vec::new() });
        OccupationLabels { label: self.label.clone(), alt_labels: Vec::new(), fr: local(&self.fr), en: local(&self.en) }
    }

    /// Dutch labels only.
    pub fn dutch(label: impl Into<String>, alt_labels: Vec<String>) -> OccupationLabels {
        OccupationLabels { label: label.into(), alt_labels, fr: None, en: None }
    }

    /// The preferred and alternative labels the feed has in `lang` (always for Dutch), without
    /// falling back.
    pub fn own(&self, lang: Lang) -> Option<(&str, &[String])> {
        let local = match lang {
            Lang::Nl => return Some((self.label.as_str(), self.alt_labels.as_slice())),
            Lang::Fr => self.fr.as_ref(),
            Lang::En => self.en.as_ref(),
        };
        local.map(|l| (l.label.as_str(), l.alt_labels.as_slice()))
    }

    /// The preferred label in `lang`, else the Dutch one.
    pub fn label_in(&self, lang: Lang) -> &str {
        self.own(lang).map_or(self.label.as_str(), |(label, _)| label)
    }

    /// Why the labels do not fit in a feed, if they do not.
    pub fn problem(&self) -> Option<String> {
        Lang::ALL.iter().filter_map(|&l| self.own(l).map(|own| (l, own))).find_map(|(lang, (label, alts))| {
            let at = if lang == Lang::Nl { String::new() } else { format!(" ({})", lang.tag()) };
            if label.trim().is_empty() {
                return Some(format!("the occupation label{at} is empty"));
            }
            if alts.len() > MAX_ALT_LABELS {
                return Some(format!("at most {MAX_ALT_LABELS} alternative labels{at} are allowed"));
            }
            let too_long = core::iter::once(label).chain(alts.iter().map(String::as_str)).find(|l| l.chars().count() > MAX_LABEL);
            too_long.map(|l| format!("label `{}...`{at} is longer than {MAX_LABEL} characters", l.chars().take(30).collect::<String>()))
        })
    }
}

/// An ISCO-08 group (unit, minor, sub-major or major) as a feed carries it, for profiles whose
/// exact occupations would single them out. ISCO-08 has no Dutch or French labels, so the
/// publisher labels a group honestly from ESCO: the shortest label among the group's occupations
/// followed by " e.a." ("en andere"), " et autres" or " and others".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OccupationGroup {
    /// What the employer sees: "heftruckchauffeur e.a.".
    pub label: String,
    /// The label in French ("cariste et autres"); absent: the Dutch one is shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fr: Option<String>,
    /// The label in English ("forklift operator and others"); absent: the Dutch one is shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
    /// ESCO occupations in this group that the feed has labels for, so a search for any of them
    /// also finds the profiles that show only the group; at most [`MAX_GROUP_OCCUPATIONS`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub occupations: Vec<EscoId>,
}

/// Most member occupations one group lists.
pub const MAX_GROUP_OCCUPATIONS: usize = 200;

impl OccupationGroup {
    /// The label in `lang`, else the Dutch one.
    pub fn label_in(&self, lang: Lang) -> &str {
        let local = match lang {
            Lang::Nl => None,
            Lang::Fr => self.fr.as_deref(),
            Lang::En => self.en.as_deref(),
        };
        local.unwrap_or(&self.label)
    }

    /// Why the group does not fit in a feed, if it does not.
    pub fn problem(&self) -> Option<String> {
        let labels = [Some(&self.label), self.fr.as_ref(), self.en.as_ref()];
        if let Some(bad) = labels.into_iter().flatten().find(|l| l.trim().is_empty() || l.chars().count() > MAX_LABEL) {
            return Some(format!("the group label must be 1-{MAX_LABEL} characters, not {}", bad.chars().count()));
        }
        (self.occupations.len() > MAX_GROUP_OCCUPATIONS)
            .then(|| format!("at most {MAX_GROUP_OCCUPATIONS} occupations per group are allowed"))
    }
}

/// How a label matched typed text, best first (both folded: case, accents and separators do not
/// count).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchKind {
    /// The whole label.
    Exact,
    /// The start of the label.
    Prefix,
    /// The start of a later word of the label.
    WordPrefix,
    /// Inside a word (`truck` in `heftruckchauffeur`).
    Inside,
}

/// One occupation found by what an employer typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OccupationMatch<'a> {
    /// The occupation.
    pub id: EscoId,
    /// All its labels.
    pub labels: &'a OccupationLabels,
    /// The language of the label that matched.
    pub lang: Lang,
    /// The label that matched best (preferred or alternative, in `lang`).
    pub matched: &'a str,
    /// Whether `matched` is the preferred label in `lang`.
    pub preferred: bool,
    /// How it matched.
    pub kind: MatchKind,
}

impl<'a> OccupationMatch<'a> {
    /// What to show after the preferred label in `shown` (the widget's language), when another
    /// label matched: "heftruckchauffeur — forklift driver"; `None` when the label shown matched.
    pub fn synonym(&self, shown: Lang) -> Option<&'a str> {
        (fold(self.matched) != fold(self.labels.label_in(shown))).then_some(self.matched)
    }

    /// The sort key: word matches before matches inside words, then `lang`'s own labels before
    /// the other languages', then exact, preferred before alternative, prefix, word prefix.
    fn rank(&self, lang: Lang) -> (bool, bool, u8) {
        let within = match (self.kind, self.preferred) {
            (MatchKind::Exact, true) => 0,
            (MatchKind::Exact, false) => 1,
            (MatchKind::Prefix, true) => 2,
            (MatchKind::WordPrefix, true) => 3,
            (MatchKind::Prefix | MatchKind::WordPrefix, false) => 4,
            (MatchKind::Inside, _) => 5,
        };
        (self.kind == MatchKind::Inside, self.lang != lang, within)
    }
}

/// How the folded `label` matches the folded, non-empty `key`, if it does.
fn match_kind(label: &str, key: &str) -> Option<MatchKind> {
    if label == key {
        Some(MatchKind::Exact)
    } else if label.starts_with(key) {
        Some(MatchKind::Prefix)
    } else if label.match_indices(' ').any(|(i, _)| label[i + 1..].starts_with(key)) {
        Some(MatchKind::WordPrefix)
    } else if label.contains(key) {
        Some(MatchKind::Inside)
    } else {
        None
    }
}

/// Occupations whose preferred or alternative labels, in any of the three languages, match what
/// an employer typed (case- and accent-insensitive), best first (see [`OccupationMatch`]'s
/// order: whole words before inside words, `lang` before the other languages, exact, prefix,
/// word prefix), then by the label shown in `lang`. Each occupation once, with its best match.
pub fn find_occupations<'a, I>(occupations: I, typed: &str, lang: Lang) -> Vec<OccupationMatch<'a>>
where
    I: IntoIterator<Item = (EscoId, &'a OccupationLabels)>,
{
    let key = fold(typed);
    if key.is_empty() {
        return Vec::new();
    }
    // The widget's language first, so a tie keeps its label as the one that matched.
    let order = [lang].into_iter().chain(Lang::ALL.into_iter().filter(|&l| l != lang));
    let mut hits: Vec<OccupationMatch<'a>> = occupations
        .into_iter()
        .filter_map(|(id, labels)| {
            let mut best: Option<OccupationMatch<'a>> = None;
            for l in order.clone() {
                let Some((label, alts)) = labels.own(l) else { continue };
                let candidates = core::iter::once((label, true)).chain(alts.iter().map(|a| (a.as_str(), false)));
                for (text, preferred) in candidates {
                    let Some(kind) = match_kind(&fold(text), &key) else { continue };
                    let found = OccupationMatch { id, labels, lang: l, matched: text, preferred, kind };
                    if best.is_none_or(|b| found.rank(lang) < b.rank(lang)) {
                        best = Some(found);
                    }
                }
            }
            best
        })
        .collect();
    crate::order::sort_by(&mut hits, |a, b| {
        (a.rank(lang), a.labels.label_in(lang), a.id).cmp(&(b.rank(lang), b.labels.label_in(lang), b.id))
    });
    hits
}

/// Occupations whose label or alternative label matches `typed` (case- and accent-insensitive),
/// best first: [`find_occupations`] for a Dutch-speaking employer, cut to `limit`.
pub fn search_occupations<'a, I>(occupations: I, typed: &str, limit: usize) -> Vec<(EscoId, &'a OccupationLabels)>
where
    I: IntoIterator<Item = (EscoId, &'a OccupationLabels)>,
{
    find_occupations(occupations, typed, Lang::Nl).into_iter().take(limit).map(|m| (m.id, m.labels)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{starts_with_folded, word_starts_with_folded};
    use proptest::prelude::*;

    fn labels(label: &str, alts: &[&str]) -> OccupationLabels {
        OccupationLabels::dutch(label, alts.iter().map(|s| s.to_string()).collect())
    }

    fn local(label: &str, alts: &[&str]) -> Option<LocalLabels> {
        Some(LocalLabels { label: label.into(), alt_labels: alts.iter().map(|s| s.to_string()).collect() })
    }

    fn id(i: usize) -> EscoId {
        format!("00000000-0000-0000-0000-{i:012}").parse().unwrap()
    }

    #[test]
    fn search_ranks_label_before_alternative_before_substring() {
        let ids: Vec<EscoId> = (0..3).map(id).collect();
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

    /// The forklift driver and a cleaner as the demo feed has them (shortened).
    fn table() -> Vec<(EscoId, OccupationLabels)> {
        vec![
            (
                id(1),
                OccupationLabels {
                    fr: local("cariste", &["cariste manutentionnaire"]),
                    en: local("forklift operator", &["forklift driver", "warehouse forklift driver"]),
                    ..labels("heftruckchauffeur", &["heftruckbestuurder", "chauffeur heftruck"])
                },
            ),
            (
                id(2),
                OccupationLabels {
                    fr: local("agent d'entretien/agente d'entretien", &["femme de ménage", "nettoyeur"]),
                    en: local("cleaner", &["office cleaner"]),
                    ..labels("schoonmaker", &["poetshulp", "schoonmaakster"])
                },
            ),
            (id(3), labels("magazijnier textiel", &["heftruck textiel"])),
        ]
    }

    fn find(typed: &str, lang: Lang) -> Vec<(EscoId, Option<String>)> {
        let table = table();
        find_occupations(table.iter().map(|(id, l)| (*id, l)), typed, lang)
            .into_iter()
            .map(|m| (m.id, m.synonym(lang).map(str::to_owned)))
            .collect()
    }

    #[test]
    fn employers_find_occupations_by_their_own_words_in_any_language() {
        // "heftr" is a word start of the Dutch label: a French employer sees it as the synonym.
        assert_eq!(find("heftr", Lang::Fr)[0], (id(1), Some("heftruckchauffeur".into())));
        assert_eq!(find("HEFTRUCK", Lang::Nl)[0], (id(1), None));
        assert_eq!(find("heftruck", Lang::Nl)[1], (id(3), Some("heftruck textiel".into())), "alternative after preferred");
        assert_eq!(find("cariste", Lang::Fr), vec![(id(1), None)]);
        assert_eq!(find("cariste", Lang::En), vec![(id(1), Some("cariste".into()))]);
        assert_eq!(find("forklift", Lang::Nl), vec![(id(1), Some("forklift operator".into()))]);
        assert_eq!(find("forklift driver", Lang::En), vec![(id(1), Some("forklift driver".into()))]);
        assert_eq!(find("femme de menage", Lang::Fr), vec![(id(2), Some("femme de ménage".into()))]);
        assert_eq!(find("poets", Lang::En), vec![(id(2), Some("poetshulp".into()))]);
        assert_eq!(find("agente", Lang::Fr), vec![(id(2), None)], "either gendered form of the label");
        // The employer's language first: "chauffeur" starts the Dutch alternative of the forklift
        // driver, but an English employer sees "driver" matches in English before Dutch ones.
        assert_eq!(find("driver", Lang::En)[0].0, id(1));
        // Inside a word only after every word match, whatever the language.
        assert_eq!(find("truck", Lang::Nl).iter().map(|h| h.0).collect::<Vec<_>>(), vec![id(1), id(3)]);
        assert!(find(" - ", Lang::Nl).is_empty());
    }

    #[test]
    fn labels_fall_back_to_dutch() {
        let t = table();
        assert_eq!(t[0].1.label_in(Lang::En), "forklift operator");
        assert_eq!(t[2].1.label_in(Lang::Fr), "magazijnier textiel");
        assert!(t[2].1.own(Lang::Fr).is_none());
        let group = OccupationGroup { label: "heftruckchauffeur e.a.".into(), fr: Some("cariste et autres".into()), ..Default::default() };
        assert_eq!((group.label_in(Lang::Fr), group.label_in(Lang::En)), ("cariste et autres", "heftruckchauffeur e.a."));
    }

    #[test]
    fn label_limits() {
        assert!(labels("", &[]).problem().is_some());
        assert!(labels(&"x".repeat(201), &[]).problem().is_some());
        assert!(labels("ok", &["a"; 41]).problem().is_some());
        assert!(labels("ok", &["a"]).problem().is_none());
        let french = |label: &str, alts: &[&str]| OccupationLabels { fr: local(label, alts), ..labels("ok", &[]) };
        assert!(french("", &[]).problem().unwrap().contains("(fr)"));
        assert!(french("ok", &["a"; 41]).problem().is_some());
        assert!(french("ok", &["a"]).problem().is_none());
        let group = |fr: &str| OccupationGroup { label: "x e.a.".into(), fr: Some(fr.into()), ..Default::default() };
        assert!(group(" ").problem().is_some() && group(&"x".repeat(201)).problem().is_some() && group("x et autres").problem().is_none());
    }

    /// The plain definition: every label of every language that contains the typed text, ranked
    /// with the string functions of `text`; the best per occupation, the employer's language
    /// winning ties.
    fn naive(table: &[(EscoId, OccupationLabels)], typed: &str, lang: Lang) -> Vec<(EscoId, Lang, String)> {
        let key = fold(typed);
        if key.is_empty() {
            return Vec::new();
        }
        let mut found = Vec::new();
        for (id, labels) in table {
            let mut best: Option<((bool, bool, u8), Lang, String)> = None;
            let mut languages = vec![lang];
            languages.extend(Lang::ALL.iter().filter(|&&l| l != lang));
            for l in languages {
                let Some((label, alts)) = labels.own(l) else { continue };
                let mut texts = vec![(label.to_owned(), true)];
                texts.extend(alts.iter().map(|a| (a.clone(), false)));
                for (text, preferred) in texts {
                    let within = if fold(&text) == key {
                        if preferred {
                            0
                        } else {
                            1
                        }
                    } else if starts_with_folded(&text, typed) || word_starts_with_folded(&text, typed) {
                        if !preferred {
                            4
                        } else if starts_with_folded(&text, typed) {
                            2
                        } else {
                            3
                        }
                    } else if fold(&text).contains(&key) {
                        5
                    } else {
                        continue;
                    };
                    let rank = (within == 5, l != lang, within);
                    if best.as_ref().is_none_or(|b| rank < b.0) {
                        best = Some((rank, l, text));
                    }
                }
            }
            if let Some((rank, l, text)) = best {
                found.push((rank, labels.label_in(lang).to_owned(), *id, l, text));
            }
        }
        found.sort();
        found.into_iter().map(|(_, _, id, l, text)| (id, l, text)).collect()
    }

    const WORDS: &[&str] = &[
        "heftruck",
        "Heftruckchauffeur",
        "cariste",
        "CARISTE",
        "forklift",
        "opérateur",
        "operateur",
        "de",
        "ménage",
        "Femme",
        "chauffeur",
        "truck",
        "é",
        "e",
        "ck",
        "driver",
        "Driver",
    ];

    fn arb_text() -> impl Strategy<Value = String> {
        (proptest::collection::vec(prop::sample::select(WORDS), 1..4), prop::sample::select(&[" ", "-", "/", "  ", ""][..]))
            .prop_map(|(words, sep)| words.join(sep))
    }

    fn arb_local() -> impl Strategy<Value = LocalLabels> {
        (arb_text(), proptest::collection::vec(arb_text(), 0..3)).prop_map(|(label, alt_labels)| LocalLabels { label, alt_labels })
    }

    fn arb_labels() -> impl Strategy<Value = OccupationLabels> {
        (arb_local(), proptest::option::of(arb_local()), proptest::option::of(arb_local())).prop_map(|(nl, fr, en)| OccupationLabels {
            label: nl.label,
            alt_labels: nl.alt_labels,
            fr,
            en,
        })
    }

    proptest! {
        #[test]
        fn find_occupations_agrees_with_the_plain_definition(
            labels in proptest::collection::vec(arb_labels(), 0..8),
            typed in prop_oneof![arb_text(), arb_text().prop_map(|t| t.chars().take(3).collect())],
            lang in prop::sample::select(&Lang::ALL[..]),
        ) {
            let table: Vec<(EscoId, OccupationLabels)> = labels.into_iter().enumerate().map(|(i, l)| (id(i), l)).collect();
            let found: Vec<(EscoId, Lang, String)> = find_occupations(table.iter().map(|(id, l)| (*id, l)), &typed, lang)
                .into_iter()
                .map(|m| (m.id, m.lang, m.matched.to_owned()))
                .collect();
            prop_assert_eq!(found, naive(&table, &typed, lang));
        }
    }
}
