//! The vacancy form (issue 15): the employer says what they need; the widget works out in the
//! browser which organisations coach people who fit ([`recipients`]) and sends each of them
//! its own copy, in parallel, with the ids that organisation published of the people who fit.
//! What was typed lives in a [`VacancyState`] reducer, checked by the core's own validation as
//! the employer types; it stays in memory only (nothing is stored), and stays filled when an
//! organisation could not receive it, so the employer sends it to that one again.

use std::rc::Rc;

use talentbrug_core::gazetteer::Country;
use talentbrug_core::request::Field;
use talentbrug_core::vacancy::{vacancy_url, MAX_MATCHES};
use talentbrug_core::{Lang, Query, YearMonth};
use yew::prelude::*;

use super::employer_fields::{actions, FormContext};
use super::form_field::{dom_id, Control};
use super::request_form::{focus_first, honeypot, org_request_url};
use super::vacancy_fields::{interviews_field, use_occupation_search, vacancy_fields, OccupationSearch};
use super::vacancy_outcome::{deliveries_view, recipients_view, sent_view};
use crate::hooks::use_modal::use_modal;
use crate::i18n::{self, t, Text};
use crate::pool::{LoadedFeed, Org};
use crate::settings::Settings;
use crate::state::fields::{first_visible, FormValues};
use crate::state::recipients::{recipients, Recipient};
use crate::state::vacancy::{Action, VacancyState};
use crate::{clock, memory, sending, urls};

/// Props of [`VacancyForm`] (and of the button that opens it).
#[derive(Properties, Clone)]
pub struct VacancyProps {
    /// Language.
    pub lang: Lang,
    /// The pool the search found people in.
    pub feed: Rc<LoadedFeed>,
    /// The partner's settings (a single feed's request URL).
    pub settings: Settings,
    /// The postcode searched from: the company's and the workplace's, until changed.
    pub postcode: String,
    /// The search's radius: how far from the workplace people are looked for.
    pub radius: u32,
    /// The current month.
    pub today: YearMonth,
    /// Called when the dialog closed.
    #[prop_or_default]
    pub on_close: Callback<()>,
}

impl PartialEq for VacancyProps {
    fn eq(&self, other: &Self) -> bool {
        self.lang == other.lang
            && Rc::ptr_eq(&self.feed, &other.feed)
            && self.settings == other.settings
            && (&self.postcode, self.radius, self.today) == (&other.postcode, other.radius, other.today)
            && self.on_close == other.on_close
    }
}

/// Who receives the vacancy now; `None` before the workplace names a place.
type Found = Rc<Option<Vec<Recipient>>>;

/// The dialog with the form, then the confirmation.
#[function_component(VacancyForm)]
pub fn vacancy_form(props: &VacancyProps) -> Html {
    let modal = use_modal();
    let state = use_reducer(|| VacancyState::new(&props.postcode, props.today, clock::monotonic_ms()));
    let root = use_node_ref();
    let query = state.query(props.radius, props.today);
    let found: Found = use_memo((Rc::as_ptr(&props.feed) as usize, query.clone()), {
        let feed = props.feed.clone();
        move |(_, query): &(usize, Option<Query>)| query.as_ref().map(|q| recipients(&feed, q, MAX_MATCHES))
    });
    let occupation = use_occupation_search(&props.feed, query);
    use_focus_after_sending(&state, &root);
    let body = if state.deliveries.all_sent() {
        sent_view(props.lang, &state.deliveries, &modal.close, root)
    } else {
        editing(props, &state, &found, &occupation, &modal.close, root)
    };
    modal.view(props.lang, &props.on_close, None, body)
}

/// The form being filled in (or sent to some organisations and not yet to others).
fn editing(
    props: &VacancyProps,
    state: &UseReducerHandle<VacancyState>,
    found: &Found,
    occupation: &OccupationSearch,
    on_close: &Callback<()>,
    root: NodeRef,
) -> Html {
    let on = {
        let state = state.clone();
        Callback::from(move |action: Action| state.dispatch(action))
    };
    let send = submit(props, state, &root, found);
    let onsubmit = send.reform(|e: SubmitEvent| {
        e.prevent_default();
        None
    });
    let l = props.lang;
    let on_edit = on.reform(Action::Edit);
    let form = FormContext { lang: l, values: &**state, on_action: &on_edit };
    let to = found.as_ref().as_deref();
    html! {
        <form ref={root} class="tb-request tb-vacancy" novalidate=true {onsubmit} aria-labelledby="tb-dialog-title"
            data-stage={if state.deliveries.sending() { "sending" } else if state.started() { "partly-sent" } else { "editing" }}>
            <h2 id="tb-dialog-title" class="tb-dialog-title">{ t(l, Text::VacancyHeading) }</h2>
            <p class="tb-intro">{ t(l, Text::VacancyIntro) }</p>
            { form.employer() }
            { vacancy_fields(&form, state, &on, &props.feed, occupation) }
            { recipients_view(l, to, &state.problems(Field::Matches)) }
            { promises(&form, state, &on, to.unwrap_or_default(), &props.feed) }
            { honeypot(l, &state.form.website, &on_edit) }
            { vacancy_actions(l, state, on_close, &send) }
        </form>
    }
}

