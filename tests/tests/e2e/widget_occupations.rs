//! Occupations in the employer's language and words (issue 12.1, 12.2), on the real demo: synthetic
//! records published by `talentbrug publish`'s pipeline and served by `talentbrug serve`. With
//! `lang="fr"` the cards show French occupation labels; "cariste" (fr), "heftruck" (nl) and
//! "forklift" (en) each find the demo's forklift drivers in the occupation filter, offered with
//! how many people in reach want the work, and choosing it filters the results as the core does;
//! axe finds nothing with the suggestions open. Screenshots under target/e2e/.

use std::net::SocketAddr;
use std::time::Duration;

use fantoccini::key::Key;
use talentbrug::demo::prepare;
use talentbrug_core::gazetteer::{Country, Gazetteer};
use talentbrug_core::search::{occupation_counts, search, Query};
use talentbrug_core::{EscoId, Feed, FeedIndex, Lang, RadiusKm, Timestamp};
use talentbrug_e2e::browser::Browser;
use talentbrug_e2e::widget::Widget;
use talentbrug_e2e::{axe, out_dir, ports, root};
use talentbrug_server::{spawn, ServerConfig};

const T: Duration = Duration::from_secs(15);
const FORKLIFT: &str = "eeac6251-1974-42f5-91ed-513c6c883755";

fn now() -> Timestamp {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    Timestamp::from_unix_seconds(secs as i64)
}

/// What a card's title says in `lang`: the first occupation's label, else the first group's.
fn title(index: &FeedIndex, id: &str, lang: Lang) -> Option<String> {
    let p = index.profile(id)?;
    let exact = p.occupations.iter().filter_map(|o| index.occupation(*o)).map(|o| o.label_in(lang).to_owned());
    let groups = p.occupation_groups.iter().filter_map(|g| index.occupation_group(*g)).map(|g| g.label_in(lang).to_owned());
    exact.chain(groups).next()
}

async fn set_lang(w: &Widget<'_>, c: &fantoccini::Client, lang: &str) {
    c.execute(&format!("document.querySelector('talent-brug').setAttribute('lang', '{lang}')"), vec![]).await.expect("set lang");
    w.wait_until(&format!("root.querySelector('.tb-widget').lang === '{lang}'"), "the language", T).await.expect("lang");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn occupations_in_the_employers_language_and_words() {
    assert!(root().join("www/dist/talentbrug.js").exists(), "run `cargo xtask build` first");
    let dir = out_dir().join(format!("occupations-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let org = prepare(&dir, 2000, 1).expect("the demo organisation publishes");
    let feed = Feed::parse(&std::fs::read(&org.feed).expect("the published feed")).expect("parses");
    let index = FeedIndex::new(feed);
    let forklift: EscoId = FORKLIFT.parse().unwrap();
    assert_eq!(index.occupation(forklift).map(|o| o.label_in(Lang::Fr)), Some("cariste"), "the demo feed has forklift drivers");

    let config = ServerConfig {
        www: Some(root().join("www")),
        rate_limit_per_minute: 0,
        public_key: Some(org.public_key.clone()),
        ..ServerConfig::new(org.feed.clone(), org.db.clone())
    };
    let port = ports::free_port().expect("port");
    let server = spawn(config, SocketAddr::from(([127, 0, 0, 1], port))).await.expect("talentbrug serve");
    let browser = Browser::start(1280, 1400).await.expect("browser");
    let c = &browser.client;
    c.goto(&format!("{}/index.html", server.url())).await.expect("goto");
    let w = Widget::new(c, "talent-brug");
    if let Err(e) = w.wait_ready().await {
        let state =
            w.js("[root.querySelector('.tb-error') && root.querySelector('.tb-error').dataset.error, root.innerHTML.slice(0, 600)]").await;
        panic!("the signed feed loads: {e}: {state:?}");
    }
    set_lang(&w, c, "fr").await;
    w.type_postcode("1000").await.expect("type");
    w.find("#tb-radius").await.expect("radius").select_by_value("25").await.expect("select");
    let place = Gazetteer.resolve("1000", Country::Be).expect("Brussel");
    let query = Query::new((&place).into(), RadiusKm::new(25.0).unwrap(), now().month());
    let total = search(&index, &query, 10).total;
    w.wait_total(Some(total)).await.expect("results");

    // Cards: French labels, Dutch where ESCO's French release has none.
    let ids = w.shown_ids().await.expect("ids");
    let titles = w.js("Array.from(root.querySelectorAll('article h3')).map(h => h.textContent)").await.expect("js");
    let titles: Vec<String> = serde_json::from_value(titles).expect("titles");
    let mut french = 0;
    for (id, shown) in ids.iter().zip(&titles) {
        if let Some(want) = title(&index, id, Lang::Fr) {
            assert_eq!(shown, &want, "card {id}");
            french += usize::from(title(&index, id, Lang::Nl).as_deref() != Some(want.as_str()));
        }
    }
    assert!(french > 0, "French labels on the cards: {titles:?}");
    browser.screenshot("occupations-fr-cards.png").await.expect("screenshot");

    let counts = occupation_counts(&index, Some(&query));
    let in_reach = counts.get(&forklift).copied().unwrap_or_default();
    assert!(in_reach > 0, "forklift drivers within 25 km of Brussel");
    let filtered = search(&index, &Query { occupations: vec![forklift], ..query.clone() }, 10).total;
    w.find(".tb-disclosure").await.expect("filters").click().await.expect("open filters");
    for (lang, typed, label, count) in [
        ("fr", "cariste", "cariste", format!("{in_reach} profils")),
        ("nl", "heftruck", "heftruckchauffeur", format!("{in_reach} profielen")),
        ("en", "forklift", "forklift operator", format!("{in_reach} profiles")),
    ] {
        set_lang(&w, c, lang).await;
        w.find("#tb-occ").await.expect("occupation").click().await.expect("focus");
        w.type_text(typed).await.expect("type");
        let options = "Array.from(root.querySelectorAll('#tb-occ-list [role=option]')).map(o => o.textContent)";
        w.wait_until(&format!("{options}.some(t => t.startsWith({label:?}))"), "the forklift drivers", T).await.unwrap_or_else(|e| {
            panic!("{lang} {typed}: {e}");
        });
        let shown: Vec<String> = serde_json::from_value(w.js(options).await.expect("js")).expect("options");
        let at = shown.iter().position(|t| t.starts_with(label)).expect("offered");
        assert!(shown[at].ends_with(&count), "{lang}: {:?} with {count}", shown[at]);
        if lang == "fr" {
            browser.screenshot("occupations-fr-suggestions.png").await.expect("screenshot");
        }
        let violations = axe::check(c).await.expect("axe");
        assert!(violations.is_empty(), "{lang}: suggestions open: {violations:#?}");
        // As the postcode box: arrow keys to the option, Enter chooses it.
        let mut keys = vec![Key::Down.into(); at + 1];
        keys.push(Key::Enter.into());
        w.press(&keys).await.expect("keys");
        w.wait_total(Some(filtered)).await.expect("filtered by the occupation");
        let chip = w.js("root.querySelector('.tb-chosen .tb-chip').firstChild.textContent").await.expect("chip");
        assert_eq!(chip, label, "{lang}: the chosen occupation in the employer's language");
        w.find(".tb-chosen .tb-chip-remove").await.expect("remove").click().await.expect("remove");
        w.wait_total(Some(total)).await.expect("unfiltered");
    }
    browser.close().await;
    server.stop().await.expect("stop");
}
