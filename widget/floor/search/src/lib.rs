//! How small the widget could be without any UI: only what every employer's browser must run
//! before results show, linked as the widget links it. `cargo xtask floor` builds it as the
//! widget is built (profile `wasm-release`, wasm-bindgen, wasm-opt) and reports its gzipped size
//! next to the widget's, so the widget's size budget can be weighed against its floor.
//!
//! The path: verify the manifest's signature, parse it, check a region file and a tile against
//! their listed hashes, decode the tile and its detail chunk, index the profiles, resolve the
//! employer's postcode or place (with suggestions), search, and describe why each result matched.
//! Sending requests, vacancy forms, settings and translations of the UI are left out, so this is
//! a lower bound.
#![deny(missing_docs)]

mod path;

pub use path::{first_results, Fetched};

/// The widget's allocator.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
