//! Sending a blind-interview request: POST the core's [`RequestForm`] as JSON and read the
//! answer. The interpretation of answers is pure ([`outcome`]) and tested natively.

use gloo_net::http::Request;
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
        /// Where the employer follows the request up (absolute), when given.
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

const FIELDS: [Field; 15] = [
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
];

const PROBLEMS: [Problem; 10] = [
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
];

/// Finds `{"field": "employer.email", "problem"|"code": "invalid_email"}` objects anywhere in
/// an error answer, so the widget can put the server's verdict next to the right field.
fn field_errors(value: &serde_json::Value, out: &mut Vec<(Field, Problem)>) {
    match value {
        serde_json::Value::Object(map) => {
            let field = map.get("field").and_then(|f| f.as_str()).and_then(|f| FIELDS.into_iter().find(|x| x.path() == f));
            let max = map.get("max").and_then(|m| m.as_u64()).unwrap_or(0) as usize;
            let problem = ["problem", "code", "error"].iter().filter_map(|k| map.get(*k).and_then(|p| p.as_str())).find_map(|p| {
                PROBLEMS.into_iter().find(|x| x.code() == p).or_else(|| (p == "too_long").then_some(Problem::TooLong { max }))
            });
            if let Some(field) = field {
                out.push((field, problem.unwrap_or(Problem::Required)));
            }
            map.values().for_each(|v| field_errors(v, out));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| field_errors(v, out)),
        _ => {}
    }
}

/// Reads an HTTP answer: status and body text. `base` resolves a relative `status_url`.
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
            let mut errors = Vec::new();
            if let Ok(value) = serde_json::from_slice::<serde_json::Value>(body.as_bytes()) {
                field_errors(&value, &mut errors);
            }
            errors.dedup();
            Outcome::Rejected(errors)
        }
        _ => Outcome::Server,
    }
}

/// POSTs the form to `url` (absolute) and interprets the answer.
pub async fn send(url: &str, form: &RequestForm) -> Outcome {
    let Ok(body) = serde_json::to_string(form) else {
        return Outcome::Server;
    };
    let request = match Request::post(url).header("Content-Type", "application/json").header("Accept", "application/json").body(body) {
        Ok(r) => r,
        Err(_) => return Outcome::Network,
    };
    let Ok(response) = request.send().await else {
        return Outcome::Network;
    };
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    outcome(status, &text, |s| urls::absolute(s, Some(url)))
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
    fn field_errors_are_found_wherever_the_server_puts_them() {
        let body = r#"{"error":"invalid request","errors":[{"field":"employer.email","problem":"invalid_email"},{"field":"commitment","code":"must_accept"}]}"#;
        assert_eq!(
            outcome(422, body, resolve),
            Outcome::Rejected(vec![(Field::Email, Problem::InvalidEmail), (Field::Commitment, Problem::MustAccept)])
        );
        let body = r#"{"errors":[{"field":"vacancy.title","problem":"too_long","message":"x","max":120}]}"#;
        assert_eq!(outcome(422, body, resolve), Outcome::Rejected(vec![(Field::Title, Problem::TooLong { max: 120 })]));
        let body = r#"{"field":"profile_id","problem":"unknown_profile","message":"is not a profile in this feed"}"#;
        assert_eq!(outcome(400, body, resolve), Outcome::Rejected(vec![(Field::ProfileId, Problem::UnknownProfile)]));
    }
}
