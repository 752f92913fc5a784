//! The feed states an employer can meet: a feed that cannot be fetched, an invalid or expired
//! one, and with a `public-key` a bad signature or an older sequence than one seen before. Each
//! shows a clear sentence and no profile; a good signed feed shows its profiles. Without a
//! `public-key` nothing is loaded, unless the partner wrote `unsigned` (local testing), which
//! shows a warning banner.

use std::time::Duration;

use talentbrug_core::calendar::Timestamp;
use talentbrug_e2e::browser::Browser;
use talentbrug_e2e::feeds;
use talentbrug_e2e::site::Site;
use talentbrug_e2e::widget::Widget;

const T: Duration = Duration::from_secs(15);

/// Puts a page with one widget with these attributes, opens it and returns the error shown
/// (`None` when results appear).
async fn outcome(browser: &Browser, site: &Site, name: &str, attributes: &str) -> Option<String> {
    let page = format!(
        "<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>{name}</title>\
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreachable_invalid_and_expired_feeds_show_a_clear_sentence() {
    let site = Site::start().await.expect("site");
    let browser = Browser::start(1000, 900).await.expect("browser");

    let msg = outcome(&browser, &site, "missing", "feed=\"/nope/feed.json\" unsigned").await.expect("an error");
    assert!(msg.starts_with("Unreachable: ") && msg.contains("konden niet geladen worden"), "{msg}");
    let retry = Widget::new(&browser.client, "talent-brug").js("root.querySelector('.tb-error button').textContent").await.expect("js");
    assert_eq!(retry, "Opnieuw proberen");
    browser.screenshot("widget-error-nl.png").await.expect("screenshot");

    let msg = outcome(&browser, &site, "nofeed", "").await.expect("an error");
    assert!(msg.starts_with("NoFeed: "), "{msg}");

    site.put("/garbage.json", "{\"format\":\"talentbrug-feed/1\",\"profiles\":[{]}", "application/json");
    let msg = outcome(&browser, &site, "garbage", "feed=\"/garbage.json\" lang=\"fr\" unsigned").await.expect("an error");
    assert!(msg.starts_with("Invalid: ") && msg.contains("n'est pas valide"), "{msg}");

    let mut old = feeds::synthetic(50, 5);
    old.issued_at = Timestamp::from_unix_seconds(1_600_000_000);
    old.expires_at = Timestamp::from_unix_seconds(1_600_086_400);
    site.put_feed("/old.json", old.to_json(), None);
    let msg = outcome(&browser, &site, "expired", "feed=\"/old.json\" lang=\"en\" unsigned").await.expect("an error");
    assert!(msg.starts_with("Expired: ") && msg.contains("have expired"), "{msg}");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_public_key_nothing_is_loaded_unless_unsigned_is_written() {
    let site = Site::start().await.expect("site");
    let browser = Browser::start(1000, 900).await.expect("browser");
    let feed = feeds::synthetic(400, 7);
    site.put_feed("/plain.json", feed.to_json(), None);
    let fetched = "performance.getEntriesByType('resource').some(e => e.name.endsWith('/plain.json'))";

    // No key: refused before the feed is fetched, in the page's language.
    for (lang, words) in [
        ("fr", "clé de l'organisation (public-key)"),
        ("en", "the organisation's key (public-key) is missing"),
        ("nl", "sleutel van de organisatie (public-key) ontbreekt"),
    ] {
        let msg =
            outcome(&browser, &site, &format!("nokey-{lang}"), &format!("feed=\"/plain.json\" lang=\"{lang}\"")).await.expect("refused");
        assert!(msg.starts_with("NoKey: ") && msg.contains(words), "{msg}");
        let w = Widget::new(&browser.client, "talent-brug");
        assert_eq!(w.js(fetched).await.expect("js"), false, "{lang}: nothing fetched without a key");
        assert!(w.js("root.querySelector('.tb-error button')").await.expect("js").is_null(), "no 'try again': it cannot help");
    }
    browser.screenshot("widget-no-key-nl.png").await.expect("screenshot");

    // `unsigned`, for local testing: the feed loads, and a banner says it is not checked.
    assert_eq!(outcome(&browser, &site, "unsigned-nl", "feed=\"/plain.json\" unsigned").await, None);
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
    let key = feeds::public_key();
    site.put_signed_feed("/signed.json", &feed);
    assert_eq!(outcome(&browser, &site, "both", &format!("feed=\"/signed.json\" public-key=\"{key}\" unsigned")).await, None);
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
    let (bytes, sig) = feeds::signed(&feed);
    site.put_feed("/signed.json", bytes.clone(), Some(sig.clone()));
    assert_eq!(outcome(&browser, &site, "signed", &format!("feed=\"/signed.json\" public-key=\"{key}\"")).await, None);

    let mut tampered = bytes.clone();
    let at = tampered.len() / 2;
    tampered[at] = if tampered[at] == b'1' { b'2' } else { b'1' };
    site.put_feed("/tampered.json", tampered, Some(sig.clone()));
    let msg = outcome(&browser, &site, "tampered", &format!("feed=\"/tampered.json\" public-key=\"{key}\"")).await.expect("refused");
    assert!(msg.starts_with("Signature: ") && msg.contains("handtekening klopt niet"), "{msg}");

    site.put_feed("/unsigned.json", bytes.clone(), None);
    let msg = outcome(&browser, &site, "unsigned", &format!("feed=\"/unsigned.json\" public-key=\"{key}\"")).await.expect("refused");
    assert!(msg.starts_with("Unreachable: "), "a missing signature file is not a feed: {msg}");

    let other = "PUAXw+hDiVqStwqnTRt+vJyYLM8uxJaMwM1V8Sr0Zgw=";
    let msg = outcome(&browser, &site, "otherkey", &format!("feed=\"/signed.json\" public-key=\"{other}\"")).await.expect("refused");
    assert!(msg.starts_with("Signature: "), "{msg}");

    // Sequence 5 was seen (and remembered in local storage): sequence 4 is a replay.
    let mut older = feed.clone();
    older.sequence = 4;
    let (bytes4, sig4) = feeds::signed(&older);
    site.put_feed("/older.json", bytes4, Some(sig4));
    let msg = outcome(&browser, &site, "older", &format!("feed=\"/older.json\" public-key=\"{key}\"")).await.expect("refused");
    assert!(msg.starts_with("RolledBack: ") && msg.contains("oudere versie"), "{msg}");
    let seen = browser.client.execute(&format!("return localStorage.getItem('talentbrug.sequence.{key}')"), vec![]).await.expect("js");
    assert_eq!(seen, "5");
    browser.close().await;
}
