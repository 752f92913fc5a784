//! The widget's components in headless Chromium (`wasm-bindgen-test`): mounting into an open
//! shadow root with the shared stylesheet, results as the core computes them, the language
//! switch, the error state, and live validation in the request form. The feed is feed v2 (the
//! only one the widget reads), served from memory through the page's `fetch` ([`feed_url`]), so
//! no server is needed; a broken one comes as a `data:` URL.
#![cfg(target_arch = "wasm32")]

use std::collections::BTreeMap;

use base64::Engine as _;
use talentbrug_core::gazetteer::{Country, Gazetteer};
use talentbrug_core::manifest::{Manifest, TileEntry, FORMAT_V2};
use talentbrug_core::region::Region;
use talentbrug_core::search::{search, Query};
use talentbrug_core::{tile, Feed, FeedIndex, Profile, RadiusKm};
use talentbrug_widget::{clock, mount, Widget};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement, ShadowRoot};

wasm_bindgen_test_configure!(run_in_browser);

/// The publication the tests read, written as a v1 feed because that is the shortest way to
/// write profiles down; the widget gets it as feed v2 ([`feed_url`]), whose tiles hold areas at
/// 0.001 degree, as the publisher writes them.
const FEED: &str = r#"{"format":"talentbrug-feed/1",
"publisher":{"name":"Werkpunt Test","contact":"jobs@werkpunt.example","request_url":"/api/requests","privacy_url":"/privacy.html"},
"issued_at":"2020-01-01T00:00:00Z","expires_at":"2199-01-01T00:00:00Z","sequence":1,
"occupations":{"0019b951-c699-4191-8208-9822882d150c":{"label":"magazijnmedewerker"}},
"profiles":[
{"id":"near","area":{"postcode":"BE-3000","label":"Leuven","lat":50.880,"lon":4.701},"reach_km":12,"travel_modes":["bike"],
 "occupations":["0019b951-c699-4191-8208-9822882d150c"],"talents":["order_picking"],"strengths":["punctual"],
 "languages":[{"lang":"nl","level":"B1"}],"hours":{"min":20,"max":30},"shifts":["day"],"available_from":"2020-01",
 "contract_forms":["temp"],"job_coaching":true,"workplace_needs":["quiet_workplace"],"pitch":"Ik werk graag met mijn handen."},
{"id":"also-near","area":{"postcode":"BE-3010","label":"Kessel-Lo","lat":50.889,"lon":4.725},"reach_km":8,"travel_modes":["walk"],
 "occupations":[],"talents":["cleaning"],"strengths":[],"languages":[{"lang":"fr","level":"native"}],"hours":{"min":10,"max":20},
 "shifts":["evening"],"available_from":"2199-01","contract_forms":["internship"],"job_coaching":false,"workplace_needs":[]},
{"id":"far","area":{"postcode":"BE-9000","label":"Gent","lat":51.054,"lon":3.717},"reach_km":10,"travel_modes":["car"],
 "occupations":[],"talents":["driving"],"strengths":[],"languages":[],"hours":{"min":38,"max":38},"shifts":["day"],
 "available_from":"2020-01","contract_forms":["permanent"],"job_coaching":false,"workplace_needs":[]}
]}"#;

fn data_url(json: &str) -> String {
    format!("data:application/json;base64,{}", base64::engine::general_purpose::STANDARD.encode(json))
}

/// [`FEED`] as the core reads it (for what the core's search finds).
fn feed() -> Feed {
    Feed::parse(FEED.as_bytes()).expect("the test feed")
}

