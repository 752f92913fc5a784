//! The optional filters behind "More filters": occupation (found by the employer's own words in
//! the feed's ESCO labels in nl, fr and en, with how many people in reach want each), hours,
//! contract form and wanted talents.

use std::collections::BTreeMap;
use std::rc::Rc;

use talentbrug_core::search::occupation_counts;
use talentbrug_core::vocabulary::Code;
use talentbrug_core::{CodeSet, EscoId, Lang, Query};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::listbox::{listbox, ListboxProps};
use crate::clock;
use crate::criteria::{toggled, Criteria, HOURS_CHOICES, PAGE};
use crate::hooks::use_combobox::{use_combobox, UseComboboxHandle};
use crate::i18n::{self, t, Text};
use crate::pool::LoadedFeed;

/// Props of [`FilterPanel`].
#[derive(Properties)]
pub struct FilterPanelProps {
    /// Language.
    pub lang: Lang,
    /// Current criteria.
    pub criteria: Criteria,
    /// Called with changed criteria.
    pub on_change: Callback<Criteria>,
    /// The feed, for its occupation labels.
    pub feed: Rc<LoadedFeed>,
}

impl PartialEq for FilterPanelProps {
    fn eq(&self, other: &Self) -> bool {
        self.lang == other.lang
            && self.criteria == other.criteria
            && self.on_change == other.on_change
            && Rc::ptr_eq(&self.feed, &other.feed)
    }
}

fn active_filters(c: &Criteria) -> usize {
    c.occupations.len() + c.talents.len() as usize + c.contracts.len() as usize + usize::from(c.hours.is_some())
}

/// Emits the criteria as a change leaves them, from the first page.
#[derive(Clone)]
struct Emit {
    on_change: Callback<Criteria>,
    criteria: Criteria,
}

impl Emit {
    fn emit(&self, change: impl FnOnce(&mut Criteria)) {
        let mut next = self.criteria.clone();
        change(&mut next);
        next.limit = PAGE;
        self.on_change.emit(next);
    }
}

/// The filters.
#[function_component(FilterPanel)]
pub fn filter_panel(props: &FilterPanelProps) -> Html {
    let l = props.lang;
    let c = &props.criteria;
    let expanded = use_state(|| false);
    let typed = use_state(String::new);
    let combo = use_combobox("tb-occ");
    // How many people in reach want each occupation (the criteria without the chosen
    // occupations), worked out again only when the place or another filter changes; collapsed,
    // the panel shows no suggestions and needs none.
    let reach: Option<Option<Query>> = expanded.then(|| c.query(clock::today()).map(|q| Query { occupations: Vec::new(), ..q }));
    let counts = use_memo((Rc::as_ptr(&props.feed) as usize, reach), {
        let feed = props.feed.clone();
        move |(_, reach): &(usize, Option<Option<Query>>)| match reach {
            Some(query) => occupation_counts(&feed.index, query.as_ref()),
            None => BTreeMap::new(),
        }
    });
    let emit = Emit { on_change: props.on_change.clone(), criteria: c.clone() };
    let toggle = {
        let expanded = expanded.clone();
        Callback::from(move |_| expanded.set(!*expanded))
    };
    let count = active_filters(c);
    let clear = {
        let (on_change, plain) = (props.on_change.clone(), Criteria { available_now: c.available_now, ..c.without_filters() });
        Callback::from(move |_| on_change.emit(plain.clone()))
    };
    html! {
        <div class="tb-filters">
            <button type="button" class="tb-disclosure" aria-expanded={expanded.to_string()} aria-controls="tb-filter-panel" onclick={toggle}>
                { t(l, Text::MoreFilters) }
                if count > 0 { <span class="tb-badge">{ count }</span> }
            </button>
            <div id="tb-filter-panel" class="tb-filter-panel" hidden={!*expanded}>
                // Collapsed, the panel has no content: nothing to redraw while the employer types.
                if *expanded {
                    { occupation_field(props, &emit, &typed, &combo, &counts) }
                    { hours_field(l, c, &emit) }
                    { checks(l, Text::ContractForm, "tb-contracts", "tb-contract", c.contracts, &emit, |c| &mut c.contracts) }
                    { checks(l, Text::Talents, "tb-talents", "tb-talent", c.talents, &emit, |c| &mut c.talents) }
                    if count > 0 {
                        <button type="button" class="tb-button tb-secondary" onclick={clear}>{ t(l, Text::ClearFilters) }</button>
                    }
                }
            </div>
        </div>
    }
}

