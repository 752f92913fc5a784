//! Accessibility: axe-core (WCAG 2.2 A/AA and best practices) finds nothing on the search view,
//! the results (with the filters open), the detail view and the open request form, in Dutch
//! French and English. Screenshots of each under target/e2e/.

use std::time::Duration;

use talentbrug_e2e::axe;
use talentbrug_e2e::browser::Browser;
use talentbrug_e2e::feeds;
use talentbrug_e2e::site::Site;
use talentbrug_e2e::widget::Widget;

const T: Duration = Duration::from_secs(10);

async fn assert_clean(browser: &Browser, what: &str) {
    let violations = axe::check(&browser.client).await.expect("axe");
    assert!(violations.is_empty(), "{what}: {violations:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_finds_no_violation_in_any_view() {
    let site = Site::start().await.expect("site");
    site.put_signed_feed("/feed.json", &feeds::synthetic(2000, 1));
    let browser = Browser::start(1280, 1200).await.expect("browser");
    let c = &browser.client;
    for lang in ["nl", "fr", "en"] {
        c.goto(&site.url(&format!("/index.html?lang={lang}"))).await.expect("goto");
        let w = Widget::new(c, "talent-brug");
        w.wait_ready().await.expect("ready");
        assert_clean(&browser, &format!("{lang}: search view")).await;

        w.type_postcode("3000").await.expect("type");
        w.wait_total(None).await.expect("results");
        w.find(".tb-disclosure").await.expect("filters").click().await.expect("open filters");
        w.fill("tb-occ", "magazijn").await.expect("occupation");
        w.wait_until("root.querySelectorAll('#tb-occ-list [role=option]').length > 0", "occupation suggestions", T).await.expect("occ");
        assert_clean(&browser, &format!("{lang}: results with filters and suggestions")).await;
        browser.screenshot(&format!("widget-filters-{lang}.png")).await.expect("screenshot");
        w.find(".tb-disclosure").await.expect("filters").click().await.expect("close filters");

        w.find("article [data-open=detail]").await.expect("detail").click().await.expect("open");
        w.wait_until("root.querySelector('dialog[open] .tb-facts')", "the detail view", T).await.expect("detail");
        assert_clean(&browser, &format!("{lang}: detail view")).await;
        browser.screenshot(&format!("widget-detail-{lang}.png")).await.expect("screenshot");

        w.find("dialog .tb-card-actions .tb-button").await.expect("to form").click().await.expect("to form");
        w.wait_until("root.querySelector('dialog[open] form.tb-request')", "the form", T).await.expect("form");
        assert_clean(&browser, &format!("{lang}: open form")).await;
        w.find("button[type=submit]").await.expect("send").click().await.expect("send empty");
        if let Err(e) = w.wait_until("root.querySelectorAll('.tb-request .tb-problem').length > 3", "the problems", T).await {
            let state = w.js("[root.querySelectorAll('.tb-request .tb-problem').length, root.querySelector('.tb-request').dataset.stage, root.activeElement && root.activeElement.id]").await;
            panic!("{lang}: {e}: {state:?}");
        }
        assert_clean(&browser, &format!("{lang}: form with problems")).await;
        browser.screenshot(&format!("widget-form-{lang}.png")).await.expect("screenshot");
    }

    // The states a partner's setup can lead to: no key (an error), `unsigned` (a banner).
    site.put_unsigned_v2("/plain", &feeds::synthetic(300, 1));
    for (name, attributes, shows) in [("nokey", "", ".tb-error"), ("unsigned", "unsigned", ".tb-unsigned")] {
        let page = format!(
            "<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>{name}</title>\
             <script type=\"module\" src=\"/dist/talentbrug.js\"></script></head>\
             <body><main><h1>{name}</h1><talent-brug feed=\"/plain/manifest.json\" postcode=\"3000\" {attributes}></talent-brug></main></body></html>"
        );
        site.put(&format!("/{name}.html"), page, "text/html; charset=utf-8");
        c.goto(&site.url(&format!("/{name}.html"))).await.expect("goto");
        let w = Widget::new(c, "talent-brug");
        w.wait_until(&format!("root.querySelector('{shows}') && root.querySelector('.tb-error, .tb-results')"), name, T).await.expect(name);
        assert_clean(&browser, name).await;
    }
    browser.close().await;
}
