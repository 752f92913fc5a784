//! Feed v2 through the real binary: `publish` writes tiles and a signed manifest next to the v1
//! feed, `verify` accepts them and refuses every damaged tile, missing tile and stale or badly
//! signed manifest in one line that names the tile or the problem, and `export-json` turns the
//! v2 feed back into the v1 feed of the same run, valid against the JSON Schema.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use talentbrug::verify_cmd::{verify, VerifyError};
use talentbrug_core::manifest::{Manifest, TileEntry};
use talentbrug_core::Feed;
use talentbrug_publish::Keys;

fn talentbrug(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_talentbrug")).args(args).current_dir(dir).output().expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// An organisation that published once: `private/` (key, export), `public/` (v1 and v2).
struct Org {
    dir: tempfile::TempDir,
    public_key: String,
}

impl Org {
    fn published(profiles: usize) -> Org {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("private")).unwrap();
        fs::create_dir(dir.path().join("public")).unwrap();
        let out = talentbrug(&["keygen", "--out", "private/org.key"], dir.path());
        assert!(out.status.success(), "{}", text(&out.stderr));
        let public_key = text(&out.stdout).trim().to_owned();
        let org = Org { dir, public_key };
        let out = org.run(&["demo-records", "--profiles", &profiles.to_string(), "--out", "private/export.csv"]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let out = org.run(&[
            "publish",
            "private/export.csv",
            "--key",
            "private/org.key",
            "--out",
            "public/feed.json",
            "--publisher-name",
            "Werkpunt Proef",
            "--contact",
            "jobs@werkpunt.example",
        ]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert!(text(&out.stdout).contains("wrote feed v2 next to it: public/manifest.json"), "{}", text(&out.stdout));
        org
    }

    fn path(&self, p: &str) -> PathBuf {
        self.dir.path().join(p)
    }

    fn run(&self, args: &[&str]) -> Output {
        talentbrug(args, self.dir.path())
    }

    fn manifest(&self) -> Manifest {
        Manifest::parse(&fs::read(self.path("public/manifest.json")).unwrap()).unwrap()
    }

    /// Every tile the manifest's regions list.
    fn tiles(&self) -> Vec<TileEntry> {
        talentbrug_private::read_regions(&self.path("public"), &self.manifest()).unwrap().into_iter().flat_map(|r| r.tiles).collect()
    }

    /// `verify public/manifest.json`: fails with exactly one line on stderr holding every part
    /// of `expected`.
    fn refused(&self, extra: &[&str], expected: &[&str]) {
        self.refused_with(&self.public_key, extra, expected);
    }

    /// Like [`Org::refused`], checked with `key`.
    fn refused_with(&self, key: &str, extra: &[&str], expected: &[&str]) {
        let mut args = vec!["verify", "public/manifest.json", "--public-key", key];
        args.extend_from_slice(extra);
        let out = self.run(&args);
        let err = text(&out.stderr);
        assert!(!out.status.success(), "accepted, expected {expected:?}: {}", text(&out.stdout));
        assert_eq!(err.lines().count(), 1, "one line: {err}");
        assert!(expected.iter().all(|part| err.contains(part)), "expected {expected:?} in: {err}");
    }

    fn verifies(&self) {
        let out = self.run(&["verify", "public/manifest.json", "--public-key", &self.public_key]);
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
}

#[test]
fn a_published_v2_feed_verifies_and_every_damaged_tile_is_named() {
    let org = Org::published(400);
    let v1 = Feed::parse(&fs::read(org.path("public/feed.json")).unwrap()).unwrap();
    let manifest = org.manifest();
    assert_eq!((manifest.sequence, manifest.issued_at, manifest.expires_at), (v1.sequence, v1.issued_at, v1.expires_at));
    assert_eq!(manifest.publisher, v1.publisher);
    let tiles = org.tiles();
    assert_eq!(tiles.iter().map(|t| t.profiles as usize).sum::<usize>(), v1.profiles.len());
    assert_eq!(manifest.regions.iter().map(|r| r.profiles as usize).sum::<usize>(), v1.profiles.len());

    let ok = org.run(&["verify", "public/manifest.json", "--public-key", &org.public_key, "--k", "5"]);
    assert!(ok.status.success(), "{}", text(&ok.stderr));
    let line = text(&ok.stdout);
    assert_eq!(line.lines().count(), 1);
    assert!(line.starts_with("OK public/manifest.json: signed by"), "{line}");
    let counts = format!("{} profiles in {} tiles of {} regions", v1.profiles.len(), tiles.len(), manifest.regions.len());
    assert!(line.contains(&counts), "{line}");
    assert!(line.contains("5-anonymous over all tiles"), "{line}");
    // v1 verify is unchanged.
    assert!(org.run(&["verify", "public/feed.json", "--public-key", &org.public_key, "--k", "5"]).status.success());

    // A region file: cut short, then changed, then gone.
    let region = &manifest.regions[manifest.regions.len() / 2];
    let region_file = org.path(&format!("public/{}", region.path));
    let region_bytes = fs::read(&region_file).unwrap();
    let region_named = format!("region {} ({})", region.key, region.path);
    fs::write(&region_file, &region_bytes[..region_bytes.len() - 3]).unwrap();
    org.refused(&[], &[&region_named, "bytes, but the manifest lists"]);
    let mut changed = region_bytes.clone();
    changed[20] ^= 0x01;
    fs::write(&region_file, &changed).unwrap();
    org.refused(&[], &[&region_named, "SHA-256"]);
    fs::remove_file(&region_file).unwrap();
    org.refused(&[], &[&region_named, "missing"]);
    fs::write(&region_file, &region_bytes).unwrap();
    org.verifies();

    let tile = &tiles[tiles.len() / 2];
    let file = org.path(&format!("public/{}", tile.path));
    let good = fs::read(&file).unwrap();
    let named = [format!("tile {}", tile.key), format!("({})", tile.path)];
    let named: Vec<&str> = named.iter().map(String::as_str).collect();

    fs::write(&file, &good[..good.len() - 7]).unwrap();
    org.refused(&[], &[&named[..], &["bytes, but the manifest lists"]].concat());
    let mut flipped = good.clone();
    let at = flipped.len() / 2;
    flipped[at] ^= 0x20;
    fs::write(&file, &flipped).unwrap();
    org.refused(&[], &[&named[..], &["SHA-256"]].concat());
    fs::remove_file(&file).unwrap();
    org.refused(&[], &[&named[..], &["missing"]].concat());
    fs::write(&file, &good).unwrap();
    org.verifies();
    // Its pre-compressed copy, damaged: a server sending .gz files as they are would send it.
    let gz = org.path(&format!("public/{}.gz", tile.path));
    let packed = fs::read(&gz).unwrap();
    fs::write(&gz, &packed[..packed.len() - 5]).unwrap();
    org.refused(&[], &[&format!("{}.gz (of {}): does not decompress to the file next to it", tile.path, tile.key)]);
    fs::write(&gz, &packed).unwrap();
    org.verifies();

    // The manifest itself: another key, a damaged signature, a rollback.
    org.refused_with(&Keys::generate().public_key_base64(), &[], &["public/manifest.json: bad signature"]);
    let sig = fs::read_to_string(org.path("public/manifest.json.sig")).unwrap();
    fs::write(org.path("public/manifest.json.sig"), &sig[..40]).unwrap();
    org.refused(&[], &["public/manifest.json: bad signature"]);
    fs::write(org.path("public/manifest.json.sig"), &sig).unwrap();
    org.refused(&["--seen-sequence", "2"], &["public/manifest.json: rolled back", "sequence 1, older than 2"]);

    // Expired: checked a day after it expires.
    let (m, s) = (org.path("public/manifest.json"), org.path("public/manifest.json.sig"));
    let err = verify(&m, &s, &org.public_key, manifest.expires_at.plus_days(1), None).unwrap_err();
    assert!(matches!(err, VerifyError::Manifest { what: "expired", .. }), "{err}");
    assert!(err.to_string().contains("manifest.json: expired: the feed expired at"), "{err}");
    // Issued in the future: signed by the right key, dated a day ahead.
    let keys = Keys::load(&org.path("private/org.key")).unwrap();
    let mut ahead = manifest.clone();
    ahead.issued_at = talentbrug_private::now().plus_days(1);
    ahead.expires_at = ahead.issued_at.plus_days(30);
    let bytes = serde_json::to_vec(&ahead).unwrap();
    fs::write(org.path("public/ahead.json"), &bytes).unwrap();
    fs::write(org.path("public/ahead.json.sig"), keys.sign_base64(&bytes)).unwrap();
    let out = org.run(&["verify", "public/ahead.json", "--public-key", &org.public_key]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("public/ahead.json: issued in the future"), "found by its format: {}", text(&out.stderr));
}

#[test]
fn a_signed_manifest_whose_tiles_are_not_k_anonymous_names_a_tile() {
    let org = Org::published(200);
    let keys = Keys::load(&org.path("private/org.key")).unwrap();
    // Only the first region listed: signed and complete, but it holds too few of each group.
    let mut partial = org.manifest();
    partial.regions.truncate(1);
    let bytes = serde_json::to_vec(&partial).unwrap();
    fs::write(org.path("public/manifest.json"), &bytes).unwrap();
    fs::write(org.path("public/manifest.json.sig"), keys.sign_base64(&bytes)).unwrap();
    org.verifies();
    let left = org.tiles();
    let out = org.run(&["verify", "public/manifest.json", "--public-key", &org.public_key, "--k", "50"]);
    let err = text(&out.stderr);
    assert!(!out.status.success() && err.lines().count() == 1 && err.contains("not 50-anonymous over all tiles together"), "{err}");
    assert!(left.iter().any(|t| err.contains(&format!("tile {} ({})", t.key, t.path))), "names one of the tiles left: {err}");
}

fn schema_errors(feed: &Value) -> Vec<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../core/schema/feed-v1.schema.json");
    let schema: Value = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    let validator = jsonschema::draft202012::new(&schema).expect("a valid draft 2020-12 schema");
    validator.iter_errors(feed).map(|e| format!("{}: {e}", e.instance_path())).collect()
}

fn sorted_profiles(feed: &Value) -> Vec<Value> {
    let mut profiles = feed["profiles"].as_array().unwrap().clone();
    profiles.sort_by_key(|p| p["id"].as_str().unwrap().to_owned());
    profiles
}

#[test]
fn export_json_turns_the_v2_feed_into_the_v1_feed_of_the_same_run() {
    let org = Org::published(300);
    let out = org.run(&["export-json", "public/manifest.json", "--out", "private/v2.json", "--public-key", &org.public_key]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!text(&out.stderr).contains("NOT verified"), "{}", text(&out.stderr));
    let exported: Value = serde_json::from_slice(&fs::read(org.path("private/v2.json")).unwrap()).unwrap();
    let v1: Value = serde_json::from_slice(&fs::read(org.path("public/feed.json")).unwrap()).unwrap();
    assert_eq!(schema_errors(&exported), Vec::<String>::new());
    assert_eq!(sorted_profiles(&exported), sorted_profiles(&v1), "the same profiles, in any order");
    for field in ["format", "publisher", "issued_at", "expires_at", "sequence"] {
        assert_eq!(exported[field], v1[field], "{field}");
    }
    // Every occupation the v1 feed labels for its profiles has the same labels.
    let feed = Feed::parse(&serde_json::to_vec(&exported).unwrap()).unwrap();
    for p in &feed.profiles {
        for id in &p.occupations {
            assert_eq!(exported["occupations"][id.to_string()], v1["occupations"][id.to_string()]);
        }
    }

    // A v1 feed exports to itself; without a key stderr says it was not verified.
    let out = org.run(&["export-json", "public/feed.json", "--out", "private/v1.json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("signature NOT verified"), "{}", text(&out.stderr));
    let again: Value = serde_json::from_slice(&fs::read(org.path("private/v1.json")).unwrap()).unwrap();
    assert_eq!(again, v1);

    // A damaged tile, or the wrong key: refused, nothing written.
    let out = org.run(&[
        "export-json",
        "public/manifest.json",
        "--out",
        "private/bad.json",
        "--public-key",
        &Keys::generate().public_key_base64(),
    ]);
    assert!(!out.status.success() && text(&out.stderr).contains("bad signature"), "{}", text(&out.stderr));
    let tile = &org.tiles()[0];
    fs::write(org.path(&format!("public/{}", tile.path)), b"TBT\x02").unwrap();
    let out = org.run(&["export-json", "public/manifest.json", "--out", "private/bad.json"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains(&format!("tile {} ({})", tile.key, tile.path)), "{}", text(&out.stderr));
    assert!(!org.path("private/bad.json").exists());
}
