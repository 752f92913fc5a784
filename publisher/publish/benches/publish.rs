//! Publishing speed on synthetic exports (2,000 and 20,000 people): reading the CSV, and the
//! whole in-memory publication (k-anonymity, pitch scan, ids, signature, self-check).
//!
//! `cargo bench -p talentbrug --bench publish`; the figures (and the 100,000-person run of
//! `talentbrug publish`) are in the README.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use talentbrug_core::esco::EscoCatalogue;
use talentbrug_core::{Timestamp, YearMonth};
use talentbrug_publish::read_export;
use talentbrug_publish::synthetic::records_csv;
use talentbrug_publish::Keys;
use talentbrug_publish::{publish, PublishOptions};

fn bench_publish(c: &mut Criterion) {
    let now: Timestamp = "2026-11-23T10:00:00Z".parse().expect("a time");
    let today = YearMonth::new(2026, 11).expect("a month");
    let esco = EscoCatalogue::embedded();
    let keys = Keys::from_bytes([1; 32], [2; 32]);
    let options = PublishOptions::new(talentbrug_publish::synthetic::demo_publisher());
    let mut group = c.benchmark_group("publish");
    group.sample_size(10);
    for people in [2_000usize, 20_000] {
        let csv = records_csv(people, 1, today);
        group.throughput(Throughput::Elements(people as u64));
        group.bench_with_input(BenchmarkId::new("read_export", people), &csv, |b, csv| {
            b.iter(|| read_export(black_box(csv), &esco).expect("a valid export"))
        });
        let export = read_export(&csv, &esco).expect("a valid export");
        group.bench_with_input(BenchmarkId::new("publish", people), &export, |b, export| {
            b.iter(|| publish(black_box(export), &esco, &keys, &options, 1, now).expect("publishes"))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_publish);
criterion_main!(benches);
