//! Compacts `src/styles.css` into `OUT_DIR/styles.css` (see `src/css_compact.rs`), which the
//! widget embeds.

#[path = "src/css_compact.rs"]
mod css_compact;

fn main() {
    println!("cargo:rerun-if-changed=src/styles.css");
    println!("cargo:rerun-if-changed=src/css_compact.rs");
    let css = std::fs::read_to_string("src/styles.css").expect("src/styles.css is readable");
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("styles.css");
    std::fs::write(out, css_compact::compact(&css)).expect("write the compacted stylesheet");
}
