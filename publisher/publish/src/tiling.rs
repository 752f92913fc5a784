//! How a feed v2 is cut into tiles: by place, then by reach, so an employer fetches only the
//! tiles of people who live near enough *and* travel far enough to reach them.
//!
//! Cells are 0.1 degree of latitude by 0.15 of longitude (about 11 by 10.5 km in Belgium and
//! the Netherlands). Within a cell, people are split into reach bands (under 5 km, 5-10, 10-25,
//! 25 and more): a far cell's short-reach tile is never fetched, because its box is farther
//! than its longest reach. A band with more than [`MAX_PER_TILE`] people (a dense city) is split
//! into quarters of its box until each part fits. Within a tile, people are ordered by area, so
//! an area's rows sit together and compress, then by id (rotated ids are random and change with
//! every publication). A publication then names each profile by its tile and row
//! ([`crate::number_by_tile`]).
//!
//! Tiles are grouped into regions ([`cut_into_regions`]): [`REGION_CELLS`] by [`REGION_CELLS`]
//! cells of one reach band, about 44 by 42 km. The signed manifest lists only the regions (a few
//! hundred for Belgium and the Netherlands); each region's file lists its tiles, so an employer
//! reads the tile list of their own surroundings, not of the whole country.
//!
//! Where people are few, cells of a region are merged: a region's band with at most
//! [`MERGE_UP_TO`] people is one tile, and otherwise each quarter (2 by 2 cells) with at most that
//! many is one tile. Every tile carries its own tables (an occupation is 16 bytes of its ESCO id)
//! and gzip's own code tables, a few hundred bytes that a tile of 37 people (the median cell of
//! the 100,000-profile demo feed) pays about 10 bytes each for; a sparse area's merged tile is
//! still small, so a search there fetches little more.
//!
//! The scheme is the publisher's choice: readers only use each region's and tile's box and
//! longest reach from the manifest, so it can change without changing any reader.
//!
//! # Examples
//!
//! ```
//! use talentbrug_publish::{cut_into_tiles, MAX_PER_TILE};
//! # use talentbrug_core::Profile;
//! # let json = |id: &str, lat: f64, reach: u32| format!(r#"{{ "id": "{id}", "area": {{ "postcode": "BE-3000", "label": "Leuven", "lat": {lat}, "lon": 4.701 }},
//! #     "reach_km": {reach}, "travel_modes": [], "occupations": [], "talents": [], "strengths": [], "languages": [],
//! #     "hours": {{ "min": 20, "max": 30 }}, "shifts": [], "available_from": "2026-01",
//! #     "contract_forms": [], "job_coaching": false, "workplace_needs": [] }}"#);
//! # let p = |id: &str, lat: f64, reach: u32| serde_json::from_str::<Profile>(&json(id, lat, reach)).unwrap();
//! // Two people in Leuven with different reach, one in Antwerp: three tiles.
//! let tiles = cut_into_tiles(vec![p("a", 50.879, 3), p("b", 50.879, 20), p("c", 51.219, 3)]);
//! assert_eq!(tiles.len(), 3);
//! assert!(tiles.iter().all(|(_, people)| people.len() <= MAX_PER_TILE));
//! ```

use std::collections::BTreeMap;

use talentbrug_core::{Profile, ProfileId};

/// Most people in one tile (about 40-70 KB gzipped with their ids and pitches).
pub const MAX_PER_TILE: usize = 4096;
/// Cell height in degrees of latitude.
const CELL_LAT: f64 = 0.1;
/// Cell width in degrees of longitude.
const CELL_LON: f64 = 0.15;
/// Cells per side of a region.
pub const REGION_CELLS: i64 = 4;
/// Most people of one band in a merged square of cells (a region, or a quarter of one). Chosen by
/// measurement (`tile_sizes` example): against cells only, the search tiles of the 100,000-profile
/// bench feed shrink by 14 % (512: 10 %, 768: 12 %), while an employer at 3000 Leuven in the
/// 1,000,000-profile national feed fetches 15 tiles with 11,329 profiles for 10 km instead of
/// 18 with 9,896 (8 % more bytes than with cells only; 512: no more).
pub const MERGE_UP_TO: usize = 1024;
/// Lower bounds of the reach bands, in km.
const BANDS: [f64; 4] = [0.0, 5.0, 10.0, 25.0];

fn band(reach_km: f64) -> usize {
    BANDS.iter().rposition(|&b| reach_km >= b).unwrap_or(0)
}

