//! The real demo, as `cargo xtask demo` runs it: synthetic records published as a signed feed
//! and served by `talentbrug serve` (strict CSP on pages, the inbox behind `/api/requests`).
//! An employer finds people near 3000 Leuven in the signed feed, sends a blind-interview
//! request, and the coach's inbox has it with the candidate's record id.

use std::net::SocketAddr;
use std::time::Duration;

use talentbrug::demo::prepare;
use talentbrug::inbox_cmd;
use talentbrug_e2e::browser::Browser;
use talentbrug_e2e::widget::Widget;
use talentbrug_e2e::{axe, out_dir, ports, root};
use talentbrug_server::{spawn, ServerConfig};

const T: Duration = Duration::from_secs(15);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_from_the_demo_page_reaches_the_inbox_with_the_record_id() {
    assert!(root().join("www/dist/talentbrug.js").exists(), "run `cargo xtask build` first");
    let dir = out_dir().join(format!("demo-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let org = prepare(&dir, 2000, 1).expect("the demo organisation publishes");
    let config = ServerConfig {
        www: Some(root().join("www")),
        rate_limit_per_minute: 0,
        public_key: Some(org.public_key.clone()),
        private_dir: Some(org.private_dir.clone()),
        ..ServerConfig::new(org.feed.clone(), org.db.clone())
    };
    let port = ports::free_port().expect("port");
    let server = spawn(config, SocketAddr::from(([127, 0, 0, 1], port))).await.expect("talentbrug serve");
    let browser = Browser::start(1280, 1100).await.expect("browser");
    let c = &browser.client;
    c.goto(&format!("{}/index.html", server.url())).await.expect("goto");
    let w = Widget::new(c, "talent-brug");
    w.wait_ready().await.expect("the signed feed loads");
    let key = c.execute("return document.querySelector('talent-brug').getAttribute('public-key')", vec![]).await.expect("js");
    assert_eq!(key, org.public_key.as_str(), "the demo page verifies the feed with the organisation's key");

    w.type_postcode("3000").await.expect("type");
    let total = w.wait_total(None).await.expect("results");
    assert!(total > 0, "people near Leuven in the published feed");
    assert!(axe::check(c).await.expect("axe").is_empty(), "no accessibility violations on the served demo");
    let profile_id = w.js("root.querySelector('article').dataset.profileId").await.expect("js");
    let profile_id = profile_id.as_str().expect("id").to_owned();
    w.find("article [data-open=form]").await.expect("button").click().await.expect("open form");
    w.wait_until("root.querySelector('dialog[open] form')", "the form", T).await.expect("form");
    let opened = w.form_opened().await.expect("clock");
    for (id, text) in [
        ("tb-f-employer-company", "Bakkerij Peeters"),
        ("tb-f-employer-contact_name", "An Peeters"),
        ("tb-f-employer-email", "an@bakkerij-peeters.be"),
        ("tb-f-employer-phone", "016 12 34 56"),
        ("tb-f-vacancy-title", "Verkoper"),
        ("tb-f-vacancy-hours_per_week", "30"),
    ] {
        w.fill(id, text).await.expect("fill");
    }
    for id in ["tb-f-commitment", "tb-f-consent"] {
        w.js(&format!("root.getElementById('{id}').click()")).await.expect("tick");
    }
    w.wait_min_form_time(opened).await.expect("clock");
    w.find("button[type=submit]").await.expect("send").click().await.expect("send");
    w.wait_until("root.querySelector('[data-reference]')", "the inbox's reference", T).await.expect("sent");
    let reference = w.js("root.querySelector('[data-reference]').textContent").await.expect("js");
    let status = w.js("root.querySelector('.tb-sent a').href").await.expect("js");
    assert!(status.as_str().unwrap_or_default().contains("/status/"), "{status}");
    browser.screenshot("widget-demo-sent.png").await.expect("screenshot");
    browser.close().await;
    server.stop().await.expect("stop");

    let entries = inbox_cmd::load(&org.db, Some(&org.private_dir)).expect("inbox");
    assert_eq!(entries.len(), 1);
    let entry = serde_json::to_value(&entries[0]).expect("json");
    assert_eq!(entry["profile_id"], profile_id.as_str());
    assert_eq!(entry["reference"], reference);
    assert!(entry["record_id"].as_str().is_some_and(|r| !r.is_empty()), "the coach sees whom it is about: {entry}");
    let _ = std::fs::remove_dir_all(&dir);
}
