//! Building the widget into `www/dist/`: release wasm, `wasm-bindgen --target web` without name
//! and producers sections, then `wasm-opt` (binaryen from npm, run through node, when present) at
//! the levels in [`OPT_LEVELS`], keeping whichever output is smallest *gzipped* (measured: `-Oz`
//! shrinks the raw file but grows the gzipped one), then the imports renamed short
//! ([`import_names`]), then the glue and the loader joined into one ES module so one SRI hash
//! covers all the JS.
//!
//! The joined JS is compacted ([`compact_js`]: comment lines, indentation and blank lines
//! dropped; 1.5 KB less gzipped), then minified by terser when it can be had ([`minified`]).
//!
//! Writes `www/dist/talentbrug.js`, `www/dist/talentbrug_bg.wasm`, both pre-compressed by zopfli
//! ([`crate::precompress`]: `.gz` next to them, for servers that send such files), and
//! `www/dist/manifest.json` (sizes raw, gzip -9 and pre-compressed, and the `integrity` value of the JS).

use std::path::{Path, PathBuf};

use base64::Engine as _;
use sha2::Digest as _;
use xshell::{cmd, Shell};

use crate::sizes::Size;
use crate::{import_names, precompress, workspace};

/// The wasm target.
const TARGET: &str = "wasm32-unknown-unknown";
/// Features the Rust wasm target emits by default, which wasm-opt must be told it may keep.
const WASM_FEATURES: [&str; 6] = [
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// The wasm-opt settings tried; the smallest gzipped result (or the unoptimised file) is shipped.
/// Measured on the widget: `-Oz` alone grows the gzipped file (inlining duplicates code that gzip
/// then cannot share); without inlining of multi-caller functions, `-O2` run until it converges is
/// the smallest (0.5 KB less than one `-O2` run, 1 KB less than `-Oz`; `-O1` is 2.5 KB larger).
const OPT_LEVELS: [&[&str]; 2] = [
    &["-Oz", "--flexible-inline-max-function-size=0", "--one-caller-inline-max-function-size=0"],
    &["-O2", "--flexible-inline-max-function-size=0", "--one-caller-inline-max-function-size=0", "--converge"],
];

fn fail(what: &str) -> impl Fn(std::io::Error) -> String + '_ {
    move |e| format!("{what}: {e}")
}

