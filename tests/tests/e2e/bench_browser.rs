//! The in-browser benchmark on a small feed, in CI: the wasm package, the plain JavaScript
//! search, the same search on a kdbush + geokdbush index and the native core must return the
//! same ids for every benchmark query. The 100k run
//! and its figures are `cargo xtask bench`.

use std::time::Duration;

use talentbrug_e2e::bench::{run, BenchOptions};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wasm_plain_js_and_native_agree_on_every_query() {
    let options = BenchOptions { profiles: 3_000, wasm_repeats: 3, js_repeats: 1, native_repeats: 1, timeout: Duration::from_secs(180) };
    let report = run(options).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(report.profiles > 2_990 && report.profiles <= 3_000, "{}", report.profiles);
    let queries = report.per_query.as_array().map(Vec::len).unwrap_or(0);
    assert_eq!(queries, talentbrug_e2e::bench::queries().unwrap().queries.len());
    assert!(report.wasm_load_ms > 0.0 && report.js_load_ms > 0.0 && report.kdbush_load_ms > 0.0, "{report:?}");
    assert!(report.wasm_v2_load_ms > 0.0 && report.wasm_v2_load_details_ms > 0.0 && report.v2_search_tiles_gz_bytes > 0, "{report:?}");
    assert!(report.kdbush_search_p95_ms >= report.kdbush_search_p50_ms, "{report:?}");
    assert!(report.wasm_search_p95_ms >= report.wasm_search_p50_ms, "{report:?}");
}
