//! The feed v2 and network benchmark (issues 13 and 14): what an employer at 3000 Leuven
//! transfers, and how long until the first results show, from a national-scale feed of
//! 1,000,000 synthetic profiles, as one organisation's feed and as a network of 100 members of
//! 10,000 each, in headless Chromium on loopback.
//!
//! Bytes are counted as a static host sends them: gzip -9 of the manifests and tiles the widget
//! asked for (the site logs every path), plus the signatures as they are. Time is the widget's
//! own `talentbrug:first-results` mark, from navigation start. Each radius is a fresh page, so
//! nothing is cached between them.

use std::collections::HashMap;
use std::time::Duration;

use base64::Engine as _;
use ed25519_dalek::{Signer, SigningKey};
use serde::Serialize;
use talentbrug::demo_feed::{national_demo_feed, start_of_today};
use talentbrug_core::manifest::BoundingBox;
use talentbrug_core::network::{Member, NetworkManifest, Operator, FORMAT_NETWORK_V1};
use talentbrug_core::{Feed, Profile};

use crate::browser::Browser;
use crate::feeds::gzipped_len;
use crate::site::Site;
use crate::widget::Widget;
use crate::{HarnessError, Result};

/// The figures, under the keys `target/bench.json` uses.
#[derive(Debug, Serialize)]
pub struct TilesReport {
    /// Profiles in the feed.
    pub profiles_1m: usize,
    /// Compressed bytes to the first results at 10 km, one organisation's feed.
    pub tiles_bytes_leuven_10km_1m: usize,
    /// The same at 25 km.
    pub tiles_bytes_leuven_25km_1m: usize,
    /// Navigation to the first results at 10 km, one organisation's feed, in ms.
    pub first_results_ms_1m: f64,
    /// Tiles fetched at 10 km.
    pub tiles_fetched_leuven_10km_1m: usize,
    /// Tiles fetched at 25 km.
    pub tiles_fetched_leuven_25km_1m: usize,
    /// Detail chunks (pitches of the cards shown) fetched at 10 km.
    pub chunks_fetched_leuven_10km_1m: usize,
    /// Region files (lists of tiles) fetched at 10 km.
    pub regions_fetched_leuven_10km_1m: usize,
    /// The signed root manifest of the national feed, gzipped.
    pub manifest_gz_bytes_1m: usize,
    /// Compressed bytes to the first results at 10 km, network of 100 members.
    pub network_bytes_leuven_10km: usize,
    /// The same at 25 km.
    pub network_bytes_leuven_25km: usize,
    /// Navigation to the first results at 10 km, network of 100 members, in ms.
    pub network_first_results_ms: f64,
    /// The signed network manifest of 100 members, in bytes (raw).
    pub network_manifest_bytes: usize,
}

/// A site holding feeds, with the compressed size of everything it serves.
struct Served<'a> {
    site: &'a Site,
    sizes: HashMap<String, usize>,
}

impl Served<'_> {
    fn put(&mut self, path: &str, bytes: Vec<u8>, kind: &str, compress: bool) {
        let size = if compress { gzipped_len(&bytes) } else { bytes.len() };
        self.sizes.insert(path.to_owned(), size);
        self.site.put(path, bytes, kind);
    }

    /// Puts `feed` as feed v2 signed with `key` under `dir`.
    fn put_v2(&mut self, dir: &str, feed: &Feed, key: &SigningKey) -> Result<()> {
        let built = talentbrug_publish::build_manifest(feed).map_err(|e| HarnessError::Setup(e.to_string()))?;
        let bytes = serde_json::to_vec(&built.manifest).map_err(|e| HarnessError::Setup(e.to_string()))?;
        let sig = base64::engine::general_purpose::STANDARD.encode(key.sign(&bytes).to_bytes());
        self.put(&format!("{dir}/manifest.json"), bytes, "application/json", true);
        self.put(&format!("{dir}/manifest.json.sig"), sig.into_bytes(), "text/plain", false);
        for (path, bytes) in built.files() {
            self.put(&format!("{dir}/{path}"), bytes.to_vec(), "application/octet-stream", true);
        }
        Ok(())
    }

    /// The bytes of the paths served since `from` (a position in the site's log).
    fn bytes_since(&self, from: usize) -> (usize, usize, usize, usize) {
        let served = self.site.served();
        let paths = &served[from.min(served.len())..];
        let bytes = paths.iter().filter_map(|p| self.sizes.get(p)).sum();
        let count = |ext: &str| paths.iter().filter(|p| p.contains("/tiles/") && p.ends_with(ext)).count();
        (bytes, count(".tb2"), count(".tbd"), count(".tbi"))
    }
}

