//! The vacancy's own fields: title, occupation (the occupation filter's search), weekly hours
//! from-to, shifts, contract forms, start month, workplace postcode, what the workplace offers,
//! a description, and how many interviews the employer promises. Each tied to its problems for
//! assistive technology as the request form's fields are.

use std::collections::BTreeMap;
use std::rc::Rc;

use talentbrug_core::request::{Field, Problem};
use talentbrug_core::search::occupation_counts;
use talentbrug_core::vacancy::MaxInterviews;
use talentbrug_core::vocabulary::{Code, ContractForm, Shift, WorkplaceNeed};
use talentbrug_core::{EscoId, Lang, Query};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::code_checks::{code_checks, CodeChecksProps};
use super::employer_fields::FormContext;
use super::form_field::{dom_id, problem_lines, Control};
use super::occupation_combo::{occupation_chips, occupation_combo, OccupationComboProps};
use crate::hooks::use_combobox::{use_combobox, UseComboboxHandle};
use crate::i18n::{self, t, Text};
use crate::pool::LoadedFeed;
use crate::state::fields::{Edit, FormValues};
use crate::state::vacancy::{Action, VacancyState};

/// The id of the problems under `field` (what its control's `aria-describedby` names).
fn error_id(field: Field) -> String {
    format!("{}-error", dom_id(field))
}

/// `aria-describedby` for a field that shows `problems`.
fn described(field: Field, problems: &[Problem]) -> Option<String> {
    (!problems.is_empty()).then(|| error_id(field))
}

/// The fieldset "the vacancy".
pub fn vacancy_fields(
    form: &FormContext<'_>,
    state: &VacancyState,
    on: &Callback<Action>,
    feed: &LoadedFeed,
    occupation: &OccupationSearch,
) -> Html {
    let l = form.lang;
    let description = Control::TextArea(state.text(Field::Description));
    html! {
        <fieldset>
            <legend>{ t(l, Text::TheVacancy) }</legend>
            { form.text(Field::Title, Text::JobTitle, "text", "off", true) }
            { occupation_field(l, feed, occupation, state, on) }
            { hours_field(l, state, on) }
            { codes::<Shift>(l, state, on, Field::Shifts, Text::Shifts, "tb-f-shift") }
            { codes::<ContractForm>(l, state, on, Field::ContractForms, Text::ContractForm, "tb-f-contract") }
            <div class="tb-row">
                { form.field(Field::Start, html! { t(l, Text::StartMonth) }, start_month(l, state), true, None) }
                { form.text(Field::WorkplacePostcode, Text::WorkplacePostcode, "text", "postal-code", true) }
            </div>
            { codes::<WorkplaceNeed>(l, state, on, Field::Offers, Text::Offers, "tb-f-offer") }
            { form.field(Field::Description, html! { t(l, Text::JobDescription) }, description, false, None) }
        </fieldset>
    }
}

/// How many months ahead a vacancy may start, from this month.
const START_MONTHS: u32 = 24;

/// The start month: this month and the next ones, named in the widget's language (and the month
/// the form holds, should it be another).
fn start_month(l: Lang, state: &VacancyState) -> Control {
    let value = state.text(Field::Start);
    let first = crate::clock::today();
    let mut months: Vec<(String, String)> =
        (0..START_MONTHS).map(|n| first.plus_months(n)).map(|m| (m.to_string(), i18n::month(l, m))).collect();
    if !months.iter().any(|(m, _)| *m == value) {
        let words = value.parse().map_or_else(|_| value.clone(), |m| i18n::month(l, m));
        months.insert(0, (value.clone(), words));
    }
    Control::Month { value, months }
}

/// Weekly hours, at least and at most, under one legend and one line of problems.
fn hours_field(l: Lang, state: &VacancyState, on: &Callback<Action>) -> Html {
    let problems = state.problems(Field::Hours);
    let (invalid, described) = (!problems.is_empty(), described(Field::Hours, &problems));
    let input = |most: bool, label: Text| {
        let id = if most { format!("{}-max", dom_id(Field::Hours)) } else { dom_id(Field::Hours) };
        let oninput = on.reform(move |e: InputEvent| Action::Hours { most, value: e.target_unchecked_into::<HtmlInputElement>().value() });
        let onblur = on.reform(|_: FocusEvent| Action::Edit(Edit::Leave(Field::Hours)));
        html! {
            <div class="tb-field tb-narrow">
                <label for={id.clone()}>{ t(l, label) }</label>
                <input {id} type="number" inputmode="numeric" min="1" max="60" required=true value={state.hours_text(most)}
                    aria-invalid={invalid.then_some("true")} aria-describedby={described.clone()} {oninput} {onblur} />
            </div>
        }
    };
    html! {
        <fieldset class={classes!("tb-hours-range", invalid.then_some("tb-invalid"))}>
            <legend>{ t(l, Text::HoursPerWeek) }<span class="tb-req">{ format!(" ({})", t(l, Text::Required)) }</span></legend>
            <div class="tb-row">{ input(false, Text::HoursAtLeast) }{ input(true, Text::HoursAtMost) }</div>
            { problem_lines(l, Field::Hours, &problems, &error_id(Field::Hours)) }
        </fieldset>
    }
}

