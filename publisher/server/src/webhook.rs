//! `--webhook URL`: each new request, and each vacancy event (`events`), is POSTed as JSON to the organisation's own system (CRM,
//! ticketing, a chat channel bridge), from the outbox, with exponential backoff on failure.
//!
//! Delivery is at least once: a receiver that saw a request before gets it again after a crash
//! between its answer and our bookkeeping, so it should deduplicate on `reference` (also sent as
//! the `Idempotency-Key` header).
//!
//! Every delivery is signed (`signature`: the `Talentbrug-Signature` header, HMAC-SHA-256 with
//! the secret of `--webhook-secret-file`); `settings` checks the URL, the secret and the maximum
//! age before the server starts. A request still undelivered after that age is given up and
//! marked undelivered in the outbox for the coach. Errors are stored without the URL's path and
//! query, which may hold a token.

mod events;
mod settings;
mod signature;

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::Duration;

use serde::Serialize;

use crate::http_url::HttpUrl;
use crate::log::log;
use talentbrug_core::Timestamp;
use talentbrug_inbox::MappingStore;
use talentbrug_inbox::{redact_urls, Store, StoredRequest};

pub use settings::{SecretProblem, WebhookConfig, WebhookError, WebhookSecret, DEFAULT_WEBHOOK_MAX_AGE_DAYS};
pub use signature::SIGNATURE_HEADER;

/// How often the outbox is checked when nothing wakes the sender.
const IDLE_CHECK: Duration = Duration::from_secs(2);
/// How long one delivery may take.
const TIMEOUT: Duration = Duration::from_secs(10);
/// Requests sent per round.
const BATCH: usize = 20;

/// What the organisation's system receives.
#[derive(Debug, Serialize)]
pub struct WebhookEvent<'a> {
    /// Always `interview_request.received`.
    pub event: &'static str,
    /// The request.
    #[serde(flatten)]
    pub request: &'a StoredRequest,
    /// The coach's record id for the profile, when the server knows the mapping.
    pub record_id: Option<String>,
}

/// Starts the sender thread. It works through due outbox rows whenever `wake` pings (after a
/// commit) and every few seconds, and stops when `wake`'s sender is dropped. With the
/// publisher's `private_dir`, deliveries carry the coach's `record_id`.
pub fn start(db: &Path, hook: WebhookConfig, wake: Receiver<()>, private_dir: Option<PathBuf>) -> std::io::Result<JoinHandle<()>> {
    let db = db.to_owned();
    std::thread::Builder::new().name("webhook".into()).spawn(move || {
        let mut store = match Store::open_or_create(&db) {
            Ok(store) => store,
            Err(e) => {
                log(&format!("webhook: cannot open the outbox: {e}"));
                return;
            }
        };
        // Every status comes back as a response (not an error), and a redirect is a failure to
        // record, never followed: the request goes only where the organisation said, directly
        // (no proxy taken from the environment).
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(TIMEOUT))
            .max_redirects(0)
            .proxy(None)
            .http_status_as_error(false)
            .user_agent(concat!("talentbrug/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        loop {
            let stop = match wake.recv_timeout(IDLE_CHECK) {
                Ok(()) | Err(RecvTimeoutError::Timeout) => false,
                Err(RecvTimeoutError::Disconnected) => true,
            };
            give_up_old(&mut store, &hook);
            while deliver_due(&mut store, &agent, &hook, private_dir.as_deref()) == BATCH {}
            while events::deliver_due(&mut store, &agent, &hook, private_dir.as_deref()) == BATCH {}
            if stop {
                return;
            }
        }
    })
}

/// Marks every request older than the maximum age that is still undelivered as given up.
fn give_up_old(store: &mut Store, hook: &WebhookConfig) {
    let now = talentbrug_private::now();
    let cutoff = Timestamp::from_unix_seconds(now.unix_seconds().saturating_sub(i64::from(hook.max_age_days) * 86_400));
    match store.give_up_received_before(cutoff, now) {
        Ok(0) => {}
        Ok(n) => log(&format!(
            "webhook: gave up on {n} request(s) not delivered within {} days; `talentbrug inbox list` shows them as not delivered",
            hook.max_age_days
        )),
        Err(e) => log(&format!("webhook: cannot update the outbox: {e}")),
    }
    match store.give_up_events_before(cutoff, now) {
        Ok(0) => {}
        Ok(n) => log(&format!("webhook: gave up on {n} vacancy event(s) not delivered within {} days", hook.max_age_days)),
        Err(e) => log(&format!("webhook: cannot update the outbox: {e}")),
    }
}

/// Sends every due request once; returns how many were tried.
fn deliver_due(store: &mut Store, agent: &ureq::Agent, hook: &WebhookConfig, private_dir: Option<&Path>) -> usize {
    let now = talentbrug_private::now();
    let due = match store.due(now, BATCH) {
        Ok(due) => due,
        Err(e) => {
            log(&format!("webhook: cannot read the outbox: {e}"));
            return 0;
        }
    };
    if due.is_empty() {
        return 0;
    }
    let mapping = load_mapping(private_dir);
    for pending in &due {
        let record_id = mapping
            .as_ref()
            .and_then(|m| m.lookup_in(&pending.request.profile_id, pending.request.feed_sequence))
            .map(|hit| hit.record_id.as_str().to_owned());
        let event = WebhookEvent { event: "interview_request.received", request: &pending.request, record_id };
        let body = serde_json::to_string(&event).unwrap_or_default();
        let now = talentbrug_private::now();
        let recorded = match send(agent, hook, &pending.request.reference, &body) {
            Ok(()) => store.delivered(pending, now),
            Err(error) => store.failed(pending, &error, now),
        };
        if let Err(e) = recorded {
            log(&format!("webhook: cannot update the outbox: {e}"));
        }
    }
    due.len()
}

