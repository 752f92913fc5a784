//! The in-browser benchmark: the same demo feed and queries (`www/bench/queries.json`) through
//! the core's npm package (WebAssembly) and through a plain JavaScript search
//! (`www/bench/plain-search.js`), in one page in headless Chromium, plus the native core in this
//! process. Both browser versions and the native core must return the same ids for every query.
//!
//! `cargo xtask bench` runs it on 100,000 profiles (release build) and writes
//! `target/bench.json`; `tests/bench_browser.rs` runs it on a small feed in CI. Needs
//! `cargo xtask build` first (the npm package in `target/pkg/`, the widget in `www/dist/`).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use talentbrug::demo_feed::demo_feed;
use talentbrug_core::api::{run_query, QueryInput};
use talentbrug_core::{FeedIndex, Timestamp, YearMonth};

use crate::browser::Browser;
use crate::site::Site;
use crate::{root, HarnessError, Result};

/// How big a run is.
#[derive(Clone, Copy, Debug)]
pub struct BenchOptions {
    /// Profiles in the demo feed.
    pub profiles: usize,
    /// Timed rounds over all queries for the wasm version.
    pub wasm_repeats: u32,
    /// Timed rounds over all queries for the plain JS version.
    pub js_repeats: u32,
    /// Timed rounds over all queries natively.
    pub native_repeats: u32,
    /// How long the page may take.
    pub timeout: Duration,
}

/// One benchmark query, as in `www/bench/queries.json`.
#[derive(Clone, Debug, Deserialize)]
pub struct BenchQuery {
    /// What it is.
    pub name: String,
    /// The query in the core's plain-data form (what JS developers pass to `search`).
    pub query: Value,
}

/// `www/bench/queries.json`.
#[derive(Clone, Debug, Deserialize)]
pub struct BenchQueries {
    /// When the demo feed is issued (fixed, so availability is reproducible).
    pub issued_at: String,
    /// The queries.
    pub queries: Vec<BenchQuery>,
}

/// What `target/bench.json` holds.
#[derive(Clone, Debug, Serialize)]
pub struct BenchReport {
    /// Profiles in the feed.
    pub profiles: usize,
    /// Median wasm search time (all queries, all rounds), ms.
    pub wasm_search_p50_ms: f64,
    /// 95th percentile wasm search time, ms.
    pub wasm_search_p95_ms: f64,
    /// Median plain JS search time, ms.
    pub js_search_p50_ms: f64,
    /// 95th percentile plain JS search time, ms.
    pub js_search_p95_ms: f64,
    /// Fetch + parse + index of the feed in the wasm core, ms.
    pub wasm_load_ms: f64,
    /// Fetch + `JSON.parse` of the feed for the plain JS version, ms.
    pub js_load_ms: f64,
    /// The same feed as feed v2, from memory: manifest fetched and verified, every search tile
    /// checked, decoded and indexed by the npm package's `loadAll({ details: false })` (issue
    /// 13's load budget), ms, median of 5.
    pub wasm_v2_load_ms: f64,
    /// The same with every detail chunk (the pitches) fetched and checked too (`loadAll()`), ms,
    /// median of 5.
    pub wasm_v2_load_details_ms: f64,
    /// The v2 feed's search tiles (all of them, without detail chunks), gzip -9, bytes.
    pub v2_search_tiles_gz_bytes: usize,
    /// Median search time of the same search on a kdbush + geokdbush index, ms.
    pub kdbush_search_p50_ms: f64,
    /// 95th percentile kdbush search time, ms.
    pub kdbush_search_p95_ms: f64,
    /// Fetch + `JSON.parse` + building the kdbush index, ms.
    pub kdbush_load_ms: f64,
    /// Median native search time of the same queries in this process, ms.
    pub native_search_p50_ms: f64,
    /// `js_search_p50_ms / wasm_search_p50_ms`.
    pub wasm_speedup_p50: f64,
    /// Feed size in bytes.
    pub feed_bytes: usize,
    /// The browser's timer resolution, as the page saw it.
    pub timer: String,
    /// Per query: matches, ids, and p50 of each version.
    pub per_query: Value,
}

/// Reads `www/bench/queries.json`.
pub fn queries() -> Result<BenchQueries> {
    let path = root().join("www/bench/queries.json");
    let text = std::fs::read_to_string(&path).map_err(|e| HarnessError::Setup(format!("{}: {e}", path.display())))?;
    serde_json::from_str(&text).map_err(|e| HarnessError::Setup(format!("{}: {e}", path.display())))
}

fn pkg_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root().join(dir),
        None => root().join("target"),
    }
    .join("pkg")
}

