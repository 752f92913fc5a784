//! Tiles (`talentbrug_core::tile`) held against the JSON feed as the independent oracle: any
//! set of valid profiles written to a tile reads back as exactly what the JSON form reads back
//! as, and bytes that are not a tile (random, truncated or mutated) give an error, never a panic.

use proptest::prelude::*;
use talentbrug_core::manifest::Sha256Hex;
use talentbrug_core::profile::{Area, LanguageSkill, ReachKm};
use talentbrug_core::tile::{self, decode, decode_details, decode_whole, encode, DetailRef, TileError, CHUNK_ROWS};
use talentbrug_core::*;

const POSTCODES: [(Country, u16, &str); 4] =
    [(Country::Be, 3000, "Leuven"), (Country::Be, 1000, "Brussel"), (Country::Nl, 1011, "Amsterdam e.o."), (Country::Be, 4000, "Liège")];
const LANGUAGES: [&str; 5] = ["nl:B1", "fr:native", "en:A2", "ar:C1", "tr:native"];
const PITCHES: [&str; 3] = ["Ik werk graag met mijn handen.", "J'aime le contact — «vraiment» 👍", "Line one\nline two"];

fn esco(i: u8) -> EscoId {
    EscoId::from_bytes([i; 16])
}

prop_compose! {
    fn arb_profile()(
        id in "[A-Za-z0-9_-]{1,64}",
        place in 0usize..4, lat in 50_000i64..53_000, lon in 3_000i64..7_000,
        reach in 1u32..=1500,
        bits in proptest::array::uniform6(any::<u64>()),
        occupations in proptest::sample::subsequence((0u8..20).collect::<Vec<_>>(), 0..=10).prop_shuffle(),
        groups in proptest::sample::subsequence(vec!["8", "83", "834", "8344", "9112"], 0..=3),
        languages in proptest::sample::subsequence(LANGUAGES.to_vec(), 0..=5),
        hours in (1u8..=60, 0u8..30), month in 0u32..60, coaching in any::<bool>(),
        pitch in proptest::option::of(0usize..3),
    ) -> Profile {
        let (country, code, label) = POSTCODES[place];
        Profile {
            id: id.parse().unwrap(),
            area: Area::new(Postcode::new(country, code).unwrap(), label.into(), lat as f64 / 1000.0, lon as f64 / 1000.0).unwrap(),
            reach_km: ReachKm::new(f64::from(reach) / 10.0).unwrap(),
            travel_modes: CodeSet::from_bits(bits[0]),
            occupations: occupations.into_iter().map(esco).collect(),
            occupation_groups: groups.into_iter().map(|g| g.parse().unwrap()).collect(),
            talents: CodeSet::from_bits(bits[1]),
            strengths: CodeSet::from_bits(bits[2]),
            languages: languages.into_iter().map(|l| l.parse::<LanguageSkill>().unwrap()).collect(),
            hours: Hours::new(hours.0, (hours.0 + hours.1).min(60)).unwrap(),
            shifts: CodeSet::from_bits(bits[3]),
            available_from: YearMonth::new(2026, 1).unwrap().plus_months(month),
            contract_forms: CodeSet::from_bits(bits[4]),
            job_coaching: coaching,
            workplace_needs: CodeSet::from_bits(bits[5]),
            pitch: pitch.map(|i| PITCHES[i].parse().unwrap()),
        }
    }
}

/// What the JSON feed makes of the same profiles: the oracle.
fn through_json(profiles: &[Profile]) -> Vec<Profile> {
    serde_json::from_str(&serde_json::to_string(profiles).unwrap()).unwrap()
}

proptest! {
    #[test]
    fn a_tile_reads_back_as_the_json_feed_does(profiles in proptest::collection::vec(arb_profile(), 0..40)) {
        round_trips(&profiles)?;
    }

    #[test]
    fn a_tile_of_published_ids_reads_back_as_the_json_feed_does(
        mut profiles in proptest::collection::vec(arb_profile(), 0..300),
        ids in proptest::collection::vec(prop_oneof![9 => "[0-9a-f]{16}", 1 => "[0-9a-f]{1,24}(-[0-9]+)?"], 300),
    ) {
        // Random hex of one length (rotated ids), rarely a longer one after a collision.
        for (p, id) in profiles.iter_mut().zip(ids) {
            p.id = id.parse().unwrap();
        }
        round_trips(&profiles)?;
    }

    #[test]
    fn a_tile_of_ids_numbered_by_row_stores_only_their_prefix_and_first_number(
        mut profiles in proptest::collection::vec(arb_profile(), 2..300),
        prefix in "[0-9a-f]{16,20}-|[a-z_]{0,3}",
        first in prop_oneof![Just(0usize), 1usize..10_000],
    ) {
        // As `talentbrug publish` names a tile's rows: `<token>-<row>`, numbered on through the
        // parts of a crowded box.
        for (row, p) in profiles.iter_mut().enumerate() {
            p.id = format!("{prefix}{}", first + row).parse().unwrap();
        }
        round_trips(&profiles)?;
        let numbered = encode(&profiles).unwrap().tile.len();
        profiles[0].id = format!("{prefix}x").parse().unwrap();
        let not_numbered = encode(&profiles).unwrap().tile.len();
        // Any other id column holds at least a length byte and the prefix a row.
        prop_assert!(numbered < not_numbered, "{} bytes numbered, {} not", numbered, not_numbered);
    }
}