fn public_key(key: &SigningKey) -> String {
    base64::engine::general_purpose::STANDARD.encode(key.verifying_key().as_bytes())
}

/// Opens a page with one widget with `attributes` at 3000 Leuven within `radius` km; waits for
/// results; returns the ms from navigation start to the first results.
async fn first_results(browser: &Browser, site: &Site, name: &str, attributes: &str, radius: u32) -> Result<f64> {
    let page = format!(
        "<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>{name}</title>\
         <script type=\"module\" src=\"/dist/talentbrug.js\"></script></head>\
         <body><main><talent-brug postcode=\"3000\" radius=\"{radius}\" {attributes}></talent-brug></main></body></html>"
    );
    site.put(&format!("/{name}.html"), page, "text/html; charset=utf-8");
    browser.client.goto(&site.url(&format!("/{name}.html"))).await?;
    let w = Widget::new(&browser.client, "talent-brug");
    w.wait_until("root && (root.querySelector('.tb-results') || root.querySelector('.tb-error'))", name, Duration::from_secs(120)).await?;
    let error = w.js("root.querySelector('.tb-error') && root.querySelector('.tb-error').textContent").await?;
    if let Some(e) = error.as_str() {
        return Err(HarnessError::Setup(format!("{name}: the widget refused the feed: {e}")));
    }
    // Where the time went: the widget's marks, and per kind of file when the last one arrived.
    let timeline = w
        .js("(() => { const t = {}; for (const e of performance.getEntriesByType('resource')) { \
               const k = e.name.split('.').pop(), o = t[k] || [0, 1e9, 0]; \
               t[k] = [o[0] + 1, Math.min(o[1], Math.round(e.startTime)), Math.max(o[2], Math.round(e.responseEnd))]; } \
             return performance.getEntriesByType('mark').map(m => m.name.replace('talentbrug:', '') + ' ' + Math.round(m.startTime)) \
               .concat(Object.entries(t).map(([k, [n, start, end]]) => n + ' .' + k + ' ' + start + '-' + end)).join(', '); })()")
        .await?;
    eprintln!("{name}: {}", timeline.as_str().unwrap_or(""));
    let ms = w.js("performance.getEntriesByName('talentbrug:first-results')[0].startTime").await?;
    ms.as_f64().ok_or_else(|| HarnessError::Setup(format!("{name}: no first-results mark")))
}

/// Splits profiles into `n` groups with compact boxes: halves along the longer side, recursively.
fn regions(mut profiles: Vec<Profile>, n: usize) -> Vec<Vec<Profile>> {
    if n <= 1 || profiles.len() < 2 {
        return vec![profiles];
    }
    let b = bbox_of(&profiles);
    // A degree of longitude is about 0.63 of a degree of latitude here (51° north).
    let by_lat = (b.north - b.south) > (b.east - b.west) * 0.63;
    profiles.sort_by(|a, b| if by_lat { a.area.lat.total_cmp(&b.area.lat) } else { a.area.lon.total_cmp(&b.area.lon) });
    let left_n = n / 2;
    let right = profiles.split_off(profiles.len() * left_n / n);
    let mut out = regions(profiles, left_n);
    out.extend(regions(right, n - left_n));
    out
}

/// `national` with only `profiles`, and only the labels they use. The profiles are named by
/// the member's own tiles and rows, as `talentbrug publish` would name them.
fn member_feed(national: &Feed, profiles: Vec<Profile>, name: String) -> Feed {
    let profiles = talentbrug_publish::number_by_tile(profiles, national.sequence).into_iter().map(|(_, p)| p).collect();
    let mut feed = Feed { profiles, ..head_of(national) };
    feed.publisher.name = name;
    for p in &feed.profiles {
        for id in &p.occupations {
            if let Some(l) = national.occupations.get(id) {
                feed.occupations.insert(*id, l.clone());
            }
        }
        for g in &p.occupation_groups {
            if let Some(group) = national.occupation_groups.get(g) {
                feed.occupation_groups.insert(*g, group.clone());
                for id in &group.occupations {
                    if let Some(l) = national.occupations.get(id) {
                        feed.occupations.insert(*id, l.clone());
                    }
                }
            }
        }
    }
    feed
}

/// A feed's identity, without its profiles and labels (cloning the whole national feed per
/// member would copy a million profiles a hundred times).
fn head_of(feed: &Feed) -> Feed {
    Feed {
        format: feed.format.clone(),
        publisher: feed.publisher.clone(),
        issued_at: feed.issued_at,
        expires_at: feed.expires_at,
        sequence: feed.sequence,
        occupations: Default::default(),
        occupation_groups: Default::default(),
        profiles: Vec::new(),
    }
}

