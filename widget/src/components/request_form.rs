//! The blind-interview request form. What the employer types lives in a core
//! [`RequestForm`] inside a [`FormState`] reducer, is checked by the core's own validation as
//! they type (messages next to each field, in their language), and is POSTed as the exact JSON
//! body the inbox reads. It stays in memory while the dialog is open; only when sending fails
//! is it written to session storage (for the retry, also after a reload), and it is removed
//! from there once sent or when the dialog closes.

use std::rc::Rc;

use talentbrug_core::gazetteer::Country;
use talentbrug_core::request::{Field, RequestForm};
use talentbrug_core::{Lang, Profile, ProfileId};
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement};
use yew::prelude::*;

use super::employer_fields::{actions, FormContext};
use super::form_field::{dom_id, form_field, Control, FormFieldProps};
use crate::i18n::{self, t, Text};
use crate::pool::{LoadedFeed, Org};
use crate::sending::{self, Outcome};
use crate::settings::Settings;
use crate::state::fields::{Edit, FormValues};
use crate::state::request::{first_visible, Action, Draft, FormState, Stage};
use crate::{clock, memory, urls};

/// Props of [`RequestFormView`].
#[derive(Properties)]
pub struct RequestFormProps {
    /// Language.
    pub lang: Lang,
    /// The profile asked for.
    pub profile: Profile,
    /// The feed (publisher, request URL, privacy URL).
    pub feed: Rc<LoadedFeed>,
    /// The partner's settings.
    pub settings: Settings,
    /// The postcode searched from, to prefill the company postcode.
    pub search_postcode: String,
    /// One line about the profile, shown above the form.
    pub summary: String,
    /// Closes the dialog.
    pub on_close: Callback<()>,
}

impl PartialEq for RequestFormProps {
    fn eq(&self, other: &Self) -> bool {
        self.lang == other.lang
            && self.profile.id == other.profile.id
            && Rc::ptr_eq(&self.feed, &other.feed)
            && self.settings == other.settings
            && self.search_postcode == other.search_postcode
            && self.summary == other.summary
    }
}

/// A new form, or the one this employer was filling in for this profile.
fn start(profile: &Profile, postcode: &str) -> RequestForm {
    memory::draft(profile.id.as_str()).filter(|f| f.idempotency_key.len() >= 16).unwrap_or_else(|| {
        let mut form = RequestForm {
            profile_id: profile.id.as_str().to_owned(),
            idempotency_key: memory::new_idempotency_key(),
            ..RequestForm::default()
        };
        form.employer.postcode = postcode.to_owned();
        form
    })
}

/// Where a request for `profile` goes: the partner's override (resolved against the page; not in
/// a network, where each request goes to the organisation that coaches the person) or the
/// organisation's own request URL.
pub fn request_url(settings: &Settings, feed: &LoadedFeed, profile: &ProfileId) -> Option<String> {
    org_request_url(settings, feed.owner(profile)?.0)
}

/// Where `org`'s requests go: the partner's override for a single feed's organisation, or its
/// own request URL. (Its vacancies go next to it: `talentbrug_core::vacancy::vacancy_url`.)
pub fn org_request_url(settings: &Settings, org: &Org) -> Option<String> {
    match (&settings.request_url, &org.member) {
        (Some(url), None) => urls::absolute(url, None),
        _ => Some(org.request_url.clone()),
    }
}

/// The organisation that coaches the form's person (the feed's publisher when unknown).
fn org_of(props: &RequestFormProps) -> &Org {
    props.feed.owner(&props.profile.id).map(|(org, _)| org).unwrap_or(&props.feed.host)
}

