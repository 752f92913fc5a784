//! The JS face of the Talentbrug matching core, built into the npm package `talentbrug-core`
//! (`cargo xtask build`: `target/pkg/`, wasm-bindgen `--target web`, TypeScript types), for web
//! developers who do not use the widget: load a feed, search it with a plain JS object, get
//! plain JS objects back, look up postcodes.
//!
//! Everything here only converts between JS values and [`talentbrug_core::api`]; no logic lives
//! in this crate. It is also where the clock is: the core never reads one, so a search's
//! "today" is `Date.now()`, read here and passed in.
//!
//! ```js
//! import init, { TalentIndex, lookupPostcode } from "talentbrug-core";
//! await init();
//! const index = TalentIndex.fromJson(await (await fetch("/feed.json")).text());
//! const { total, matches } = index.search({ postcode: "3000", radius_km: 10, talents: ["packing"] });
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

use serde::Serialize;
use wasm_bindgen::prelude::*;

use talentbrug_core::api::{run_query, PlaceOutput, QueryInput};
use talentbrug_core::feed::Feed;
use talentbrug_core::gazetteer::{Country, Gazetteer};
use talentbrug_core::index::FeedIndex;
use talentbrug_core::vocabulary::{Code, ContractForm, Lang, Shift, Strength, Talent, TravelMode, WorkplaceNeed};
use talentbrug_core::{Timestamp, YearMonth};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** A search as plain data. Only `postcode` is required. */
export interface SearchQuery {
  postcode: string;
  country?: "BE" | "NL";
  radius_km?: number;
  occupations?: string[];
  contract_forms?: string[];
  hours?: { min: number; max: number } | string;
  shifts?: string[];
  available_by?: string;
  available_now?: boolean;
  languages?: (string | { lang: string; level: string })[];
  talents?: string[];
  strengths?: string[];
  offered?: string[];
  limit?: number;
  today?: string;
}
export interface Place { postcode: string; code: string; country: "BE" | "NL"; name: string; lat: number; lon: number; region: string; }
export interface Profile {
  id: string;
  area: { postcode: string; label: string; lat: number; lon: number };
  reach_km: number;
  travel_modes: string[];
  occupations: string[];
  talents: string[];
  strengths: string[];
  languages: { lang: string; level: string }[];
  hours: { min: number; max: number };
  shifts: string[];
  available_from: string;
  contract_forms: string[];
  job_coaching: boolean;
  workplace_needs: string[];
  pitch?: string;
}
export interface Match { id: string; score: number; distance_band: "<5" | "5-10" | "10-20" | "20+"; why: string[]; profile: Profile; }
export interface SearchResult { origin: Place; total: number; matches: Match[]; }
export interface Publisher { name: string; contact: string; request_url: string; privacy_url: string; }
export interface OccupationHit { id: string; label: string; alt_labels: string[]; }
export interface VocabularyEntry { code: string; label: string; }
export interface Vocabulary { talents: VocabularyEntry[]; strengths: VocabularyEntry[]; workplace_needs: VocabularyEntry[]; contract_forms: VocabularyEntry[]; shifts: VocabularyEntry[]; travel_modes: VocabularyEntry[]; }
"#;

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| JsError::new(&e.to_string()))
}

/// This month, from the browser's clock: the one place the core's JS face reads time.
fn js_today() -> YearMonth {
    Timestamp::from_unix_millis(js_sys::Date::now()).month()
}

/// A loaded, checked and indexed feed.
#[wasm_bindgen]
pub struct TalentIndex {
    index: FeedIndex,
}

