//! Embedding as partners do: under a strict Content-Security-Policy (styles only through the
//! constructed stylesheet, wasm allowed by 'wasm-unsafe-eval'), several independent widgets on
//! one page sharing one download, and the iframe mode that sizes itself to its content. Every
//! widget reads feed v2 (`manifest.json`).

use std::time::Duration;

use talentbrug_core::gazetteer::{Country, Gazetteer};
use talentbrug_core::search::{search, Query};
use talentbrug_core::{FeedIndex, RadiusKm};
use talentbrug_e2e::browser::Browser;
use talentbrug_e2e::feeds;
use talentbrug_e2e::site::{Site, STRICT_CSP};
use talentbrug_e2e::widget::Widget;

const T: Duration = Duration::from_secs(15);

fn core_total(index: &FeedIndex, postcode: &str, radius: f64) -> usize {
    let place = Gazetteer.resolve(postcode, Country::Be).expect("place");
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0) as i64;
    let today = talentbrug_core::Timestamp::from_unix_seconds(secs).month();
    search(index, &Query::new((&place).into(), RadiusKm::new(radius).expect("radius"), today), 20).total
}

/// `value` escaped for a query string (a base64 key has `+`, `/` and `=`).
fn query_value(value: &str) -> String {
    value.replace('+', "%2B").replace('/', "%2F").replace('=', "%3D")
}