/// The form.
#[function_component(RequestFormView)]
pub fn request_form_view(props: &RequestFormProps) -> Html {
    let state = use_reducer(|| FormState::new(start(&props.profile, &props.search_postcode), clock::monotonic_ms()));
    let root = use_node_ref();
    use_draft_storage(&state, props.profile.id.as_str());
    {
        let root = root.clone();
        use_effect_with((), move |_| focus_first(&root, "input:not([tabindex='-1'])"));
    }
    {
        let root = root.clone();
        use_effect_with(matches!(state.stage, Stage::Sent { .. }), move |sent| {
            if *sent {
                focus_first(&root, ".tb-sent-title");
            }
        });
    }
    if let Stage::Sent { reference, status_url } = &state.stage {
        return sent(props.lang, &org_of(props).name, reference, status_url.as_deref(), &props.on_close, root);
    }
    let on_action = {
        let state = state.clone();
        Callback::from(move |edit: Edit| state.dispatch(edit.into()))
    };
    editing(props, &state, &on_action, submit(props, &state, &root), root)
}

/// Carries out what the form says session storage should hold ([`FormState::draft`]), and
/// removes the draft when the form goes away (the dialog closed).
#[hook]
fn use_draft_storage(state: &FormState, profile_id: &str) {
    let id = profile_id.to_owned();
    use_effect_with(state.draft(), move |draft| match draft {
        Draft::Keep(form) => memory::keep_draft(form),
        Draft::Forget => memory::forget_draft(&id),
        Draft::Untouched => {}
    });
    let id = profile_id.to_owned();
    use_effect_with((), move |_| move || memory::forget_draft(&id));
}

/// "Send": the core's checks first (focus on the first field to correct), then the POST.
fn submit(props: &RequestFormProps, state: &UseReducerHandle<FormState>, root: &NodeRef) -> Callback<SubmitEvent> {
    let (l, state, root, feed) = (props.lang, state.clone(), root.clone(), props.feed.clone());
    let url = request_url(&props.settings, &props.feed, &props.profile.id).map(|u| urls::with_lang(&u, l));
    // The organisation knows the person by the id it published (in a network the widget's ids
    // carry the member's id in front).
    let published = props.feed.owner(&props.profile.id).map(|(_, id)| id.as_str().to_owned());
    Callback::from(move |e: SubmitEvent| {
        e.prevent_default();
        if state.stage == Stage::Sending {
            return;
        }
        let mut body = state.body(clock::monotonic_ms());
        if let Err(errors) = body.validate(|id| feed.index.profile(id).is_some(), Country::Be) {
            let first = first_visible(&errors);
            state.dispatch(Action::Refused(errors));
            if let Some(field) = first {
                focus_first(&root, &format!("#{}", dom_id(field)));
            }
            return;
        }
        let (Some(url), Some(published)) = (url.clone(), published.clone()) else {
            state.dispatch(Action::Unsendable);
            return;
        };
        body.profile_id = published;
        state.dispatch(Action::Sending);
        let (state, root) = (state.clone(), root.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let outcome = sending::send(&url, &body).await;
            let refused = match &outcome {
                Outcome::Rejected(errors) => errors.first().map(|(field, _)| *field),
                _ => None,
            };
            state.dispatch(Action::Answered(outcome));
            if let Some(field) = refused {
                focus_first(&root, &format!("#{}", dom_id(field)));
            }
        });
    })
}

/// The confirmation, with the reference to quote and the status link.
fn sent(l: Lang, org: &str, reference: &str, status_url: Option<&str>, on_close: &Callback<()>, root: NodeRef) -> Html {
    let close = on_close.clone();
    html! {
        <div class="tb-sent" ref={root} role="status">
            <h2 id="tb-dialog-title" class="tb-dialog-title tb-sent-title" tabindex="-1">{ t(l, Text::Sent) }</h2>
            <p>{ i18n::who_calls(l, org) }</p>
            <p class="tb-reference">{ t(l, Text::Reference) }{ ": " }<strong data-reference={reference.to_owned()}>{ reference.to_owned() }</strong></p>
            if let Some(url) = status_url {
                <p><a href={url.to_owned()} target="_blank" rel="noopener">{ t(l, Text::StatusLink) }</a></p>
            }
            <div class="tb-card-actions">
                <button type="button" class="tb-button" onclick={move |_| close.emit(())}>{ t(l, Text::Close) }</button>
            </div>
        </div>
    }
}

