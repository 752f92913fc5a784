//! A tile's detail parts: what only a card shows (the pitch), kept out of the tile the search
//! reads, in small content-addressed chunks of [`CHUNK_ROWS`] profiles. The tile lists each
//! chunk's SHA-256 and length, and the manifest lists the tile's, so a chunk is as signed as the
//! tile (the TUF chain: signed metadata over hashed targets), and a reader fetches only the
//! chunks of the profiles on screen.

use super::wire::{Reader, Writer};
use super::TileError;
use crate::manifest::Sha256Hex;
use crate::profile::{Pitch, Profile, MAX_PITCH};

/// Profiles per detail chunk: small enough that the first ten results need a few kilobytes of
/// pitches, large enough that the tile's list of chunks stays under a byte per profile.
pub const CHUNK_ROWS: usize = 64;
/// The first bytes of every detail chunk.
pub const DETAIL_MAGIC: &[u8; 4] = b"TBD\x02";
/// The detail layout version this code writes and reads.
pub const DETAIL_VERSION: u8 = 1;

/// One detail chunk as its tile lists it: which rows it holds, its SHA-256 and its length.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DetailRef {
    /// SHA-256 of the chunk's bytes.
    pub sha256: Sha256Hex,
    /// Length of the chunk's bytes.
    pub bytes: u64,
    /// The tile row of the chunk's first profile.
    pub first_row: usize,
    /// How many profiles (rows) it holds.
    pub rows: usize,
}

impl DetailRef {
    /// The chunk's file name: `<sha256>.tbd`.
    pub fn file_name(&self) -> String {
        format!("{}.tbd", self.sha256)
    }

    /// The chunk's path, next to its tile's `tile_path` (`tiles/<sha>.tb2` → `tiles/<chunk>.tbd`).
    pub fn path_next_to(&self, tile_path: &str) -> String {
        match tile_path.rfind('/') {
            Some(at) => format!("{}{}", &tile_path[..=at], self.file_name()),
            None => self.file_name(),
        }
    }

    /// Whether tile row `row` is in this chunk.
    pub fn holds(&self, row: usize) -> bool {
        (self.first_row..self.first_row + self.rows).contains(&row)
    }
}

/// The detail chunks of `profiles`, in row order: none when no profile has a pitch.
pub(super) fn encode_chunks(profiles: &[Profile]) -> Vec<Vec<u8>> {
    if profiles.iter().all(|p| p.pitch.is_none()) {
        return Vec::new();
    }
    profiles
        .chunks(CHUNK_ROWS)
        .map(|chunk| {
            let mut w = Writer::default();
            w.bytes.extend_from_slice(DETAIL_MAGIC);
            w.byte(DETAIL_VERSION);
            w.varint(chunk.len() as u64);
            for p in chunk {
                match &p.pitch {
                    None => w.byte(0),
                    Some(pitch) => {
                        w.varint(pitch.as_str().len() as u64 + 1);
                        w.bytes.extend_from_slice(pitch.as_str().as_bytes());
                    }
                }
            }
            w.bytes
        })
        .collect()
}

/// Writes the list of chunks at the head of a tile, given each chunk's SHA-256.
pub(super) fn write_refs(w: &mut Writer, chunks: &[Vec<u8>], sha256: &[Sha256Hex]) {
    w.varint(if chunks.is_empty() { 0 } else { CHUNK_ROWS as u64 });
    w.varint(chunks.len() as u64);
    for (chunk, sha256) in chunks.iter().zip(sha256) {
        w.bytes.extend_from_slice(sha256.as_bytes());
        w.varint(chunk.len() as u64);
    }
}

/// Reads the list of chunks at the head of a tile; checked against the row count later.
pub(super) fn read_refs(r: &mut Reader<'_>) -> Result<(usize, Vec<DetailRef>), TileError> {
    let rows = r.varint()?;
    if rows != 0 && rows != CHUNK_ROWS as u64 {
        return Err(TileError::Corrupt("its detail chunks are not of the size this version reads"));
    }
    let n = r.count(super::MAX_TILE_PROFILES)?;
    let mut refs = Vec::with_capacity(n.min(r.left() / 33));
    for i in 0..n {
        let sha: [u8; 32] = r.take(32)?.try_into().map_err(|_| TileError::Truncated)?;
        let bytes = r.varint()?;
        refs.push(DetailRef { sha256: Sha256Hex::from_bytes(sha), bytes, first_row: i * CHUNK_ROWS, rows: 0 });
    }
    Ok((rows as usize, refs))
}

