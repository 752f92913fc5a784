//! The bytes of a tile: LEB128 varints (zigzag for signed deltas) and length-prefixed UTF-8,
//! read through a cursor that refuses to read past the end or to believe a count larger than the
//! bytes left, so hostile input costs at most its own length in memory.

use super::TileError;

/// Appends values to a byte buffer.
#[derive(Default)]
pub(super) struct Writer {
    pub(super) bytes: Vec<u8>,
}

impl Writer {
    pub(super) fn byte(&mut self, b: u8) {
        self.bytes.push(b);
    }

    pub(super) fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.bytes.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.bytes.push(v as u8);
    }

    pub(super) fn signed(&mut self, v: i64) {
        self.varint(((v << 1) ^ (v >> 63)) as u64);
    }

    pub(super) fn text(&mut self, s: &str) {
        self.varint(s.len() as u64);
        self.bytes.extend_from_slice(s.as_bytes());
    }
}

/// Reads values from a tile's bytes.
pub(super) struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }

    /// Bytes not read yet.
    pub(super) fn left(&self) -> usize {
        self.bytes.len() - self.at
    }

    pub(super) fn take(&mut self, n: usize) -> Result<&'a [u8], TileError> {
        if n > self.left() {
            return Err(TileError::Truncated);
        }
        let out = &self.bytes[self.at..self.at + n];
        self.at += n;
        Ok(out)
    }

    pub(super) fn byte(&mut self) -> Result<u8, TileError> {
        self.take(1).map(|b| b[0])
    }

    pub(super) fn varint(&mut self) -> Result<u64, TileError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(TileError::Corrupt("a number is longer than 64 bits"))
    }

    pub(super) fn signed(&mut self) -> Result<i64, TileError> {
        let v = self.varint()?;
        Ok(((v >> 1) as i64) ^ -((v & 1) as i64))
    }

    /// A count of items that each take at least one byte: never more than the bytes left.
    pub(super) fn count(&mut self, max: usize) -> Result<usize, TileError> {
        let n = self.varint()?;
        if n > max as u64 || n > self.left() as u64 {
            return Err(TileError::Corrupt("a count is larger than the tile allows"));
        }
        Ok(n as usize)
    }

    pub(super) fn text(&mut self, max_bytes: usize) -> Result<&'a str, TileError> {
        let n = self.count(max_bytes)?;
        core::str::from_utf8(self.take(n)?).map_err(|_| TileError::Corrupt("a text is not UTF-8"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_texts_round_trip_and_truncation_is_an_error() {
        let mut w = Writer::default();
        for v in [0, 1, 127, 128, 300, u64::MAX] {
            w.varint(v);
        }
        for v in [0, -1, 1, i64::MIN, i64::MAX] {
            w.signed(v);
        }
        w.text("Leuven e.o.");
        let mut r = Reader::new(&w.bytes);
        for v in [0, 1, 127, 128, 300, u64::MAX] {
            assert_eq!(r.varint().unwrap(), v);
        }
        for v in [0, -1, 1, i64::MIN, i64::MAX] {
            assert_eq!(r.signed().unwrap(), v);
        }
        assert_eq!(r.text(100).unwrap(), "Leuven e.o.");
        assert_eq!(r.left(), 0);
        assert_eq!(r.byte(), Err(TileError::Truncated));
        // A count claiming more items than there are bytes is refused before anything is allocated.
        let mut r = Reader::new(&[0xff, 0xff, 0x03]);
        assert!(r.count(usize::MAX).is_err());
        // Eleven continuation bytes: not a 64-bit number.
        assert!(Reader::new(&[0x80; 11]).varint().is_err());
    }
}