fn bbox_of(profiles: &[Profile]) -> BoundingBox {
    profiles.iter().fold(BoundingBox { south: 90.0, west: 180.0, north: -90.0, east: -180.0 }, |b, p| BoundingBox {
        south: b.south.min(p.area.lat),
        west: b.west.min(p.area.lon),
        north: b.north.max(p.area.lat),
        east: b.east.max(p.area.lon),
    })
}

/// Runs the benchmark on `profiles` profiles split over `members` members.
pub async fn run(profiles: usize, members: usize) -> Result<TilesReport> {
    let site = Site::start().await?;
    let mut served = Served { site: &site, sizes: HashMap::new() };
    let national = national_demo_feed(profiles, 1, start_of_today(), 30);
    let org_key = SigningKey::from_bytes(&[1u8; 32]);
    served.put_v2("/org", &national, &org_key)?;

    // The network: compact regions, each its own organisation with its own key.
    let operator_key = SigningKey::from_bytes(&[2u8; 32]);
    let mut list = Vec::new();
    for (i, region) in regions(national.profiles.clone(), members).into_iter().enumerate() {
        let key = SigningKey::from_bytes(&[(i % 250 + 3) as u8; 32]);
        let bbox = bbox_of(&region);
        let feed = member_feed(&national, region, format!("Organisatie {i}"));
        served.put_v2(&format!("/m{i}"), &feed, &key)?;
        let member = serde_json::json!({
            "id": format!("m{i}"), "name": format!("Organisatie {i}"), "feed": site.url(&format!("/m{i}/manifest.json")),
            "public_key": public_key(&key), "request_url": site.url("/api/requests"), "privacy_url": site.url("/privacy.html"),
            "bbox": [bbox.west, bbox.south, bbox.east, bbox.north],
        });
        list.push(serde_json::from_value::<Member>(member).map_err(|e| HarnessError::Setup(format!("member {i}: {e}")))?);
    }
    let network = NetworkManifest {
        format: FORMAT_NETWORK_V1.into(),
        name: "Benchmarknetwerk".into(),
        operator: Operator { name: "Stad".into(), contact: "jobs@stad.example".into(), privacy_url: site.url("/privacy.html") },
        issued_at: national.issued_at,
        expires_at: national.expires_at,
        sequence: 1,
        members: list,
    };
    network.check().map_err(|e| HarnessError::Setup(e.to_string()))?;
    let bytes = network.to_bytes();
    let network_manifest_bytes = bytes.len();
    let sig = base64::engine::general_purpose::STANDARD.encode(operator_key.sign(&bytes).to_bytes());
    served.put("/network.json", bytes, "application/json", true);
    served.put("/network.json.sig", sig.into_bytes(), "text/plain", false);

    let browser = Browser::start(1000, 900).await?;
    let org = format!("feed=\"/org/manifest.json\" public-key=\"{}\"", public_key(&org_key));
    let net = format!("network=\"/network.json\" network-key=\"{}\"", public_key(&operator_key));
    let measure = async |name: &str, attributes: &str, radius: u32| -> Result<(f64, (usize, usize, usize, usize))> {
        let from = site.served().len();
        let ms = first_results(&browser, &site, name, attributes, radius).await?;
        Ok((ms, served.bytes_since(from)))
    };
    let (
        first_results_ms_1m,
        (tiles_bytes_leuven_10km_1m, tiles_fetched_leuven_10km_1m, chunks_fetched_leuven_10km_1m, regions_fetched_leuven_10km_1m),
    ) = measure("org-10", &org, 10).await?;
    let (_, (tiles_bytes_leuven_25km_1m, tiles_fetched_leuven_25km_1m, _, _)) = measure("org-25", &org, 25).await?;
    let (network_first_results_ms, (network_bytes_leuven_10km, _, _, _)) = measure("net-10", &net, 10).await?;
    let (_, (network_bytes_leuven_25km, _, _, _)) = measure("net-25", &net, 25).await?;
    let manifest_gz_bytes_1m = served.sizes.get("/org/manifest.json").copied().unwrap_or_default();
    browser.close().await;
    Ok(TilesReport {
        profiles_1m: profiles,
        tiles_bytes_leuven_10km_1m,
        tiles_bytes_leuven_25km_1m,
        first_results_ms_1m,
        tiles_fetched_leuven_10km_1m,
        tiles_fetched_leuven_25km_1m,
        chunks_fetched_leuven_10km_1m,
        regions_fetched_leuven_10km_1m,
        manifest_gz_bytes_1m,
        network_bytes_leuven_10km,
        network_bytes_leuven_25km,
        network_first_results_ms,
        network_manifest_bytes,
    })
}
