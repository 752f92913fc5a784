//! The ids a publication shows: each profile is named by its tile and its row in that tile,
//! `<token>-<row>` (`3f9a0c1e5b7d2a64-0`, `3f9a0c1e5b7d2a64-1`, ...), so a tile stores its token once instead of
//! an id per profile (random ids were a third of a tile's gzipped bytes).
//!
//! What an id says, and why that is no more than before:
//! - The token is the first 16 hex characters of the SHA-256 of the tile's first rotated id
//!   ([`crate::rotation::Rotation`], keyed with the organisation's secret and the sequence): without the
//!   secret it is random, and it changes with every publication, so two feeds still cannot be
//!   joined on ids. It names the tile, which a reader who fetched it knows anyway.
//! - The row follows from the tile's order ([`crate::cut_into_tiles`]: by area, which is
//!   published, then by rotated id, which is random): a row says nothing the profile does not
//!   show. Matches of equal score are listed by a hash of the id (`talentbrug_core::tie`), so
//!   the row does not decide who comes first either.
//!
//! A box with more people than a tile holds (one crowded area) is cut into parts; its rows are
//! numbered on through the parts, with one token, so each part starts where the last ended.
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
//! let numbered = number_by_tile(vec![p("9e1f", 50.879), p("04aa", 50.871)]);
//! let (rotated, first) = &numbered[0];
//! assert_eq!(rotated.as_str(), "04aa", "rows in tile order: the southern area first");
//! assert!(first.id.as_str().ends_with("-0") && numbered[1].1.id.as_str().ends_with("-1"));
//! // Cut again, the tile holds them in the same order.
//! let again = cut_into_regions(numbered.iter().map(|(_, p)| p.clone()).collect());
//! assert_eq!(again[0].1[0].1, vec![first.clone(), numbered[1].1.clone()]);
//! ```

use std::collections::HashSet;
use std::fmt::Write;

use sha2::{Digest, Sha256};
use talentbrug_core::{Profile, ProfileId};

use crate::tiling::{continues_previous, cut_into_regions};

/// Hex characters of a tile's token (64 bits); a token already used in the publication gets 4
/// more. Stored once per tile, so it may be long: the server tells which publication a request's
/// id is from by the id alone (the current one first, then the newest kept one that has it), so a
/// token must not come back in the week an old feed stays valid. With 32 bits and 1,500 tiles
/// published daily that would happen about once a year; with 64, never in practice.
const TOKEN_LEN: usize = 16;

/// Names every profile by its tile and row. Returns each profile with its published id, next to
/// the id it came with (its rotated id, for the mapping), in tile order. The ids it is given
/// must be unique; the ids it hands out are then unique too.
pub fn number_by_tile(profiles: Vec<Profile>) -> Vec<(ProfileId, Profile)> {
    let mut used = HashSet::new();
    let mut out = Vec::with_capacity(profiles.len());
    // The token and the next row number of the tile before.
    let mut numbering: Option<(String, usize)> = None;
    for (_, tiles) in cut_into_regions(profiles) {
        for (key, people) in tiles {
            let Some(first) = people.first() else { continue };
            // A further part of one box is numbered on from the part before, with its token: the
            // cut orders the box's rows by id, so separate tokens would mix the parts' rows.
            let (token, mut row) = match numbering.take() {
                Some(before) if continues_previous(&key) => before,
                _ => (token(&first.id, &mut used), 0),
            };
            for mut person in people {
                let published = format!("{token}-{row}").parse().unwrap_or_else(|_| unreachable!("hex, a dash and digits"));
                let rotated = std::mem::replace(&mut person.id, published);
                out.push((rotated, person));
                row += 1;
            }
            numbering = Some((token, row));
        }
    }
    out
}

