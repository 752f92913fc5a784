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
//! Then, for the feed `cargo xtask bench` measures (`demo_feed`, cut and encoded as
//! `build_manifest` does: the key `v2_search_tiles_gz_bytes`) and for the national feed, where a
//! search tile's gzipped bytes go, per field: each field's cost is what the tiles shrink by when
//! every profile gets the same value for it. Next to it, the entropy of the generator's choices
//! for that field (given the tile's cell and reach band, as the manifest already says), which no
//! lossless layout can beat.
//!
//! Last, what the bench feed's tiles would weigh with random ids of several lengths or none (as
//! they are now: numbered by row), and with occupations named by their place in the manifest's
//! list: the options the README weighs.
//!
//! `cargo run --release -p talentbrug --example tile_sizes -- [PROFILES] [PER_TILE]`
//! (defaults 100000 and 4096; `FAST=1` skips the per-field part, minutes at 1,000,000). Prints
//! one line per figure; the README quotes it.

use std::io::Write as _;
use std::time::Instant;

use std::collections::HashMap;

use talentbrug::demo_feed::{demo_feed, national_demo_feed};
use talentbrug_core::manifest::{tiles_near, Manifest, TileEntry};
use talentbrug_core::reach::haversine_km;
use talentbrug_core::tile;
use talentbrug_core::{EscoId, Feed, Profile, Timestamp};

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
    if std::env::var("FAST").is_err() {
        columns("demo_feed (cargo xtask bench)", &demo_feed(profiles, 1, issued_at, 30));
        columns("national_demo_feed", &feed);
    }
}

