//! The coach's side of vacancies (`talentbrug inbox vacancies|vacancy|propose|withdraw`): the
//! vacancies employers sent, with the record behind each matched profile from the private id
//! mapping, and the proposals a coach makes after talking to the person.
//!
//! The employer's page shows a proposal as an anonymous card; the record id and the coach's note
//! stay in the inbox.

use serde::Serialize;
use talentbrug_core::Timestamp;
use talentbrug_inbox::{MappingStore, MatchedRecord, Proposal, ProposalStatus, Reference, Store, StoredVacancy, VacancyStatus};

use crate::inbox_cmd::{cell, csv_table, mapping_for, print, short, to_json, when, InboxError, Where};
use crate::terminal::printable;

/// One vacancy as `inbox vacancy REF --json` prints it.
#[derive(Debug, Serialize)]
pub struct VacancyDetail {
    /// The vacancy.
    pub vacancy: StoredVacancy,
    /// Each matched profile with its record.
    pub matched_records: Vec<MatchedRecord>,
    /// The proposals, oldest first, with their status and interview day.
    pub proposals: Vec<Proposal>,
}

/// A vacancy with the records behind its matches.
pub fn detail(store: &Store, mapping: Option<&MappingStore>, reference: &Reference) -> Result<VacancyDetail, InboxError> {
    let (vacancy, proposals) = store.vacancy(reference)?;
    let matched_records = vacancy.matched_records(mapping);
    Ok(VacancyDetail { vacancy, matched_records, proposals })
}

/// Proposes the person behind `record` for the vacancy: their public id is the matched one when
/// the match found them, else their newest published one. Refused for a record no kept mapping
/// knows, and as [`Store::propose`] refuses.
pub fn propose(
    store: &mut Store,
    mapping: &MappingStore,
    reference: &Reference,
    record: &str,
    note: &str,
    now: Timestamp,
) -> Result<Proposal, InboxError> {
    let (vacancy, _) = store.vacancy(reference)?;
    let matched = vacancy
        .matches
        .iter()
        .find(|m| mapping.lookup_in(&m.profile_id, m.feed_sequence).is_some_and(|hit| hit.record_id.as_str() == record))
        .map(|m| m.profile_id.clone());
    let profile_id = match matched {
        Some(id) => id,
        None => mapping.profile_of(record).map(|(id, _)| id.to_string()).ok_or_else(|| InboxError::UnknownRecord(record.to_owned()))?,
    };
    Ok(store.propose(reference, record, &profile_id, note, now)?)
}

/// The CSV of `inbox export --csv --vacancies`: one row per vacancy, oldest first, with what the
/// employer asked and how far its proposals got (the coach's notes stay in the inbox).
pub fn csv(store: &Store) -> Result<Vec<u8>, InboxError> {
    let header = [
        "reference",
        "received_at",
        "status",
        "status_changed_at",
        "company",
        "contact_name",
        "email",
        "phone",
        "title",
        "occupation",
        "hours_min",
        "hours_max",
        "shifts",
        "contract_forms",
        "start",
        "workplace_postcode",
        "workplace_place",
        "offers",
        "description",
        "max_interviews",
        "matched_profiles",
        "proposed",
        "withdrawn",
        "interviews_planned",
        "interviews_held",
    ];
    let vacancies = store.vacancies_with_proposals()?;
    let rows = vacancies.iter().rev().map(|(v, proposals)| {
        let count = |status: ProposalStatus| proposals.iter().filter(|p| p.status == status).count().to_string();
        let e = &v.employer;
        [
            v.reference.clone(),
            v.received_at.to_string(),
            v.status.code().to_owned(),
            v.status_changed_at.to_string(),
            cell(&e.company),
            cell(&e.contact_name),
            cell(&e.email),
            cell(&e.phone),
            cell(&v.title),
            v.occupation.clone().unwrap_or_default(),
            v.hours_min.to_string(),
            v.hours_max.to_string(),
            v.shifts.join(" "),
            v.contract_forms.join(" "),
            v.start.clone(),
            v.workplace_postcode.clone(),
            cell(&v.workplace_place),
            v.offers.join(" "),
            cell(&v.description),
            v.max_interviews.to_string(),
            v.matches.len().to_string(),
            count(ProposalStatus::Proposed),
            count(ProposalStatus::Withdrawn),
            count(ProposalStatus::InterviewPlanned),
            count(ProposalStatus::InterviewHeld),
        ]
    });
    csv_table(header, rows)
}

