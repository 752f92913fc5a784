//! Plain-data forms of a query and its results (strings, numbers, lists), as web developers and
//! tools send and receive them. The wasm face converts JS objects to and from these; being plain
//! serde types they are tested natively too. Field names follow the feed: snake_case.
//!
//! # Examples
//!
//! ```
//! use talentbrug_core::api::{run_query, QueryError, QueryInput};
//! use talentbrug_core::{FeedIndex, YearMonth};
//!
//! # let feed = r#"{
//! #   "format": "talentbrug-feed/1",
//! #   "publisher": { "name": "Werkpunt Leuven", "contact": "jobs@werkpunt.example",
//! #                  "request_url": "/api/requests", "privacy_url": "/privacy.html" },
//! #   "issued_at": "2026-01-01T00:00:00Z", "expires_at": "2026-02-01T00:00:00Z", "sequence": 7,
//! #   "occupations": { "040fcfa5-24be-43eb-afd5-828297175b16": { "label": "magazijnmedewerker kleding" } },
//! #   "profiles": [ { "id": "heverlee-b", "area": { "postcode": "BE-3001", "label": "Heverlee", "lat": 50.864, "lon": 4.696 },
//! #     "reach_km": 10, "travel_modes": ["bike"], "occupations": ["040fcfa5-24be-43eb-afd5-828297175b16"],
//! #     "talents": ["packing"], "strengths": ["punctual"], "languages": [{ "lang": "nl", "level": "B1" }],
//! #     "hours": { "min": 20, "max": 30 }, "shifts": ["day"], "available_from": "2026-01",
//! #     "contract_forms": ["temp"], "job_coaching": true, "workplace_needs": ["quiet_workplace"] } ]
//! # }"#;
//! let index = FeedIndex::parse(feed.as_bytes())?;
//! let today = YearMonth::new(2026, 1).expect("a month");
//!
//! // What a web developer passes to `index.search({...})` in JS.
//! let query: QueryInput = serde_json::from_str(r#"{"postcode": "3000 Leuven", "radius_km": 5, "talents": ["packing"]}"#)?;
//! let result = run_query(&index, &query, today)?;
//! assert_eq!((result.origin.name, result.total), ("Leuven", 1));
//! assert_eq!(result.matches[0].id, "heverlee-b");
//! assert_eq!(result.matches[0].distance_band, "<5");
//! assert!(result.matches[0].why.contains(&"talents:1/1".to_owned()));
//!
//! // A bad value is refused, naming the field.
//! let query: QueryInput = serde_json::from_str(r#"{"postcode": "3000", "radius_km": -1}"#)?;
//! let error = run_query(&index, &query, today).unwrap_err();
//! assert!(matches!(error, QueryError::Field { field: "radius_km", .. }));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use serde::ser::{SerializeSeq, SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

use crate::calendar::YearMonth;
use crate::gazetteer::{Country, Gazetteer, GazetteerError, Place};
use crate::index::FeedIndex;
use crate::profile::{EscoId, Hours, InvalidValue, IscoGroup, LanguageSkill, Profile};
use crate::search::{search, Query, RadiusKm, DEFAULT_LIMIT};
use crate::vocabulary::{parse_code, Code, CodeSet, Lang, StaticStr, UnknownCode};

/// Default search radius in km.
pub const DEFAULT_RADIUS_KM: f64 = 10.0;

/// Hours as `{min, max}` or `"20-30"`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum HoursInput {
    /// `{ "min": 20, "max": 30 }`
    Range {
        /// Fewest hours.
        min: u8,
        /// Most hours.
        max: u8,
    },
    /// `"20-30"`
    Text(String),
}

/// A language requirement as `"nl:B1"` or `{lang, level}`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum LanguageInput {
    /// `{ "lang": "nl", "level": "B1" }`
    Skill(LanguageSkill),
    /// `"nl:B1"`
    Text(String),
}

