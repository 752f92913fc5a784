//! Feed v2 in the widget: the same people, in the same order and with the same pitches, as the
//! core's own search finds natively over the same feed, fetched as the signed manifest and only
//! the tiles near the search; and the bad-input states: a tile that 404s or is not the one the
//! manifest signed, a manifest that is expired or badly signed. Each shows a clear sentence and
//! no profile, never part of the people as all of them.

use std::time::Duration;

use talentbrug_core::calendar::Timestamp;
use talentbrug_core::gazetteer::{Country, Gazetteer};
use talentbrug_core::search::{search, Query};
use talentbrug_core::{FeedIndex, RadiusKm};
use talentbrug_e2e::browser::Browser;
use talentbrug_e2e::feeds;
use talentbrug_e2e::site::Site;
use talentbrug_e2e::widget::Widget;

const T: Duration = Duration::from_secs(20);

/// Opens a page with one widget with these attributes; returns the error shown (`data-error`)
/// or the number of results.
async fn open(browser: &Browser, site: &Site, name: &str, attributes: &str) -> Result<usize, String> {
    let page = format!(
        "<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>{name}</title>\
         <script type=\"module\" src=\"/dist/talentbrug.js\"></script></head>\
         <body><main><talent-brug postcode=\"3000\" {attributes}></talent-brug></main></body></html>"
    );
    site.put(&format!("/{name}.html"), page, "text/html; charset=utf-8");
    browser.client.goto(&site.url(&format!("/{name}.html"))).await.expect("goto");
    let w = Widget::new(&browser.client, "talent-brug");
    w.wait_until(
        "root && (root.querySelector('.tb-error') || root.querySelector('.tb-results') || root.querySelector('.tb-empty'))",
        name,
        T,
    )
    .await
    .expect(name);
    let error = w.js("root.querySelector('.tb-error') && root.querySelector('.tb-error').dataset.error").await.expect("js");
    match error.as_str() {
        Some(e) => {
            assert_eq!(w.js("root.querySelectorAll('article').length").await.expect("js"), 0, "{name}: nothing shown");
            Err(e.to_owned())
        }
        None => Ok(w.total().await.expect("total").unwrap_or(0)),
    }
}

