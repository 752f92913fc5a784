//! The coaching organisation's side of Talentbrug, behind the `talentbrug` command: synthetic
//! demo data, search over a feed file, and (in their own modules) keys, publishing and the inbox.
#![deny(missing_docs)]

pub mod clock;
pub mod demo_feed;
pub mod files;
pub mod search_cmd;
pub mod synthetic;
