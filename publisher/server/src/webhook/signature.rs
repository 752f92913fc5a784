//! The signature on every delivery, as Stripe and GitHub sign theirs: the receiver recomputes
//! an HMAC-SHA-256 over the timestamp and the body with the shared secret, compares it in
//! constant time, and refuses old timestamps (a replayed delivery).

use hmac::{Hmac, Mac};
use sha2::Sha256;
use talentbrug_core::Timestamp;

use super::settings::WebhookSecret;

/// The header that carries the signature: `t=<unix seconds>,v1=<hex HMAC-SHA-256 of "<t>.<body>">`.
pub const SIGNATURE_HEADER: &str = "Talentbrug-Signature";

/// The value of [`SIGNATURE_HEADER`] for `body` sent at `at`.
pub fn signature_header(secret: &WebhookSecret, at: Timestamp, body: &[u8]) -> String {
    let t = at.unix_seconds();
    // HMAC takes a key of any length.
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.bytes()).expect("HMAC accepts any key length");
    mac.update(t.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    let digest = mac.finalize().into_bytes();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("t={t},v1={hex}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_hmac_sha256_over_timestamp_dot_body() {
        // Computed independently: python3 -c 'import hmac,hashlib; print(hmac.new(b"0123456789abcdef0123",
        // b"1800000000.{\"event\":\"interview_request.received\"}", hashlib.sha256).hexdigest())'
        let secret = WebhookSecret::new("0123456789abcdef0123").unwrap();
        let body = br#"{"event":"interview_request.received"}"#;
        assert_eq!(
            signature_header(&secret, Timestamp::from_unix_seconds(1_800_000_000), body),
            "t=1800000000,v1=68b85cf73e96a86c8f5fdcb6e2f26945747f7c2b010e4c8f8edc370968d32493"
        );
        let other = WebhookSecret::new("0123456789abcdef0124").unwrap();
        assert_ne!(
            signature_header(&other, Timestamp::from_unix_seconds(1_800_000_000), body),
            signature_header(&secret, Timestamp::from_unix_seconds(1_800_000_000), body)
        );
    }
}
