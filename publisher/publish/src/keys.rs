//! The organisation's keys: the Ed25519 key that signs feeds and the separate secret that
//! rotates profile ids. Both live in one private key file (mode 0600) that `talentbrug keygen`
//! creates and never overwrites.
//!
//! The file is JSON: `{"format":"talentbrug-key/1","public_key":…,"signing_key":…,"rotation_secret":…}`
//! with the three values in standard base64. The public key is stored too so a coach can read it
//! back; it is checked against the signing key on every load.

use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use ed25519_dalek::{Signer, SigningKey};
use rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};
use talentbrug_core::signature::to_base64;
use zeroize::{Zeroize, Zeroizing};

use talentbrug_private::{write_atomically_with_mode, FileError};

/// The format tag of key files.
pub const KEY_FORMAT: &str = "talentbrug-key/1";

/// Why a key file could not be made or read.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// `keygen` refuses to replace a key: feeds signed with it would no longer verify.
    #[error("{0} already exists; keygen never overwrites a key (partners' widgets trust its public key). Choose another --out or remove the file yourself")]
    Exists(PathBuf),
    /// Reading or writing failed.
    #[error(transparent)]
    File(#[from] FileError),
    /// The file is not a Talentbrug key file.
    #[error("{path}: not a Talentbrug key file ({why})")]
    Malformed {
        /// The key file.
        path: PathBuf,
        /// What is wrong.
        why: String,
    },
}

/// The secret that keys the profile-id hash. Wiped from memory when dropped.
#[derive(Clone)]
pub struct RotationSecret(Zeroizing<[u8; 32]>);

impl RotationSecret {
    /// A secret from its 32 bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> RotationSecret {
        RotationSecret(Zeroizing::new(bytes))
    }

    /// The 32 bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

/// The organisation's signing key and rotation secret. `Debug` shows only the public key.
#[derive(Clone)]
pub struct Keys {
    signing: SigningKey,
    rotation: RotationSecret,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Keys {{ public_key: {} }}", self.public_key_base64())
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyFile {
    format: String,
    public_key: String,
    signing_key: String,
    rotation_secret: String,
}

impl Drop for KeyFile {
    fn drop(&mut self) {
        self.signing_key.zeroize();
        self.rotation_secret.zeroize();
    }
}

fn decode_32(path: &Path, field: &str, text: &str) -> Result<Zeroizing<[u8; 32]>, KeyError> {
    let malformed = || KeyError::Malformed { path: path.to_owned(), why: format!("`{field}` is not 32 bytes of base64") };
    let bytes = Zeroizing::new(STANDARD.decode(text.trim()).map_err(|_| malformed())?);
    let mut out = Zeroizing::new([0u8; 32]);
    if bytes.len() != 32 {
        return Err(malformed());
    }
    out.copy_from_slice(&bytes);
    Ok(out)
}

impl Keys {
    /// Fresh keys from the operating system's random source.
    pub fn generate() -> Keys {
        let signing = SigningKey::generate(&mut OsRng);
        let mut secret = Zeroizing::new([0u8; 32]);
        OsRng.fill_bytes(secret.as_mut());
        Keys { signing, rotation: RotationSecret(secret) }
    }

    /// Keys from fixed bytes; for tests and reproducible examples only.
    pub fn from_bytes(signing_key: [u8; 32], rotation_secret: [u8; 32]) -> Keys {
        Keys { signing: SigningKey::from_bytes(&signing_key), rotation: RotationSecret::from_bytes(rotation_secret) }
    }

    /// The public key in standard base64: what partners put in the widget's `public-key`.
    pub fn public_key_base64(&self) -> String {
        to_base64(self.signing.verifying_key().as_bytes())
    }

    /// The secret that keys profile-id rotation.
    pub fn rotation_secret(&self) -> &RotationSecret {
        &self.rotation
    }

    /// Signs exactly `bytes`; the signature in standard base64, as `feed.json.sig` holds it.
    pub fn sign_base64(&self, bytes: &[u8]) -> String {
        to_base64(&self.signing.sign(bytes).to_bytes())
    }

    /// The key file's bytes.
    fn to_file_bytes(&self) -> Zeroizing<Vec<u8>> {
        let file = KeyFile {
            format: KEY_FORMAT.into(),
            public_key: self.public_key_base64(),
            signing_key: to_base64(self.signing.as_bytes()),
            rotation_secret: to_base64(self.rotation.as_bytes()),
        };
        let mut bytes = serde_json::to_vec_pretty(&file).unwrap_or_default();
        bytes.push(b'\n');
        Zeroizing::new(bytes)
    }

