//! The feed states an employer can meet, all with feed v2 (`manifest.json`, the only format the
//! widget reads): a feed that cannot be fetched, an invalid or expired one, a v1 `feed.json`
//! (refused as invalid, with a console warning saying what to point at instead), and with a
//! `public-key` a bad signature or an older sequence than one seen before. Each shows a clear
//! sentence and no profile; a good signed feed shows its profiles. Without a `public-key` nothing
//! is loaded, unless the partner wrote `unsigned` (local testing), which shows a warning banner.

use std::time::Duration;

use talentbrug_core::calendar::Timestamp;
use talentbrug_e2e::browser::Browser;
use talentbrug_e2e::feeds;
use talentbrug_e2e::site::Site;
use talentbrug_e2e::widget::Widget;

const T: Duration = Duration::from_secs(15);

/// Puts a page with one widget with these attributes, opens it and returns the error shown
/// (`None` when results appear). The page keeps what is written to `console.warn` in
/// `window.__warnings` (see [`warnings`]).
async fn outcome(browser: &Browser, site: &Site, name: &str, attributes: &str) -> Option<String> {
    let page = format!(
        "<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>{name}</title>\
         <script>window.__warnings = []; const warn = console.warn; \
         console.warn = (...args) => {{ window.__warnings.push(args.join(' ')); warn(...args); }};</script>\
         <script type=\"module\" src=\"/dist/talentbrug.js\"></script></head>\
         <body><main><talent-brug postcode=\"3000\" {attributes}></talent-brug></main></body></html>"
    );
    site.put(&format!("/{name}.html"), page, "text/html; charset=utf-8");
    browser.client.goto(&site.url(&format!("/{name}.html"))).await.expect("goto");
    let w = Widget::new(&browser.client, "talent-brug");
    w.wait_until("root && (root.querySelector('.tb-error') || root.querySelector('.tb-results'))", name, T).await.expect(name);
    let error = w.js("root.querySelector('.tb-error') && [root.querySelector('.tb-error').dataset.error, root.querySelector('.tb-error').textContent]").await.expect("js");
    if error.is_null() {
        assert!(w.total().await.expect("total").unwrap_or(0) > 0, "{name}: results");
        return None;
    }
    assert_eq!(w.js("root.querySelectorAll('article').length").await.expect("js"), 0, "{name}: nothing shown");
    assert_eq!(w.js("root.querySelector('.tb-error').getAttribute('role')").await.expect("js"), "alert");
    Some(format!("{}: {}", error[0].as_str().unwrap_or_default(), error[1].as_str().unwrap_or_default()))
}

