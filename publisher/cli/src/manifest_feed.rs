//! A feed v2 on disk (`manifest.json`, its signature and its tiles) read whole, as the
//! commands that look at every profile need it: `verify` (k-anonymity over all tiles together)
//! and `export-json` (the profiles as a v1 feed).
//!
//! Tiles carry ESCO ids and ISCO-08 group codes, not their labels (label tables are for the
//! detail parts of a later step), so the v1 form gets its labels from the ESCO catalogue built
//! into this program: exact occupations get the catalogue's labels (what the publisher writes
//! too); a group gets the shortest Dutch label of its members plus " e.a." and up to
//! [`MAX_GROUP_OCCUPATIONS`] members in id order (the publisher may list other members first).

use std::path::{Path, PathBuf};

use talentbrug_core::esco::EscoCatalogue;
use talentbrug_core::feed::FORMAT_V1;
use talentbrug_core::manifest::{Manifest, ManifestError, FORMAT_V2};
use talentbrug_core::occupation::{OccupationGroup, MAX_GROUP_OCCUPATIONS};
use talentbrug_core::{EscoId, Feed, IscoGroup};
use talentbrug_private::{manifest_dir, read_tiles, FeedFiles, TileFile, TileFileError, MANIFEST_FILE};

/// Whether `path` holds a v2 manifest rather than a v1 feed: by its name (`manifest.json`), else
/// by its `format` field.
pub fn is_manifest(path: &Path, bytes: &[u8]) -> bool {
    #[derive(serde::Deserialize)]
    struct FormatOnly {
        format: Option<String>,
    }
    path.file_name().is_some_and(|n| n == MANIFEST_FILE)
        || serde_json::from_slice::<FormatOnly>(bytes).ok().and_then(|f| f.format).is_some_and(|f| f == FORMAT_V2)
}

/// Why a v2 feed could not be read whole.
#[derive(Debug, thiserror::Error)]
pub enum ManifestFeedError {
    /// The manifest itself is refused.
    #[error("{path}: {source}")]
    Manifest {
        /// The manifest file.
        path: PathBuf,
        /// Why.
        #[source]
        source: ManifestError,
    },
    /// A tile is missing or refused; the message names it by key and path.
    #[error("{path}: {source}")]
    Tile {
        /// The manifest file.
        path: PathBuf,
        /// Which tile and why.
        #[source]
        source: TileFileError,
    },
    /// A profile names an occupation this program's ESCO catalogue does not know, so the v1 form
    /// would have no label for it.
    #[error("{path}: occupation {id} (profile {profile}) is not in this version's ESCO catalogue; use a newer talentbrug")]
    UnknownOccupation {
        /// The manifest file.
        path: PathBuf,
        /// The occupation.
        id: EscoId,
        /// A profile that names it.
        profile: String,
    },
}

/// The regions and tiles of a parsed `manifest` at `path`, each checked against it.
pub fn tiles_of(path: &Path, manifest: &Manifest) -> Result<FeedFiles, ManifestFeedError> {
    read_tiles(&manifest_dir(path), manifest).map_err(|source| ManifestFeedError::Tile { path: path.to_owned(), source })
}

/// The manifest's identity and all its tiles' profiles as a v1 feed, with the labels the
/// manifest carries (none in manifests written before labels were added: [`label`] fills them).
pub fn whole_feed(manifest: &Manifest, tiles: Vec<TileFile>) -> Feed {
    Feed {
        format: FORMAT_V1.to_owned(),
        publisher: manifest.publisher.clone(),
        issued_at: manifest.issued_at,
        expires_at: manifest.expires_at,
        sequence: manifest.sequence,
        occupations: manifest.occupations.clone(),
        occupation_groups: manifest.occupation_groups.clone(),
        profiles: tiles.into_iter().flat_map(|t| t.profiles).collect(),
    }
}

/// The ISCO-08 group of a catalogue occupation, if its code reads as one.
fn isco_of(code: &str) -> Option<IscoGroup> {
    code.parse().ok()
}

