//! `cargo xtask`: Talentbrug's build automation, in Rust so it runs wherever cargo does.
//!
//! - `cargo xtask test`: installs what is missing (wasm target, wasm-bindgen CLI, Chromium),
//!   then runs fmt, clippy, native tests, wasm tests in headless Chromium, the npm package test
//!   and the end-to-end tests.
//! - `cargo xtask build`: the widget to `www/dist/` and the core's npm package to `target/pkg/`.
//! - `cargo xtask demo [--addr HOST:PORT]`: builds and serves the demo partner site.
//! - `cargo xtask bench`: in-browser benchmark and Lighthouse on the demo page, written to
//!   `target/bench.json`.
//! - `cargo xtask floor`: the gzipped size of the widget's search path alone and of a minimal
//!   yew app, built as the widget ships, written to `target/widget_floor.json`.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod bench;
mod browser;
mod build;
mod crate_graph;
mod demo;
mod error;
mod floor;
mod fuzz;
mod import_names;
mod lighthouse;
mod npm_test;
mod package;
mod pinned_npm;
mod precompress;
mod sizes;
mod steps;
mod test;
mod toolchain;
mod wasm_opt;
mod widget;
mod workspace;

#[derive(Debug, Parser)]
#[command(name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Everything CI runs: install what is missing, then fmt, clippy, native, wasm, npm and end-to-end tests.
    Test {
        /// Run only the steps whose names contain one of these words (e.g. `--only npm --only wasm`).
        #[arg(long)]
        only: Vec<String>,
    },
    /// Build the widget to www/dist/ and the core's npm package to target/pkg/ (release, size-optimised).
    Build,
    /// Build the widget and serve the demo partner site with a fresh signed feed and the inbox.
    Demo {
        /// Address to listen on.
        #[arg(long, default_value = demo::DEFAULT_ADDR)]
        addr: String,
    },
    /// The parsers of feeds and request bodies on N hostile inputs each (release; not in CI).
    Fuzz {
        /// Cases per target.
        #[arg(long, default_value_t = 10_000_000)]
        cases: u64,
    },
    /// The widget's size floors: its search path without UI, and a minimal yew app, built as the widget ships.
    Floor,
    /// In-browser benchmark (wasm core vs plain JavaScript and native) and Lighthouse on the demo page, written to target/bench.json.
    Bench {
        /// Profiles in the demo feed.
        #[arg(long, default_value_t = 100_000)]
        profiles: usize,
    },
}

fn main() -> ExitCode {
    toolchain::put_cargo_bin_on_path();
    let result = match Cli::parse().command {
        Command::Test { only } => test::run(only),
        Command::Build => build::run(),
        Command::Demo { addr } => demo::run(&addr),
        Command::Bench { profiles } => bench::run(profiles),
        Command::Fuzz { cases } => fuzz::run(cases),
        Command::Floor => floor::run(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}
