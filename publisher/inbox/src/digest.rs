//! Content digests: what a stored request is compared by on a retry, and what ETags are made of.

use sha2::{Digest, Sha256};

/// Hex SHA-256 of `bytes`: ETags, feed identities, request fingerprints.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}
