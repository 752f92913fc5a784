//! Talentbrug's publishing pipeline: private records in, an anonymous, signed feed out (only this crate holds the signing key).
//! [`publish`] keeps consenting records of [`read_export`], makes them k-anonymous ([`anonymise`]), drops pitches with personal data
//! ([`scan`]), names profiles by tile and row ([`number_by_tile`]), signs ([`Keys`]); [`publish_to_disk`] writes mapping and [`write_v2`].
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod areas;
mod kanon;
mod keys;
mod numbering;
mod pii;
mod pipeline;
mod publish_v2;
mod records;
mod report;
mod rotation;
mod signed_feed;
pub mod synthetic;
mod tiling;
mod to_disk;

pub use kanon::{
    anonymise, anonymise_stable, check as check_k_anonymity, reach_band, Group, GroupState, Membership, Needs, Published, Quasi, Stable,
    Violation, DEFAULT_K, GROUPS_FORMAT, L_DIVERSITY, MAX_RADIUS_KM, REACH_BANDS, SLACK,
};
pub use keys::{KeyError, Keys, RotationSecret, KEY_FORMAT};
pub use numbering::number_by_tile;
pub use pii::{is_bsn, is_iban, is_national_register_number, scan, words, Finding};
pub use pipeline::{
    publish, publish_with_groups, PublishError, PublishOptions, PublishOutcome, DEFAULT_EXPIRES_IN_DAYS, DEFAULT_PRIVACY_URL,
    DEFAULT_REQUEST_URL, MAX_EXPIRES_IN_DAYS,
};
pub use publish_v2::{build_manifest, write_v2, BuiltV2, FeedV2Error, V2Written, TILE_GRACE_DAYS, TILE_HISTORY_FILE, TILE_HISTORY_FORMAT};
pub use records::{read_export, write_csv, Export, ExportError, Identity, Record, COLUMNS};
pub use report::{DroppedPitch, Generalised, GeneralisedRecord, HeldBack, HoldReason, Report};
pub use signed_feed::write_pair;
pub use talentbrug_private::RecordId;
pub use tiling::{cut_into_regions, cut_into_tiles, MAX_PER_TILE, MERGE_UP_TO, REGION_CELLS};
pub use to_disk::{check_private_location, publish_to_disk};
