//! `talentbrug network`: the network operator's commands (issue 14). A network manifest
//! (`talentbrug-network/1`, see `talentbrug_core::network`) lists the coaching organisations one
//! widget shows; the operator creates it, adds and removes members, and signs it:
//!
//! ```text
//! talentbrug network init --key operator.key --name "Leuven werkt" --contact jobs@leuven.example --out network.json
//! talentbrug network add network.json --id ocmw --name "OCMW Leuven jobpunt" --feed https://ocmw.example/manifest.json \
//!     --public-key KEY --request-url https://ocmw.example/api/requests --bbox 4.60,50.80,4.80,50.95
//! talentbrug network sign network.json --key operator.key
//! talentbrug network verify network.json --public-key OPERATOR_KEY --deep
//! ```
//!
//! `add` and `remove` change the file, which then no longer matches its signature: widgets refuse
//! it until `sign` has run (the commands say so). `sign` raises the sequence, so widgets that saw
//! the new version refuse the old one, and sets a new expiry.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use talentbrug_core::manifest::{BoundingBox, Manifest};
use talentbrug_core::network::{Member, MemberId, NetworkError, NetworkManifest, Operator, FORMAT_NETWORK_V1};
use talentbrug_core::region::check_region;
use talentbrug_core::Timestamp;
use talentbrug_private::signature_path;
use talentbrug_publish::{write_pair, KeyError, Keys, DEFAULT_PRIVACY_URL, MAX_EXPIRES_IN_DAYS};

/// Days a signed network manifest stays valid unless `--expires-in-days` says otherwise.
pub const DEFAULT_NETWORK_DAYS: u32 = 30;

/// Arguments of `talentbrug network`.
#[derive(Debug, clap::Args)]
pub struct NetworkArgs {
    #[command(subcommand)]
    command: NetworkCommand,
}

#[derive(Debug, clap::Subcommand)]
enum NetworkCommand {
    /// Create a network manifest with no members, signed with the operator's key.
    Init(InitArgs),
    /// Add a coaching organisation (then run `network sign`).
    Add(AddArgs),
    /// Remove a coaching organisation (then run `network sign`).
    Remove(RemoveArgs),
    /// Sign the manifest: sequence up, a new expiry, the signature written next to it.
    Sign(SignArgs),
    /// Check the signature, expiry and every member; `--deep` also fetches every member's feed.
    Verify(VerifyArgs),
}

#[derive(Debug, clap::Args)]
struct InitArgs {
    /// The operator's key file (from `talentbrug keygen`).
    #[arg(long)]
    key: PathBuf,
    /// The network's name, shown in the widget ("Leuven werkt").
    #[arg(long)]
    name: String,
    /// The operator's e-mail address or phone number.
    #[arg(long)]
    contact: String,
    /// The operator's name, if not the network's.
    #[arg(long)]
    operator: Option<String>,
    /// The network's privacy page: an https: URL, or a path next to network.json.
    #[arg(long, default_value = DEFAULT_PRIVACY_URL)]
    privacy_url: String,
    /// Days until it expires; sign again before then.
    #[arg(long, default_value_t = DEFAULT_NETWORK_DAYS)]
    expires_in_days: u32,
    /// Where to write it (the signature goes next to it, `.sig`).
    #[arg(long)]
    out: PathBuf,
}

#[derive(Debug, clap::Args)]
struct AddArgs {
    /// The network manifest.
    manifest: PathBuf,
    /// The member's short id (lower-case letters, digits, `-`); it prefixes its profile ids.
    #[arg(long)]
    id: String,
    /// The name employers see on its profiles.
    #[arg(long)]
    name: String,
    /// The URL of its feed manifest (`https://.../manifest.json`).
    #[arg(long)]
    feed: String,
    /// Its public key (what its `talentbrug keygen` printed).
    #[arg(long)]
    public_key: String,
    /// Where requests for its profiles go: an https: URL, or a path on its feed's origin.
    #[arg(long)]
    request_url: String,
    /// Its privacy page: an https: URL, or a path on its feed's origin.
    #[arg(long, default_value = DEFAULT_PRIVACY_URL)]
    privacy_url: String,
    /// The box its profiles lie in, as `west,south,east,north` in degrees. Without it, the box
    /// is read from the member's signed feed manifest (fetched from `--feed`).
    #[arg(long)]
    bbox: Option<String>,
}

#[derive(Debug, clap::Args)]
struct RemoveArgs {
    /// The network manifest.
    manifest: PathBuf,
    /// The member's id.
    #[arg(long)]
    id: String,
}

#[derive(Debug, clap::Args)]
struct SignArgs {
    /// The network manifest.
    manifest: PathBuf,
    /// The operator's key file.
    #[arg(long)]
    key: PathBuf,
    /// Days until it expires; sign again before then.
    #[arg(long, default_value_t = DEFAULT_NETWORK_DAYS)]
    expires_in_days: u32,
}

