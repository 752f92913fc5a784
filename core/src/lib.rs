#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod api;
pub mod calendar;
#[cfg(feature = "esco")]
pub mod esco;
pub mod explain;
pub mod feed;
pub mod freshness;
pub mod gazetteer;
pub mod index;
pub mod manifest;
pub mod network;
pub mod occupation;
mod order;
pub mod profile;
pub mod reach;
pub mod region;
pub mod request;
pub mod score;
pub mod search;
pub mod signature;
mod text;
pub mod tie;
pub mod tile;
pub mod vacancy;
pub mod vocabulary;

pub use calendar::{Timestamp, YearMonth};
pub use feed::{Feed, FeedError, Publisher};
pub use gazetteer::{Country, Gazetteer, GazetteerError, Place, Postcode};
pub use index::FeedIndex;
pub use profile::{EscoId, Hours, IscoGroup, Profile, ProfileId};
pub use search::{search, Query, RadiusKm, SearchResult};
pub use vocabulary::{Code, CodeSet, Lang};