/// Focus after the answers: on the confirmation once every organisation has the vacancy, on
/// the first "send again" when one does not.
#[hook]
fn use_focus_after_sending(state: &VacancyState, root: &NodeRef) {
    let root = root.clone();
    let settled = (!state.deliveries.sending() && state.started(), state.deliveries.all_sent());
    use_effect_with(settled, move |&(settled, all)| match (settled, all) {
        (true, true) => focus_first(&root, ".tb-sent-title"),
        (true, false) => focus_first(&root, ".tb-retry"),
        _ => {}
    });
}

/// "Send" (`None`) or "send again to" one organisation: the core's checks first (focus on the
/// first field to correct), then one POST per organisation, in parallel.
fn submit(props: &VacancyProps, state: &UseReducerHandle<VacancyState>, root: &NodeRef, found: &Found) -> Callback<Option<Org>> {
    let (l, state, root, found, settings) = (props.lang, state.clone(), root.clone(), found.clone(), props.settings.clone());
    Callback::from(move |only: Option<Org>| {
        if state.deliveries.sending() {
            return;
        }
        let to: Vec<(Org, Vec<String>)> = found.as_ref().iter().flatten().map(|r| (r.org.clone(), r.ids.clone())).collect();
        // The copies differ only in key and ids: one check with the first's ids (none: nobody fits).
        let ids = to.first().map(|t| t.1.clone()).unwrap_or_default();
        if let Err(errors) = state.body(&memory::new_idempotency_key(), ids, clock::monotonic_ms()).validate(|_| true, Country::Be) {
            let first = first_visible(&errors);
            state.dispatch(Action::Refused(errors));
            if let Some(field) = first {
                let id = dom_id(field);
                focus_first(&root, &format!("#{id} input, input#{id}, select#{id}, textarea#{id}, section#{id}"));
            }
            return;
        }
        let mut deliveries = state.deliveries.clone();
        let copies = deliveries.start(to, only.as_ref(), memory::new_idempotency_key);
        state.dispatch(Action::Started(deliveries));
        let now = clock::monotonic_ms();
        for copy in copies {
            let body = serde_json::to_string(&state.body(&copy.key, copy.ids, now)).unwrap_or_default();
            let url = org_request_url(&settings, &copy.org).map(|u| urls::with_lang(&vacancy_url(&u), l));
            let state = state.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let outcome = match url {
                    Some(url) => sending::send_json(&url, &body).await,
                    None => sending::Outcome::Server,
                };
                state.dispatch(Action::Answered(copy.org, outcome));
            });
        }
    })
}

/// How many interviews, the blind-hiring promise for that many, and consent to the privacy
/// notices of the organisations that receive it (of every organisation in the pool, while
/// nobody does).
fn promises(form: &FormContext<'_>, state: &VacancyState, on: &Callback<Action>, to: &[Recipient], feed: &LoadedFeed) -> Html {
    let l = form.lang;
    let orgs: Vec<&Org> = if to.is_empty() { feed.orgs.iter().collect() } else { to.iter().map(|r| &r.org).collect() };
    let n = u8::try_from(state.form.max_interviews).unwrap_or(0);
    let check = |field: Field| Control::Checkbox(state.ticked(field));
    let consent = html! {
        <>
            { t(l, Text::VacancyConsent) }{ " " }
            { for orgs.iter().enumerate().map(|(i, org)| html! {
                <>
                    if i > 0 { { ", " } }
                    <a href={org.privacy_url.clone()} target="_blank" rel="noopener">{ i18n::privacy_of(l, &org.name) }</a>
                </>
            }) }{ "." }
        </>
    };
    html! {
        <>
            { interviews_field(l, state, on) }
            { form.field(Field::Commitment, html! { i18n::vacancy_commitment(l, n) }, check(Field::Commitment), true, Some("tb-promise")) }
            { form.field(Field::Consent, consent, check(Field::Consent), true, Some("tb-promise")) }
        </>
    }
}

/// What went wrong (the fields, an organisation that did not receive it), "Cancel" and "Send".
fn vacancy_actions(l: Lang, state: &VacancyState, on_close: &Callback<()>, send: &Callback<Option<Org>>) -> Html {
    let failure = if state.started() {
        deliveries_view(l, &state.deliveries, &send.reform(Some))
    } else {
        html! {}
    };
    let label = if state.started() { Text::SendAgain } else { Text::SendVacancy };
    actions(l, state.summary(), failure, state.deliveries.sending(), label, on_close)
}
