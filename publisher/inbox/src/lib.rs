//! The coaching organisation's inbox: every blind-interview request an employer sent, on one
//! SQLite file, and the queries the server and the coach's commands run on it.
//!
//! [`Store`] holds the schema and queries; [`RequestWriter`] stores requests and vacancies in
//! group commits (acknowledged once on disk); [`KnownProfiles`] remembers the ids served feeds
//! showed; the outboxes ([`Pending`], [`PendingEvent`]) keep webhook deliveries across restarts
//! ([`redact_urls`] keeps webhook URLs out of their errors); [`Reference`] and [`StatusToken`]
//! name a request or vacancy; [`MappingStore`] leads back to people; [`Store::erase`] and
//! [`Store::purge_followed_up_before`] delete an employer's data again. All SQL of Talentbrug
//! lives in this crate. It never links signing code or HTTP.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod digest;
mod erase;
mod events;
mod known_profiles;
mod outbox;
mod redact;
mod request_writer;
mod status;
mod store;
mod tokens;
mod vacancies;
mod vacancy_status;
mod vacancy_writer;

pub use erase::{months_before, EraseError, Erased, ErasedKind, Purged};
pub use known_profiles::{record_served, FeedIds, KnownProfiles, GRACE_DAYS};
pub use outbox::{backoff_seconds, DeliveryState, Pending, FIRST_RETRY_SECONDS, MAX_RETRY_SECONDS};
pub use request_writer::{NewRequest, Receipt, RequestWriter, Stored, WriteFailed};
pub use status::{RequestStatus, UnknownStatus};
pub use store::{
    EmployerRecord, StatusChange, StatusView, Store, StoreError, StoredRequest, VacancyRecord, DEFAULT_STATUS_LINK_DAYS, SCHEMA_VERSION,
};
pub use talentbrug_private::{default_private_dir, lookup, Hit, MappingError, MappingStore};
pub use tokens::{BadReference, Reference, StatusToken};
pub use vacancies::{EmployerMark, InterviewDate, Proposal, ProposalCard, StoredVacancy, VacancyError, VacancyMatch, VacancyView};
pub use {digest::sha256_hex, events::*, redact::redact_urls, vacancies::MatchedRecord, vacancy_status::*, vacancy_writer::NewVacancy};
