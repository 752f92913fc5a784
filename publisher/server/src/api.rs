//! `POST /api/requests`: a blind-interview request from the widget, checked with the same core
//! code the widget uses, stored before it is acknowledged. The checks before and the answers
//! after are shared with `POST /api/vacancies` (`vacancy_api`).
//!
//! `?lang=nl|fr|en` on the URL (the widget's language) is carried into the status link.
//!
//! Answers: `201 {"reference", "status_url"}`; the same idempotency key again gives the same
//! answer (with `Idempotent-Replayed: true`) and no second row; `400` for a body that is not the
//! request JSON, `422` for fields that fail the checks (each error names its field), `409` for
//! an idempotency key reused with a different request, `403` for a page origin not allowed,
//! `408` for a body not sent within the body read timeout (10 s), `413` over 16 KB, `415` for
//! other content types, `429` beyond the per-client limit or the limit for everyone together,
//! `503` when the database cannot store it.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, FailedToBufferBody};
use axum::extract::{FromRequest, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use serde::Serialize;
use talentbrug_core::request::{FieldError, Problem, RequestForm};
use talentbrug_core::{Country, Lang};

use crate::app::App;
use crate::connections::ClientAddr;
use crate::log::log;
use crate::rate_limit::retry_after_seconds;
use talentbrug_inbox::{NewRequest, Stored, WriteFailed};

/// Largest request body accepted.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// One field's problem, as the widget reads it: `{"field", "problem", "message"[, "max"]}`.
#[derive(Debug, Serialize)]
pub struct FieldErrorBody {
    /// Path of the field in the body (`employer.email`).
    pub field: &'static str,
    /// Stable problem code (`invalid_email`), see `core::request::Problem::code`.
    pub problem: &'static str,
    /// The problem in English, for developers.
    pub message: String,
    /// The most characters (`too_long`) or items (`too_many`) allowed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<usize>,
}

impl From<FieldError> for FieldErrorBody {
    fn from(e: FieldError) -> FieldErrorBody {
        let max = match e.problem {
            Problem::TooLong { max } | Problem::TooMany { max } => Some(max),
            _ => None,
        };
        FieldErrorBody { field: e.field.path(), problem: e.problem.code(), message: e.to_string(), max }
    }
}

/// An error answer: `{"error": code, "message", "field"?, "errors"?}`.
#[derive(Debug, Serialize)]
struct ErrorBody {
    error: &'static str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    errors: Vec<FieldErrorBody>,
}

fn error(status: StatusCode, code: &'static str, message: impl Into<String>) -> Response {
    (status, axum::Json(ErrorBody { error: code, message: message.into(), field: None, errors: Vec::new() })).into_response()
}

/// The 201 body.
#[derive(Debug, Serialize)]
struct Accepted {
    reference: String,
    status_url: String,
}

/// Whether the body is declared as JSON (`application/json`, any parameters).
fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
}

/// Reads the body as a [`RequestForm`]; the error names the field where it went wrong.
#[cfg(test)]
pub fn parse_form(bytes: &[u8]) -> Result<RequestForm, (Option<String>, String)> {
    parse_json(bytes)
}

/// Reads a JSON body as `T`, nothing after it; the error names the field where it went wrong.
pub(crate) fn parse_json<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, (Option<String>, String)> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let form: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let field = (path != ".").then_some(path);
        (field, e.inner().to_string())
    })?;
    de.end().map_err(|e| (None, e.to_string()))?;
    Ok(form)
}

