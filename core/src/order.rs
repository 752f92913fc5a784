//! Sorting and selecting through one compiled routine. Every sort in the core orders a list of
//! positions with a comparator behind a `dyn` reference, so the wasm carries one copy of the
//! standard library's sort instead of one per element and closure type (each 3-5 KB).
//!
//! Ties are broken by position, so results are exactly those of a stable sort.

use core::cmp::Ordering;

/// A comparator of two positions.
pub(crate) type Compare<'a> = &'a dyn Fn(u32, u32) -> Ordering;

/// Sorts `positions` by `cmp`, equal ones in ascending position order.
pub(crate) fn sort_positions(positions: &mut [u32], cmp: Compare<'_>) {
    positions.sort_unstable_by(|&a, &b| cmp(a, b).then(a.cmp(&b)));
}

/// The positions `0..keys.len()` ordered by their key, equal keys in ascending position order.
/// For the large sorts of building an index (every profile, twice): the keys and positions sort
/// as pairs held in one array, compared inline, instead of positions through a comparator that
/// reads each key from elsewhere. That is a second compiled sort (a few KB of wasm) and about
/// three times faster for 100,000 profiles.
pub(crate) fn positions_by_key(keys: impl Iterator<Item = u128>) -> Vec<u32> {
    let mut pairs: Vec<(u128, u32)> = keys.zip(0u32..).collect();
    pairs.sort_unstable();
    pairs.into_iter().map(|(_, position)| position).collect()
}

/// Most results [`smallest`] keeps in one pass; above it, it sorts everything.
const FEW: usize = 64;

/// The positions of the `k` smallest `keys` (ties by position), smallest first. For a few (up
/// to 64), one pass keeps the best `k` in order, so even a 100,000-profile search costs little
/// more than one integer comparison per key with the current `k`-th (no call per key, which
/// in wasm was most of the ranking's time); for more it sorts all positions (and the wasm
/// carries no separate selection routine).
pub(crate) fn smallest(keys: &[u128], k: usize) -> Vec<u32> {
    if k == 0 {
        return Vec::new();
    }
    if k > FEW || k >= keys.len() {
        let mut all = positions(keys.len());
        sort_positions(&mut all, &|a, b| keys[a as usize].cmp(&keys[b as usize]));
        all.truncate(k);
        return all;
    }
    let mut best: Vec<u32> = Vec::with_capacity(k + 1);
    let mut worst = u128::MAX;
    for (p, &key) in keys.iter().enumerate() {
        // A later position with an equal key ranks after: only a smaller key gets in.
        if best.len() == k && key >= worst {
            continue;
        }
        let at = best.partition_point(|&b| keys[b as usize] <= key);
        best.insert(at, p as u32);
        best.truncate(k);
        if best.len() == k {
            worst = keys[best[k - 1] as usize];
        }
    }
    best
}

/// `0..n` as positions.
pub(crate) fn positions(n: usize) -> Vec<u32> {
    (0..n as u32).collect()
}

/// Sorts `items` by `cmp`, stably.
pub(crate) fn sort_by<T: Copy>(items: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    let mut order = positions(items.len());
    sort_positions(&mut order, &|a, b| cmp(&items[a as usize], &items[b as usize]));
    *items = order.iter().map(|&i| items[i as usize]).collect();
}

/// Sorts `items` by a key, stably.
pub(crate) fn sort_by_key<T: Copy, K: Ord>(items: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_are_stable_and_selection_keeps_the_smallest() {
        let mut items = vec![(3, 'a'), (1, 'b'), (3, 'c'), (0, 'd'), (1, 'e')];
        sort_by_key(&mut items, |&(k, _)| k);
        assert_eq!(items, [(0, 'd'), (1, 'b'), (1, 'e'), (3, 'a'), (3, 'c')]);
        let keys = [5, 1, 4, 1, 3];
        assert_eq!(smallest(&keys, 2), [1, 3]);
        assert_eq!(smallest(&keys, 9), [1, 3, 4, 2, 0]);
        assert!(smallest(&keys, 0).is_empty());
    }

    proptest::proptest! {
        #[test]
        fn sort_by_agrees_with_the_standard_stable_sort(v in proptest::collection::vec((0u8..4, 0u16..100), 0..60)) {
            let mut ours = v.clone();
            sort_by_key(&mut ours, |&(k, _)| k);
            let mut std = v;
            std.sort_by_key(|&(k, _)| k);
            proptest::prop_assert_eq!(ours, std);
        }

        #[test]
        fn positions_by_key_is_a_stable_sort_of_positions(keys in proptest::collection::vec(0u128..20, 0..300)) {
            let mut all = positions(keys.len());
            all.sort_by_key(|&p| keys[p as usize]);
            proptest::prop_assert_eq!(positions_by_key(keys.iter().copied()), all);
        }

        #[test]
        fn smallest_is_the_start_of_the_sorted_order(keys in proptest::collection::vec(0u128..20, 0..300), k in 0usize..80) {
            let mut all = positions(keys.len());
            all.sort_by_key(|&p| (keys[p as usize], p));
            all.truncate(k);
            proptest::prop_assert_eq!(smallest(&keys, k), all);
        }
    }
}
