//! The queries on vacancies: what the coach lists and proposes, and what the employer's private
//! page shows and sets. The employer's side ([`VacancyView`], [`ProposalCard`]) has no field
//! for a record id, a profile id or a coach's note, so none can reach that page.

use rusqlite::{params, OptionalExtension, Row, Transaction};
use serde::Serialize;
use talentbrug_core::{Timestamp, YearMonth};

use crate::events::{insert_event, EventKind};
use crate::store::{EmployerRecord, Store, StoreError};
use crate::tokens::{Reference, StatusToken};
use crate::vacancy_status::{ProposalStatus, VacancyStatus};

/// Why a coach's or an employer's action on a vacancy was refused, in their words.
#[derive(Debug, thiserror::Error)]
pub enum VacancyError {
    /// The database.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// No vacancy has this reference.
    #[error("no vacancy with reference {0} (`talentbrug inbox vacancies` lists them)")]
    NotFound(Reference),
    /// The employer closed the vacancy.
    #[error("vacancy {0} is closed: the employer takes no more proposals")]
    Closed(Reference),
    /// As many people are proposed as the employer promised to interview.
    #[error("vacancy {reference} already has {max} proposed people, as many as the employer promised to interview; withdraw one first")]
    Full {
        /// The vacancy.
        reference: Reference,
        /// Interviews promised.
        max: u8,
    },
    /// The record is already proposed for this vacancy.
    #[error("record {record} is already proposed for {reference}")]
    AlreadyProposed {
        /// The vacancy.
        reference: Reference,
        /// The coach's record id.
        record: String,
    },
    /// The record was proposed for this vacancy and withdrawn: the employer saw that proposal
    /// go, so the same person does not come back under a new number.
    #[error("record {record} was proposed for {reference} and withdrawn; a withdrawn proposal is not made again (call the employer if the person wants to after all)")]
    WasWithdrawn {
        /// The vacancy.
        reference: Reference,
        /// The coach's record id.
        record: String,
    },
    /// The record was never proposed for this vacancy, or already withdrawn.
    #[error("record {record} has no open proposal for {reference}")]
    NotProposed {
        /// The vacancy.
        reference: Reference,
        /// The coach's record id.
        record: String,
    },
    /// The interview already took place.
    #[error("the interview with record {record} for {reference} was already held; it cannot be withdrawn")]
    AlreadyHeld {
        /// The vacancy.
        reference: Reference,
        /// The coach's record id.
        record: String,
    },
    /// The employer's link is unknown or expired, or names no such proposal.
    #[error("this vacancy link or proposal does not exist (any more)")]
    NoSuchLink,
    /// The employer tried to mark a withdrawn proposal.
    #[error("this proposal was withdrawn by the coach")]
    ProposalWithdrawn,
    /// The employer tried to plan an interview already marked as held.
    #[error("this interview was already marked as held")]
    InterviewHeld,
}

/// A day as the employer's date input sends it, `YYYY-MM-DD`, checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InterviewDate(String);

impl InterviewDate {
    /// Reads `YYYY-MM-DD` (a real day).
    pub fn parse(s: &str) -> Option<InterviewDate> {
        let s = s.trim();
        (s.len() == 10 && YearMonth::from_date(s).is_ok()).then(|| InterviewDate(s.to_owned()))
    }

    /// The date, `YYYY-MM-DD`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What the employer sets on a proposal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EmployerMark {
    /// The interview is planned on this day.
    Planned(InterviewDate),
    /// The interview took place.
    Held,
}

/// One public profile id the vacancy matched at this organisation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VacancyMatch {
    /// As the served feed published it.
    pub profile_id: String,
    /// Sequence of the newest served feed that held it.
    pub feed_sequence: Option<u64>,
}

