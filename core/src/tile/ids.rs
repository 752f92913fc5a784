//! The id column, in the smallest of three forms that holds the tile's ids exactly:
//! - numbered: every id is one prefix and a number counting up by row (`412-37-0`, `412-37-1`,
//!   ...), as `talentbrug publish` names rows: only the prefix and the first number
//!   are stored, so ids cost nothing (random ids were the largest field of a tile, about a third
//!   of its gzipped bytes). The first number is not always 0: a box with more people than a tile
//!   holds is numbered through, across its tiles;
//! - hex: random lowercase hex of one length, stored as raw bytes, half the characters (gzip
//!   cannot halve hex by itself: it gets about 4.4 of a hex character's 8 bits);
//! - text: any other ids, length-prefixed.

use super::wire::{Reader, Writer};
use super::TileError;
use crate::profile::{ProfileId, MAX_ID_LEN};

/// Ids as length-prefixed UTF-8 texts.
const TEXT: u8 = 0;
/// Ids as raw bytes of one width: each is lowercase hex of twice that many characters.
const HEX: u8 = 1;
/// Ids as one prefix and a first number, stored once: each id is the prefix and the first
/// number plus its row, in decimal.
const NUMBERED: u8 = 2;
/// The largest first number of a numbered column: a feed's rows are far fewer.
const MAX_FIRST: u64 = 1 << 32;

/// The decimal digits of `n`.
fn digits(n: u64) -> usize {
    n.checked_ilog10().map_or(1, |l| l as usize + 1)
}

/// Appends `n` in decimal: a tile's rows are read by the thousand, and `format!` was the slower
/// part of making their ids.
fn push_decimal(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // Only ASCII digits were written.
    out.push_str(core::str::from_utf8(&digits[at..]).unwrap_or_default());
}

/// The prefix and first number of ids that are each that prefix and a number counting up by row
/// (written without leading zeros), if they all are.
fn numbered<'a>(ids: &[&'a str]) -> Option<(&'a str, u64)> {
    let first_id = ids.first()?;
    let prefix = first_id.trim_end_matches(|c: char| c.is_ascii_digit());
    let number = &first_id[prefix.len()..];
    if number.is_empty() || number.len() > 10 || (number.len() > 1 && number.starts_with('0')) {
        return None;
    }
    let first: u64 = number.parse().ok().filter(|&n| n <= MAX_FIRST)?;
    let mut expected = String::new();
    let all = ids.iter().zip(first..).all(|(id, n)| {
        expected.clear();
        expected.push_str(prefix);
        push_decimal(&mut expected, n);
        *id == expected
    });
    all.then_some((prefix, first))
}

/// The byte of a lowercase hex pair, if `pair` is one.
fn hex_byte(pair: &[u8]) -> Option<u8> {
    let digit = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    };
    Some(digit(pair[0])? << 4 | digit(*pair.get(1)?)?)
}

/// The width in bytes shared by every id when each is lowercase hex of one even length.
fn hex_width(ids: &[&str]) -> Option<usize> {
    let len = ids.first()?.len();
    let hex = |id: &&str| id.len() == len && id.as_bytes().chunks(2).all(|pair| hex_byte(pair).is_some());
    (len % 2 == 0 && ids.iter().all(hex)).then_some(len / 2)
}

/// Writes the id column.
pub(super) fn write(w: &mut Writer, ids: &[&str]) {
    if let Some((prefix, first)) = numbered(ids) {
        w.byte(NUMBERED);
        w.text(prefix);
        w.varint(first);
        return;
    }
    match hex_width(ids) {
        Some(width) => {
            w.byte(HEX);
            w.varint(width as u64);
            for id in ids {
                w.bytes.extend(id.as_bytes().chunks(2).filter_map(hex_byte));
            }
        }
        None => {
            w.byte(TEXT);
            ids.iter().for_each(|id| w.text(id));
        }
    }
}

const DIGITS: &[u8; 16] = b"0123456789abcdef";