/// What the core's search finds natively in `index` from `postcode` within `radius` km this
/// month, as the widget asks it: the total, and the ids and pitches (empty for none) of the
/// first page (10), in order.
fn core_finds(index: &FeedIndex, postcode: &str, radius: f64) -> (usize, Vec<String>, Vec<String>) {
    let place = Gazetteer.resolve(postcode, Country::Be).expect("a known postcode");
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let today = Timestamp::from_unix_seconds(secs as i64).month();
    let found = search(index, &Query::new((&place).into(), RadiusKm::new(radius).expect("a radius"), today), 10);
    let ids = found.matches.iter().map(|m| m.profile.id.to_string()).collect();
    let pitches = found.matches.iter().map(|m| m.profile.pitch.as_ref().map(|p| p.as_str().to_owned()).unwrap_or_default()).collect();
    (found.total, ids, pitches)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_v2_feed_shows_what_the_core_finds_fetching_only_the_tiles_near_the_search() {
    let site = Site::start().await.expect("site");
    let browser = Browser::start(1000, 900).await.expect("browser");
    let feed = feeds::synthetic(3000, 11);
    let (tiles, key) = site.put_signed_v2("/v2", &feed);
    assert!(tiles.len() > 3, "the feed is cut into several tiles: {}", tiles.len());
    let index = FeedIndex::new(feed.clone());
    let (total, ids, pitches) = core_finds(&index, "3000", 10.0);
    assert!(pitches.iter().any(|p| !p.is_empty()), "the synthetic people have pitches: {pitches:?}");

    let before = site.served().len();
    let v2 = open(&browser, &site, "v2", &format!("feed=\"/v2/manifest.json\" public-key=\"{key}\"")).await.expect("v2 results");
    let w = Widget::new(&browser.client, "talent-brug");
    assert_eq!((v2, w.shown_ids().await.expect("ids")), (total, ids.clone()), "the people the core finds, in the same order");
    assert_eq!(w.shown_pitches().await.expect("pitches"), pitches, "the same pitches, from the detail chunks");
    let fetched: Vec<String> = site.served()[before..].iter().filter(|p| p.contains("/tiles/")).cloned().collect();
    let searched = fetched.iter().filter(|p| p.ends_with(".tb2")).count();
    let chunks = fetched.iter().filter(|p| p.ends_with(".tbd")).count();
    let all_tiles = tiles.iter().filter(|p| p.ends_with(".tb2")).count();
    assert!(searched > 0 && searched < all_tiles, "only the tiles near Leuven: {searched} of {all_tiles}");
    assert!(chunks >= 1 && chunks <= ids.len(), "only the detail chunks of the {} cards shown: {chunks}", ids.len());
    let mut heads: Vec<String> = site.served()[before..].iter().filter(|p| p.starts_with("/v2/manifest.json")).cloned().collect();
    heads.sort();
    assert_eq!(
        heads,
        ["/v2/manifest.json", "/v2/manifest.json.sig"],
        "the manifest and its signature once each: the widget takes what its loader fetched while the wasm compiled"
    );

    // A wider radius fetches the tiles it lacks, and only those.
    w.find("#tb-radius").await.expect("radius").select_by_value("25").await.expect("select");
    w.wait_until("root.querySelector('.tb-status').textContent.includes('25 km')", "the 25 km results", T).await.expect("25 km");
    let (total, ids, _) = core_finds(&index, "3000", 25.0);
    assert_eq!(w.wait_total(Some(total)).await.expect("the 25 km total"), total);
    assert_eq!(w.shown_ids().await.expect("ids"), ids, "within 25 km too, the people the core finds");
    let again: Vec<String> = site.served()[before..].iter().filter(|p| p.contains("/tiles/")).cloned().collect();
    let mut unique = again.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), again.len(), "no tile fetched twice: {again:?}");
    browser.screenshot("widget-v2-nl.png").await.expect("screenshot");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_tiles_and_manifests_show_a_clear_state_and_no_profiles() {
    let site = Site::start().await.expect("site");
    let browser = Browser::start(1000, 900).await.expect("browser");
    let feed = feeds::synthetic(3000, 12);
    let (tiles, key) = site.put_signed_v2("/good", &feed);
    let attrs = |dir: &str| format!("feed=\"/{dir}/manifest.json\" public-key=\"{key}\"");
    assert!(open(&browser, &site, "good", &attrs("good")).await.is_ok());
    let near: Vec<String> = site.served().iter().filter(|p| p.starts_with("/good/tiles/")).cloned().collect();

    // A tile near Leuven that 404s, then one whose bytes are not the ones signed.
    let (_, _) = site.put_signed_v2("/gone", &feed);
    site.remove(&near[0].replace("/good/", "/gone/"));
    assert_eq!(open(&browser, &site, "gone", &attrs("gone")).await, Err("Tiles".into()));
    let retry = Widget::new(&browser.client, "talent-brug").js("!!root.querySelector('.tb-error button')").await.expect("js");
    assert_eq!(retry, true, "a missing tile may come back: try again is offered");
    let (_, _) = site.put_signed_v2("/bent", &feed);
    let mut bytes = feeds::signed_v2(&feed).tiles.into_iter().find(|(p, _)| near[0].ends_with(p.as_str())).expect("tile").1;
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    site.put(&near[0].replace("/good/", "/bent/"), bytes, "application/octet-stream");
    assert_eq!(open(&browser, &site, "bent", &attrs("bent")).await, Err("Tiles".into()));
    browser.screenshot("widget-v2-bad-tile-nl.png").await.expect("screenshot");

    // The signed tile with 8 MB more behind it: refused (the widget reads one byte past the listed
    // length and no further: `fetch::tests`).
    let (_, _) = site.put_signed_v2("/long", &feed);
    let mut bytes = feeds::signed_v2(&feed).tiles.into_iter().find(|(p, _)| near[0].ends_with(p.as_str())).expect("tile").1;
    bytes.resize(bytes.len() + 8_000_000, b'x');
    site.put(&near[0].replace("/good/", "/long/"), bytes, "application/octet-stream");
    assert_eq!(open(&browser, &site, "long", &attrs("long")).await, Err("Tiles".into()));

    // A detail chunk that is not the one its tile lists: the people show, without that pitch.
    let (chunked, _) = site.put_signed_v2("/chunk", &feed);
    let good_chunks: Vec<String> = site.served().iter().filter(|p| p.starts_with("/good/tiles/") && p.ends_with(".tbd")).cloned().collect();
    for path in &good_chunks {
        let at = path.replace("/good/", "/chunk/");
        let mut bytes = feeds::signed_v2(&feed).tiles.into_iter().find(|(p, _)| at.ends_with(p.as_str())).expect("chunk").1;
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        site.put(&at, bytes, "application/octet-stream");
    }
    assert!(chunked.len() > good_chunks.len() && !good_chunks.is_empty());
    assert!(open(&browser, &site, "chunk", &attrs("chunk")).await.is_ok_and(|n| n > 0), "the people still show");
    let pitches = Widget::new(&browser.client, "talent-brug").shown_pitches().await.expect("pitches");
    assert!(pitches.iter().all(String::is_empty), "no pitch from a chunk the tile did not sign: {pitches:?}");

    // A manifest signed by someone else, and an expired one.
    site.put("/good/manifest.json.sig", "AAAA".repeat(22) + "AA==", "text/plain");
    let before = site.served().len();
    assert_eq!(open(&browser, &site, "badsig", &attrs("good")).await, Err("Signature".into()));
    // Fetched twice: a manifest and signature of two publications (caught between the two
    // writes, or one cached) match when fetched again; a wrong one is refused the second time.
    let sigs = site.served()[before..].iter().filter(|p| p.as_str() == "/good/manifest.json.sig").count();
    assert_eq!(sigs, 2, "the signature is fetched once more before the widget refuses it");
    let mut old = feeds::synthetic(200, 13);
    old.issued_at = Timestamp::from_unix_seconds(1_600_000_000);
    old.expires_at = Timestamp::from_unix_seconds(1_600_086_400);
    site.put_signed_v2("/old", &old);
    assert_eq!(open(&browser, &site, "old", &attrs("old")).await, Err("Expired".into()));
    assert!(tiles.len() > 1);
    browser.close().await;
}
