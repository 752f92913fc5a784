//! Talentbrug's matching core: anonymous talent profiles, the signed public feed, the postcode
//! gazetteer, reciprocal-reach search with explanations, and blind-interview request checks.
//!
//! Pure: no I/O, no clock, no globals; time comes in as arguments. Compiles natively and to
//! `wasm32-unknown-unknown`; the `wasm` feature adds a thin wasm-bindgen face ([`wasm`]).
#![deny(missing_docs)]

pub mod api;
pub mod calendar;
#[cfg(feature = "esco")]
pub mod esco;
pub mod explain;
pub mod feed;
pub mod gazetteer;
pub mod index;
pub mod occupation;
mod order;
pub mod profile;
pub mod reach;
pub mod request;
pub mod score;
pub mod search;
pub mod signature;
mod text;
pub mod vocabulary;
#[cfg(feature = "wasm")]
pub mod wasm;

pub use calendar::{Timestamp, YearMonth};
pub use feed::{Feed, FeedError, Publisher};
pub use gazetteer::{Country, Gazetteer, GazetteerError, Place, Postcode};
pub use index::FeedIndex;
pub use profile::{EscoId, Hours, Profile, ProfileId};
pub use search::{search, Query, RadiusKm, SearchResult};
pub use vocabulary::{Code, CodeSet, Lang};