/// The table of `inbox vacancies`.
pub fn table(vacancies: &[StoredVacancy]) -> String {
    let mut out = format!(
        "{:<14}  {:<16}  {:<6}  {:<24}  {:<16}  {:>7}  {:>10}  {}\n",
        "REFERENCE", "RECEIVED (UTC)", "STATUS", "COMPANY", "PHONE", "MATCHES", "INTERVIEWS", "TITLE"
    );
    for v in vacancies {
        out.push_str(&format!(
            "{:<14}  {:<16}  {:<6}  {:<24}  {:<16}  {:>7}  {:>10}  {}\n",
            v.reference,
            when(v.received_at),
            v.status.code(),
            short(&printable(&v.employer.company), 24),
            short(&printable(&v.employer.phone), 16),
            v.matches.len(),
            v.max_interviews,
            short(&printable(&v.title), 40),
        ));
    }
    if vacancies.is_empty() {
        out.push_str("(no vacancies)\n");
    }
    out
}

/// The text of `inbox vacancy REF`.
pub fn show(d: &VacancyDetail) -> String {
    let v = &d.vacancy;
    let list = |codes: &[String]| if codes.is_empty() { "any".to_owned() } else { codes.join(", ") };
    let mut out = format!(
        "{reference}  {status}\n\
         received     {received}\n\
         company      {company}\n\
         contact      {contact}\n\
         e-mail       {email}\n\
         phone        {phone}\n\
         postcode     {postcode} {place}\n\
         vacancy      {title}, {min}-{max} h/week, from {start}, at {wpc} {wplace}\n\
         shifts       {shifts}\n\
         contracts    {contracts}\n\
         offers       {offers}\n\
         interviews   up to {max_interviews}, every proposed person (no CV asked)\n",
        reference = v.reference,
        status = v.status,
        received = when(v.received_at),
        company = printable(&v.employer.company),
        contact = printable(&v.employer.contact_name),
        email = printable(&v.employer.email),
        phone = printable(&v.employer.phone),
        postcode = printable(&v.employer.postcode),
        place = printable(&v.employer.place),
        title = printable(&v.title),
        min = v.hours_min,
        max = v.hours_max,
        start = v.start,
        wpc = printable(&v.workplace_postcode),
        wplace = printable(&v.workplace_place),
        shifts = list(&v.shifts),
        contracts = list(&v.contract_forms),
        offers = list(&v.offers),
        max_interviews = v.max_interviews,
    );
    for line in v.description.lines() {
        out.push_str(&format!("             {}\n", printable(line)));
    }
    out.push_str(&format!("matched      {} profile(s)\n", d.matched_records.len()));
    for m in &d.matched_records {
        out.push_str(&format!("  {:<20}  record {}\n", m.profile_id, printable(m.record_id.as_deref().unwrap_or("? (mapping not found)"))));
    }
    out.push_str("proposals\n");
    if d.proposals.is_empty() {
        out.push_str("  (none yet: `talentbrug inbox propose REF --record RECORD_ID`)\n");
    }
    for p in &d.proposals {
        let day = p.interview_date.as_deref().map(|d| format!(" on {d}")).unwrap_or_default();
        let note = if p.note.is_empty() { String::new() } else { format!("  ({})", printable(&p.note)) };
        out.push_str(&format!(
            "  {}. record {}  {}{day}  since {}{note}\n",
            p.number,
            printable(&p.record_id),
            p.status,
            when(p.status_changed_at)
        ));
    }
    out
}

/// Runs `inbox vacancies`.
pub(crate) fn run_list(at: &Where, status: Option<VacancyStatus>, json: bool) -> Result<(), InboxError> {
    let store = Store::open_existing(&at.db)?;
    let vacancies = store.vacancies(status)?;
    print(&if json { to_json(&vacancies)? } else { table(&vacancies).into_bytes() })
}

/// Runs `inbox vacancy REF`.
pub(crate) fn run_show(at: &Where, reference: &str, json: bool) -> Result<(), InboxError> {
    let reference: Reference = reference.parse()?;
    let store = Store::open_existing(&at.db)?;
    let mapping = mapping_for(at, &store)?;
    let d = detail(&store, mapping.as_ref(), &reference)?;
    print(&if json { to_json(&d)? } else { show(&d).into_bytes() })
}

/// Runs `inbox propose REF --record ID`.
pub(crate) fn run_propose(at: &Where, reference: &str, record: &str, note: &str) -> Result<(), InboxError> {
    let reference: Reference = reference.parse()?;
    let mut store = Store::open_existing(&at.db)?;
    let mapping = mapping_for(at, &store)?.ok_or(InboxError::NoMapping)?;
    let p = propose(&mut store, &mapping, &reference, record, note, talentbrug_private::now())?;
    print(
        format!(
            "Proposed record {} as candidate {} for {reference}. The employer's page shows an anonymous card; call them to plan the interview.\n",
            printable(record),
            p.number
        )
        .as_bytes(),
    )
}

/// Runs `inbox withdraw REF --record ID`.
pub(crate) fn run_withdraw(at: &Where, reference: &str, record: &str) -> Result<(), InboxError> {
    let reference: Reference = reference.parse()?;
    let mut store = Store::open_existing(&at.db)?;
    store.withdraw(&reference, record, talentbrug_private::now())?;
    print(format!("Withdrew record {} from {reference}.\n", printable(record)).as_bytes())
}