/// A tile as cut: its key and its people.
pub type Tile = (String, Vec<Profile>);

/// Cuts profiles into tiles; each comes with its key (`<cell lat>_<cell lon>_r<band>` and a
/// quarter path such as `.0.3` for a split dense cell). Tiles are in key order.
pub fn cut_into_tiles(profiles: Vec<Profile>) -> Vec<Tile> {
    let mut groups: BTreeMap<(i64, i64, usize), Vec<Profile>> = BTreeMap::new();
    for p in profiles {
        let key = ((p.area.lat / CELL_LAT).floor() as i64, (p.area.lon / CELL_LON).floor() as i64, band(p.reach_km.km()));
        groups.entry(key).or_default().push(p);
    }
    let mut out = Vec::new();
    for ((lat, lon, band), people) in groups {
        let bbox = (lat as f64 * CELL_LAT, lon as f64 * CELL_LON, (lat + 1) as f64 * CELL_LAT, (lon + 1) as f64 * CELL_LON);
        split(format!("{lat}_{lon}_r{band}"), bbox, people, &mut out);
    }
    out
}

fn cell_of(p: &Profile) -> (i64, i64) {
    ((p.area.lat / CELL_LAT).floor() as i64, (p.area.lon / CELL_LON).floor() as i64)
}

/// Cuts profiles into regions of tiles: each region comes with its key
/// (`<region lat>_<region lon>_r<band>`) and its tiles, in key order. A region's band with at
/// most [`MERGE_UP_TO`] people is one tile (key `<first cell lat>_<first cell lon>_r<band>_4x4`),
/// otherwise each of its quarters with at most that many (`..._2x2`); the rest is cut by cell
/// as [`cut_into_tiles`] cuts. Every tile of a region has people of its band in its cells only.
pub fn cut_into_regions(profiles: Vec<Profile>) -> Vec<(String, Vec<Tile>)> {
    let mut groups: BTreeMap<(i64, i64, usize), Vec<Profile>> = BTreeMap::new();
    for p in profiles {
        let cell = cell_of(&p);
        let key = (cell.0.div_euclid(REGION_CELLS), cell.1.div_euclid(REGION_CELLS), band(p.reach_km.km()));
        groups.entry(key).or_default().push(p);
    }
    groups
        .into_iter()
        .map(|((lat, lon, band), people)| {
            let mut tiles = Vec::new();
            cut_square((lat * REGION_CELLS, lon * REGION_CELLS), REGION_CELLS, band, people, &mut tiles);
            tiles.sort_by(|a, b| key_order(&a.0).cmp(&key_order(&b.0)));
            (format!("{lat}_{lon}_r{band}"), tiles)
        })
        .collect()
}

/// Tiles for `people` of one band in the square of `cells` by `cells` cells whose south-west
/// cell is `first`: one tile when they are few, else its quarters, down to single cells.
fn cut_square(first: (i64, i64), cells: i64, band: usize, people: Vec<Profile>, out: &mut Vec<Tile>) {
    if cells <= 1 {
        out.extend(cut_into_tiles(people));
        return;
    }
    if people.len() <= MERGE_UP_TO {
        let mut people = people;
        in_tile_order(&mut people);
        out.push((format!("{}_{}_r{band}_{cells}x{cells}", first.0, first.1), people));
        return;
    }
    let half = cells / 2;
    let mut quarters: [Vec<Profile>; 4] = Default::default();
    for p in people {
        let (lat, lon) = cell_of(&p);
        quarters[usize::from(lat >= first.0 + half) * 2 + usize::from(lon >= first.1 + half)].push(p);
    }
    for (q, people) in quarters.into_iter().enumerate() {
        if !people.is_empty() {
            let corner = (first.0 + half * (q as i64 / 2), first.1 + half * (q as i64 % 2));
            cut_square(corner, half, band, people, out);
        }
    }
}

/// The order of people within a tile: by area, so a tile's areas sit together and compress, then
/// by id. Rotated ids are random and change with every publication, so a row (a publication
/// names rows by number, [`crate::number_by_tile`]) says only where the person's area starts.
/// Ordering by what people do and offer too was 2 % smaller; it was dropped while the search still
/// broke ties by the ids' text (it would have shown the same person of an area first in every
/// publication), and it would make a row a stable rank by published fields: kept simple.
fn in_tile_order(people: &mut [Profile]) {
    people.sort_by(|a, b| {
        a.area.lat.total_cmp(&b.area.lat).then(a.area.lon.total_cmp(&b.area.lon)).then_with(|| id_order(&a.id).cmp(&id_order(&b.id)))
    });
}

