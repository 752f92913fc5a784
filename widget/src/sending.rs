//! Sending a blind-interview request (the core's [`RequestForm`]) or a vacancy as JSON, and
//! reading the answer. The interpretation of answers is pure ([`outcome`]) and tested natively.

use core::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use talentbrug_core::request::{Field, Problem, RequestForm};

use crate::urls;

/// What came of sending.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Stored by the organisation.
    Accepted {
        /// The reference to quote.
        reference: String,
        /// Where the employer follows the request up (absolute), when given and on the request
        /// URL's origin.
        status_url: Option<String>,
    },
    /// Refused for these fields (names from the answer, matched to the form's fields).
    Rejected(Vec<(Field, Problem)>),
    /// No answer at all: offline, DNS, CORS.
    Network,
    /// The server could not take it now (5xx or an answer we cannot read).
    Server,
    /// Rate limited (429).
    Busy,
}

#[derive(Deserialize)]
struct Accepted {
    reference: String,
    #[serde(default)]
    status_url: Option<String>,
}

const FIELDS: [Field; 24] = [
    Field::ProfileId,
    Field::IdempotencyKey,
    Field::FormMs,
    Field::Website,
    Field::Company,
    Field::ContactName,
    Field::Email,
    Field::Phone,
    Field::Postcode,
    Field::Title,
    Field::Description,
    Field::HoursPerWeek,
    Field::Commitment,
    Field::Consent,
    Field::PreferredContact,
    Field::Occupation,
    Field::Hours,
    Field::Shifts,
    Field::ContractForms,
    Field::Start,
    Field::WorkplacePostcode,
    Field::Offers,
    Field::MaxInterviews,
    Field::Matches,
];

const PROBLEMS: [Problem; 15] = [
    Problem::Required,
    Problem::InvalidEmail,
    Problem::InvalidPhone,
    Problem::UnknownPostcode,
    Problem::HoursOutOfRange,
    Problem::MustAccept,
    Problem::TooFast,
    Problem::Honeypot,
    Problem::UnknownProfile,
    Problem::InvalidKey,
    Problem::HiddenCharacters,
    Problem::UnknownCode,
    Problem::InvalidMonth,
    Problem::InterviewsOutOfRange,
    Problem::Duplicate,
];

/// One JSON value of an error answer, walked with serde rather than read into a
/// `serde_json::Value` (which would cost the wasm about 4 KB gzipped).
#[derive(Default)]
struct Walked {
    /// `{"field": "employer.email", "problem"|"code"|"error": "invalid_email"}` objects found
    /// anywhere in it, in the order a `serde_json::Value` gives them: an object's own first, then
    /// its members' by key.
    errors: Vec<(Field, Problem)>,
    /// The value, when it is text.
    text: Option<String>,
    /// The value, when it is a whole number of at least 0.
    number: Option<u64>,
}

/// Walks one JSON value into [`Walked`].
struct Walk;

