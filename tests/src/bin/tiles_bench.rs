//! `tiles-bench`: feed v2 and network transfer and time to first results at national scale
//! (issues 13 and 14), merged into the benchmark report. Run through `cargo xtask bench`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// Runs the benchmark and merges its figures into the report.
#[derive(Debug, Parser)]
struct Args {
    /// Profiles in the national demo feed.
    #[arg(long, default_value_t = 1_000_000)]
    profiles: usize,
    /// Members of the network the same profiles are split over.
    #[arg(long, default_value_t = 100)]
    members: usize,
    /// The JSON report to add the figures to (created if missing).
    #[arg(long)]
    out: PathBuf,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let report = match talentbrug_e2e::tiles_bench::run(args.profiles, args.members).await {
        Ok(report) => report,
        Err(e) => {
            eprintln!("tiles-bench: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut json: serde_json::Value =
        std::fs::read_to_string(&args.out).ok().and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_else(|| serde_json::json!({}));
    if let (Some(out), Ok(serde_json::Value::Object(new))) = (json.as_object_mut(), serde_json::to_value(&report)) {
        out.extend(new);
    }
    println!("{}", serde_json::to_string_pretty(&report).unwrap_or_default());
    if let Err(e) = std::fs::write(&args.out, serde_json::to_string_pretty(&json).unwrap_or_default()) {
        eprintln!("tiles-bench: {}: {e}", args.out.display());
        return ExitCode::FAILURE;
    }
    println!("wrote {}", args.out.display());
    ExitCode::SUCCESS
}
