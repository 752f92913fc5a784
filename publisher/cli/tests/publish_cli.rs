//! The coach's commands end to end, as the real binary: keygen, publish, verify, and every way a
//! feed can be refused (flipped bit, truncation, wrong key, expiry, roll-back, malformed).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use talentbrug::verify_cmd::{verify, VerifyError};
use talentbrug_core::Feed;
use talentbrug_private::MappingStore;
use talentbrug_publish::Keys;

fn talentbrug(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_talentbrug")).args(args).current_dir(dir).output().expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A workspace with `private/` (key, export) and `public/` (feed), and a key made by keygen.
struct Org {
    dir: tempfile::TempDir,
    public_key: String,
}

impl Org {
    fn new(profiles: usize) -> Org {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("private")).unwrap();
        fs::create_dir(dir.path().join("public")).unwrap();
        let out = talentbrug(&["keygen", "--out", "private/org.key"], dir.path());
        assert!(out.status.success(), "{}", text(&out.stderr));
        let public_key = text(&out.stdout).trim().to_owned();
        let out = talentbrug(&["demo-records", "--profiles", &profiles.to_string(), "--out", "private/export.csv"], dir.path());
        assert!(out.status.success(), "{}", text(&out.stderr));
        Org { dir, public_key }
    }

    fn path(&self, p: &str) -> PathBuf {
        self.dir.path().join(p)
    }

    fn run(&self, args: &[&str]) -> Output {
        talentbrug(args, self.dir.path())
    }

    fn publish(&self, extra: &[&str]) -> Output {
        let mut args = vec!["publish", "private/export.csv", "--key", "private/org.key", "--out", "public/feed.json"];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    fn verify(&self, feed: &str, key: &str) -> Output {
        self.run(&["verify", feed, "--public-key", key])
    }
}

const FIRST: &[&str] = &["--publisher-name", "Werkpunt Proef", "--contact", "jobs@werkpunt.example", "--report", "private/report.json"];

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn keygen_writes_a_private_key_once_and_prints_the_public_key() {
    let org = Org::new(10);
    let key = org.path("private/org.key");
    assert_eq!(talentbrug_core::signature::parse_public_key(&org.public_key).map(|_| ()), Ok(()));
    assert_eq!(Keys::load(&key).unwrap().public_key_base64(), org.public_key);
    #[cfg(unix)]
    assert_eq!(mode(&key), 0o600);
    let before = fs::read(&key).unwrap();
    let again = org.run(&["keygen", "--out", "private/org.key"]);
    assert!(!again.status.success());
    assert!(text(&again.stderr).contains("already exists"), "{}", text(&again.stderr));
    assert_eq!(fs::read(&key).unwrap(), before);
}

#[test]
fn publish_then_verify_and_every_refusal() {
    let org = Org::new(400);
    let export_before = fs::read(org.path("private/export.csv")).unwrap();

    let first_try = org.publish(&[]);
    assert!(!first_try.status.success());
    assert!(text(&first_try.stderr).contains("--publisher-name is needed"), "{}", text(&first_try.stderr));

    let out = org.publish(FIRST);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}\n{}", stdout, text(&out.stderr));
    assert!(stdout.starts_with("published "), "{stdout}");
    assert!(stdout.contains("of 400 rows (sequence 1, k = 5)"), "{stdout}");
    assert!(stdout.contains("no consent"), "{stdout}");
    assert!(stdout.contains("id mapping in private/org.private"), "{stdout}");
    assert_eq!(fs::read(org.path("private/export.csv")).unwrap(), export_before, "the export is never modified");
    #[cfg(unix)]
    {
        assert_eq!(mode(&org.path("private/report.json")), 0o600);
        assert_eq!(mode(&org.path("private/org.private")), 0o700);
    }
    let report: serde_json::Value = serde_json::from_slice(&fs::read(org.path("private/report.json")).unwrap()).unwrap();
    assert_eq!(report["sequence"], 1);
    let mut leftovers: Vec<_> = fs::read_dir(org.path("public")).unwrap().map(|e| e.unwrap().file_name()).collect();
    leftovers.sort();
    assert_eq!(leftovers, ["feed.json", "feed.json.sig", "manifest.json", "manifest.json.sig", "tiles"], "the v1 pair and feed v2");

    // OK with the base64 key and with the key file.
    let ok = org.verify("public/feed.json", &org.public_key);
    assert!(ok.status.success(), "{}", text(&ok.stderr));
    assert!(text(&ok.stdout).starts_with("OK public/feed.json: signed by"), "{}", text(&ok.stdout));
    assert_eq!(text(&ok.stdout).lines().count(), 1);
    assert!(org.verify("public/feed.json", "private/org.key").status.success());
    let audit = org.run(&["verify", "public/feed.json", "--public-key", &org.public_key, "--k", "5"]);
    assert!(text(&audit.stdout).trim_end().ends_with(", 5-anonymous with l-diverse workplace needs"), "{}", text(&audit.stdout));
    let too_strict = org.run(&["verify", "public/feed.json", "--public-key", &org.public_key, "--k", "10000"]);
    assert!(!too_strict.status.success());
    assert!(text(&too_strict.stderr).contains("not 10000-anonymous"), "{}", text(&too_strict.stderr));

    let feed_bytes = fs::read(org.path("public/feed.json")).unwrap();
    let sig = fs::read_to_string(org.path("public/feed.json.sig")).unwrap();
    let refused = |bytes: &[u8], sig: &str, key: &str, expected: &str| {
        fs::write(org.path("public/other.json"), bytes).unwrap();
        fs::write(org.path("public/other.json.sig"), sig).unwrap();
        let out = org.verify("public/other.json", key);
        assert!(!out.status.success(), "{expected}: accepted");
        let err = text(&out.stderr);
        assert!(err.contains(expected), "{expected}: {err}");
    };
    // One flipped bit anywhere.
    for at in [0, feed_bytes.len() / 2, feed_bytes.len() - 1] {
        let mut flipped = feed_bytes.clone();
        flipped[at] ^= 0x01;
        refused(&flipped, &sig, &org.public_key, "bad signature");
    }
    refused(&feed_bytes[..feed_bytes.len() / 2], &sig, &org.public_key, "bad signature");
    refused(&feed_bytes, &sig[..40], &org.public_key, "bad signature");
    refused(&feed_bytes, &sig, &Keys::generate().public_key_base64(), "bad signature");
    refused(&feed_bytes, &sig, "not-a-key", "--public-key");
    let seen = org.run(&["verify", "public/feed.json", "--public-key", &org.public_key, "--seen-sequence", "2"]);
    assert!(text(&seen.stderr).contains("rolled back: the feed has sequence 1, older than 2"), "{}", text(&seen.stderr));
    // Signed by the right key but not a feed: malformed.
    let keys = Keys::load(&org.path("private/org.key")).unwrap();
    let junk = b"{\"format\":\"talentbrug-feed/1\"}";
    refused(junk, &keys.sign_base64(junk), &org.public_key, "malformed");
    // Expired: the same feed, checked a day after it expires.
    let feed = Feed::parse(&feed_bytes).unwrap();
    let later = feed.expires_at.plus_days(1);
    let err = verify(&org.path("public/feed.json"), &org.path("public/feed.json.sig"), &org.public_key, later, None).unwrap_err();
    assert!(matches!(err, VerifyError::Expired { .. }), "{err}");
    assert!(err.to_string().contains("expired: the feed expired at"), "{err}");

    // A second publication: remembered publisher, next sequence, new ids, both mappings kept.
    let out = org.publish(&[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let second = Feed::parse(&fs::read(org.path("public/feed.json")).unwrap()).unwrap();
    assert_eq!(second.sequence, 2);
    assert_eq!(second.publisher.name, "Werkpunt Proef");
    let store = MappingStore::load(&org.path("private/org.private")).unwrap();
    assert_eq!(store.latest_sequence(), 2);
    for p in &feed.profiles {
        assert!(second.profiles.iter().all(|q| q.id != p.id), "ids rotate");
        assert_eq!(store.lookup(p.id.as_str()).unwrap().sequence, 1);
    }
    let hit = store.lookup(second.profiles[0].id.as_str()).unwrap();
    assert!(hit.record_id.as_str().starts_with("SYN-") && hit.sequence == 2);
}

#[test]
fn private_files_are_never_put_next_to_the_feed() {
    let org = Org::new(50);
    for args in [
        vec![
            "publish",
            "private/export.csv",
            "--key",
            "private/org.key",
            "--out",
            "private/feed.json",
            "--publisher-name",
            "W",
            "--contact",
            "c",
        ],
        vec!["publish", "private/export.csv", "--key", "private/org.key", "--out", "feed.json", "--publisher-name", "W", "--contact", "c"],
        vec![
            "publish",
            "private/export.csv",
            "--key",
            "private/org.key",
            "--out",
            "public/feed.json",
            "--publisher-name",
            "W",
            "--contact",
            "c",
            "--private-dir",
            "public/ids",
        ],
        vec![
            "publish",
            "private/export.csv",
            "--key",
            "private/org.key",
            "--out",
            "public/feed.json",
            "--publisher-name",
            "W",
            "--contact",
            "c",
            "--report",
            "public/report.json",
        ],
    ] {
        let out = org.run(&args);
        assert!(!out.status.success(), "{args:?} was accepted");
        assert!(text(&out.stderr).contains("from where a web server would serve it"), "{}", text(&out.stderr));
    }
    assert!(!org.path("public/feed.json").exists() && !org.path("feed.json").exists() && !org.path("private/feed.json").exists());
    assert!(!org.path("public/ids").exists());
}

#[test]
fn malformed_exports_say_which_line_and_never_replace_a_good_feed() {
    let org = Org::new(60);
    assert!(org.publish(FIRST).status.success());
    let good = fs::read(org.path("public/feed.json")).unwrap();

    // Wrong columns: the whole file is refused.
    let csv = fs::read_to_string(org.path("private/export.csv")).unwrap();
    fs::write(org.path("private/bad.csv"), csv.replacen("pitch,consent", "pitch,agreed", 1)).unwrap();
    let out = org.run(&["publish", "private/bad.csv", "--key", "private/org.key", "--out", "public/feed.json"]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("bad.csv: line 1: missing column(s) consent; unknown column(s) agreed"), "{err}");

    // Bad UTF-8 and a broken row: those rows are held back by line, the rest is published.
    let mut bytes = csv.clone().into_bytes();
    let third_line = bytes.iter().enumerate().filter(|(_, b)| **b == b'\n').nth(1).unwrap().0 + 1;
    bytes.splice(third_line..third_line + 4, *b"\xff\xfeX-");
    bytes.extend_from_slice(b"only,three,fields\n");
    fs::write(org.path("private/bad.csv"), &bytes).unwrap();
    let out = org.run(&["publish", "private/bad.csv", "--key", "private/org.key", "--out", "public/feed.json"]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(stdout.contains("line 3 (") && stdout.contains("record_id is not UTF-8"), "{stdout}");
    assert!(stdout.contains("line 62 (only): the row has 3 fields, the header 27"), "{stdout}");

    // Nothing consents: nothing is published and the current feed stays.
    let none = csv.replace(",yes\n", ",no\n");
    fs::write(org.path("private/none.csv"), none).unwrap();
    let before = fs::read(org.path("public/feed.json")).unwrap();
    let out = org.run(&["publish", "private/none.csv", "--key", "private/org.key", "--out", "public/feed.json"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("nothing to publish"), "{}", text(&out.stderr));
    assert_eq!(fs::read(org.path("public/feed.json")).unwrap(), before);
    assert_ne!(before, good, "the second publication did replace the first");
}
