//! `cargo xtask fuzz --cases N`: the parsers that read what strangers send (feeds, request
//! bodies) on N hostile inputs each, optimised (the `fuzz` profile), outside CI; prints the cases and the
//! time per target for the README. CI keeps the small always-on property tests.

use std::time::Instant;

use xshell::{cmd, Shell};

use crate::error::Result;
use crate::workspace;

/// The fuzz targets: package, test binary (`--lib` or `--test NAME`) and test name.
const TARGETS: &[(&str, &[&str], &str)] =
    &[("talentbrug-core", &["--test", "fuzz_feed"], "fuzz_feed_parser"), ("talentbrug-server", &["--lib"], "fuzz_request_bodies")];

/// Runs every target with `cases` cases and prints how long each took.
pub fn run(cases: u64) -> Result<()> {
    let sh = Shell::new()?;
    sh.change_dir(workspace::root());
    let cases_text = cases.to_string();
    let mut lines = Vec::new();
    for &(package, binary, test) in TARGETS {
        cmd!(sh, "cargo test --profile fuzz -p {package} {binary...} --no-run").run()?;
        let started = Instant::now();
        cmd!(sh, "cargo test --profile fuzz -p {package} {binary...} -- --ignored --exact {test}")
            .env("PROPTEST_CASES", &cases_text)
            .run()?;
        lines.push(format!("{package} {test}: {cases} cases, no panic, {:.1} s", started.elapsed().as_secs_f64()));
    }
    println!("\n{}", lines.join("\n"));
    Ok(())
}