/// What every form POST goes through before its body is read as JSON: the per-client limit,
/// the page's origin, the content type, the size and the time to send the body. Gives the
/// body and the widget's language (`?lang=`), or the answer refusing it.
pub(crate) async fn receive(app: &App, client: std::net::IpAddr, request: Request) -> Result<(Bytes, Option<Lang>), Response> {
    if let Some(limit) = &app.limit {
        if let Err(wait) = limit.check(client) {
            return Err(rate_limited("rate_limited", "too many requests from this address; try again later", wait));
        }
    }
    let headers = request.headers().clone();
    let lang = status_lang(request.uri().query());
    if !app.policy.origin_allowed(&headers) {
        return Err(error(StatusCode::FORBIDDEN, "origin_not_allowed", "this website may not send requests to this organisation"));
    }
    if !is_json(&headers) {
        return Err(error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send the request as Content-Type: application/json",
        ));
    }
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return Err(too_large());
    }
    match tokio::time::timeout(app.body_read_timeout, Bytes::from_request(request, &())).await {
        Ok(Ok(bytes)) => Ok((bytes, lang)),
        Ok(Err(BytesRejection::FailedToBufferBody(FailedToBufferBody::LengthLimitError(_)))) => Err(too_large()),
        Ok(Err(_)) => Err(error(StatusCode::BAD_REQUEST, "incomplete_body", "the request body could not be read")),
        Err(_) => {
            let mut response = error(StatusCode::REQUEST_TIMEOUT, "body_timeout", "the request body did not arrive in time");
            response.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
            Err(response)
        }
    }
}

/// `400`: the body is not the form's JSON.
pub(crate) fn malformed((field, message): (Option<String>, String)) -> Response {
    let body = ErrorBody { error: "malformed_request", message, field, errors: Vec::new() };
    (StatusCode::BAD_REQUEST, axum::Json(body)).into_response()
}

/// `422`: fields that fail the checks, each named.
pub(crate) fn invalid(code: &'static str, errors: Vec<FieldError>) -> Response {
    let body = ErrorBody {
        error: code,
        message: "some fields need attention".into(),
        field: None,
        errors: errors.into_iter().map(FieldErrorBody::from).collect(),
    };
    (StatusCode::UNPROCESSABLE_ENTITY, axum::Json(body)).into_response()
}

/// `429` when the limit for everyone together is reached (checked only for valid forms).
pub(crate) fn over_global_limit(app: &App) -> Option<Response> {
    let wait = app.global_limit.as_ref()?.check().err()?;
    log("request refused: the limit for all clients together is reached");
    Some(rate_limited("busy", "this organisation receives too many requests right now; try again later", wait))
}

/// The answer to a stored (or refused) form: `201` with its status link under `/{page}/`.
pub(crate) fn stored_answer(app: &App, stored: Result<Stored, WriteFailed>, lang: Option<Lang>, page: &str, what: &str) -> Response {
    match stored {
        Ok(Stored::Created(receipt)) => {
            log(&format!("{what} {} stored", receipt.reference));
            accepted(app, &receipt.reference.to_string(), page, receipt.token.as_str(), lang, false)
        }
        Ok(Stored::Replayed(receipt)) => accepted(app, &receipt.reference.to_string(), page, receipt.token.as_str(), lang, true),
        Ok(Stored::KeyReused) => {
            let body = ErrorBody {
                error: "idempotency_key_reused",
                message: format!("this idempotency_key was already used for a different {what}; make a new key for a new {what}"),
                field: Some("idempotency_key".into()),
                errors: Vec::new(),
            };
            (StatusCode::CONFLICT, axum::Json(body)).into_response()
        }
        Err(e) => {
            log(&format!("{what} not stored: {e}"));
            let mut response =
                error(StatusCode::SERVICE_UNAVAILABLE, "unavailable", format!("the {what} could not be stored; please try again"));
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
            response
        }
    }
}

