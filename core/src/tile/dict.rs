//! Dictionary columns: a column's distinct values once, most frequent first, then one index per
//! row (a byte when there are at most 256 values, else a varint). A multi-byte value that repeats
//! (a 28-bit set of talents, an hours range, a list of languages) then costs its row a byte that
//! gzip codes in a few bits, instead of two to four bytes gzip must model one by one.

use std::collections::HashMap;
use std::hash::Hash;

use super::wire::{Reader, Writer};
use super::TileError;

/// Writes `values` as a dictionary column, each distinct value with `write_value`.
pub(super) fn write<T: Eq + Hash>(w: &mut Writer, values: &[T], mut write_value: impl FnMut(&mut Writer, &T)) {
    let mut counts: HashMap<&T, (usize, usize)> = HashMap::new();
    for (at, v) in values.iter().enumerate() {
        counts.entry(v).or_insert((0, at)).0 += 1;
    }
    let mut table: Vec<(&T, (usize, usize))> = counts.into_iter().collect();
    // Most frequent first; ties in order of first appearance, so the bytes are deterministic.
    table.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.1 .1.cmp(&b.1 .1)));
    w.varint(table.len() as u64);
    table.iter().for_each(|(v, _)| write_value(w, v));
    let index: HashMap<&T, usize> = table.iter().enumerate().map(|(i, (v, _))| (*v, i)).collect();
    let wide = table.len() > 256;
    for v in values {
        let i = index[v];
        if wide {
            w.varint(i as u64);
        } else {
            w.byte(i as u8);
        }
    }
}

/// Reads `n` rows of a dictionary column whose values `read_value` reads.
pub(super) fn read<'a, T: Clone>(
    r: &mut Reader<'a>,
    n: usize,
    mut read_value: impl FnMut(&mut Reader<'a>) -> Result<T, TileError>,
) -> Result<Vec<T>, TileError> {
    // Each value takes at least a byte, and a table never has more values than rows.
    let len = r.count(n)?;
    let mut table = Vec::with_capacity(len);
    for _ in 0..len {
        table.push(read_value(r)?);
    }
    let wide = table.len() > 256;
    let mut out = Vec::with_capacity(n.min(r.left()));
    for _ in 0..n {
        let i = if wide { r.varint()? } else { u64::from(r.byte()?) };
        out.push(table.get(i as usize).ok_or(TileError::Corrupt("an index points outside its dictionary"))?.clone());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn round_trip(values: &[u64]) -> Vec<u64> {
        let mut w = Writer::default();
        write(&mut w, values, |w, &v| w.varint(v));
        let mut r = Reader::new(&w.bytes);
        let back = read(&mut r, values.len(), Reader::varint).unwrap();
        assert_eq!(r.left(), 0, "every byte read");
        back
    }

    proptest! {
        #[test]
        fn a_column_reads_back_as_written(values in proptest::collection::vec(prop_oneof![0u64..4, any::<u64>()], 0..700)) {
            prop_assert_eq!(round_trip(&values), values);
        }
    }

    #[test]
    fn more_than_256_values_take_varint_indices_and_bad_indices_are_refused() {
        let values: Vec<u64> = (0..300).chain(0..300).collect();
        assert_eq!(round_trip(&values), values);
        // A table of one value and an index of 1.
        assert!(read(&mut Reader::new(&[1, 5, 1]), 1, Reader::varint).is_err());
        // A table longer than the rows.
        assert!(read(&mut Reader::new(&[2, 5, 6, 0]), 1, Reader::varint).is_err());
        assert!(read(&mut Reader::new(&[1, 5]), 1, Reader::varint).is_err(), "truncated");
    }
}