/// POSTs one signed delivery; the error, if any, in plain words without the URL's path.
fn send(agent: &ureq::Agent, hook: &WebhookConfig, idempotency_key: &str, body: &str) -> Result<(), String> {
    let signature = signature::signature_header(hook.secret(), talentbrug_private::now(), body.as_bytes());
    let sent = agent
        .post(hook.url().as_str())
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", idempotency_key)
        .header(SIGNATURE_HEADER, &signature)
        .send(body);
    match sent {
        Ok(response) if response.status().is_success() => Ok(()),
        Ok(response) => Err(format!("HTTP {} ({})", response.status().as_u16(), hook.url().origin())),
        Err(e) => Err(failure(&e, hook.url())),
    }
}

/// The private id mapping, read per round: a publication may have added one since the last.
fn load_mapping(private_dir: Option<&Path>) -> Option<MappingStore> {
    private_dir.and_then(|dir| match MappingStore::load(dir) {
        Ok(mapping) => Some(mapping),
        Err(e) => {
            log(&format!("webhook: record ids unavailable: {e}"));
            None
        }
    })
}

/// Why a delivery failed, in plain words, with the URL cut to scheme and host: the path and
/// query may hold a secret token, and this text is stored and shown to the coach.
fn failure(error: &ureq::Error, url: &HttpUrl) -> String {
    use std::io::ErrorKind;
    let what = match error {
        ureq::Error::Io(e) => match e.kind() {
            ErrorKind::ConnectionRefused => "connection refused".to_owned(),
            ErrorKind::ConnectionReset | ErrorKind::ConnectionAborted | ErrorKind::UnexpectedEof => {
                "the connection was closed without an answer".to_owned()
            }
            ErrorKind::TimedOut => format!("no answer within {} s", TIMEOUT.as_secs()),
            _ => format!("network error: {e}"),
        },
        ureq::Error::Timeout(_) => format!("no answer within {} s", TIMEOUT.as_secs()),
        ureq::Error::HostNotFound => "host not found".to_owned(),
        ureq::Error::ConnectionFailed => "cannot connect".to_owned(),
        other => other.to_string(),
    };
    let text = format!("{what} ({})", url.origin());
    // The URL as given, and its path and query alone, wherever the library repeated them.
    let (_, after_scheme) = url.as_str().split_once("://").unwrap_or(("", url.as_str()));
    let path_and_query = after_scheme.find(['/', '?', '#']).map_or("", |at| &after_scheme[at..]);
    let text = text.replace(url.as_str(), &url.origin());
    let text = if path_and_query.len() > 1 { text.replace(path_and_query, "") } else { text };
    redact_urls(&text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use talentbrug_inbox::RequestStatus;
    use talentbrug_inbox::{EmployerRecord, VacancyRecord};

    #[test]
    fn the_event_is_the_request_with_its_record_id() {
        let request = StoredRequest {
            reference: "TB-7K3M9-QXD2F".into(),
            idempotency_key: "0123456789abcdef".into(),
            profile_id: "a1b2c3".into(),
            feed_sequence: Some(4),
            received_at: "2026-11-23T09:30:00Z".parse().unwrap(),
            status: RequestStatus::Received,
            status_changed_at: "2026-11-23T09:30:00Z".parse().unwrap(),
            employer: EmployerRecord {
                company: "Bakkerij Peeters".into(),
                contact_name: "An Peeters".into(),
                email: "an@peeters.be".into(),
                phone: "016 12 34 56".into(),
                postcode: "BE-3000".into(),
                place: "Leuven".into(),
            },
            vacancy: VacancyRecord { title: "Verkoper".into(), description: String::new(), hours_per_week: 30 },
            preferred_contact: String::new(),
        };
        let event = WebhookEvent { event: "interview_request.received", request: &request, record_id: Some("SYN-000042".into()) };
        let json = serde_json::to_value(&event).unwrap();
        assert_eq!(json["event"], "interview_request.received");
        assert_eq!(json["reference"], "TB-7K3M9-QXD2F");
        assert_eq!(json["record_id"], "SYN-000042");
        assert_eq!(json["received_at"], "2026-11-23T09:30:00Z");
        assert_eq!(json["employer"]["postcode"], "BE-3000");
        assert_eq!(json["vacancy"]["hours_per_week"], 30);
    }

    #[test]
    fn failures_never_show_the_path_or_query() {
        let url: HttpUrl = "https://user:pw@crm.example:8443/hooks/SECRET?token=SECRET".parse().unwrap();
        let cases = [
            (ureq::Error::Io(std::io::ErrorKind::ConnectionRefused.into()), "connection refused (https://crm.example:8443)"),
            (ureq::Error::HostNotFound, "host not found (https://crm.example:8443)"),
            (
                ureq::Error::BadUri(format!("{} is missing host", url.as_str())),
                "bad uri: https://crm.example:8443 is missing host (https://crm.example:8443)",
            ),
            (
                ureq::Error::BadUri("crm.example:8443/hooks/SECRET?token=SECRET".into()),
                "bad uri: crm.example:8443 (https://crm.example:8443)",
            ),
        ];
        for (error, text) in cases {
            assert_eq!(failure(&error, &url), text);
        }
    }
}
