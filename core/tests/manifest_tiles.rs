//! Feed v2 manifests: the regions and tiles an employer fetches ([`Manifest::regions_near`],
//! [`tiles_near`]) are held against a naive oracle (every profile the search could match, by
//! distance and reach, lies in a fetched tile of a fetched region), and regions or tiles whose
//! bytes differ from what the signed manifest (or their region) lists are refused.

use ed25519_dalek::{Signer, SigningKey};
use proptest::prelude::*;
use talentbrug_core::manifest::{check_tile, tiles_near, Manifest, ManifestError, TileEntry, FORMAT_V2};
use talentbrug_core::profile::{Area, ReachKm};
use talentbrug_core::reach::haversine_km;
use talentbrug_core::region::{check_region, Region};
use talentbrug_core::signature::to_base64;
use talentbrug_core::*;

fn profile(id: usize, lat_milli: i64, lon_milli: i64, reach_tenths: u32) -> Profile {
    let json = r#"{"id":"x","area":{"postcode":"BE-3000","label":"Leuven","lat":50.879,"lon":4.701},"reach_km":12,
        "travel_modes":[],"occupations":[],"talents":[],"strengths":[],"languages":[],"hours":{"min":20,"max":30},
        "shifts":[],"available_from":"2026-11","contract_forms":[],"job_coaching":false,"workplace_needs":[]}"#;
    let mut p: Profile = serde_json::from_str(json).unwrap();
    p.id = format!("p{id}").parse().unwrap();
    p.area = Area::new(p.area.postcode, "Leuven".into(), lat_milli as f64 / 1000.0, lon_milli as f64 / 1000.0).unwrap();
    p.reach_km = ReachKm::new(f64::from(reach_tenths) / 10.0).unwrap();
    p
}

/// Cuts profiles into tiles of a 0.1 x 0.15 degree grid; returns the manifest's entries and bytes.
fn tiles(profiles: &[Profile]) -> Vec<(TileEntry, Vec<u8>)> {
    let mut cells: std::collections::BTreeMap<(i64, i64), Vec<Profile>> = Default::default();
    for p in profiles {
        cells.entry(((p.area.lat / 0.1).floor() as i64, (p.area.lon / 0.15).floor() as i64)).or_default().push(p.clone());
    }
    cells
        .iter()
        .map(|((a, b), ps)| {
            let bytes = tile::encode(ps).unwrap().tile;
            (TileEntry::describe(&format!("{a}-{b}"), &bytes, ps).unwrap(), bytes)
        })
        .collect()
}

/// Groups tiles into regions of `cells` x `cells` tile cells (keys `lat-lon`).
fn regions(entries: &[TileEntry], cells: i64) -> Vec<Region> {
    let mut groups: std::collections::BTreeMap<(i64, i64), Vec<TileEntry>> = Default::default();
    for e in entries {
        let (a, b) = e.key.split_once('-').map(|(a, b)| (a.parse::<i64>().unwrap(), b.parse::<i64>().unwrap())).unwrap();
        groups.entry((a.div_euclid(cells), b.div_euclid(cells))).or_default().push(e.clone());
    }
    groups.into_iter().map(|((a, b), tiles)| Region::new(&format!("{a}-{b}"), tiles).unwrap()).collect()
}

/// A manifest listing one region per tile.
fn manifest_json(entries: &[TileEntry], sequence: u64) -> String {
    let regions: Vec<Region> = entries.iter().map(|e| Region::new(&e.key, vec![e.clone()]).unwrap()).collect();
    root_json(&regions, sequence)
}

fn root_json(regions: &[Region], sequence: u64) -> String {
    let entries: Vec<_> = regions.iter().map(|r| r.entry.clone()).collect();
    format!(
        r#"{{"format":"{FORMAT_V2}","publisher":{{"name":"Werkpunt","contact":"jobs@werkpunt.example","request_url":"/api/requests","privacy_url":"/privacy.html"}},
        "issued_at":"2026-01-01T00:00:00Z","expires_at":"2026-02-01T00:00:00Z","sequence":{sequence},"regions":{}}}"#,
        serde_json::to_string(&entries).unwrap()
    )
}