/// `feed` as feed v2, unsigned: `manifest.json`, and every region's and tile's files (one tile and
/// one region per area, as a publisher cuts by place), each with its path relative to the manifest.
fn v2_files(feed: &Feed) -> Vec<(String, Vec<u8>)> {
    let mut areas: BTreeMap<String, Vec<Profile>> = BTreeMap::new();
    for p in &feed.profiles {
        areas.entry(p.area.label.to_lowercase()).or_default().push(p.clone());
    }
    let (mut files, mut entries) = (Vec::new(), Vec::new());
    for (key, profiles) in &areas {
        let encoded = tile::encode(profiles).expect("a tile");
        let entry = TileEntry::describe(key, &encoded.tile, profiles).expect("an entry");
        files.extend(encoded.files(&entry.path).into_iter().map(|(path, bytes)| (path, bytes.to_vec())));
        // One region per area too: the manifest lists regions, each region file its tiles.
        let region = Region::new(key, vec![entry]).expect("a region");
        files.push((region.entry.path.clone(), region.bytes));
        entries.push(region.entry);
    }
    let manifest = Manifest {
        format: FORMAT_V2.to_owned(),
        publisher: feed.publisher.clone(),
        issued_at: feed.issued_at,
        expires_at: feed.expires_at,
        sequence: feed.sequence,
        regions: entries,
        occupations: feed.occupations.clone(),
        occupation_groups: feed.occupation_groups.clone(),
    };
    files.push(("manifest.json".into(), serde_json::to_vec(&manifest).expect("a manifest")));
    files
}

/// Where [`FEED`] is, as feed v2: `https://feed.test/v2/manifest.json`, answered from memory
/// by the page's `fetch` (replaced once; every other address goes to the real one, and an
/// unknown file under `https://feed.test/` is a 404).
fn feed_url() -> String {
    let install = js_sys::Function::new_no_args(
        "if (!window.__tbFiles) { window.__tbFiles = new Map(); const real = window.fetch.bind(window); \
         window.fetch = (input, init) => { const url = typeof input === 'string' ? input : input.url; \
         if (!url.startsWith('https://feed.test/')) return real(input, init); const body = window.__tbFiles.get(url); \
         return Promise.resolve(body ? new Response(body, { status: 200 }) : new Response('not found', { status: 404 })); }; } \
         return window.__tbFiles;",
    );
    let files: js_sys::Map = install.call0(&JsValue::NULL).expect("fetch replaced").dyn_into().expect("a map");
    for (path, bytes) in v2_files(&feed()) {
        files.set(&format!("https://feed.test/v2/{path}").into(), &js_sys::Uint8Array::from(&bytes[..]).into());
    }
    "https://feed.test/v2/manifest.json".into()
}