    /// Writes the keys to a new file with mode 0600. Never replaces an existing file, even when
    /// two runs race: the file appears complete (temporary file, fsync, hard link) or not at all.
    pub fn save_new(&self, path: &Path) -> Result<(), KeyError> {
        if fs::symlink_metadata(path).is_ok() {
            return Err(KeyError::Exists(path.to_owned()));
        }
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
            _ => PathBuf::from("."),
        };
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "key".into());
        let staged = dir.join(format!(".{name}.new-{}", std::process::id()));
        write_atomically_with_mode(&staged, &self.to_file_bytes(), Some(0o600))?;
        let linked = fs::hard_link(&staged, path);
        let _ = fs::remove_file(&staged);
        match linked {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == ErrorKind::AlreadyExists => Err(KeyError::Exists(path.to_owned())),
            Err(e) => Err(FileError::new(path, e).into()),
        }
    }

    /// Reads a key file written by [`Keys::save_new`].
    pub fn load(path: &Path) -> Result<Keys, KeyError> {
        let bytes = Zeroizing::new(fs::read(path).map_err(|e| FileError::new(path, e))?);
        let file: KeyFile =
            serde_json::from_slice(&bytes).map_err(|e| KeyError::Malformed { path: path.to_owned(), why: e.to_string() })?;
        if file.format != KEY_FORMAT {
            return Err(KeyError::Malformed { path: path.to_owned(), why: format!("format is `{}`, not {KEY_FORMAT}", file.format) });
        }
        let signing = SigningKey::from_bytes(&*decode_32(path, "signing_key", &file.signing_key)?);
        let rotation = RotationSecret(decode_32(path, "rotation_secret", &file.rotation_secret)?);
        let keys = Keys { signing, rotation };
        if keys.public_key_base64() != file.public_key.trim() {
            return Err(KeyError::Malformed { path: path.to_owned(), why: "`public_key` does not belong to `signing_key`".into() });
        }
        Ok(keys)
    }

    /// A warning when the key file can be read by other users of this machine.
    pub fn permission_warning(path: &Path) -> Option<String> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(path).ok()?.permissions().mode();
            (mode & 0o077 != 0)
                .then(|| format!("{} can be read by other users (mode {:o}); run `chmod 600` on it", path.display(), mode & 0o777))
        }
        #[cfg(not(unix))]
        {
            let _ = path;
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("tb-keys-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn save_load_round_trip_with_private_mode_and_no_overwrite() {
        let dir = temp_dir("roundtrip");
        let path = dir.join("org.key");
        let keys = Keys::generate();
        keys.save_new(&path).unwrap();
        let loaded = Keys::load(&path).unwrap();
        assert_eq!(loaded.public_key_base64(), keys.public_key_base64());
        assert_eq!(loaded.rotation_secret().as_bytes(), keys.rotation_secret().as_bytes());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
            assert_eq!(Keys::permission_warning(&path), None);
        }
        let before = fs::read(&path).unwrap();
        assert!(matches!(Keys::generate().save_new(&path), Err(KeyError::Exists(_))));
        assert_eq!(fs::read(&path).unwrap(), before, "the existing key is untouched");
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 1, "no staged file is left behind");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn signatures_verify_with_the_core_and_debug_hides_secrets() {
        let keys = Keys::from_bytes([7; 32], [9; 32]);
        let sig = keys.sign_base64(b"feed bytes");
        assert_eq!(talentbrug_core::signature::verify(b"feed bytes", &sig, &keys.public_key_base64()), Ok(()));
        assert!(talentbrug_core::signature::verify(b"feed bytez", &sig, &keys.public_key_base64()).is_err());
        let debug = format!("{keys:?}");
        assert!(debug.contains(&keys.public_key_base64()) && !debug.contains(&to_base64(&[7; 32])), "{debug}");
    }

    #[test]
    fn damaged_key_files_are_refused_with_a_reason() {
        let dir = temp_dir("damaged");
        let path = dir.join("org.key");
        Keys::generate().save_new(&path).unwrap();
        let text = fs::read_to_string(&path).unwrap();
        let other = Keys::generate().public_key_base64();
        let mut file: serde_json::Value = serde_json::from_str(&text).unwrap();
        file["public_key"] = other.into();
        fs::write(&path, file.to_string()).unwrap();
        assert!(Keys::load(&path).unwrap_err().to_string().contains("does not belong"));
        fs::write(&path, b"{\"format\":\"x\"}").unwrap();
        assert!(Keys::load(&path).unwrap_err().to_string().contains("not a Talentbrug key file"));
        fs::write(&path, text.replace("talentbrug-key/1", "talentbrug-key/9")).unwrap();
        assert!(Keys::load(&path).unwrap_err().to_string().contains("talentbrug-key/9"));
        assert!(Keys::load(&dir.join("missing.key")).unwrap_err().to_string().contains("missing.key"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
            assert!(Keys::permission_warning(&path).unwrap().contains("chmod 600"));
        }
        fs::remove_dir_all(&dir).unwrap();
    }
}
