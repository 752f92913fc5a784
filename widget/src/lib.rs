//! The Talentbrug widget: `<talent-brug>` on a partner's page, where employers find anonymous
//! talent near them and request a blind interview.
//!
//! The loader (`www/dist/talentbrug.js`, built by `cargo xtask build`) defines the custom
//! element and calls [`mount`] for each one; everything else happens here, in yew, inside the
//! element's open shadow root. Matching, validation and feed checks are the core's.
#![deny(missing_docs)]

pub mod clock;
pub mod components;
pub mod criteria;
#[cfg(test)]
mod css_compact;
pub mod feed_source;
mod fetch;
pub mod hooks;
pub mod i18n;
pub mod map_layout;
pub mod memory;
mod mount;
pub mod pool;
pub mod sending;
pub mod settings;
pub mod state;
pub mod styles;
pub mod tiles_source;
pub mod urls;

pub use mount::{mount, settings_of, Widget};

/// The allocator: talc instead of the standard dlmalloc, for a smaller and faster wasm.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