/// A query in plain data. Only `postcode` is required.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueryInput {
    /// Postcode or place as typed (`3000`, `3000 Leuven`, `NL-1011`, `Gent`).
    pub postcode: String,
    /// `BE` (default) or `NL`, for codes that exist in both countries.
    #[serde(default)]
    pub country: Option<String>,
    /// Radius in km (default 10).
    #[serde(default)]
    pub radius_km: Option<f64>,
    /// ESCO ids or ISCO-08 unit groups (four digits), any of.
    #[serde(default)]
    pub occupations: Vec<String>,
    /// Contract form codes, any of.
    #[serde(default)]
    pub contract_forms: Vec<String>,
    /// Weekly hours that must overlap.
    #[serde(default)]
    pub hours: Option<HoursInput>,
    /// Shift codes, all of.
    #[serde(default)]
    pub shifts: Vec<String>,
    /// Latest start month `YYYY-MM`.
    #[serde(default)]
    pub available_by: Option<String>,
    /// Only people who can start this month (same as `available_by` = `today`).
    #[serde(default)]
    pub available_now: bool,
    /// Languages with least level, all of.
    #[serde(default)]
    pub languages: Vec<LanguageInput>,
    /// Talent codes (soft).
    #[serde(default)]
    pub talents: Vec<String>,
    /// Strength codes (soft).
    #[serde(default)]
    pub strengths: Vec<String>,
    /// Workplace conditions offered (soft).
    #[serde(default)]
    pub offered: Vec<String>,
    /// Most matches returned (default 20).
    #[serde(default)]
    pub limit: Option<usize>,
    /// The current month `YYYY-MM`; the caller's clock.
    #[serde(default)]
    pub today: Option<String>,
}

/// Why a plain-data query was refused; names the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// The postcode or place is unknown.
    #[error("postcode: {0}")]
    Place(#[from] GazetteerError),
    /// A field has a bad value.
    #[error("{field}: {message}")]
    Field {
        /// The field.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
}

fn field<E: core::fmt::Display>(field: &'static str) -> impl Fn(E) -> QueryError {
    move |e| QueryError::Field { field, message: e.to_string() }
}

fn codes<T: Code>(name: &'static str, values: &[String]) -> Result<CodeSet<T>, QueryError> {
    values.iter().map(|v| parse_code::<T>(v)).collect::<Result<CodeSet<T>, UnknownCode>>().map_err(field(name))
}

impl QueryInput {
    /// Resolves the postcode and checks every field. `today` is used when the input has none.
    pub fn to_query(&self, today: YearMonth) -> Result<(Query, Place, usize), QueryError> {
        let country = match &self.country {
            Some(c) => c.parse::<Country>().map_err(field("country"))?,
            None => Country::Be,
        };
        let place = Gazetteer.resolve(&self.postcode, country)?;
        let today = match &self.today {
            Some(t) => t.parse::<YearMonth>().map_err(field("today"))?,
            None => today,
        };
        let radius = RadiusKm::new(self.radius_km.unwrap_or(DEFAULT_RADIUS_KM)).map_err(field("radius_km"))?;
        let mut q = Query::new((&place).into(), radius, today);
        for o in &self.occupations {
            match o.parse::<EscoId>() {
                Ok(id) => q.occupations.push(id),
                Err(e) => q.occupation_groups.push(o.parse::<IscoGroup>().map_err(|_| e).map_err(field("occupations"))?),
            }
        }
        q.contract_forms = codes("contract_forms", &self.contract_forms)?;
        q.shifts = codes("shifts", &self.shifts)?;
        q.talents = codes("talents", &self.talents)?;
        q.strengths = codes("strengths", &self.strengths)?;
        q.offered = codes("offered", &self.offered)?;
        q.hours = match &self.hours {
            None => None,
            Some(HoursInput::Range { min, max }) => Some(Hours::new(*min, *max).map_err(field("hours"))?),
            Some(HoursInput::Text(t)) => Some(t.parse::<Hours>().map_err(field("hours"))?),
        };
        q.languages = self
            .languages
            .iter()
            .map(|l| match l {
                LanguageInput::Skill(s) => Ok(*s),
                LanguageInput::Text(t) => t.parse::<LanguageSkill>(),
            })
            .collect::<Result<_, InvalidValue>>()
            .map_err(field("languages"))?;
        let by = self.available_by.as_deref().map(str::parse::<YearMonth>).transpose().map_err(field("available_by"))?;
        q.available_by = match (by, self.available_now) {
            (Some(by), true) => Some(by.min(today)),
            (None, true) => Some(today),
            (by, false) => by,
        };
        Ok((q, place, self.limit.unwrap_or(DEFAULT_LIMIT)))
    }
}

/// A place in plain data.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlaceOutput {
    /// Qualified postcode (`BE-3000`).
    pub postcode: String,
    /// The four digits.
    pub code: String,
    /// `BE` or `NL`.
    pub country: &'static str,
    /// Place name.
    pub name: &'static str,
    /// Centroid latitude.
    pub lat: f64,
    /// Centroid longitude.
    pub lon: f64,
    /// Region or province.
    pub region: &'static str,
}

