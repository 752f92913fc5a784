//! `TalentIndex`: a feed loaded, checked and indexed, searched with plain JS objects.

use serde::Serialize;
use talentbrug_core::api::{run_query, QueryInput};
use talentbrug_core::feed::Feed;
use talentbrug_core::index::FeedIndex;
use talentbrug_core::Timestamp;
use wasm_bindgen::prelude::*;

use crate::convert::{js_today, to_js};

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