/// The handler of `POST /api/requests`.
pub async fn post_request(State(app): State<Arc<App>>, Extension(ClientAddr(client)): Extension<ClientAddr>, request: Request) -> Response {
    let (bytes, lang) = match receive(&app, client, request).await {
        Ok(received) => received,
        Err(refused) => return refused,
    };
    let form: RequestForm = match parse_json(&bytes) {
        Ok(form) => form,
        Err(e) => return malformed(e),
    };
    let now = talentbrug_private::now();
    let feed = app.live.get();
    let valid = match form.validate(|id| feed.known.lookup(id, now).is_some(), Country::Be) {
        Ok(valid) => valid,
        Err(errors) => return invalid("invalid_request", errors),
    };
    if let Some(busy) = over_global_limit(&app) {
        return busy;
    }
    let feed_sequence = feed.known.lookup(valid.profile_id.as_str(), now);
    let stored = app.writer.submit(NewRequest { request: valid, feed_sequence, received_at: now }).await;
    stored_answer(&app, stored, lang, "status", "request")
}

fn rate_limited(code: &'static str, message: &str, wait: std::time::Duration) -> Response {
    let mut response = error(StatusCode::TOO_MANY_REQUESTS, code, message);
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after_seconds(wait)));
    response
}

fn too_large() -> Response {
    error(StatusCode::PAYLOAD_TOO_LARGE, "too_large", format!("the request body is larger than {} KB", MAX_BODY_BYTES / 1024))
}

/// The language asked for with `POST /api/requests?lang=fr`: the widget's language, so the
/// status link opens in it (the browser's `Accept-Language` may differ).
fn status_lang(query: Option<&str>) -> Option<Lang> {
    query?.split('&').find_map(|pair| pair.strip_prefix("lang=")).and_then(Lang::from_tag)
}

