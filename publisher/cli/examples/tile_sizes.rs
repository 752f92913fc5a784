//! What feed v2's binary tiles cost against the v1 JSON feed, on the synthetic demo feed: bytes
//! (raw and gzipped) and read time, for the same profiles, ordered by place and cut into parts
//! of `PER_TILE`; then the feed cut as `talentbrug publish` cuts it (`build_manifest`): the
//! manifest, and what an employer at 3000 Leuven fetches (manifest + the regions
//! [`Manifest::regions_near`] picks + their tiles [`tiles_near`] picks) for a 10 and a 25 km
//! search.
//!
//! The demo generator spreads people over Belgium and the Netherlands by population and composes
//! their pitches ([`talentbrug::demo_population`], [`talentbrug::demo_pitches`]).
//!
//! `cargo run --release -p talentbrug --example tile_sizes -- [PROFILES] [PER_TILE]`
//! (defaults 100000 and 4096). Prints one line per figure; the README quotes it.

use std::io::Write as _;
use std::time::Instant;

use talentbrug::demo_feed::national_demo_feed;
use talentbrug_core::manifest::{tiles_near, Manifest, TileEntry};
use talentbrug_core::reach::haversine_km;
use talentbrug_core::tile;
use talentbrug_core::{Feed, Profile, Timestamp};

fn gzipped(bytes: &[u8]) -> usize {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).expect("gzip in memory");
    gz.finish().expect("gzip in memory").len()
}

/// The fastest of five runs, in ms.
fn best_ms(mut run: impl FnMut()) -> f64 {
    (0..5)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let profiles: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let per_tile: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(4096);
    let issued_at: Timestamp = "2026-11-01T00:00:00Z".parse().expect("a timestamp");
    let mut feed = national_demo_feed(profiles, 1, issued_at, 30);
    feed.profiles.sort_by(|a, b| (a.area.lat, a.area.lon).partial_cmp(&(b.area.lat, b.area.lon)).expect("finite"));
    let chunks: Vec<&[Profile]> = feed.profiles.chunks(per_tile).collect();

    let json: Vec<Vec<u8>> = chunks.iter().map(|c| serde_json::to_vec(c).expect("json")).collect();
    let encoded: Vec<tile::EncodedTile> = chunks.iter().map(|c| tile::encode(c).expect("every demo profile fits a tile")).collect();
    for (tile, chunk) in encoded.iter().zip(&chunks) {
        assert_eq!(tile::decode_whole(&tile.tile, &tile.details).expect("reads back"), *chunk, "a tile reads back as written");
    }
    let tiles: Vec<Vec<u8>> = encoded.iter().map(|t| t.tile.clone()).collect();
    let details: Vec<Vec<u8>> = encoded.iter().flat_map(|t| t.details.clone()).collect();
    let json_ms = best_ms(|| {
        for bytes in &json {
            std::hint::black_box(serde_json::from_slice::<Vec<Profile>>(bytes).expect("json"));
        }
    });
    let tile_ms = best_ms(|| {
        for bytes in &tiles {
            std::hint::black_box(tile::decode(bytes).expect("tile"));
        }
    });
    let sum = |parts: &[Vec<u8>]| (parts.iter().map(Vec::len).sum::<usize>(), parts.iter().map(|p| gzipped(p)).sum::<usize>());
    let ((json_raw, json_gz), (tile_raw, tile_gz), (detail_raw, detail_gz)) = (sum(&json), sum(&tiles), sum(&details));
    println!("{profiles} profiles in {} parts of {per_tile}, native, fastest of 5:", chunks.len());
    println!(
        "json (v1 profiles)  {:>10} B raw {:>9} B gzipped  {:>7.1} B/profile gz  read {json_ms:.1} ms",
        json_raw,
        json_gz,
        json_gz as f64 / profiles as f64
    );
    println!(
        "tile (columnar)     {:>10} B raw {:>9} B gzipped  {:>7.1} B/profile gz  read {tile_ms:.1} ms",
        tile_raw,
        tile_gz,
        tile_gz as f64 / profiles as f64
    );
    println!(
        "detail chunks       {:>10} B raw {:>9} B gzipped  {:>7.1} B/profile gz  ({} chunks of {})",
        detail_raw,
        detail_gz,
        detail_gz as f64 / profiles as f64,
        details.len(),
        tile::CHUNK_ROWS
    );
    // What a search needs without the card's parts: the same tiles without ids and pitches.
    let bare: Vec<Vec<u8>> = chunks
        .iter()
        .map(|c| {
            let stripped: Vec<Profile> = c.iter().map(|p| Profile { id: "x".parse().expect("id"), pitch: None, ..p.clone() }).collect();
            tile::encode(&stripped).expect("tile").tile
        })
        .collect();
    let (bare_raw, bare_gz) = sum(&bare);
    println!(
        "tile without ids and pitches {:>10} B raw {:>9} B gzipped  {:>7.1} B/profile gz",
        bare_raw,
        bare_gz,
        bare_gz as f64 / profiles as f64
    );
    for radius in [10.0, 25.0] {
        let (living, reaching) = near_leuven(&feed.profiles, radius);
        println!("within {radius} km of 3000 Leuven: {living} profiles live, {reaching} of them reach it");
    }
    leuven(&feed);
}

