//! `talentbrug`, the command coaching organisations run: one module per subcommand, each its
//! arguments and a `run`. The work itself lives in the crates below it: `talentbrug-publish`
//! (publishing, keys), `talentbrug-inbox` (requests), `talentbrug-server` (HTTP) and
//! `talentbrug-private` (the organisation's private files).
//!
//! The synthetic data for demos and benchmarks is here too ([`demo_feed`]); synthetic private
//! records are `talentbrug_publish::synthetic`.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod demo;
pub mod demo_feed;
pub mod demo_network;
pub mod demo_pitches;
pub mod demo_population;
pub mod demo_records_cmd;
pub mod export_json_cmd;
pub mod inbox_cmd;
pub mod keygen_cmd;
pub mod manifest_feed;
pub mod network_cmd;
pub mod publish_cmd;
pub mod search_cmd;
pub mod serve_cmd;
mod terminal;
pub mod vacancy_cmd;
pub mod verify_cmd;
