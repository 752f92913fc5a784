//! The reach map tells where (issue 12.3), in headless Chromium: a scale bar with a round
//! length, the employer's place name, the results' areas as focusable clusters named with their
//! counts (which add up to the cards shown), the same as a list for screen readers, names of
//! unlabelled clusters on focus, and no two written labels overlapping; in Dutch and French.
//! Screenshots of the map go to `target/e2e/map-nl.png` and `map-fr.png`.

use std::time::Duration;

use talentbrug_e2e::browser::Browser;
use talentbrug_e2e::feeds;
use talentbrug_e2e::site::Site;
use talentbrug_e2e::widget::Widget;

/// What the map shows, read in the page: scale text, scale bar length, place name, cluster
/// names, the list's items, the number of cards, and how many written labels overlap.
const READ_MAP: &str = r#"(() => {
  const m = root.querySelector('.tb-map');
  const boxes = [...m.querySelectorAll('.tb-map-label')].filter(t => getComputedStyle(t).display !== 'none').map(t => t.getBBox());
  let overlaps = 0;
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 && a.y < b.y + b.height - 0.5 && b.y < a.y + a.height - 0.5) overlaps++;
  }
  return {
    scale: m.querySelector('.tb-map-scale text').textContent,
    bar: m.querySelector('.tb-map-scale path').getBBox().width,
    place: m.querySelector('.tb-map-place').textContent,
    clusters: [...m.querySelectorAll('.tb-map-c')].map(g => [g.getAttribute('aria-label'), g.tabIndex, g.querySelector('.tb-map-n').textContent]),
    list: [...m.querySelectorAll('ul.tb-sr li')].map(li => li.textContent),
    cards: root.querySelectorAll('article.tb-card').length,
    overlaps,
  };
})()"#;

/// Checks what the map shows against the cards; `word` is "profiel" or "profil".
async fn check_map(w: &Widget<'_>, word: &str, sep: &str) -> serde_json::Value {
    let map = w.js(READ_MAP).await.expect("map");
    let scale = map["scale"].as_str().expect("scale");
    assert!(scale.ends_with(" km") && scale[..scale.len() - 3].parse::<u32>().is_ok(), "scale {scale}");
    assert!(map["bar"].as_f64().expect("bar") > 5.0, "{map}");
    assert_eq!(map["place"], "Leuven", "{map}");
    let clusters = map["clusters"].as_array().expect("clusters");
    assert!(!clusters.is_empty(), "{map}");
    let mut people = 0;
    for c in clusters {
        let (name, tab, count) = (c[0].as_str().expect("name"), c[1].as_i64(), c[2].as_str().expect("count"));
        assert_eq!(tab, Some(0), "{name}: focusable");
        let n: usize = count.parse().expect("a count");
        assert!(name.contains(&format!("{sep}{n} {word}")) && name.len() > n.to_string().len() + 12, "{name}");
        people += n;
    }
    assert_eq!(people as u64, map["cards"].as_u64().expect("cards"), "every shown card is on the map once: {map}");
    let names: Vec<&serde_json::Value> = clusters.iter().map(|c| &c[0]).collect();
    assert_eq!(map["list"].as_array().expect("list").iter().collect::<Vec<_>>(), names, "the list says what the map shows");
    assert_eq!(map["overlaps"], 0, "labels overlap: {map}");
    map
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_map_has_a_scale_the_place_and_named_clusters_with_counts() {
    let feed = feeds::synthetic(2000, 1);
    let site = Site::start().await.expect("site");
    site.put_signed_feed("/feed.json", &feed);
    let browser = Browser::start(1280, 1200).await.expect("browser");
    let c = &browser.client;
    c.goto(&site.url("/index.html?postcode=3000&radius=25")).await.expect("goto");
    let w = Widget::new(c, "talent-brug");
    w.wait_total(None).await.expect("results");
    // Two more pages: more areas on the map.
    for shown in [20, 30] {
        w.find(".tb-more button").await.expect("more").click().await.expect("click");
        let cond = format!("root.querySelectorAll('article.tb-card').length >= {shown}");
        w.wait_until(&cond, "more cards", Duration::from_secs(5)).await.expect("more");
    }
    let map = check_map(&w, "profiel", ": ").await;
    assert!(map["clusters"].as_array().expect("clusters").len() >= 2, "{map}");
    assert_eq!(map["scale"], "10 km", "the scale of a 25 km map");

    // A cluster's name shows when it has keyboard focus, also when there was no room to write it.
    let focused = w
        .js("(() => { const g = root.querySelector('.tb-map-c'); g.focus(); return [root.activeElement === g, getComputedStyle(g.querySelector('.tb-map-name')).display]; })()")
        .await
        .expect("focus");
    assert_eq!(focused[0], true, "{focused}");
    assert_ne!(focused[1], "none", "{focused}");
    w.js("root.activeElement.blur()").await.expect("blur");
    let host = w.find(".tb-map").await.expect("map");
    std::fs::write(talentbrug_e2e::out_dir().join("map-nl.png"), host.screenshot().await.expect("shot")).expect("write");

    w.find(".tb-lang[lang=fr]").await.expect("fr").click().await.expect("click");
    w.wait_until("root.querySelector('.tb-widget').lang === 'fr'", "French", Duration::from_secs(5)).await.expect("fr");
    check_map(&w, "profil", " : ").await;
    let label = w.js("root.querySelector('.tb-map svg').getAttribute('aria-label')").await.expect("label");
    assert!(label.as_str().expect("label").starts_with("Petite carte"), "{label}");
    let host = w.find(".tb-map").await.expect("map");
    std::fs::write(talentbrug_e2e::out_dir().join("map-fr.png"), host.screenshot().await.expect("shot")).expect("write");
    browser.close().await;
}