/// Occupation: a combobox over the feed's occupation labels in the employer's language first
/// (then the other two), offering only occupations someone in reach wants, with how many; the
/// chosen ones as chips.
fn occupation_field(
    props: &FilterPanelProps,
    emit: &Emit,
    typed: &UseStateHandle<String>,
    combo: &UseComboboxHandle,
    counts: &BTreeMap<EscoId, usize>,
) -> Html {
    let (l, c, index) = (props.lang, &props.criteria, &props.feed.index);
    // (id, label in the employer's language, the other label that matched, people in reach)
    let hits: Vec<(EscoId, &str, Option<&str>, usize)> = index
        .find_occupations(typed.as_str(), l)
        .into_iter()
        .filter(|m| !c.occupations.contains(&m.id))
        .filter_map(|m| Some((m.id, m.labels.label_in(l), m.synonym(l), *counts.get(&m.id)?)))
        .take(8)
        .collect();
    let ids: Rc<[EscoId]> = hits.iter().map(|h| h.0).collect();
    let add = {
        let (emit, typed, combo) = (emit.clone(), typed.clone(), combo.clone());
        Callback::from(move |id: EscoId| {
            emit.emit(|c| c.occupations.push(id));
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
        let (add, ids, typed, len) = (add.clone(), ids.clone(), typed.clone(), ids.len());
        let on_enter = move |active: Option<usize>| {
            if let Some(id) = active.and_then(|i| ids.get(i)).or(ids.first()) {
                add.emit(*id);
            }
        };
        combo.onkeydown(len, on_enter, move || typed.set(String::new()))
    };
    let options = hits
        .iter()
        .map(|&(_, label, synonym, n)| {
            html! {
                <>
                    <span>{ label }if let Some(s) = synonym { <span class="tb-option-sub">{ " — " }{ s }</span> }</span>
                    <span class="tb-option-sub"><span class="tb-sr">{ ", " }</span>{ i18n::profiles(l, n) }</span>
                </>
            }
        })
        .collect();
    let label_of = |id: &EscoId| index.occupation(*id).map(|o| o.label_in(l).to_owned()).unwrap_or_else(|| id.to_string());
    html! {
        <div class="tb-field tb-occupation">
            <label for="tb-occ">{ t(l, Text::Occupation) }</label>
            <div class="tb-combo">
                <input id="tb-occ" type="text" autocomplete="off" role="combobox" aria-autocomplete="list"
                    aria-expanded={(!hits.is_empty()).to_string()} aria-controls={combo.list_id()} aria-describedby="tb-occ-hint"
                    aria-activedescendant={combo.active_id()} value={(**typed).clone()} {oninput} {onkeydown} />
                { listbox(&ListboxProps { combo, label: t(l, Text::Suggestions), options, on_choose: add.reform(move |i: usize| ids[i]) }) }
            </div>
            <p id="tb-occ-hint" class="tb-hint">{ t(l, Text::OccupationHint) }</p>
            if !c.occupations.is_empty() {
                <ul class="tb-chips tb-chosen" aria-label={t(l, Text::Occupations)}>
                    { for c.occupations.iter().map(|&id| {
                        let (label, emit) = (label_of(&id), emit.clone());
                        html! {
                            <li class="tb-chip">{ label.clone() }
                                <button type="button" class="tb-chip-remove" aria-label={i18n::remove(l, &label)}
                                    onclick={move |_| emit.emit(|c| c.occupations.retain(|o| *o != id))}>{ "×" }</button>
                            </li>
                        }
                    }) }
                </ul>
            }
        </div>
    }
}

/// Hours per week: any, or one of the bands.
fn hours_field(l: Lang, c: &Criteria, emit: &Emit) -> Html {
    let emit = emit.clone();
    let onchange = Callback::from(move |e: Event| {
        let value = e.target_unchecked_into::<HtmlSelectElement>().value();
        let choice = value.parse::<usize>().ok().filter(|&i| i < HOURS_CHOICES.len());
        emit.emit(|c| c.hours = choice);
    });
    html! {
        <div class="tb-field tb-hours">
            <label for="tb-hours">{ t(l, Text::HoursPerWeek) }</label>
            <select id="tb-hours" {onchange}>
                <option value="" selected={c.hours.is_none()}>{ t(l, Text::AnyHours) }</option>
                { for HOURS_CHOICES.iter().enumerate().map(|(i, &(min, max))| html! {
                    <option value={i.to_string()} selected={c.hours == Some(i)}>{ i18n::hours_choice(l, min, max) }</option>
                }) }
            </select>
        </div>
    }
}

/// A fieldset of checkboxes, one per code of a vocabulary (contract forms, talents); `slot`
/// is where the criteria keep the ticked ones.
fn checks<T: Code>(
    l: Lang,
    legend: Text,
    class: &'static str,
    id_prefix: &'static str,
    ticked: CodeSet<T>,
    emit: &Emit,
    slot: fn(&mut Criteria) -> &mut CodeSet<T>,
) -> Html {
    html! {
        <fieldset class={classes!("tb-checks", class)}>
            <legend>{ t(l, legend) }</legend>
            { for T::ALL.iter().map(|&code| {
                let emit = emit.clone();
                let id = format!("{id_prefix}-{}", code.code());
                let onchange = move |e: Event| {
                    let on = e.target_unchecked_into::<HtmlInputElement>().checked();
                    emit.emit(|c| *slot(c) = toggled(*slot(c), code, on))
                };
                html! {
                    <div class="tb-check">
                        <input id={id.clone()} type="checkbox" checked={ticked.contains(code)} {onchange} />
                        <label for={id}>{ code.label(l) }</label>
                    </div>
                }
            }) }
        </fieldset>
    }
}
