//! `cargo xtask fuzz --cases N`: the parsers that read what strangers send (feeds, feed v2
//! manifests and tiles, request bodies) on N hostile inputs each, optimised (the `fuzz`
//! profile), outside CI; prints the cases and the time per target for the README. CI keeps the
//! small always-on property tests.

use std::time::Instant;

use xshell::{cmd, Shell};

use crate::error::{Error, Result};
use crate::workspace;

/// The fuzz targets: package, test binary (`--lib` or `--test NAME`) and test name.
const TARGETS: &[(&str, &[&str], &str)] = &[
    ("talentbrug-core", &["--test", "fuzz_feed"], "fuzz_feed_parser"),
    ("talentbrug-core", &["--test", "fuzz_feed"], "fuzz_manifest_parser"),
    ("talentbrug-core", &["--test", "fuzz_feed"], "fuzz_tile_decoder"),
    ("talentbrug-core", &["--test", "fuzz_feed"], "fuzz_region_parser"),
    ("talentbrug-server", &["--lib"], "api::tests::fuzz_request_bodies"),
];

/// Runs every target with `cases` cases and prints how long each took.
pub fn run(cases: u64) -> Result<()> {
    let sh = Shell::new()?;
    sh.change_dir(workspace::root());
    let cases_text = cases.to_string();
    let mut lines = Vec::new();
    for &(package, binary, test) in TARGETS {
        cmd!(sh, "cargo test --profile fuzz -p {package} {binary...} --no-run").run()?;
        let started = Instant::now();
        let output = cmd!(sh, "cargo test --profile fuzz -p {package} {binary...} -- --ignored --exact {test}")
            .env("PROPTEST_CASES", &cases_text)
            .read()?;
        println!("{output}");
        // `--exact` with a wrong path runs nothing and passes: a figure must come from a real run.
        if !ran_one_test(&output) {
            return Err(Error::Check(format!("{package}: no test named `{test}` ran; fix the name in xtask/src/fuzz.rs")));
        }
        lines.push(format!("{package} {test}: {cases} cases, no panic, {:.1} s", started.elapsed().as_secs_f64()));
    }
    println!("\n{}", lines.join("\n"));
    Ok(())
}

/// Whether a libtest run passed exactly one test.
fn ran_one_test(output: &str) -> bool {
    output.lines().any(|l| l.starts_with("test result: ok. 1 passed;"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_run_that_matched_no_test_is_not_counted() {
        assert!(super::ran_one_test("running 1 test\ntest result: ok. 1 passed; 0 failed; 0 ignored"));
        assert!(!super::ran_one_test("running 0 tests\ntest result: ok. 0 passed; 0 failed; 0 ignored; 45 filtered out"));
    }
}
