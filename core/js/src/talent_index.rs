//! `TalentIndex`: a feed loaded, checked and indexed, searched with plain JS objects.

use serde::Serialize;
use talentbrug_core::api::{run_query, ProfileOutput};
use talentbrug_core::feed::Feed;
use talentbrug_core::index::FeedIndex;
use talentbrug_core::{Lang, Timestamp};
use wasm_bindgen::prelude::*;

use crate::convert::{js_today, query_input, to_js};

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
        let input = query_input(query).map_err(|e| JsError::new(&e))?;
        to_js(&run_query(&self.index, &input, js_today())?)
    }

    /// The profile with this id, or `undefined`, with its occupations' labels in Dutch, French
    /// and English.
    #[wasm_bindgen(unchecked_return_type = "Profile | undefined")]
    pub fn profile(&self, id: &str) -> Result<JsValue, JsError> {
        match self.index.profile(id) {
            Some(p) => to_js(&ProfileOutput::new(&self.index, p)),
            None => Ok(JsValue::UNDEFINED),
        }
    }

    /// Occupations in this feed whose labels match typed text, best first: the labels in `lang`
    /// (`nl`, `fr` or `en`; default `nl`) first, then in the other two. `label` and `alt_labels`
    /// are in `lang` (Dutch where the feed has none), `matched` is the label that matched.
    #[wasm_bindgen(js_name = searchOccupations, unchecked_return_type = "OccupationHit[]")]
    pub fn search_occupations(&self, text: &str, limit: usize, lang: Option<String>) -> Result<JsValue, JsError> {
        #[derive(Serialize)]
        struct Labels<'a> {
            nl: &'a str,
            fr: &'a str,
            en: &'a str,
        }
        #[derive(Serialize)]
        struct Hit<'a> {
            id: String,
            label: &'a str,
            alt_labels: &'a [String],
            labels: Labels<'a>,
            matched: &'a str,
            matched_lang: &'static str,
        }
        let lang = lang.as_deref().and_then(Lang::from_tag).unwrap_or_default();
        let hits: Vec<Hit> = self
            .index
            .find_occupations(text, lang)
            .into_iter()
            .take(limit)
            .map(|m| {
                let l = m.labels;
                let (label, alt_labels) = l.own(lang).unwrap_or((&l.label, &l.alt_labels));
                let labels = Labels { nl: l.label_in(Lang::Nl), fr: l.label_in(Lang::Fr), en: l.label_in(Lang::En) };
                Hit { id: m.id.to_string(), label, alt_labels, labels, matched: m.matched, matched_lang: m.lang.tag() }
            })
            .collect();
        to_js(&hits)
    }
}
