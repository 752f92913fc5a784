//! Postcodes, place names and the closed vocabularies, without a feed.

use serde::Serialize;
use talentbrug_core::api::PlaceOutput;
use talentbrug_core::gazetteer::Gazetteer;
use talentbrug_core::vocabulary::{Code, ContractForm, Lang, Shift, Strength, Talent, TravelMode, WorkplaceNeed};
use wasm_bindgen::prelude::*;

use crate::convert::{country, to_js};

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