/// How many profiles live within `radius` km of 3000 Leuven, and how many of those reach it.
fn near_leuven(profiles: &[Profile], radius: f64) -> (usize, usize) {
    let distances: Vec<(f64, f64)> = profiles
        .iter()
        .map(|p| (haversine_km(p.area.lat, p.area.lon, 50.879, 4.701), p.reach_km.km()))
        .filter(|(d, _)| *d <= radius)
        .collect();
    (distances.len(), distances.iter().filter(|(d, reach)| d <= reach).count())
}

/// The feed cut into regions of tiles, and what an employer at 3000 Leuven fetches.
fn leuven(feed: &Feed) {
    let built = talentbrug_publish::build_manifest(feed).expect("every demo profile fits a tile");
    let manifest_bytes = serde_json::to_vec(&built.manifest).expect("json");
    let manifest = Manifest::parse(&manifest_bytes).expect("a valid manifest");
    let largest_tile = built.tiles.iter().map(|(_, t)| gzipped(&t.tile)).max().unwrap_or(0);
    let largest_region = built.regions.iter().map(|r| gzipped(&r.bytes)).max().unwrap_or(0);
    println!(
        "cut: {} tiles in {} regions, largest tile {largest_tile} B gzipped, largest region {largest_region} B gzipped; manifest {} B ({} B gzipped)",
        built.tiles.len(),
        built.regions.len(),
        manifest_bytes.len(),
        gzipped(&manifest_bytes)
    );
    let (lat, lon) = (50.879, 4.701);
    for radius in [10.0, 25.0] {
        let regions: Vec<_> = built.regions.iter().filter(|r| manifest.regions_near(lat, lon, radius).any(|e| *e == r.entry)).collect();
        let region_bytes: usize = regions.iter().map(|r| gzipped(&r.bytes)).sum();
        let near: Vec<&TileEntry> = regions.iter().flat_map(|r| tiles_near(&r.tiles, lat, lon, radius)).collect();
        let tile_of = |e: &TileEntry| &built.tiles.iter().find(|(t, _)| t == e).expect("listed").1.tile;
        let bytes: usize = near.iter().map(|e| gzipped(tile_of(e))).sum();
        let people: u32 = near.iter().map(|e| e.profiles).sum();
        println!(
            "3000 Leuven, {radius} km: {} regions ({region_bytes} B gzipped), {} tiles, {people} profiles, {} B gzipped with the manifest and regions (no detail chunks)",
            regions.len(),
            near.len(),
            bytes + region_bytes + gzipped(&manifest_bytes)
        );
    }
}