/// One field of a profile, for the per-field breakdown: its name, how to set it to a fixed
/// value, and its value as a key for counting.
type Field = (&'static str, fn(&mut Profile, &Profile), fn(&Profile) -> String);

const FIELDS: [Field; 15] = [
    ("id", |p, b| p.id = b.id.clone(), |p| p.id.to_string()),
    ("area", |p, b| p.area = b.area.clone(), |p| p.area.postcode.qualified()),
    ("reach_km", |p, b| p.reach_km = b.reach_km, |p| format!("{:?}", p.reach_km)),
    ("travel_modes", |p, b| p.travel_modes = b.travel_modes, |p| p.travel_modes.bits().to_string()),
    ("occupations", |p, b| p.occupations = b.occupations.clone(), |p| format!("{:?}", p.occupations)),
    ("occupation_groups", |p, b| p.occupation_groups = b.occupation_groups.clone(), |p| format!("{:?}", p.occupation_groups)),
    ("talents", |p, b| p.talents = b.talents, |p| p.talents.bits().to_string()),
    ("strengths", |p, b| p.strengths = b.strengths, |p| p.strengths.bits().to_string()),
    ("languages", |p, b| p.languages = b.languages.clone(), |p| format!("{:?}", p.languages)),
    ("hours", |p, b| p.hours = b.hours, |p| format!("{:?}", p.hours)),
    ("shifts", |p, b| p.shifts = b.shifts, |p| p.shifts.bits().to_string()),
    ("available_from", |p, b| p.available_from = b.available_from, |p| p.available_from.ordinal().to_string()),
    ("contract_forms", |p, b| p.contract_forms = b.contract_forms, |p| p.contract_forms.bits().to_string()),
    ("job_coaching", |p, b| p.job_coaching = b.job_coaching, |p| p.job_coaching.to_string()),
    ("workplace_needs", |p, b| p.workplace_needs = b.workplace_needs, |p| p.workplace_needs.bits().to_string()),
];

/// Plug-in entropy, in bits per item, of the keys in `groups` (each group counted on its own,
/// weighted by its size): the entropy of a value given its group.
fn entropy_bits(groups: impl Iterator<Item = (String, String)>) -> f64 {
    let mut counts: HashMap<String, HashMap<String, usize>> = HashMap::new();
    for (group, key) in groups {
        *counts.entry(group).or_default().entry(key).or_default() += 1;
    }
    let total: usize = counts.values().flat_map(|c| c.values()).sum();
    let mut bits = 0.0;
    for c in counts.values() {
        let n: usize = c.values().sum();
        bits += c.values().map(|&k| -(k as f64) * (k as f64 / n as f64).log2()).sum::<f64>();
    }
    bits / total.max(1) as f64
}

/// Where the search tiles' gzipped bytes go, per field, for `feed` cut as the publisher cuts it.
fn columns(name: &str, feed: &Feed) {
    let n = feed.profiles.len();
    let cut: Vec<(String, Vec<Profile>)> =
        talentbrug_publish::cut_into_regions(feed.profiles.clone()).into_iter().flat_map(|(_, tiles)| tiles).collect();
    let gz = |tiles: &[(String, Vec<Profile>)], change: &dyn Fn(&mut Profile)| -> (usize, usize) {
        tiles
            .iter()
            .map(|(_, people)| {
                let mut people = people.clone();
                people.iter_mut().for_each(change);
                let bytes = tile::encode(&people).expect("every demo profile fits a tile").tile;
                (bytes.len(), gzipped(&bytes))
            })
            .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
    };
    let (raw, all) = gz(&cut, &|_| {});
    let start = Instant::now();
    let encoded: Vec<Vec<u8>> = cut.iter().map(|(_, people)| tile::encode(people).expect("fits").tile).collect();
    let encode_ms = start.elapsed().as_secs_f64() * 1000.0;
    let decode_ms = best_ms(|| {
        for bytes in &encoded {
            std::hint::black_box(tile::decode(bytes).expect("tile"));
        }
    });
    let per = |b: f64| b / n as f64;
    println!(
        "{name}, {n} profiles cut as publish cuts them: {} tiles, search tiles {raw} B raw, {all} B gzipped ({:.2} B/profile); encode {encode_ms:.0} ms, decode (search tiles only, fastest of 5) {decode_ms:.1} ms",
        cut.len(),
        per(all as f64)
    );
    // The tile a profile is in, without its reach band: areas depend on the cell only.
    let cell = |key: &str| key.split("_r").next().unwrap_or(key).to_owned();
    let band = |key: &str| key.split("_r").nth(1).and_then(|b| b.chars().next()).unwrap_or('?').to_string();
    let base = feed.profiles[0].clone();
    let (mut sum_cost, mut sum_bits) = (0.0, 0.0);
    println!("  field              gz B/profile   entropy bits/profile (given the tile)");
    for (field, set, key) in FIELDS {
        let (_, without) = gz(&cut, &|p| set(p, &base));
        let cost = per(all as f64 - without as f64);
        let rows = cut.iter().flat_map(|(k, ps)| ps.iter().map(move |p| (k, p)));
        let bits = match field {
            "area" => entropy_bits(rows.map(|(k, p)| (cell(k), key(p)))),
            "reach_km" => entropy_bits(rows.map(|(k, p)| (band(k), key(p)))),
            // Wallonia speaks French: languages given the cell.
            "languages" => entropy_bits(rows.map(|(k, p)| (cell(k), key(p)))),
            // Occupations and talents share the occupation family: talents given occupations.
            "talents" => entropy_bits(rows.map(|(_, p)| (format!("{:?}", p.occupations), key(p)))),
            "id" => id_bits(feed),
            _ => entropy_bits(rows.map(|(_, p)| (String::new(), key(p)))),
        };
        println!("  {field:<18} {cost:>8.2}       {bits:>6.2} ({:.2} B)", bits / 8.0);
        (sum_cost, sum_bits) = (sum_cost + cost, sum_bits + bits);
    }
    let (_, no_pitches) = gz(&cut, &|p| p.pitch = None);
    let detail_refs = per(all as f64 - no_pitches as f64);
    let (_, nothing) = gz(&cut, &|p| *p = Profile { pitch: p.pitch.clone(), ..base.clone() });
    // Rows are a set: any order may be chosen, which is worth log2(n!) bits per tile.
    let order_bits: f64 = cut.iter().map(|(_, ps)| (1..=ps.len()).map(|i| (i as f64).log2()).sum::<f64>()).sum::<f64>() / n as f64;
    println!("  detail chunk list  {detail_refs:>8.2}       (32 B of SHA-256 per chunk of {} rows)", tile::CHUNK_ROWS);
    println!("  all fields fixed   {:>8.2}       (what is left: tables, counts, the chunk list)", per(nothing as f64));
    println!(
        "  sum of the fields  {sum_cost:>8.2}       {sum_bits:>6.2} ({:.2} B); minus the free row order {order_bits:.2} bits: {:.2} B/profile, {:.2} B without ids",
        sum_bits / 8.0,
        (sum_bits - order_bits) / 8.0,
        (sum_bits - order_bits - id_bits(feed)) / 8.0
    );
    id_options(&cut, n);
    occupations_by_place(&cut, &feed.occupations.keys().copied().collect::<Vec<_>>(), n);
}

/// What the search tiles would weigh with random hex ids of several lengths (before tile layout
/// 4 the publisher wrote 16, the demo generator 10), and with none: the options that were weighed
/// for the rotating ids.
fn id_options(tiles: &[(String, Vec<Profile>)], n: usize) {
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut random = move || {
        // SplitMix64: random enough for gzip.
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    for len in [16usize, 12, 10, 8, 0] {
        let gz: usize = tiles
            .iter()
            .map(|(_, people)| {
                let people: Vec<Profile> = people
                    .iter()
                    .map(|p| {
                        let id = if len == 0 { "x".to_owned() } else { format!("{:016x}", random())[..len].to_owned() };
                        Profile { id: id.parse().expect("hex ids are valid"), ..p.clone() }
                    })
                    .collect();
                gzipped(&tile::encode(&people).expect("fits").tile)
            })
            .sum();
        let what = if len == 0 { "no ids (one fixed id)".to_owned() } else { format!("random ids of {len} hex chars") };
        println!("  with {what:<28} {gz:>9} B gzipped  {:>6.2} B/profile", gz as f64 / n as f64);
    }
}

/// What the search tiles would weigh if a tile named its occupations by their place in the
/// manifest's occupation list (which every reader has) instead of by 16-byte ESCO ids: measured
/// by giving every occupation an id of 15 zero bytes and its place, which gzip all but removes.
fn occupations_by_place(tiles: &[(String, Vec<Profile>)], manifest_order: &[EscoId], n: usize) {
    let place = |id: &EscoId| {
        let at = manifest_order.iter().position(|o| o == id).unwrap_or(0) as u16;
        let mut bytes = [0u8; 16];
        bytes[14..].copy_from_slice(&at.to_be_bytes());
        EscoId::from_bytes(bytes)
    };
    let gz: usize = tiles
        .iter()
        .map(|(_, people)| {
            let people: Vec<Profile> =
                people.iter().map(|p| Profile { occupations: p.occupations.iter().map(place).collect(), ..p.clone() }).collect();
            gzipped(&tile::encode(&people).expect("fits").tile)
        })
        .sum();
    println!("  occupations as places in the manifest's list: {gz:>9} B gzipped  {:>6.2} B/profile", gz as f64 / n as f64);
}

/// Bits of entropy in the ids, per profile: 4 per hex character of random hex ids, none for ids
/// numbered by row (`<sequence>-<tile>-<row>`, as the publisher and the demo name them since tile layout
/// 4), which a tile stores once.
fn id_bits(feed: &Feed) -> f64 {
    let numbered = |id: &str| id.rsplit_once('-').is_some_and(|(_, row)| row.bytes().all(|b| b.is_ascii_digit()));
    let bits = |id: &str| if numbered(id) { 0.0 } else { 4.0 * id.len() as f64 };
    feed.profiles.iter().map(|p| bits(p.id.as_str())).sum::<f64>() / feed.profiles.len().max(1) as f64
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
    let largest_tile = built.tiles().map(|(_, t)| gzipped(&t.tile)).max().unwrap_or(0);
    let largest_region = built.regions.iter().map(|r| gzipped(&r.bytes)).max().unwrap_or(0);
    println!(
        "cut: {} tiles in {} regions, largest tile {largest_tile} B gzipped, largest region {largest_region} B gzipped; manifest {} B ({} B gzipped)",
        built.tile_count(),
        built.regions.len(),
        manifest_bytes.len(),
        gzipped(&manifest_bytes)
    );
    let (lat, lon) = (50.879, 4.701);
    for radius in [10.0, 25.0] {
        let regions: Vec<_> = built.regions.iter().filter(|r| manifest.regions_near(lat, lon, radius).any(|e| *e == r.entry)).collect();
        let region_bytes: usize = regions.iter().map(|r| gzipped(&r.bytes)).sum();
        let near: Vec<&TileEntry> = regions.iter().flat_map(|r| tiles_near(&r.tiles, lat, lon, radius)).collect();
        let tile_of = |e: &TileEntry| &built.tiles().find(|(t, _)| *t == e).expect("listed").1.tile;
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