/// A stored vacancy, as the coach sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StoredVacancy {
    /// `TB-XXXXX-XXXXX`.
    pub reference: String,
    /// The widget's idempotency key.
    pub idempotency_key: String,
    /// When it was stored.
    pub received_at: Timestamp,
    /// Open or closed.
    pub status: VacancyStatus,
    /// When the status last changed.
    pub status_changed_at: Timestamp,
    /// Who asks.
    pub employer: EmployerRecord,
    /// Job title.
    pub title: String,
    /// ESCO occupation id, if chosen.
    pub occupation: Option<String>,
    /// Fewest weekly hours.
    pub hours_min: u8,
    /// Most weekly hours.
    pub hours_max: u8,
    /// Shift codes (empty: any).
    pub shifts: Vec<String>,
    /// Contract form codes (empty: any).
    pub contract_forms: Vec<String>,
    /// Start month, `YYYY-MM`.
    pub start: String,
    /// Workplace postcode (`BE-3000`).
    pub workplace_postcode: String,
    /// Its place name.
    pub workplace_place: String,
    /// Workplace offers (workplace-need codes).
    pub offers: Vec<String>,
    /// Description (may be empty).
    pub description: String,
    /// Interviews the employer promised.
    pub max_interviews: u8,
    /// The matching public profile ids, as sent.
    pub matches: Vec<VacancyMatch>,
}

/// A matched profile and the coach's record behind it (for the coach and the webhook only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MatchedRecord {
    /// As the feed published it.
    pub profile_id: String,
    /// The coach's record id, when the mapping knows it.
    pub record_id: Option<String>,
}

impl StoredVacancy {
    /// Each matched profile with the record `mapping` has behind it.
    pub fn matched_records(&self, mapping: Option<&talentbrug_private::MappingStore>) -> Vec<MatchedRecord> {
        let record = |m: &VacancyMatch| {
            mapping.and_then(|s| s.lookup_in(&m.profile_id, m.feed_sequence)).map(|hit| hit.record_id.as_str().to_owned())
        };
        self.matches.iter().map(|m| MatchedRecord { profile_id: m.profile_id.clone(), record_id: record(m) }).collect()
    }
}

/// A coach's proposal, as the coach sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Proposal {
    /// 1, 2, ... in the order proposed: how the employer's page names it.
    pub number: u32,
    /// The coach's record id (never shown to the employer).
    pub record_id: String,
    /// The person's public profile id when proposed.
    pub profile_id: String,
    /// The coach's note (stays in the inbox: never on the employer's page, never in webhooks).
    pub note: String,
    /// Where it stands.
    pub status: ProposalStatus,
    /// The interview day the employer set, if planned or held.
    pub interview_date: Option<String>,
    /// When proposed.
    pub proposed_at: Timestamp,
    /// When the status last changed.
    pub status_changed_at: Timestamp,
}

/// What the employer's private vacancy page shows: their own vacancy and anonymous cards.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VacancyView {
    /// `TB-XXXXX-XXXXX`.
    pub reference: String,
    /// Job title.
    pub title: String,
    /// Fewest weekly hours.
    pub hours_min: u8,
    /// Most weekly hours.
    pub hours_max: u8,
    /// Start month, `YYYY-MM`.
    pub start: String,
    /// Workplace postcode (`BE-3000`).
    pub workplace_postcode: String,
    /// Its place name.
    pub workplace_place: String,
    /// Interviews promised.
    pub max_interviews: u8,
    /// Open or closed.
    pub status: VacancyStatus,
    /// When it arrived.
    pub received_at: Timestamp,
    /// The proposals, oldest first.
    pub proposals: Vec<ProposalCard>,
}

/// One proposed person on the employer's page: no record id, no profile id, no note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProposalCard {
    /// 1, 2, ... in the order proposed.
    pub number: u32,
    /// Where it stands.
    pub status: ProposalStatus,
    /// The interview day, if planned or held.
    pub interview_date: Option<String>,
    /// When proposed.
    pub proposed_at: Timestamp,
}

const VACANCY_COLUMNS: &str = "id, reference, idempotency_key, received_at, status, status_changed_at, company, contact_name,
    email, phone, postcode, place, title, occupation, hours_min, hours_max, shifts, contract_forms, start, workplace_postcode,
    workplace_place, offers, description, max_interviews";

fn list(codes: String) -> Vec<String> {
    codes.split(',').filter(|c| !c.is_empty()).map(str::to_owned).collect()
}

