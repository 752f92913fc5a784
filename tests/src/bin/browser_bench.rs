//! `browser-bench`: the in-browser wasm-vs-JS benchmark on a large demo feed, written as JSON.
//! Run through `cargo xtask bench` (release build, 100,000 profiles, `target/bench.json`).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use talentbrug_e2e::bench::{run, BenchOptions};

/// Runs the in-browser benchmark and writes its figures.
#[derive(Debug, Parser)]
struct Args {
    /// Profiles in the demo feed.
    #[arg(long, default_value_t = 100_000)]
    profiles: usize,
    /// Timed rounds over all queries for the wasm version.
    #[arg(long, default_value_t = 30)]
    wasm_repeats: u32,
    /// Timed rounds over all queries for the plain JS version.
    #[arg(long, default_value_t = 5)]
    js_repeats: u32,
    /// Where to write the JSON report.
    #[arg(long)]
    out: PathBuf,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let options = BenchOptions {
        profiles: args.profiles,
        wasm_repeats: args.wasm_repeats,
        js_repeats: args.js_repeats,
        native_repeats: 30,
        timeout: Duration::from_secs(600),
    };
    let report = match run(options).await {
        Ok(report) => report,
        Err(e) => {
            eprintln!("browser-bench: {e}");
            return ExitCode::FAILURE;
        }
    };
    let json = serde_json::to_string_pretty(&report).unwrap_or_default();
    if let Err(e) = std::fs::write(&args.out, &json) {
        eprintln!("browser-bench: {}: {e}", args.out.display());
        return ExitCode::FAILURE;
    }
    println!(
        "{} profiles: wasm search p50 {:.3} ms (p95 {:.3}), plain JS p50 {:.3} ms ({:.1}x), kdbush p50 {:.3} ms, native p50 {:.3} ms; \
         wasm load {:.0} ms, JS load {:.0} ms, kdbush load {:.0} ms; feed v2 whole from memory {:.0} ms ({:.0} ms with pitches), its search tiles {} B gzipped",
        report.profiles,
        report.wasm_search_p50_ms,
        report.wasm_search_p95_ms,
        report.js_search_p50_ms,
        report.wasm_speedup_p50,
        report.kdbush_search_p50_ms,
        report.native_search_p50_ms,
        report.wasm_load_ms,
        report.js_load_ms,
        report.kdbush_load_ms,
        report.wasm_v2_load_ms,
        report.wasm_v2_load_details_ms,
        report.v2_search_tiles_gz_bytes
    );
    println!("wrote {}", args.out.display());
    ExitCode::SUCCESS
}