fn host(attrs: &[(&str, &str)]) -> HtmlElement {
    let document = web_sys::window().and_then(|w| w.document()).expect("document");
    let el: HtmlElement = document.create_element("talent-brug").expect("element").dyn_into().expect("html element");
    for (k, v) in attrs {
        el.set_attribute(k, v).expect("attribute");
    }
    document.body().expect("body").append_child(&el).expect("append");
    el
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window().expect("window").set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Waits (flushing yew's scheduler, then letting fetches settle) until `css` matches in `root`.
async fn wait_for(root: &ShadowRoot, css: &str) -> web_sys::Element {
    for _ in 0..200 {
        yew::scheduler::flush().await;
        if let Ok(Some(el)) = root.query_selector(css) {
            return el;
        }
        sleep(10).await;
    }
    panic!("{css} never appeared in: {}", root.inner_html());
}

fn text(root: &ShadowRoot, css: &str) -> String {
    root.query_selector(css).ok().flatten().and_then(|e| e.text_content()).unwrap_or_default()
}

fn mounted(attrs: &[(&str, &str)]) -> (HtmlElement, ShadowRoot, Widget) {
    let el = host(attrs);
    let widget = mount(el.clone()).expect("mount");
    let root = el.shadow_root().expect("an open shadow root");
    (el, root, widget)
}

#[wasm_bindgen_test]
async fn mounts_in_an_open_shadow_root_and_shows_what_the_core_finds() {
    let url = feed_url();
    let (_el, root, mut widget) = mounted(&[("feed", &url), ("unsigned", ""), ("postcode", "3000"), ("lang", "nl")]);
    let sheets = js_sys::Reflect::get(&root, &"adoptedStyleSheets".into()).expect("sheets");
    assert_eq!(js_sys::Array::from(&sheets).length(), 1, "styled by the shared constructed stylesheet");
    let results = wait_for(&root, ".tb-results").await;

    let index = FeedIndex::new(feed());
    let place = Gazetteer.resolve("3000", Country::Be).expect("3000");
    let found = search(&index, &Query::new((&place).into(), RadiusKm::new(10.0).expect("10"), clock::today()), 20);
    assert_eq!(results.get_attribute("data-total"), Some(found.total.to_string()));
    let ids: Vec<String> = (0..found.matches.len())
        .filter_map(|i| root.query_selector_all("article").ok()?.item(i as u32))
        .filter_map(|n| n.dyn_into::<web_sys::Element>().ok()?.get_attribute("data-profile-id"))
        .collect();
    assert_eq!(ids, found.matches.iter().map(|m| m.profile.id.to_string()).collect::<Vec<_>>());
    assert!(!ids.contains(&"far".to_owned()));
    assert!(text(&root, ".tb-status").starts_with("2 profielen binnen 10 km van 3000 Leuven"));
    assert!(text(&root, "article").contains("Magazijnmedewerker") || text(&root, "article").contains("magazijnmedewerker"));
    widget.destroy();
}

#[wasm_bindgen_test]
async fn the_language_switch_translates_everything_and_the_lang_attribute_follows() {
    let url = feed_url();
    let (el, root, mut widget) = mounted(&[("feed", &url), ("unsigned", ""), ("postcode", "3000"), ("lang", "nl")]);
    wait_for(&root, ".tb-results").await;
    assert_eq!(text(&root, "label[for=tb-pc]"), "Postcode");
    let fr: HtmlElement = root.query_selector(".tb-lang[lang=fr]").ok().flatten().expect("fr").dyn_into().expect("button");
    fr.click();
    yew::scheduler::flush().await;
    assert_eq!(text(&root, "label[for=tb-pc]"), "Code postal");
    assert_eq!(text(&root, "[data-open=form]"), "Demander un entretien à l'aveugle");
    assert_eq!(root.query_selector(".tb-lang[lang=fr]").ok().flatten().and_then(|b| b.get_attribute("aria-pressed")), Some("true".into()));
    el.set_attribute("lang", "en").expect("attribute");
    widget.update();
    yew::scheduler::flush().await;
    assert_eq!(text(&root, "[data-open=form]"), "Request a blind interview");
    widget.destroy();
}

#[wasm_bindgen_test]
async fn without_a_public_key_nothing_is_loaded_and_unsigned_shows_a_banner() {
    let url = feed_url();
    let (_el, root, mut widget) = mounted(&[("feed", &url), ("postcode", "3000"), ("lang", "en")]);
    let error = wait_for(&root, ".tb-error").await;
    assert_eq!(error.get_attribute("data-error").as_deref(), Some("NoKey"));
    assert!(text(&root, ".tb-error").contains("public-key"), "{}", text(&root, ".tb-error"));
    assert!(root.query_selector("article, .tb-unsigned").ok().flatten().is_none());
    widget.destroy();
    let (_el, root, mut widget) = mounted(&[("feed", &url), ("unsigned", ""), ("postcode", "3000"), ("lang", "en")]);
    wait_for(&root, "article").await;
    let banner = wait_for(&root, ".tb-unsigned").await;
    assert_eq!(banner.get_attribute("role").as_deref(), Some("status"));
    assert!(text(&root, ".tb-unsigned").starts_with("Test mode"));
    widget.destroy();
}

#[wasm_bindgen_test]
async fn a_broken_feed_shows_the_error_state_and_nothing_else() {
    // A manifest cut short, and a v1 feed (which the widget does not read): both not valid.
    for broken in ["{\"format\":\"talentbrug-feed/2\",", FEED] {
        let url = data_url(broken);
        let (_el, root, mut widget) = mounted(&[("feed", &url), ("unsigned", ""), ("postcode", "3000"), ("lang", "en")]);
        let error = wait_for(&root, ".tb-error").await;
        assert_eq!(error.get_attribute("role").as_deref(), Some("alert"));
        assert_eq!(error.get_attribute("data-error").as_deref(), Some("Invalid"));
        assert!(text(&root, ".tb-error").contains("not valid"), "{}", text(&root, ".tb-error"));
        assert!(root.query_selector("article").ok().flatten().is_none());
        widget.destroy();
    }
}

#[wasm_bindgen_test]
async fn the_form_checks_fields_with_the_core_rules_as_the_employer_types() {
    let url = feed_url();
    let (_el, root, mut widget) = mounted(&[("feed", &url), ("unsigned", ""), ("postcode", "3000"), ("lang", "fr")]);
    wait_for(&root, ".tb-results").await;
    let open: HtmlElement = root.query_selector("[data-open=form]").ok().flatten().expect("button").dyn_into().expect("button");
    open.click();
    let email: HtmlInputElement = wait_for(&root, "#tb-f-employer-email").await.dyn_into().expect("input");
    email.set_value("an@bakkerij");
    email.dispatch_event(&web_sys::InputEvent::new("input").expect("event")).expect("input");
    yew::scheduler::flush().await;
    assert!(root.query_selector("#tb-f-employer-email-error").ok().flatten().is_none(), "not before leaving the field");
    email.dispatch_event(&web_sys::FocusEvent::new("blur").expect("event")).expect("blur");
    yew::scheduler::flush().await;
    assert!(text(&root, "#tb-f-employer-email-error").contains("n'est pas une adresse e-mail"), "{}", root.inner_html());
    email.set_value("an@bakkerij.be");
    email.dispatch_event(&web_sys::InputEvent::new("input").expect("event")).expect("input");
    yew::scheduler::flush().await;
    assert!(root.query_selector("#tb-f-employer-email-error").ok().flatten().is_none(), "fixed as they type");
    let hp = root.query_selector(".tb-hp").ok().flatten().expect("honeypot");
    assert_eq!(hp.get_attribute("aria-hidden").as_deref(), Some("true"));
    assert_eq!(root.query_selector("#tb-f-website").ok().flatten().and_then(|i| i.get_attribute("tabindex")).as_deref(), Some("-1"));
    widget.destroy();
}

#[wasm_bindgen_test]
fn a_kept_form_reads_back_as_it_was_typed() {
    use talentbrug_core::request::RequestForm;
    use talentbrug_widget::memory;

    let mut form = RequestForm {
        profile_id: "p-draft".into(),
        idempotency_key: "0123456789abcdef0123".into(),
        form_ms: 1234,
        ..RequestForm::default()
    };
    form.employer.company = "Bakkerij \"Peeters\" \\ café 🍞".into();
    form.employer.email = "an@example.be".into();
    form.vacancy.title = "Verkoper\nbrood".into();
    form.vacancy.hours_per_week = 30;
    form.commitment = true;
    form.preferred_contact = Some("na 14u".into());
    memory::keep_draft(&form);
    assert_eq!(memory::draft("p-draft"), Some(form.clone()));
    form.preferred_contact = None;
    form.website = "x".into();
    memory::keep_draft(&form);
    assert_eq!(memory::draft("p-draft"), Some(form));
    memory::forget_draft("p-draft");
    assert_eq!(memory::draft("p-draft"), None);
    assert_eq!(memory::form_from_json(r#"{"profile_id":"x"}"#), None);
    assert_eq!(memory::form_from_json("not json"), None);
}

/// Sends a `keydown` of `key` to `el`, as a keyboard would (bubbling, cancelable).
fn key(el: &web_sys::Element, key: &str) {
    let init = js_sys::Object::new();
    for (k, v) in [("key", JsValue::from_str(key)), ("bubbles", JsValue::TRUE), ("cancelable", JsValue::TRUE)] {
        js_sys::Reflect::set(&init, &k.into(), &v).expect("init");
    }
    let class = js_sys::Reflect::get(&js_sys::global(), &"KeyboardEvent".into()).expect("KeyboardEvent");
    let args = js_sys::Array::of2(&"keydown".into(), &init);
    let event = js_sys::Reflect::construct(class.unchecked_ref::<js_sys::Function>(), &args).expect("event");
    el.dispatch_event(event.unchecked_ref()).expect("keydown");
}

fn type_into(input: &HtmlInputElement, value: &str) {
    input.set_value(value);
    input.dispatch_event(&web_sys::InputEvent::new("input").expect("event")).expect("input");
}

fn attr(root: &ShadowRoot, css: &str, name: &str) -> Option<String> {
    root.query_selector(css).ok().flatten().and_then(|e| e.get_attribute(name))
}

#[wasm_bindgen_test]
async fn both_comboboxes_answer_the_arrow_keys_enter_and_escape_alike() {
    let url = feed_url();
    let (_el, root, mut widget) = mounted(&[("feed", &url), ("unsigned", ""), ("postcode", "3000"), ("lang", "nl")]);
    wait_for(&root, ".tb-results").await;

    // The postcode box: the arrows move through the suggestions and wrap, Escape closes them.
    let pc: HtmlInputElement = wait_for(&root, "#tb-pc").await.dyn_into().expect("input");
    type_into(&pc, "Leuv");
    wait_for(&root, "#tb-pc-list [role=option]").await;
    let n = root.query_selector_all("#tb-pc-list [role=option]").expect("options").length();
    assert_eq!(attr(&root, "#tb-pc", "aria-expanded").as_deref(), Some("true"));
    assert_eq!(attr(&root, "#tb-pc", "aria-controls").as_deref(), Some("tb-pc-list"));
    key(&pc, "ArrowUp");
    yew::scheduler::flush().await;
    assert_eq!(attr(&root, "#tb-pc", "aria-activedescendant"), Some(format!("tb-pc-opt-{}", n - 1)), "up from nothing: the last");
    key(&pc, "ArrowDown");
    yew::scheduler::flush().await;
    assert_eq!(attr(&root, "#tb-pc", "aria-activedescendant").as_deref(), Some("tb-pc-opt-0"), "down from the last: the first");
    assert_eq!(attr(&root, "#tb-pc-opt-0", "aria-selected").as_deref(), Some("true"));
    assert!(root.query_selector("#tb-pc-opt-0.tb-option.tb-active").ok().flatten().is_some());
    key(&pc, "Escape");
    yew::scheduler::flush().await;
    assert_eq!(attr(&root, "#tb-pc", "aria-expanded").as_deref(), Some("false"));
    assert_eq!(attr(&root, "#tb-pc", "aria-activedescendant"), None);
    assert!(attr(&root, "#tb-pc-list", "hidden").is_some());
    assert_eq!(pc.value(), "Leuv", "Escape keeps what was typed");

    // The occupation filter: the same keys; Enter takes the active (or first) occupation.
    let more: HtmlElement = root.query_selector(".tb-disclosure").ok().flatten().expect("button").dyn_into().expect("button");
    more.click();
    let occ: HtmlInputElement = wait_for(&root, "#tb-occ").await.dyn_into().expect("input");
    type_into(&occ, "magazijn");
    wait_for(&root, "#tb-occ-list [role=option]").await;
    // The label, then (read as ", 1 profiel" by screen readers) how many people in reach want it.
    assert_eq!(text(&root, "#tb-occ-opt-0"), "magazijnmedewerker, 1 profiel");
    key(&occ, "ArrowDown");
    yew::scheduler::flush().await;
    assert_eq!(attr(&root, "#tb-occ", "aria-activedescendant").as_deref(), Some("tb-occ-opt-0"));
    key(&occ, "Escape");
    yew::scheduler::flush().await;
    assert_eq!(occ.value(), "", "Escape clears the occupation search");
    assert_eq!(attr(&root, "#tb-occ", "aria-expanded").as_deref(), Some("false"));
    type_into(&occ, "magazijn");
    wait_for(&root, "#tb-occ-list [role=option]").await;
    key(&occ, "Enter");
    let chip = wait_for(&root, ".tb-chosen .tb-chip").await;
    assert!(chip.text_content().unwrap_or_default().starts_with("magazijnmedewerker"));
    assert_eq!(text(&root, ".tb-badge"), "1");
    assert_eq!(occ.value(), "");
    assert!(root.query_selector("#tb-occ-list [role=option]").ok().flatten().is_none(), "a chosen occupation is not suggested again");
    widget.destroy();
}

#[wasm_bindgen_test]
async fn the_vacancy_form_says_who_receives_it_and_checks_fields_with_the_core_rules() {
    let url = feed_url();
    let (_el, root, mut widget) = mounted(&[("feed", &url), ("unsigned", ""), ("postcode", "3000"), ("lang", "nl")]);
    wait_for(&root, ".tb-results").await;
    let open: HtmlElement = wait_for(&root, ".tb-vacancy-open").await.dyn_into().expect("button");
    assert_eq!(open.text_content().unwrap_or_default().trim(), "Stuur je vacature naar de coaches van deze mensen");
    open.click();
    wait_for(&root, "dialog form.tb-vacancy").await;
    let pc: HtmlInputElement = wait_for(&root, "#tb-f-vacancy-workplace_postcode").await.dyn_into().expect("input");
    assert_eq!(pc.value(), "3000", "the workplace is where the employer searched");
    // Everyone within 10 km of the workplace fits until the vacancy says more.
    assert_eq!(attr(&root, ".tb-recipient-list li", "data-count").as_deref(), Some("2"));
    assert!(text(&root, ".tb-recipients").contains("Werkpunt Test: 2 mensen passen"), "{}", text(&root, ".tb-recipients"));
    // Hours 25-38 leave the person who wants 10-20 out.
    let min: HtmlInputElement = wait_for(&root, "#tb-f-vacancy-hours").await.dyn_into().expect("input");
    let max: HtmlInputElement = wait_for(&root, "#tb-f-vacancy-hours-max").await.dyn_into().expect("input");
    type_into(&min, "25");
    type_into(&max, "38");
    yew::scheduler::flush().await;
    assert_eq!(attr(&root, ".tb-recipient-list li", "data-count").as_deref(), Some("1"));
    // Evening work: nobody fits, so nothing would be sent.
    let evening: HtmlElement = wait_for(&root, "#tb-f-shift-evening").await.dyn_into().expect("checkbox");
    evening.click();
    yew::scheduler::flush().await;
    assert!(text(&root, ".tb-recipients").starts_with("Niemand in de buurt van de werkplek past"), "{}", text(&root, ".tb-recipients"));
    assert!(root.query_selector(".tb-recipient-list").ok().flatten().is_none());
    // A bad range shows the core's problem once the field is left, tied to both inputs.
    type_into(&min, "40");
    max.dispatch_event(&web_sys::FocusEvent::new("blur").expect("event")).expect("blur");
    yew::scheduler::flush().await;
    assert!(text(&root, "#tb-f-vacancy-hours-error").contains("het minimum niet boven het maximum"), "{}", root.inner_html());
    assert_eq!(attr(&root, "#tb-f-vacancy-hours-max", "aria-describedby").as_deref(), Some("tb-f-vacancy-hours-error"));
    assert_eq!(attr(&root, "#tb-f-vacancy-hours", "aria-invalid").as_deref(), Some("true"));
    // "Send" with everything missing: every problem shows, nothing is sent, focus on the first.
    let send: HtmlElement = wait_for(&root, ".tb-vacancy button[type=submit]").await.dyn_into().expect("button");
    send.click();
    yew::scheduler::flush().await;
    assert!(root.query_selector("#tb-f-employer-company-error").ok().flatten().is_some());
    assert!(root.query_selector(".tb-summary-error").ok().flatten().is_some());
    assert_eq!(root.active_element().map(|e| e.id()).as_deref(), Some("tb-f-employer-company"));
    assert!(root.query_selector(".tb-deliveries").ok().flatten().is_none(), "nothing sent");
    // The consent links the privacy notice of the organisation that would receive it.
    assert!(root.query_selector(".tb-promise a[href$='/privacy.html']").ok().flatten().is_some());
    widget.destroy();
}

#[wasm_bindgen_test]
async fn nobody_near_the_search_still_offers_to_send_a_vacancy() {
    let url = feed_url();
    let (_el, root, mut widget) = mounted(&[("feed", &url), ("unsigned", ""), ("postcode", "8000"), ("lang", "en")]);
    let open: HtmlElement = wait_for(&root, ".tb-empty .tb-vacancy-open").await.dyn_into().expect("button");
    assert_eq!(open.text_content().unwrap_or_default().trim(), "Send your vacancy to the coaches of these people");
    open.click();
    wait_for(&root, "dialog form.tb-vacancy").await;
    assert!(text(&root, ".tb-recipients").starts_with("Nobody near the workplace fits this vacancy"), "{}", text(&root, ".tb-recipients"));
    // The consent names every organisation of the pool while none would receive it.
    assert!(root.query_selector(".tb-promise a[href$='/privacy.html']").ok().flatten().is_some());
    widget.destroy();
}
