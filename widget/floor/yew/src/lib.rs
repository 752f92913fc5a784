//! How small a yew widget could be: a reducer, two function components, an input and a list,
//! linked as the widget links yew. `cargo xtask floor` builds it as the widget is built (profile
//! `wasm-release`, wasm-bindgen, wasm-opt) and reports its gzipped size next to the widget's:
//! what yew alone costs before the widget's own components, forms, texts and styles. With the
//! `search` feature, each line typed is also searched with `talentbrug-floor-search` (the
//! widget's search path) and its answer listed: the floor of a yew widget that searches.
#![deny(missing_docs)]

mod list;

pub use list::{start, Action, Items};

/// The widget's allocator (with `search`, the search path's crate sets the same one).
#[cfg(all(target_family = "wasm", not(target_feature = "atomics"), not(feature = "search")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
