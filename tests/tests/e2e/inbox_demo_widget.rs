//! The whole pipeline as `talentbrug demo` runs it, driven by an employer in headless Chromium:
//! synthetic records -> publish (signed) -> `talentbrug serve` of the demo site under its strict
//! CSP -> the widget verifies the feed with the key from `/feed.json.pub` -> a request sent from
//! the widget -> it is in the coach's inbox with the right record id -> the employer's status
//! link shows the status the coach sets, and passes axe.
//!
//! Needs the built widget (`cargo xtask build`), like the other browser tests.

use std::time::Duration;

use talentbrug_e2e::browser::Browser;
use talentbrug_e2e::widget::Widget;
use talentbrug_inbox::RequestStatus;
use talentbrug_inbox::Store;
use talentbrug_private::MappingStore;
use talentbrug_server::{self as server, ServerConfig};

const T: Duration = Duration::from_secs(15);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_from_the_demo_widget_reaches_the_inbox_with_the_record_id() {
    let dir = std::env::temp_dir().join(format!("tb-inbox-demo-widget-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let org = tokio::task::spawn_blocking({
        let dir = dir.clone();
        move || talentbrug::demo::prepare(&dir, 600, 1)
    })
    .await
    .expect("join")
    .expect("the demo organisation publishes");
    let config = ServerConfig {
        www: Some(talentbrug_e2e::root().join("www")),
        rate_limit_per_minute: 20,
        public_key: Some(org.public_key.clone()),
        private_dir: Some(org.private_dir.clone()),
        ..ServerConfig::new(org.feed.clone(), org.db.clone())
    };
    let port = talentbrug_e2e::ports::free_port().expect("port");
    let running = server::spawn(config, ([127, 0, 0, 1], port).into()).await.expect("talentbrug serve");
    let base = running.url();

    let browser = Browser::start(1280, 1000).await.expect("browser");
    let c = &browser.client;
    c.goto(&format!("{base}/index.html?postcode=3000")).await.expect("goto");
    let w = Widget::new(c, "talent-brug");
    w.wait_until("document.querySelector('talent-brug').getAttribute('public-key')", "the demo page to read /feed.json.pub", T)
        .await
        .expect("public key");
    assert_eq!(
        w.js("document.querySelector('talent-brug').getAttribute('public-key')").await.expect("js"),
        org.public_key.as_str(),
        "the widget checks the feed with the organisation's key"
    );
    w.wait_total(None).await.expect("results for 3000 from the signed feed");

    let profile_id = w.js("root.querySelector('article').dataset.profileId").await.expect("js");
    let profile_id = profile_id.as_str().expect("a profile id").to_owned();
    w.find("article [data-open=form]").await.expect("request button").click().await.expect("open form");
    w.wait_until("root.querySelector('dialog[open] form.tb-request')", "the form", T).await.expect("form");
    let opened = w.form_opened().await.expect("clock");
    for (id, text) in [
        ("tb-f-employer-company", "Schrijnwerkerij Wouters"),
        ("tb-f-employer-contact_name", "Lies Wouters"),
        ("tb-f-employer-email", "lies@wouters-hout.be"),
        ("tb-f-employer-phone", "016 23 45 67"),
        ("tb-f-employer-postcode", "3000"),
        ("tb-f-vacancy-title", "Helper in de werkplaats"),
        ("tb-f-vacancy-hours_per_week", "32"),
    ] {
        w.fill(id, text).await.unwrap_or_else(|e| panic!("{id}: {e}"));
    }
    for id in ["tb-f-commitment", "tb-f-consent"] {
        w.find(&format!("#{id}")).await.expect("checkbox").click().await.expect("tick");
    }
    w.wait_min_form_time(opened).await.expect("clock");
    w.find("button[type=submit]").await.expect("send").click().await.expect("send");
    w.wait_until("root.querySelector('[data-reference]')", "the reference from the inbox", T).await.expect("sent");
    let reference = w.js("root.querySelector('[data-reference]').textContent").await.expect("js");
    let reference = reference.as_str().expect("text").trim().to_owned();
    let status_link = w.js("root.querySelector('.tb-sent a').getAttribute('href')").await.expect("js");
    let status_link = status_link.as_str().expect("a status link").to_owned();
    assert!(status_link.starts_with(&format!("{base}/status/")), "{status_link}");

    // The coach's inbox: the request, with the record id of the synthetic person behind the profile.
    let entries = talentbrug::inbox_cmd::load(&org.db, Some(&org.private_dir)).expect("inbox");
    assert_eq!(entries.len(), 1);
    let entry = &entries[0];
    assert_eq!(entry.request.reference, reference);
    assert_eq!(entry.request.profile_id, profile_id);
    let expected = MappingStore::load(&org.private_dir).expect("mapping").lookup(&profile_id).expect("mapped").record_id.clone();
    assert_eq!(entry.record_id.as_deref(), Some(expected.as_str()));
    assert!(expected.as_str().starts_with("SYN-"));
    assert_eq!(entry.request.employer.company, "Schrijnwerkerij Wouters");
    assert_eq!(entry.request.vacancy.hours_per_week, 32);

    // The coach calls the candidate; the employer's link says so, in their language, accessibly.
    let mut store = Store::open_existing(&org.db).expect("db");
    store.set_status(&reference.parse().expect("reference"), RequestStatus::Contacted, "", talentbrug_private::now()).expect("set");
    // The widget speaks Dutch, so its status link opens in Dutch; `?lang=` picks another language.
    let (link_base, link_query) = status_link.split_once('?').expect("the status link carries the widget's language");
    assert_eq!(link_query, "lang=nl");
    c.goto(&format!("{link_base}?lang=en")).await.expect("status page en");
    let text = c.find(fantoccini::Locator::Css("main")).await.expect("main").text().await.expect("text");
    assert!(text.contains(&reference) && text.contains("The coach has contacted the candidate"), "{text}");
    c.goto(&status_link).await.expect("status page nl");
    let text = c.find(fantoccini::Locator::Css("main")).await.expect("main").text().await.expect("text");
    assert!(text.contains("De coach heeft de kandidaat gecontacteerd"), "{text}");
    assert!(!text.contains(&profile_id) && !text.contains("SYN-"), "no candidate data on the status page");
    let violations = talentbrug_e2e::axe::check(c).await.expect("axe");
    assert!(violations.is_empty(), "status page: {violations:?}");
    browser.screenshot("inbox-status-page-nl.png").await.expect("screenshot");
    c.goto(&format!("{link_base}?lang=fr")).await.expect("status page fr");
    let text = c.find(fantoccini::Locator::Css("main")).await.expect("main").text().await.expect("text");
    assert!(text.contains("Le coach a contacté la personne candidate"), "{text}");
    assert!(talentbrug_e2e::axe::check(c).await.expect("axe").is_empty());

    browser.close().await;
    running.stop().await.expect("the server stops cleanly");
    let _ = std::fs::remove_dir_all(&dir);
}