impl From<&Place> for PlaceOutput {
    fn from(p: &Place) -> PlaceOutput {
        PlaceOutput {
            postcode: p.postcode.qualified(),
            code: p.postcode.to_string(),
            country: p.postcode.country().code(),
            name: p.name,
            lat: p.lat,
            lon: p.lon,
            region: p.region,
        }
    }
}

/// One match in plain data.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MatchOutput<'a> {
    /// Profile id.
    pub id: &'a str,
    /// Score 0-100.
    pub score: u32,
    /// `<5`, `5-10`, `10-20` or `20+`.
    #[serde(serialize_with = "static_str")]
    pub distance_band: &'static str,
    /// Reason codes (`talents:3/4`, `distance:5-10`, `available:now`, ...).
    #[serde(serialize_with = "reason_codes")]
    pub why: Vec<String>,
    /// The whole public profile, as in the feed, with its occupations' labels.
    pub profile: ProfileOutput<'a>,
}

/// A code serialized so that serde-wasm-bindgen reuses its JS string ([`StaticStr`]).
fn static_str<S: Serializer>(code: &&'static str, s: S) -> Result<S::Ok, S::Error> {
    StaticStr(code).serialize(s)
}

/// Reason codes, the ones that are always the same text ([`crate::explain::Reason::code`] of a distance band,
/// `available:now`, `job_coaching`) as [`StaticStr`], the others as they are.
fn reason_codes<S: Serializer>(codes: &[String], s: S) -> Result<S::Ok, S::Error> {
    const FIXED: [&str; 6] = ["available:now", "job_coaching", "distance:<5", "distance:5-10", "distance:10-20", "distance:20+"];
    let mut seq = s.serialize_seq(Some(codes.len()))?;
    for code in codes {
        match FIXED.iter().find(|fixed| **fixed == code) {
            Some(fixed) => seq.serialize_element(&StaticStr(fixed))?,
            None => seq.serialize_element(code)?,
        }
    }
    seq.end()
}

/// A profile in plain data: the public profile as in the feed, plus the labels of its
/// occupations and ISCO-08 groups in Dutch, French and English: one flat object (see its
/// `Serialize`).
#[derive(Clone, Debug, PartialEq)]
pub struct ProfileOutput<'a> {
    /// The public profile.
    pub profile: &'a Profile,
    /// The labels of `occupations`, in the same order.
    pub occupation_labels: Vec<LabelsOutput<'a>>,
    /// The labels of `occupation_groups` ("heftruckchauffeur e.a."), in the same order.
    pub occupation_group_labels: Vec<LabelsOutput<'a>>,
}

