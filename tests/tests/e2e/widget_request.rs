//! The blind-interview request in headless Chromium: a keyboard-only flow from search to sent
//! request, live validation in the employer's language, the exact JSON the receiver gets
//! (checked with the core's own validation), nothing lost when sending fails, and no employer
//! data left in session storage except for a retry.

use std::time::Duration;

use fantoccini::key::Key;
use talentbrug_core::gazetteer::Country;
use talentbrug_core::request::{RequestForm, MIN_FORM_MS};
use talentbrug_e2e::browser::Browser;
use talentbrug_e2e::feeds;
use talentbrug_e2e::site::{Answer, Site};
use talentbrug_e2e::widget::Widget;

const T: Duration = Duration::from_secs(10);

/// Fills the open form as an employer would, field by field.
async fn fill_form(w: &Widget<'_>) {
    for (id, text) in [
        ("tb-f-employer-company", "Bakkerij Peeters"),
        ("tb-f-employer-contact_name", "An Peeters"),
        ("tb-f-employer-email", "an@bakkerij-peeters.be"),
        ("tb-f-employer-phone", "016 12 34 56"),
        ("tb-f-employer-postcode", "3000"),
        ("tb-f-vacancy-title", "Verkoper"),
        ("tb-f-vacancy-hours_per_week", "30"),
        ("tb-f-vacancy-description", "Winkel en broodsnijden"),
        ("tb-f-preferred_contact", "dinsdagvoormiddag"),
    ] {
        w.fill(id, text).await.unwrap_or_else(|e| panic!("{id}: {e}"));
    }
    for id in ["tb-f-commitment", "tb-f-consent"] {
        w.js(&format!("root.getElementById('{id}').focus()")).await.expect("focus");
        w.press(&[' ']).await.expect("tick");
    }
}

/// How many request drafts session storage holds.
async fn stored_drafts(c: &fantoccini::Client) -> usize {
    let n =
        c.execute("return Object.keys(sessionStorage).filter(k => k.startsWith('talentbrug.draft.')).length", vec![]).await.expect("js");
    n.as_u64().unwrap_or(u64::MAX) as usize
}

