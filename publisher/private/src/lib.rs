//! The coaching organisation's own files, shared by the publisher (which writes them) and the
//! inbox (which reads them): crash-safe writes, the private directory that maps published
//! profile ids back to record ids, and the one system clock of the organisation's side.
//!
//! Nothing here signs, serves or stores requests: the signing key stays in
//! `talentbrug-publish`, SQL in `talentbrug-inbox`, HTTP in `talentbrug-server`.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod clock;
mod files;
mod mapping;
mod record_id;

pub use clock::now;
pub use files::{signature_path, write_atomically, write_atomically_with_mode, FileError};
pub use mapping::{
    default_private_dir, lookup, Hit, Mapping, MappingError, MappingStore, PrivateDir, PublishLock, KEEP_AFTER_EXPIRY_DAYS, MAPPING_FORMAT,
    STATE_FORMAT,
};
pub use record_id::{RecordId, MAX_RECORD_ID};
