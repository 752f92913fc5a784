//! The ids a publication shows: each profile is named by the publication, its tile and its row,
//! `<sequence>-<tile>-<row>` (`412-37-0`, `412-37-1`, ...), so a tile stores its prefix once
//! instead of an id per profile (random ids were a third of a tile's gzipped bytes).
//!
//! What an id says, and why that is no more than before:
//! - The sequence is the feed's own, in its manifest. Ids of two publications never share it,
//!   so they never meet: a request's id names exactly one publication, which the server looks
//!   up, and two feeds cannot be joined on ids.
//! - The tile number counts the feed's tiles in the order the manifest lists them (the parts of
//!   one crowded box share one), which a reader who fetched the tile knows anyway.
//! - The row follows from the tile's order ([`crate::cut_into_tiles`]: by area, which is
//!   published, then by rotated id, [`crate::rotation::Rotation`], keyed with the organisation's
//!   secret and the sequence, so random and new every publication): a row says only where the
//!   person's area starts in the tile. Matches of equal score are listed by a hash of the id
//!   (`talentbrug_core::tie`), so the row does not decide who comes first either.
//!
//! A box with more people than a tile holds (one crowded area) is cut into parts; its rows are
//! numbered on through the parts, under one tile number, so each part starts where the last
//! ended.
//!
//! Numbering is a fixed point of the cut: cutting numbered profiles again gives the same tiles,
//! in the same order, so the tiles `build_manifest` writes hold exactly these ids, each tile's
//! stored as a prefix and a first number.
//!
//! # Examples
//!
//! ```
//! use talentbrug_publish::{cut_into_regions, number_by_tile};
//! # use talentbrug_core::Profile;
//! # let json = |id: &str, lat: f64| format!(r#"{{ "id": "{id}", "area": {{ "postcode": "BE-3000", "label": "Leuven", "lat": {lat}, "lon": 4.701 }},
//! #     "reach_km": 8, "travel_modes": [], "occupations": [], "talents": [], "strengths": [], "languages": [],
//! #     "hours": {{ "min": 20, "max": 30 }}, "shifts": [], "available_from": "2026-01",
//! #     "contract_forms": [], "job_coaching": false, "workplace_needs": [] }}"#);
//! # let p = |id: &str, lat: f64| serde_json::from_str::<Profile>(&json(id, lat)).unwrap();
//! let numbered = number_by_tile(vec![p("9e1f", 50.879), p("04aa", 50.871)], 412);
//! let (rotated, first) = &numbered[0];
//! assert_eq!(rotated.as_str(), "04aa", "rows in tile order: the southern area first");
//! assert_eq!((first.id.as_str(), numbered[1].1.id.as_str()), ("412-0-0", "412-0-1"));
//! // Cut again, the tile holds them in the same order.
//! let again = cut_into_regions(numbered.iter().map(|(_, p)| p.clone()).collect());
//! assert_eq!(again[0].1[0].1, vec![first.clone(), numbered[1].1.clone()]);
//! ```

use talentbrug_core::{Profile, ProfileId};

use crate::tiling::{continues_previous, cut_into_regions};

