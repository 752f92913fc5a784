//! The coaching organisation's own files, shared by the publisher (which writes them) and the
//! inbox (which reads them): crash-safe writes, the private directory that maps published
//! profile ids back to record ids, the one system clock of the organisation's side, and where
//! the files of a feed v2 lie and how they are read checked (`tile_files`).
//!
//! Nothing here signs, serves or stores requests: the signing key stays in
//! `talentbrug-publish`, SQL in `talentbrug-inbox`, HTTP in `talentbrug-server`.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod clock;
mod files;
mod mapping;
mod record_id;
mod tile_files;

pub use clock::now;
pub use files::{signature_path, write_atomically, write_atomically_with_mode, FileError};
pub use mapping::{
    default_private_dir, lookup, Hit, Mapping, MappingError, MappingStore, PrivateDir, PublishLock, KEEP_AFTER_EXPIRY_DAYS, MAPPING_FORMAT,
    PRIVATE_MARKER, STATE_FORMAT,
};
pub use record_id::{RecordId, MAX_RECORD_ID};
pub use tile_files::{
    gzip_path, manifest_dir, manifest_path, read_regions, read_tiles, FeedFiles, RegionFile, TileFile, TileFileError, MANIFEST_FILE,
    TILES_DIR,
};