/// Sets each chunk's row count once the tile's profile count is known; refuses a list that does
/// not cover every row exactly once.
pub(super) fn fit_refs(refs: &mut [DetailRef], chunk_rows: usize, n: usize) -> Result<(), TileError> {
    let expected = if chunk_rows == 0 { 0 } else { n.div_ceil(chunk_rows) };
    if refs.len() != expected {
        return Err(TileError::Corrupt("its detail chunks do not cover its profiles"));
    }
    for r in refs.iter_mut() {
        r.rows = chunk_rows.min(n - r.first_row);
    }
    Ok(())
}

/// Checks a detail chunk's bytes against its reference (length, then SHA-256, before decoding)
/// and reads its pitches, one per row.
///
/// ```
/// use talentbrug_core::tile::{decode, decode_details, encode};
/// # let json = r#"{ "id": "a", "area": { "postcode": "BE-3001", "label": "Heverlee", "lat": 50.864, "lon": 4.696 },
/// #     "reach_km": 10, "travel_modes": ["bike"], "occupations": [], "talents": ["packing"], "strengths": [],
/// #     "languages": [], "hours": { "min": 20, "max": 30 }, "shifts": ["day"], "available_from": "2026-01",
/// #     "contract_forms": [], "job_coaching": false, "workplace_needs": [], "pitch": "Ik werk graag met mijn handen." }"#;
/// # let profile: talentbrug_core::Profile = serde_json::from_str(json)?;
/// let encoded = encode(&[profile])?;
/// let tile = decode(&encoded.tile)?;
/// assert_eq!(tile.profiles[0].pitch, None, "the search tile holds no pitch");
/// let pitches = decode_details(&tile.details[0], &encoded.details[0])?;
/// assert_eq!(pitches[0].as_ref().map(|p| p.as_str()), Some("Ik werk graag met mijn handen."));
/// assert!(decode_details(&tile.details[0], b"TBD\x02\x01\x01\x00").is_err(), "other bytes are refused");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn decode_details(reference: &DetailRef, bytes: &[u8]) -> Result<Vec<Option<Pitch>>, TileError> {
    if bytes.len() as u64 != reference.bytes {
        return Err(TileError::Corrupt("a detail chunk's length is not the one its tile lists"));
    }
    if Sha256Hex::of(bytes) != reference.sha256 {
        return Err(TileError::Corrupt("a detail chunk's SHA-256 is not the one its tile lists"));
    }
    let mut r = Reader::new(bytes);
    if r.take(4).map_err(|_| TileError::NotATile)? != DETAIL_MAGIC {
        return Err(TileError::NotATile);
    }
    match r.byte()? {
        DETAIL_VERSION => {}
        other => return Err(TileError::UnsupportedVersion(other)),
    }
    if r.count(CHUNK_ROWS)? != reference.rows {
        return Err(TileError::Corrupt("a detail chunk holds another number of profiles than its tile lists"));
    }
    let mut out = Vec::with_capacity(reference.rows);
    for i in 0..reference.rows {
        // Length + 1, 0 for none; `take` refuses a length beyond the bytes left.
        let pitch = match r.varint()? {
            0 => None,
            len if len > (MAX_PITCH * 4 + 1) as u64 => return Err(TileError::Corrupt("a pitch is longer than a pitch may be")),
            len => {
                let text = core::str::from_utf8(r.take(len as usize - 1)?).map_err(|_| TileError::Corrupt("a pitch is not UTF-8"))?;
                Some(text.parse::<Pitch>().map_err(|e| TileError::Invalid { row: reference.first_row + i, message: e.0 })?)
            }
        };
        out.push(pitch);
    }
    if r.left() != 0 {
        return Err(TileError::Corrupt("there are bytes after a detail chunk's last pitch"));
    }
    Ok(out)
}
