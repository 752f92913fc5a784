//! The JS face of the Talentbrug matching core, built into the npm package `talentbrug-core`
//! (`cargo xtask build`: `target/pkg/`, wasm-bindgen `--target web`, TypeScript types), for web
//! developers who do not use the widget: load a feed, search it with a plain JS object, get
//! plain JS objects back, look up postcodes.
//!
//! Everything here only converts between JS values and [`talentbrug_core::api`]; no logic lives
//! in this crate. It is also where the clock is: the core never reads one, so a search's
//! "today" is `Date.now()`, read here and passed in.
//!
//! ```js
//! import init, { TalentIndex, lookupPostcode } from "talentbrug-core";
//! await init();
//! const index = TalentIndex.fromJson(await (await fetch("/feed.json")).text());
//! const { total, matches } = index.search({ postcode: "3000", radius_km: 10, talents: ["packing"] });
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod convert;
mod lookups;
mod talent_index;
mod typescript;

pub use lookups::{lookup_postcode, suggest_places, vocabulary};
pub use talent_index::TalentIndex;