/// Fills `feed`'s `occupations` and `occupation_groups` from the catalogue, so every id and
/// group its profiles name has a label (as a v1 feed must).
pub fn label(feed: &mut Feed, esco: &EscoCatalogue, path: &Path) -> Result<(), ManifestFeedError> {
    for p in &feed.profiles {
        for &id in &p.occupations {
            if feed.occupations.contains_key(&id) {
                continue;
            }
            let occupation = esco.get(id).ok_or_else(|| ManifestFeedError::UnknownOccupation {
                path: path.to_owned(),
                id,
                profile: p.id.to_string(),
            })?;
            feed.occupations.insert(id, occupation.labels.clone());
        }
    }
    let groups: Vec<IscoGroup> = feed.profiles.iter().flat_map(|p| p.occupation_groups.iter().copied()).collect();
    for code in groups {
        if feed.occupation_groups.contains_key(&code) {
            continue;
        }
        let members: Vec<_> =
            esco.iter().filter(|o| isco_of(o.isco08).is_some_and(|g| code.contains(g))).take(MAX_GROUP_OCCUPATIONS).collect();
        let shortest = members.iter().map(|o| o.labels.label.as_str()).min_by_key(|l| (l.chars().count(), *l));
        let label = match shortest {
            Some(l) if members.len() > 1 => format!("{l} e.a."),
            Some(l) => l.to_owned(),
            None => format!("ISCO-08 {}", code.as_str()),
        };
        // Through serde, so this reads the group type of any version of the core (it may gain
        // labels in more languages, which stay empty here).
        let ids: Vec<String> = members.iter().map(|o| o.id.to_string()).collect();
        let group: OccupationGroup = serde_json::from_value(serde_json::json!({ "label": label, "occupations": ids })).map_err(|e| {
            ManifestFeedError::Manifest { path: path.to_owned(), source: ManifestError::Invalid(format!("group {}: {e}", code.as_str())) }
        })?;
        for o in &members {
            feed.occupations.insert(o.id, o.labels.clone());
        }
        feed.occupation_groups.insert(code, group);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn a_manifest_is_known_by_its_name_or_its_format() {
        assert!(is_manifest(Path::new("public/manifest.json"), b"junk"));
        assert!(is_manifest(Path::new("copy.json"), br#"{"format":"talentbrug-feed/2","tiles":[]}"#));
        assert!(!is_manifest(Path::new("public/feed.json"), br#"{"format":"talentbrug-feed/1"}"#));
        assert!(!is_manifest(Path::new("feed.json"), b"not json"));
    }

    #[test]
    fn groups_get_a_label_and_members_from_the_catalogue() {
        let esco = EscoCatalogue::embedded();
        let forklift: EscoId = "eeac6251-1974-42f5-91ed-513c6c883755".parse().unwrap();
        let isco = isco_of(esco.get(forklift).unwrap().isco08).unwrap();
        let json = r#"{ "id": "a1", "area": { "postcode": "BE-3000", "label": "Leuven", "lat": 50.879, "lon": 4.701 },
            "reach_km": 10, "travel_modes": ["bike"], "occupations": [], "occupation_groups": ["8"],
            "talents": [], "strengths": [], "languages": [], "hours": { "min": 20, "max": 30 }, "shifts": [],
            "available_from": "2026-01", "contract_forms": ["temp"], "job_coaching": false, "workplace_needs": [] }"#;
        let profile = serde_json::from_str(json).unwrap();
        let mut feed = Feed {
            format: FORMAT_V1.into(),
            publisher: talentbrug_core::Publisher {
                name: "W".into(),
                contact: "w@w.example".into(),
                request_url: "/api/requests".into(),
                privacy_url: "/privacy.html".into(),
            },
            issued_at: "2026-01-01T00:00:00Z".parse().unwrap(),
            expires_at: "2026-02-01T00:00:00Z".parse().unwrap(),
            sequence: 1,
            occupations: BTreeMap::new(),
            occupation_groups: BTreeMap::new(),
            profiles: vec![profile],
        };
        label(&mut feed, &esco, Path::new("manifest.json")).unwrap();
        let group = &feed.occupation_groups[&"8".parse::<IscoGroup>().unwrap()];
        assert!(group.label.ends_with(" e.a."), "{}", group.label);
        assert_eq!(group.occupations.len(), MAX_GROUP_OCCUPATIONS, "group 8 has more than 200 occupations");
        assert!("8".parse::<IscoGroup>().unwrap().contains(isco));
        // The result is a feed the core accepts: every member has labels.
        Feed::parse(&feed.to_json()).unwrap();
    }
}
