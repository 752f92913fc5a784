//! `talentbrug publish`: the coach's export in, the anonymous signed feed and its id mapping out.

use std::path::PathBuf;

use talentbrug_core::esco::EscoCatalogue;
use talentbrug_core::Publisher;
use talentbrug_private::{default_private_dir, signature_path, write_atomically_with_mode, FileError, PrivateDir};
use talentbrug_publish::{
    check_private_location, publish_to_disk, read_export, Keys, PublishError, PublishOptions, DEFAULT_EXPIRES_IN_DAYS, DEFAULT_K,
    DEFAULT_PRIVACY_URL, DEFAULT_REQUEST_URL,
};

/// Arguments of `talentbrug publish`.
#[derive(Debug, clap::Args)]
pub struct PublishArgs {
    /// The coach's export (CSV, UTF-8, header row; see the README for the columns). Only read.
    pub records: PathBuf,
    /// The organisation's key file (from `talentbrug keygen`).
    #[arg(long)]
    pub key: PathBuf,
    /// Where to write the feed; its signature goes to the same name plus `.sig`.
    #[arg(long)]
    pub out: PathBuf,
    /// Every combination of area, hours, availability, contract forms, job coaching and
    /// languages occurs at least k times.
    #[arg(long, default_value_t = DEFAULT_K)]
    pub k: usize,
    /// The organisation's name, shown to employers. Required the first time; remembered.
    #[arg(long)]
    pub publisher_name: Option<String>,
    /// How employers reach the organisation (e-mail or phone), shown in the widget. Required
    /// the first time; remembered.
    #[arg(long)]
    pub contact: Option<String>,
    /// Where interview requests are sent: an https URL or a path on the feed's host
    /// [default: the last one used, else /api/requests, the inbox of `talentbrug serve`].
    #[arg(long)]
    pub request_url: Option<String>,
    /// The organisation's privacy notice, linked from the request form
    /// [default: the last one used, else /privacy.html on the feed's host].
    #[arg(long)]
    pub privacy_url: Option<String>,
    /// Days until the feed expires; publish again before then.
    #[arg(long, default_value_t = DEFAULT_EXPIRES_IN_DAYS)]
    pub expires_in_days: u32,
    /// Write the full report (every row, JSON, private: names record ids) here.
    #[arg(long)]
    pub report: Option<PathBuf>,
    /// The private directory for the id mappings [default: next to the key, `org.key` → `org.private/`].
    #[arg(long)]
    pub private_dir: Option<PathBuf>,
}

/// The publisher block from the flags, falling back to the last publication's.
fn publisher_from(args: &PublishArgs, last: Option<Publisher>) -> Result<Publisher, PublishError> {
    let pick = |flag: &Option<String>, remembered: Option<&String>, fallback: Option<&str>, name: &str| {
        flag.clone()
            .or_else(|| remembered.cloned())
            .or_else(|| fallback.map(str::to_owned))
            .ok_or_else(|| PublishError::Publisher(format!("--{name} is needed for the first publication (it is remembered afterwards)")))
    };
    Ok(Publisher {
        name: pick(&args.publisher_name, last.as_ref().map(|p| &p.name), None, "publisher-name")?,
        contact: pick(&args.contact, last.as_ref().map(|p| &p.contact), None, "contact")?,
        request_url: pick(&args.request_url, last.as_ref().map(|p| &p.request_url), Some(DEFAULT_REQUEST_URL), "request-url")?,
        privacy_url: pick(&args.privacy_url, last.as_ref().map(|p| &p.privacy_url), Some(DEFAULT_PRIVACY_URL), "privacy-url")?,
    })
}

/// Runs `talentbrug publish` and prints the summary.
pub fn run(args: PublishArgs) -> Result<(), PublishError> {
    let now = talentbrug_private::now();
    let private_dir = args.private_dir.clone().unwrap_or_else(|| default_private_dir(&args.key));
    check_private_location(&args.out, &args.key, "the key")?;
    if let Some(report) = &args.report {
        check_private_location(&args.out, report, "the report")?;
    }
    if let Some(warning) = Keys::permission_warning(&args.key) {
        eprintln!("warning: {warning}");
    }
    let keys = Keys::load(&args.key)?;
    let last = if private_dir.is_dir() { PrivateDir::open(&private_dir)?.last_publisher()? } else { None };
    let options = PublishOptions { k: args.k, publisher: publisher_from(&args, last)?, expires_in_days: args.expires_in_days };
    let bytes = std::fs::read(&args.records).map_err(|e| FileError::new(&args.records, e))?;
    let esco = EscoCatalogue::embedded();
    let export = read_export(&bytes, &esco).map_err(|source| PublishError::Export { path: args.records.clone(), source })?;
    let outcome = match publish_to_disk(&export, &esco, &keys, &options, &args.out, &private_dir, now) {
        Ok(outcome) => outcome,
        Err(PublishError::NothingToPublish { rows, report }) => {
            print!("{}", report.summary());
            return Err(PublishError::NothingToPublish { rows, report });
        }
        Err(e) => return Err(e),
    };
    if let Some(path) = &args.report {
        let mut json = serde_json::to_vec_pretty(&outcome.report).unwrap_or_default();
        json.push(b'\n');
        write_atomically_with_mode(path, &json, Some(0o600))?;
    }
    print!("{}", outcome.report.summary());
    println!(
        "wrote {} and {} (sequence {}, expires {}); id mapping in {}",
        args.out.display(),
        signature_path(&args.out).display(),
        outcome.feed.sequence,
        outcome.feed.expires_at,
        private_dir.display()
    );
    let manifest = talentbrug_private::manifest_path(&args.out);
    let regions =
        std::fs::read(&manifest).ok().and_then(|b| talentbrug_core::manifest::Manifest::parse(&b).ok()).map_or(0, |m| m.regions.len());
    println!(
        "wrote feed v2 next to it: {} (+ .sig) listing {regions} regions of tiles in {}",
        manifest.display(),
        manifest.with_file_name("tiles/").display()
    );
    Ok(())
}