fn parse<T: std::str::FromStr>(row: &Row<'_>, index: usize) -> rusqlite::Result<T>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    let code: String = row.get(index)?;
    code.parse().map_err(|e| rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(e)))
}

/// A vacancy row (without its matches) and its row id.
fn vacancy_row(row: &Row<'_>) -> rusqlite::Result<(i64, StoredVacancy)> {
    Ok((
        row.get(0)?,
        StoredVacancy {
            reference: row.get(1)?,
            idempotency_key: row.get(2)?,
            received_at: Timestamp::from_unix_seconds(row.get(3)?),
            status: parse(row, 4)?,
            status_changed_at: Timestamp::from_unix_seconds(row.get(5)?),
            employer: EmployerRecord::from_row(row, 6)?,
            title: row.get(12)?,
            occupation: row.get(13)?,
            hours_min: row.get(14)?,
            hours_max: row.get(15)?,
            shifts: list(row.get(16)?),
            contract_forms: list(row.get(17)?),
            start: row.get(18)?,
            workplace_postcode: row.get(19)?,
            workplace_place: row.get(20)?,
            offers: list(row.get(21)?),
            description: row.get(22)?,
            max_interviews: row.get(23)?,
            matches: Vec::new(),
        },
    ))
}

/// The vacancy with row id `id` or reference `reference`, with its matches.
pub(crate) fn load_vacancy(
    conn: &rusqlite::Connection,
    id: Option<i64>,
    reference: &str,
) -> rusqlite::Result<Option<(i64, StoredVacancy)>> {
    let sql = format!("SELECT {VACANCY_COLUMNS} FROM vacancies WHERE id = ?1 OR reference = ?2");
    let Some((id, mut vacancy)) = conn.query_row(&sql, params![id, reference], vacancy_row).optional()? else {
        return Ok(None);
    };
    let mut stmt = conn.prepare("SELECT profile_id, feed_sequence FROM vacancy_matches WHERE vacancy_id = ?1 ORDER BY position")?;
    let rows = stmt.query_map(params![id], |r| Ok(VacancyMatch { profile_id: r.get(0)?, feed_sequence: r.get(1)? }))?;
    vacancy.matches = rows.collect::<rusqlite::Result<_>>()?;
    Ok(Some((id, vacancy)))
}

