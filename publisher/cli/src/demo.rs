//! `talentbrug demo`: the whole pipeline of coaching organisations on one machine, with
//! synthetic people: private records -> `publish` (signed, k-anonymous, rotated ids, private
//! mapping) -> `serve` (widget, feed, inbox). A request sent from the demo widget appears in
//! `talentbrug inbox list` with the record id of the synthetic person.
//!
//! By default the demo is a network ([`crate::demo_network`]): three organisations, each with
//! its own key, feed and inbox on its own port, and a partner site showing them in one widget.
//! `--single` runs one organisation serving the demo page itself, as before networks.
//!
//! Layout of `--dir` (default `target/talentbrug-demo`) for one organisation (`--single`; each
//! network member has the same in `DIR/<member id>/`):
//! - `records.csv`: the synthetic coach's export (fake people; never served);
//! - `org.key`, `org.private/`: the demo organisation's key and id mappings (never served);
//! - `public/feed.json` + `.sig`, `public/manifest.json` + `.sig`, `public/tiles/`: the
//!   published feed (v1 and v2);
//! - `inbox.sqlite`: the requests.
//!
//! The key is made on the first run and kept, like a real organisation's: the feed's sequence
//! goes up on every run, so browsers that saw an earlier run accept the new feed. The
//! single-organisation page reads the public key from `/feed.json.pub` (real partners paste it
//! into their HTML, as the network's partner page does with the operator's key).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use talentbrug_core::esco::EscoCatalogue;
use talentbrug_core::Publisher;
use talentbrug_private::{default_private_dir, FileError};
use talentbrug_publish::{publish_to_disk, read_export, ExportError, KeyError, Keys, PublishError, PublishOptions};
use talentbrug_server::{self as server, ServeError, ServerConfig};

use crate::network_cmd::NetworkCmdError;
use talentbrug_publish::synthetic::demo_publisher;

/// Arguments of `talentbrug demo`.
#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Address of the partner site (the network's three organisations listen on the next three
    /// ports, or on ports the system picks when this one is 0); with `--single`, of the one
    /// organisation.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// One organisation serving the demo page itself, instead of the network.
    #[arg(long)]
    pub single: bool,
    /// The demo partner site (with the built widget in dist/).
    #[arg(long, default_value = "www")]
    pub www: PathBuf,
    /// Where the demo organisations keep their keys, records, feeds and inboxes.
    #[arg(long, default_value = "target/talentbrug-demo")]
    pub dir: PathBuf,
    /// Number of synthetic people in each organisation's records.
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
    /// The network manifest could not be made or signed.
    #[error("the demo network: {0}")]
    Network(#[from] NetworkCmdError),
    /// The demo's synthetic data broke a rule (a bug in the demo).
    #[error("the demo: {0}")]
    Demo(String),
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
    let now = talentbrug_private::now();
    prepare_with(dir, &talentbrug_publish::synthetic::records_csv(profiles, seed, now.month()), demo_publisher())
}

/// Makes (or reuses) an organisation in `dir` (its key is made on the first run and kept) and
/// publishes the export `records` (CSV) as `publisher`: feed v1 and v2 in `dir/public/`.
pub fn prepare_with(dir: &Path, records: &[u8], publisher: Publisher) -> Result<DemoOrg, DemoError> {
    std::fs::create_dir_all(dir.join("public")).map_err(|e| FileError::new(dir, e))?;
    let key_path = dir.join("org.key");
    let keys = load_or_make_key(&key_path)?;
    let now = talentbrug_private::now();
    let records_path = dir.join("records.csv");
    talentbrug_private::write_atomically_with_mode(&records_path, records, Some(0o600))?;
    let esco = EscoCatalogue::embedded();
    let export = read_export(records, &esco)?;
    let private_dir = default_private_dir(&key_path);
    let feed = dir.join("public/feed.json");
    let outcome = publish_to_disk(&export, &esco, &keys, &PublishOptions::new(publisher), &feed, &private_dir, now)?;
    Ok(DemoOrg {
        feed,
        db: dir.join("inbox.sqlite"),
        private_dir,
        public_key: keys.public_key_base64(),
        published: outcome.feed.profiles.len(),
        sequence: outcome.feed.sequence,
    })
}

/// The key at `path`, made (and saved, mode 0600) on the first run.
pub fn load_or_make_key(path: &Path) -> Result<Keys, DemoError> {
    if path.exists() {
        return Ok(Keys::load(path)?);
    }
    let keys = Keys::generate();
    keys.save_new(path)?;
    Ok(keys)
}

/// Runs `talentbrug demo` until Ctrl-C or SIGTERM.
pub fn run(args: DemoArgs) -> Result<(), DemoError> {
    if !args.www.is_dir() {
        return Err(DemoError::NoSite(args.www));
    }
    if !args.www.join("dist").is_dir() {
        eprintln!("warning: {} has no built widget; build it with `cargo xtask build`", args.www.join("dist").display());
    }
    if !args.single {
        return crate::demo_network::run(&args);
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
