//! The optional filters behind "More filters": occupation (found by the employer's own words in
//! the feed's ESCO labels in nl, fr and en, with how many people in reach want each), hours,
//! contract form and wanted talents.

use std::collections::BTreeMap;
use std::rc::Rc;

use talentbrug_core::search::occupation_counts;
use talentbrug_core::vocabulary::Code;
use talentbrug_core::{CodeSet, EscoId, Lang, Query};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::code_checks::{code_checks, CodeChecksProps};
use super::occupation_combo::{occupation_chips, occupation_combo, OccupationComboProps};
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

/// Occupation: the shared occupation search, the chosen ones as chips.
fn occupation_field(
    props: &FilterPanelProps,
    emit: &Emit,
    typed: &UseStateHandle<String>,
    combo: &UseComboboxHandle,
    counts: &BTreeMap<EscoId, usize>,
) -> Html {
    let (l, c, index) = (props.lang, &props.criteria, &props.feed.index);
    let emit_add = emit.clone();
    let on_pick = Callback::from(move |id: EscoId| emit_add.emit(|c| c.occupations.push(id)));
    let emit_remove = emit.clone();
    let on_remove = Callback::from(move |id: EscoId| emit_remove.emit(|c| c.occupations.retain(|o| *o != id)));
    let chosen = &c.occupations;
    let described_by = "tb-occ-hint".to_owned();
    html! {
        <div class="tb-field tb-occupation">
            <label for="tb-occ">{ t(l, Text::Occupation) }</label>
            { occupation_combo(OccupationComboProps { lang: l, index, typed, combo, counts, chosen, on_pick, described_by, invalid: false }) }
            <p id="tb-occ-hint" class="tb-hint">{ t(l, Text::OccupationHint) }</p>
            { occupation_chips(l, index, chosen, &on_remove) }
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
    let emit = emit.clone();
    let on_toggle = Callback::from(move |(code, on): (T, bool)| emit.emit(|c| *slot(c) = toggled(*slot(c), code, on)));
    let legend = html! { t(l, legend) };
    code_checks(CodeChecksProps { lang: l, legend, id: None, class, id_prefix, ticked, on_toggle, described_by: None, after: html! {} })
}
