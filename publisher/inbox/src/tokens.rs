//! The two names a request gets: a short reference people read out on the phone, and the secret
//! token in the employer's status link. Both come from the operating system's random source.

use core::fmt;
use core::str::FromStr;

use rand::rngs::OsRng;
use rand::RngCore;

/// Crockford's base32 alphabet: no I, L, O or U, so a reference survives being read aloud.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Random characters in a reference (5 bits each: 50 bits).
const REFERENCE_CHARS: usize = 10;
/// Random bytes in a status token (160 bits; the issue asks for at least 128).
const TOKEN_BYTES: usize = 20;

/// Encodes `bytes` as base32 characters of `alphabet`, 5 bits per character.
fn base32(bytes: &[u8], alphabet: &[u8; 32]) -> String {
    let mut out = String::with_capacity(bytes.len() * 8 / 5 + 1);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(alphabet[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(alphabet[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

/// A request's reference, `TB-XXXXX-XXXXX`: what the coach and the employer quote to each other.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Reference(String);

impl Reference {
    /// A new random reference (50 bits; the store retries on the rare collision).
    pub fn generate() -> Reference {
        let mut bytes = [0u8; 7];
        OsRng.fill_bytes(&mut bytes);
        let chars = base32(&bytes, CROCKFORD);
        Reference(format!("TB-{}-{}", &chars[..5], &chars[5..REFERENCE_CHARS]))
    }

    /// The reference as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A reference that does not look like `TB-XXXXX-XXXXX`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a request reference (they look like TB-7K3M9-QXD2F)")]
pub struct BadReference(String);

impl FromStr for Reference {
    type Err = BadReference;
    /// Reads a reference as people type it: any case, `O` for zero and `I`/`L` for one.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadReference(s.chars().take(40).collect());
        let upper = s.trim().to_ascii_uppercase();
        let rest = upper.strip_prefix("TB-").ok_or_else(bad)?;
        let (a, b) = rest.split_once('-').ok_or_else(bad)?;
        if a.len() != 5 || b.len() != 5 {
            return Err(bad());
        }
        let fix = |c: char| match c {
            'O' => Some('0'),
            'I' | 'L' => Some('1'),
            c if CROCKFORD.contains(&(c as u8)) && c.is_ascii() => Some(c),
            _ => None,
        };
        let a: Option<String> = a.chars().map(fix).collect();
        let b: Option<String> = b.chars().map(fix).collect();
        match (a, b) {
            (Some(a), Some(b)) => Ok(Reference(format!("TB-{a}-{b}"))),
            _ => Err(bad()),
        }
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The secret in a status link: 160 random bits, lowercase base32 (32 characters).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct StatusToken(String);

impl StatusToken {
    /// A new token from the operating system's random source.
    pub fn generate() -> StatusToken {
        let mut bytes = [0u8; TOKEN_BYTES];
        OsRng.fill_bytes(&mut bytes);
        StatusToken(base32(&bytes, CROCKFORD).to_ascii_lowercase())
    }

    /// Reads a token from a URL; anything but 32 base32 characters is not one.
    pub fn parse(s: &str) -> Option<StatusToken> {
        let ok =
            s.len() == TOKEN_BYTES * 8 / 5 && s.bytes().all(|b| CROCKFORD.contains(&b.to_ascii_uppercase()) && !b.is_ascii_uppercase());
        ok.then(|| StatusToken(s.to_owned()))
    }

    /// The token as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What the inbox stores instead of the token: its SHA-256, hex. A copy of the database
    /// (a backup, a stolen disk) then opens no employer's status page.
    pub fn digest(&self) -> String {
        crate::digest::sha256_hex(self.0.as_bytes())
    }
}

impl fmt::Debug for StatusToken {
    /// Never printed in full, so a token cannot leak through a log line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StatusToken({}…)", &self.0[..4.min(self.0.len())])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn references_look_right_and_read_back_as_typed() {
        let r = Reference::generate();
        assert_eq!(r.as_str().len(), 14, "{r}");
        assert_eq!(r.as_str().parse::<Reference>().unwrap(), r);
        assert_eq!(r.as_str().to_lowercase().parse::<Reference>().unwrap(), r);
        assert_eq!("tb-o1il2-abcde".parse::<Reference>().unwrap().as_str(), "TB-01112-ABCDE");
        for bad in ["", "TB-", "TB-12345", "TB-1234-12345", "XX-12345-12345", "TB-1234U-12345", "TB-12345-1234é"] {
            assert!(bad.parse::<Reference>().is_err(), "{bad}");
        }
    }

    #[test]
    fn tokens_are_long_random_and_parse_strictly() {
        let tokens: HashSet<String> = (0..1000).map(|_| StatusToken::generate().0).collect();
        assert_eq!(tokens.len(), 1000);
        let t = StatusToken::generate();
        assert_eq!(t.as_str().len(), 32);
        assert_eq!(StatusToken::parse(t.as_str()), Some(t.clone()));
        assert_eq!(StatusToken::parse(&t.as_str().to_uppercase()), None);
        assert_eq!(StatusToken::parse(&t.as_str()[1..]), None);
        assert_eq!(StatusToken::parse("../../../../../etc/passwd/xxxxxx"), None);
        assert!(!format!("{t:?}").contains(t.as_str()));
    }

    #[test]
    fn base32_matches_rfc4648_bit_order() {
        // RFC 4648 test vector "foobar" -> MZXW6YTBOI in the standard alphabet.
        let std: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        assert_eq!(base32(b"foobar", std), "MZXW6YTBOI");
        assert_eq!(base32(b"f", std), "MY");
    }
}
