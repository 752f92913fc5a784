//! One labelled field of the request or vacancy form with its problems: the label (with "required" or
//! "optional"), the control, and the problems under it, tied together for assistive
//! technology (`for`, `aria-invalid`, `aria-describedby`).

use talentbrug_core::request::{Field, Problem};
use talentbrug_core::Lang;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::i18n::{self, t, Text};
use crate::state::fields::Edit;

/// The DOM id of a field's control (`tb-f-employer-email`).
pub fn dom_id(field: Field) -> String {
    format!("tb-f-{}", field.path().replace('.', "-"))
}

/// The control a [`form_field`] shows.
pub enum Control {
    /// `<input type={kind} autocomplete={autocomplete}>` holding `value`.
    Text {
        /// `type`: text, email, tel.
        kind: &'static str,
        /// `autocomplete`.
        autocomplete: &'static str,
        /// What it holds.
        value: String,
    },
    /// A whole number of hours a week, 1 to 60.
    Hours(String),
    /// A few lines of text.
    TextArea(String),
    /// A checkbox, label after it.
    Checkbox(bool),
    /// A month chosen from a list (`<select>`), each named in the widget's language: a
    /// browser's month picker names months in the browser's language, not the widget's.
    Month {
        /// What it holds: `YYYY-MM`.
        value: String,
        /// The months to choose from: `YYYY-MM` and their words.
        months: Vec<(String, String)>,
    },
}

/// What [`form_field`] shows.
pub struct FormFieldProps<'a> {
    /// Language.
    pub lang: Lang,
    /// The form field.
    pub field: Field,
    /// The control.
    pub control: Control,
    /// Whether the field must be filled in (said in the label).
    pub required: bool,
    /// What is wrong with it now (shown under it).
    pub problems: Vec<Problem>,
    /// One more class for the field's `<div>`.
    pub class: Option<&'static str>,
    /// Gets what the employer types, ticks, and leaving the field.
    pub on_action: &'a Callback<Edit>,
    /// The label.
    pub label: Html,
}

/// A labelled field (a plain function, like [`super::listbox::listbox`]: it has no state of its
/// own, and each component type costs about a kilobyte of wasm).
pub fn form_field(props: FormFieldProps<'_>) -> Html {
    let (l, field) = (props.lang, props.field);
    let id = dom_id(field);
    let err_id = format!("{id}-error");
    let invalid = !props.problems.is_empty();
    let (aria_invalid, described) = (invalid.then_some("true"), invalid.then(|| err_id.clone()));
    let onblur = props.on_action.reform(move |_: FocusEvent| Edit::Leave(field));
    let typed = props.on_action.reform(move |value: String| Edit::Type(field, value));
    let input = typed.reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
    let label = html! {
        <label for={id.clone()}>{ props.label }
            <span class="tb-req">{ format!(" ({})", t(l, if props.required { Text::Required } else { Text::Optional })) }</span></label>
    };
    let (kind_class, control) = match &props.control {
        Control::Text { kind, autocomplete, value } => (
            None,
            html! {
                <input id={id} type={*kind} autocomplete={*autocomplete} required={props.required} value={value.clone()}
                    aria-invalid={aria_invalid} aria-describedby={described} oninput={input} {onblur} />
            },
        ),
        Control::Hours(value) => (
            Some("tb-narrow"),
            html! {
                <input id={id} type="number" inputmode="numeric" min="1" max="60" required=true value={value.clone()}
                    aria-invalid={aria_invalid} aria-describedby={described} oninput={input} {onblur} />
            },
        ),
        Control::TextArea(value) => {
            let oninput = typed.reform(|e: InputEvent| e.target_unchecked_into::<HtmlTextAreaElement>().value());
            (
                None,
                html! {
                    <textarea id={id} rows="3" value={value.clone()} aria-invalid={aria_invalid} aria-describedby={described} {oninput} {onblur} />
                },
            )
        }
        Control::Month { value, months } => {
            let onchange = typed.reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value());
            (
                None,
                html! {
                    <select id={id} required={props.required} aria-invalid={aria_invalid} aria-describedby={described} {onchange} {onblur}>
                        { for months.iter().map(|(month, words)| html! {
                            <option value={month.clone()} selected={month == value}>{ words.clone() }</option>
                        }) }
                    </select>
                },
            )
        }
        Control::Checkbox(checked) => {
            let onchange =
                props.on_action.reform(move |e: Event| Edit::Tick(field, e.target_unchecked_into::<HtmlInputElement>().checked()));
            let control = html! {
                <input id={id} type="checkbox" required=true checked={*checked}
                    aria-invalid={aria_invalid} aria-describedby={described} {onchange} {onblur} />
            };
            return html! {
                <div class={classes!("tb-field", "tb-check", props.class, invalid.then_some("tb-invalid"))}>
                    { control }{ label }{ problem_lines(l, field, &props.problems, &err_id) }
                </div>
            };
        }
    };
    html! {
        <div class={classes!("tb-field", kind_class, props.class, invalid.then_some("tb-invalid"))}>
            { label }{ control }{ problem_lines(l, field, &props.problems, &err_id) }
        </div>
    }
}

/// The problems of `field`, one sentence each, under the id its control points to.
pub fn problem_lines(lang: Lang, field: Field, problems: &[Problem], id: &str) -> Html {
    if problems.is_empty() {
        return html! {};
    }
    html! {
        <p id={id.to_owned()} class="tb-problem">
            { problems.iter().map(|p| i18n::problem(lang, field, *p)).collect::<Vec<_>>().join(" ") }
        </p>
    }
}