/// The proposals of vacancy `id`, oldest first, numbered, each with its row id.
pub(crate) fn load_proposals(conn: &rusqlite::Connection, id: i64) -> rusqlite::Result<Vec<(i64, Proposal)>> {
    let mut stmt = conn.prepare(
        "SELECT id, record_id, profile_id, note, status, interview_date, proposed_at, status_changed_at
         FROM proposals WHERE vacancy_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map(params![id], |r| {
        Ok((
            r.get(0)?,
            Proposal {
                number: 0,
                record_id: r.get(1)?,
                profile_id: r.get(2)?,
                note: r.get(3)?,
                status: parse(r, 4)?,
                interview_date: r.get(5)?,
                proposed_at: Timestamp::from_unix_seconds(r.get(6)?),
                status_changed_at: Timestamp::from_unix_seconds(r.get(7)?),
            },
        ))
    })?;
    let mut out: Vec<(i64, Proposal)> = rows.collect::<rusqlite::Result<_>>()?;
    for (i, (_, p)) in out.iter_mut().enumerate() {
        p.number = i as u32 + 1;
    }
    Ok(out)
}

impl Store {
    /// Every vacancy, newest first, optionally only those with `status`.
    pub fn vacancies(&self, status: Option<VacancyStatus>) -> Result<Vec<StoredVacancy>, StoreError> {
        let rows = self.vacancy_rows(status).map_err(|e| self.error(e))?;
        Ok(rows.into_iter().map(|(_, v)| v).collect())
    }

    /// Every vacancy, newest first, each with its proposals (oldest first): what an export
    /// lists, read once.
    pub fn vacancies_with_proposals(&self) -> Result<Vec<(StoredVacancy, Vec<Proposal>)>, StoreError> {
        let run = || -> rusqlite::Result<Vec<(StoredVacancy, Vec<Proposal>)>> {
            let rows = self.vacancy_rows(None)?;
            rows.into_iter().map(|(id, v)| Ok((v, load_proposals(self.conn_ref(), id)?.into_iter().map(|(_, p)| p).collect()))).collect()
        };
        run().map_err(|e| self.error(e))
    }

    /// The stored vacancies with their row ids, newest first, optionally only those with `status`.
    fn vacancy_rows(&self, status: Option<VacancyStatus>) -> rusqlite::Result<Vec<(i64, StoredVacancy)>> {
        let refs: Vec<String> = {
            let mut stmt = self
                .conn_ref()
                .prepare("SELECT reference FROM vacancies WHERE (?1 IS NULL OR status = ?1) ORDER BY received_at DESC, id DESC")?;
            let rows = stmt.query_map(params![status.map(|s| s.code())], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        refs.iter().filter_map(|r| load_vacancy(self.conn_ref(), None, r).transpose()).collect()
    }

    /// One vacancy and its proposals, by reference.
    pub fn vacancy(&self, reference: &Reference) -> Result<(StoredVacancy, Vec<Proposal>), VacancyError> {
        let (id, vacancy) = load_vacancy(self.conn_ref(), None, reference.as_str())
            .map_err(|e| self.error(e))?
            .ok_or_else(|| VacancyError::NotFound(reference.clone()))?;
        let proposals = load_proposals(self.conn_ref(), id).map_err(|e| self.error(e))?;
        Ok((vacancy, proposals.into_iter().map(|(_, p)| p).collect()))
    }

    /// How many vacancies are stored (for reports and tests).
    pub fn vacancy_count(&self) -> Result<u64, StoreError> {
        self.conn_ref().query_row("SELECT COUNT(*) FROM vacancies", [], |r| r.get(0)).map_err(|e| self.error(e))
    }

    /// A coach proposes the person behind `record_id` (public id `profile_id`) for a vacancy,
    /// with a note kept in the inbox only. Refused for a closed vacancy, a record already
    /// proposed, or once as many people are proposed as the employer promised to interview.
    pub fn propose(
        &mut self,
        reference: &Reference,
        record_id: &str,
        profile_id: &str,
        note: &str,
        now: Timestamp,
    ) -> Result<Proposal, VacancyError> {
        self.in_transaction(|tx| {
            let (id, vacancy) = load_vacancy(tx, None, reference.as_str())?.ok_or_else(|| VacancyError::NotFound(reference.clone()))?;
            if vacancy.status == VacancyStatus::Closed {
                return Err(VacancyError::Closed(reference.clone()));
            }
            let proposals = load_proposals(tx, id)?;
            if let Some((_, earlier)) = proposals.iter().find(|(_, p)| p.record_id == record_id) {
                let (reference, record) = (reference.clone(), record_id.to_owned());
                return Err(match earlier.status {
                    ProposalStatus::Withdrawn => VacancyError::WasWithdrawn { reference, record },
                    _ => VacancyError::AlreadyProposed { reference, record },
                });
            }
            if proposals.iter().filter(|(_, p)| p.status.counts()).count() >= usize::from(vacancy.max_interviews) {
                return Err(VacancyError::Full { reference: reference.clone(), max: vacancy.max_interviews });
            }
            let at = now.unix_seconds();
            tx.execute(
                "INSERT INTO proposals (vacancy_id, record_id, profile_id, note, status, proposed_at, status_changed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                params![id, record_id, profile_id, note, ProposalStatus::Proposed.code(), at],
            )?;
            let proposal_id = tx.last_insert_rowid();
            insert_event(tx, EventKind::ProposalCreated, id, Some(proposal_id), at)?;
            let proposals = load_proposals(tx, id)?;
            let created = proposals.into_iter().find(|(pid, _)| *pid == proposal_id).map(|(_, p)| p);
            created.ok_or_else(|| rusqlite::Error::QueryReturnedNoRows.into())
        })
    }

    /// A coach withdraws the proposal of `record_id` (before the interview was held).
    pub fn withdraw(&mut self, reference: &Reference, record_id: &str, now: Timestamp) -> Result<(), VacancyError> {
        self.in_transaction(|tx| {
            let (id, _) = load_vacancy(tx, None, reference.as_str())?.ok_or_else(|| VacancyError::NotFound(reference.clone()))?;
            let proposal = load_proposals(tx, id)?.into_iter().find(|(_, p)| p.record_id == record_id);
            let not_proposed = || VacancyError::NotProposed { reference: reference.clone(), record: record_id.to_owned() };
            let (proposal_id, proposal) = proposal.ok_or_else(not_proposed)?;
            match proposal.status {
                ProposalStatus::Withdrawn => return Err(not_proposed()),
                ProposalStatus::InterviewHeld => {
                    return Err(VacancyError::AlreadyHeld { reference: reference.clone(), record: record_id.to_owned() })
                }
                ProposalStatus::Proposed | ProposalStatus::InterviewPlanned => {}
            }
            set_proposal(tx, proposal_id, ProposalStatus::Withdrawn, proposal.interview_date.as_deref(), now)?;
            insert_event(tx, EventKind::ProposalWithdrawn, id, Some(proposal_id), now.unix_seconds())?;
            Ok(())
        })
    }

    /// What the employer's link shows, or `None` for a token that is not ours or expired.
    pub fn vacancy_by_token(&self, token: &StatusToken, now: Timestamp) -> Result<Option<VacancyView>, StoreError> {
        let run = || -> rusqlite::Result<Option<VacancyView>> {
            let Some(id) = vacancy_of(self.conn_ref(), token, now)? else { return Ok(None) };
            let Some((_, v)) = load_vacancy(self.conn_ref(), Some(id), "")? else { return Ok(None) };
            let proposals = load_proposals(self.conn_ref(), id)?
                .into_iter()
                .map(|(_, p)| ProposalCard {
                    number: p.number,
                    status: p.status,
                    interview_date: p.interview_date,
                    proposed_at: p.proposed_at,
                })
                .collect();
            Ok(Some(VacancyView {
                reference: v.reference,
                title: v.title,
                hours_min: v.hours_min,
                hours_max: v.hours_max,
                start: v.start,
                workplace_postcode: v.workplace_postcode,
                workplace_place: v.workplace_place,
                max_interviews: v.max_interviews,
                status: v.status,
                received_at: v.received_at,
                proposals,
            }))
        };
        run().map_err(|e| self.error(e))
    }

    /// The employer marks proposal `number` of the vacancy behind `token` as planned (with its
    /// day: the coach's webhook gets `interview.confirmed`) or held (`interview.held`).
    pub fn employer_marks(&mut self, token: &StatusToken, number: u32, mark: &EmployerMark, now: Timestamp) -> Result<(), VacancyError> {
        self.in_transaction(|tx| {
            let id = vacancy_of(tx, token, now)?.ok_or(VacancyError::NoSuchLink)?;
            let (proposal_id, proposal) =
                load_proposals(tx, id)?.into_iter().find(|(_, p)| p.number == number).ok_or(VacancyError::NoSuchLink)?;
            if proposal.status == ProposalStatus::Withdrawn {
                return Err(VacancyError::ProposalWithdrawn);
            }
            match mark {
                // Once held, an interview is not planned again; the same day again changes nothing
                // (and sends the coach no second `interview.confirmed`).
                EmployerMark::Planned(_) if proposal.status == ProposalStatus::InterviewHeld => return Err(VacancyError::InterviewHeld),
                EmployerMark::Planned(date)
                    if proposal.status == ProposalStatus::InterviewPlanned && proposal.interview_date.as_deref() == Some(date.as_str()) => {
                }
                EmployerMark::Planned(date) => {
                    set_proposal(tx, proposal_id, ProposalStatus::InterviewPlanned, Some(date.as_str()), now)?;
                    insert_event(tx, EventKind::InterviewConfirmed, id, Some(proposal_id), now.unix_seconds())?;
                }
                // Held again (a second click) changes nothing and tells the coach nothing new.
                EmployerMark::Held if proposal.status == ProposalStatus::InterviewHeld => {}
                EmployerMark::Held => {
                    set_proposal(tx, proposal_id, ProposalStatus::InterviewHeld, proposal.interview_date.as_deref(), now)?;
                    insert_event(tx, EventKind::InterviewHeld, id, Some(proposal_id), now.unix_seconds())?;
                }
            }
            Ok(())
        })
    }

    /// The employer closes the vacancy behind `token`: coaches can propose no one else (the
    /// coach's webhook gets `vacancy.closed`, once).
    pub fn employer_closes(&mut self, token: &StatusToken, now: Timestamp) -> Result<(), VacancyError> {
        self.in_transaction(|tx| {
            let id = vacancy_of(tx, token, now)?.ok_or(VacancyError::NoSuchLink)?;
            let closed = tx.execute(
                "UPDATE vacancies SET status = ?1, status_changed_at = ?2 WHERE id = ?3 AND status <> ?1",
                params![VacancyStatus::Closed.code(), now.unix_seconds(), id],
            )?;
            // Closed once: closing again tells the coach nothing new.
            if closed == 1 {
                insert_event(tx, EventKind::VacancyClosed, id, None, now.unix_seconds())?;
            }
            Ok(())
        })
    }

    /// Runs `work` in an immediate transaction, committed when it succeeds.
    fn in_transaction<T>(&mut self, work: impl FnOnce(&Transaction<'_>) -> Result<T, VacancyError>) -> Result<T, VacancyError> {
        let path = self.path().to_owned();
        let sqlite = |e| VacancyError::Store(crate::store::sqlite(&path, e));
        let tx = self.conn().transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(sqlite)?;
        let out = match work(&tx) {
            // Errors from inside `work` learn the database's path.
            Err(VacancyError::Store(StoreError::Sqlite { source, .. })) => return Err(sqlite(source)),
            other => other?,
        };
        tx.commit().map_err(sqlite)?;
        Ok(out)
    }
}

impl From<rusqlite::Error> for VacancyError {
    fn from(e: rusqlite::Error) -> VacancyError {
        VacancyError::Store(StoreError::Sqlite { path: std::path::PathBuf::new(), source: e })
    }
}

/// The vacancy a live link opens: looked up by the token's digest, so the comparison never
/// touches the token itself.
fn vacancy_of(conn: &rusqlite::Connection, token: &StatusToken, now: Timestamp) -> rusqlite::Result<Option<i64>> {
    conn.query_row(
        "SELECT vacancy_id FROM vacancy_links WHERE token_sha256 = ?1 AND expires_at > ?2",
        params![token.digest(), now.unix_seconds()],
        |r| r.get(0),
    )
    .optional()
}

fn set_proposal(tx: &Transaction<'_>, id: i64, status: ProposalStatus, date: Option<&str>, now: Timestamp) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE proposals SET status = ?1, interview_date = ?2, status_changed_at = ?3 WHERE id = ?4",
        params![status.code(), date, now.unix_seconds(), id],
    )
    .map(drop)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::request_writer::{RequestWriter, Stored};
    use crate::store::tests::temp_db;
    use crate::vacancy_writer::NewVacancy;
    use talentbrug_core::vacancy::{HoursForm, VacancyDetailsForm, VacancyRequestForm, ValidVacancy};
    use talentbrug_core::Country;

    /// A valid vacancy with idempotency key `key`, matching `p1` and `p2`, up to 2 interviews.
    pub(crate) fn valid(key: &str) -> ValidVacancy {
        VacancyRequestForm {
            idempotency_key: key.into(),
            form_ms: 30_000,
            website: String::new(),
            employer: crate::request_writer::tests::employer(),
            vacancy: VacancyDetailsForm {
                title: "Bakkerijmedewerker".into(),
                occupation: None,
                hours: HoursForm { min: 20, max: 30 },
                shifts: vec!["day".into()],
                contract_forms: vec!["temp".into(), "permanent".into()],
                start: "2027-01".into(),
                workplace_postcode: "3010".into(),
                offers: vec!["buddy_on_site".into()],
                description: String::new(),
            },
            max_interviews: 2,
            commitment: true,
            consent: true,
            matches: vec!["p1".into(), "p2".into()],
        }
        .validate(|_| true, Country::Be)
        .unwrap()
    }

    const T0: i64 = 1_800_000_000;

    /// Stores a vacancy through the writer; its reference and first token.
    pub(crate) fn stored(path: &std::path::Path, key: &str) -> (Reference, StatusToken) {
        let writer = RequestWriter::start(Store::open_or_create(path).unwrap(), None).unwrap();
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let new = NewVacancy { vacancy: valid(key), feed_sequences: vec![Some(4), None], received_at: Timestamp::from_unix_seconds(T0) };
        let Stored::Created(receipt) = rt.block_on(writer.submit_vacancy(new.clone())).unwrap() else { panic!("not created") };
        let Stored::Replayed(again) = rt.block_on(writer.submit_vacancy(new.clone())).unwrap() else { panic!("not replayed") };
        assert_eq!(again.reference, receipt.reference);
        let mut changed = new;
        changed.vacancy.title = "Bakker".into();
        assert_eq!(rt.block_on(writer.submit_vacancy(changed)).unwrap(), Stored::KeyReused);
        writer.shutdown();
        (receipt.reference, receipt.token)
    }

    fn at(days: i64) -> Timestamp {
        Timestamp::from_unix_seconds(T0 + days * 86_400)
    }

    #[test]
    fn a_vacancy_is_stored_once_with_its_matches_and_an_event() {
        let path = temp_db("vacancy");
        let (reference, token) = stored(&path, "vacancy-key-000001");
        let store = Store::open_existing(&path).unwrap();
        assert_eq!(store.vacancy_count().unwrap(), 1);
        let (v, proposals) = store.vacancy(&reference).unwrap();
        assert_eq!((v.status, v.hours_min, v.hours_max, v.max_interviews), (VacancyStatus::Open, 20, 30, 2));
        assert_eq!(
            (v.shifts.clone(), v.contract_forms.clone(), v.offers.clone()),
            (vec!["day".into()], vec!["temp".into(), "permanent".into()], vec!["buddy_on_site".into()])
        );
        assert_eq!((v.start.as_str(), v.workplace_postcode.as_str(), v.employer.postcode.as_str()), ("2027-01", "BE-3010", "BE-3000"));
        assert_eq!(
            v.matches,
            [
                VacancyMatch { profile_id: "p1".into(), feed_sequence: Some(4) },
                VacancyMatch { profile_id: "p2".into(), feed_sequence: None }
            ]
        );
        assert!(proposals.is_empty());
        assert_eq!(store.vacancies(Some(VacancyStatus::Open)).unwrap().len(), 1);
        assert!(store.vacancies(Some(VacancyStatus::Closed)).unwrap().is_empty());
        let events = store.due_events(at(0), 10).unwrap();
        assert_eq!(events.iter().map(|e| e.kind).collect::<Vec<_>>(), [EventKind::VacancyReceived]);
        assert_eq!(store.vacancy_by_token(&token, at(1)).unwrap().unwrap().reference, reference.as_str());
        assert_eq!(store.vacancy_by_token(&token, at(i64::from(crate::DEFAULT_STATUS_LINK_DAYS))).unwrap(), None, "expired");
        assert_eq!(store.vacancy_by_token(&StatusToken::generate(), at(1)).unwrap(), None);
    }

    #[test]
    fn coaches_propose_within_the_promise_and_the_employer_marks_interviews() {
        let path = temp_db("proposals");
        let (reference, token) = stored(&path, "vacancy-key-000002");
        let mut store = Store::open_existing(&path).unwrap();
        let first = store.propose(&reference, "D-1", "p1", "belt graag na 10u", at(1)).unwrap();
        assert_eq!((first.number, first.status), (1, ProposalStatus::Proposed));
        assert!(matches!(store.propose(&reference, "D-1", "p1", "", at(1)), Err(VacancyError::AlreadyProposed { .. })));
        store.propose(&reference, "D-2", "p2", "", at(1)).unwrap();
        let full = store.propose(&reference, "D-3", "x9", "", at(1)).unwrap_err();
        assert!(full.to_string().contains("already has 2 proposed people"), "{full}");
        store.withdraw(&reference, "D-2", at(2)).unwrap();
        assert!(matches!(store.withdraw(&reference, "D-2", at(2)), Err(VacancyError::NotProposed { .. })));
        let again = store.propose(&reference, "D-2", "p2", "", at(2)).unwrap_err();
        assert!(matches!(again, VacancyError::WasWithdrawn { .. }) && again.to_string().contains("withdrawn"), "{again}");
        store.propose(&reference, "D-3", "x9", "", at(2)).unwrap();

        // The employer's page: anonymous cards only.
        let view = store.vacancy_by_token(&token, at(2)).unwrap().unwrap();
        let cards: Vec<(u32, ProposalStatus)> = view.proposals.iter().map(|c| (c.number, c.status)).collect();
        assert_eq!(cards, [(1, ProposalStatus::Proposed), (2, ProposalStatus::Withdrawn), (3, ProposalStatus::Proposed)]);
        let date = InterviewDate::parse("2027-01-15").unwrap();
        store.employer_marks(&token, 1, &EmployerMark::Planned(date.clone()), at(3)).unwrap();
        // The same day again (a second click, a reload) changes nothing and tells the coach nothing new.
        store.employer_marks(&token, 1, &EmployerMark::Planned(date.clone()), at(4)).unwrap();
        assert!(matches!(store.employer_marks(&token, 2, &EmployerMark::Held, at(3)), Err(VacancyError::ProposalWithdrawn)));
        assert!(matches!(store.employer_marks(&token, 9, &EmployerMark::Held, at(3)), Err(VacancyError::NoSuchLink)));
        let (_, proposals) = store.vacancy(&reference).unwrap();
        assert_eq!((proposals[0].status, proposals[0].interview_date.as_deref()), (ProposalStatus::InterviewPlanned, Some("2027-01-15")));
        assert_eq!(proposals[0].note, "belt graag na 10u", "the note stays in the inbox");
        store.employer_marks(&token, 1, &EmployerMark::Held, at(20)).unwrap();
        store.employer_marks(&token, 1, &EmployerMark::Held, at(20)).unwrap();
        assert!(matches!(store.withdraw(&reference, "D-1", at(21)), Err(VacancyError::AlreadyHeld { .. })));
        assert!(matches!(store.employer_marks(&token, 1, &EmployerMark::Planned(date), at(21)), Err(VacancyError::InterviewHeld)));
        assert_eq!(store.vacancy(&reference).unwrap().1[0].status, ProposalStatus::InterviewHeld, "held stays held");

        store.employer_closes(&token, at(21)).unwrap();
        store.employer_closes(&token, at(21)).unwrap();
        assert!(matches!(store.propose(&reference, "D-4", "x8", "", at(22)), Err(VacancyError::Closed(_))));
        let kinds: Vec<EventKind> = store.due_events(at(30), 20).unwrap().iter().map(|e| e.kind).collect();
        use EventKind::*;
        assert_eq!(
            kinds,
            [
                VacancyReceived,
                ProposalCreated,
                ProposalCreated,
                ProposalWithdrawn,
                ProposalCreated,
                InterviewConfirmed,
                InterviewHeld,
                VacancyClosed
            ],
            "held twice and closed twice: one event each"
        );
        let id = store.due_events(at(30), 1).unwrap()[0].id;
        store.event_delivered(id, at(30)).unwrap();
        store.event_failed(store.due_events(at(30), 1).unwrap()[0].id, 0, "refused (https://crm.example/x?token=S)", at(30)).unwrap();
        assert_eq!(store.due_events(at(30), 20).unwrap().len(), 6, "one delivered, one waiting for its retry");
        assert_eq!(store.give_up_events_before(at(25), at(30)).unwrap(), 7);
        assert!(store.due_events(at(60), 20).unwrap().is_empty());
    }

    #[test]
    fn interview_dates_are_real_days() {
        assert!(InterviewDate::parse("2027-02-28").is_some());
        for bad in ["2027-02-30", "2027-2-3", "tomorrow", "", "2027-01-15T10:00"] {
            assert!(InterviewDate::parse(bad).is_none(), "{bad}");
        }
    }
}