/// The profile's fields as `Profile` serializes them, then the labels: what
/// `#[serde(flatten)]` of the profile gives, written out so that the serializer sees a struct
/// with `'static` field names instead of a map of keys. serde-wasm-bindgen makes the JS strings
/// of struct field names once; through `flatten` it decoded every key of every profile anew,
/// about a fifth of the strings of a search's answer in the browser.
impl Serialize for ProfileOutput<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Every field by name, so a field added to `Profile` does not compile until it is here.
        let Profile {
            id,
            area,
            reach_km,
            travel_modes,
            occupations,
            occupation_groups,
            talents,
            strengths,
            languages,
            hours,
            shifts,
            available_from,
            contract_forms,
            job_coaching,
            workplace_needs,
            pitch,
        } = self.profile;
        let mut out = s.serialize_struct("ProfileOutput", 18)?;
        out.serialize_field("id", id)?;
        out.serialize_field("area", area)?;
        out.serialize_field("reach_km", reach_km)?;
        out.serialize_field("travel_modes", travel_modes)?;
        out.serialize_field("occupations", occupations)?;
        // As `Profile` skips them: an empty list of groups and no pitch are left out.
        if occupation_groups.is_empty() {
            out.skip_field("occupation_groups")?;
        } else {
            out.serialize_field("occupation_groups", occupation_groups)?;
        }
        out.serialize_field("talents", talents)?;
        out.serialize_field("strengths", strengths)?;
        out.serialize_field("languages", languages)?;
        out.serialize_field("hours", hours)?;
        out.serialize_field("shifts", shifts)?;
        out.serialize_field("available_from", available_from)?;
        out.serialize_field("contract_forms", contract_forms)?;
        out.serialize_field("job_coaching", job_coaching)?;
        out.serialize_field("workplace_needs", workplace_needs)?;
        match pitch {
            Some(pitch) => out.serialize_field("pitch", pitch)?,
            None => out.skip_field("pitch")?,
        }
        out.serialize_field("occupation_labels", &self.occupation_labels)?;
        out.serialize_field("occupation_group_labels", &self.occupation_group_labels)?;
        out.end()
    }
}

/// An occupation's or group's preferred label in the three languages; French and English are the
/// Dutch label where the feed has none.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LabelsOutput<'a> {
    /// ESCO id or ISCO-08 group code.
    pub id: String,
    /// Dutch.
    pub nl: &'a str,
    /// French.
    pub fr: &'a str,
    /// English.
    pub en: &'a str,
}

impl<'a> ProfileOutput<'a> {
    /// The profile with the labels the index's feed has for it.
    pub fn new(index: &'a FeedIndex, profile: &'a Profile) -> ProfileOutput<'a> {
        let exact = profile.occupations.iter().filter_map(|&id| {
            let l = index.occupation(id)?;
            Some(LabelsOutput { id: id.to_string(), nl: l.label_in(Lang::Nl), fr: l.label_in(Lang::Fr), en: l.label_in(Lang::En) })
        });
        let groups = profile.occupation_groups.iter().filter_map(|&code| {
            let g = index.occupation_group(code)?;
            Some(LabelsOutput { id: code.to_string(), nl: g.label_in(Lang::Nl), fr: g.label_in(Lang::Fr), en: g.label_in(Lang::En) })
        });
        ProfileOutput { profile, occupation_labels: exact.collect(), occupation_group_labels: groups.collect() }
    }
}

/// The answer to a query in plain data.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SearchOutput<'a> {
    /// Where the search was centred.
    pub origin: PlaceOutput,
    /// All matches before the limit.
    pub total: usize,
    /// The best matches.
    pub matches: Vec<MatchOutput<'a>>,
}