/// The JS without comment lines, indentation and blank lines. Statements stay on their own
/// lines, so the meaning is unchanged; a line with a template literal running over several lines
/// (an odd number of backquotes) would change it, so then the JS is returned as it is.
pub fn compact_js(js: &str) -> String {
    if js.lines().any(|l| l.matches('`').count() % 2 == 1) {
        return js.to_owned();
    }
    let mut out = String::with_capacity(js.len());
    let mut in_comment = false;
    for line in js.lines().map(str::trim) {
        if in_comment {
            in_comment = !line.contains("*/");
        } else if line.starts_with("/*") {
            in_comment = !line.contains("*/");
            if !in_comment && !line.ends_with("*/") {
                // Code after a one-line comment: keep the line.
                out.push_str(line);
                out.push('\n');
            }
        } else if !line.is_empty() && !line.starts_with("//") {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The JS through terser (names shortened, code compressed: 1.2 KB less gzipped than only
/// compacted), or as it is when terser cannot be had or does not make it smaller gzipped.
fn minified(sh: &Shell, out: &Path, js: String) -> String {
    let (joined, small) = (out.join("talentbrug.joined.js"), out.join("talentbrug.min.js"));
    let terser = match crate::wasm_opt::terser(sh) {
        Ok(terser) => terser,
        Err(e) => {
            eprintln!("xtask: terser could not be installed ({e}); the widget's JS is only compacted");
            return js;
        }
    };
    let run = std::fs::write(&joined, &js)
        .map_err(|e| e.to_string())
        .and_then(|()| cmd!(sh, "node {terser} {joined} --module --compress --mangle -o {small}").quiet().run().map_err(|e| e.to_string()));
    match run.and_then(|()| std::fs::read_to_string(&small).map_err(|e| e.to_string())) {
        Ok(min) if Size::of_bytes(min.as_bytes()).gzip < Size::of_bytes(js.as_bytes()).gzip => min,
        Ok(_) => js,
        Err(e) => {
            eprintln!("xtask: terser failed ({e}); the widget's JS is only compacted");
            js
        }
    }
}

/// The Subresource Integrity value (`sha384-...`) of some bytes.
pub fn integrity(bytes: &[u8]) -> String {
    format!("sha384-{}", base64::engine::general_purpose::STANDARD.encode(sha2::Sha384::digest(bytes)))
}

/// Whether `tests/node_modules` is missing or older than `tests/package-lock.json` (npm keeps
/// its own copy of the lock it installed in `node_modules/.package-lock.json`).
fn tests_npm_stale(tests: &Path) -> bool {
    let modified = |p: PathBuf| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    match (modified(tests.join("node_modules/.package-lock.json")), modified(tests.join("package-lock.json"))) {
        (Some(installed), Some(lock)) => installed < lock,
        _ => true,
    }
}

/// The `wasm-opt` of binaryen from npm (in `tests/node_modules`, with the other pinned test
/// tools: axe-core, kdbush, geokdbush), installed with `npm ci` when node is there and they are
/// missing or older than the lock file; `None` when it cannot be had (the build then skips it).
fn wasm_opt(sh: &Shell, root: &Path) -> Option<PathBuf> {
    let tests = root.join("tests");
    let bin = tests.join("node_modules/binaryen/bin/wasm-opt");
    if !bin.exists() || tests_npm_stale(&tests) {
        let _dir = sh.push_dir(&tests);
        if cmd!(sh, "npm ci --no-audit --no-fund").quiet().run().is_err() {
            eprintln!("xtask: npm could not install binaryen; the widget is built without wasm-opt");
        }
    }
    bin.exists().then_some(bin)
}

/// A wasm crate built as the widget is shipped: its wasm after wasm-bindgen and the smallest
/// gzipped of the [`OPT_LEVELS`], the wasm-opt level that gave it, and wasm-bindgen's JS glue.
pub struct Shrunk {
    /// The wasm.
    pub wasm: Vec<u8>,
    /// The first flag of the wasm-opt settings kept, or `none`.
    pub level: &'static str,
    /// wasm-bindgen's `--target web` glue.
    pub glue: String,
}

/// Builds the library of `package` with `features` (comma-separated, may be empty; profile
/// `wasm-release`, wasm32) and shrinks it as the widget
/// is shrunk: wasm-bindgen without name and producers sections, then the [`OPT_LEVELS`], keeping
/// the smallest gzipped. Files go to `<target>/<out_name>/`.
pub fn shrunk(sh: &Shell, root: &Path, package: &str, features: &str, out_name: &str) -> Result<Shrunk, String> {
    let target = workspace::target_dir();
    cmd!(sh, "cargo build --profile wasm-release --target {TARGET} -p {package} --lib --features={features}")
        .run()
        .map_err(|e| e.to_string())?;
    let wasm = target.join(TARGET).join("wasm-release").join(format!("{}.wasm", package.replace('-', "_")));
    let out = target.join(out_name);
    std::fs::create_dir_all(&out).map_err(fail("the build directory"))?;
    cmd!(
        sh,
        "wasm-bindgen {wasm} --target web --out-dir {out} --out-name talentbrug --no-typescript --remove-name-section --remove-producers-section"
    )
    .run()
    .map_err(|e| format!("wasm-bindgen (install it with `cargo xtask test` or `cargo install wasm-bindgen-cli`): {e}"))?;
    let bindgen_wasm = out.join("talentbrug_bg.wasm");
    let mut best = std::fs::read(&bindgen_wasm).map_err(fail("wasm-bindgen output"))?;
    let mut best_gz = Size::of_bytes(&best).gzip;
    let mut best_level = "none";
    if let Some(opt) = wasm_opt(sh, root) {
        for (i, &level) in OPT_LEVELS.iter().enumerate() {
            let candidate = out.join(format!("talentbrug-opt{i}.wasm"));
            cmd!(sh, "node {opt} {bindgen_wasm} {level...} {WASM_FEATURES...} -o {candidate}")
                .run()
                .map_err(|e| format!("wasm-opt: {e}"))?;
            let bytes = std::fs::read(&candidate).map_err(fail("wasm-opt output"))?;
            let gz = Size::of_bytes(&bytes).gzip;
            if gz < best_gz {
                (best, best_gz, best_level) = (bytes, gz, level[0]);
            }
        }
    }
    let glue = std::fs::read_to_string(out.join("talentbrug.js")).map_err(fail("wasm-bindgen glue"))?;
    Ok(Shrunk { wasm: best, level: best_level, glue })
}

/// `js` compacted, then minified when terser can be had (as the widget's JS is shipped);
/// `<target>/<out_name>/` holds terser's files.
pub fn shipped_js(sh: &Shell, out_name: &str, js: &str) -> String {
    minified(sh, &workspace::target_dir().join(out_name), compact_js(js))
}

/// Builds the widget (release wasm, wasm-bindgen `--target web`, size-optimised) into `www/dist/`.
pub fn build() -> Result<(), String> {
    let sh = Shell::new().map_err(|e| e.to_string())?;
    let root = workspace::root();
    sh.change_dir(&root);
    let Shrunk { wasm: best, level: best_level, glue } = shrunk(&sh, &root, "talentbrug-widget", "", "widget")?;
    let (wasm_bytes, glue) = import_names::shorten(&best, &glue);
    let loader = std::fs::read_to_string(root.join("widget/loader.js")).map_err(fail("widget/loader.js"))?;
    let js = shipped_js(&sh, "widget", &format!("{glue}{loader}"));

    let dist = root.join("www/dist");
    std::fs::create_dir_all(&dist).map_err(fail("www/dist"))?;
    std::fs::write(dist.join("talentbrug.js"), &js).map_err(fail("www/dist/talentbrug.js"))?;
    std::fs::write(dist.join("talentbrug_bg.wasm"), &wasm_bytes).map_err(fail("www/dist/talentbrug_bg.wasm"))?;
    let (js_gz, wasm_gz) = (Size::of_bytes(js.as_bytes()).gzip, Size::of_bytes(&wasm_bytes).gzip);
    let js_shipped = precompress::write_next_to(&dist.join("talentbrug.js"), js.as_bytes())?;
    let wasm_shipped = precompress::write_next_to(&dist.join("talentbrug_bg.wasm"), &wasm_bytes)?;
    let manifest = serde_json::json!({
        "js": { "file": "talentbrug.js", "bytes": js.len(), "gzip_bytes": js_gz, "precompressed_gzip_bytes": js_shipped, "integrity": integrity(js.as_bytes()) },
        "wasm": { "file": "talentbrug_bg.wasm", "bytes": wasm_bytes.len(), "gzip_bytes": wasm_gz, "precompressed_gzip_bytes": wasm_shipped, "wasm_opt": best_level },
        "total_gzip_bytes": js_gz + wasm_gz,
        "total_precompressed_gzip_bytes": js_shipped + wasm_shipped,
    });
    let pretty = serde_json::to_string_pretty(&manifest).map_err(|e| e.to_string())?;
    std::fs::write(dist.join("manifest.json"), pretty + "\n").map_err(fail("www/dist/manifest.json"))?;
    println!(
        "widget: www/dist/talentbrug.js {} B ({} B gzipped), talentbrug_bg.wasm {} B ({} B gzipped); {:.1} KB gzipped in all, {:.1} KB as the .gz files written next to them (zopfli)",
        js.len(),
        js_gz,
        wasm_bytes.len(),
        wasm_gz,
        (js_gz + wasm_gz) as f64 / 1024.0,
        (js_shipped + wasm_shipped) as f64 / 1024.0
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integrity_is_sha384_in_base64() {
        // `printf abc | openssl dgst -sha384 -binary | base64`
        assert_eq!(integrity(b"abc"), "sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn");
    }

    #[test]
    fn compacted_js_keeps_every_statement() {
        let js = "/**\n * Docs.\n */\nexport function f(a) {\n    // why\n    return `${a}`; /* x */\n\n}\n/* one */\n/* a */ g();\n";
        assert_eq!(compact_js(js), "export function f(a) {\nreturn `${a}`; /* x */\n}\n/* a */ g();\n");
        let template = "const s = `a\n    b`;\n";
        assert_eq!(compact_js(template), template);
    }
}