/// What the widget on the page [`outcome`] opened last wrote to `console.warn`, in order.
async fn warnings(browser: &Browser) -> Vec<String> {
    let v = browser.client.execute("return window.__warnings", vec![]).await.expect("js");
    v.as_array().map(|a| a.iter().filter_map(|w| w.as_str().map(str::to_owned)).collect()).unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreachable_invalid_and_expired_feeds_show_a_clear_sentence() {
    let site = Site::start().await.expect("site");
    let browser = Browser::start(1000, 900).await.expect("browser");

    let msg = outcome(&browser, &site, "missing", "feed=\"/nope/manifest.json\" unsigned").await.expect("an error");
    assert!(msg.starts_with("Unreachable: ") && msg.contains("konden niet geladen worden"), "{msg}");
    let retry = Widget::new(&browser.client, "talent-brug").js("root.querySelector('.tb-error button').textContent").await.expect("js");
    assert_eq!(retry, "Opnieuw proberen");
    browser.screenshot("widget-error-nl.png").await.expect("screenshot");

    let msg = outcome(&browser, &site, "nofeed", "").await.expect("an error");
    assert!(msg.starts_with("NoFeed: "), "{msg}");

    // A manifest cut short: it says it is feed v2, and is not.
    site.put("/garbage/manifest.json", "{\"format\":\"talentbrug-feed/2\",", "application/json");
    let msg = outcome(&browser, &site, "garbage", "feed=\"/garbage/manifest.json\" lang=\"fr\" unsigned").await.expect("an error");
    assert!(msg.starts_with("Invalid: ") && msg.contains("n'est pas valide"), "{msg}");

    let mut old = feeds::synthetic(50, 5);
    old.issued_at = Timestamp::from_unix_seconds(1_600_000_000);
    old.expires_at = Timestamp::from_unix_seconds(1_600_086_400);
    site.put_unsigned_v2("/old", &old);
    let msg = outcome(&browser, &site, "expired", "feed=\"/old/manifest.json\" lang=\"en\" unsigned").await.expect("an error");
    assert!(msg.starts_with("Expired: ") && msg.contains("have expired"), "{msg}");

    // A v1 feed, signed and with its key, as `talentbrug publish` writes it next to the
    // manifest: the widget reads only v2, says the feed is not valid, and tells the partner why
    // in one console warning.
    let key = site.put_signed_feed("/v1/feed.json", &feeds::synthetic(50, 5));
    let msg = outcome(&browser, &site, "v1", &format!("feed=\"/v1/feed.json\" public-key=\"{key}\"")).await.expect("an error");
    assert!(msg.starts_with("Invalid: ") && msg.contains("niet in orde"), "{msg}");
    let said: Vec<String> = warnings(&browser).await.into_iter().filter(|w| w.starts_with("talent-brug:")).collect();
    assert_eq!(said.len(), 1, "one warning: {said:?}");
    for words in ["/v1/feed.json", "talentbrug-feed/2", "manifest.json", "talentbrug publish", "next to feed.json"] {
        assert!(said[0].contains(words), "the warning says {words:?}: {}", said[0]);
    }
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_public_key_nothing_is_loaded_unless_unsigned_is_written() {
    let site = Site::start().await.expect("site");
    let browser = Browser::start(1000, 900).await.expect("browser");
    let feed = feeds::synthetic(400, 7);
    site.put_unsigned_v2("/plain", &feed);
    let fetched = "performance.getEntriesByType('resource').some(e => e.name.includes('/plain/'))";

    // No key: refused before the feed is fetched, in the page's language.
    for (lang, words) in [
        ("fr", "clé de l'organisation (public-key)"),
        ("en", "the organisation's key (public-key) is missing"),
        ("nl", "sleutel van de organisatie (public-key) ontbreekt"),
    ] {
        let msg = outcome(&browser, &site, &format!("nokey-{lang}"), &format!("feed=\"/plain/manifest.json\" lang=\"{lang}\""))
            .await
            .expect("refused");
        assert!(msg.starts_with("NoKey: ") && msg.contains(words), "{msg}");
        let w = Widget::new(&browser.client, "talent-brug");
        assert_eq!(w.js(fetched).await.expect("js"), false, "{lang}: nothing fetched without a key");
        assert!(w.js("root.querySelector('.tb-error button')").await.expect("js").is_null(), "no 'try again': it cannot help");
    }
    browser.screenshot("widget-no-key-nl.png").await.expect("screenshot");

    // `unsigned`, for local testing: the feed loads, and a banner says it is not checked.
    assert_eq!(outcome(&browser, &site, "unsigned-nl", "feed=\"/plain/manifest.json\" unsigned").await, None);
    let w = Widget::new(&browser.client, "talent-brug");
    let banner = w
        .js("[root.querySelector('.tb-unsigned').getAttribute('role'), root.querySelector('.tb-unsigned').textContent]")
        .await
        .expect("js");
    assert_eq!(banner[0], "status");
    assert!(banner[1].as_str().unwrap_or_default().starts_with("Testmodus: deze profielen worden niet gecontroleerd"), "{banner}");
    browser.screenshot("widget-unsigned-nl.png").await.expect("screenshot");
    w.js("root.querySelector('.tb-lang[lang=fr]').click()").await.expect("to French");
    w.wait_until("root.querySelector('.tb-unsigned').textContent.startsWith('Mode test')", "the banner in French", T).await.expect("fr");

    // With the key the banner is gone, also when `unsigned` is written too.
    let (_, key) = site.put_signed_v2("/signed", &feed);
    assert_eq!(outcome(&browser, &site, "both", &format!("feed=\"/signed/manifest.json\" public-key=\"{key}\" unsigned")).await, None);
    assert!(w.js("root.querySelector('.tb-unsigned')").await.expect("js").is_null());
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_a_public_key_only_a_genuine_current_feed_is_shown() {
    let site = Site::start().await.expect("site");
    let browser = Browser::start(1000, 900).await.expect("browser");
    let key = feeds::public_key();

    let mut feed = feeds::synthetic(400, 7);
    feed.sequence = 5;
    let v2 = feeds::signed_v2(&feed);
    site.put_v2_with("/signed", &v2, v2.manifest.clone(), Some(v2.signature.clone()));
    let attrs = |dir: &str, key: &str| format!("feed=\"/{dir}/manifest.json\" public-key=\"{key}\"");
    assert_eq!(outcome(&browser, &site, "signed", &attrs("signed", &key)).await, None);

    // One byte of the manifest changed after signing, its files as they were.
    let mut tampered = v2.manifest.clone();
    let at = tampered.len() / 2;
    tampered[at] = if tampered[at] == b'1' { b'2' } else { b'1' };
    site.put_v2_with("/tampered", &v2, tampered, Some(v2.signature.clone()));
    let msg = outcome(&browser, &site, "tampered", &attrs("tampered", &key)).await.expect("refused");
    assert!(msg.starts_with("Signature: ") && msg.contains("handtekening klopt niet"), "{msg}");

    site.put_v2_with("/unsigned", &v2, v2.manifest.clone(), None);
    let msg = outcome(&browser, &site, "unsigned", &attrs("unsigned", &key)).await.expect("refused");
    assert!(msg.starts_with("Unreachable: "), "a missing signature file is not a feed: {msg}");

    let other = "PUAXw+hDiVqStwqnTRt+vJyYLM8uxJaMwM1V8Sr0Zgw=";
    let msg = outcome(&browser, &site, "otherkey", &attrs("signed", other)).await.expect("refused");
    assert!(msg.starts_with("Signature: "), "{msg}");

    // Sequence 5 was seen (and remembered in local storage): sequence 4 is a replay.
    let mut older = feed.clone();
    older.sequence = 4;
    site.put_signed_v2("/older", &older);
    let msg = outcome(&browser, &site, "older", &attrs("older", &key)).await.expect("refused");
    assert!(msg.starts_with("RolledBack: ") && msg.contains("oudere versie"), "{msg}");
    let seen = browser.client.execute(&format!("return localStorage.getItem('talentbrug.sequence.{key}')"), vec![]).await.expect("js");
    assert_eq!(seen, "5");
    browser.close().await;
}
