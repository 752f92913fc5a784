//! The demo network (issue 14) driven by an employer in headless Chromium: three organisations,
//! each with its own key, feed and inbox on its own origin, and the city's partner page on a
//! fourth with one `<talent-brug network=... network-key=...>`.
//!
//! - Results come from all three; each card names its organisation; a request for a profile of
//!   each lands in that organisation's inbox (with the id it published and its record id) and in
//!   no other, and the confirmation names who will call back.
//! - One member down: the others still show, with a one-line notice naming it.
//! - A member listed with a key that did not sign its feed is left out and named; a network
//!   manifest tampered with is refused; a member removed by a newer manifest is gone; the older
//!   manifest replayed afterwards is refused as rolled back.

use std::time::Duration;

use talentbrug::demo_network::{start, RunningNetwork};
use talentbrug_core::network::NetworkManifest;
use talentbrug_e2e::browser::Browser;
use talentbrug_e2e::widget::Widget;
use talentbrug_publish::Keys;

const T: Duration = Duration::from_secs(30);

pub(crate) async fn start_network(name: &str) -> (std::path::PathBuf, RunningNetwork) {
    start_network_of(name, 300).await
}

/// The demo network with `people` in each organisation's records, on free ports.
pub(crate) async fn start_network_of(name: &str, people: usize) -> (std::path::PathBuf, RunningNetwork) {
    let dir = std::env::temp_dir().join(format!("tb-network-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let www = talentbrug_e2e::root().join("www");
    let running = start(&dir, &www, people, 1, "127.0.0.1:0".parse().expect("addr"), 0).await.expect("the demo network starts");
    (dir, running)
}

/// Opens the partner page at 3000 Leuven and waits for results or an error.
pub(crate) async fn open(browser: &Browser, running: &RunningNetwork, query: &str) {
    browser.client.goto(&format!("{}/?postcode=3000{query}", running.network.partner_origin)).await.expect("goto");
    let w = Widget::new(&browser.client, "talent-brug");
    w.wait_until("root && (root.querySelector('.tb-results') || root.querySelector('.tb-error'))", "the network's results", T)
        .await
        .expect("results or an error");
}

/// The organisations named on the shown cards, showing more until `want` are seen or all are.
async fn orgs_shown(w: &Widget<'_>, want: usize) -> Vec<String> {
    for _ in 0..40 {
        let orgs =
            w.js("[...new Set(Array.from(root.querySelectorAll('article .tb-org')).map(e => e.dataset.org))].sort()").await.expect("js");
        let orgs: Vec<String> = orgs.as_array().expect("a list").iter().filter_map(|o| o.as_str().map(str::to_owned)).collect();
        let more = w.js("Array.from(root.querySelectorAll('.tb-more button')).length").await.expect("js");
        if orgs.len() >= want || more == 0 {
            return orgs;
        }
        let shown = w.js("root.querySelectorAll('article').length").await.expect("js");
        w.js("root.querySelector('.tb-more button').click()").await.expect("more");
        w.wait_until(&format!("root.querySelectorAll('article').length > {shown}"), "more profiles", T).await.expect("more");
    }
    let html = w.js("root.querySelector('.tb-widget').innerText.slice(0, 3000)").await.expect("js");
    panic!("the organisations never all showed: {html}");
}

/// Sends a request for the first shown profile of `org`; returns the card's id and the reference.
async fn request_for(w: &Widget<'_>, org: &str) -> (String, String) {
    let card = format!("Array.from(root.querySelectorAll('article')).find(a => a.querySelector('.tb-org') && a.querySelector('.tb-org').dataset.org === {org:?})");
    let id = w.js(&format!("{card}.dataset.profileId")).await.expect("js");
    let id = id.as_str().expect("a card of this organisation").to_owned();
    w.js(&format!("{card}.querySelector('[data-open=form]').click()")).await.expect("open form");
    if let Err(e) = w.wait_until("root.querySelector('dialog[open] form.tb-request')", "the form", T).await {
        // Say what was there instead (it failed once in CI, on a busy machine, and not since).
        let there = w
            .js(&format!(
                "(d => d ? 'open dialog: ' + d.innerText.slice(0, 400) : 'no open dialog')(root.querySelector('dialog[open]')) \
                 + ' | card: ' + ({card} ? {card}.outerHTML.slice(0, 400) : 'gone')"
            ))
            .await;
        panic!("the form of {org} ({id}) did not open: {e:?}; {there:?}");
    }
    let consent = w.js("root.querySelector('dialog[open] .tb-promise a').getAttribute('href')").await.expect("js");
    assert!(consent.as_str().is_some_and(|h| h.ends_with("/privacy.html")), "the consent links the organisation's privacy page: {consent}");
    let consent_text = w.js("root.querySelector('dialog[open]').textContent").await.expect("js");
    assert!(consent_text.as_str().unwrap_or_default().contains(org), "the form names {org}");
    let opened = w.form_opened().await.expect("clock");
    for (field, text) in [
        ("tb-f-employer-company", "Bakkerij Peeters"),
        ("tb-f-employer-contact_name", "An Peeters"),
        ("tb-f-employer-email", "an@bakkerij-peeters.be"),
        ("tb-f-employer-phone", "016 22 33 44"),
        ("tb-f-employer-postcode", "3000"),
        ("tb-f-vacancy-title", "Hulp in de bakkerij"),
        ("tb-f-vacancy-hours_per_week", "24"),
    ] {
        w.fill(field, text).await.unwrap_or_else(|e| panic!("{field}: {e}"));
    }
    for field in ["tb-f-commitment", "tb-f-consent"] {
        w.find(&format!("#{field}")).await.expect("checkbox").click().await.expect("tick");
    }
    w.wait_min_form_time(opened).await.expect("clock");
    w.find("button[type=submit]").await.expect("send").click().await.expect("send");
    w.wait_until("root.querySelector('[data-reference]')", "the reference from the inbox", T).await.expect("sent");
    let sent = w.js("root.querySelector('.tb-sent').textContent").await.expect("js");
    assert!(sent.as_str().unwrap_or_default().contains(&format!("Een jobcoach van {org}")), "the confirmation names {org}: {sent}");
    let reference = w.js("root.querySelector('[data-reference]').textContent").await.expect("js");
    let reference = reference.as_str().expect("text").trim().to_owned();
    w.js("root.querySelector('.tb-sent button').click()").await.expect("close");
    // Gone, not only closed: the dialog is removed on its `close` event, which comes a frame
    // after `close()`; a card clicked before that reuses the closing dialog (helper-31).
    w.wait_until("!root.querySelector('dialog')", "the dialog to close", T).await.expect("closed");
    (id, reference)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn results_from_all_three_members_and_each_request_in_its_own_inbox() {
    let (dir, running) = start_network("requests").await;
    let browser = Browser::start(1280, 1000).await.expect("browser");
    open(&browser, &running, "&radius=15").await;
    let w = Widget::new(&browser.client, "talent-brug");
    let names: Vec<String> = running.network.members.iter().map(|m| m.member.name.to_owned()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(orgs_shown(&w, 3).await, sorted, "profiles of all three organisations");
    assert!(w.js("root.querySelector('.tb-missing')").await.expect("js").is_null(), "nobody missing");
    let violations = talentbrug_e2e::axe::check(&browser.client).await.expect("axe");
    assert!(violations.is_empty(), "network results: {violations:?}");
    browser.screenshot("network-demo-nl.png").await.expect("screenshot");

    for (m, name) in running.network.members.iter().zip(&names) {
        let (card_id, reference) = request_for(&w, name).await;
        let published = card_id.strip_suffix(&format!("_{}", m.member.id)).expect("ids are namespaced by member").to_owned();
        let entries = talentbrug::inbox_cmd::load(&m.org.db, Some(&m.org.private_dir)).expect("inbox");
        assert_eq!(entries.len(), 1, "{name}: its one request");
        assert_eq!(
            (entries[0].request.reference.as_str(), entries[0].request.profile_id.as_str()),
            (reference.as_str(), published.as_str())
        );
        assert!(
            entries[0].record_id.as_deref().is_some_and(|r| r.starts_with(m.member.record_prefix)),
            "{name}: {:?}",
            entries[0].record_id
        );
    }
    for m in &running.network.members {
        assert_eq!(
            talentbrug::inbox_cmd::load(&m.org.db, None).expect("inbox").len(),
            1,
            "{}: no other organisation's request",
            m.member.id
        );
    }
    browser.close().await;
    running.stop().await.expect("stops");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Rewrites the network manifest with `change` and signs it (sequence up), as the operator would.
fn resign(running: &RunningNetwork, dir: &std::path::Path, change: impl FnOnce(&mut NetworkManifest)) {
    let path = &running.network.network_file;
    let mut manifest: NetworkManifest = serde_json::from_slice(&std::fs::read(path).expect("network.json")).expect("parse");
    change(&mut manifest);
    std::fs::write(path, manifest.to_bytes()).expect("write");
    let keys = Keys::load(&dir.join("operator.key")).expect("operator key");
    talentbrug::network_cmd::sign_file(path, &keys, 30, talentbrug_private::now()).expect("sign");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_down_wrongly_keyed_or_removed_and_a_bad_network_manifest() {
    let (dir, mut running) = start_network("failures").await;
    let browser = Browser::start(1280, 1000).await.expect("browser");
    let w = Widget::new(&browser.client, "talent-brug");
    let names: Vec<String> = running.network.members.iter().map(|m| m.member.name.to_owned()).collect();

    // The temp agency's server is stopped: the two others show, and one line names it.
    running.members.remove(2).stop().await.expect("stops");
    open(&browser, &running, "&radius=15").await;
    let missing = w.js("root.querySelector('.tb-missing') && root.querySelector('.tb-missing').textContent").await.expect("js");
    assert!(missing.as_str().is_some_and(|t| t.contains(&names[2]) && !t.contains(&names[0])), "{missing}");
    let shown = orgs_shown(&w, 3).await;
    assert!(!shown.contains(&names[2]) && shown.contains(&names[0]) && shown.contains(&names[1]), "{shown:?}");
    browser.screenshot("network-member-down-nl.png").await.expect("screenshot");
    w.js("root.querySelector('.tb-lang[lang=en]').click()").await.expect("to English");
    w.wait_until(
        &format!(
            "root.querySelector('.tb-missing').textContent === 'The profiles of {} cannot be shown right now; you see everyone else.'",
            names[2]
        ),
        "the notice in English",
        T,
    )
    .await
    .expect("en");
    let violations = talentbrug_e2e::axe::check(&browser.client).await.expect("axe");
    assert!(violations.is_empty(), "a member missing: {violations:?}");

    // The social workplace listed with a key that did not sign its feed: left out and named.
    let before = std::fs::read(&running.network.network_file).expect("network.json");
    let before_sig = std::fs::read(running.network.network_file.with_extension("json.sig")).expect("sig");
    resign(&running, &dir, |n| n.members[1].public_key = Keys::generate().public_key_base64());
    open(&browser, &running, "&radius=15").await;
    let missing = w.js("root.querySelector('.tb-missing').textContent").await.expect("js");
    assert!(missing.as_str().is_some_and(|t| t.contains(&names[1])), "{missing}");
    assert!(!orgs_shown(&w, 3).await.contains(&names[1]));

    // A newer manifest without the temp agency: it is gone, not missing.
    resign(&running, &dir, |n| {
        n.members[1].public_key = running.network.members[1].org.public_key.clone();
        n.members.remove(2);
    });
    open(&browser, &running, "&radius=15").await;
    assert!(w.js("root.querySelector('.tb-missing')").await.expect("js").is_null(), "a removed member is not missing");
    let shown = orgs_shown(&w, 2).await;
    assert_eq!(shown.len(), 2, "{shown:?}");
    assert!(!shown.contains(&names[2]));

    // The first manifest replayed (a lower sequence than this browser saw): refused.
    std::fs::write(&running.network.network_file, &before).expect("write");
    std::fs::write(running.network.network_file.with_extension("json.sig"), &before_sig).expect("write");
    open(&browser, &running, "").await;
    assert_eq!(w.js("root.querySelector('.tb-error').dataset.error").await.expect("js"), "RolledBack");
    assert_eq!(w.js("root.querySelectorAll('article').length").await.expect("js"), 0);

    // A manifest changed after signing: refused.
    let mut tampered = before.clone();
    let at = tampered.windows(6).position(|w| w == b"\"name\"").expect("a name") + 9;
    tampered[at] ^= 0x01;
    std::fs::write(&running.network.network_file, &tampered).expect("write");
    open(&browser, &running, "").await;
    assert_eq!(w.js("root.querySelector('.tb-error').dataset.error").await.expect("js"), "Signature");
    browser.screenshot("network-tampered-nl.png").await.expect("screenshot");

    browser.close().await;
    running.stop().await.expect("stops");
    let _ = std::fs::remove_dir_all(&dir);
}