/// A token for the tile whose first row had `first_id`, unique among `used`.
fn token(first_id: &ProfileId, used: &mut HashSet<String>) -> String {
    let hash = Sha256::digest(first_id.as_str().as_bytes());
    let hex = hash.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    });
    let mut len = TOKEN_LEN;
    // 64 hex characters of distinct ids' hashes never collide in practice; the counter makes it
    // certain.
    let mut token = hex[..len].to_owned();
    let mut salt = 0u32;
    while used.contains(&token) {
        if len < 40 {
            len += 4;
            token = hex[..len].to_owned();
        } else {
            salt += 1;
            token = format!("{}{salt}", &hex[..40]);
        }
    }
    used.insert(token.clone());
    token
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
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
        fn every_profile_is_named_by_its_tiles_token_and_its_row_and_the_cut_keeps_them(
            people in proptest::collection::vec((0u8..4, 0u8..3, 0.5f64..60.0, 0u64..4), 0..300),
        ) {
            // Few places, reaches and talents: many rows equal in all but their id.
            let profiles: Vec<Profile> = people.iter().enumerate()
                .map(|(i, &(a, b, r, t))| person(&format!("{:016x}", (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)), 50.8 + f64::from(a) * 0.05, 4.6 + f64::from(b) * 0.2, (r * 10.0).round() / 10.0, t))
                .collect();
            let numbered = number_by_tile(profiles.clone());
            // A function of the set, not of the order the records came in.
            prop_assert_eq!(&number_by_tile(profiles.iter().rev().cloned().collect()), &numbered);
            // Everyone once, with the id they came with.
            let mut rotated: Vec<&ProfileId> = numbered.iter().map(|(r, _)| r).collect();
            rotated.sort();
            let mut given: Vec<&ProfileId> = profiles.iter().map(|p| &p.id).collect();
            given.sort();
            prop_assert_eq!(rotated, given);
            let published: HashSet<&str> = numbered.iter().map(|(_, p)| p.id.as_str()).collect();
            prop_assert_eq!(published.len(), profiles.len(), "published ids are unique");
            // Cut again, each tile's rows are its token and 0, 1, 2, ... in order.
            let again = cut_into_regions(numbered.iter().map(|(_, p)| p.clone()).collect());
            let rows: Vec<&Profile> = again.iter().flat_map(|(_, tiles)| tiles).flat_map(|(_, ps)| ps).collect();
            prop_assert_eq!(rows, numbered.iter().map(|(_, p)| p).collect::<Vec<_>>());
            for (_, tiles) in &again {
                for (key, ps) in tiles {
                    let token = ps[0].id.as_str().strip_suffix("-0").unwrap_or_default();
                    prop_assert_eq!(token.len(), TOKEN_LEN, "{}", key);
                    for (row, p) in ps.iter().enumerate() {
                        prop_assert_eq!(p.id.as_str(), format!("{token}-{row}"));
                    }
                }
            }
        }
    }

    #[test]
    fn a_crowded_area_is_numbered_through_its_parts_and_the_cut_keeps_them() {
        // More people in one area than a tile holds: parts `key`, `key+1`.
        let people: Vec<Profile> =
            (0..5000u64).map(|i| person(&format!("{:016x}", i.wrapping_mul(0x9e37_79b9_7f4a_7c15)), 50.879, 4.701, 3.0, 0)).collect();
        let numbered = number_by_tile(people);
        let again = cut_into_regions(numbered.iter().map(|(_, p)| p.clone()).collect());
        let tiles: Vec<&Vec<Profile>> = again.iter().flat_map(|(_, tiles)| tiles).map(|(_, ps)| ps).collect();
        assert_eq!(tiles.len(), 2);
        let token = tiles[0][0].id.as_str().strip_suffix("-0").unwrap();
        let ids: Vec<&str> = tiles.iter().flat_map(|ps| ps.iter().map(|p| p.id.as_str())).collect();
        assert_eq!(ids, (0..5000).map(|row| format!("{token}-{row}")).collect::<Vec<_>>());
        assert_eq!(tiles[1][0].id.as_str(), format!("{token}-{}", crate::MAX_PER_TILE));
    }

    #[test]
    fn tokens_change_with_the_rotated_ids_and_a_used_one_grows() {
        let mut used = HashSet::new();
        let a = token(&"0123456789abcdef".parse().unwrap(), &mut used);
        let b = token(&"0123456789abcdee".parse().unwrap(), &mut used);
        assert_ne!(a, b);
        assert_eq!((a.len(), b.len()), (TOKEN_LEN, TOKEN_LEN));
        let again = token(&"0123456789abcdef".parse().unwrap(), &mut used);
        assert_eq!(again.len(), TOKEN_LEN + 4);
        assert!(again.starts_with(&a));
    }
}