/// Writes `profiles` to a tile and reads them back, against the JSON feed.
fn round_trips(profiles: &[Profile]) -> Result<(), TestCaseError> {
    let encoded = encode(profiles).unwrap();
    prop_assert_eq!(decode_whole(&encoded.tile, &encoded.details).unwrap(), through_json(profiles));
    // The search tile alone holds everything but the pitches.
    let without: Vec<Profile> = through_json(profiles)
        .into_iter()
        .map(|mut p| {
            p.pitch = None;
            p
        })
        .collect();
    prop_assert_eq!(decode(&encoded.tile).unwrap().profiles, without);
    prop_assert_eq!(
        encoded.details.len(),
        if profiles.iter().any(|p| p.pitch.is_some()) { profiles.len().div_ceil(CHUNK_ROWS) } else { 0 }
    );
    Ok(())
}

proptest! {
    #[test]
    fn a_changed_or_swapped_detail_chunk_is_refused(
        profiles in proptest::collection::vec(arb_profile(), 1..8),
        flip in (any::<prop::sample::Index>(), 1u8..=255),
    ) {
        let encoded = encode(&profiles).unwrap();
        let tile = decode(&encoded.tile).unwrap();
        if let (Some(reference), Some(chunk)) = (tile.details.first(), encoded.details.first()) {
            let mut changed = chunk.clone();
            let i = flip.0.index(changed.len());
            changed[i] ^= flip.1;
            prop_assert!(decode_details(reference, &changed).is_err(), "a changed chunk passed its tile's hash");
            prop_assert!(decode_details(reference, &chunk[..chunk.len() - 1]).is_err());
        }
    }

    #[test]
    fn hostile_detail_chunks_are_refused_without_a_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200), rows in 0usize..70) {
        let mut chunk = b"TBD\x02\x01".to_vec();
        chunk.extend_from_slice(&bytes);
        // A reference that matches the bytes: only the parser stands in the way.
        let reference = DetailRef { sha256: Sha256Hex::of(&chunk), bytes: chunk.len() as u64, first_row: 0, rows };
        if let Ok(pitches) = decode_details(&reference, &chunk) {
            prop_assert_eq!(pitches.len(), rows);
        }
    }

    #[test]
    fn cut_or_changed_tiles_are_refused_or_read_as_valid_profiles(
        profiles in proptest::collection::vec(arb_profile(), 1..8),
        cut in any::<prop::sample::Index>(),
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
    ) {
        let bytes = encode(&profiles).unwrap().tile;
        let cut_at = cut.index(bytes.len());
        prop_assert!(decode(&bytes[..cut_at]).is_err(), "a tile cut at {} of {} bytes was accepted", cut_at, bytes.len());
        let mut changed = bytes.clone();
        for (at, value) in flips {
            let i = at.index(changed.len());
            changed[i] = value;
        }
        // A changed byte may still spell valid profiles (a changed talent bit); then they
        // must be valid by the JSON feed's own rules.
        if let Ok(read) = decode(&changed) {
            prop_assert_eq!(through_json(&read.profiles), read.profiles);
        }
    }

    #[test]
    fn random_bytes_are_refused_without_a_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let mut tile = [&tile::MAGIC[..], &[tile::VERSION]].concat();
        tile.extend_from_slice(&bytes);
        let _ = decode(&tile);
        prop_assert!(decode(&bytes).is_err() || bytes.starts_with(tile::MAGIC));
    }
}

#[test]
fn values_a_tile_cannot_hold_exactly_are_refused_when_writing() {
    let mut p = through_json(&[]).pop().unwrap_or_else(|| {
        let json = r#"{"id":"x","area":{"postcode":"BE-3000","label":"Leuven","lat":50.879,"lon":4.701},"reach_km":12,
            "travel_modes":[],"occupations":[],"talents":[],"strengths":[],"languages":[],"hours":{"min":20,"max":30},
            "shifts":[],"available_from":"2026-11","contract_forms":[],"job_coaching":false,"workplace_needs":[]}"#;
        serde_json::from_str(json).unwrap()
    });
    assert!(encode(std::slice::from_ref(&p)).is_ok());
    p.area.lat = 50.8796;
    assert!(matches!(encode(std::slice::from_ref(&p)), Err(TileError::NotEncodable { .. })));
    p.area.lat = 50.879;
    p.reach_km = ReachKm::new(12.25).unwrap();
    let err = encode(&[p]).unwrap_err().to_string();
    assert!(err.contains("0.1 km"), "{err}");
}

#[test]
fn other_files_and_layouts_are_named() {
    assert_eq!(decode(b"{\"format\": \"talentbrug-feed/1\"}"), Err(TileError::NotATile));
    assert_eq!(decode(b"TBT\x02\x09"), Err(TileError::UnsupportedVersion(9)));
    assert_eq!(decode(b"TBT\x02\x02"), Err(TileError::UnsupportedVersion(2)));
    assert_eq!(decode(b"TB"), Err(TileError::NotATile));
}

#[test]
fn a_layout_3_tile_still_reads() {
    // Layout 3 is layout 4 without numbered ids: a network member that has not republished yet.
    let json = r#"{"id":"0123456789abcdef","area":{"postcode":"BE-3000","label":"Leuven","lat":50.879,"lon":4.701},"reach_km":12,
        "travel_modes":[],"occupations":[],"talents":[],"strengths":[],"languages":[],"hours":{"min":20,"max":30},
        "shifts":[],"available_from":"2026-11","contract_forms":[],"job_coaching":false,"workplace_needs":[]}"#;
    let p: Profile = serde_json::from_str(json).unwrap();
    let mut tile = encode(std::slice::from_ref(&p)).unwrap().tile;
    assert_eq!(tile[4], 4);
    tile[4] = 3;
    assert_eq!(decode(&tile).unwrap().profiles, vec![p]);
}
