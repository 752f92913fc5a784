//! The demo network (issue 14.5), started in-process on ports the system picks, as `cargo xtask
//! demo` starts it: three organisations, each with its own key, feed and inbox, and a partner site
//! whose page has one network widget. A request for a profile of each organisation, sent to that
//! organisation's request URL from the partner's origin, lands in its inbox (`talentbrug inbox
//! list --db`) and in no other; the inboxes answer CORS for the partner origin only; the signed
//! network manifest verifies with the operator's key and every member's feed with its own
//! (`talentbrug network verify --deep`).

mod serve_common;

use std::path::Path;

use serve_common::{good_request, s, talentbrug, try_request, Reply};
use talentbrug::demo_network::{start, MEMBERS};
use talentbrug_core::network::NetworkManifest;
use talentbrug_core::Feed;

const LEUVEN: (f64, f64) = (50.8798, 4.7005);
const TIENEN: (f64, f64) = (50.8077, 4.9378);
const VILVOORDE: (f64, f64) = (50.9281, 4.4245);

/// Kilometres between two points (equirectangular; plenty at these distances).
fn km((lat1, lon1): (f64, f64), (lat2, lon2): (f64, f64)) -> f64 {
    let x = (lon2 - lon1).to_radians() * ((lat1 + lat2) / 2.0).to_radians().cos();
    let y = (lat2 - lat1).to_radians();
    6371.0 * (x * x + y * y).sqrt()
}

fn near(feed: &Feed, place: (f64, f64), radius_km: f64) -> usize {
    feed.profiles.iter().filter(|p| km((p.area.lat, p.area.lon), place) <= radius_km).count()
}

/// The port of `http://127.0.0.1:PORT[/path]`.
fn port_of(url: &str) -> u16 {
    let authority = url.trim_start_matches("http://").split('/').next().unwrap_or_default();
    authority.rsplit(':').next().and_then(|p| p.parse().ok()).expect("a URL with a port")
}

/// POSTs `body` to a request URL (`http://127.0.0.1:PORT/api/requests`) from a page of `page_origin`.
fn post(request_url: &str, page_origin: &str, body: &serde_json::Value) -> Reply {
    let body = body.to_string();
    let headers = [("Content-Type", "application/json"), ("Origin", page_origin)];
    let path = request_url.trim_start_matches("http://").split_once('/').map(|(_, p)| format!("/{p}")).unwrap_or_default();
    try_request(port_of(request_url), "POST", &path, &headers, body.as_bytes()).expect("the member answers")
}

fn preflight(origin: &str, page_origin: &str) -> Reply {
    let headers = [("Origin", page_origin), ("Access-Control-Request-Method", "POST"), ("Access-Control-Request-Headers", "content-type")];
    try_request(port_of(origin), "OPTIONS", "/api/requests", &headers, b"").expect("the member answers")
}

