//! `talentbrug demo-records`: a synthetic coach's export (no real people) to try `publish` on.

/// Arguments of `talentbrug demo-records`.
#[derive(Debug, clap::Args)]
pub struct DemoRecordsArgs {
    /// Number of synthetic people.
    #[arg(long, default_value_t = 2000)]
    pub profiles: usize,
    /// Random seed: the same seed and month give the same people.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Where to write the export (CSV); an existing file is replaced.
    #[arg(long)]
    pub out: std::path::PathBuf,
}

/// Runs `talentbrug demo-records`: a synthetic coach's export to try `talentbrug publish` on.
pub fn run_demo_records(args: DemoRecordsArgs) -> Result<(), talentbrug_private::FileError> {
    let today = talentbrug_private::now().month();
    talentbrug_private::write_atomically_with_mode(
        &args.out,
        &talentbrug_publish::synthetic::records_csv(args.profiles, args.seed, today),
        Some(0o600),
    )?;
    eprintln!("wrote {} synthetic private records (no real people) to {}", args.profiles, args.out.display());
    Ok(())
}
