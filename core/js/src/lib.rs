//! The JS face of the Talentbrug matching core, the npm package `talentbrug-core` (`cargo xtask
//! build`: `target/pkg/`, TypeScript types), for web developers without the widget: load a feed,
//! search it with a plain JS object, get plain JS objects back, look up postcodes. A signed feed
//! v2 ([`load_feed`]) or a network's feeds ([`load_network`]) is read tile by tile as needed.
//!
//! Everything here converts JS values, fetches and reads the clock (`Date.now()`, passed in); the
//! checks (signatures, expiry, tiles' hashes, which tiles and members a search needs) are the core's:
//! ```js
//! import init, { TalentIndex, lookupPostcode } from "talentbrug-core";
//! await init();
//! const index = TalentIndex.fromJson(await (await fetch("/feed.json")).text()); // v1, whole
//! const feed = await loadFeed("https://example.org/feed/manifest.json", { publicKey: "..." });
//! const near = await feed.search({ postcode: "3000", radius_km: 10 }); // fetches the tiles it needs
//! const network = await loadNetwork("https://stad.example/network.json", { networkKey: "..." });
//! const { matches: pooled, missing } = await network.search({ postcode: "3000" });
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod convert;
mod feed_tiles;
mod fetcher;
mod load_error;
mod lookups;
mod network_results;
mod options;
mod talent_feed;
mod talent_index;
mod talent_network;
mod typescript;

#[doc(hidden)]
pub use fetcher::testing;
pub use load_error::LoadError;
pub use lookups::{lookup_postcode, suggest_places, vocabulary};
pub use talent_feed::{load_feed, TalentFeed};
pub use talent_index::TalentIndex;
pub use talent_network::{load_network, TalentNetwork};