fn accepted(app: &App, reference: &str, page: &str, token: &str, lang: Option<Lang>, replayed: bool) -> Response {
    let mut status_url = format!("{}/{page}/{token}", app.public_url.as_deref().unwrap_or(""));
    if let Some(lang) = lang {
        status_url.push_str("?lang=");
        status_url.push_str(lang.tag());
    }
    let mut response = (StatusCode::CREATED, axum::Json(Accepted { reference: reference.to_owned(), status_url })).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if replayed {
        response.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const GOOD: &str = r#"{"profile_id":"p1","idempotency_key":"0123456789abcdef","form_ms":30000,"website":"",
        "employer":{"company":"Bakkerij Peeters","contact_name":"An Peeters","email":"an@peeters.be","phone":"016 12 34 56","postcode":"3000"},
        "vacancy":{"title":"Verkoper","description":"","hours_per_week":30},"commitment":true,"consent":true}"#;

    #[test]
    fn parse_errors_name_the_field() {
        assert!(parse_form(GOOD.as_bytes()).is_ok());
        let (field, message) = parse_form(GOOD.replace("\"form_ms\":30000", "\"form_ms\":\"soon\"").as_bytes()).unwrap_err();
        assert_eq!(field.as_deref(), Some("form_ms"));
        assert!(message.contains("invalid type"), "{message}");
        let (field, _) = parse_form(GOOD.replace("\"hours_per_week\":30", "\"hours_per_week\":-3").as_bytes()).unwrap_err();
        assert_eq!(field.as_deref(), Some("vacancy.hours_per_week"));
        let (_, message) = parse_form(GOOD.replace("\"website\":\"\",", "\"website\":\"\",\"cv\":\"x\",").as_bytes()).unwrap_err();
        assert!(message.contains("unknown field `cv`"), "{message}");
        let (_, message) = parse_form(format!("{GOOD} {{}}").as_bytes()).unwrap_err();
        assert!(message.contains("trailing"), "{message}");
        assert!(parse_form(b"").is_err());
    }

    #[test]
    fn field_errors_serialise_as_the_widget_reads_them() {
        let e = FieldError { field: talentbrug_core::request::Field::Company, problem: Problem::TooLong { max: 120 } };
        let json = serde_json::to_value(FieldErrorBody::from(e)).unwrap();
        assert_eq!(json["field"], "employer.company");
        assert_eq!(json["problem"], "too_long");
        assert_eq!(json["max"], 120);
        assert_eq!(json["message"], "employer.company is longer than 120 characters");
    }

    #[test]
    fn the_widgets_language_goes_into_the_status_link() {
        assert_eq!(status_lang(Some("lang=fr")), Some(Lang::Fr));
        assert_eq!(status_lang(Some("x=1&lang=en-GB")), Some(Lang::En));
        assert_eq!(status_lang(Some("lang=de")), None);
        assert_eq!(status_lang(None), None);
    }

    #[test]
    fn content_types() {
        let mut h = HeaderMap::new();
        assert!(!is_json(&h));
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("Application/JSON; charset=utf-8"));
        assert!(is_json(&h));
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
        assert!(!is_json(&h));
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/jsonx"));
        assert!(!is_json(&h));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5_000))]

        /// Any bytes give a form or an error, never a panic.
        #[test]
        fn the_parser_survives_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
            let _ = parse_form(&bytes);
        }

        /// A good body with one byte changed or cut short is parsed or refused, never a panic;
        /// whatever parses also validates without panicking.
        #[test]
        fn the_parser_survives_mutated_requests(at in 0usize..2000, byte in any::<u8>(), cut in any::<bool>()) {
            let mut bytes = GOOD.as_bytes().to_vec();
            let i = at % bytes.len();
            bytes[i] = byte;
            if cut {
                bytes.truncate(i);
            }
            if let Ok(form) = parse_form(&bytes) {
                let _ = form.validate(|id| id == "p1", Country::Be);
            }
        }

        /// Any strings in every text field: refused with field errors or accepted, never a panic,
        /// and a refusal always names at least one field.
        #[test]
        fn validation_survives_arbitrary_text(
            company in ".{0,300}", email in ".{0,300}", phone in ".{0,40}", postcode in ".{0,20}",
            title in ".{0,200}", description in ".{0,2100}", hours in any::<u32>(), form_ms in any::<u64>()
        ) {
            let mut form = parse_form(GOOD.as_bytes()).unwrap();
            form.employer.company = company;
            form.employer.email = email;
            form.employer.phone = phone;
            form.employer.postcode = postcode;
            form.vacancy.title = title;
            form.vacancy.description = description;
            form.vacancy.hours_per_week = hours;
            form.form_ms = form_ms;
            let json = serde_json::to_vec(&form).unwrap();
            let parsed = parse_form(&json).unwrap();
            prop_assert_eq!(&parsed, &form);
            if let Err(errors) = parsed.validate(|id| id == "p1", Country::Be) {
                prop_assert!(!errors.is_empty());
            }
        }
    }

    /// `cargo xtask fuzz --cases N` (`PROPTEST_CASES`): request bodies that are arbitrary bytes,
    /// or a good body with bytes changed, inserted or cut off, through the parser and the
    /// validation the endpoint runs; never a panic.
    #[test]
    #[ignore = "long: run by `cargo xtask fuzz --cases N`"]
    fn fuzz_request_bodies() {
        fn mutate(at: usize, insert: &[u8], mode: u8) -> Vec<u8> {
            let mut bytes = GOOD.as_bytes().to_vec();
            let at = at % (bytes.len() + 1);
            match mode % 3 {
                0 if at < bytes.len() => bytes[at] = insert.first().copied().unwrap_or(0),
                1 => {
                    bytes.splice(at..at, insert.iter().copied());
                }
                _ => bytes.truncate(at),
            }
            bytes
        }
        let bodies = prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..600),
            (any::<usize>(), proptest::collection::vec(any::<u8>(), 1..16), any::<u8>())
                .prop_map(|(at, insert, mode)| mutate(at, &insert, mode)),
        ];
        let config = ProptestConfig { failure_persistence: None, ..ProptestConfig::default() };
        proptest::test_runner::TestRunner::new(config)
            .run(&bodies, |bytes| {
                if let Ok(form) = parse_form(&bytes) {
                    let _ = form.validate(|id| id == "p1", Country::Be);
                }
                Ok(())
            })
            .unwrap();
    }
}
