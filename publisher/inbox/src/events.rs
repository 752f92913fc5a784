//! The outbox of vacancy events for the webhook: `vacancy.received`, `proposal.created`,
//! `proposal.withdrawn`, `interview.confirmed`, `interview.held` and `vacancy.closed`, each written in the same transaction as what
//! it reports, delivered at least once with the requests' backoff, and given up after the same
//! maximum age.

use rusqlite::params;
use talentbrug_core::Timestamp;

use crate::outbox::backoff_seconds;
use crate::redact::redact_urls;
use crate::store::{Store, StoreError};
use crate::vacancies::{load_proposals, load_vacancy, Proposal, StoredVacancy};

/// What happened to a vacancy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum EventKind {
    /// An employer's vacancy arrived.
    #[serde(rename = "vacancy.received")]
    VacancyReceived,
    /// A coach proposed a person.
    #[serde(rename = "proposal.created")]
    ProposalCreated,
    /// A coach withdrew a proposal.
    #[serde(rename = "proposal.withdrawn")]
    ProposalWithdrawn,
    /// The employer marked an interview as planned, with its day.
    #[serde(rename = "interview.confirmed")]
    InterviewConfirmed,
    /// The employer marked an interview as held.
    #[serde(rename = "interview.held")]
    InterviewHeld,
    /// The employer closed the vacancy: no more proposals.
    #[serde(rename = "vacancy.closed")]
    VacancyClosed,
}

impl EventKind {
    /// The event's name on the wire.
    pub fn code(self) -> &'static str {
        match self {
            EventKind::VacancyReceived => "vacancy.received",
            EventKind::ProposalCreated => "proposal.created",
            EventKind::ProposalWithdrawn => "proposal.withdrawn",
            EventKind::InterviewConfirmed => "interview.confirmed",
            EventKind::InterviewHeld => "interview.held",
            EventKind::VacancyClosed => "vacancy.closed",
        }
    }

    fn from_code(code: &str) -> Option<EventKind> {
        [
            EventKind::VacancyReceived,
            EventKind::ProposalCreated,
            EventKind::ProposalWithdrawn,
            EventKind::InterviewConfirmed,
            EventKind::InterviewHeld,
            EventKind::VacancyClosed,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }
}

/// Queues an event for the webhook, in the caller's transaction.
pub(crate) fn insert_event(
    conn: &rusqlite::Connection,
    kind: EventKind,
    vacancy_id: i64,
    proposal_id: Option<i64>,
    now: i64,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO events (event, vacancy_id, proposal_id, created_at, next_attempt_at) VALUES (?1, ?2, ?3, ?4, ?4)",
        params![kind.code(), vacancy_id, proposal_id, now],
    )
    .map(drop)
}

/// An event waiting to be delivered.
#[derive(Clone, Debug)]
pub struct PendingEvent {
    /// The event row (also its idempotency key for receivers).
    pub id: i64,
    /// Failed attempts so far.
    pub attempts: u32,
    /// What happened.
    pub kind: EventKind,
    /// The vacancy as it is now.
    pub vacancy: StoredVacancy,
    /// The proposal the event is about, as it is now.
    pub proposal: Option<Proposal>,
}

impl Store {
    /// Up to `limit` vacancy events neither delivered nor given up that are due at `now`.
    pub fn due_events(&self, now: Timestamp, limit: usize) -> Result<Vec<PendingEvent>, StoreError> {
        let run = || -> rusqlite::Result<Vec<PendingEvent>> {
            let rows: Vec<(i64, u32, String, i64, Option<i64>)> = {
                let mut stmt = self.conn_ref().prepare(
                    "SELECT id, attempts, event, vacancy_id, proposal_id FROM events
                     WHERE delivered_at IS NULL AND undelivered_at IS NULL AND next_attempt_at <= ?1 ORDER BY next_attempt_at, id LIMIT ?2",
                )?;
                let rows = stmt.query_map(params![now.unix_seconds(), limit as i64], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            let mut out = Vec::with_capacity(rows.len());
            for (id, attempts, event, vacancy_id, proposal_id) in rows {
                let (Some(kind), Some((_, vacancy))) = (EventKind::from_code(&event), load_vacancy(self.conn_ref(), Some(vacancy_id), "")?)
                else {
                    continue;
                };
                let proposal = match proposal_id {
                    Some(pid) => load_proposals(self.conn_ref(), vacancy_id)?.into_iter().find(|(p, _)| *p == pid).map(|(_, p)| p),
                    None => None,
                };
                out.push(PendingEvent { id, attempts, kind, vacancy, proposal });
            }
            Ok(out)
        };
        run().map_err(|e| self.error(e))
    }

    /// Records a delivered event.
    pub fn event_delivered(&mut self, id: i64, now: Timestamp) -> Result<(), StoreError> {
        self.conn_ref()
            .execute("UPDATE events SET delivered_at = ?1, last_error = NULL WHERE id = ?2", params![now.unix_seconds(), id])
            .map(drop)
            .map_err(|e| self.error(e))
    }

    /// Records a failed attempt and when to try again (URLs in `error` cut to scheme and host).
    pub fn event_failed(&mut self, id: i64, attempts: u32, error: &str, now: Timestamp) -> Result<(), StoreError> {
        let next = now.unix_seconds() + backoff_seconds(attempts);
        let error: String = redact_urls(error).chars().take(300).collect();
        self.conn_ref()
            .execute(
                "UPDATE events SET attempts = ?1, next_attempt_at = ?2, last_error = ?3 WHERE id = ?4",
                params![attempts + 1, next, error, id],
            )
            .map(drop)
            .map_err(|e| self.error(e))
    }

    /// Gives up on every event created before `created_before` and not delivered; returns how many.
    pub fn give_up_events_before(&mut self, created_before: Timestamp, now: Timestamp) -> Result<usize, StoreError> {
        self.conn_ref()
            .execute(
                "UPDATE events SET undelivered_at = ?1 WHERE delivered_at IS NULL AND undelivered_at IS NULL AND created_at < ?2",
                params![now.unix_seconds(), created_before.unix_seconds()],
            )
            .map_err(|e| self.error(e))
    }
}
