//! The widget's budgets, measured in headless Chromium on this machine:
//! - size: everything the widget ships (`www/dist/talentbrug.js` + `talentbrug_bg.wasm`; the
//!   CSS is inside the wasm), gzipped at level 9 — budget 250 KB, aim 150 KB;
//! - time from navigation to first results on the demo page with a 2,000-profile feed
//!   (`performance.mark("talentbrug:first-results")`, relative to navigation start) — budget 1 s;
//! - typing in the postcode box with a 20,000-profile feed: the longest task while typing
//!   (PerformanceObserver `longtask`, which reports every task over 50 ms) — budget 50 ms.
//!
//! Writes `target/e2e/budgets.json`. Run with `cargo bench -p talentbrug-e2e --bench widget_budgets`
//! after `cargo xtask build`.

use std::io::Write as _;
use std::time::Duration;

use talentbrug_e2e::browser::Browser;
use talentbrug_e2e::site::Site;
use talentbrug_e2e::widget::Widget;
use talentbrug_e2e::{feeds, out_dir, root};

const RUNS: usize = 7;

fn gzipped(bytes: &[u8]) -> usize {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = gz.write_all(bytes);
    gz.finish().map(|v| v.len()).unwrap_or(0)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

async fn first_results(site: &Site) -> Vec<f64> {
    let mut times = Vec::new();
    for _ in 0..RUNS {
        // A fresh browser each time: nothing cached, the wasm compiled anew.
        let browser = Browser::start(1280, 1000).await.expect("browser");
        let c = &browser.client;
        c.goto(&site.url("/index.html?postcode=3000")).await.expect("goto");
        let w = Widget::new(c, "talent-brug");
        w.wait_total(None).await.expect("results");
        let t = c.execute("return performance.getEntriesByName('talentbrug:first-results')[0].startTime", vec![]).await.expect("mark");
        times.push(t.as_f64().unwrap_or(f64::NAN));
        browser.close().await;
    }
    times
}

async fn typing(site: &Site) -> (f64, usize, f64, f64) {
    let browser = Browser::start(1280, 1000).await.expect("browser");
    let c = &browser.client;
    c.goto(&site.url("/index.html")).await.expect("goto");
    let w = Widget::new(c, "talent-brug");
    w.wait_until("root && root.querySelector('#tb-pc')", "the 20,000-profile feed", Duration::from_secs(120)).await.expect("ready");
    tokio::time::sleep(Duration::from_millis(500)).await;
    // Two independent measures: the Long Tasks API, and a heartbeat (a MessageChannel ping-pong,
    // which runs whenever the main thread is free) whose largest gap is the longest blocking.
    c.execute(
        "window.__long = []; window.__typingStart = performance.now(); \
         new PerformanceObserver(l => window.__long.push(...l.getEntries().map(e => [e.startTime, e.duration]))).observe({ type: 'longtask' }); \
         window.__gap = 0; window.__beat = true; let last = performance.now(); const ch = new MessageChannel(); \
         ch.port1.onmessage = () => { const now = performance.now(); window.__gap = Math.max(window.__gap, now - last); last = now; if (window.__beat) ch.port2.postMessage(0); }; \
         ch.port2.postMessage(0);",
        vec![],
    )
    .await
    .expect("observe");
    let started = std::time::Instant::now();
    let mut keys = 0;
    for text in ["3000", "Leuven", "1000", "Gent", "2000 Antwerpen", "3500", "Mechelen"] {
        w.type_postcode(text).await.expect("type");
        keys += text.chars().count() + 2;
        w.wait_total(None).await.expect("results while typing");
    }
    let elapsed = started.elapsed().as_secs_f64() * 1000.0;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let long = c.execute("return window.__long.filter(e => e[0] >= window.__typingStart).map(e => e[1])", vec![]).await.expect("long");
    let long: Vec<f64> = long.as_array().map(|a| a.iter().filter_map(|x| x.as_f64()).collect()).unwrap_or_default();
    let gap = c.execute("window.__beat = false; return window.__gap", vec![]).await.expect("gap").as_f64().unwrap_or(f64::NAN);
    // Both measures must see a task that is long on purpose, or they prove nothing.
    c.execute(
        "window.__gap = 0; window.__beat = true; let last = performance.now(); const ch = new MessageChannel(); \
         ch.port1.onmessage = () => { const now = performance.now(); window.__gap = Math.max(window.__gap, now - last); last = now; if (window.__beat) ch.port2.postMessage(0); }; \
         ch.port2.postMessage(0); setTimeout(() => { const t = performance.now(); while (performance.now() - t < 80) {} }, 50);",
        vec![],
    )
    .await
    .expect("busy");
    tokio::time::sleep(Duration::from_millis(400)).await;
    let check =
        c.execute("window.__beat = false; return [window.__long.some(e => e[1] >= 80), window.__gap]", vec![]).await.expect("check");
    assert_eq!(check[0], true, "the longtask observer saw the 80 ms task");
    assert!(check[1].as_f64().unwrap_or(0.0) >= 80.0, "the heartbeat saw the 80 ms task: {check}");
    browser.close().await;
    (long.iter().copied().fold(0.0, f64::max), long.len(), gap, elapsed / keys as f64)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let dist = root().join("www/dist");
    let js = std::fs::read(dist.join("talentbrug.js")).expect("www/dist/talentbrug.js: run `cargo xtask build` first");
    let wasm = std::fs::read(dist.join("talentbrug_bg.wasm")).expect("www/dist/talentbrug_bg.wasm");
    let (js_gz, wasm_gz) = (gzipped(&js), gzipped(&wasm));
    let total_kb = (js_gz + wasm_gz) as f64 / 1024.0;
    println!("size: talentbrug.js {js_gz} B + talentbrug_bg.wasm {wasm_gz} B gzipped = {total_kb:.1} KB (budget 250 KB, aim 150 KB)");

    let site = Site::start().await.expect("site");
    site.put_signed_feed("/feed.json", &feeds::synthetic(2000, 1));
    let times = first_results(&site).await;
    let (med, max) = (median(times.clone()), times.iter().copied().fold(0.0, f64::max));
    println!("first results, 2,000 profiles, {RUNS} fresh browsers: median {med:.0} ms, max {max:.0} ms (budget 1000 ms)");

    let big = feeds::synthetic(20_000, 1);
    let big_mb = big.to_json().len() as f64 / 1e6;
    site.put_signed_feed("/feed.json", &big);
    let (longest, count, gap, per_key) = typing(&site).await;
    println!(
        "typing, 20,000 profiles ({big_mb:.1} MB feed): {count} tasks over 50 ms (longest {longest:.0} ms), longest main-thread gap {gap:.0} ms (budget 50 ms); {per_key:.0} ms per key through WebDriver"
    );

    let report = serde_json::json!({
        "size": { "js_gzip_bytes": js_gz, "wasm_gzip_bytes": wasm_gz, "total_gzip_kb": (total_kb * 10.0).round() / 10.0, "budget_kb": 250 },
        "first_results_ms": { "runs": times, "median": med.round(), "max": max.round(), "budget": 1000 },
        "typing_20k": { "long_tasks": count, "longest_task_ms": longest.round(), "longest_main_thread_gap_ms": gap.round(), "budget_ms": 50 },
    });
    let path = out_dir().join("budgets.json");
    let _ = std::fs::write(&path, serde_json::to_string_pretty(&report).unwrap_or_default());
    println!("written to {}", path.display());
}
