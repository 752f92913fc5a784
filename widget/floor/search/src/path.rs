//! The search path: what every employer's browser runs before results show.

use talentbrug_core::feed::FORMAT_V1;
use talentbrug_core::gazetteer::{Country, Gazetteer};
use talentbrug_core::manifest::{check_tile, Manifest};
use talentbrug_core::region::check_region;
use talentbrug_core::search::Origin;
use talentbrug_core::tile::decode_details;
use talentbrug_core::{search, Feed, FeedIndex, Lang, Query, RadiusKm, Timestamp, YearMonth};
use wasm_bindgen::prelude::*;

/// The files an employer's browser fetches for one search: the signed manifest, its first
/// region file, that region's first tile and the tile's detail chunk.
#[wasm_bindgen]
pub struct Fetched {
    manifest: Vec<u8>,
    signature: String,
    region: Vec<u8>,
    tile: Vec<u8>,
    details: Vec<u8>,
}

#[wasm_bindgen]
impl Fetched {
    /// The fetched files.
    #[wasm_bindgen(constructor)]
    pub fn new(manifest: Vec<u8>, signature: String, region: Vec<u8>, tile: Vec<u8>, details: Vec<u8>) -> Fetched {
        Fetched { manifest, signature, region, tile, details }
    }
}

/// The ids and reasons of the ten best matches within 10 km of `typed` (a postcode or place),
/// after the checks the widget makes; or the first check that failed, as a sentence.
#[wasm_bindgen]
pub fn first_results(fetched: &Fetched, public_key: &str, typed: &str, lang: &str) -> Result<String, String> {
    let lang = Lang::from_tag(lang).ok_or_else(|| format!("unknown language {lang}"))?;
    talentbrug_core::signature::verify(&fetched.manifest, &fetched.signature, public_key).map_err(|e| e.to_string())?;
    let manifest = Manifest::parse(&fetched.manifest).map_err(|e| e.to_string())?;
    let region = manifest.regions.first().ok_or("the manifest lists no region")?;
    let tiles = check_region(region, &fetched.region).map_err(|e| e.to_string())?;
    let mut decoded = check_tile(tiles.first().ok_or("the region lists no tile")?, &fetched.tile).map_err(|e| e.to_string())?;
    for chunk in decoded.details.clone() {
        let pitches = decode_details(&chunk, &fetched.details).map_err(|e| e.to_string())?;
        decoded.fill(&chunk, pitches);
    }
    let feed = Feed {
        format: FORMAT_V1.to_owned(),
        publisher: manifest.publisher,
        issued_at: Timestamp::from_unix_seconds(0),
        expires_at: Timestamp::from_unix_seconds(253_402_300_799),
        sequence: 0,
        occupations: manifest.occupations,
        occupation_groups: manifest.occupation_groups,
        profiles: decoded.profiles,
    };
    let index = FeedIndex::checked(feed).map_err(|e| e.to_string())?;
    let place = Gazetteer.resolve(typed, Country::Be).map_err(|e| e.to_string())?;
    let mut out: Vec<String> = Gazetteer.suggest(typed, Country::Be, 5).iter().map(|p| p.name.to_owned()).collect();
    let radius = RadiusKm::new(10.0).map_err(|e| e.to_string())?;
    let today = YearMonth::new(2026, 11).ok_or("no such month")?;
    let query = Query::new(Origin { lat: place.lat, lon: place.lon }, radius, today);
    for found in search(&index, &query, 10).matches {
        let why: Vec<String> = found.why.iter().map(|reason| reason.describe(lang)).collect();
        out.push(format!("{}: {}", found.profile.id, why.join(", ")));
    }
    Ok(out.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_badly_signed_manifest_stops_the_path_with_a_sentence() {
        let fetched = Fetched::new(b"{}".to_vec(), "AAAA".into(), Vec::new(), Vec::new(), Vec::new());
        let error = first_results(&fetched, "AAAA", "3000", "nl").unwrap_err();
        assert!(error.contains("signature") || error.contains("key"), "{error}");
        assert_eq!(first_results(&fetched, "AAAA", "3000", "xx").unwrap_err(), "unknown language xx");
    }
}
