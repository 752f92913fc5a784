//! Vacancy events to the organisation's own system: `vacancy.received` (with the record id behind
//! each matched profile), `proposal.created`, `proposal.withdrawn`, `interview.confirmed` (the
//! employer set a day), `interview.held` and `vacancy.closed`. A proposal travels without the coach's note: that stays in the inbox.
//! Receivers deduplicate on the `Idempotency-Key` header (`{reference}/{event id}`).

use std::path::Path;

use serde::Serialize;
use talentbrug_core::Timestamp;
use talentbrug_inbox::{EventKind, MappingStore, MatchedRecord, PendingEvent, Proposal, ProposalStatus, Store, StoredVacancy};

use super::{load_mapping, send, WebhookConfig, BATCH};
use crate::log::log;

/// A proposal as the organisation's system receives it: no note.
#[derive(Debug, Serialize)]
pub struct ProposalEvent<'a> {
    /// 1, 2, ... as the employer's page names it.
    pub number: u32,
    /// The coach's record id.
    pub record_id: &'a str,
    /// The public id when proposed.
    pub profile_id: &'a str,
    /// Where it stands.
    pub status: ProposalStatus,
    /// The interview day, if set.
    pub interview_date: Option<&'a str>,
    /// When proposed.
    pub proposed_at: Timestamp,
}

/// What the organisation's system receives for a vacancy event.
#[derive(Debug, Serialize)]
pub struct VacancyEventBody<'a> {
    /// `vacancy.received`, `proposal.created`, `proposal.withdrawn`, `interview.confirmed`,
    /// `interview.held` or `vacancy.closed`.
    pub event: EventKind,
    /// The event's number in this inbox.
    pub event_id: i64,
    /// The vacancy's reference.
    pub reference: &'a str,
    /// The vacancy as it is now.
    pub vacancy: &'a StoredVacancy,
    /// Each matched profile with its record.
    pub matched_records: Vec<MatchedRecord>,
    /// The proposal the event is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proposal: Option<ProposalEvent<'a>>,
}

impl<'a> VacancyEventBody<'a> {
    /// The body for `pending`, with record ids from `mapping`.
    pub fn new(pending: &'a PendingEvent, mapping: Option<&MappingStore>) -> VacancyEventBody<'a> {
        let matched_records = pending.vacancy.matched_records(mapping);
        VacancyEventBody {
            event: pending.kind,
            event_id: pending.id,
            reference: &pending.vacancy.reference,
            vacancy: &pending.vacancy,
            matched_records,
            proposal: pending.proposal.as_ref().map(proposal),
        }
    }
}

fn proposal(p: &Proposal) -> ProposalEvent<'_> {
    ProposalEvent {
        number: p.number,
        record_id: &p.record_id,
        profile_id: &p.profile_id,
        status: p.status,
        interview_date: p.interview_date.as_deref(),
        proposed_at: p.proposed_at,
    }
}

/// Sends every due vacancy event once; returns how many were tried.
pub(super) fn deliver_due(store: &mut Store, agent: &ureq::Agent, hook: &WebhookConfig, private_dir: Option<&Path>) -> usize {
    let due = match store.due_events(talentbrug_private::now(), BATCH) {
        Ok(due) => due,
        Err(e) => {
            log(&format!("webhook: cannot read the vacancy events: {e}"));
            return 0;
        }
    };
    if due.is_empty() {
        return 0;
    }
    let mapping = load_mapping(private_dir);
    for pending in &due {
        let body = serde_json::to_string(&VacancyEventBody::new(pending, mapping.as_ref())).unwrap_or_default();
        let key = format!("{}/{}", pending.vacancy.reference, pending.id);
        let now = talentbrug_private::now();
        let recorded = match send(agent, hook, &key, &body) {
            Ok(()) => store.event_delivered(pending.id, now),
            Err(error) => store.event_failed(pending.id, pending.attempts, &error, now),
        };
        if let Err(e) = recorded {
            log(&format!("webhook: cannot update the vacancy events: {e}"));
        }
    }
    due.len()
}
