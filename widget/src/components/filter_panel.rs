//! The optional filters behind "More filters": occupation (searched in the feed's ESCO labels),
//! hours, contract form and wanted talents.

use std::rc::Rc;

use talentbrug_core::vocabulary::Code;
use talentbrug_core::{CodeSet, EscoId, Lang};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::listbox::{listbox, ListboxProps};
use crate::criteria::{toggled, Criteria, HOURS_CHOICES, PAGE};
use crate::feed_source::LoadedFeed;
use crate::hooks::use_combobox::{use_combobox, UseComboboxHandle};
use crate::i18n::{self, t, Text};

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
                    { occupation_field(props, &emit, &typed, &combo) }
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

/// Occupation: a combobox over the feed's occupation labels, and the chosen ones as chips.
fn occupation_field(props: &FilterPanelProps, emit: &Emit, typed: &UseStateHandle<String>, combo: &UseComboboxHandle) -> Html {
    let (l, c, index) = (props.lang, &props.criteria, &props.feed.index);
    let hits: Vec<(EscoId, String)> = index
        .search_occupations(typed.as_str(), 8)
        .into_iter()
        .filter(|(id, _)| !c.occupations.contains(id))
        .map(|(id, labels)| (id, labels.label.clone()))
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
    let options = hits.iter().map(|(_, label)| html! { { label.clone() } }).collect();
    let label_of = |id: &EscoId| index.occupation(*id).map(|o| o.label.clone()).unwrap_or_else(|| id.to_string());
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