#[derive(Debug, clap::Args)]
struct VerifyArgs {
    /// The network manifest (its signature is read from `.sig` next to it).
    manifest: PathBuf,
    /// The operator's public key.
    #[arg(long)]
    public_key: String,
    /// Also fetch every member's feed manifest and check it against the listed key and box.
    #[arg(long)]
    deep: bool,
}

/// Why a network command failed, in words an operator can act on.
#[derive(Debug, thiserror::Error)]
pub enum NetworkCmdError {
    /// A file could not be read or written.
    #[error("{path}: {message}")]
    File {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// The manifest breaks a rule, or its signature or dates do not hold.
    #[error("{path}: {error}")]
    Manifest {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        error: NetworkError,
    },
    /// The operator's key file.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// A value given on the command line.
    #[error("{0}")]
    Argument(String),
    /// `init` would overwrite a network.
    #[error("{0} already exists; `network add`, `remove` and `sign` change it")]
    Exists(PathBuf),
    /// `--deep`: a member's feed is unreachable or does not match what the network lists.
    #[error("member {id}: {message}")]
    Member {
        /// The member's id.
        id: MemberId,
        /// What is wrong.
        message: String,
    },
}

/// Runs `talentbrug network ...`.
pub fn run(args: NetworkArgs) -> Result<(), NetworkCmdError> {
    let now = talentbrug_private::now();
    match args.command {
        NetworkCommand::Init(a) => init(a, now),
        NetworkCommand::Add(a) => add(a),
        NetworkCommand::Remove(a) => {
            remove_member(&a.manifest, &a.id)?;
            say_unsigned(&a.manifest);
            Ok(())
        }
        NetworkCommand::Sign(a) => sign(&a.manifest, &Keys::load(&a.key)?, a.expires_in_days, now),
        NetworkCommand::Verify(a) => verify(&a.manifest, &a.public_key, a.deep, now),
    }
}

fn file_error(path: &Path, e: impl std::fmt::Display) -> NetworkCmdError {
    NetworkCmdError::File { path: path.to_owned(), message: e.to_string() }
}

fn manifest_error(path: &Path) -> impl FnOnce(NetworkError) -> NetworkCmdError + '_ {
    move |error| NetworkCmdError::Manifest { path: path.to_owned(), error }
}

/// Reads a manifest that may be unsigned or changed since it was signed (for add, remove, sign).
fn read(path: &Path) -> Result<NetworkManifest, NetworkCmdError> {
    let bytes = fs::read(path).map_err(|e| file_error(path, e))?;
    NetworkManifest::parse(&bytes).map_err(manifest_error(path))
}

/// Writes a changed, not yet signed manifest.
fn write_unsigned(path: &Path, manifest: &NetworkManifest) -> Result<(), NetworkCmdError> {
    manifest.check().map_err(manifest_error(path))?;
    talentbrug_private::write_atomically(path, &manifest.to_bytes()).map_err(|e| file_error(path, e))
}

/// Says that a changed manifest must be signed.
fn say_unsigned(path: &Path) {
    eprintln!(
        "{} changed; widgets refuse it until it is signed again: talentbrug network sign {} --key KEY",
        path.display(),
        path.display()
    );
}

/// Who runs a new network, as `network init` is told.
#[derive(Clone, Debug)]
pub struct NewNetwork {
    /// The network's name, shown in the widget.
    pub name: String,
    /// The operator's e-mail address or phone number.
    pub contact: String,
    /// The operator's name, if not the network's.
    pub operator: Option<String>,
    /// The network's privacy page: an https: URL, or a path next to network.json.
    pub privacy_url: String,
    /// Days until it expires.
    pub expires_in_days: u32,
}

/// `network init`: writes a network with no members at `out` and signs it with `keys`
/// (sequence 1); refuses to overwrite a network. Returns the signed manifest.
pub fn create(out: &Path, keys: &Keys, network: NewNetwork, now: Timestamp) -> Result<NetworkManifest, NetworkCmdError> {
    if out.exists() {
        return Err(NetworkCmdError::Exists(out.to_owned()));
    }
    let manifest = NetworkManifest {
        format: FORMAT_NETWORK_V1.into(),
        operator: Operator {
            name: network.operator.unwrap_or_else(|| network.name.clone()),
            contact: network.contact,
            privacy_url: network.privacy_url,
        },
        name: network.name,
        issued_at: now,
        expires_at: now,
        sequence: 0,
        members: Vec::new(),
    };
    talentbrug_private::write_atomically(out, &manifest.to_bytes()).map_err(|e| file_error(out, e))?;
    sign_file(out, keys, network.expires_in_days, now)
}