/// The codes of one vocabulary to tick, kept in `field`.
fn codes<T: Code>(l: Lang, state: &VacancyState, on: &Callback<Action>, field: Field, legend: Text, id_prefix: &'static str) -> Html {
    let problems = state.problems(field);
    let on_toggle = on.reform(move |(code, ticked): (T, bool)| Action::Toggle(field, code.code(), ticked));
    code_checks(CodeChecksProps {
        lang: l,
        legend: html! { <>{ t(l, legend) }<span class="tb-req">{ format!(" ({})", t(l, Text::Optional)) }</span></> },
        id: Some(dom_id(field)),
        class: "tb-vacancy-codes",
        id_prefix,
        ticked: state.codes::<T>(field),
        on_toggle,
        described_by: described(field, &problems),
        after: problem_lines(l, field, &problems, &error_id(field)),
    })
}

/// How many interviews the employer promises: 1 to 10.
pub fn interviews_field(l: Lang, state: &VacancyState, on: &Callback<Action>) -> Html {
    let id = dom_id(Field::MaxInterviews);
    let problems = state.problems(Field::MaxInterviews);
    let onchange = on.reform(|e: Event| Action::Interviews(e.target_unchecked_into::<HtmlSelectElement>().value().parse().unwrap_or(0)));
    html! {
        <div class="tb-field tb-interviews">
            <label for={id.clone()}>{ t(l, Text::MaxInterviews) }</label>
            <select {id} {onchange} aria-describedby={described(Field::MaxInterviews, &problems)}>
                { for (1..=MaxInterviews::MAX).map(|n| html! {
                    <option value={n.to_string()} selected={state.form.max_interviews == u32::from(n)}>{ i18n::interviews(l, n) }</option>
                }) }
            </select>
            { problem_lines(l, Field::MaxInterviews, &problems, &error_id(Field::MaxInterviews)) }
        </div>
    }
}

/// The occupation search's state: what was typed, the combobox, and how many people near the
/// workplace want each occupation.
pub struct OccupationSearch {
    typed: UseStateHandle<String>,
    combo: UseComboboxHandle,
    counts: Rc<BTreeMap<EscoId, usize>>,
}

/// The occupation search of the vacancy whose search is `query` (`None` before the workplace
/// names a place): counted without the vacancy's own occupation, again only when it changes.
#[hook]
pub fn use_occupation_search(feed: &Rc<LoadedFeed>, query: Option<Query>) -> OccupationSearch {
    let typed = use_state(String::new);
    let combo = use_combobox("tb-f-vacancy-occupation");
    let reach = query.map(|q| Query { occupations: Vec::new(), ..q });
    let counts = use_memo((Rc::as_ptr(feed) as usize, reach), {
        let feed = feed.clone();
        move |(_, reach): &(usize, Option<Query>)| occupation_counts(&feed.index, reach.as_ref())
    });
    OccupationSearch { typed, combo, counts }
}

/// The vacancy's occupation (optional): the occupation filter's search, offering what people
/// near the workplace want, with how many.
fn occupation_field(l: Lang, feed: &LoadedFeed, search: &OccupationSearch, state: &VacancyState, on: &Callback<Action>) -> Html {
    let field = Field::Occupation;
    let problems = state.problems(field);
    let chosen: Vec<EscoId> = state.occupation().into_iter().collect();
    let on_pick = on.reform(|id: EscoId| Action::Occupation(Some(id)));
    let on_remove = on.reform(|_: EscoId| Action::Occupation(None));
    let hint = "tb-f-vacancy-occupation-hint";
    let described_by = match described(field, &problems) {
        None => hint.to_owned(),
        Some(errors) => format!("{hint} {errors}"),
    };
    let (index, invalid, combo) = (&feed.index, !problems.is_empty(), &search.combo);
    let props = OccupationComboProps {
        lang: l,
        index,
        typed: &search.typed,
        combo,
        counts: &search.counts,
        chosen: &chosen,
        on_pick,
        described_by,
        invalid,
    };
    html! {
        <div class={classes!("tb-field", "tb-occupation", invalid.then_some("tb-invalid"))}>
            <label for={combo.id()}>{ t(l, Text::Occupation) }<span class="tb-req">{ format!(" ({})", t(l, Text::Optional)) }</span></label>
            { occupation_combo(props) }
            <p id={hint} class="tb-hint">{ t(l, Text::OccupationHint) }</p>
            { occupation_chips(l, index, &chosen, &on_remove) }
            { problem_lines(l, field, &problems, &error_id(field)) }
        </div>
    }
}
