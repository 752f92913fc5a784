//! The coaching organisation's inbox: every blind-interview request an employer sent, on one
//! SQLite file, and the queries the server and the coach's commands run on it.
//!
//! [`Store`] holds the schema and the queries; [`RequestWriter`] stores requests in group
//! commits (acknowledged only once on disk); [`KnownProfiles`] remembers which profile ids a
//! served feed showed; the outbox ([`Pending`], [`DeliveryState`]) keeps webhook deliveries
//! across restarts, and [`redact_urls`] keeps webhook URLs out of its errors; [`Reference`] and [`StatusToken`] name a request to the coach and to the
//! employer. The way back from a profile id to a person is [`MappingStore`], read from the
//! organisation's private directory.
//!
//! All SQL of Talentbrug lives in this crate. It never links signing code or HTTP.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod digest;
mod known_profiles;
mod outbox;
mod redact;
mod request_writer;
mod status;
mod store;
mod tokens;

pub use digest::sha256_hex;
pub use known_profiles::{record_served, FeedIds, KnownProfiles, GRACE_DAYS};
pub use outbox::{backoff_seconds, DeliveryState, Pending, FIRST_RETRY_SECONDS, MAX_RETRY_SECONDS};
pub use redact::redact_urls;
pub use request_writer::{NewRequest, Receipt, RequestWriter, Stored, WriteFailed};
pub use status::{RequestStatus, UnknownStatus};
pub use store::{
    EmployerRecord, StatusChange, StatusView, Store, StoreError, StoredRequest, VacancyRecord, DEFAULT_STATUS_LINK_DAYS, SCHEMA_VERSION,
};
pub use talentbrug_private::{default_private_dir, lookup, Hit, MappingError, MappingStore};
pub use tokens::{BadReference, Reference, StatusToken};