/// Nearest-rank percentile, as the page computes it.
pub fn percentile(samples: &[f64], p: f64) -> f64 {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = ((p * sorted.len() as f64).ceil() as usize).max(1);
    sorted.get(rank - 1).copied().unwrap_or(f64::NAN)
}

/// What the native core answers to one query: the total and the ids shown.
type NativeAnswer = (usize, Vec<String>);

/// The native answers per query and the median native search time.
fn native(index: &FeedIndex, queries: &BenchQueries, repeats: u32) -> Result<(Vec<NativeAnswer>, f64)> {
    let today: YearMonth = "2026-11".parse().map_err(|e| HarnessError::Setup(format!("{e}")))?;
    let inputs: Vec<QueryInput> = queries
        .queries
        .iter()
        .map(|q| serde_json::from_value(q.query.clone()).map_err(|e| HarnessError::Setup(format!("query {}: {e}", q.name))))
        .collect::<Result<_>>()?;
    let mut answers = Vec::new();
    for (input, q) in inputs.iter().zip(&queries.queries) {
        let out = run_query(index, input, today).map_err(|e| HarnessError::Setup(format!("query {}: {e}", q.name)))?;
        answers.push((out.total, out.matches.iter().map(|m| m.id.to_owned()).collect()));
    }
    let mut samples = Vec::new();
    for _ in 0..repeats {
        for input in &inputs {
            let start = Instant::now();
            let out = run_query(index, input, today).map(|o| o.total);
            samples.push(start.elapsed().as_secs_f64() * 1000.0);
            std::hint::black_box(out.ok());
        }
    }
    Ok((answers, percentile(&samples, 0.5)))
}

fn number(result: &Value, key: &str) -> Result<f64> {
    result[key].as_f64().ok_or_else(|| HarnessError::Setup(format!("the bench page gave no number `{key}`: {result}")))
}

/// Runs the benchmark and checks that wasm, plain JS and native agree on every query.
pub async fn run(options: BenchOptions) -> Result<BenchReport> {
    let queries = queries()?;
    let issued_at: Timestamp = queries.issued_at.parse().map_err(|e| HarnessError::Setup(format!("issued_at: {e}")))?;
    let feed = demo_feed(options.profiles, 1, issued_at, 30);
    let bytes = feed.to_json();
    let feed_bytes = bytes.len();
    let site = Site::start().await?;
    let (v2_files, v2_key) = site.put_signed_v2("/v2", &feed);
    let v2 = crate::feeds::signed_v2(&feed);
    let v2_search_tiles_gz_bytes = v2.tiles.iter().filter(|(p, _)| p.ends_with(".tb2")).map(|(_, b)| crate::feeds::gzipped_len(b)).sum();
    drop((v2, v2_files));
    let index = FeedIndex::new(feed);
    let (native_answers, native_p50) = native(&index, &queries, options.native_repeats)?;
    drop(index);

    site.put("/feed.json", bytes, "application/json");
    for (file, kind) in [("talentbrug_core.js", "text/javascript"), ("talentbrug_core_bg.wasm", "application/wasm")] {
        let path = pkg_dir().join(file);
        let content =
            std::fs::read(&path).map_err(|e| HarnessError::Setup(format!("{}: {e}; run `cargo xtask build` first", path.display())))?;
        site.put(&format!("/pkg/{file}"), content, kind);
    }
    // The JavaScript baseline's libraries, as pinned in tests/package.json (`npm ci` in tests/).
    for package in ["kdbush", "geokdbush", "tinyqueue"] {
        let path = root().join("tests/node_modules").join(package).join("index.js");
        let content = std::fs::read(&path).map_err(|e| HarnessError::Setup(format!("{}: {e}; run `npm ci` in tests/", path.display())))?;
        site.put(&format!("/vendor/{package}/index.js"), content, "text/javascript");
    }
    let browser = Browser::start(1280, 900).await?;
    let outcome = drive(&browser, &site, options, &v2_key).await;
    browser.close().await;
    let result = outcome?;

    let per_query = result["per_query"].clone();
    let checks = per_query.as_array().cloned().unwrap_or_default();
    if checks.len() != queries.queries.len() {
        return Err(HarnessError::Setup(format!("the page ran {} queries, not {}", checks.len(), queries.queries.len())));
    }
    for ((check, q), (native_total, native_ids)) in checks.iter().zip(&queries.queries).zip(&native_answers) {
        let ids: Vec<String> = serde_json::from_value(check["ids"].clone()).unwrap_or_default();
        let js_ids: Vec<String> = serde_json::from_value(check["js_ids"].clone()).unwrap_or_default();
        let (total, js_total) = (check["total"].as_u64(), check["js_total"].as_u64());
        if ids != js_ids || total != js_total {
            return Err(HarnessError::Setup(format!("{}: wasm and plain JS differ: {total:?} {ids:?} vs {js_total:?} {js_ids:?}", q.name)));
        }
        let kd_ids: Vec<String> = serde_json::from_value(check["kdbush_ids"].clone()).unwrap_or_default();
        let kd_total = check["kdbush_total"].as_u64();
        if ids != kd_ids || total != kd_total {
            return Err(HarnessError::Setup(format!("{}: wasm and kdbush differ: {total:?} {ids:?} vs {kd_total:?} {kd_ids:?}", q.name)));
        }
        if &ids != native_ids || total != Some(*native_total as u64) {
            return Err(HarnessError::Setup(format!("{}: wasm and native differ: {ids:?} vs {native_ids:?}", q.name)));
        }
        if ids.is_empty() {
            return Err(HarnessError::Setup(format!("{}: no matches, so the comparison proves nothing", q.name)));
        }
    }

    let wasm_p50 = number(&result, "wasm_search_p50_ms")?;
    let js_p50 = number(&result, "js_search_p50_ms")?;
    Ok(BenchReport {
        profiles: number(&result, "profiles")? as usize,
        wasm_search_p50_ms: wasm_p50,
        wasm_search_p95_ms: number(&result, "wasm_search_p95_ms")?,
        js_search_p50_ms: js_p50,
        js_search_p95_ms: number(&result, "js_search_p95_ms")?,
        wasm_load_ms: number(&result, "wasm_load_ms")?,
        js_load_ms: number(&result, "js_load_ms")?,
        wasm_v2_load_ms: number(&result, "wasm_v2_load_ms")?,
        wasm_v2_load_details_ms: number(&result, "wasm_v2_load_details_ms")?,
        v2_search_tiles_gz_bytes,
        kdbush_search_p50_ms: number(&result, "kdbush_search_p50_ms")?,
        kdbush_search_p95_ms: number(&result, "kdbush_search_p95_ms")?,
        kdbush_load_ms: number(&result, "kdbush_load_ms")?,
        native_search_p50_ms: native_p50,
        wasm_speedup_p50: if wasm_p50 > 0.0 { js_p50 / wasm_p50 } else { f64::INFINITY },
        feed_bytes,
        timer: result["timer_resolution_note"].as_str().unwrap_or_default().to_owned(),
        per_query,
    })
}