fn init(a: InitArgs, now: Timestamp) -> Result<(), NetworkCmdError> {
    let keys = Keys::load(&a.key)?;
    let network = NewNetwork {
        name: a.name,
        contact: a.contact,
        operator: a.operator,
        privacy_url: a.privacy_url,
        expires_in_days: a.expires_in_days,
    };
    let manifest = create(&a.out, &keys, network, now)?;
    say_signed(&a.out, &manifest, &keys);
    Ok(())
}

/// Reads `west,south,east,north`.
fn parse_bbox(text: &str) -> Result<BoundingBox, NetworkCmdError> {
    let numbers: Vec<f64> = text.split(',').map(|n| n.trim().parse::<f64>()).collect::<Result<_, _>>().map_err(|_| {
        NetworkCmdError::Argument(format!("--bbox `{text}`: give four numbers, west,south,east,north (e.g. 4.60,50.80,4.80,50.95)"))
    })?;
    match numbers[..] {
        [west, south, east, north] => Ok(BoundingBox { south, west, north, east }),
        _ => Err(NetworkCmdError::Argument(format!("--bbox `{text}`: give four numbers, west,south,east,north"))),
    }
}

fn add(a: AddArgs) -> Result<(), NetworkCmdError> {
    let manifest = read(&a.manifest)?;
    let id: MemberId = a.id.parse().map_err(|e: talentbrug_core::network::InvalidMemberId| NetworkCmdError::Argument(e.to_string()))?;
    if manifest.member(&id).is_some() {
        return Err(NetworkCmdError::Argument(format!("member {id} is already in the network; remove it first to change it")));
    }
    let bbox = match &a.bbox {
        Some(text) => parse_bbox(text)?,
        None => {
            let feed = fetch_feed_manifest(&id, &a.feed, &a.public_key, false)?;
            covering_box(&feed)
                .ok_or_else(|| NetworkCmdError::Member { id: id.clone(), message: "its feed has no profiles yet: give --bbox".into() })?
        }
    };
    let member = Member {
        id,
        name: a.name,
        feed: a.feed,
        public_key: a.public_key.trim().to_owned(),
        request_url: a.request_url,
        privacy_url: a.privacy_url,
        bbox,
    };
    add_member(&a.manifest, member)?;
    say_unsigned(&a.manifest);
    Ok(())
}

/// `network add` with every value known (the box too): adds `member` to the manifest at `path`,
/// which widgets then refuse until [`sign_file`] has run.
pub fn add_member(path: &Path, member: Member) -> Result<(), NetworkCmdError> {
    let mut manifest = read(path)?;
    if manifest.member(&member.id).is_some() {
        return Err(NetworkCmdError::Argument(format!("member {} is already in the network; remove it first to change it", member.id)));
    }
    manifest.members.push(member);
    write_unsigned(path, &manifest)
}

/// `network remove`: removes the member `id` from the manifest at `path` (then sign it).
pub fn remove_member(path: &Path, id: &str) -> Result<(), NetworkCmdError> {
    let mut manifest = read(path)?;
    let before = manifest.members.len();
    manifest.members.retain(|m| m.id.as_str() != id);
    if manifest.members.len() == before {
        return Err(NetworkCmdError::Argument(format!("there is no member {id} in the network")));
    }
    write_unsigned(path, &manifest)
}

/// Signs the manifest at `path` with the operator's key and says so, printing the operator's
/// public key for the widget's `network-key` attribute (`network sign`).
pub fn sign(path: &Path, keys: &Keys, expires_in_days: u32, now: Timestamp) -> Result<(), NetworkCmdError> {
    let manifest = sign_file(path, keys, expires_in_days, now)?;
    say_signed(path, &manifest, keys);
    Ok(())
}

fn say_signed(path: &Path, manifest: &NetworkManifest, keys: &Keys) {
    eprintln!(
        "signed {} (sequence {}, {} members, expires {}); the operator's public key for the widget's network-key attribute:",
        path.display(),
        manifest.sequence,
        manifest.members.len(),
        manifest.expires_at
    );
    println!("{}", keys.public_key_base64());
}

