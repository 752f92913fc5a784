//! Ed25519 signatures over the exact bytes of a feed.
//!
//! `feed.json.sig` holds the 64-byte signature in standard base64 (one line); the public key that
//! partners paste into the widget is the 32-byte key in standard base64.
//!
//! # Examples
//!
//! ```
//! use ed25519_dalek::{Signer, SigningKey};
//! use talentbrug_core::signature::{to_base64, verify, SignatureError};
//!
//! // What `talentbrug publish` does with the organisation's key (a fixed one here).
//! let key = SigningKey::from_bytes(&[7; 32]);
//! let public_key = to_base64(key.verifying_key().as_bytes());
//! let bytes = br#"{"format":"talentbrug-feed/1"}"#;
//! let signature = to_base64(&key.sign(bytes).to_bytes());
//!
//! assert_eq!(verify(bytes, &signature, &public_key), Ok(()));
//! assert_eq!(verify(b"{}", &signature, &public_key), Err(SignatureError::Mismatch));
//! assert_eq!(verify(bytes, "not base64", &public_key), Err(SignatureError::Malformed));
//! ```

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use ed25519_dalek::{Signature, VerifyingKey};

/// Why a signature was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// The public key is not 32 bytes of base64, or not a valid curve point.
    #[error("the public key is not a valid Ed25519 key in base64")]
    BadPublicKey,
    /// The signature file is not 64 bytes of base64.
    #[error("the signature file is not a valid Ed25519 signature in base64")]
    Malformed,
    /// Well-formed, but it does not match these bytes and this key.
    #[error("the signature does not match the feed: it was changed or signed with another key")]
    Mismatch,
}

/// Reads a base64 public key (as printed by `talentbrug keygen`).
pub fn parse_public_key(public_key: &str) -> Result<VerifyingKey, SignatureError> {
    let bytes = STANDARD.decode(public_key.trim()).map_err(|_| SignatureError::BadPublicKey)?;
    let bytes: [u8; 32] = bytes.try_into().map_err(|_| SignatureError::BadPublicKey)?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| SignatureError::BadPublicKey)
}

/// Checks `signature` (base64 text, surrounding whitespace ignored) over exactly `bytes`.
/// Uses strict verification, which rejects weak keys and malleable signatures.
pub fn verify(bytes: &[u8], signature: &str, public_key: &str) -> Result<(), SignatureError> {
    let key = parse_public_key(public_key)?;
    let sig = STANDARD.decode(signature.trim()).map_err(|_| SignatureError::Malformed)?;
    let sig: [u8; 64] = sig.try_into().map_err(|_| SignatureError::Malformed)?;
    key.verify_strict(bytes, &Signature::from_bytes(&sig)).map_err(|_| SignatureError::Mismatch)
}

/// Encodes a signature or key as the base64 text this module reads.
pub fn to_base64(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 8032 test vector 2 (one-byte message 0x72).
    const KEY: &str = "PUAXw+hDiVqStwqnTRt+vJyYLM8uxJaMwM1V8Sr0Zgw=";
    const SIG: &str = "kqAJqfDUyrhyDoILX2QlQKKye1QWUD+Ps3YiI+vbadoIWsHkPhWZbkWPNhPQ8R2MOHsurrQwKu6wDSkWErsMAA==";

    #[test]
    fn rfc8032_vector_verifies() {
        assert_eq!(verify(&[0x72], SIG, KEY), Ok(()));
        assert_eq!(verify(&[0x72], &format!("{SIG}\n"), KEY), Ok(()));
    }

    #[test]
    fn any_change_is_refused() {
        assert_eq!(verify(&[0x73], SIG, KEY), Err(SignatureError::Mismatch));
        assert_eq!(verify(&[0x72, 0x00], SIG, KEY), Err(SignatureError::Mismatch));
        assert_eq!(verify(&[], SIG, KEY), Err(SignatureError::Mismatch));
        let mut sig = STANDARD.decode(SIG).unwrap();
        sig[10] ^= 1;
        assert_eq!(verify(&[0x72], &to_base64(&sig), KEY), Err(SignatureError::Mismatch));
        assert_eq!(verify(&[0x72], "not base64!", KEY), Err(SignatureError::Malformed));
        assert_eq!(verify(&[0x72], &SIG[..40], KEY), Err(SignatureError::Malformed));
        assert_eq!(verify(&[0x72], SIG, "AAAA"), Err(SignatureError::BadPublicKey));
    }
}
