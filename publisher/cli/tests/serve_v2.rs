//! `talentbrug serve` with a feed v2 next to the v1 feed: the manifest and its signature are
//! served `no-cache`, tiles `immutable` with their pre-compressed gzip form, and a new manifest
//! is served only once every tile it lists is present and valid (until then the previous one
//! and its tiles stay served). The v1 feed is served as before.

mod serve_common;

use std::io::Read;
use std::path::PathBuf;
use std::time::Duration;

use serve_common::{eventually, Server, Site};
use talentbrug_core::manifest::Manifest;
use talentbrug_core::Feed;

fn private_dir(site: &Site) -> PathBuf {
    let dir = site.dir.join("private");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes the v2 form of `feed` next to the site's v1 feed, as `talentbrug publish` does.
fn publish_v2(site: &Site, feed: &Feed) -> talentbrug_publish::V2Written {
    let public = site.feed.parent().unwrap();
    talentbrug_publish::write_v2(public, feed, &site.keys, &private_dir(site), talentbrug_private::now()).unwrap()
}

fn served_sequence(server: &Server) -> Option<u64> {
    let reply = server.get("/manifest.json", &[]);
    (reply.status == 200).then(|| Manifest::parse(&reply.body).unwrap().sequence)
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut out).unwrap();
    out
}

#[test]
fn manifest_and_tiles_are_served_with_their_cache_headers() {
    let site = Site::new("v2-headers");
    let feed = site.publish(300, 1, 1);
    let written = publish_v2(&site, &feed);
    let server = Server::start(&site, &[]);
    let public = site.feed.parent().unwrap().to_owned();

    let reply = server.get("/manifest.json", &[]);
    assert_eq!(reply.status, 200, "{}", server.log_text());
    assert_eq!(reply.body, std::fs::read(public.join("manifest.json")).unwrap());
    assert_eq!(reply.header("cache-control"), Some("no-cache"));
    assert_eq!(reply.header("content-type"), Some("application/json"));
    let sig = server.get("/manifest.json.sig", &[]);
    assert_eq!(sig.status, 200);
    assert_eq!(sig.body, std::fs::read(public.join("manifest.json.sig")).unwrap());
    assert_eq!(sig.header("cache-control"), Some("no-cache"));

    // Region files and tiles alike.
    let paths = written.listed.regions.iter().map(|r| &r.path).chain(written.tiles.iter().map(|t| &t.path));
    for relative in paths {
        let path = format!("/{relative}");
        let plain = server.get(&path, &[]);
        assert_eq!(plain.status, 200, "{path}");
        assert_eq!(plain.body, std::fs::read(public.join(relative)).unwrap());
        assert_eq!(plain.header("cache-control"), Some("public, max-age=31536000, immutable"));
        assert_eq!(plain.header("content-type"), Some("application/octet-stream"));
        assert_eq!(plain.header("vary"), Some("Accept-Encoding"));
        assert_eq!(plain.header("content-encoding"), None);
        let gz = server.get(&path, &[("Accept-Encoding", "gzip, br")]);
        assert_eq!(gz.status, 200);
        assert_eq!(gz.header("content-encoding"), Some("gzip"));
        assert_eq!(gz.header("vary"), Some("Accept-Encoding"));
        assert_eq!(gz.header("cache-control"), Some("public, max-age=31536000, immutable"));
        assert_eq!(gz.body, std::fs::read(public.join(format!("{relative}.gz"))).unwrap(), "the publisher's .gz, as written");
        assert_eq!(gunzip(&gz.body), plain.body);
    }
    // Only tiles the manifest lists; the v1 feed is served as before.
    assert_eq!(server.get(&format!("/tiles/{}.tb2", "0".repeat(64)), &[]).status, 404);
    assert_eq!(server.get("/tiles/../feed.json", &[]).status, 404);
    assert_eq!(server.get("/feed.json", &[]).body, std::fs::read(&site.feed).unwrap());
}

#[test]
fn a_manifest_with_a_missing_or_damaged_tile_is_not_served_until_it_is_whole() {
    let site = Site::new("v2-swap");
    let first = site.publish(200, 1, 1);
    let one = publish_v2(&site, &first);
    let server = Server::start(&site, &[]);
    assert_eq!(served_sequence(&server), Some(1), "{}", server.log_text());
    assert_eq!(server.get("/api/health", &[]).json()["manifest_sequence"], 1);
    let public = site.feed.parent().unwrap().to_owned();

    // A second publication copied to the host without one of its new tiles (tiles, then the
    // signature, then the manifest): still sequence 1, with its tiles.
    let second = site.publish(240, 2, 2);
    let staging = site.dir.join("staging");
    let staging_private = site.dir.join("staging-private");
    std::fs::create_dir_all(&staging).unwrap();
    std::fs::create_dir_all(&staging_private).unwrap();
    let two = talentbrug_publish::write_v2(&staging, &second, &site.keys, &staging_private, talentbrug_private::now()).unwrap();
    let new_tile = two.tiles.iter().find(|t| !one.tiles.iter().any(|o| o.sha256 == t.sha256)).unwrap().clone();
    let file = public.join(&new_tile.path);
    let bytes = std::fs::read(staging.join(&new_tile.path)).unwrap();
    // Every other file of the new manifest: its tiles and all detail chunks (with their .gz).
    let new_name = file.file_name().unwrap().to_string_lossy().into_owned();
    for entry in std::fs::read_dir(staging.join("tiles")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if !name.starts_with(&new_name) {
            std::fs::copy(staging.join("tiles").join(&name), public.join("tiles").join(&name)).unwrap();
        }
    }
    for name in ["manifest.json.sig", "manifest.json"] {
        talentbrug_private::write_atomically(&public.join(name), &std::fs::read(staging.join(name)).unwrap()).unwrap();
    }
    server.wait_for_log(&["still serving manifest sequence 1", &format!("tile {} ({}): missing", new_tile.key, new_tile.path)]);
    assert_eq!(served_sequence(&server), Some(1));
    for t in &one.tiles {
        assert_eq!(server.get(&format!("/{}", t.path), &[]).status, 200, "the served manifest's tiles stay served");
    }
    assert_eq!(server.get(&format!("/{}", new_tile.path), &[]).status, 404);

    // The tile comes back damaged (same length, other bytes): still refused.
    let mut damaged = bytes.clone();
    damaged[10] ^= 0x01;
    std::fs::write(&file, &damaged).unwrap();
    server.wait_for_log(&[&format!("tile {} ({}): its SHA-256 is not the one the manifest lists", new_tile.key, new_tile.path)]);
    assert_eq!(served_sequence(&server), Some(1));

    // Whole again: swapped without the manifest changing; the old manifest's tiles remain
    // available for browsers that read it just before the swap.
    std::fs::write(&file, &bytes).unwrap();
    assert!(eventually(Duration::from_secs(10), || served_sequence(&server) == Some(2)), "{}", server.log_text());
    assert_eq!(server.get("/api/health", &[]).json()["manifest_sequence"], 2);
    assert_eq!(server.get(&format!("/{}", new_tile.path), &[]).body, bytes);
    for t in &one.tiles {
        assert_eq!(server.get(&format!("/{}", t.path), &[]).status, 200);
    }
}