proptest! {
    #[test]
    fn every_profile_a_search_could_match_is_in_a_fetched_tile(
        people in proptest::collection::vec((50_500i64..51_300, 4_000i64..5_400, 1u32..400), 1..120),
        employer in (50_500i64..51_300, 4_000i64..5_400),
        radius in 1.0f64..30.0,
        cells in 1i64..6,
    ) {
        let profiles: Vec<Profile> = people.iter().enumerate().map(|(i, &(a, b, r))| profile(i, a, b, r)).collect();
        let tiles = tiles(&profiles);
        let entries: Vec<TileEntry> = tiles.iter().map(|(e, _)| e.clone()).collect();
        let regions = regions(&entries, cells);
        let manifest = Manifest::parse(root_json(&regions, 1).as_bytes()).unwrap();
        let (lat, lon) = (employer.0 as f64 / 1000.0, employer.1 as f64 / 1000.0);
        let mut fetched: Vec<Profile> = Vec::new();
        for region in manifest.regions_near(lat, lon, radius) {
            let bytes = &regions.iter().find(|r| r.entry == *region).unwrap().bytes;
            let listed = check_region(region, bytes).unwrap();
            for e in tiles_near(&listed, lat, lon, radius) {
                let bytes = &tiles.iter().find(|(t, _)| t == e).unwrap().1;
                fetched.extend(check_tile(e, bytes).unwrap().profiles);
            }
        }
        for p in &profiles {
            let d = haversine_km(lat, lon, p.area.lat, p.area.lon);
            if d < radius && d < p.reach_km.km() {
                prop_assert!(fetched.contains(p), "{} at {d:.2} km (reach {}) is in no fetched tile", p.id, p.reach_km.km());
            }
        }
    }
}

#[test]
fn a_tile_is_trusted_only_with_the_length_and_hash_the_manifest_lists() {
    let (a, b) = (profile(1, 50_879, 4_701, 120), profile(2, 51_200, 4_400, 50));
    let tiles = tiles(&[a, b]);
    let (entry, bytes) = &tiles[0];
    assert_eq!(check_tile(entry, bytes).unwrap().profiles.len(), 1);
    let other = &tiles[1].1;
    let err = check_tile(entry, other).unwrap_err();
    assert!(matches!(err, ManifestError::Tile { .. }), "a tile from elsewhere: {err}");
    let mut changed = bytes.clone();
    let last = changed.len() - 1;
    changed[last] ^= 1;
    assert!(check_tile(entry, &changed).unwrap_err().to_string().contains("SHA-256"));
    assert!(check_tile(entry, &bytes[..bytes.len() - 1]).unwrap_err().to_string().contains("bytes"));
}

#[test]
fn a_region_is_trusted_only_with_its_hash_and_only_with_tiles_inside_its_box_and_reach() {
    let tiles = tiles(&[profile(1, 50_879, 4_701, 120), profile(2, 51_200, 4_400, 50)]);
    let (near, far) = (tiles[0].0.clone(), tiles[1].0.clone());
    let region = Region::new("r", vec![near.clone(), far.clone()]).unwrap();
    assert_eq!(check_region(&region.entry, &region.bytes).unwrap(), vec![near.clone(), far.clone()]);
    let mut changed = region.bytes.clone();
    changed[10] ^= 1;
    assert!(check_region(&region.entry, &changed).unwrap_err().to_string().contains("SHA-256"));
    // A region file that lists a tile outside the box its root entry signed is refused, even
    // with the right hash: a reader skipping far regions would otherwise miss it.
    let small = Region::new("r", vec![near.clone()]).unwrap();
    let mut entry = region.entry.clone();
    entry.bbox = small.entry.bbox;
    assert!(check_region(&entry, &region.bytes).unwrap_err().to_string().contains("outside the region"));
    let mut entry = region.entry.clone();
    entry.max_reach_km = 5.0;
    assert!(check_region(&entry, &region.bytes).unwrap_err().to_string().contains("outside the region"));
    let mut entry = region.entry.clone();
    entry.profiles = 3;
    assert!(check_region(&entry, &region.bytes).unwrap_err().to_string().contains("3"));
    let twice = Region::new("r", vec![near.clone(), near]).unwrap();
    assert!(check_region(&twice.entry, &twice.bytes).unwrap_err().to_string().contains("twice"));
    let mut root = Manifest::parse(root_json(&[region], 1).as_bytes()).unwrap();
    root.regions[0].path = "../feed.json".into();
    assert!(Manifest::parse(&serde_json::to_vec(&root).unwrap()).unwrap_err().to_string().contains("path must be tiles/"));
}