/// Names every profile of publication `sequence` by its tile and row. Returns each profile with
/// its published id, next to the id it came with (its rotated id, for the mapping), in tile
/// order. The ids it is given must be unique; the ids it hands out are then unique too, and
/// never those of another sequence.
pub fn number_by_tile(profiles: Vec<Profile>, sequence: u64) -> Vec<(ProfileId, Profile)> {
    let mut out = Vec::with_capacity(profiles.len());
    // The number and the next row of the tile before.
    let mut numbering: Option<(usize, usize)> = None;
    let mut next_tile = 0;
    for (_, tiles) in cut_into_regions(profiles) {
        for (key, people) in tiles {
            // A further part of one box is numbered on from the part before, under its number:
            // the cut orders the box's rows by id, so separate numbers would mix the parts' rows.
            let (tile, mut row) = match numbering.take() {
                Some(before) if continues_previous(&key) => before,
                _ => {
                    next_tile += 1;
                    (next_tile - 1, 0)
                }
            };
            for mut person in people {
                let published = format!("{sequence}-{tile}-{row}").parse().unwrap_or_else(|_| unreachable!("digits and dashes"));
                let rotated = std::mem::replace(&mut person.id, published);
                out.push((rotated, person));
                row += 1;
            }
            numbering = Some((tile, row));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashSet;
    use talentbrug_core::profile::{Area, ReachKm};

    fn person(id: &str, lat: f64, lon: f64, reach: f64, talents: u64) -> Profile {
        let json = r#"{"id":"x","area":{"postcode":"BE-3000","label":"Leuven","lat":50.879,"lon":4.701},"reach_km":12,
            "travel_modes":[],"occupations":[],"talents":[],"strengths":[],"languages":[],"hours":{"min":20,"max":30},
            "shifts":[],"available_from":"2026-11","contract_forms":[],"job_coaching":false,"workplace_needs":[]}"#;
        let mut p: Profile = serde_json::from_str(json).unwrap();
        p.id = id.parse().unwrap();
        p.area = Area::new(p.area.postcode, "Leuven".into(), lat, lon).unwrap();
        p.reach_km = ReachKm::new(reach).unwrap();
        p.talents = talentbrug_core::vocabulary::CodeSet::from_bits(talents);
        p
    }

    proptest! {
        /// Against a naive oracle: the cut's own tiles, read row by row.
        #[test]
        fn every_profile_is_named_by_publication_tile_and_row_and_the_cut_keeps_them(
            people in proptest::collection::vec((0u8..4, 0u8..3, 0.5f64..60.0, 0u64..4), 0..300),
        ) {
            // Few places, reaches and talents: many rows equal in all but their id.
            let profiles: Vec<Profile> = people.iter().enumerate()
                .map(|(i, &(a, b, r, t))| person(&format!("{:016x}", (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)), 50.8 + f64::from(a) * 0.05, 4.6 + f64::from(b) * 0.2, (r * 10.0).round() / 10.0, t))
                .collect();
            let numbered = number_by_tile(profiles.clone(), 7);
            // A function of the set, not of the order the records came in.
            prop_assert_eq!(&number_by_tile(profiles.iter().rev().cloned().collect(), 7), &numbered);
            // Everyone once, with the id they came with.
            let mut rotated: Vec<&ProfileId> = numbered.iter().map(|(r, _)| r).collect();
            rotated.sort();
            let mut given: Vec<&ProfileId> = profiles.iter().map(|p| &p.id).collect();
            given.sort();
            prop_assert_eq!(rotated, given);
            let published: HashSet<&str> = numbered.iter().map(|(_, p)| p.id.as_str()).collect();
            prop_assert_eq!(published.len(), profiles.len(), "published ids are unique");
            let again = cut_into_regions(numbered.iter().map(|(_, p)| p.clone()).collect());
            let rows: Vec<&Profile> = again.iter().flat_map(|(_, tiles)| tiles).flat_map(|(_, ps)| ps).collect();
            prop_assert_eq!(rows, numbered.iter().map(|(_, p)| p).collect::<Vec<_>>());
            // Under 4,096 people a box: the n-th tile is `7-<n>-`, its rows 0, 1, 2, ...
            let tiles = again.iter().flat_map(|(_, tiles)| tiles);
            for (n, (_, ps)) in tiles.enumerate() {
                for (row, p) in ps.iter().enumerate() {
                    prop_assert_eq!(p.id.as_str(), format!("7-{n}-{row}"));
                }
            }
        }
    }

    #[test]
    fn a_crowded_area_is_numbered_through_its_parts_and_the_cut_keeps_them() {
        // More people in one area than eleven tiles hold: parts `key`, `key+1`, ... `key+11`
        // (`key+10` sorts after `key+9`, not after `key+1`).
        let n = 11 * crate::MAX_PER_TILE + 1;
        let people: Vec<Profile> =
            (0..n as u64).map(|i| person(&format!("{:016x}", i.wrapping_mul(0x9e37_79b9_7f4a_7c15)), 50.879, 4.701, 3.0, 0)).collect();
        let numbered = number_by_tile(people, 3);
        let again = cut_into_regions(numbered.iter().map(|(_, p)| p.clone()).collect());
        let tiles: Vec<&Vec<Profile>> = again.iter().flat_map(|(_, tiles)| tiles).map(|(_, ps)| ps).collect();
        assert_eq!(tiles.len(), 12);
        let ids: Vec<&str> = tiles.iter().flat_map(|ps| ps.iter().map(|p| p.id.as_str())).collect();
        assert_eq!(ids, (0..n).map(|row| format!("3-0-{row}")).collect::<Vec<_>>());
        assert_eq!(tiles[1][0].id.as_str(), format!("3-0-{}", crate::MAX_PER_TILE));
    }

    #[test]
    fn ids_of_two_publications_never_meet_and_rows_of_an_area_follow_the_rotated_ids() {
        // Four people of one area: the rows follow their rotated ids, which change with the
        // sequence; the ids carry the sequence.
        let people = |seq: u64| -> Vec<Profile> {
            (0..4u64)
                .map(|i| person(&format!("{:016x}", (i + 1).wrapping_mul(seq).wrapping_mul(0x9e37_79b9_7f4a_7c15)), 50.879, 4.701, 3.0, 0))
                .collect()
        };
        let first: Vec<(ProfileId, Profile)> = number_by_tile(people(1), 1);
        let second: Vec<(ProfileId, Profile)> = number_by_tile(people(2), 2);
        let ids = |n: &[(ProfileId, Profile)]| n.iter().map(|(_, p)| p.id.to_string()).collect::<HashSet<_>>();
        assert!(ids(&first).is_disjoint(&ids(&second)));
        assert_eq!(ids(&first), ["1-0-0", "1-0-1", "1-0-2", "1-0-3"].map(String::from).into_iter().collect());
        let rotated: Vec<&ProfileId> = first.iter().map(|(r, _)| r).collect();
        let mut sorted = rotated.clone();
        sorted.sort();
        assert_eq!(rotated, sorted, "within an area, rows in rotated-id order");
    }
}
