//! The coaching organisation's side of Talentbrug, behind the `talentbrug` command: synthetic
//! demo data, search over a feed file, and (in their own modules) keys, publishing and the inbox.
#![deny(missing_docs)]

pub mod areas;
pub mod clock;
pub mod demo;
pub mod demo_feed;
pub mod files;
pub mod inbox_cmd;
pub mod kanon;
pub mod keys;
pub mod mapping;
pub mod pii;
pub mod publish;
pub mod records;
pub mod report;
pub mod rotation;
pub mod search_cmd;
pub mod server;
pub mod signed_feed;
pub mod synthetic;
pub mod verify_cmd;
