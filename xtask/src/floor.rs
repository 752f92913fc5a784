//! `cargo xtask floor`: how small the widget could be, measured. Builds, as the widget is built
//! and shipped ([`widget::shrunk`], JS compacted and minified, zopfli `.gz`):
//! - `talentbrug-floor-search` (`widget/floor/search`): only the widget's search path, no UI;
//! - `talentbrug-floor-yew` (`widget/floor/yew`): a minimal yew app, nothing of the widget's;
//! - the same with its `search` feature: the minimal yew app running the search path, the floor
//!   of a yew widget that searches (less than the two above added: they share the standard
//!   library, the allocator and wasm-bindgen's runtime);
//!
//! and prints their shipped gzipped bytes next to the widget's budget. Writes
//! `target/widget_floor.json`; `cargo xtask bench` adds the same keys to `target/bench.json`.

use serde_json::{json, Value};
use xshell::Shell;

use crate::error::{Error, Result};
use crate::sizes::{brotli_len, Size};
use crate::toolchain::{self, Purpose};
use crate::{precompress, widget, workspace};

/// The floors measured: bench key prefix, package, its features.
const FLOORS: [(&str, &str, &str); 3] = [
    ("widget_floor_search", "talentbrug-floor-search", ""),
    ("widget_floor_yew", "talentbrug-floor-yew", ""),
    ("widget_floor_yew_search", "talentbrug-floor-yew", "search"),
];

/// Builds each floor crate as the widget ships and returns `<key>_gz_bytes` (zopfli, as
/// shipped), `<key>_gzip9_bytes` and `<key>_brotli_bytes` for each, JS and wasm together.
pub fn measure(sh: &Shell) -> Result<Value> {
    let root = workspace::root();
    let mut report = json!({});
    for (key, package, features) in FLOORS {
        let out_name = key.replace('_', "-");
        let shrunk = widget::shrunk(sh, &root, package, features, &out_name).map_err(|e| Error::Check(format!("{package}: {e}")))?;
        let js = widget::shipped_js(sh, &out_name, &shrunk.glue);
        let mut shipped = 0;
        for bytes in [js.as_bytes(), &shrunk.wasm[..]] {
            shipped += precompress::gzip(bytes).map_err(Error::Check)?.len() as u64;
        }
        let gzip9 = Size::of_bytes(js.as_bytes()).gzip + Size::of_bytes(&shrunk.wasm).gzip;
        let brotli = brotli_len(js.as_bytes()) + brotli_len(&shrunk.wasm);
        report[format!("{key}_gz_bytes")] = shipped.into();
        report[format!("{key}_gzip9_bytes")] = gzip9.into();
        report[format!("{key}_brotli_bytes")] = brotli.into();
        println!("{key}: {:.1} KB gzipped as shipped, {:.1} KB brotli (wasm-opt {})", kb(shipped), kb(brotli), shrunk.level);
    }
    Ok(report)
}

fn kb(bytes: u64) -> f64 {
    bytes as f64 / 1024.0
}

/// Runs `cargo xtask floor` from the workspace root, installing what it needs first.
pub fn run() -> Result<()> {
    let sh = Shell::new()?;
    sh.change_dir(workspace::root());
    toolchain::ensure(&sh, Purpose::Build)?;
    let report = measure(&sh)?;
    let out = workspace::target_dir().join("widget_floor.json");
    let text = serde_json::to_string_pretty(&report).map_err(|e| Error::Check(e.to_string()))?;
    std::fs::write(&out, text + "\n").map_err(Error::file(&out))?;
    println!("wrote {}", out.display());
    Ok(())
}