/// Opens the page and waits for it to leave a result (or an error) behind.
async fn drive(browser: &Browser, site: &Site, options: BenchOptions, v2_key: &str) -> Result<Value> {
    let key: String = v2_key
        .chars()
        .map(|c| match c {
            '+' => "%2B".to_owned(),
            '/' => "%2F".to_owned(),
            '=' => "%3D".to_owned(),
            c => c.to_string(),
        })
        .collect();
    let url = site.url(&format!(
        "/bench/index.html?wasm_repeats={}&js_repeats={}&manifest=/v2/manifest.json&key={key}",
        options.wasm_repeats, options.js_repeats
    ));
    browser.client.goto(&url).await?;
    let deadline = Instant::now() + options.timeout;
    loop {
        let state =
            browser.client.execute("return { result: window.benchResult ?? null, error: window.benchError ?? null };", vec![]).await?;
        if let Some(error) = state["error"].as_str() {
            return Err(HarnessError::Setup(format!("the bench page failed: {error}")));
        }
        if !state["result"].is_null() {
            return Ok(state["result"].clone());
        }
        if Instant::now() > deadline {
            let status = browser.client.find(fantoccini::Locator::Id("status")).await?.text().await.unwrap_or_default();
            return Err(HarnessError::Timeout(format!("the bench page (last status: {status})")));
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let samples = [5.0, 1.0, 4.0, 2.0, 3.0];
        assert_eq!(percentile(&samples, 0.5), 3.0);
        assert_eq!(percentile(&samples, 0.95), 5.0);
        assert_eq!(percentile(&[7.0], 0.5), 7.0);
        assert!(percentile(&[], 0.5).is_nan());
    }

    #[test]
    fn every_bench_query_is_a_valid_core_query() {
        let queries = queries().unwrap();
        assert!(queries.queries.len() >= 5);
        for q in &queries.queries {
            let input: QueryInput = serde_json::from_value(q.query.clone()).unwrap_or_else(|e| panic!("{}: {e}", q.name));
            assert!(input.to_query("2026-11".parse().unwrap()).is_ok(), "{}", q.name);
            assert_eq!(q.query["today"], "2026-11", "{}: a fixed month keeps the scores reproducible", q.name);
        }
    }
}
