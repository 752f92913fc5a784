//! The blind-interview request form. What the employer types lives in a core
//! [`RequestForm`], is checked by the core's own validation as they type (messages next to each
//! field, in their language), is kept in session storage at every change, and is POSTed as the
//! exact JSON body the inbox reads.

use std::rc::Rc;

use talentbrug_core::gazetteer::Country;
use talentbrug_core::request::{Field, Problem, RequestForm};
use talentbrug_core::{Lang, Profile};
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::feed_source::LoadedFeed;
use crate::i18n::{self, t, Text};
use crate::sending::{self, Outcome};
use crate::settings::Settings;
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

/// A set of form fields, as bits (cheaper in wasm than a `BTreeSet`).
#[derive(Clone, Copy, Default, PartialEq)]
struct FieldSet(u32);

impl FieldSet {
    fn insert(&mut self, field: Field) {
        self.0 |= 1 << field as u32;
    }

    fn contains(self, field: Field) -> bool {
        self.0 & (1 << field as u32) != 0
    }
}

/// Where the form is.
#[derive(Clone, PartialEq)]
enum Stage {
    Editing,
    Sending,
    /// Sending failed; what was typed is kept and can be sent again.
    Failed(Text),
    Sent {
        reference: String,
        status_url: Option<String>,
    },
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

/// The request URL: the partner's override (resolved against the page) or the feed's (resolved
/// against the feed's address).
pub fn request_url(settings: &Settings, feed: &LoadedFeed) -> Option<String> {
    match &settings.request_url {
        Some(url) => urls::absolute(url, None),
        None => urls::absolute(&feed.index.publisher().request_url, Some(&feed.url)),
    }
}

fn dom_id(field: Field) -> String {
    format!("tb-f-{}", field.path().replace('.', "-"))
}

/// The form.
#[function_component(RequestFormView)]
pub fn request_form_view(props: &RequestFormProps) -> Html {
    let l = props.lang;
    let form = use_state(|| start(&props.profile, &props.search_postcode));
    let opened_at = use_state(clock::monotonic_ms);
    let touched = use_state(FieldSet::default);
    let dirty = use_mut_ref(FieldSet::default);
    let attempted = use_state(|| false);
    let stage = use_state(|| Stage::Editing);
    let server_errors = use_state(Vec::<(Field, Problem)>::new);
    let summary_error = use_state(|| None::<String>);
    let root = use_node_ref();

    {
        let root = root.clone();
        use_effect_with((), move |_| focus_first(&root, "input:not([tabindex='-1'])"));
    }
    {
        let (root, stage) = (root.clone(), (*stage).clone());
        use_effect_with(matches!(stage, Stage::Sent { .. }), move |sent| {
            if *sent {
                focus_first(&root, ".tb-sent-title");
            }
        });
    }

    let problems = |field: Field| -> Vec<Problem> {
        let mut out: Vec<Problem> = if *attempted || touched.contains(field) { form.field_errors(field, Country::Be) } else { Vec::new() };
        out.extend(server_errors.iter().filter(|(f, _)| *f == field).map(|(_, p)| *p));
        out.dedup();
        out
    };

    let update = {
        let (form, server_errors, dirty) = (form.clone(), server_errors.clone(), dirty.clone());
        move |field: Field, change: Box<dyn Fn(&mut RequestForm)>| {
            dirty.borrow_mut().insert(field);
            let mut next = (*form).clone();
            change(&mut next);
            memory::keep_draft(&next);
            server_errors.set(Vec::new());
            form.set(next);
        }
    };
    // A field shows its problems once the employer changed it and left it (or tried to send):
    // never on merely passing through, which would move the form under a pointer on its way to
    // "Send".
    let touch = |field: Field| {
        let (touched, dirty) = (touched.clone(), dirty.clone());
        Callback::from(move |_: FocusEvent| {
            if !touched.contains(field) && dirty.borrow().contains(field) {
                let mut next = *touched;
                next.insert(field);
                touched.set(next);
            }
        })
    };

    let submit = {
        let (form, opened_at, attempted, stage, server_errors, summary_error, root) =
            (form.clone(), opened_at.clone(), attempted.clone(), stage.clone(), server_errors.clone(), summary_error.clone(), root.clone());
        let feed = props.feed.clone();
        let url = request_url(&props.settings, &props.feed).map(|u| urls::with_lang(&u, l));
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if matches!(*stage, Stage::Sending) {
                return;
            }
            attempted.set(true);
            let mut body = (*form).clone();
            body.form_ms = (clock::monotonic_ms() - *opened_at).max(0.0) as u64;
            if let Err(errors) = body.validate(|id| feed.index.profile(id).is_some(), Country::Be) {
                let visible: Vec<_> = errors.iter().filter(|e| !matches!(e.field, Field::FormMs | Field::IdempotencyKey)).collect();
                if let Some(first) = visible.first() {
                    summary_error.set(Some(t(l, Text::CheckFields).into()));
                    focus_first(&root, &format!("#{}", dom_id(first.field)));
                } else if let Some(e) = errors.first() {
                    summary_error.set(Some(i18n::problem(l, e.field, e.problem)));
                }
                return;
            }
            summary_error.set(None);
            let Some(url) = url.clone() else {
                stage.set(Stage::Failed(Text::SendFailedServer));
                return;
            };
            stage.set(Stage::Sending);
            let (stage, server_errors, summary_error, root) = (stage.clone(), server_errors.clone(), summary_error.clone(), root.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match sending::send(&url, &body).await {
                    Outcome::Accepted { reference, status_url } => {
                        memory::forget_draft(&body.profile_id);
                        stage.set(Stage::Sent { reference, status_url });
                    }
                    Outcome::Rejected(errors) => {
                        stage.set(Stage::Editing);
                        if let Some((field, _)) = errors.first() {
                            summary_error.set(Some(t(l, Text::CheckFields).into()));
                            focus_first(&root, &format!("#{}", dom_id(*field)));
                        } else {
                            summary_error.set(Some(t(l, Text::SendFailedServer).into()));
                        }
                        server_errors.set(errors);
                    }
                    Outcome::Network => stage.set(Stage::Failed(Text::SendFailedNetwork)),
                    Outcome::Busy => stage.set(Stage::Failed(Text::SendFailedBusy)),
                    Outcome::Server => stage.set(Stage::Failed(Text::SendFailedServer)),
                }
            });
        })
    };

    if let Stage::Sent { reference, status_url } = &*stage {
        let close = props.on_close.clone();
        return html! {
            <div class="tb-sent" ref={root} role="status">
                <h2 id="tb-dialog-title" class="tb-dialog-title tb-sent-title" tabindex="-1">{ t(l, Text::Sent) }</h2>
                <p>{ t(l, Text::SentText) }</p>
                <p class="tb-reference">{ t(l, Text::Reference) }{ ": " }<strong data-reference={reference.clone()}>{ reference.clone() }</strong></p>
                if let Some(url) = status_url {
                    <p><a href={url.clone()} target="_blank" rel="noopener">{ t(l, Text::StatusLink) }</a></p>
                }
                <div class="tb-card-actions">
                    <button type="button" class="tb-button" onclick={move |_| close.emit(())}>{ t(l, Text::Close) }</button>
                </div>
            </div>
        };
    }

    let text_input = |field: Field,
                      label: Text,
                      kind: &'static str,
                      autocomplete: &'static str,
                      required: bool,
                      get: fn(&RequestForm) -> String,
                      set: fn(&mut RequestForm, String)| {
        let id = dom_id(field);
        let err_id = format!("{id}-error");
        let problems = problems(field);
        let update = update.clone();
        let oninput = Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            update(field, Box::new(move |f: &mut RequestForm| set(f, value.clone())));
        });
        html! {
            <div class={classes!("tb-field", (!problems.is_empty()).then_some("tb-invalid"))}>
                <label for={id.clone()}>{ t(l, label) }<span class="tb-req">{ format!(" ({})", t(l, if required { Text::Required } else { Text::Optional })) }</span></label>
                <input id={id} type={kind} autocomplete={autocomplete} required={required} value={get(&form)}
                    aria-invalid={(!problems.is_empty()).then_some("true")} aria-describedby={(!problems.is_empty()).then_some(err_id.clone())}
                    {oninput} onblur={touch(field)} />
                { problem_lines(l, field, &problems, &err_id) }
            </div>
        }
    };

    let hours = {
        let field = Field::HoursPerWeek;
        let id = dom_id(field);
        let err_id = format!("{id}-error");
        let problems = problems(field);
        let update = update.clone();
        let oninput = Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            let hours = value.trim().parse::<u32>().unwrap_or(0);
            update(field, Box::new(move |f: &mut RequestForm| f.vacancy.hours_per_week = hours));
        });
        let value = if form.vacancy.hours_per_week == 0 { String::new() } else { form.vacancy.hours_per_week.to_string() };
        html! {
            <div class={classes!("tb-field", "tb-narrow", (!problems.is_empty()).then_some("tb-invalid"))}>
                <label for={id.clone()}>{ t(l, Text::JobHours) }<span class="tb-req">{ format!(" ({})", t(l, Text::Required)) }</span></label>
                <input id={id} type="number" inputmode="numeric" min="1" max="60" required=true value={value}
                    aria-invalid={(!problems.is_empty()).then_some("true")} aria-describedby={(!problems.is_empty()).then_some(err_id.clone())}
                    {oninput} onblur={touch(field)} />
                { problem_lines(l, field, &problems, &err_id) }
            </div>
        }
    };

    let description = {
        let field = Field::Description;
        let id = dom_id(field);
        let err_id = format!("{id}-error");
        let problems = problems(field);
        let update = update.clone();
        let oninput = Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            update(field, Box::new(move |f: &mut RequestForm| f.vacancy.description = value.clone()));
        });
        html! {
            <div class={classes!("tb-field", (!problems.is_empty()).then_some("tb-invalid"))}>
                <label for={id.clone()}>{ t(l, Text::JobDescription) }<span class="tb-req">{ format!(" ({})", t(l, Text::Optional)) }</span></label>
                <textarea id={id} rows="3" value={form.vacancy.description.clone()}
                    aria-invalid={(!problems.is_empty()).then_some("true")} aria-describedby={(!problems.is_empty()).then_some(err_id.clone())}
                    {oninput} onblur={touch(field)} />
                { problem_lines(l, field, &problems, &err_id) }
            </div>
        }
    };

    let checkbox = |field: Field, label: Html, get: fn(&RequestForm) -> bool, set: fn(&mut RequestForm, bool)| {
        let id = dom_id(field);
        let err_id = format!("{id}-error");
        let problems = problems(field);
        let update = update.clone();
        let onchange = Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            update(field, Box::new(move |f: &mut RequestForm| set(f, on)));
        });
        html! {
            <div class={classes!("tb-field", "tb-check", "tb-promise", (!problems.is_empty()).then_some("tb-invalid"))}>
                <input id={id.clone()} type="checkbox" required=true checked={get(&form)}
                    aria-invalid={(!problems.is_empty()).then_some("true")} aria-describedby={(!problems.is_empty()).then_some(err_id.clone())}
                    {onchange} onblur={touch(field)} />
                <label for={id}>{ label }<span class="tb-req">{ format!(" ({})", t(l, Text::Required)) }</span></label>
                { problem_lines(l, field, &problems, &err_id) }
            </div>
        }
    };

    let publisher = props.feed.index.publisher();
    let privacy = urls::absolute(&publisher.privacy_url, Some(&props.feed.url)).unwrap_or_else(|| publisher.privacy_url.clone());
    let (before, after) = i18n::consent(l, &publisher.name);
    let consent_label =
        html! { <>{ before }<a href={privacy} target="_blank" rel="noopener">{ t(l, Text::PrivacyNotice) }</a>{ after }</> };

    let honeypot = {
        let update = update.clone();
        let oninput = Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            update(Field::Website, Box::new(move |f: &mut RequestForm| f.website = value.clone()));
        });
        html! {
            <div class="tb-hp" aria-hidden="true">
                <label for="tb-f-website">{ t(l, Text::Honeypot) }</label>
                <input id="tb-f-website" type="text" name="website" tabindex="-1" autocomplete="off" value={form.website.clone()} {oninput} />
            </div>
        }
    };

    const VISIBLE: [Field; 11] = [
        Field::Company,
        Field::ContactName,
        Field::Email,
        Field::Phone,
        Field::Postcode,
        Field::Title,
        Field::HoursPerWeek,
        Field::Description,
        Field::PreferredContact,
        Field::Commitment,
        Field::Consent,
    ];
    let any_problem = VISIBLE.iter().any(|f| !problems(*f).is_empty());
    let sending = matches!(*stage, Stage::Sending);
    let failed = if let Stage::Failed(text) = &*stage { Some(*text) } else { None };
    let cancel = props.on_close.clone();

    html! {
        <form ref={root} class="tb-request" novalidate=true onsubmit={submit} aria-labelledby="tb-dialog-title" data-stage={match &*stage {
            Stage::Editing => "editing", Stage::Sending => "sending", Stage::Failed(_) => "failed", Stage::Sent { .. } => "sent" }}>
            <h2 id="tb-dialog-title" class="tb-dialog-title">{ t(l, Text::RequestInterview) }</h2>
            <p class="tb-summary">{ props.summary.clone() }</p>
            <p class="tb-intro">{ t(l, Text::FormIntro) }</p>
            <fieldset>
                <legend>{ t(l, Text::YourCompany) }</legend>
                { text_input(Field::Company, Text::Company, "text", "organization", true, |f| f.employer.company.clone(), |f, v| f.employer.company = v) }
                { text_input(Field::ContactName, Text::ContactName, "text", "name", true, |f| f.employer.contact_name.clone(), |f, v| f.employer.contact_name = v) }
                <div class="tb-row">
                    { text_input(Field::Email, Text::Email, "email", "email", true, |f| f.employer.email.clone(), |f, v| f.employer.email = v) }
                    { text_input(Field::Phone, Text::Phone, "tel", "tel", true, |f| f.employer.phone.clone(), |f, v| f.employer.phone = v) }
                </div>
                { text_input(Field::Postcode, Text::CompanyPostcode, "text", "postal-code", true, |f| f.employer.postcode.clone(), |f, v| f.employer.postcode = v) }
            </fieldset>
            <fieldset>
                <legend>{ t(l, Text::TheJob) }</legend>
                <div class="tb-row">
                    { text_input(Field::Title, Text::JobTitle, "text", "off", true, |f| f.vacancy.title.clone(), |f, v| f.vacancy.title = v) }
                    { hours }
                </div>
                { description }
                { text_input(Field::PreferredContact, Text::PreferredContact, "text", "off", false,
                    |f| f.preferred_contact.clone().unwrap_or_default(),
                    |f, v| f.preferred_contact = if v.trim().is_empty() { None } else { Some(v) }) }
            </fieldset>
            { checkbox(Field::Commitment, html! { { t(l, Text::Commitment) } }, |f| f.commitment, |f, v| f.commitment = v) }
            { checkbox(Field::Consent, consent_label, |f| f.consent, |f, v| f.consent = v) }
            { honeypot }
            <div class="tb-alerts" role="alert">
                if let Some(message) = summary_error.as_ref().filter(|m| *m != t(l, Text::CheckFields) || any_problem) {
                    <p class="tb-problem tb-summary-error">{ message.clone() }</p>
                }
                if let Some(text) = failed { <p class="tb-problem tb-send-failed">{ t(l, text) }</p> }
            </div>
            <div class="tb-card-actions">
                <button type="button" class="tb-button tb-secondary" onclick={move |_| cancel.emit(())}>{ t(l, Text::Cancel) }</button>
                <button type="submit" class="tb-button" disabled={sending} aria-disabled={sending.then_some("true")}>
                    { t(l, if sending { Text::Sending } else if failed.is_some() { Text::SendAgain } else { Text::Send }) }
                </button>
            </div>
        </form>
    }
}

fn problem_lines(lang: Lang, field: Field, problems: &[Problem], id: &str) -> Html {
    if problems.is_empty() {
        return html! {};
    }
    html! {
        <p id={id.to_owned()} class="tb-problem">
            { problems.iter().map(|p| i18n::problem(lang, field, *p)).collect::<Vec<_>>().join(" ") }
        </p>
    }
}

/// Focuses the first element under `root` matching `selector`.
fn focus_first(root: &NodeRef, selector: &str) {
    let Some(el) = root.cast::<web_sys::Element>() else { return };
    let target = if el.matches(selector).unwrap_or(false) { Some(el) } else { el.query_selector(selector).ok().flatten() };
    if let Some(target) = target.and_then(|t| t.dyn_into::<HtmlElement>().ok()) {
        let _ = target.focus();
    }
}
