//! `talentbrug keygen`: the organisation's signing key and id-rotation secret.

use std::path::PathBuf;

use talentbrug_publish::{KeyError, Keys};

/// Arguments of `talentbrug keygen`.
#[derive(Debug, clap::Args)]
pub struct KeygenArgs {
    /// Where to write the private key file (mode 0600; never overwritten). Keep it off any web server.
    #[arg(long)]
    pub out: PathBuf,
}

/// Runs `talentbrug keygen`: writes the key file and prints the public key.
pub fn run(args: KeygenArgs) -> Result<(), KeyError> {
    let keys = Keys::generate();
    keys.save_new(&args.out)?;
    eprintln!("wrote the private key to {} (mode 0600); back it up and never publish it", args.out.display());
    eprintln!("public key for the widget's public-key attribute:");
    println!("{}", keys.public_key_base64());
    Ok(())
}
