//! How a profile's facts are written out: shared by the card (the essentials) and the detail
//! view (everything). Every label comes from the core's vocabulary or the translation layer.

use talentbrug_core::calendar::YearMonth;
use talentbrug_core::explain::Reason;
use talentbrug_core::reach::DistanceBand;
use talentbrug_core::vocabulary::{Cefr, Code, CodeSet};
use talentbrug_core::{Lang, Profile};
use yew::prelude::*;

use crate::i18n::{self, t, Text};
use crate::pool::LoadedFeed;

/// The labels of a code set, joined.
pub fn labels<T: Code>(set: CodeSet<T>, lang: Lang) -> String {
    set.iter().map(|c| c.label(lang)).collect::<Vec<_>>().join(", ")
}

/// The wanted occupations' labels in `lang` (Dutch where the feed has none), then those of the
/// kinds of work shown only as their ISCO-08 group ("heftruckchauffeur e.a.", "cariste et autres").
pub fn occupations(profile: &Profile, feed: &LoadedFeed, lang: Lang) -> Vec<String> {
    let exact = profile.occupations.iter().filter_map(|o| feed.index.occupation(*o)).map(|o| o.label_in(lang).to_owned());
    let groups = profile.occupation_groups.iter().filter_map(|g| feed.index.occupation_group(*g)).map(|g| g.label_in(lang).to_owned());
    exact.chain(groups).collect()
}

/// "Nederlands (B1), Frans (moedertaal)".
pub fn languages(profile: &Profile, lang: Lang) -> String {
    profile
        .languages
        .iter()
        .map(|s| {
            let level = s.level.label(lang);
            let level = if s.level == Cefr::Native { level.to_ascii_lowercase() } else { level.to_owned() };
            format!("{} ({level})", i18n::language_name(lang, s.lang.as_str()))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The distance band as a phrase ("5-10 km").
pub fn band(band: DistanceBand, lang: Lang) -> String {
    Reason::Distance(band).describe(lang)
}

/// The explanation line from the core's reason codes.
pub fn why(reasons: &[Reason], lang: Lang, feed: &LoadedFeed) -> String {
    reasons
        .iter()
        .map(|r| match r {
            Reason::Occupation(id) => feed.index.occupation(*id).map(|o| o.label_in(lang).to_owned()).unwrap_or_else(|| r.describe(lang)),
            Reason::OccupationGroup(g) => {
                feed.index.occupation_group(*g).map(|o| o.label_in(lang).to_owned()).unwrap_or_else(|| r.describe(lang))
            }
            other => other.describe(lang),
        })
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

fn row(label: &str, value: String) -> Html {
    if value.is_empty() {
        return html! {};
    }
    html! { <div><dt>{ label.to_owned() }</dt><dd>{ value }</dd></div> }
}

/// The facts as a definition list; `full` adds what only the detail view shows.
pub fn facts(profile: &Profile, lang: Lang, today: YearMonth, full: bool) -> Html {
    let l = lang;
    html! {
        <dl class="tb-facts">
            { row(t(l, Text::Hours), i18n::hours_range(l, profile.hours.min(), profile.hours.max())) }
            { row(t(l, Text::Available), i18n::available(l, profile.available_from, today)) }
            { row(t(l, Text::Languages), languages(profile, l)) }
            { row(t(l, Text::Travel), labels(profile.travel_modes, l)) }
            { row(t(l, Text::Strengths), labels(profile.strengths, l)) }
            { row(t(l, Text::WorksBestWith), labels(profile.workplace_needs, l).to_ascii_lowercase()) }
            if full {
                { row(t(l, Text::Shifts), labels(profile.shifts, l)) }
                { row(t(l, Text::Contracts), labels(profile.contract_forms, l)) }
            }
        </dl>
    }
}

/// Talents as chips; the ones the employer asked for are marked.
pub fn talent_chips(profile: &Profile, lang: Lang) -> Html {
    html! {
        <ul class="tb-chips" aria-label={t(lang, Text::Talents)}>
            { for profile.talents.iter().map(|talent| html! { <li class="tb-chip">{ talent.label(lang) }</li> }) }
        </ul>
    }
}

#[cfg(test)]
mod tests {
    use talentbrug_core::vocabulary::WorkplaceNeed;

    use super::*;

    /// Labels are lowercased as ASCII (Unicode's case tables would cost the wasm about 14 KB
    /// gzipped), which is exact for every label written in lowercase.
    #[test]
    fn lowercased_labels_start_with_an_ascii_capital() {
        for lang in Lang::ALL {
            for label in WorkplaceNeed::ALL.iter().map(|n| n.label(lang)).chain([Cefr::Native.label(lang)]) {
                assert_eq!(label.to_ascii_lowercase(), label.to_lowercase(), "{label}");
            }
        }
    }
}
