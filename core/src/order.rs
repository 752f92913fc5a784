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

/// Reorders `positions` so its first `k` are the `k` smallest by `cmp` (ties by position), in
/// no particular order.
pub(crate) fn select_positions(positions: &mut [u32], k: usize, cmp: Compare<'_>) {
    if k < positions.len() {
        positions.select_nth_unstable_by(k, |&a, &b| cmp(a, b).then(a.cmp(&b)));
    }
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
        let mut p = positions(keys.len());
        select_positions(&mut p, 2, &|a, b| keys[a as usize].cmp(&keys[b as usize]));
        p.truncate(2);
        sort_positions(&mut p, &|a, b| keys[a as usize].cmp(&keys[b as usize]));
        assert_eq!(p, [1, 3]);
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
    }
}