/// Signs the manifest at `path` with the operator's key: sequence up, issued now, a new expiry;
/// the manifest and its `.sig` written atomically. Returns what was signed.
pub fn sign_file(path: &Path, keys: &Keys, expires_in_days: u32, now: Timestamp) -> Result<NetworkManifest, NetworkCmdError> {
    if !(1..=MAX_EXPIRES_IN_DAYS).contains(&expires_in_days) {
        return Err(NetworkCmdError::Argument(format!("--expires-in-days must be 1-{MAX_EXPIRES_IN_DAYS}")));
    }
    let bytes = fs::read(path).map_err(|e| file_error(path, e))?;
    // `init` writes a draft whose expiry is its issue time; every other rule must hold.
    let mut manifest: NetworkManifest = serde_json::from_slice(&bytes)
        .map_err(|e| NetworkCmdError::Manifest { path: path.to_owned(), error: NetworkError::Invalid(e.to_string()) })?;
    let operator = keys.public_key_base64();
    if let Some(m) = manifest.members.iter().find(|m| m.public_key.trim() == operator) {
        return Err(NetworkCmdError::Argument(format!(
            "the operator's key is member {}'s key: the network must be signed with a key of its own",
            m.id
        )));
    }
    manifest.sequence += 1;
    manifest.issued_at = now;
    manifest.expires_at = Timestamp::from_unix_seconds(now.unix_seconds() + i64::from(expires_in_days) * 86_400);
    manifest.check().map_err(manifest_error(path))?;
    let bytes = manifest.to_bytes();
    write_pair(path, &bytes, &keys.sign_base64(&bytes)).map_err(|e| file_error(path, e))?;
    Ok(manifest)
}

fn verify(path: &Path, public_key: &str, deep: bool, now: Timestamp) -> Result<(), NetworkCmdError> {
    let bytes = fs::read(path).map_err(|e| file_error(path, e))?;
    let sig_path = signature_path(path);
    let signature = fs::read_to_string(&sig_path).map_err(|e| file_error(&sig_path, e))?;
    let manifest = NetworkManifest::parse_signed(&bytes, &signature, public_key, now, None).map_err(manifest_error(path))?;
    if deep {
        for member in &manifest.members {
            let feed = fetch_feed_manifest(&member.id, &member.feed, &member.public_key, true)?;
            // Each region's tiles lie inside its box (readers refuse a region file otherwise).
            if let Some(region) = feed.regions.iter().find(|r| !member.bbox.contains_box(&r.bbox)) {
                return Err(NetworkCmdError::Member {
                    id: member.id.clone(),
                    message: format!("its region {} lies outside the box the network lists for it", region.key),
                });
            }
        }
    }
    println!(
        "ok: {} (sequence {}, expires {}), {} members{}",
        manifest.name,
        manifest.sequence,
        manifest.expires_at,
        manifest.members.len(),
        if deep { ", every member's feed signed by its listed key and inside its box" } else { "" }
    );
    Ok(())
}

/// The smallest box around every region (so every tile) of a feed manifest (what `network add`
/// lists for a member without `--bbox`); `None` for a feed without profiles.
pub fn covering_box(feed: &Manifest) -> Option<BoundingBox> {
    feed.regions.iter().map(|r| r.bbox).reduce(|a, b| a.union(&b))
}

/// Fetches a member's feed manifest and its signature (`URL.sig`) and checks them with the key
/// the network lists for the member, as a widget would; `with_regions` also fetches every region
/// file it lists and checks each (hash, and its tiles inside its box and reach).
fn fetch_feed_manifest(id: &MemberId, url: &str, public_key: &str, with_regions: bool) -> Result<Manifest, NetworkCmdError> {
    let member = |message: String| NetworkCmdError::Member { id: id.clone(), message };
    let agent: ureq::Agent = ureq::Agent::config_builder().timeout_global(Some(Duration::from_secs(20))).build().into();
    let get = |url: &str| -> Result<Vec<u8>, NetworkCmdError> {
        let mut response = agent.get(url).call().map_err(|e| member(format!("{url}: {e}")))?;
        response.body_mut().with_config().limit(8 * 1024 * 1024).read_to_vec().map_err(|e| member(format!("{url}: {e}")))
    };
    let bytes = get(url)?;
    let signature = String::from_utf8(get(&format!("{url}.sig"))?).map_err(|_| member(format!("{url}.sig is not text")))?;
    let manifest = Manifest::parse_signed(&bytes, &signature, public_key, talentbrug_private::now(), None)
        .map_err(|e| member(format!("{url}: {e} (checked with the key the network lists for it)")))?;
    if with_regions {
        // Region paths are relative to the manifest: `tiles/<sha256>.tbi` next to it.
        let base = url.rsplit_once('/').map_or(url, |(dir, _)| dir);
        for region in &manifest.regions {
            let region_url = format!("{base}/{}", region.path);
            check_region(region, &get(&region_url)?).map_err(|e| member(format!("{region_url}: {e}")))?;
        }
    }
    Ok(manifest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxes_are_read_west_south_east_north() {
        let b = parse_bbox("4.60, 50.80,4.80,50.95").unwrap();
        assert_eq!((b.west, b.south, b.east, b.north), (4.60, 50.80, 4.80, 50.95));
        assert!(parse_bbox("4.6,50.8,4.8").is_err());
        assert!(parse_bbox("west,50.8,4.8,50.9").is_err());
        assert!(b.contains_box(&b) && !b.contains_box(&BoundingBox { north: 51.0, ..b }));
    }
}
