//! How a feed v2 is cut into tiles: by place, then by reach, so an employer fetches only the
//! tiles of people who live near enough *and* travel far enough to reach them.
//!
//! Cells are 0.1 degree of latitude by 0.15 of longitude (about 11 by 10.5 km in Belgium and
//! the Netherlands). Within a cell, people are split into reach bands (under 5 km, 5-10, 10-25,
//! 25 and more): a far cell's short-reach tile is never fetched, because its box is farther
//! than its longest reach. A band with more than [`MAX_PER_TILE`] people (a dense city) is split
//! into quarters of its box until each part fits. Within a tile, people are ordered by area
//! then id, so the columns of the same area sit together and compress.
//!
//! Tiles are grouped into regions ([`cut_into_regions`]): [`REGION_CELLS`] by [`REGION_CELLS`]
//! cells of one reach band, about 44 by 42 km. The signed manifest lists only the regions (a few
//! hundred for Belgium and the Netherlands); each region's file lists its tiles, so an employer
//! reads the tile list of their own surroundings, not of the whole country.
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

use talentbrug_core::Profile;

/// Most people in one tile (about 40-70 KB gzipped with their ids and pitches).
pub const MAX_PER_TILE: usize = 4096;
/// Cell height in degrees of latitude.
const CELL_LAT: f64 = 0.1;
/// Cell width in degrees of longitude.
const CELL_LON: f64 = 0.15;
/// Cells per side of a region.
pub const REGION_CELLS: i64 = 4;
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

/// Cuts profiles into regions of tiles: each region comes with its key
/// (`<region lat>_<region lon>_r<band>`) and its tiles as [`cut_into_tiles`] cuts them. Regions
/// are in key order; every tile of a region has people of its band in its cells only.
pub fn cut_into_regions(profiles: Vec<Profile>) -> Vec<(String, Vec<Tile>)> {
    let mut groups: BTreeMap<(i64, i64, usize), Vec<Profile>> = BTreeMap::new();
    for p in profiles {
        let cell = ((p.area.lat / CELL_LAT).floor() as i64, (p.area.lon / CELL_LON).floor() as i64);
        let key = (cell.0.div_euclid(REGION_CELLS), cell.1.div_euclid(REGION_CELLS), band(p.reach_km.km()));
        groups.entry(key).or_default().push(p);
    }
    groups.into_iter().map(|((lat, lon, band), people)| (format!("{lat}_{lon}_r{band}"), cut_into_tiles(people))).collect()
}

/// Splits `people` in the box (south, west, north, east) into quarters until each fits a tile.
fn split(key: String, (s, w, n, e): (f64, f64, f64, f64), mut people: Vec<Profile>, out: &mut Vec<(String, Vec<Profile>)>) {
    let (mid_lat, mid_lon) = ((s + n) / 2.0, (w + e) / 2.0);
    // A box too small to split further (everyone in one area) keeps its people together.
    if people.len() <= MAX_PER_TILE || n - s < 0.002 {
        people.sort_by(|a, b| a.area.lat.total_cmp(&b.area.lat).then(a.area.lon.total_cmp(&b.area.lon)).then(a.id.cmp(&b.id)));
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

    #[test]
    fn regions_hold_the_tiles_of_their_cells_and_band() {
        let people: Vec<Profile> =
            (0..400).map(|i| person(i, 50.0 + (i % 20) as f64 * 0.07, 3.0 + (i / 20) as f64 * 0.1, (i % 40) as f64 + 1.0)).collect();
        let regions = cut_into_regions(people.clone());
        assert!(regions.len() > 4, "{} regions", regions.len());
        let mut tiles: Vec<(String, Vec<Profile>)> = regions.into_iter().flat_map(|(_, tiles)| tiles).collect();
        tiles.sort_by(|a, b| a.0.cmp(&b.0));
        let mut expected = cut_into_tiles(people);
        expected.sort_by(|a, b| a.0.cmp(&b.0));
        // Grouping into regions changes no tile.
        assert_eq!(tiles, expected);
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
