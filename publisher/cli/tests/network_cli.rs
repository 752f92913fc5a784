//! `talentbrug network` through the real binary (issue 14.2): an operator creates a network,
//! adds two organisations (one with its box read from its served, signed feed), signs, and
//! verifies, also `--deep` against the members' served feeds; a changed, unsigned, wrongly
//! signed or out-of-box network is refused in one line; removing a member and signing again
//! raises the sequence, so the old version is a rollback.

mod serve_common;

use std::fs;

use serve_common::{s, talentbrug, Server, Site};
use talentbrug_core::network::NetworkManifest;
use talentbrug_core::signature::to_base64;
use talentbrug_publish::Keys;

/// A member organisation serving a signed feed v2 (`/manifest.json`) from `talentbrug serve`.
fn served_member(name: &str) -> (Site, Server) {
    let site = Site::new(name);
    let feed = site.publish(200, 3, 1);
    let private = site.dir.join("private");
    fs::create_dir_all(&private).unwrap();
    talentbrug_publish::write_v2(site.feed.parent().unwrap(), &feed, &site.keys, &private, talentbrug_private::now()).unwrap();
    let server = Server::start(&site, &[]);
    (site, server)
}

fn read(path: &std::path::Path) -> NetworkManifest {
    NetworkManifest::parse(&fs::read(path).unwrap()).unwrap()
}

/// The command failed with one line on stderr containing `part`.
fn refused((ok, _, err): (bool, String, String), part: &str) {
    assert!(!ok, "should fail: {err}");
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    assert!(err.contains(part), "{part:?} in {err}");
}

#[test]
fn an_operator_builds_signs_and_verifies_a_network() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("operator.key");
    let operator = Keys::generate();
    operator.save_new(&key).unwrap();
    let operator_public = operator.public_key_base64();
    let net = dir.path().join("network.json");
    let (ok, out, err) =
        talentbrug(&["network", "init", "--key", s(&key), "--name", "Leuven werkt", "--contact", "jobs@leuven.example", "--out", s(&net)]);
    assert!(ok, "{err}");
    assert_eq!(out.trim(), operator_public, "prints the key partners paste");
    assert_eq!(read(&net).sequence, 1);
    refused(talentbrug(&["network", "init", "--key", s(&key), "--name", "x", "--contact", "x", "--out", s(&net)]), "already exists");

    // One member with its box given, one with its box read from its served feed.
    let (ocmw, ocmw_server) = served_member("net-ocmw");
    let (uitzend, uitzend_server) = served_member("net-uitzend");
    let ocmw_feed = format!("{}/manifest.json", ocmw_server.base);
    let ocmw_key = ocmw.keys.public_key_base64();
    let add_ocmw = |bbox: &str| {
        talentbrug(&[
            "network",
            "add",
            s(&net),
            "--id",
            "ocmw",
            "--name",
            "OCMW Leuven jobpunt",
            "--feed",
            &ocmw_feed,
            "--public-key",
            &ocmw_key,
            "--request-url",
            "/api/requests",
            "--bbox",
            bbox,
        ])
    };
    refused(add_ocmw("4.6,50.8,4.8"), "--bbox");
    let (ok, _, err) = add_ocmw("2.5,49.4,6.5,53.6");
    assert!(ok, "{err}");
    assert!(err.contains("network sign"), "says the change must be signed: {err}");
    refused(add_ocmw("2.5,49.4,6.5,53.6"), "already in the network");
    let uitzend_feed = format!("{}/manifest.json", uitzend_server.base);
    let add_uitzend = |key: &str| {
        talentbrug(&[
            "network",
            "add",
            s(&net),
            "--id",
            "uitzend",
            "--name",
            "Uitzendkantoor Proef",
            "--feed",
            &uitzend_feed,
            "--public-key",
            key,
            "--request-url",
            "/api/requests",
        ])
    };
    // Its feed is not signed by the key given: refused, nothing added.
    refused(add_uitzend(&ocmw_key), "member uitzend");
    let (ok, _, err) = add_uitzend(&uitzend.keys.public_key_base64());
    assert!(ok, "{err}");
    let draft = read(&net);
    assert_eq!(draft.members.len(), 2);
    let feed_box = draft.members[1].bbox;
    assert!(feed_box.south < feed_box.north && feed_box.west < feed_box.east, "{feed_box:?}");

    // Changed since signed: refused until signed again.
    let verify = |extra: &[&str]| {
        let mut args = vec!["network", "verify", s(&net), "--public-key", &operator_public];
        args.extend_from_slice(extra);
        talentbrug(&args)
    };
    refused(verify(&[]), "signature");
    let (ok, _, err) = talentbrug(&["network", "sign", s(&net), "--key", s(&key)]);
    assert!(ok, "{err}");
    let signed = read(&net);
    assert_eq!((signed.sequence, signed.members.len()), (2, 2));
    let (ok, out, err) = verify(&["--deep"]);
    assert!(ok, "{err}");
    assert!(out.contains("2 members") && out.contains("inside its box"), "{out}");
    let other = to_base64(Keys::generate().public_key_base64().as_bytes());
    refused(talentbrug(&["network", "verify", s(&net), "--public-key", &other]), "public key");
    refused(talentbrug(&["network", "verify", s(&net), "--public-key", &uitzend.keys.public_key_base64()]), "signature");

    // A member whose feed lies outside the box the network lists: --deep says which.
    let old_bytes = fs::read(&net).unwrap();
    let old_sig = fs::read(net.with_extension("json.sig")).unwrap();
    talentbrug(&["network", "remove", s(&net), "--id", "ocmw"]);
    let (ok, _, err) = add_ocmw("3.0,51.0,3.1,51.1");
    assert!(ok, "{err}");
    assert!(talentbrug(&["network", "sign", s(&net), "--key", s(&key)]).0);
    assert!(verify(&[]).0, "the box is not checked without --deep");
    refused(verify(&["--deep"]), "member ocmw");

    // Removing a member and signing again: sequence up; the old version is older.
    let (ok, _, err) = talentbrug(&["network", "remove", s(&net), "--id", "ocmw"]);
    assert!(ok, "{err}");
    refused(talentbrug(&["network", "remove", s(&net), "--id", "ocmw"]), "no member ocmw");
    assert!(talentbrug(&["network", "sign", s(&net), "--key", s(&key)]).0);
    let newest = read(&net);
    assert_eq!((newest.sequence, newest.members.iter().map(|m| m.id.to_string()).collect::<Vec<_>>()), (4, vec!["uitzend".to_owned()]));
    let old = NetworkManifest::parse_signed(
        &old_bytes,
        std::str::from_utf8(&old_sig).unwrap(),
        &operator_public,
        talentbrug_private::now(),
        Some(newest.sequence),
    );
    assert!(
        matches!(
            old,
            Err(talentbrug_core::network::NetworkError::Stale(talentbrug_core::freshness::Stale::RolledBack { sequence: 2, seen: 4 }))
        ),
        "{old:?}"
    );

    // The operator signs with a key of its own, never a member's.
    let member_key = dir.path().join("member.key");
    uitzend.keys.save_new(&member_key).unwrap();
    refused(talentbrug(&["network", "sign", s(&net), "--key", s(&member_key)]), "key of its own");
}
