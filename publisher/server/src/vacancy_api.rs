//! `POST /api/vacancies`: an employer's vacancy from the widget, sent to each organisation whose
//! profiles match it, checked with the core's vacancy rules and stored before it is acknowledged.
//!
//! Everything around the body is as for `POST /api/requests` (origin, CORS, content type, 16 KB,
//! body timeout, per-client and global limits, honeypot and form timing in the core's checks);
//! the `matches` must be ids this organisation's served feed shows (or showed within the grace
//! period). Answers: `201 {"reference", "status_url"}` with the link to `/vacancy/{token}`, the
//! same answer again for the same idempotency key (nothing new stored), `422
//! {"error": "invalid_fields", "errors": [...]}` naming each field, other 4xx as requests.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::response::Response;
use axum::Extension;
use talentbrug_core::vacancy::VacancyRequestForm;
use talentbrug_core::Country;
use talentbrug_inbox::NewVacancy;

use crate::api::{invalid, malformed, over_global_limit, parse_json, receive, stored_answer};
use crate::app::App;
use crate::connections::ClientAddr;

/// The handler of `POST /api/vacancies`.
pub async fn post_vacancy(State(app): State<Arc<App>>, Extension(ClientAddr(client)): Extension<ClientAddr>, request: Request) -> Response {
    let (bytes, lang) = match receive(&app, client, request).await {
        Ok(received) => received,
        Err(refused) => return refused,
    };
    let form: VacancyRequestForm = match parse_json(&bytes) {
        Ok(form) => form,
        Err(e) => return malformed(e),
    };
    let now = talentbrug_private::now();
    let feed = app.live.get();
    let valid = match form.validate(|id| feed.known.lookup(id, now).is_some(), Country::Be) {
        Ok(valid) => valid,
        Err(errors) => return invalid("invalid_fields", errors),
    };
    if let Some(busy) = over_global_limit(&app) {
        return busy;
    }
    let feed_sequences = valid.matches.iter().map(|id| feed.known.lookup(id.as_str(), now)).collect();
    let stored = app.writer.submit_vacancy(NewVacancy { vacancy: valid, feed_sequences, received_at: now }).await;
    stored_answer(&app, stored, lang, "vacancy", "vacancy")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const GOOD: &str = r#"{"idempotency_key":"0123456789abcdef","form_ms":30000,"website":"",
        "employer":{"company":"Bakkerij Peeters","contact_name":"An Peeters","email":"an@peeters.be","phone":"016 12 34 56","postcode":"3000"},
        "vacancy":{"title":"Bakker","occupation":null,"hours":{"min":20,"max":30},"shifts":["day"],"contract_forms":["temp"],
        "start":"2027-01","workplace_postcode":"3000","offers":["quiet_workplace"],"description":""},
        "max_interviews":2,"commitment":true,"consent":true,"matches":["p1"]}"#;

    #[test]
    fn the_contracts_body_parses_and_validates() {
        let form: VacancyRequestForm = parse_json(GOOD.as_bytes()).unwrap();
        assert!(form.validate(|id| id == "p1", Country::Be).is_ok());
        let (field, _) = parse_json::<VacancyRequestForm>(GOOD.replace("\"min\":20", "\"min\":-1").as_bytes()).unwrap_err();
        assert_eq!(field.as_deref(), Some("vacancy.hours.min"));
        let (_, message) = parse_json::<VacancyRequestForm>(GOOD.replace("\"website\":\"\",", "\"cv\":\"x\",").as_bytes()).unwrap_err();
        assert!(message.contains("unknown field `cv`"), "{message}");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        /// A good body with one byte changed or cut short is parsed or refused, never a panic.
        #[test]
        fn the_parser_survives_mutated_vacancies(at in 0usize..2000, byte in any::<u8>(), cut in any::<bool>()) {
            let mut bytes = GOOD.as_bytes().to_vec();
            let i = at % bytes.len();
            bytes[i] = byte;
            if cut {
                bytes.truncate(i);
            }
            if let Ok(form) = parse_json::<VacancyRequestForm>(&bytes) {
                let _ = form.validate(|id| id == "p1", Country::Be);
            }
        }
    }
}
