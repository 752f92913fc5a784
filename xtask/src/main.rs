//! `cargo xtask`: Talentbrug's build automation, in Rust so it runs wherever cargo does.
//!
//! - `cargo xtask test`: installs what is missing (wasm target, wasm-bindgen CLI, Chromium),
//!   then runs fmt, clippy, native tests, wasm tests in headless Chromium and end-to-end tests.
//! - `cargo xtask build`: the widget to `www/dist/` and the core's npm package to `target/pkg/`.
//! - `cargo xtask demo [--addr HOST:PORT]`: builds and serves the demo partner site.
//! - `cargo xtask bench`: in-browser benchmark, written to `target/bench.json`.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod widget;

#[derive(Debug, Parser)]
#[command(name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the widget to www/dist/ (release, size-optimised).
    Build,
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Build => widget::build(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}