/// Reads `n` ids as [`write`] wrote them (not yet checked as profile ids).
pub(super) fn read(r: &mut Reader<'_>, n: usize) -> Result<Vec<String>, TileError> {
    match r.byte()? {
        TEXT => super::column(r, n, |r| r.text(MAX_ID_LEN).map(str::to_owned)),
        HEX => {
            let width = r.varint()?;
            if width == 0 || width > (MAX_ID_LEN / 2) as u64 {
                return Err(TileError::Corrupt("the ids' width is out of range"));
            }
            // n is at most MAX_TILE_PROFILES and width at most 32: no overflow.
            let bytes = r.take(n * width as usize)?;
            Ok(bytes
                .chunks_exact(width as usize)
                .map(|id| {
                    let hex: Vec<u8> = id.iter().flat_map(|b| [DIGITS[usize::from(b >> 4)], DIGITS[usize::from(b & 0xf)]]).collect();
                    // Only ASCII hex digits were pushed.
                    String::from_utf8(hex).unwrap_or_default()
                })
                .collect())
        }
        NUMBERED => {
            let prefix = r.text(MAX_ID_LEN)?;
            let first = r.varint()?;
            if first > MAX_FIRST {
                return Err(TileError::Corrupt("the ids' first number is out of range"));
            }
            // Checked once here, not per row: every id is the prefix and digits, no longer than
            // the last one (n is at most MAX_TILE_PROFILES: no overflow).
            let last = (first + n as u64).saturating_sub(1);
            if !prefix.bytes().all(ProfileId::allows) || prefix.len() + digits(last) > MAX_ID_LEN {
                return Err(TileError::Corrupt("the ids' prefix cannot make valid profile ids"));
            }
            let mut id = String::with_capacity(prefix.len() + 20);
            Ok((first..first + n as u64)
                .map(|row| {
                    id.clear();
                    id.push_str(prefix);
                    push_decimal(&mut id, row);
                    id.clone()
                })
                .collect())
        }
        _ => Err(TileError::Corrupt("the ids are stored in a way this version does not read")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(ids: &[&str]) -> (Vec<u8>, Vec<String>) {
        let mut w = Writer::default();
        write(&mut w, ids);
        let mut r = Reader::new(&w.bytes);
        let back = read(&mut r, ids.len()).unwrap();
        assert_eq!(r.left(), 0);
        (w.bytes, back)
    }

    #[test]
    fn hex_ids_of_one_length_are_stored_as_bytes_and_others_as_text() {
        let (bytes, back) = round_trip(&["0123456789abcdef", "fedcba9876543210"]);
        assert_eq!(back, ["0123456789abcdef", "fedcba9876543210"]);
        assert_eq!(bytes.len(), 2 + 16, "a mode, a width and 8 bytes each");
        for ids in [&["abc"][..], &["ab", "abcd"], &["0A"], &["heverlee-b", "ab"], &["ag"], &[]] {
            let (bytes, back) = round_trip(ids);
            assert_eq!(back, ids);
            assert_eq!(bytes[0], TEXT, "{ids:?}");
        }
    }

    #[test]
    fn ids_numbered_by_row_store_only_their_prefix_and_first_number() {
        let ids: Vec<String> = (0..12).map(|row| format!("3f9a0c1e-{row}")).collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let (bytes, back) = round_trip(&ids);
        assert_eq!(back, ids);
        assert_eq!(bytes, [&[NUMBERED, 9][..], b"3f9a0c1e-", &[0]].concat(), "a mode, the prefix and 0, whatever the rows");
        // The second tile of a box numbered through.
        let (bytes, back) = round_trip(&["a-4096", "a-4097"]);
        assert_eq!((&bytes[..4], back), (&[NUMBERED, 2, b'a', b'-'][..], vec!["a-4096".to_owned(), "a-4097".to_owned()]));
        let (bytes, back) = round_trip(&["0", "1"]);
        assert_eq!((bytes, back), (vec![NUMBERED, 0, 0], vec!["0".to_owned(), "1".to_owned()]), "an empty prefix");
        // Out of order, a gap, a second prefix, or a number with a leading zero: not numbered.
        for ids in [&["a1", "a0"][..], &["a0", "a2"], &["a0", "b1"], &["a0", "a01"], &["a00", "a01"], &["a9", "a10", "a12"]] {
            let (bytes, back) = round_trip(ids);
            assert_eq!(back, ids);
            assert_ne!(bytes[0], NUMBERED, "{ids:?}");
        }
    }

    #[test]
    fn decimals_are_written_as_format_writes_them() {
        for n in [0, 7, 10, 99, 4096, 65_535, u64::from(u32::MAX), u64::MAX] {
            let mut s = String::from("p-");
            push_decimal(&mut s, n);
            assert_eq!(s, format!("p-{n}"));
        }
    }

    #[test]
    fn hostile_id_columns_are_refused() {
        for bytes in [
            &[HEX, 0][..],
            &[HEX, 33],
            &[HEX, 8, 1, 2],
            &[NUMBERED, 200],
            &[NUMBERED, 2, b'a'],
            &[NUMBERED, 1, b'/', 0],
            &[NUMBERED, 1, b'a', 0x80, 0x80, 0x80, 0x80, 0x20],
            &[7],
            &[],
        ] {
            assert!(read(&mut Reader::new(bytes), 1).is_err(), "{bytes:?}");
        }
        // A prefix whose ids would be over 64 characters is refused before any id is made.
        let long = [&[NUMBERED, 64][..], &[b'a'; 64], &[0]].concat();
        assert_eq!(read(&mut Reader::new(&long), 1), Err(TileError::Corrupt("the ids' prefix cannot make valid profile ids")));
        let fits = [&[NUMBERED, 63][..], &[b'a'; 63], &[9]].concat();
        assert_eq!(read(&mut Reader::new(&fits), 1).unwrap(), [format!("{}9", "a".repeat(63))]);
    }
}
