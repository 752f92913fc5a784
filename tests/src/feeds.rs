//! Feeds for the tests, made with the publisher's synthetic generator (no real people), signed
//! with a fixed test key when a test needs a signature.

use base64::Engine as _;
use ed25519_dalek::{Signer, SigningKey};
use talentbrug::demo_feed::{demo_feed, start_of_today};
use talentbrug_core::Feed;

/// The fixed test signing key (never used outside tests).
fn key() -> SigningKey {
    SigningKey::from_bytes(&[42u8; 32])
}

/// The public key partners would put in `public-key`, for the test key.
pub fn public_key() -> String {
    base64::engine::general_purpose::STANDARD.encode(key().verifying_key().as_bytes())
}

/// A synthetic feed of `profiles` profiles, valid from today for 30 days.
pub fn synthetic(profiles: usize, seed: u64) -> Feed {
    demo_feed(profiles, seed, start_of_today(), 30)
}

/// The feed's bytes and their detached signature (base64) by the test key.
pub fn signed(feed: &Feed) -> (Vec<u8>, String) {
    let bytes = feed.to_json();
    let sig = base64::engine::general_purpose::STANDARD.encode(key().sign(&bytes).to_bytes());
    (bytes, sig)
}

/// A feed v2 as the publisher writes it, signed by the test key.
pub struct SignedV2 {
    /// The manifest's exact bytes.
    pub manifest: Vec<u8>,
    /// Their detached signature (base64).
    pub signature: String,
    /// Every region file, tile and detail chunk: its path relative to the manifest, and its bytes.
    pub tiles: Vec<(String, Vec<u8>)>,
}

/// `feed` as feed v2, signed by the test key.
pub fn signed_v2(feed: &Feed) -> SignedV2 {
    let built = talentbrug_publish::build_manifest(feed).expect("the synthetic feed fits in tiles");
    let bytes = serde_json::to_vec(&built.manifest).expect("a manifest serialises");
    let signature = base64::engine::general_purpose::STANDARD.encode(key().sign(&bytes).to_bytes());
    let tiles = built.files().into_iter().map(|(path, bytes)| (path, bytes.to_vec())).collect();
    SignedV2 { manifest: bytes, signature, tiles }
}

/// The length of `bytes` gzipped at level 9, as a static host serves them pre-compressed.
pub fn gzipped_len(bytes: &[u8]) -> usize {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).and_then(|()| encoder.finish()).map_or(0, |out| out.len())
}
