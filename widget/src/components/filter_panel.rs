//! The optional filters behind "More filters": occupation (searched in the feed's ESCO labels),
//! hours, contract form and wanted talents.

use std::rc::Rc;

use talentbrug_core::vocabulary::{Code, ContractForm, Talent};
use talentbrug_core::{EscoId, Lang};
use web_sys::{HtmlInputElement, HtmlSelectElement, KeyboardEvent};
use yew::prelude::*;

use crate::criteria::{toggled, Criteria, HOURS_CHOICES, PAGE};
use crate::feed_source::LoadedFeed;
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

/// The filters.
#[function_component(FilterPanel)]
pub fn filter_panel(props: &FilterPanelProps) -> Html {
    let l = props.lang;
    let c = &props.criteria;
    let expanded = use_state(|| false);
    let typed = use_state(String::new);
    let active = use_state(|| None::<usize>);

    let emit = {
        let (on_change, criteria) = (props.on_change.clone(), c.clone());
        move |change: &dyn Fn(&mut Criteria)| {
            let mut next = criteria.clone();
            change(&mut next);
            next.limit = PAGE;
            on_change.emit(next);
        }
    };

    let hits: Vec<(EscoId, String)> = props
        .feed
        .index
        .search_occupations(&typed, 8)
        .into_iter()
        .filter(|(id, _)| !c.occupations.contains(id))
        .map(|(id, labels)| (id, labels.label.clone()))
        .collect();
    let label_of = |id: &EscoId| props.feed.index.occupation(*id).map(|o| o.label.clone()).unwrap_or_else(|| id.to_string());

    let add_occupation = {
        let emit = emit.clone();
        let (typed, active) = (typed.clone(), active.clone());
        Callback::from(move |id: EscoId| {
            emit(&|c: &mut Criteria| c.occupations.push(id));
            typed.set(String::new());
            active.set(None);
        })
    };
    let on_occ_input = {
        let (typed, active) = (typed.clone(), active.clone());
        Callback::from(move |e: InputEvent| {
            typed.set(e.target_unchecked_into::<HtmlInputElement>().value());
            active.set(None);
        })
    };
    let on_occ_key = {
        let (typed, active, add) = (typed.clone(), active.clone(), add_occupation.clone());
        let ids: Vec<EscoId> = hits.iter().map(|h| h.0).collect();
        Callback::from(move |e: KeyboardEvent| {
            let n = ids.len();
            match e.key().as_str() {
                "ArrowDown" if n > 0 => {
                    e.prevent_default();
                    active.set(Some(active.map_or(0, |i| (i + 1) % n)));
                }
                "ArrowUp" if n > 0 => {
                    e.prevent_default();
                    active.set(Some(active.map_or(n - 1, |i| (i + n - 1) % n)));
                }
                "Escape" if n > 0 => {
                    e.prevent_default();
                    typed.set(String::new());
                }
                "Enter" => {
                    e.prevent_default();
                    if let Some(id) = active.and_then(|i| ids.get(i)).or(ids.first()) {
                        add.emit(*id);
                    }
                }
                _ => {}
            }
        })
    };
    let open = !hits.is_empty();

    let on_hours = {
        let emit = emit.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            let choice = value.parse::<usize>().ok().filter(|&i| i < HOURS_CHOICES.len());
            emit(&|c: &mut Criteria| c.hours = choice);
        })
    };

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
                <div class="tb-field tb-occupation">
                    <label for="tb-occ">{ t(l, Text::Occupation) }</label>
                    <div class="tb-combo">
                        <input id="tb-occ" type="text" autocomplete="off" role="combobox" aria-autocomplete="list"
                            aria-expanded={open.to_string()} aria-controls="tb-occ-list" aria-describedby="tb-occ-hint"
                            aria-activedescendant={active.map(|i| format!("tb-occ-opt-{i}"))}
                            value={(*typed).clone()} oninput={on_occ_input} onkeydown={on_occ_key} />
                        <ul id="tb-occ-list" role="listbox" class="tb-listbox" aria-label={t(l, Text::Suggestions)} hidden={!open}>
                            { for hits.iter().enumerate().map(|(i, (id, label))| {
                                let add = add_occupation.clone();
                                let id = *id;
                                html! {
                                    <li id={format!("tb-occ-opt-{i}")} role="option" aria-selected={(Some(i) == *active).to_string()}
                                        class={classes!("tb-option", (Some(i) == *active).then_some("tb-active"))}
                                        onmousedown={Callback::from(|e: MouseEvent| e.prevent_default())}
                                        onclick={move |_| add.emit(id)}>{ label.clone() }</li>
                                }
                            }) }
                        </ul>
                    </div>
                    <p id="tb-occ-hint" class="tb-hint">{ t(l, Text::OccupationHint) }</p>
                    if !c.occupations.is_empty() {
                        <ul class="tb-chips tb-chosen" aria-label={t(l, Text::Occupations)}>
                            { for c.occupations.iter().map(|id| {
                                let label = label_of(id);
                                let emit = emit.clone();
                                let id = *id;
                                html! {
                                    <li class="tb-chip">{ label.clone() }
                                        <button type="button" class="tb-chip-remove" aria-label={i18n::remove(l, &label)}
                                            onclick={move |_| emit(&|c: &mut Criteria| c.occupations.retain(|o| *o != id))}>{ "×" }</button>
                                    </li>
                                }
                            }) }
                        </ul>
                    }
                </div>
                <div class="tb-field tb-hours">
                    <label for="tb-hours">{ t(l, Text::HoursPerWeek) }</label>
                    <select id="tb-hours" onchange={on_hours}>
                        <option value="" selected={c.hours.is_none()}>{ t(l, Text::AnyHours) }</option>
                        { for HOURS_CHOICES.iter().enumerate().map(|(i, &(min, max))| html! {
                            <option value={i.to_string()} selected={c.hours == Some(i)}>{ i18n::hours_choice(l, min, max) }</option>
                        }) }
                    </select>
                </div>
                <fieldset class="tb-checks tb-contracts">
                    <legend>{ t(l, Text::ContractForm) }</legend>
                    { for ContractForm::ALL.iter().map(|&form| {
                        let emit = emit.clone();
                        let id = format!("tb-contract-{}", form.code());
                        html! {
                            <div class="tb-check">
                                <input id={id.clone()} type="checkbox" checked={c.contracts.contains(form)}
                                    onchange={move |e: Event| {
                                        let on = e.target_unchecked_into::<HtmlInputElement>().checked();
                                        emit(&|c: &mut Criteria| c.contracts = toggled(c.contracts, form, on))
                                    }} />
                                <label for={id}>{ form.label(l) }</label>
                            </div>
                        }
                    }) }
                </fieldset>
                <fieldset class="tb-checks tb-talents">
                    <legend>{ t(l, Text::Talents) }</legend>
                    { for Talent::ALL.iter().map(|&talent| {
                        let emit = emit.clone();
                        let id = format!("tb-talent-{}", talent.code());
                        html! {
                            <div class="tb-check">
                                <input id={id.clone()} type="checkbox" checked={c.talents.contains(talent)}
                                    onchange={move |e: Event| {
                                        let on = e.target_unchecked_into::<HtmlInputElement>().checked();
                                        emit(&|c: &mut Criteria| c.talents = toggled(c.talents, talent, on))
                                    }} />
                                <label for={id}>{ talent.label(l) }</label>
                            </div>
                        }
                    }) }
                </fieldset>
                if count > 0 {
                    <button type="button" class="tb-button tb-secondary" onclick={clear}>{ t(l, Text::ClearFilters) }</button>
                }
                }
            </div>
        </div>
    }
}
