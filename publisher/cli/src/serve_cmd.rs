//! `talentbrug serve`: the widget files, the signed feed and the request inbox.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use talentbrug_server::{
    bind, runtime, serve, shutdown_signal, Cidr, ConnectionLimits, HttpUrl, Origin, ServeError, ServerConfig, WebhookConfig, WebhookError,
    WebhookSecret, DEFAULT_GLOBAL_PER_MINUTE, DEFAULT_PER_CLIENT, DEFAULT_PER_MINUTE, DEFAULT_WEBHOOK_MAX_AGE_DAYS,
};

/// Arguments of `talentbrug serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The published feed (its signature is read from the same path + `.sig`). The feed v2 next
    /// to it (`manifest.json` + `.sig`, `tiles/`) is served too, once it is there and whole.
    #[arg(long)]
    pub feed: PathBuf,
    /// The inbox database (created if missing).
    #[arg(long)]
    pub db: PathBuf,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Directory of web files (widget in dist/, pages); default: ./www when it exists.
    #[arg(long)]
    pub www: Option<PathBuf>,
    /// A partner website allowed to send requests and frame the widget (repeatable), e.g. https://stad.example.
    #[arg(long = "allow-origin")]
    pub allow_origins: Vec<Origin>,
    /// Requests a minute one client may send (an IPv4 address, an IPv6 /64); 0 disables the limit.
    #[arg(long, default_value_t = DEFAULT_PER_MINUTE)]
    pub rate_limit_per_minute: u32,
    /// Requests a minute stored from all clients together; 0 disables the limit.
    #[arg(long, default_value_t = DEFAULT_GLOBAL_PER_MINUTE)]
    pub max_requests_per_minute: u32,
    /// Connections one client (an IPv4 address, an IPv6 /64) may hold open; 0: no cap.
    #[arg(long, default_value_t = DEFAULT_PER_CLIENT)]
    pub max_connections_per_client: usize,
    /// A reverse proxy's address range (repeatable), e.g. 10.0.0.0/8 or 192.0.2.7: for connections
    /// from it, the client is the address in X-Forwarded-For (for the limits).
    #[arg(long = "trust-proxy", value_name = "CIDR")]
    pub trust_proxies: Vec<Cidr>,
    /// Also POST each new request as JSON to this URL (the organisation's own system); https://
    /// unless it is this machine. Needs --webhook-secret-file.
    #[arg(long)]
    pub webhook: Option<HttpUrl>,
    /// A file (mode 600) with the secret shared with the --webhook receiver, at least 16
    /// characters: each delivery is signed with it (header Talentbrug-Signature).
    #[arg(long, value_name = "PATH", requires = "webhook")]
    pub webhook_secret_file: Option<PathBuf>,
    /// Days a failing webhook delivery is retried; an older request is marked not delivered.
    #[arg(long, default_value_t = DEFAULT_WEBHOOK_MAX_AGE_DAYS, value_parser = clap::value_parser!(u32).range(1..=365))]
    pub webhook_max_age_days: u32,
    /// The organisation's public key (base64): serve only feeds whose signature verifies.
    #[arg(long, conflicts_with = "unsigned")]
    pub public_key: Option<String>,
    /// Serve the feed without checking its signature (needed when there is no --public-key).
    #[arg(long)]
    pub unsigned: bool,
    /// The public address of this server (e.g. https://jobs.org.example), for absolute status links.
    #[arg(long)]
    pub public_url: Option<HttpUrl>,
    /// The publisher's private directory (next to the key, `org.private/`): webhook deliveries
    /// then carry the coach's record_id, and `inbox` finds it without being told. Only read,
    /// never served.
    #[arg(long)]
    pub private_dir: Option<PathBuf>,
    /// Days an employer's status link works (only its SHA-256 is stored).
    #[arg(long, default_value_t = talentbrug_inbox::DEFAULT_STATUS_LINK_DAYS, value_parser = clap::value_parser!(u32).range(1..=3650))]
    pub status_link_days: u32,
}

/// The webhook `talentbrug serve` was given: its URL, secret and maximum age, checked.
fn webhook_from(args: &ServeArgs) -> Result<Option<WebhookConfig>, WebhookError> {
    let Some(url) = args.webhook.clone() else { return Ok(None) };
    let secret_file = args.webhook_secret_file.as_deref().ok_or(WebhookError::NoSecret)?;
    let mut hook = WebhookConfig::new(url, WebhookSecret::read(secret_file)?)?;
    hook.max_age_days = args.webhook_max_age_days;
    Ok(Some(hook))
}

/// The configuration `talentbrug serve` was given.
fn config_from(args: &ServeArgs) -> Result<ServerConfig, ServeError> {
    let www = args.www.clone().or_else(|| Path::new("www").is_dir().then(|| PathBuf::from("www")));
    Ok(ServerConfig {
        manifest: Some(talentbrug_private::manifest_path(&args.feed)),
        feed: args.feed.clone(),
        db: args.db.clone(),
        www,
        allow_origins: args.allow_origins.clone(),
        rate_limit_per_minute: args.rate_limit_per_minute,
        max_requests_per_minute: args.max_requests_per_minute,
        trust_proxies: args.trust_proxies.clone(),
        connections: ConnectionLimits { per_client: args.max_connections_per_client, ..ConnectionLimits::default() },
        webhook: webhook_from(args)?,
        public_key: args.public_key.clone(),
        public_url: args.public_url.as_ref().map(|u| u.base().to_owned()),
        private_dir: args.private_dir.clone(),
        status_link_days: args.status_link_days,
    })
}

/// Why `serve` needs `--public-key` or `--unsigned`.
pub const NO_KEY: &str = "serve needs --public-key <base64> (the organisation's key, as `talentbrug keygen` printed it: \
     only feeds it signed are served) or, to serve a feed without checking its signature, --unsigned";

/// Runs `talentbrug serve`.
pub fn run(args: ServeArgs) -> Result<(), ServeError> {
    if args.public_key.is_none() && !args.unsigned {
        return Err(ServeError::Usage(NO_KEY.to_owned()));
    }
    let config = config_from(&args)?;
    config.check_private_paths()?;
    let runtime = runtime()?;
    runtime.block_on(async move {
        let listener = bind(args.addr).await?;
        let addr = listener.local_addr().unwrap_or(args.addr);
        println!("talentbrug serve: http://{addr}/");
        println!("  feed:  {} (+ .sig)", config.feed.display());
        if let Some(manifest) = &config.manifest {
            println!("  feed v2: {} (+ .sig, tiles/), when present", manifest.display());
        }
        println!("  inbox: {}", config.db.display());
        if config.public_key.is_none() {
            println!("  WARNING: --unsigned: the feed's signature is not checked");
        }
        if let Some(hook) = &config.webhook {
            // Only scheme and host: the path may hold a token.
            println!("  webhook: {} (signed; retried for {} days)", hook.url().origin(), hook.max_age_days);
        }
        match &config.www {
            Some(www) => println!("  web:   {}", www.display()),
            None => println!("  web:   (none: only the feed, the API and status pages)"),
        }
        serve(config, listener, shutdown_signal()).await
    })
}
