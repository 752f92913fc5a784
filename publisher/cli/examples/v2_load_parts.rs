//! Where feed v2's whole-feed load spends its time, natively: decoding the tiles, checking the
//! profiles as one feed, and indexing them (`cargo run --release -p talentbrug --example
//! v2_load_parts -- 100000`).

use std::time::Instant;

use talentbrug::demo_feed::demo_feed;
use talentbrug_core::tile;
use talentbrug_core::{FeedIndex, Timestamp};

fn main() {
    let profiles: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let issued_at: Timestamp = "2026-11-01T00:00:00Z".parse().expect("a timestamp");
    let feed = demo_feed(profiles, 1, issued_at, 30);
    let built = talentbrug_publish::build_manifest(&feed).expect("tiles");
    let (manifest, tiles): (_, Vec<_>) = (&built.manifest, built.tiles().map(|(_, t)| t).collect());
    let start = Instant::now();
    let mut all = Vec::new();
    for t in &tiles {
        all.extend(tile::decode_whole(&t.tile, &t.details).expect("tile"));
    }
    let decode = start.elapsed();
    // What a reader that leaves pitches for later decodes: the search tiles alone.
    let start = Instant::now();
    let searched: usize = tiles.iter().map(|t| tile::decode(&t.tile).expect("tile").profiles.len()).sum();
    let decode_search = start.elapsed();
    assert_eq!(searched, all.len());
    let start = Instant::now();
    let checked = manifest.to_feed(all.clone()).expect("feed");
    let check = start.elapsed();
    let start = Instant::now();
    let index = FeedIndex::new(checked);
    let build = start.elapsed();
    // What readers do: check across tiles and index in one (ids sorted once).
    let start = Instant::now();
    let read = manifest.index(all).expect("feed").len();
    let both = start.elapsed();
    assert_eq!(read, index.len());
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{} profiles in {} tiles: decode {:.1} ms (search tiles alone {:.1} ms), check as one feed {:.1} ms, index {:.1} ms; check and index as readers do \
         (Manifest::index) {:.1} ms",
        index.len(),
        tiles.len(),
        ms(decode),
        ms(decode_search),
        ms(check),
        ms(build),
        ms(both)
    );
}
