//! The employer's search in headless Chromium: results follow the postcode, radius and filters
//! exactly as the core computes them on the same feed; the language switch; screenshots.

use std::time::Duration;

use fantoccini::key::Key;
use talentbrug_core::calendar::Timestamp;
use talentbrug_core::gazetteer::{Country, Gazetteer};
use talentbrug_core::search::{search, Query};
use talentbrug_core::vocabulary::ContractForm;
use talentbrug_core::{FeedIndex, RadiusKm};
use talentbrug_e2e::browser::Browser;
use talentbrug_e2e::feeds;
use talentbrug_e2e::site::Site;
use talentbrug_e2e::widget::Widget;

fn now() -> Timestamp {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    Timestamp::from_unix_seconds(secs as i64)
}

/// What the core finds: the total and the first ids the widget shows (its first page, 10).
fn expected(index: &FeedIndex, postcode: &str, radius: f64, adjust: impl FnOnce(&mut Query)) -> (usize, Vec<String>) {
    let place = Gazetteer.resolve(postcode, Country::Be).expect("a known postcode");
    let mut q = Query::new((&place).into(), RadiusKm::new(radius).expect("a radius"), now().month());
    adjust(&mut q);
    let r = search(index, &q, 10);
    (r.total, r.matches.iter().map(|m| m.profile.id.to_string()).collect())
}

/// Whether a text shows a distance with decimals ("4,3 km", "12.7 km") or in metres.
fn has_exact_distance(text: &str) -> bool {
    let t: Vec<char> = text.chars().collect();
    let before_km = |i: usize| i >= 3 && t[i - 1] == ' ' && t[i - 2].is_ascii_digit() && matches!(t[i - 3], '.' | ',');
    (0..t.len()).any(|i| t[i..].starts_with(&['k', 'm']) && before_km(i)) || text.contains(" m ")
}