/// Runs a plain-data query against an index.
pub fn run_query<'a>(index: &'a FeedIndex, input: &QueryInput, today: YearMonth) -> Result<SearchOutput<'a>, QueryError> {
    let (query, place, limit) = input.to_query(today)?;
    let result = search(index, &query, limit);
    Ok(SearchOutput {
        origin: (&place).into(),
        total: result.total,
        matches: result
            .matches
            .into_iter()
            .map(|m| MatchOutput {
                id: m.profile.id.as_str(),
                score: m.score,
                distance_band: m.distance_band.code(),
                why: m.why.iter().map(|r| r.code()).collect(),
                profile: ProfileOutput::new(index, m.profile),
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::tests::feed_json;
    use crate::profile::tests::sample_json;

    fn index() -> FeedIndex {
        FeedIndex::parse(feed_json(&[sample_json("a"), sample_json("b")]).as_bytes()).unwrap()
    }

    fn query(json: &str) -> Result<SearchOutput<'static>, QueryError> {
        let index = Box::leak(Box::new(index()));
        let input: QueryInput = serde_json::from_str(json).unwrap();
        run_query(index, &input, "2026-11".parse().unwrap())
    }

    #[test]
    fn plain_queries_run() {
        let out =
            query(r#"{"postcode":"3000","hours":"30-38","languages":["nl:B1",{"lang":"fr","level":"B2"}],"talents":["packing"]}"#).unwrap();
        assert_eq!(out.total, 2);
        assert_eq!(out.origin.postcode, "BE-3000");
        assert_eq!(out.matches[0].why[0], "talents:1/1");
        let json = serde_json::to_value(&out).unwrap();
        assert_eq!(json["matches"][0]["profile"]["area"]["postcode"], "BE-3000");
        let labels = &json["matches"][0]["profile"]["occupation_labels"][0];
        assert_eq!(labels["id"], json["matches"][0]["profile"]["occupations"][0]);
        assert_eq!((&labels["nl"], &labels["fr"]), (&labels["en"], &labels["nl"]), "the sample feed is Dutch only: fallback");
        assert_eq!(json["matches"][0]["profile"]["occupation_group_labels"], serde_json::json!([]));
        assert_eq!(query(r#"{"postcode":"3000","available_by":"2026-10"}"#).unwrap().total, 0);
        assert_eq!(query(r#"{"postcode":"3000","available_now":true,"today":"2026-11"}"#).unwrap().total, 2);
        assert_eq!(query(r#"{"postcode":"3000","limit":1}"#).unwrap().matches.len(), 1);
    }

    #[test]
    fn profile_output_is_the_profile_flattened_with_its_labels() {
        /// What `ProfileOutput` was: the derived serialization it must equal, byte for byte.
        #[derive(Serialize)]
        struct Flattened<'a> {
            #[serde(flatten)]
            profile: &'a Profile,
            occupation_labels: &'a [LabelsOutput<'a>],
            occupation_group_labels: &'a [LabelsOutput<'a>],
        }
        let with_groups = sample_json("g").replace(r#""talents""#, r#""occupation_groups":["8322"],"talents""#);
        let mut profiles: Vec<Profile> =
            [sample_json("a"), with_groups, sample_json("n")].iter().map(|p| serde_json::from_str(p).unwrap()).collect();
        profiles[2].pitch = None;
        assert!(profiles[1].occupation_groups.len() == 1 && profiles[2].pitch.is_none());
        let index = index();
        for profile in &profiles {
            let mut out = ProfileOutput::new(&index, profile);
            out.occupation_group_labels.push(LabelsOutput { id: "8322".into(), nl: "chauffeurs", fr: "chauffeurs", en: "drivers" });
            let flattened =
                Flattened { profile, occupation_labels: &out.occupation_labels, occupation_group_labels: &out.occupation_group_labels };
            assert_eq!(serde_json::to_string(&out).unwrap(), serde_json::to_string(&flattened).unwrap());
        }
    }

    #[test]
    fn codes_serialize_as_the_strings_they_are() {
        let out = query(r#"{"postcode":"3000","talents":["packing"]}"#).unwrap();
        let json = serde_json::to_value(&out.matches[0]).unwrap();
        assert_eq!(json["distance_band"], "<5");
        assert_eq!(json["why"], serde_json::json!(["talents:1/1", "distance:<5", "available:now", "job_coaching"]));
        assert_eq!(json["profile"]["travel_modes"], serde_json::json!(["bike", "public_transport"]));
        assert_eq!(json["profile"]["languages"][1], serde_json::json!({"lang": "fr", "level": "native"}));
    }

    #[test]
    fn bad_fields_are_named() {
        assert_eq!(
            query(r#"{"postcode":"3000","hours":"30-10"}"#).unwrap_err().to_string(),
            "hours: the lowest hours (30) are above the highest (10)"
        );
        assert!(query(r#"{"postcode":"3000","talents":["juggling"]}"#)
            .unwrap_err()
            .to_string()
            .starts_with("talents: unknown talent code"));
        assert!(query(r#"{"postcode":"1001"}"#).unwrap_err().to_string().starts_with("postcode:"));
        assert!(query(r#"{"postcode":"3000","radius_km":0}"#).unwrap_err().to_string().starts_with("radius_km:"));
        assert!(serde_json::from_str::<QueryInput>(r#"{"postcode":"3000","radius":5}"#).is_err());
    }
}
