//! Search and feed-loading speed of the core on synthetic demo feeds (1k, 10k, 100k profiles),
//! with the queries of `www/bench/queries.json` that the in-browser benchmark also runs.
//!
//! `cargo bench -p talentbrug --bench search`; the figures are in the README.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use serde::Deserialize;
use talentbrug::demo_feed::demo_feed;
use talentbrug_core::api::QueryInput;
use talentbrug_core::{search, FeedIndex, Query, Timestamp, YearMonth};

#[derive(Deserialize)]
struct BenchQueries {
    issued_at: String,
    queries: Vec<NamedQuery>,
}

#[derive(Deserialize)]
struct NamedQuery {
    name: String,
    query: QueryInput,
}

fn bench_queries() -> BenchQueries {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../www/bench/queries.json");
    let text = std::fs::read_to_string(path).expect("www/bench/queries.json is in the repository");
    serde_json::from_str(&text).expect("www/bench/queries.json is valid")
}

fn compiled(queries: &BenchQueries) -> Vec<(String, Query, usize)> {
    let today: YearMonth = "2026-11".parse().expect("a month");
    queries
        .queries
        .iter()
        .map(|q| {
            let (query, _, limit) = q.query.to_query(today).expect("bench queries are valid");
            (q.name.clone(), query, limit)
        })
        .collect()
}

fn searches(c: &mut Criterion) {
    let queries = bench_queries();
    let issued_at: Timestamp = queries.issued_at.parse().expect("a timestamp");
    let compiled = compiled(&queries);
    let mut group = c.benchmark_group("search");
    for profiles in [1_000, 10_000, 100_000] {
        let index = FeedIndex::new(demo_feed(profiles, 1, issued_at, 30));
        group.throughput(Throughput::Elements(compiled.len() as u64));
        // All queries of the set, one after the other: the mean per search is this / 8.
        group.bench_with_input(BenchmarkId::new("all 8 queries", profiles), &index, |b, index| {
            b.iter(|| compiled.iter().map(|(_, q, limit)| search(black_box(index), q, *limit).total).sum::<usize>())
        });
        if profiles == 100_000 {
            for (name, query, limit) in &compiled[..2] {
                group.bench_with_input(BenchmarkId::new(name.as_str(), profiles), &index, |b, index| {
                    b.iter(|| search(black_box(index), query, *limit).total)
                });
            }
        }
    }
    group.finish();
}

fn loading(c: &mut Criterion) {
    let issued_at: Timestamp = bench_queries().issued_at.parse().expect("a timestamp");
    let bytes = demo_feed(100_000, 1, issued_at, 30).to_json();
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("parse + index 100k profiles", |b| b.iter(|| FeedIndex::parse(black_box(&bytes)).map(|i| i.len())));
    group.finish();
}

criterion_group!(benches, searches, loading);
criterion_main!(benches);
