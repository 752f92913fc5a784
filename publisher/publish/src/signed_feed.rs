//! Writing `feed.json` and its detached signature `feed.json.sig` as a pair.
//!
//! Both are first written completely to temporary files in the feed's directory and fsynced;
//! then the signature is renamed into place, then the feed, then the directory is fsynced. So:
//! - a reader never sees a half-written file, and never a new feed without its signature: a
//!   server that reloads when `feed.json` changes finds the matching signature already there;
//! - between the two renames (microseconds, no I/O) a reader that reads both can see the new
//!   signature with the old feed. That pair fails verification, never passes it: readers retry
//!   once after a short pause (the widget and `talentbrug serve` do);
//! - a crash before the renames leaves the old pair; a crash between them leaves a pair that
//!   fails closed, and the next `talentbrug publish` replaces it.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use talentbrug_private::{signature_path, FileError};

fn directory_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// A file written and fsynced under a temporary name, not yet in place.
struct Staged {
    tmp: PathBuf,
    target: PathBuf,
}

impl Staged {
    fn write(target: &Path, bytes: &[u8]) -> Result<Staged, FileError> {
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let tmp = directory_of(target).join(format!(".{name}.tmp-{}", std::process::id()));
        let staged = Staged { tmp, target: target.to_owned() };
        let mut options = OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o644);
        }
        let mut file = options.open(&staged.tmp).map_err(|e| FileError::new(target, e))?;
        file.write_all(bytes).and_then(|()| file.sync_all()).map_err(|e| FileError::new(target, e))?;
        Ok(staged)
    }

    fn commit(self) -> Result<(), FileError> {
        fs::rename(&self.tmp, &self.target).map_err(|e| FileError::new(&self.target, e))
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        // After a successful rename the temporary name no longer exists; this only cleans up failures.
        let _ = fs::remove_file(&self.tmp);
    }
}

/// Puts `feed_bytes` at `feed` and `signature` (base64, written as one line) at `feed.sig`.
pub fn write_pair(feed: &Path, feed_bytes: &[u8], signature: &str) -> Result<(), FileError> {
    let sig_path = signature_path(feed);
    let sig = Staged::write(&sig_path, format!("{}\n", signature.trim()).as_bytes())?;
    let body = Staged::write(feed, feed_bytes)?;
    let old_signature = fs::read(&sig_path).ok();
    sig.commit()?;
    if let Err(e) = body.commit() {
        // Put the old signature back, so the old feed stays valid.
        if let Some(old) = old_signature {
            let _ = talentbrug_private::write_atomically(&sig_path, &old);
        }
        return Err(e);
    }
    if let Ok(dir) = File::open(directory_of(feed)) {
        let _ = dir.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_both_files_and_leaves_no_temporaries() {
        let tmp = tempfile::tempdir().unwrap();
        let feed = tmp.path().join("feed.json");
        assert_eq!(signature_path(&feed), tmp.path().join("feed.json.sig"));
        write_pair(&feed, b"{\"a\":1}", "c2ln").unwrap();
        write_pair(&feed, b"{\"a\":2}", " c2lnMg== \n").unwrap();
        assert_eq!(fs::read(&feed).unwrap(), b"{\"a\":2}");
        assert_eq!(fs::read_to_string(signature_path(&feed)).unwrap(), "c2lnMg==\n");
        let names: Vec<String> = fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn a_failed_write_leaves_the_old_pair() {
        let tmp = tempfile::tempdir().unwrap();
        let feed = tmp.path().join("feed.json");
        write_pair(&feed, b"old", "b2xk").unwrap();
        // The feed cannot be staged (its temporary name is taken by a directory): nothing moves.
        let blocker = tmp.path().join(format!(".feed.json.tmp-{}", std::process::id()));
        fs::create_dir(&blocker).unwrap();
        assert!(write_pair(&feed, b"new", "bmV3").is_err());
        assert_eq!(fs::read(&feed).unwrap(), b"old");
        assert_eq!(fs::read_to_string(signature_path(&feed)).unwrap(), "b2xk\n");
        fs::remove_dir(&blocker).unwrap();
        // The feed cannot be renamed into place (a directory is there): the old signature is restored.
        let dir_feed = tmp.path().join("taken.json");
        fs::create_dir(&dir_feed).unwrap();
        fs::write(signature_path(&dir_feed), "b2xk\n").unwrap();
        assert!(write_pair(&dir_feed, b"new", "bmV3").is_err());
        assert_eq!(fs::read_to_string(signature_path(&dir_feed)).unwrap(), "b2xk\n");
        let leftovers =
            fs::read_dir(tmp.path()).unwrap().filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().contains(".tmp-")).count();
        assert_eq!(leftovers, 0);
    }

    #[test]
    fn a_reader_racing_the_writer_sees_whole_files_and_retries_into_a_valid_pair() {
        use std::sync::atomic::{AtomicBool, Ordering};
        use std::sync::Arc;
        let tmp = tempfile::tempdir().unwrap();
        let feed = tmp.path().join("feed.json");
        let keys = crate::keys::Keys::from_bytes([4; 32], [5; 32]);
        let public_key = keys.public_key_base64();
        let body = |n: usize| format!("{{\"n\":{n},\"pad\":\"{}\"}}", "x".repeat(20_000 + n)).into_bytes();
        write_pair(&feed, &body(0), &keys.sign_base64(&body(0))).unwrap();
        let done = Arc::new(AtomicBool::new(false));
        let reader = {
            let (feed, done, public_key) = (feed.clone(), done.clone(), public_key.clone());
            std::thread::spawn(move || {
                let (mut valid, mut mismatched) = (0, 0);
                loop {
                    let finished = done.load(Ordering::SeqCst);
                    // The order a server uses: the feed, then its signature.
                    let bytes = fs::read(&feed).unwrap();
                    let sig = fs::read_to_string(signature_path(&feed)).unwrap();
                    let json: serde_json::Value = serde_json::from_slice(&bytes).expect("never a half-written feed");
                    assert!(json["n"].is_u64());
                    match talentbrug_core::signature::verify(&bytes, &sig, &public_key) {
                        Ok(()) => valid += 1,
                        // Read while the writer was between its two renames: a retry fixes it.
                        Err(_) => mismatched += 1,
                    }
                    if finished {
                        // Read after the writer finished: the pair must hold.
                        assert_eq!(talentbrug_core::signature::verify(&bytes, &sig, &public_key), Ok(()));
                        break;
                    }
                }
                (valid, mismatched)
            })
        };
        for n in 1..=40 {
            write_pair(&feed, &body(n), &keys.sign_base64(&body(n))).unwrap();
        }
        done.store(true, Ordering::SeqCst);
        let (valid, _mismatched) = reader.join().unwrap();
        assert!(valid > 0);
        let bytes = fs::read(&feed).unwrap();
        assert_eq!(bytes, body(40));
        let sig = fs::read_to_string(signature_path(&feed)).unwrap();
        assert_eq!(talentbrug_core::signature::verify(&bytes, &sig, &public_key), Ok(()));
    }
}