impl<'de> DeserializeSeed<'de> for Walk {
    type Value = Walked;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Walked, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk {
    type Value = Walked;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Walked, E> {
        Ok(Walked::default())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Walked, E> {
        Ok(Walked::default())
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Walked, E> {
        Ok(Walked { number: Some(n), ..Walked::default() })
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Walked, E> {
        Ok(Walked::default())
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Walked, E> {
        Ok(Walked { text: Some(s.to_owned()), ..Walked::default() })
    }
    fn visit_unit<E: de::Error>(self) -> Result<Walked, E> {
        Ok(Walked::default())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Walked, A::Error> {
        let mut errors = Vec::new();
        while let Some(item) = seq.next_element_seed(Walk)? {
            errors.extend(item.errors);
        }
        Ok(Walked { errors, ..Walked::default() })
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Walked, A::Error> {
        // Members by key, a repeated key keeping its last value, as in a JSON object map.
        let mut members: Vec<(String, Walked)> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(Walk)?;
            match members.iter().position(|(k, _)| *k >= key) {
                Some(i) if members[i].0 == key => members[i].1 = value,
                Some(i) => members.insert(i, (key, value)),
                None => members.push((key, value)),
            }
        }
        let member = |name: &str| members.iter().find(|(k, _)| k == name).map(|(_, v)| v);
        let field = member("field").and_then(|f| f.text.as_deref()).and_then(|f| FIELDS.into_iter().find(|x| x.path() == f));
        let max = member("max").and_then(|m| m.number).unwrap_or(0) as usize;
        let problem = ["problem", "code", "error"].iter().filter_map(|k| member(k)?.text.as_deref()).find_map(|p| {
            PROBLEMS.into_iter().find(|x| x.code() == p).or(match p {
                "too_long" => Some(Problem::TooLong { max }),
                "too_many" => Some(Problem::TooMany { max }),
                _ => None,
            })
        });
        let mut errors: Vec<(Field, Problem)> = field.map(|f| (f, problem.unwrap_or(Problem::Required))).into_iter().collect();
        members.into_iter().for_each(|(_, v)| errors.extend(v.errors));
        Ok(Walked { errors, ..Walked::default() })
    }
}

/// The field errors anywhere in an error answer (none when it is not JSON).
fn field_errors(body: &str) -> Vec<(Field, Problem)> {
    // From bytes, like every other JSON the widget reads: one compiled parser, not two.
    let mut de = serde_json::Deserializer::from_slice(body.as_bytes());
    match Walk.deserialize(&mut de) {
        Ok(walked) if de.end().is_ok() => walked.errors,
        _ => Vec::new(),
    }
}

/// Reads an HTTP answer: status and body text. `resolve` checks and resolves `status_url`.
pub fn outcome(status: u16, body: &str, resolve: impl Fn(&str) -> Option<String>) -> Outcome {
    match status {
        200..=299 => match serde_json::from_slice::<Accepted>(body.as_bytes()) {
            Ok(a) if !a.reference.trim().is_empty() => {
                Outcome::Accepted { reference: a.reference, status_url: a.status_url.as_deref().and_then(&resolve) }
            }
            _ => Outcome::Server,
        },
        429 => Outcome::Busy,
        400..=499 => {
            let mut errors = field_errors(body);
            errors.dedup();
            Outcome::Rejected(errors)
        }
        _ => Outcome::Server,
    }
}

/// POSTs the form to `url` (absolute) and interprets the answer.
pub async fn send(url: &str, form: &RequestForm) -> Outcome {
    match serde_json::to_string(form) {
        Ok(body) => send_json(url, &body).await,
        Err(_) => Outcome::Server,
    }
}

/// POSTs a JSON body (a request or a vacancy) to `url` (absolute) and interprets the answer.
pub async fn send_json(url: &str, body: &str) -> Outcome {
    let Ok(answer) = crate::fetch::post_json(url, body).await else {
        return Outcome::Network;
    };
    let text = String::from_utf8_lossy(&answer.body);
    // The link is shown only when it stays with the organisation (see `urls::status_link`).
    outcome(answer.status, &text, |s| urls::status_link(s, url))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(s: &str) -> Option<String> {
        Some(format!("http://org.example{s}"))
    }

    #[test]
    fn answers_are_read() {
        assert_eq!(
            outcome(201, r#"{"reference":"TB-7K3Q","status_url":"/status/abc"}"#, resolve),
            Outcome::Accepted { reference: "TB-7K3Q".into(), status_url: Some("http://org.example/status/abc".into()) }
        );
        assert_eq!(outcome(201, "not json", resolve), Outcome::Server);
        assert_eq!(outcome(201, r#"{"reference":" "}"#, resolve), Outcome::Server);
        assert_eq!(outcome(429, "", resolve), Outcome::Busy);
        assert_eq!(outcome(503, "", resolve), Outcome::Server);
        assert_eq!(outcome(413, "", resolve), Outcome::Rejected(vec![]));
    }

    #[test]
    fn a_status_link_off_the_request_origin_is_dropped_but_the_request_is_sent() {
        let via = |s: &str| urls::status_link(s, "https://org.example/api/requests?lang=nl");
        let accepted = |link: Option<&str>| Outcome::Accepted { reference: "TB-1".into(), status_url: link.map(str::to_owned) };
        let answer = |link: &str| outcome(201, &format!(r#"{{"reference":"TB-1","status_url":{link:?}}}"#), via);
        assert_eq!(answer("/status/abc"), accepted(Some("https://org.example/status/abc")));
        assert_eq!(answer("javascript:alert(1)"), accepted(None));
        assert_eq!(answer("https://evil.example/status/abc"), accepted(None));
        assert_eq!(answer("//evil.example/status/abc"), accepted(None));
    }

    #[test]
    fn field_errors_are_found_wherever_the_server_puts_them() {
        let body = r#"{"error":"invalid request","errors":[{"field":"employer.email","problem":"invalid_email"},{"field":"commitment","code":"must_accept"}]}"#;
        assert_eq!(
            outcome(422, body, resolve),
            Outcome::Rejected(vec![(Field::Email, Problem::InvalidEmail), (Field::Commitment, Problem::MustAccept)])
        );
        let body = r#"{"errors":[{"field":"vacancy.title","problem":"too_long","message":"x","max":120}]}"#;
        assert_eq!(outcome(422, body, resolve), Outcome::Rejected(vec![(Field::Title, Problem::TooLong { max: 120 })]));
        let body = r#"{"error":"invalid_fields","errors":[{"field":"vacancy.start","problem":"invalid_month","message":"x"},
            {"field":"matches","problem":"too_many","message":"x","max":50},{"field":"vacancy.hours","problem":"hours_out_of_range"}]}"#;
        assert_eq!(
            outcome(422, body, resolve),
            Outcome::Rejected(vec![
                (Field::Start, Problem::InvalidMonth),
                (Field::Matches, Problem::TooMany { max: 50 }),
                (Field::Hours, Problem::HoursOutOfRange)
            ]),
            "a vacancy's fields and problems"
        );
        let body = r#"{"field":"profile_id","problem":"unknown_profile","message":"is not a profile in this feed"}"#;
        assert_eq!(outcome(400, body, resolve), Outcome::Rejected(vec![(Field::ProfileId, Problem::UnknownProfile)]));
    }

    /// As a `serde_json::Value` reads them: an object's own error first, then its members' in key
    /// order (a repeated key keeps its last value), numbers and text only where they fit.
    #[test]
    fn nested_and_odd_answers_read_as_a_json_value_would() {
        let body = r#"{"z":{"field":"consent"},"field":"employer.phone","code":"invalid_phone","problem":3,
            "a":[{"field":"vacancy.title","error":"too_long","max":-1},{"field":"nope"}],"m":{"field":"employer.email","field":"commitment"}}"#;
        let expected = vec![
            (Field::Phone, Problem::InvalidPhone),
            (Field::Title, Problem::TooLong { max: 0 }),
            (Field::Commitment, Problem::Required),
        ];
        assert_eq!(outcome(422, body, resolve), Outcome::Rejected([expected, vec![(Field::Consent, Problem::Required)]].concat()));
        assert_eq!(outcome(400, r#"{"field":"consent"} trailing"#, resolve), Outcome::Rejected(vec![]));
        assert_eq!(
            outcome(400, r#"[{"field":"consent","max":1.5,"problem":"must_accept"}]"#, resolve),
            Outcome::Rejected(vec![(Field::Consent, Problem::MustAccept)])
        );
    }
}