#[test]
fn a_manifest_that_points_elsewhere_or_lists_a_tile_twice_is_refused() {
    let tiles = tiles(&[profile(1, 50_879, 4_701, 120)]);
    let mut entry = tiles[0].0.clone();
    entry.path = "../../private/inbox.sqlite".into();
    let region = Region::new("r", vec![entry]).unwrap();
    let err = check_region(&region.entry, &region.bytes).unwrap_err().to_string();
    assert!(err.contains("path must be tiles/"), "{err}");
    let twice = manifest_json(&[tiles[0].0.clone(), tiles[0].0.clone()], 1);
    assert!(Manifest::parse(twice.as_bytes()).unwrap_err().to_string().contains("twice"));
    // A one-level manifest of an older talentbrug says what to do.
    let one_level = manifest_json(&[tiles[0].0.clone()], 1).replace(r#""regions":"#, r#""tiles":"#);
    let err = Manifest::parse(one_level.as_bytes()).unwrap_err().to_string();
    assert!(err.contains("lists its tiles directly") && err.contains("publish again"), "{err}");
    let v1 = manifest_json(&[], 1).replace(FORMAT_V2, "talentbrug-feed/1");
    assert!(Manifest::parse(v1.as_bytes()).is_err());
}

#[test]
fn signed_manifests_are_checked_for_signature_expiry_future_and_rollback() {
    let tiles = tiles(&[profile(1, 50_879, 4_701, 120)]);
    let json = manifest_json(&[tiles[0].0.clone()], 7);
    let key = SigningKey::from_bytes(&[9; 32]);
    let signature = to_base64(&key.sign(json.as_bytes()).to_bytes());
    let public_key = to_base64(key.verifying_key().as_bytes());
    let at = |t: &str| t.parse::<Timestamp>().unwrap();
    let now = at("2026-01-15T00:00:00Z");
    assert!(Manifest::parse_signed(json.as_bytes(), &signature, &public_key, now, Some(7)).is_ok());
    let tampered = json.replace("\"sequence\":7", "\"sequence\":8");
    assert!(matches!(Manifest::parse_signed(tampered.as_bytes(), &signature, &public_key, now, None), Err(ManifestError::Signature(_))));
    let err = Manifest::parse_signed(json.as_bytes(), &signature, &public_key, at("2026-03-01T00:00:00Z"), None);
    assert!(matches!(err, Err(ManifestError::Expired { .. })));
    let err = Manifest::parse_signed(json.as_bytes(), &signature, &public_key, at("2025-12-01T00:00:00Z"), None);
    assert!(matches!(err, Err(ManifestError::IssuedInFuture { .. })));
    let err = Manifest::parse_signed(json.as_bytes(), &signature, &public_key, now, Some(8));
    assert!(matches!(err, Err(ManifestError::RolledBack { sequence: 7, seen: 8 })));
}

#[test]
fn the_manifest_carries_the_labels_its_profiles_need() {
    let forklift = "eeac6251-1974-42f5-91ed-513c6c883755";
    let mut p = profile(1, 50_879, 4_701, 120);
    p.occupations = vec![forklift.parse().unwrap()];
    let tiles = tiles(std::slice::from_ref(&p));
    let entries: Vec<TileEntry> = tiles.iter().map(|(e, _)| e.clone()).collect();
    let unlabelled = Manifest::parse(manifest_json(&entries, 1).as_bytes()).unwrap();
    let profiles = check_tile(&entries[0], &tiles[0].1).unwrap().profiles;
    // Without a label the profiles cannot be searched: a card would show a bare id.
    let err = unlabelled.to_feed(profiles.clone()).unwrap_err();
    assert!(err.to_string().contains("has no labels"), "{err}");
    let labelled = manifest_json(&entries, 1).replacen(
        r#""regions":"#,
        &format!(r#""occupations":{{"{forklift}":{{"label":"heftruckchauffeur","fr":{{"label":"cariste"}}}}}},"regions":"#),
        1,
    );
    let manifest = Manifest::parse(labelled.as_bytes()).unwrap();
    let feed = manifest.to_feed(profiles).unwrap();
    assert_eq!((feed.profiles.len(), feed.publisher.name.as_str(), feed.sequence), (1, "Werkpunt", 1));
    // Labels obey the feed's rules inside a manifest too.
    let empty_label = labelled.replace("heftruckchauffeur", "");
    assert!(Manifest::parse(empty_label.as_bytes()).is_err());
}
