//! The order of equally good matches: matches of equal score and distance are listed by
//! [`tie_key`] of their ids, smaller first, then by id.
//!
//! Published ids name a profile's publication, tile and row (`412-37-17`, see `talentbrug
//! publish`), so ordering ties by the ids' text would list one tile's people, or one network
//! member's, in a block ahead of the others. A hash of the id interleaves them instead, and as
//! every publication's ids are new, who comes first among equals changes with it.
//!
//! The hash is 32-bit FNV-1a over the id's bytes up to its first `_` (all of a published id:
//! `talentbrug publish` writes none), then MurmurHash3's 32-bit finaliser (FNV-1a alone keeps ids
//! that differ in their last digit in order). A network's widget pools ids as `id_member`:
//! hashing up to the `_` keeps a profile's place among equals the same in the pool as in its own
//! feed, so the npm package, which searches each member on its own and merges the results, lists
//! equals in the widget's order. Simple enough that plain JavaScript computes the same (the
//! benchmark's `www/bench/plain-search.js` does, and must give the same ids).
//!
//! # Examples
//!
//! ```
//! use talentbrug_core::tie::{tie_key, tie_order};
//!
//! assert_eq!(tie_key("a"), 0x1a80_b1b3);
//! // Rows of one tile do not sort as their text does.
//! let mut ids: Vec<String> = (0..10).map(|row| format!("412-37-{row}")).collect();
//! ids.sort_by(|a, b| tie_order(a, b));
//! let rows: Vec<&str> = ids.iter().map(|id| &id[7..]).collect();
//! assert_ne!(rows, ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
//! ```

use core::cmp::Ordering;

/// Where a match goes among equally good ones, smaller first: 32-bit FNV-1a of `id`'s bytes up
/// to its first `_`, mixed by MurmurHash3's finaliser.
pub fn tie_key(id: &str) -> u32 {
    let published = id.split('_').next().unwrap_or(id);
    let mut h = fnv1a(published);
    h ^= h >> 16;
    h = h.wrapping_mul(0x85eb_ca6b);
    h ^= h >> 13;
    h = h.wrapping_mul(0xc2b2_ae35);
    h ^ (h >> 16)
}

/// 32-bit FNV-1a of `id`'s bytes.
fn fnv1a(id: &str) -> u32 {
    id.bytes().fold(0x811c_9dc5u32, |hash, b| (hash ^ u32::from(b)).wrapping_mul(0x0100_0193))
}

/// The order of two ids among equally good matches: by [`tie_key`], then by id, a total order.
pub fn tie_order(a: &str, b: &str) -> Ordering {
    tie_key(a).cmp(&tie_key(b)).then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_test_vectors_and_the_values_javascript_computes() {
        // From the FNV reference test suite (32-bit FNV-1a).
        assert_eq!((fnv1a(""), fnv1a("a"), fnv1a("foobar")), (0x811c_9dc5, 0xe40c_292c, 0xbf9c_f968));
        // As www/bench/plain-search.js's tieKey gives them (node, Math.imul).
        assert_eq!((tie_key(""), tie_key("a"), tie_key("3f9a0c1e-0")), (0xab3e_7c0b, 0x1a80_b1b3, 0xcb4d_61db));
    }

    #[test]
    fn a_pooled_id_keeps_the_place_of_the_id_its_member_published() {
        assert_eq!(tie_key("412-37-7_ocmw"), tie_key("412-37-7"));
        assert_eq!(tie_order("x-1_a", "x-1_b"), Ordering::Less, "then by member");
    }

    #[test]
    fn rows_of_one_tile_and_tiles_of_two_members_interleave() {
        let mut ids: Vec<String> =
            (0..40).map(|row| format!("3f9a0c1e-{row}")).chain((0..40).map(|row| format!("7d01b2aa-{row}"))).collect();
        ids.sort_by(|a, b| tie_order(a, b));
        let first_half_from_first_tile = ids[..40].iter().filter(|id| id.starts_with("3f9a")).count();
        assert!((10..=30).contains(&first_half_from_first_tile), "{first_half_from_first_tile} of 40");
    }
}