/// The form being filled in (or sent, or failed to send).
fn editing(
    props: &RequestFormProps,
    state: &FormState,
    on_action: &Callback<Edit>,
    onsubmit: Callback<SubmitEvent>,
    root: NodeRef,
) -> Html {
    let l = props.lang;
    let form = FormContext { lang: l, values: state, on_action };
    let hours =
        form.field(Field::HoursPerWeek, html! { t(l, Text::JobHours) }, Control::Hours(state.text(Field::HoursPerWeek)), true, None);
    let description = Control::TextArea(state.text(Field::Description));
    html! {
        <form ref={root} class="tb-request" novalidate=true {onsubmit} aria-labelledby="tb-dialog-title" data-stage={state.stage.name()}>
            <h2 id="tb-dialog-title" class="tb-dialog-title">{ t(l, Text::RequestInterview) }</h2>
            <p class="tb-summary">{ props.summary.clone() }</p>
            <p class="tb-intro">{ t(l, Text::FormIntro) }</p>
            { form.employer() }
            <fieldset>
                <legend>{ t(l, Text::TheJob) }</legend>
                <div class="tb-row">
                    { form.text(Field::Title, Text::JobTitle, "text", "off", true) }
                    { hours }
                </div>
                { form.field(Field::Description, html! { t(l, Text::JobDescription) }, description, false, None) }
                { form.text(Field::PreferredContact, Text::PreferredContact, "text", "off", false) }
            </fieldset>
            { promises(props, state, on_action) }
            { honeypot(l, &state.form.website, on_action) }
            { request_actions(l, state, &props.on_close) }
        </form>
    }
}

/// The two boxes to tick: the blind-interview commitment and consent to the privacy notice.
fn promises(props: &RequestFormProps, state: &FormState, on_action: &Callback<Edit>) -> Html {
    let l = props.lang;
    let org = org_of(props);
    let privacy = org.privacy_url.clone();
    let (before, after) = i18n::consent(l, &org.name);
    let promise = |field: Field, label: Html| {
        let (control, problems) = (Control::Checkbox(state.ticked(field)), state.problems(field));
        form_field(FormFieldProps { lang: l, field, control, required: true, problems, class: Some("tb-promise"), on_action, label })
    };
    html! {
        <>
            { promise(Field::Commitment, html! { { t(l, Text::Commitment) } }) }
            { promise(Field::Consent, html! { <>{ before }<a href={privacy} target="_blank" rel="noopener">{ t(l, Text::PrivacyNotice) }</a>{ after }</> }) }
        </>
    }
}

/// A field people do not see and bots fill in, holding `value`.
pub fn honeypot(l: Lang, value: &str, on_action: &Callback<Edit>) -> Html {
    let oninput = on_action.reform(|e: InputEvent| Edit::Type(Field::Website, e.target_unchecked_into::<HtmlInputElement>().value()));
    html! {
        <div class="tb-hp" aria-hidden="true">
            <label for="tb-f-website">{ t(l, Text::Honeypot) }</label>
            <input id="tb-f-website" type="text" name="website" tabindex="-1" autocomplete="off" value={value.to_owned()} {oninput} />
        </div>
    }
}

/// What went wrong, "Cancel" and "Send".
fn request_actions(l: Lang, state: &FormState, on_close: &Callback<()>) -> Html {
    let failed = state.failed();
    let failure = html! { if let Some(text) = failed { <p class="tb-problem tb-send-failed">{ t(l, text) }</p> } };
    let send = if failed.is_some() { Text::SendAgain } else { Text::Send };
    actions(l, state.summary(), failure, state.stage == Stage::Sending, send, on_close)
}

/// Focuses the first element under `root` matching `selector`.
pub fn focus_first(root: &NodeRef, selector: &str) {
    let Some(el) = root.cast::<web_sys::Element>() else { return };
    let target = if el.matches(selector).unwrap_or(false) { Some(el) } else { el.query_selector(selector).ok().flatten() };
    if let Some(target) = target.and_then(|t| t.dyn_into::<HtmlElement>().ok()) {
        let _ = target.focus();
    }
}
