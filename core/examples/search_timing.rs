//! Where a search's time goes natively, per query of `www/bench/queries.json`: the scan and
//! ranking ([`search`]), the whole plain-data answer ([`run_query`]: postcode lookup and the best
//! matches' profiles), and building the index (`FeedIndex::new`).
//!
//! `cargo run --release -p talentbrug-core --example search_timing -- FEED.json [ROUNDS]`, with a
//! v1 feed such as `talentbrug export-json` writes. With `SHOW_MATCH` set in the environment it
//! also prints the first query's best match as JSON.

use std::hint::black_box;
use std::time::Instant;

use talentbrug_core::api::{run_query, QueryInput};
use talentbrug_core::{search, Feed, FeedIndex, YearMonth};

/// The median of some timings, in µs.
fn median_us(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2] * 1e6
}

/// Runs `f` `rounds` times and returns the median time in µs.
fn time<T>(rounds: usize, mut f: impl FnMut() -> T) -> f64 {
    median_us(
        (0..rounds)
            .map(|_| {
                let start = Instant::now();
                black_box(f());
                start.elapsed().as_secs_f64()
            })
            .collect(),
    )
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: search_timing FEED.json [ROUNDS]");
    let rounds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(200);
    let bytes = std::fs::read(&path).expect("the feed file");
    let queries: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../www/bench/queries.json")).expect("queries"))
            .expect("queries JSON");
    let today: YearMonth = "2026-11".parse().expect("a month");

    let feed = Feed::parse(&bytes).expect("a valid feed");
    let builds: Vec<f64> = (0..5)
        .map(|_| {
            let feed = feed.clone();
            let start = Instant::now();
            black_box(FeedIndex::new(feed));
            start.elapsed().as_secs_f64()
        })
        .collect();
    println!("{} profiles: FeedIndex::new median {:.1} ms", feed.profiles.len(), median_us(builds) / 1000.0);
    let index = FeedIndex::new(feed);
    if std::env::var_os("SHOW_MATCH").is_some() {
        let input: QueryInput = serde_json::from_value(queries["queries"][0]["query"].clone()).expect("a valid query");
        let out = run_query(&index, &input, today).expect("a valid query");
        println!("{}", serde_json::to_string(&out.matches[0]).expect("JSON"));
    }

    let mut search_all = Vec::new();
    let mut run_all = Vec::new();
    for q in queries["queries"].as_array().expect("a list of queries") {
        let input: QueryInput = serde_json::from_value(q["query"].clone()).expect("a valid query");
        let (query, _, limit) = input.to_query(today).expect("a valid query");
        let total = search(&index, &query, limit).total;
        let scan = time(rounds, || search(&index, &query, 0).total);
        let ranked = time(rounds, || search(&index, &query, limit).total);
        let run = time(rounds, || run_query(&index, &input, today).map(|o| o.matches.len()).ok());
        let json = time(rounds, || run_query(&index, &input, today).map(|o| serde_json::to_string(&o).map(|s| s.len())).ok());
        search_all.push(ranked);
        run_all.push(run);
        println!(
            "{:<48} {total:>6} matches: search limit 0 {scan:>6.1} µs, limit {limit} {ranked:>6.1} µs; run_query {run:>6.1} µs; + JSON {json:>6.1} µs",
            q["name"].as_str().unwrap_or_default()
        );
    }
    println!(
        "median of the queries: search {:.1} µs, run_query {:.1} µs",
        median_us(search_all.iter().map(|us| us / 1e6).collect()),
        median_us(run_all.iter().map(|us| us / 1e6).collect())
    );
}
