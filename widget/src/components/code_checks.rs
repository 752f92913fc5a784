//! A fieldset of checkboxes, one per code of a vocabulary (contract forms, talents, shifts, what
//! a workplace offers), shared by the filters and the vacancy form.

use talentbrug_core::vocabulary::Code;
use talentbrug_core::{CodeSet, Lang};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// What [`code_checks`] shows.
pub struct CodeChecksProps<T: Code> {
    /// Language of the codes' labels.
    pub lang: Lang,
    /// The legend.
    pub legend: Html,
    /// The fieldset's DOM id, if it needs one (problems point at it).
    pub id: Option<String>,
    /// One more class for the fieldset.
    pub class: &'static str,
    /// Each checkbox's id is `{id_prefix}-{code}`.
    pub id_prefix: &'static str,
    /// The ticked codes.
    pub ticked: CodeSet<T>,
    /// Gets a code and whether it is now ticked.
    pub on_toggle: Callback<(T, bool)>,
    /// The id of what describes the fieldset (its problems), if anything does.
    pub described_by: Option<String>,
    /// Shown after the checkboxes (the problems).
    pub after: Html,
}

/// The fieldset (a plain function: no state of its own).
pub fn code_checks<T: Code>(props: CodeChecksProps<T>) -> Html {
    let (l, ticked) = (props.lang, props.ticked);
    html! {
        <fieldset id={props.id} class={classes!("tb-checks", props.class)} aria-describedby={props.described_by}>
            <legend>{ props.legend }</legend>
            { for T::ALL.iter().map(|&code| {
                let toggle = props.on_toggle.clone();
                let id = format!("{}-{}", props.id_prefix, code.code());
                let onchange = move |e: Event| toggle.emit((code, e.target_unchecked_into::<HtmlInputElement>().checked()));
                html! {
                    <div class="tb-check">
                        <input id={id.clone()} type="checkbox" checked={ticked.contains(code)} {onchange} />
                        <label for={id}>{ code.label(l) }</label>
                    </div>
                }
            }) }
            { props.after }
        </fieldset>
    }
}
