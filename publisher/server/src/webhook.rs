//! `--webhook URL`: each new request is POSTed as JSON to the organisation's own system (CRM,
//! ticketing, a chat channel bridge), from the outbox, with exponential backoff on failure.
//!
//! Delivery is at least once: a receiver that saw a request before gets it again after a crash
//! between its answer and our bookkeeping, so it should deduplicate on `reference` (also sent as
//! the `Idempotency-Key` header).

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::Duration;

use serde::Serialize;

use crate::http_url::HttpUrl;
use crate::log::log;
use talentbrug_inbox::MappingStore;
use talentbrug_inbox::{Store, StoredRequest};

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
pub fn start(db: &Path, url: HttpUrl, wake: Receiver<()>, private_dir: Option<PathBuf>) -> std::io::Result<JoinHandle<()>> {
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
            while deliver_due(&mut store, &agent, &url, private_dir.as_deref()) == BATCH {}
            if stop {
                return;
            }
        }
    })
}

/// Sends every due request once; returns how many were tried.
fn deliver_due(store: &mut Store, agent: &ureq::Agent, url: &HttpUrl, private_dir: Option<&Path>) -> usize {
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
    // Read the mapping per round: a publication may have added one since the last.
    let mapping = private_dir.and_then(|dir| match MappingStore::load(dir) {
        Ok(mapping) => Some(mapping),
        Err(e) => {
            log(&format!("webhook: record ids unavailable: {e}"));
            None
        }
    });
    for pending in &due {
        let record_id = mapping.as_ref().and_then(|m| m.lookup(&pending.request.profile_id)).map(|hit| hit.record_id.as_str().to_owned());
        let event = WebhookEvent { event: "interview_request.received", request: &pending.request, record_id };
        let body = serde_json::to_string(&event).unwrap_or_default();
        let sent = agent
            .post(url.as_str())
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", &pending.request.reference)
            .send(&body);
        let now = talentbrug_private::now();
        let recorded = match sent {
            Ok(response) if response.status().is_success() => store.delivered(pending.request_id, now),
            Ok(response) => store.failed(pending.request_id, pending.attempts, &format!("HTTP {}", response.status().as_u16()), now),
            Err(e) => store.failed(pending.request_id, pending.attempts, &e.to_string(), now),
        };
        if let Err(e) = recorded {
            log(&format!("webhook: cannot update the outbox: {e}"));
        }
    }
    due.len()
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
}