/// Checks a received body: exactly the core's request JSON, valid by the core's rules.
fn check_body(body: &serde_json::Value, profile_id: &str) -> RequestForm {
    let form: RequestForm = serde_json::from_value(body.clone()).unwrap_or_else(|e| panic!("not a RequestForm: {e}: {body}"));
    assert_eq!(form.profile_id, profile_id);
    assert_eq!(form.idempotency_key.len(), 32, "{}", form.idempotency_key);
    assert!(form.idempotency_key.bytes().all(|b| b.is_ascii_hexdigit()));
    assert!(form.form_ms >= MIN_FORM_MS, "form_ms {}", form.form_ms);
    assert_eq!(form.website, "");
    assert_eq!(form.employer.company, "Bakkerij Peeters");
    assert_eq!(form.employer.email, "an@bakkerij-peeters.be");
    assert_eq!(form.vacancy.hours_per_week, 30);
    assert!(form.commitment && form.consent);
    assert_eq!(form.preferred_contact.as_deref(), Some("dinsdagvoormiddag"));
    let keys: Vec<&str> = body.as_object().map(|o| o.keys().map(String::as_str).collect()).unwrap_or_default();
    for key in ["profile_id", "idempotency_key", "form_ms", "website", "employer", "vacancy", "commitment", "consent", "preferred_contact"]
    {
        assert!(keys.contains(&key), "{key} missing from {body}");
    }
    let valid = form.validate(|id| id == profile_id, Country::Be).unwrap_or_else(|e| panic!("the core refuses it: {e:?}"));
    assert_eq!(valid.postcode, "BE-3000");
    form
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keyboard_only_from_search_to_a_sent_request() {
    let site = Site::start().await.expect("site");
    site.put_signed_feed("/feed.json", &feeds::synthetic(2000, 1));
    let browser = Browser::start(1280, 1000).await.expect("browser");
    let c = &browser.client;
    c.goto(&site.url("/index.html")).await.expect("goto");
    let w = Widget::new(c, "talent-brug");
    w.wait_ready().await.expect("ready");

    // Keyboard only: the postcode box is the first stop inside the widget after the language buttons.
    c.execute("document.querySelector('talent-brug').shadowRoot.querySelector('.tb-lang').focus()", vec![]).await.expect("focus");
    w.tab_to("#tb-pc", 5).await.expect("tab to postcode");
    w.type_text("3000").await.expect("type");
    w.wait_total(None).await.expect("results");
    w.tab_to("[data-open=form]", 30).await.expect("tab to the first request button");
    let profile_id = w.js("root.activeElement.closest('article').dataset.profileId").await.expect("id");
    let profile_id = profile_id.as_str().expect("a profile id").to_owned();
    w.press(&[Key::Enter.into()]).await.expect("open");
    w.wait_until("root.querySelector('dialog[open] form.tb-request')", "the form dialog", T).await.expect("dialog");
    let opened = w.form_opened().await.expect("clock");
    assert_eq!(w.focused().await.expect("focus"), "tb-f-employer-company", "focus moves into the dialog");
    assert_eq!(w.js("root.getElementById('tb-f-employer-postcode').value").await.expect("js"), "3000", "prefilled from the search");

    // Live validation, in Dutch, next to the field, after leaving it.
    w.fill("tb-f-employer-email", "an@bakkerij").await.expect("email");
    w.press(&[Key::Tab.into()]).await.expect("leave");
    w.wait_until("root.getElementById('tb-f-employer-email-error')", "the e-mail problem", T).await.expect("problem");
    let msg = w.js("root.getElementById('tb-f-employer-email-error').textContent").await.expect("js");
    assert!(msg.as_str().unwrap_or_default().contains("geen e-mailadres"), "{msg}");
    assert_eq!(w.js("root.getElementById('tb-f-employer-email').getAttribute('aria-invalid')").await.expect("js"), "true");
    assert_eq!(
        w.js("root.getElementById('tb-f-employer-email').getAttribute('aria-describedby')").await.expect("js"),
        "tb-f-employer-email-error"
    );

    // Sending with required fields empty: nothing is sent, focus goes to the first problem.
    w.tab_to("button[type=submit]", 40).await.expect("tab to send");
    w.press(&[Key::Enter.into()]).await.expect("send");
    w.wait_until("root.querySelector('.tb-summary-error')", "the summary error", T).await.expect("summary");
    assert_eq!(w.focused().await.expect("focus"), "tb-f-employer-company", "focus on the first field with a problem");
    assert!(site.received().is_empty());

    fill_form(&w).await;
    assert_eq!(w.js("root.querySelectorAll('.tb-request .tb-problem').length").await.expect("js"), 0, "no problems left");
    assert_eq!(stored_drafts(c).await, 0, "what the employer types stays in memory");
    w.wait_min_form_time(opened).await.expect("clock");
    w.tab_to("button[type=submit]", 10).await.expect("tab to send");
    w.press(&[Key::Enter.into()]).await.expect("send");
    w.wait_until("root.querySelector('[data-reference]')", "the reference", T).await.expect("sent");
    assert_eq!(w.js("root.querySelector('[data-reference]').textContent").await.expect("js"), "TB-0001");
    assert_eq!(w.js("root.querySelector('.tb-sent a').getAttribute('href')").await.expect("js"), site.url("/status/test-TB-0001"));
    assert_eq!(w.focused().await.expect("focus"), "tb-dialog-title", "focus on the confirmation");
    let received = site.received();
    assert_eq!(received.len(), 1);
    check_body(&received[0], &profile_id);
    let queries = site.queries();
    assert!(queries.len() == 1 && queries[0].split('&').any(|p| p == "lang=nl"), "the widget's language goes along: {queries:?}");

    // Escape closes the dialog and focus returns to the button that opened it.
    w.press(&[Key::Escape.into()]).await.expect("escape");
    w.wait_until("!root.querySelector('dialog')", "the dialog to close", T).await.expect("closed");
    assert_eq!(w.focused().await.expect("focus"), "form");
    let back = w.js("root.activeElement.closest('article').dataset.profileId").await.expect("js");
    assert_eq!(back, profile_id.as_str());
    browser.screenshot("widget-keyboard-done.png").await.expect("screenshot");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_network_failure_keeps_everything_and_the_retry_sends_once() {
    let site = Site::start().await.expect("site");
    site.put_signed_feed("/feed.json", &feeds::synthetic(2000, 1));
    let browser = Browser::start(1280, 1000).await.expect("browser");
    let c = &browser.client;
    // Nothing listens on the request URL: the POST fails as when the employer is offline.
    let dead = talentbrug_e2e::ports::free_port().expect("port");
    c.goto(&site.url("/index.html?postcode=3000")).await.expect("goto");
    c.execute(
        &format!("document.querySelector('talent-brug').setAttribute('request-url', 'http://127.0.0.1:{dead}/api/requests')"),
        vec![],
    )
    .await
    .expect("request-url");
    let w = Widget::new(c, "talent-brug");
    w.wait_total(None).await.expect("results");
    let profile_id = w.js("root.querySelector('article').dataset.profileId").await.expect("js");
    w.find("article [data-open=detail]").await.expect("detail").click().await.expect("open detail");
    w.wait_until("root.querySelector('dialog[open] .tb-pitch, dialog[open] .tb-facts')", "the detail view", T).await.expect("detail");
    w.find("dialog .tb-card-actions .tb-button").await.expect("to form").click().await.expect("to form");
    w.wait_until("root.querySelector('dialog[open] form.tb-request')", "the form", T).await.expect("form");
    let opened = w.form_opened().await.expect("clock");
    fill_form(&w).await;
    assert_eq!(stored_drafts(c).await, 0, "nothing stored before a send failed");
    w.wait_min_form_time(opened).await.expect("clock");
    w.find("button[type=submit]").await.expect("send").click().await.expect("send");
    w.wait_until("root.querySelector('.tb-send-failed')", "the failure message", T).await.expect("failed");
    let msg = w.js("root.querySelector('.tb-send-failed').textContent").await.expect("js");
    assert!(msg.as_str().unwrap_or_default().contains("bewaard"), "{msg}");
    assert_eq!(w.js("root.querySelector('button[type=submit]').textContent").await.expect("js"), "Opnieuw versturen");
    assert_eq!(w.js("root.getElementById('tb-f-employer-company').value").await.expect("js"), "Bakkerij Peeters");
    let draft = c.execute(&format!("return sessionStorage.getItem('talentbrug.draft.' + {profile_id})"), vec![]).await.expect("draft");
    let kept: RequestForm = serde_json::from_str(draft.as_str().expect("a kept draft")).expect("draft json");
    assert_eq!(kept.employer.phone, "016 12 34 56");

    // Even a reload loses nothing: the form comes back as typed, with the same idempotency key.
    c.refresh().await.expect("reload");
    w.wait_total(None).await.expect("results again");
    w.find(&format!("article[data-profile-id='{}'] [data-open=form]", profile_id.as_str().unwrap_or_default()))
        .await
        .expect("same card")
        .click()
        .await
        .expect("open form");
    w.wait_until("root.querySelector('dialog[open] form.tb-request')", "the form", T).await.expect("form");
    let opened = w.form_opened().await.expect("clock");
    assert_eq!(w.js("root.getElementById('tb-f-vacancy-title').value").await.expect("js"), "Verkoper");
    assert_eq!(w.js("root.getElementById('tb-f-consent').checked").await.expect("js"), true);

    // Back online (the page's own inbox), but the inbox is down for a moment: still kept.
    site.set_answer(Answer::Unavailable);
    w.wait_min_form_time(opened).await.expect("clock");
    w.find("button[type=submit]").await.expect("send").click().await.expect("send");
    w.wait_until("root.querySelector('.tb-send-failed')", "the failure message", T).await.expect("failed");
    site.set_answer(Answer::Accept);
    w.find("button[type=submit]").await.expect("send").click().await.expect("send again");
    w.wait_until("root.querySelector('[data-reference]')", "the reference", T).await.expect("sent");
    let received = site.received();
    assert_eq!(received.len(), 1, "the 503 attempt stored nothing; the retry arrived once");
    let form = check_body(&received[0], profile_id.as_str().unwrap_or_default());
    assert_eq!(form.idempotency_key, kept.idempotency_key, "the same key across the failure and the reload");
    let left = c.execute(&format!("return sessionStorage.getItem('talentbrug.draft.' + {profile_id})"), vec![]).await.expect("js");
    assert!(left.is_null(), "the draft is forgotten once accepted");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_french_speaking_employer_sends_a_request_with_the_mouse() {
    let site = Site::start().await.expect("site");
    site.put_signed_feed("/feed.json", &feeds::synthetic(2000, 1));
    let browser = Browser::start(1280, 1000).await.expect("browser");
    let c = &browser.client;
    c.goto(&site.url("/index.html?lang=fr")).await.expect("goto");
    let w = Widget::new(c, "talent-brug");
    w.wait_ready().await.expect("ready");
    assert_eq!(w.js("root.querySelector('label[for=tb-pc]').textContent").await.expect("js"), "Code postal");
    w.find("#tb-pc").await.expect("postcode").click().await.expect("click");
    w.type_text("Louvain").await.expect("type");
    w.wait_until("root.querySelectorAll('#tb-pc-list [role=option]').length > 0", "suggestions", T).await.expect("suggestions");
    w.find("#tb-pc-opt-0").await.expect("option").click().await.expect("pick");
    w.wait_total(None).await.expect("results");
    assert!(w.status().await.expect("status").contains("profils à moins de 10 km de 3000"));
    let profile_id = w.js("root.querySelector('article').dataset.profileId").await.expect("js");
    w.find("article [data-open=form]").await.expect("button").click().await.expect("open");
    w.wait_until("root.querySelector('dialog[open] form')", "the form", T).await.expect("form");
    let opened = w.form_opened().await.expect("clock");
    assert_eq!(
        w.js("root.querySelector('label[for=tb-f-employer-company]').firstChild.textContent").await.expect("js"),
        "Nom de l'entreprise"
    );
    fill_form(&w).await;
    assert_eq!(stored_drafts(c).await, 0, "nothing stored while typing");
    // The inbox is down: the form is stored for the retry; closing the dialog removes it.
    site.set_answer(Answer::Unavailable);
    w.wait_min_form_time(opened).await.expect("clock");
    w.find("button[type=submit]").await.expect("send").click().await.expect("send");
    w.wait_until("root.querySelector('.tb-send-failed')", "the failure message", T).await.expect("failed");
    assert_eq!(stored_drafts(c).await, 1, "kept for the retry");
    w.find("dialog .tb-request .tb-card-actions .tb-secondary").await.expect("cancel").click().await.expect("cancel");
    w.wait_until("!root.querySelector('dialog')", "the dialog to close", T).await.expect("closed");
    assert_eq!(stored_drafts(c).await, 0, "closing the dialog leaves no employer data behind");
    site.set_answer(Answer::Accept);
    w.find("article [data-open=form]").await.expect("button").click().await.expect("open again");
    w.wait_until("root.querySelector('dialog[open] form')", "the form", T).await.expect("form");
    let opened = w.form_opened().await.expect("clock");
    assert_eq!(w.js("root.getElementById('tb-f-employer-company').value").await.expect("js"), "", "a fresh form");
    fill_form(&w).await;
    w.wait_min_form_time(opened).await.expect("clock");
    w.find("button[type=submit]").await.expect("send").click().await.expect("send");
    w.wait_until("root.querySelector('[data-reference]')", "the reference", T).await.expect("sent");
    assert_eq!(w.js("root.querySelector('.tb-sent-title').textContent").await.expect("js"), "Demande envoyée");
    check_body(&site.received()[0], profile_id.as_str().unwrap_or_default());
    assert!(site.queries()[0].split('&').any(|p| p == "lang=fr"));
    w.find(".tb-sent button").await.expect("close").click().await.expect("close");
    w.wait_until("!root.querySelector('dialog')", "the dialog to close", T).await.expect("closed");
    browser.close().await;
}
