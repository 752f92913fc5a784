//! The id column. Published ids are random lowercase hex of one length (the publisher's rotating
//! HMAC ids), so a tile whose ids all are stores each as its raw bytes, half the characters;
//! gzip cannot halve hex by itself (it gets about 4.4 of a hex character's 8 bits, plus a length
//! byte per id). Any other ids are stored as length-prefixed text.

use super::wire::{Reader, Writer};
use super::TileError;
use crate::profile::MAX_ID_LEN;

/// Ids as length-prefixed UTF-8 texts.
const TEXT: u8 = 0;
/// Ids as raw bytes of one width: each is lowercase hex of twice that many characters.
const HEX: u8 = 1;

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
    fn hostile_id_columns_are_refused() {
        for bytes in [&[HEX, 0][..], &[HEX, 33], &[HEX, 8, 1, 2], &[7], &[]] {
            assert!(read(&mut Reader::new(bytes), 1).is_err(), "{bytes:?}");
        }
    }
}
