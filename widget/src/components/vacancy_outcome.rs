//! What the vacancy form says about where the vacancy goes: before sending, the organisations
//! that will receive it and how many of their people fit (or that nobody fits, so nothing is
//! sent); after sending, each organisation's reference and status link, and for one that did
//! not receive it, which one and a button to send it to just that one again.

use talentbrug_core::request::{Field, Problem};
use talentbrug_core::Lang;
use yew::prelude::*;

use super::form_field::{dom_id, problem_lines};
use crate::i18n::{self, t, Text};
use crate::pool::Org;
use crate::state::deliveries::{Deliveries, Status};
use crate::state::recipients::Recipient;

/// Who will receive the vacancy: `None` before the workplace names a place. Problems the
/// organisations found with the matches show here too.
pub fn recipients_view(l: Lang, recipients: Option<&[Recipient]>, problems: &[Problem]) -> Html {
    let id = dom_id(Field::Matches);
    let body = match recipients {
        None => html! { <p>{ t(l, Text::RecipientsNeedPlace) }</p> },
        Some([]) => html! { <p class="tb-nobody">{ t(l, Text::NoRecipients) }</p> },
        Some(list) => html! {
            <>
                <p class="tb-recipients-title">{ t(l, Text::Recipients) }</p>
                <ul class="tb-recipient-list">
                    { for list.iter().map(|r| html! {
                        <li data-org={r.org.name.clone()} data-count={r.count.to_string()}>
                            <strong>{ r.org.name.clone() }</strong>{ ": " }{ i18n::people_fitting(l, r.count) }
                        </li>
                    }) }
                </ul>
            </>
        },
    };
    html! {
        <section {id} class="tb-recipients" tabindex="-1" aria-live="polite" aria-label={t(l, Text::Recipients)}>
            { body }
            { problem_lines(l, Field::Matches, problems, &format!("{}-error", dom_id(Field::Matches))) }
        </section>
    }
}

/// Each organisation's copy: its reference and status link once stored, or that it did not
/// receive it with a button to send it to just that one again.
pub fn deliveries_view(l: Lang, deliveries: &Deliveries, on_retry: &Callback<Org>) -> Html {
    html! {
        <ul class="tb-deliveries">
            { for deliveries.0.iter().map(|d| {
                let name = &d.org.name;
                let (retry, org) = (on_retry.clone(), d.org.clone());
                let body = match &d.status {
                    Status::Sent { reference, status_url } => html! {
                        <>
                            <span>{ "✓ " }<strong>{ name }</strong>{ " · " }{ t(l, Text::Reference) }{ ": " }
                                <strong data-reference={reference.clone()}>{ reference }</strong></span>
                            if let Some(url) = status_url {
                                <a href={url.clone()} target="_blank" rel="noopener">{ i18n::follow_at(l, name) }</a>
                            }
                        </>
                    },
                    Status::Sending => html! { <span>{ name }{ ": " }{ t(l, Text::Sending) }</span> },
                    Status::Failed(_) | Status::Refused(_) => html! {
                        <>
                            <p class="tb-problem">{ i18n::not_received(l, name) }</p>
                            <button type="button" class="tb-button tb-secondary tb-retry" onclick={move |_| retry.emit(org.clone())}>
                                { i18n::send_again_to(l, name) }
                            </button>
                        </>
                    },
                };
                html! { <li class={classes!(matches!(d.status, Status::Sent { .. }).then_some("tb-delivered"))} data-org={name.clone()}>{ body }</li> }
            }) }
        </ul>
    }
}

/// Every organisation has the vacancy: each one's reference and status link.
pub fn sent_view(l: Lang, deliveries: &Deliveries, on_close: &Callback<()>, root: NodeRef) -> Html {
    let close = on_close.clone();
    html! {
        <div class="tb-sent" ref={root} role="status">
            <h2 id="tb-dialog-title" class="tb-dialog-title tb-sent-title" tabindex="-1">{ t(l, Text::VacancySent) }</h2>
            <p>{ t(l, Text::VacancySentIntro) }</p>
            { deliveries_view(l, deliveries, &Callback::noop()) }
            <div class="tb-card-actions">
                <button type="button" class="tb-button" onclick={move |_| close.emit(())}>{ t(l, Text::Close) }</button>
            </div>
        </div>
    }
}
