//! What every employer form has, read from any form's state ([`FormValues`]): a labelled field
//! of the form, a text field, the company and contact fieldset, and the alerts with "Cancel"
//! and "Send" ([`actions`]). Shared by the request form and the vacancy form.

use talentbrug_core::request::Field;
use talentbrug_core::Lang;
use yew::prelude::*;

use super::form_field::{form_field, Control, FormFieldProps};
use crate::i18n::{t, Text};
use crate::state::fields::{Edit, FormValues, Summary};

/// What the fields of one form share: its language, its state and where edits go.
#[derive(Clone, Copy)]
pub struct FormContext<'a> {
    /// Language.
    pub lang: Lang,
    /// The form's state.
    pub values: &'a dyn FormValues,
    /// Gets what the employer types, ticks, and leaving a field.
    pub on_action: &'a Callback<Edit>,
}

impl FormContext<'_> {
    /// A labelled field with its problems.
    pub fn field(&self, field: Field, label: Html, control: Control, required: bool, class: Option<&'static str>) -> Html {
        let problems = self.values.problems(field);
        form_field(FormFieldProps { lang: self.lang, field, control, required, problems, class, on_action: self.on_action, label })
    }

    /// A text input of `kind` (text, email, tel) with its label.
    pub fn text(&self, field: Field, label: Text, kind: &'static str, autocomplete: &'static str, required: bool) -> Html {
        let control = Control::Text { kind, autocomplete, value: self.values.text(field) };
        self.field(field, html! { t(self.lang, label) }, control, required, None)
    }

    /// The company and its contact person.
    pub fn employer(&self) -> Html {
        html! {
            <fieldset>
                <legend>{ t(self.lang, Text::YourCompany) }</legend>
                { self.text(Field::Company, Text::Company, "text", "organization", true) }
                { self.text(Field::ContactName, Text::ContactName, "text", "name", true) }
                <div class="tb-row">
                    { self.text(Field::Email, Text::Email, "email", "email", true) }
                    { self.text(Field::Phone, Text::Phone, "tel", "tel", true) }
                </div>
                { self.text(Field::Postcode, Text::CompanyPostcode, "text", "postal-code", true) }
            </fieldset>
        }
    }
}

/// What went wrong (`summary`, then `failure`), "Cancel" and the submit button, which says
/// `send` (or "Sending…", disabled, while `sending`).
pub fn actions(l: Lang, summary: Option<Summary>, failure: Html, sending: bool, send: Text, on_close: &Callback<()>) -> Html {
    let cancel = on_close.clone();
    html! {
        <>
            <div class="tb-alerts" role="alert">
                if let Some(summary) = summary {
                    <p class="tb-problem tb-summary-error">{ summary.text(l) }</p>
                }
                { failure }
            </div>
            <div class="tb-card-actions">
                <button type="button" class="tb-button tb-secondary" onclick={move |_| cancel.emit(())}>{ t(l, Text::Cancel) }</button>
                <button type="submit" class="tb-button" disabled={sending} aria-disabled={sending.then_some("true")}>
                    { t(l, if sending { Text::Sending } else { send }) }
                </button>
            </div>
        </>
    }
}
