//! Finding an occupation by the employer's own words: a combobox over the feed's occupation
//! labels in the employer's language first (then the other two), offering only occupations
//! someone in reach wants, with how many; and the chosen ones as chips. Shared by the
//! occupation filter and the vacancy form.

use std::collections::BTreeMap;
use std::rc::Rc;

use talentbrug_core::{EscoId, FeedIndex, Lang};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::listbox::{listbox, ListboxProps};
use crate::hooks::use_combobox::UseComboboxHandle;
use crate::i18n::{self, t, Text};

/// Most suggestions shown.
const SUGGESTIONS: usize = 8;

/// What [`occupation_combo`] shows.
pub struct OccupationComboProps<'a> {
    /// Language.
    pub lang: Lang,
    /// The feed's occupation labels.
    pub index: &'a FeedIndex,
    /// What the employer typed.
    pub typed: &'a UseStateHandle<String>,
    /// The combobox (ids, the active option).
    pub combo: &'a UseComboboxHandle,
    /// How many people in reach want each occupation; others are not offered.
    pub counts: &'a BTreeMap<EscoId, usize>,
    /// Occupations already chosen (not offered again).
    pub chosen: &'a [EscoId],
    /// Gets the occupation chosen.
    pub on_pick: Callback<EscoId>,
    /// The ids that describe the input (its hint, its problems).
    pub described_by: String,
    /// Whether the field shows a problem.
    pub invalid: bool,
}

/// The input and its suggestions (a plain function: the state is the caller's).
pub fn occupation_combo(props: OccupationComboProps<'_>) -> Html {
    let (l, combo, typed) = (props.lang, props.combo, props.typed);
    // (id, label in the employer's language, the other label that matched, people in reach)
    let hits: Vec<(EscoId, &str, Option<&str>, usize)> = props
        .index
        .find_occupations(typed.as_str(), l)
        .into_iter()
        .filter(|m| !props.chosen.contains(&m.id))
        .filter_map(|m| Some((m.id, m.labels.label_in(l), m.synonym(l), *props.counts.get(&m.id)?)))
        .take(SUGGESTIONS)
        .collect();
    let ids: Rc<[EscoId]> = hits.iter().map(|h| h.0).collect();
    let pick = {
        let (pick, typed, combo) = (props.on_pick.clone(), typed.clone(), combo.clone());
        Callback::from(move |id: EscoId| {
            pick.emit(id);
            typed.set(String::new());
            combo.reset();
        })
    };
    let oninput = {
        let (typed, combo) = (typed.clone(), combo.clone());
        Callback::from(move |e: InputEvent| {
            typed.set(e.target_unchecked_into::<HtmlInputElement>().value());
            combo.reset();
        })
    };
    let onkeydown = {
        let (pick, ids, typed, len) = (pick.clone(), ids.clone(), typed.clone(), ids.len());
        let on_enter = move |active: Option<usize>| {
            if let Some(id) = active.and_then(|i| ids.get(i)).or(ids.first()) {
                pick.emit(*id);
            }
        };
        combo.onkeydown(len, on_enter, move || typed.set(String::new()))
    };
    let options = hits.iter().map(|&(_, label, synonym, n)| option(l, label, synonym, n)).collect();
    html! {
        <div class="tb-combo">
            <input id={combo.id()} type="text" autocomplete="off" role="combobox" aria-autocomplete="list"
                aria-expanded={(!hits.is_empty()).to_string()} aria-controls={combo.list_id()} aria-describedby={props.described_by}
                aria-invalid={props.invalid.then_some("true")} aria-activedescendant={combo.active_id()} value={(**typed).clone()}
                {oninput} {onkeydown} />
            { listbox(&ListboxProps { combo, label: t(l, Text::Suggestions), options, on_choose: pick.reform(move |i: usize| ids[i]) }) }
        </div>
    }
}

/// One suggestion: the label (and the synonym that matched), then how many people want it.
fn option(l: Lang, label: &str, synonym: Option<&str>, n: usize) -> Html {
    html! {
        <>
            <span>{ label }if let Some(s) = synonym { <span class="tb-option-sub">{ " — " }{ s }</span> }</span>
            <span class="tb-option-sub"><span class="tb-sr">{ ", " }</span>{ i18n::profiles(l, n) }</span>
        </>
    }
}

/// The chosen occupations as chips, each with a button that removes it.
pub fn occupation_chips(l: Lang, index: &FeedIndex, chosen: &[EscoId], on_remove: &Callback<EscoId>) -> Html {
    if chosen.is_empty() {
        return html! {};
    }
    let label_of = |id: &EscoId| index.occupation(*id).map(|o| o.label_in(l).to_owned()).unwrap_or_else(|| id.to_string());
    html! {
        <ul class="tb-chips tb-chosen" aria-label={t(l, Text::Occupations)}>
            { for chosen.iter().map(|&id| {
                let (label, remove) = (label_of(&id), on_remove.clone());
                html! {
                    <li class="tb-chip">{ label.clone() }
                        <button type="button" class="tb-chip-remove" aria-label={i18n::remove(l, &label)}
                            onclick={move |_| remove.emit(id)}>{ "×" }</button>
                    </li>
                }
            }) }
        </ul>
    }
}