/// Works (search, dialog, form) without a single policy violation, styled by the adopted sheet.
async fn works_styled_and_clean(browser: &Browser, site: &Site, what: &str) {
    let c = &browser.client;
    c.goto(&site.url("/index.html")).await.expect("goto");
    let w = Widget::new(c, "talent-brug");
    w.wait_ready().await.expect("ready");
    c.execute(
        "window.__violations = []; document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI), true); \
         document.querySelector('talent-brug').shadowRoot.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective), true);",
        vec![],
    )
    .await
    .expect("listen");
    w.type_postcode("3000").await.expect("type");
    w.wait_total(None).await.expect("results");
    w.find("article [data-open=form]").await.expect("button").click().await.expect("open form");
    w.wait_until("root.querySelector('dialog[open] form')", "the form", T).await.expect("form");
    let styling = w
        .js("[root.adoptedStyleSheets.length, root.querySelectorAll('style, [style]').length, getComputedStyle(root.querySelector('button[type=submit]')).backgroundColor, getComputedStyle(root.querySelector('.tb-widget')).fontFamily]")
        .await
        .expect("js");
    assert_eq!(styling[0], 1, "{what}: one adopted stylesheet");
    assert_eq!(styling[1], 0, "{what}: no <style> and no style attributes");
    assert_eq!(styling[2], "rgb(122, 31, 61)", "{what}: the partner's --tb-accent reaches the button");
    assert!(styling[3].as_str().unwrap_or_default().contains("Trebuchet"), "{what}: the partner's --tb-font: {styling}");
    let violations = c.execute("return window.__violations", vec![]).await.expect("js");
    assert_eq!(violations, serde_json::json!([]), "{what}: no CSP violation");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn works_with_and_without_a_strict_csp() {
    let site = Site::start().await.expect("site");
    site.put_signed_feed("/feed.json", &feeds::synthetic(500, 1));
    let browser = Browser::start(1200, 1000).await.expect("browser");
    works_styled_and_clean(&browser, &site, "no CSP").await;
    site.set_csp(Some(STRICT_CSP));
    works_styled_and_clean(&browser, &site, "strict CSP").await;
    // The policy really is enforced: an inline style attribute on the host page is blocked.
    browser.client.goto(&site.url("/index.html")).await.expect("goto");
    let blocked = browser
        .client
        .execute(
            "const d = document.createElement('div'); d.innerHTML = '<p style=\"color: rgb(1, 2, 3)\">x</p>'; document.body.append(d); \
             return getComputedStyle(d.firstChild).color",
            vec![],
        )
        .await
        .expect("js");
    assert_ne!(blocked, "rgb(1, 2, 3)", "style-src 'self' blocks inline styles");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn several_widgets_on_one_page_are_independent_and_share_one_download() {
    let site = Site::start().await.expect("site");
    let (a, b) = (feeds::synthetic(2000, 1), feeds::synthetic(600, 2));
    let (ia, ib) = (FeedIndex::new(a.clone()), FeedIndex::new(b.clone()));
    let (_, key) = site.put_signed_v2("/a", &a);
    site.put_unsigned_v2("/b", &b);
    site.put(
        "/two.html",
        format!(
            "<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Twee widgets</title>\
             <script type=\"module\" src=\"/dist/talentbrug.js\"></script></head><body><main>\
             <talent-brug id=\"one\" feed=\"/a/manifest.json\" public-key=\"{key}\" postcode=\"3000\" radius=\"10\"></talent-brug>\
             <talent-brug id=\"two\" feed=\"/b/manifest.json\" unsigned lang=\"fr\" postcode=\"1000\" radius=\"15\"></talent-brug>\
             </main></body></html>"
        ),
        "text/html; charset=utf-8",
    );
    let browser = Browser::start(1200, 1000).await.expect("browser");
    let c = &browser.client;
    c.goto(&site.url("/two.html")).await.expect("goto");
    let (one, two) = (Widget::new(c, "#one"), Widget::new(c, "#two"));
    assert_eq!(one.wait_total(Some(core_total(&ia, "3000", 10.0))).await.expect("one"), core_total(&ia, "3000", 10.0));
    assert_eq!(two.wait_total(Some(core_total(&ib, "1000", 15.0))).await.expect("two"), core_total(&ib, "1000", 15.0));
    assert!(two.status().await.expect("status").contains("profils à moins de 15 km de 1000"));
    assert!(one.js("root.querySelector('.tb-unsigned')").await.expect("js").is_null(), "the signed one has no test-mode banner");
    assert!(two.js("root.querySelector('.tb-unsigned[role=status]')").await.expect("js").is_object(), "the unsigned one says so");

    one.find("#tb-radius").await.expect("radius").select_by_value("25").await.expect("select");
    one.wait_total(Some(core_total(&ia, "3000", 25.0))).await.expect("one widened");
    assert_eq!(two.total().await.expect("two").unwrap_or(0), core_total(&ib, "1000", 15.0), "the other widget did not move");
    assert!(two.status().await.expect("status").contains("15 km"));

    let downloads = c
        .execute(
            "return performance.getEntriesByType('resource').filter(e => /talentbrug(_bg\\.wasm|\\.js)$/.test(e.name)).map(e => e.name)",
            vec![],
        )
        .await
        .expect("js");
    assert_eq!(downloads.as_array().map(Vec::len), Some(2), "one JS and one wasm for two widgets: {downloads}");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_iframe_mode_works_and_sizes_itself() {
    let site = Site::start().await.expect("site");
    site.set_csp(Some(STRICT_CSP));
    let (_, key) = site.put_signed_v2("", &feeds::synthetic(2000, 1));
    site.put(
        "/partner.html",
        format!(
            "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Partenaire</title>\
             <script type=\"module\" src=\"/dist/talentbrug.js\"></script></head><body><main><h1>Partenaire</h1>\
             <iframe data-talentbrug title=\"Talents près de chez vous\" \
             src=\"/embed.html?feed=/manifest.json&amp;lang=fr&amp;postcode=3000&amp;public-key={}\"></iframe>\
             </main></body></html>",
            query_value(&key)
        ),
        "text/html; charset=utf-8",
    );
    let browser = Browser::start(1200, 900).await.expect("browser");
    let c = &browser.client;
    c.goto(&site.url("/partner.html")).await.expect("goto");
    let tall = "document.querySelector('iframe').getBoundingClientRect().height > 800";
    let deadline = std::time::Instant::now() + T;
    while c.execute(&format!("return {tall}"), vec![]).await.expect("js") != true {
        assert!(std::time::Instant::now() < deadline, "the iframe grew to its content");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    c.enter_frame(0).await.expect("frame");
    let w = Widget::new(c, "talent-brug");
    w.wait_total(None).await.expect("results in the frame");
    assert!(w.status().await.expect("status").contains("profils à moins de 10 km de 3000 Leuven"));
    let inner = c.execute("return Math.ceil(document.documentElement.getBoundingClientRect().height)", vec![]).await.expect("js");
    c.enter_parent_frame().await.expect("parent");
    let outer = c.execute("return Math.round(document.querySelector('iframe').getBoundingClientRect().height)", vec![]).await.expect("js");
    let (inner, outer) = (inner.as_f64().unwrap_or(0.0), outer.as_f64().unwrap_or(0.0));
    assert!((inner - outer).abs() <= 4.0, "the frame is as tall as its content: {inner} vs {outer}");

    // Scrolled down the partner's page, the dialog opened in the frame is brought into view.
    c.execute("window.scrollTo(0, 600)", vec![]).await.expect("scroll");
    c.enter_frame(0).await.expect("frame");
    let w = Widget::new(c, "talent-brug");
    w.js("root.querySelectorAll('article [data-open=form]')[3].click()").await.expect("open");
    w.wait_until("root.querySelector('dialog[open] form')", "the form in the frame", T).await.expect("form");
    c.enter_parent_frame().await.expect("parent");
    // The frame is same-origin: the partner's page can measure the dialog in it while it scrolls.
    let near_top = "(() => { const f = document.querySelector('iframe'); \
                    const d = f.contentDocument.querySelector('talent-brug').shadowRoot.querySelector('dialog'); \
                    const top = f.getBoundingClientRect().top + d.getBoundingClientRect().top; return top >= -1 && top < 100; })()";
    let deadline = std::time::Instant::now() + T;
    let visible = loop {
        let visible = c.execute(&format!("return {near_top}"), vec![]).await.expect("js") == true;
        if visible || std::time::Instant::now() > deadline {
            break visible;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    browser.screenshot("widget-iframe-dialog.png").await.expect("screenshot");
    assert!(visible, "the dialog's top is scrolled near the top of the partner's window");
    browser.close().await;
}

/// Opens `embed.html` with this query on its own (as a phishing link would) and returns the
/// widget's `feed` and `request-url` attributes and the error it shows, once it shows one or
/// results.
async fn embed_page(browser: &Browser, site: &Site, query: &str) -> serde_json::Value {
    browser.client.goto(&site.url(&format!("/embed.html?{query}"))).await.expect("goto");
    let w = Widget::new(&browser.client, "talent-brug");
    w.wait_until("root && (root.querySelector('.tb-error') || root.querySelector('.tb-results'))", query, T).await.expect(query);
    w.js("[host.getAttribute('feed'), host.getAttribute('request-url'), root.querySelector('.tb-error') && root.querySelector('.tb-error').dataset.error]")
        .await
        .expect("js")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_iframe_page_takes_addresses_only_on_its_own_origin_or_listed_ones() {
    let site = Site::start().await.expect("site");
    let key = query_value(&site.put_signed_v2("", &feeds::synthetic(300, 1)).1);
    // The same server under another name is another origin.
    let other = site.url("").replace("127.0.0.1", "localhost");
    let browser = Browser::start(1000, 900).await.expect("browser");

    let own = embed_page(&browser, &site, &format!("feed=/manifest.json&postcode=3000&request-url=/api/requests&public-key={key}")).await;
    assert_eq!(own, serde_json::json!(["/manifest.json", "/api/requests", null]), "its own origin works");

    let foreign_feed = embed_page(&browser, &site, &format!("feed={other}/manifest.json&public-key={key}")).await;
    assert_eq!(foreign_feed, serde_json::json!([null, null, "NoFeed"]), "a feed elsewhere is not loaded");
    browser.screenshot("widget-embed-refused.png").await.expect("screenshot");
    let foreign_inbox =
        embed_page(&browser, &site, &format!("feed=/manifest.json&request-url=https://evil.example/collect&public-key={key}")).await;
    assert_eq!(foreign_inbox, serde_json::json!([null, null, "NoFeed"]), "employer data would go elsewhere: nothing is shown");
    let sneaky = embed_page(&browser, &site, &format!("feed=//evil.example/manifest.json&public-key={key}")).await;
    assert_eq!(sneaky, serde_json::json!([null, null, "NoFeed"]));
    let unsigned = embed_page(&browser, &site, "feed=/manifest.json&unsigned").await;
    assert_eq!(unsigned[2], "NoKey", "the address cannot switch the signature check off");

    // The organisation lists another origin next to embed.html: now it is taken.
    site.put("/embed-origins.json", format!("{{\"origins\": [\"{other}\", \"javascript:alert(1)\"]}}"), "application/json");
    let listed = embed_page(&browser, &site, &format!("feed={other}/manifest.json&public-key={key}")).await;
    assert_eq!(listed[0], format!("{other}/manifest.json"), "{listed}");
    browser.close().await;
}