async fn check(w: &Widget<'_>, want: (usize, Vec<String>), what: &str) {
    if let Err(e) = w.wait_total(Some(want.0)).await {
        let shown = (w.total().await, w.status().await, w.js("root.querySelector('#tb-pc').value").await);
        panic!("{what}: {e}; the widget shows {shown:?}");
    }
    let total = w.total().await.expect("total").unwrap_or_default();
    assert_eq!(total, want.0, "{what}: total");
    assert_eq!(w.shown_ids().await.expect("ids"), want.1, "{what}: ids in order");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn results_follow_postcode_radius_and_filters_as_the_core_says() {
    let feed = feeds::synthetic(2000, 1);
    let index = FeedIndex::new(feed.clone());
    let site = Site::start().await.expect("site");
    site.put_signed_feed("/feed.json", &feed);
    let browser = Browser::start(1280, 1000).await.expect("browser");
    let c = &browser.client;
    c.goto(&site.url("/index.html")).await.expect("goto");
    let w = Widget::new(c, "talent-brug");
    w.wait_ready().await.expect("ready");
    assert_eq!(w.total().await.expect("total"), None, "no results before a postcode is typed");

    w.type_postcode("3000").await.expect("type");
    let want = expected(&index, "3000", 10.0, |_| {});
    assert!(want.0 > 10, "the demo feed has people near Leuven: {}", want.0);
    check(&w, want.clone(), "3000, 10 km").await;
    let status = w.status().await.expect("status");
    assert!(status.starts_with(&format!("{} profielen binnen 10 km van 3000 Leuven", want.0)), "{status}");

    w.find("#tb-radius").await.expect("radius").select_by_value("25").await.expect("select");
    check(&w, expected(&index, "3000", 25.0, |_| {}), "3000, 25 km").await;

    w.find("#tb-now").await.expect("now").click().await.expect("click");
    let today = now().month();
    check(&w, expected(&index, "3000", 25.0, |q| q.available_by = Some(today)), "available now").await;

    w.find(".tb-disclosure").await.expect("filters").click().await.expect("open filters");
    w.find("#tb-contract-temp").await.expect("temp").click().await.expect("tick temp");
    check(
        &w,
        expected(&index, "3000", 25.0, |q| {
            q.available_by = Some(today);
            q.contract_forms.insert(ContractForm::Temp);
        }),
        "available now + temp work",
    )
    .await;

    w.type_postcode("Gent").await.expect("type Gent");
    check(
        &w,
        expected(&index, "Gent", 25.0, |q| {
            q.available_by = Some(today);
            q.contract_forms.insert(ContractForm::Temp);
        }),
        "Gent",
    )
    .await;

    let text = w.js("root.textContent").await.expect("text");
    let text = text.as_str().unwrap_or_default();
    assert!(!has_exact_distance(text), "only distance bands are shown: {text}");
    browser.close().await;
}

#[test]
fn exact_distances_are_recognised() {
    assert!(has_exact_distance("woont op 4,3 km"));
    assert!(has_exact_distance("12.7 km"));
    assert!(!has_exact_distance("5-10 km · < 5 km · 20+ km"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn suggestions_keyboard_and_the_empty_and_unknown_states() {
    let feed = feeds::synthetic(300, 3);
    let site = Site::start().await.expect("site");
    site.put_signed_feed("/feed.json", &feed);
    let browser = Browser::start(1280, 1000).await.expect("browser");
    let c = &browser.client;
    c.goto(&site.url("/index.html")).await.expect("goto");
    let w = Widget::new(c, "talent-brug");
    w.wait_ready().await.expect("ready");

    w.type_postcode("Leuv").await.expect("type");
    w.wait_until("root.querySelectorAll('#tb-pc-list [role=option]').length > 0", "suggestions", Duration::from_secs(5))
        .await
        .expect("suggestions");
    assert_eq!(w.js("root.querySelector('#tb-pc').getAttribute('aria-expanded')").await.expect("js"), "true");
    w.press(&[Key::Down.into()]).await.expect("arrow down");
    w.wait_until(
        "root.querySelector('#tb-pc').getAttribute('aria-activedescendant') === 'tb-pc-opt-0'",
        "the first option active",
        Duration::from_secs(5),
    )
    .await
    .expect("active option");
    w.press(&[Key::Enter.into()]).await.expect("enter");
    w.wait_until("root.querySelector('#tb-pc').value.includes('Leuven')", "the chosen place in the box", Duration::from_secs(5))
        .await
        .expect("chosen");
    assert_eq!(w.js("root.querySelector('#tb-pc').getAttribute('aria-expanded')").await.expect("js"), "false");

    w.type_postcode("Atlantis").await.expect("type");
    w.wait_until("root.querySelector('#tb-pc-unknown')", "the unknown-place message", Duration::from_secs(5)).await.expect("unknown");
    let msg = w.js("root.querySelector('#tb-pc-unknown').textContent").await.expect("js");
    assert!(msg.as_str().unwrap_or_default().contains("Atlantis"), "{msg}");

    // A place with nobody near it in a 300-profile feed: the empty state suggests a wider radius.
    w.type_postcode("6700").await.expect("type");
    w.find("#tb-radius").await.expect("radius").select_by_value("5").await.expect("select");
    w.wait_until("root.querySelector('.tb-empty')", "the empty state", Duration::from_secs(5)).await.expect("empty");
    let widen = w.js("root.querySelector('.tb-empty button').textContent").await.expect("js");
    assert_eq!(widen, "Zoek binnen 10 km");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn language_switch_and_screenshots() {
    let feed = feeds::synthetic(2000, 1);
    let site = Site::start().await.expect("site");
    site.put_signed_feed("/feed.json", &feed);
    let browser = Browser::start(1280, 1400).await.expect("browser");
    let c = &browser.client;
    c.goto(&site.url("/index.html?postcode=3000")).await.expect("goto");
    let w = Widget::new(c, "talent-brug");
    w.wait_total(None).await.expect("results");
    assert_eq!(w.js("root.querySelector('label[for=tb-pc]').textContent").await.expect("js"), "Postcode");
    browser.screenshot("widget-nl.png").await.expect("screenshot");
    let host = c.find(fantoccini::Locator::Css("talent-brug")).await.expect("host");
    std::fs::write(talentbrug_e2e::out_dir().join("widget-element-nl.png"), host.screenshot().await.expect("element")).expect("write");

    w.find(".tb-lang[lang=fr]").await.expect("fr").click().await.expect("click");
    w.wait_until("root.querySelector('label[for=tb-pc]').textContent === 'Code postal'", "French labels", Duration::from_secs(5))
        .await
        .expect("fr");
    let status = w.status().await.expect("status");
    assert!(status.contains("profils à moins de 10 km de 3000 Leuven"), "{status}");
    let button = w.js("root.querySelector('[data-open=form]').textContent").await.expect("js");
    assert_eq!(button, "Demander un entretien à l'aveugle");
    assert_eq!(w.js("root.querySelector('.tb-widget').lang").await.expect("js"), "fr");
    browser.screenshot("widget-fr.png").await.expect("screenshot");

    w.find(".tb-lang[lang=en]").await.expect("en").click().await.expect("click");
    w.wait_until("root.querySelector('[data-open=form]').textContent === 'Request a blind interview'", "English", Duration::from_secs(5))
        .await
        .expect("en");

    // The partner's `lang` attribute wins again when it changes.
    c.execute("document.querySelector('talent-brug').setAttribute('lang', 'fr')", vec![]).await.expect("set lang");
    w.wait_until(
        "root.querySelector('label[for=tb-pc]').textContent === 'Code postal' && root.querySelector('.tb-widget').lang === 'fr'",
        "French again",
        Duration::from_secs(5),
    )
    .await
    .expect("fr");
    browser.close().await;
}