#[wasm_bindgen]
impl TalentIndex {
    /// Parses and indexes a feed from its JSON text, without a signature check.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(text: &str) -> Result<TalentIndex, JsError> {
        Ok(TalentIndex { index: FeedIndex::parse(text.as_bytes())? })
    }

    /// Verifies the Ed25519 signature over the exact bytes, then parses, then checks expiry
    /// against `now_ms` (`Date.now()`) and that the sequence is not below `seen_sequence`.
    #[wasm_bindgen(js_name = fromSignedFeed)]
    pub fn from_signed_feed(
        bytes: &[u8],
        signature: &str,
        public_key: &str,
        now_ms: f64,
        seen_sequence: Option<f64>,
    ) -> Result<TalentIndex, JsError> {
        let seen = seen_sequence.filter(|s| s.is_finite() && *s >= 0.0).map(|s| s as u64);
        let feed = Feed::parse_signed(bytes, signature, public_key, Timestamp::from_unix_millis(now_ms), seen)?;
        Ok(TalentIndex { index: FeedIndex::new(feed) })
    }

    /// Number of profiles.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.index.len()
    }

    /// The feed's sequence number.
    #[wasm_bindgen(getter)]
    pub fn sequence(&self) -> f64 {
        self.index.feed().sequence as f64
    }

    /// When the feed expires (`YYYY-MM-DDTHH:MM:SSZ`).
    #[wasm_bindgen(getter, js_name = expiresAt)]
    pub fn expires_at(&self) -> String {
        self.index.feed().expires_at.to_string()
    }

    /// Who published the feed.
    #[wasm_bindgen(getter, unchecked_return_type = "Publisher")]
    pub fn publisher(&self) -> Result<JsValue, JsError> {
        to_js(self.index.publisher())
    }

    /// Runs a search. Throws an `Error` naming the field when the query is invalid.
    #[wasm_bindgen(unchecked_return_type = "SearchResult")]
    pub fn search(&self, #[wasm_bindgen(unchecked_param_type = "SearchQuery")] query: JsValue) -> Result<JsValue, JsError> {
        // Through a JSON value, so a misspelt field (`radius` for `radius_km`) is refused as it is
        // natively; serde-wasm-bindgen reads only the fields it knows and would drop it silently.
        let value: serde_json::Value = serde_wasm_bindgen::from_value(query).map_err(|e| JsError::new(&format!("query: {e}")))?;
        let input: QueryInput = serde_json::from_value(value).map_err(|e| JsError::new(&format!("query: {e}")))?;
        to_js(&run_query(&self.index, &input, js_today())?)
    }

    /// The profile with this id, or `undefined`.
    #[wasm_bindgen(unchecked_return_type = "Profile | undefined")]
    pub fn profile(&self, id: &str) -> Result<JsValue, JsError> {
        match self.index.profile(id) {
            Some(p) => to_js(p),
            None => Ok(JsValue::UNDEFINED),
        }
    }

    /// Occupations in this feed whose labels match typed text, best first.
    #[wasm_bindgen(js_name = searchOccupations, unchecked_return_type = "OccupationHit[]")]
    pub fn search_occupations(&self, text: &str, limit: usize) -> Result<JsValue, JsError> {
        #[derive(Serialize)]
        struct Hit<'a> {
            id: String,
            label: &'a str,
            alt_labels: &'a [String],
        }
        let hits: Vec<Hit> = self
            .index
            .search_occupations(text, limit)
            .into_iter()
            .map(|(id, l)| Hit { id: id.to_string(), label: &l.label, alt_labels: &l.alt_labels })
            .collect();
        to_js(&hits)
    }
}

fn country(country: Option<String>) -> Result<Country, JsError> {
    Ok(country.as_deref().map(str::parse::<Country>).transpose()?.unwrap_or_default())
}

/// Resolves a typed postcode or place name; throws when unknown.
#[wasm_bindgen(js_name = lookupPostcode, unchecked_return_type = "Place")]
pub fn lookup_postcode(input: &str, country_code: Option<String>) -> Result<JsValue, JsError> {
    to_js(&PlaceOutput::from(&Gazetteer.resolve(input, country(country_code)?)?))
}

/// Suggestions for a partly typed postcode or place name.
#[wasm_bindgen(js_name = suggestPlaces, unchecked_return_type = "Place[]")]
pub fn suggest_places(input: &str, country_code: Option<String>, limit: usize) -> Result<JsValue, JsError> {
    let places: Vec<PlaceOutput> = Gazetteer.suggest(input, country(country_code)?, limit).iter().map(PlaceOutput::from).collect();
    to_js(&places)
}

/// Codes and labels of the closed vocabularies in `lang` (`nl`, `fr` or `en`; default `nl`).
#[wasm_bindgen(unchecked_return_type = "Vocabulary")]
pub fn vocabulary(lang: Option<String>) -> Result<JsValue, JsError> {
    #[derive(Serialize)]
    struct Entry {
        code: &'static str,
        label: &'static str,
    }
    fn entries<T: Code>(lang: Lang) -> Vec<Entry> {
        T::ALL.iter().map(|c| Entry { code: c.code(), label: c.label(lang) }).collect()
    }
    #[derive(Serialize)]
    struct Vocabulary {
        talents: Vec<Entry>,
        strengths: Vec<Entry>,
        workplace_needs: Vec<Entry>,
        contract_forms: Vec<Entry>,
        shifts: Vec<Entry>,
        travel_modes: Vec<Entry>,
    }
    let lang = lang.as_deref().and_then(Lang::from_tag).unwrap_or_default();
    to_js(&Vocabulary {
        talents: entries::<Talent>(lang),
        strengths: entries::<Strength>(lang),
        workplace_needs: entries::<WorkplaceNeed>(lang),
        contract_forms: entries::<ContractForm>(lang),
        shifts: entries::<Shift>(lang),
        travel_modes: entries::<TravelMode>(lang),
    })
}
