//! Profile ids that change with every publication: HMAC-SHA-256 keyed with the organisation's
//! rotation secret over the feed sequence and the record id. Without the secret two feeds cannot
//! be joined on ids, and an id says nothing about the record it stands for.
//!
//! The id is the first 16 hex characters (64 bits) of the MAC; collisions are about one in 10^9
//! for a 100,000-profile feed. [`Rotation`] still checks: a colliding record gets a longer id, so
//! ids are always unique within a feed.
//!
//! A feed does not show these ids: [`crate::number_by_tile`] names each profile by the
//! publication, its tile and its row, and the rotated ids order the people of one area within a
//! tile, so that order is random and changes with every publication.

use std::collections::HashSet;

use hmac::{Hmac, Mac};
use sha2::Sha256;
use talentbrug_core::ProfileId;

use crate::keys::RotationSecret;
use talentbrug_private::RecordId;

/// Hex characters of a profile id.
pub const ID_LEN: usize = 16;

/// Separates this use of the secret from any later one.
const DOMAIN: &[u8] = b"talentbrug/profile-id/v1\0";

/// The full MAC of one record in one publication.
fn mac(secret: &RotationSecret, sequence: u64, record_id: &RecordId) -> [u8; 32] {
    // A fixed-width sequence before the id keeps the input unambiguous.
    let mut mac =
        <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(DOMAIN);
    mac.update(&sequence.to_be_bytes());
    mac.update(record_id.as_str().as_bytes());
    mac.finalize().into_bytes().into()
}

fn hex(bytes: &[u8], len: usize) -> String {
    bytes.iter().flat_map(|b| [b >> 4, b & 0xf]).take(len).map(|n| char::from_digit(u32::from(n), 16).unwrap_or('0')).collect()
}

/// Hands out the ids of one publication, unique within it.
pub struct Rotation<'a> {
    secret: &'a RotationSecret,
    sequence: u64,
    used: HashSet<String>,
}

impl<'a> Rotation<'a> {
    /// Ids for the feed with this sequence.
    pub fn new(secret: &'a RotationSecret, sequence: u64) -> Rotation<'a> {
        Rotation { secret, sequence, used: HashSet::new() }
    }

    /// The id of `record_id` in this feed. The same record id twice in one publication is a
    /// caller error (records are unique by id); it gets a longer, still unique id.
    pub fn id_for(&mut self, record_id: &RecordId) -> ProfileId {
        let mac = mac(self.secret, self.sequence, record_id);
        let mut len = ID_LEN;
        let mut id = hex(&mac, len);
        while self.used.contains(&id) && len < 64 {
            len += 8;
            id = hex(&mac, len);
        }
        let mut salt = 0u32;
        while self.used.contains(&id) {
            salt += 1;
            id = format!("{}-{salt}", hex(&mac, 40));
        }
        self.used.insert(id.clone());
        id.parse().unwrap_or_else(|_| unreachable!("hex ids are valid profile ids"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rid(s: &str) -> RecordId {
        s.parse().unwrap()
    }

    #[test]
    fn ids_depend_on_secret_sequence_and_record_and_are_short() {
        let a = RotationSecret::from_bytes([1; 32]);
        let b = RotationSecret::from_bytes([2; 32]);
        let id = |s: &RotationSecret, seq: u64, r: &str| Rotation::new(s, seq).id_for(&rid(r)).to_string();
        let first = id(&a, 1, "DOS-1");
        assert_eq!(first.len(), ID_LEN);
        assert!(first.bytes().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        assert_eq!(first, id(&a, 1, "DOS-1"), "deterministic");
        assert_ne!(first, id(&a, 2, "DOS-1"), "rotates with the sequence");
        assert_ne!(first, id(&b, 1, "DOS-1"), "keyed by the secret");
        assert_ne!(first, id(&a, 1, "DOS-2"));
        // The sequence is fixed-width, so (1, "1x") and (11, "x")-style ambiguities cannot occur.
        assert_ne!(id(&a, 1, "1DOS"), id(&a, 11, "DOS"));
    }

    #[test]
    fn rfc4231_vector_checks_the_mac_construction() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(b"Jefe").unwrap();
        mac.update(b"what do ya want for nothing?");
        assert_eq!(hex(&mac.finalize().into_bytes(), 64), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    #[test]
    fn repeated_record_ids_still_get_unique_ids() {
        let secret = RotationSecret::from_bytes([3; 32]);
        let mut rotation = Rotation::new(&secret, 5);
        let ids: HashSet<String> = (0..5).map(|_| rotation.id_for(&rid("same")).to_string()).collect();
        assert_eq!(ids.len(), 5);
        assert!(ids.iter().all(|id| id.parse::<ProfileId>().is_ok()));
    }
}