/// Ids compared shorter first: the same as by text for rotated ids (all of one length), and by
/// row for ids numbered by row ([`crate::number_by_tile`]: `t-9` before `t-10`), so cutting
/// numbered profiles again keeps their rows.
fn id_order(id: &ProfileId) -> (usize, &str) {
    (id.as_str().len(), id.as_str())
}

/// Where a tile key sorts: by its box, then by its part number (`+2` before `+10`), so a box's
/// parts stay in the order their rows were cut and numbered in.
fn key_order(key: &str) -> (&str, u64) {
    match key.split_once('+') {
        Some((boxed, part)) => (boxed, part.parse().unwrap_or(u64::MAX)),
        None => (key, 0),
    }
}

/// Whether the tile `key` is a further part of the tile before it: a box with more people than a
/// tile holds, all in one area, is cut into parts `<key>`, `<key>+1`, `<key>+2`, ... ([`split`]).
pub(crate) fn continues_previous(key: &str) -> bool {
    key.contains('+')
}

/// Splits `people` in the box (south, west, north, east) into quarters until each fits a tile.
fn split(key: String, (s, w, n, e): (f64, f64, f64, f64), mut people: Vec<Profile>, out: &mut Vec<(String, Vec<Profile>)>) {
    let (mid_lat, mid_lon) = ((s + n) / 2.0, (w + e) / 2.0);
    // A box too small to split further (everyone in one area) keeps its people together.
    if people.len() <= MAX_PER_TILE || n - s < 0.002 {
        in_tile_order(&mut people);
        for (i, chunk) in people.chunks(MAX_PER_TILE).enumerate() {
            let key = if i == 0 { key.clone() } else { format!("{key}+{i}") };
            out.push((key, chunk.to_vec()));
        }
        return;
    }
    let mut quarters: [Vec<Profile>; 4] = Default::default();
    for p in people {
        let q = usize::from(p.area.lat >= mid_lat) * 2 + usize::from(p.area.lon >= mid_lon);
        quarters[q].push(p);
    }
    let boxes = [(s, w, mid_lat, mid_lon), (s, mid_lon, mid_lat, e), (mid_lat, w, n, mid_lon), (mid_lat, mid_lon, n, e)];
    for (q, (people, bbox)) in quarters.into_iter().zip(boxes).enumerate() {
        if !people.is_empty() {
            split(format!("{key}.{q}"), bbox, people, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use talentbrug_core::profile::{Area, ReachKm};

    fn person(i: usize, lat: f64, lon: f64, reach: f64) -> Profile {
        let json = r#"{"id":"x","area":{"postcode":"BE-3000","label":"Leuven","lat":50.879,"lon":4.701},"reach_km":12,
            "travel_modes":[],"occupations":[],"talents":[],"strengths":[],"languages":[],"hours":{"min":20,"max":30},
            "shifts":[],"available_from":"2026-11","contract_forms":[],"job_coaching":false,"workplace_needs":[]}"#;
        let mut p: Profile = serde_json::from_str(json).unwrap();
        p.id = format!("p{i:06}").parse().unwrap();
        p.area = Area::new(p.area.postcode, "Leuven".into(), lat, lon).unwrap();
        p.reach_km = ReachKm::new(reach).unwrap();
        p
    }

    proptest! {
        #[test]
        fn everyone_lands_in_exactly_one_tile_of_their_reach_band(
            people in proptest::collection::vec((50.0f64..51.0, 3.0f64..5.0, 0.5f64..150.0), 0..200),
        ) {
            let profiles: Vec<Profile> = people.iter().enumerate().map(|(i, &(a, b, r))| person(i, a, b, r)).collect();
            let tiles = cut_into_tiles(profiles.clone());
            let mut seen: Vec<&Profile> = tiles.iter().flat_map(|(_, ps)| ps).collect();
            seen.sort_by(|a, b| a.id.cmp(&b.id));
            prop_assert_eq!(seen, profiles.iter().collect::<Vec<_>>());
            for (key, ps) in &tiles {
                prop_assert!(!ps.is_empty() && ps.len() <= MAX_PER_TILE);
                prop_assert!(ps.iter().all(|p| band(p.reach_km.km()) == band(ps[0].reach_km.km())), "{} mixes bands", key);
            }
            let mut keys: Vec<&String> = tiles.iter().map(|(k, _)| k).collect();
            keys.dedup();
            prop_assert_eq!(keys.len(), tiles.len(), "keys are unique");
        }
    }

    /// The region key of a profile, as `cut_into_regions` names regions.
    fn region_of(p: &Profile) -> String {
        let (lat, lon) = cell_of(p);
        format!("{}_{}_r{}", lat.div_euclid(REGION_CELLS), lon.div_euclid(REGION_CELLS), band(p.reach_km.km()))
    }

    #[test]
    fn regions_hold_the_tiles_of_their_cells_and_band_and_few_people_share_a_tile() {
        // 400 people spread over many regions: every region is sparse, so each is one tile.
        let people: Vec<Profile> =
            (0..400).map(|i| person(i, 50.0 + (i % 20) as f64 * 0.07, 3.0 + (i / 20) as f64 * 0.1, (i % 40) as f64 + 1.0)).collect();
        let regions = cut_into_regions(people.clone());
        assert!(regions.len() > 4, "{} regions", regions.len());
        let mut seen = Vec::new();
        for (key, tiles) in &regions {
            assert_eq!(tiles.len(), 1, "{key}: a sparse region is one tile");
            assert!(tiles[0].0.ends_with("_4x4"), "{}", tiles[0].0);
            for (_, ps) in tiles {
                assert!(ps.iter().all(|p| region_of(p) == *key), "{key} holds someone of another region or band");
                seen.extend(ps.iter().map(|p| p.id.clone()));
            }
        }
        seen.sort();
        assert_eq!(seen, people.iter().map(|p| p.id.clone()).collect::<Vec<_>>(), "everyone exactly once");
    }

    #[test]
    fn a_busy_region_is_cut_into_quarters_and_cells_and_a_quiet_corner_stays_together() {
        // One region (cells 508-511 by 28-31): a busy cell (2,000 people) in its south-east
        // quarter, 30 people in its north-west quarter.
        let mut people: Vec<Profile> =
            (0..2000).map(|i| person(i, 50.85 + (i % 40) as f64 * 0.001, 4.65 + (i % 30) as f64 * 0.001, 12.0)).collect();
        people.extend((2000..2030).map(|i| person(i, 51.05 + (i % 5) as f64 * 0.01, 4.25 + (i % 7) as f64 * 0.01, 12.0)));
        let regions = cut_into_regions(people.clone());
        let tiles: Vec<&Tile> = regions.iter().flat_map(|(_, tiles)| tiles).collect();
        assert_eq!(tiles.iter().map(|(_, ps)| ps.len()).sum::<usize>(), 2030);
        let busy = tiles.iter().find(|(_, ps)| ps.iter().any(|p| p.id.as_str() == "p000000")).unwrap();
        assert!(!busy.0.contains("x"), "the busy cell is a tile of its own: {}", busy.0);
        assert!(tiles.iter().all(|(_, ps)| ps.len() <= MAX_PER_TILE.max(MERGE_UP_TO)));
        let quiet = tiles.iter().find(|(_, ps)| ps.iter().any(|p| p.id.as_str() == "p002000")).unwrap();
        assert_eq!(quiet.1.len(), 30, "the quiet quarter's people share one tile: {}", quiet.0);
        assert!(quiet.0.ends_with("_2x2"), "{}", quiet.0);
    }

    #[test]
    fn a_dense_cell_is_split_until_each_part_fits() {
        let city: Vec<Profile> =
            (0..10_000).map(|i| person(i, 50.80 + (i % 97) as f64 * 0.001, 4.35 + (i % 89) as f64 * 0.001, 12.0)).collect();
        let tiles = cut_into_tiles(city);
        assert!(tiles.len() >= 3, "{} tiles", tiles.len());
        assert!(tiles.iter().all(|(_, ps)| ps.len() <= MAX_PER_TILE));
        assert!(tiles.iter().any(|(key, _)| key.contains('.')), "split into quarters");
        // One area with more people than a tile holds: kept as consecutive parts.
        let one_place: Vec<Profile> = (0..5000).map(|i| person(i, 50.879, 4.701, 3.0)).collect();
        let tiles = cut_into_tiles(one_place);
        assert_eq!(tiles.iter().map(|(_, ps)| ps.len()).sum::<usize>(), 5000);
        assert!(tiles.iter().all(|(_, ps)| ps.len() <= MAX_PER_TILE));
    }
}
