//! "Send your vacancy to the coaches of these people": the button next to the results and in
//! the empty state, opening the vacancy form in a modal dialog ([`VacancyForm`]). Focus returns
//! to the button when the dialog closes.

use web_sys::HtmlElement;
use yew::prelude::*;

use super::vacancy_form::{VacancyForm, VacancyProps};
use crate::i18n::{t, Text};

/// The button, and the dialog while it is open (its `on_close` is the entry's own).
#[function_component(VacancyEntry)]
pub fn vacancy_entry(props: &VacancyProps) -> Html {
    let open = use_state(|| false);
    let button = use_node_ref();
    let on_open = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(true))
    };
    let on_close = {
        let (open, button) = (open.clone(), button.clone());
        Callback::from(move |_| {
            open.set(false);
            if let Some(b) = button.cast::<HtmlElement>() {
                let _ = b.focus();
            }
        })
    };
    html! {
        <>
            <button ref={button} type="button" class="tb-button tb-secondary tb-vacancy-open" onclick={on_open}>
                { t(props.lang, Text::VacancyButton) }
            </button>
            if *open {
                <VacancyForm ..VacancyProps { on_close, ..props.clone() } />
            }
        </>
    }
}
