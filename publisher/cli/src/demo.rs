//! `talentbrug demo`: the whole pipeline of a coaching organisation on one machine, with
//! synthetic people: private records -> `publish` (signed, k-anonymous, rotated ids, private
//! mapping) -> `serve` (widget, feed, inbox). A request sent from the demo widget appears in
//! `talentbrug inbox list` with the record id of the synthetic person.
//!
//! Layout of `--dir` (default `target/talentbrug-demo`):
//! - `records.csv`: the synthetic coach's export (fake people; never served);
//! - `org.key`, `org.private/`: the demo organisation's key and id mappings (never served);
//! - `public/feed.json` + `.sig`: the published feed;
//! - `inbox.sqlite`: the requests.
//!
//! The key is made on the first run and kept, like a real organisation's: the feed's sequence
//! goes up on every run, so browsers that saw an earlier run accept the new feed. The demo page
//! reads the public key from `/feed.json.pub` (real partners paste it into their HTML).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use talentbrug_core::esco::EscoCatalogue;
use talentbrug_private::{default_private_dir, FileError};
use talentbrug_publish::{publish_to_disk, read_export, ExportError, KeyError, Keys, PublishError, PublishOptions};
use talentbrug_server::{self as server, ServeError, ServerConfig};

use talentbrug_publish::synthetic::demo_publisher;

/// Arguments of `talentbrug demo`.
#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Address to serve on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// The demo partner site (with the built widget in dist/).
    #[arg(long, default_value = "www")]
    pub www: PathBuf,
    /// Where the demo organisation keeps its key, records, feed and inbox.
    #[arg(long, default_value = "target/talentbrug-demo")]
    pub dir: PathBuf,
    /// Number of synthetic people in the coach's records.
    #[arg(long, default_value_t = 2000)]
    pub profiles: usize,
    /// Random seed for the synthetic people.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Requests a minute one client may send (0: no limit).
    #[arg(long, default_value_t = server::DEFAULT_PER_MINUTE)]
    pub rate_limit_per_minute: u32,
}

/// What can go wrong running the demo.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// Files.
    #[error(transparent)]
    File(#[from] FileError),
    /// The key.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// The synthetic export did not read back.
    #[error("the synthetic records: {0}")]
    Export(#[from] ExportError),
    /// Publishing.
    #[error(transparent)]
    Publish(#[from] PublishError),
    /// Serving.
    #[error(transparent)]
    Serve(#[from] ServeError),
    /// No demo site.
    #[error("--www {0}: not a directory; run from the repository root or pass --www")]
    NoSite(PathBuf),
}

/// The demo organisation's files, once published.
#[derive(Clone, Debug)]
pub struct DemoOrg {
    /// The feed.
    pub feed: PathBuf,
    /// The inbox database.
    pub db: PathBuf,
    /// The private directory with the id mappings.
    pub private_dir: PathBuf,
    /// The public key (base64).
    pub public_key: String,
    /// Profiles published.
    pub published: usize,
    /// The feed's sequence.
    pub sequence: u64,
}

/// Makes (or reuses) the demo organisation in `dir` and publishes `profiles` synthetic records.
pub fn prepare(dir: &Path, profiles: usize, seed: u64) -> Result<DemoOrg, DemoError> {
    std::fs::create_dir_all(dir.join("public")).map_err(|e| FileError::new(dir, e))?;
    let key_path = dir.join("org.key");
    let keys = if key_path.exists() {
        Keys::load(&key_path)?
    } else {
        let keys = Keys::generate();
        keys.save_new(&key_path)?;
        keys
    };
    let now = talentbrug_private::now();
    let records = dir.join("records.csv");
    talentbrug_private::write_atomically_with_mode(
        &records,
        &talentbrug_publish::synthetic::records_csv(profiles, seed, now.month()),
        Some(0o600),
    )?;
    let bytes = std::fs::read(&records).map_err(|e| FileError::new(&records, e))?;
    let esco = EscoCatalogue::embedded();
    let export = read_export(&bytes, &esco)?;
    let private_dir = default_private_dir(&key_path);
    let feed = dir.join("public/feed.json");
    let outcome = publish_to_disk(&export, &esco, &keys, &PublishOptions::new(demo_publisher()), &feed, &private_dir, now)?;
    Ok(DemoOrg {
        feed,
        db: dir.join("inbox.sqlite"),
        private_dir,
        public_key: keys.public_key_base64(),
        published: outcome.feed.profiles.len(),
        sequence: outcome.feed.sequence,
    })
}

/// Runs `talentbrug demo` until Ctrl-C or SIGTERM.
pub fn run(args: DemoArgs) -> Result<(), DemoError> {
    if !args.www.is_dir() {
        return Err(DemoError::NoSite(args.www));
    }
    if !args.www.join("dist").is_dir() {
        eprintln!("warning: {} has no built widget; build it with `cargo xtask build`", args.www.join("dist").display());
    }
    let org = prepare(&args.dir, args.profiles, args.seed)?;
    let config = ServerConfig {
        www: Some(args.www.clone()),
        rate_limit_per_minute: args.rate_limit_per_minute,
        public_key: Some(org.public_key.clone()),
        private_dir: Some(org.private_dir.clone()),
        ..ServerConfig::new(org.feed.clone(), org.db.clone())
    };
    let runtime = server::runtime()?;
    runtime.block_on(async move {
        let listener = server::bind(args.addr).await?;
        let addr = listener.local_addr().unwrap_or(args.addr);
        println!("Talentbrug demo: a fictional coaching organisation with {} synthetic people.", org.published);
        println!();
        println!("  demo site:   http://{addr}/");
        println!("  public key:  {}", org.public_key);
        println!("  feed:        {} (sequence {})", org.feed.display(), org.sequence);
        println!("  inbox:       {}", org.db.display());
        println!("  id mapping:  {} (private, never served)", org.private_dir.display());
        println!();
        println!("Send a request from the widget, then see it with its record id:");
        println!("  talentbrug inbox list --db {}", org.db.display());
        println!("Stop with Ctrl-C.");
        server::serve(config, listener, server::shutdown_signal()).await
    })?;
    Ok(())
}