#[test]
fn each_request_from_the_partner_page_lands_in_its_own_organisations_inbox() {
    let dir = tempfile::tempdir().unwrap();
    let www = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../www");
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let running = runtime.block_on(start(dir.path(), &www, 300, 1, "127.0.0.1:0".parse().unwrap(), 0)).expect("the demo network starts");
    let net = running.network.clone();
    let partner = net.partner_origin.as_str();
    assert_eq!(net.members.len(), 3);

    // The partner page: one network widget with the network's URL and the operator's key, and a
    // policy that lets it reach the three members (and nothing else).
    let page = try_request(port_of(partner), "GET", "/", &[], b"").unwrap();
    assert_eq!(page.status, 200);
    let html = page.text();
    let widget = format!(r#"<talent-brug id="talent" network="{}" network-key="{}" lang="nl">"#, net.network_url, net.network_key);
    assert!(html.contains(&widget), "{html}");
    assert_eq!(html.matches("<talent-brug").count(), 1, "one widget");
    assert_eq!(net.network_url, format!("{partner}/network.json"));
    let csp = page.header("content-security-policy").unwrap();
    let connect = net.members.iter().map(|m| m.origin.as_str()).collect::<Vec<_>>().join(" ");
    assert!(csp.contains(&format!("connect-src 'self' {connect};")), "{csp}");
    assert_eq!(try_request(port_of(partner), "GET", "/partner.js", &[], b"").unwrap().status, 200);

    // The network manifest, as the widget fetches it from the partner: signed by the operator,
    // listing the three members with their keys, absolute request URLs and boxes.
    let manifest = try_request(port_of(partner), "GET", "/network.json", &[], b"").unwrap();
    let sig = try_request(port_of(partner), "GET", "/network.json.sig", &[], b"").unwrap();
    assert_eq!((manifest.status, sig.status), (200, 200));
    let network =
        NetworkManifest::parse_signed(&manifest.body, sig.text().trim(), &net.network_key, talentbrug_private::now(), None).unwrap();
    assert_eq!(network.members.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(), MEMBERS.map(|m| m.id));
    for (listed, m) in network.members.iter().zip(&net.members) {
        assert_eq!(listed.public_key, m.org.public_key);
        assert_eq!(listed.feed, format!("{}/manifest.json", m.origin));
        assert_eq!(listed.request_url, format!("{}/api/requests", m.origin));
        let d = listed.bbox.distance_km(LEUVEN.0, LEUVEN.1);
        assert!(d < 10.0, "{} reaches 3000 Leuven at the default 10 km: {d} km, {:?}", listed.id, listed.bbox);
    }
    let keys: std::collections::HashSet<_> = net.members.iter().map(|m| &m.org.public_key).collect();
    assert!(keys.len() == 3 && !keys.contains(&net.network_key), "every organisation and the operator have a key of their own");
    let (ok, out, err) = talentbrug(&["network", "verify", s(&net.network_file), "--public-key", &net.network_key, "--deep"]);
    assert!(ok, "{err}");
    assert!(out.contains("3 members, every member's feed signed by its listed key and inside its box"), "{out}");

    // Where their people live: all three near 3000 Leuven; only the social workplace in Tienen,
    // only the temp agency in Vilvoorde.
    let feeds: Vec<Feed> = net.members.iter().map(|m| Feed::parse(&std::fs::read(&m.org.feed).unwrap()).unwrap()).collect();
    for (feed, m) in feeds.iter().zip(&net.members) {
        assert!(near(feed, LEUVEN, 10.0) >= 20, "{} has people near Leuven", m.member.id);
    }
    assert!(near(&feeds[1], TIENEN, 6.0) > 0 && near(&feeds[0], TIENEN, 6.0) == 0 && near(&feeds[2], TIENEN, 6.0) == 0);
    assert!(near(&feeds[2], VILVOORDE, 6.0) > 0 && near(&feeds[0], VILVOORDE, 6.0) == 0 && near(&feeds[1], VILVOORDE, 6.0) == 0);

    // Feeds are public: the partner page may read every member's manifest, tiles and feed.
    for m in &net.members {
        let got = try_request(port_of(&m.origin), "GET", "/manifest.json", &[("Origin", partner)], b"").unwrap();
        assert_eq!((got.status, got.header("access-control-allow-origin")), (200, Some("*")), "{}", m.member.id);
    }

    // CORS: each inbox answers the partner origin, and no other.
    for m in &net.members {
        let ok = preflight(&m.origin, partner);
        assert_eq!(ok.header("access-control-allow-origin"), Some(partner), "{}", m.member.id);
        assert!(ok.header("access-control-allow-methods").is_some_and(|v| v.contains("POST")));
        let other = preflight(&m.origin, "http://127.0.0.1:1");
        assert_eq!(other.header("access-control-allow-origin"), None, "{}: another origin gets no CORS", m.member.id);
        let refused =
            post(&m.request_url, "https://elsewhere.example", &good_request(&feeds[0].profiles[0].id.to_string(), "k-evil-000000001"));
        assert_eq!((refused.status, refused.header("access-control-allow-origin")), (403, None), "{}", refused.text());
    }

    // A request for a profile of each member, sent to that member from the partner page, is
    // stored there; sent to another member that does not publish that id, it is refused. (Ids
    // name a feed's sequence, tile and row, so two organisations may publish the same id: the
    // widget sends a request to the member that showed the profile.)
    let mut references = Vec::new();
    for (i, (m, feed)) in net.members.iter().zip(&feeds).enumerate() {
        let theirs: std::collections::HashSet<_> = feeds[(i + 1) % 3].profiles.iter().map(|p| &p.id).collect();
        let profile = feed
            .profiles
            .iter()
            .map(|p| &p.id)
            .rev()
            .find(|id| !theirs.contains(id))
            .expect("an id the next member does not publish")
            .to_string();
        let other = &net.members[(i + 1) % 3];
        let wrong = post(&other.request_url, partner, &good_request(&profile, &format!("key-wrong-{i:010}")));
        assert_eq!(wrong.status, 422, "{} does not take {}'s profile: {}", other.member.id, m.member.id, wrong.text());
        let sent = post(&m.request_url, partner, &good_request(&profile, &format!("key-right-{i:010}")));
        assert_eq!(sent.status, 201, "{}: {}", m.member.id, sent.text());
        assert_eq!(sent.header("access-control-allow-origin"), Some(partner));
        let answer = sent.json();
        assert!(answer["status_url"].as_str().unwrap().starts_with(&format!("{}/status/", m.origin)), "{answer}");
        references.push((profile, answer["reference"].as_str().unwrap().to_owned()));
    }
    runtime.block_on(running.stop()).expect("the demo network stops");

    // Each inbox holds exactly its own request, with its own person's record id.
    for (i, m) in net.members.iter().enumerate() {
        let (ok, out, err) = talentbrug(&["inbox", "list", "--db", s(&m.org.db), "--json"]);
        assert!(ok, "{err}");
        let listed: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
        assert_eq!(listed.len(), 1, "{}: {out}", m.member.id);
        assert_eq!(listed[0]["profile_id"], references[i].0.as_str());
        assert_eq!(listed[0]["reference"], references[i].1.as_str());
        let record = listed[0]["record_id"].as_str().unwrap_or_default();
        assert!(record.starts_with(&format!("{}-", m.member.record_prefix)), "{}: {record}", m.member.id);
    }
}
