//! `talentbrug inbox`: the coach's view of the requests `talentbrug serve` stored, joined with
//! the publisher's private id mapping so each request shows the record it is about.
//!
//! - `inbox list [--status S] [--json]`: newest first; `--json` prints an array of requests.
//! - `inbox show REF`: one request with its history and webhook delivery.
//!
//! A request the webhook gave up on (older than `serve --webhook-max-age-days`) is named as not
//! delivered by `list` and `show`; stored delivery errors never show a URL's path or query.
//! - `inbox set-status REF STATUS [--note TEXT]`: received, contacted, interview_planned, closed.
//! - `inbox export --csv [--vacancies] [--out FILE]`: every request (or every vacancy, with its
//!   proposals counted) as CSV for a spreadsheet.
//! - `inbox vacancies`, `inbox vacancy REF`, `inbox propose REF --record ID [--note]`, `inbox
//!   withdraw REF --record ID`: employers' vacancies and the coaches' proposals (`vacancy_cmd`).
//! - `inbox erase REF`: one request or vacancy and every row about its employer, when they ask.
//! - `inbox purge [--older-than-months 12]`: every request and vacancy last followed up longer
//!   ago, as the privacy notice promises (run it daily, e.g. from cron).
//!
//! The mapping is found with `--private-dir`, else next to `--key`, else where `talentbrug
//! serve --private-dir` or `talentbrug demo` recorded it in the database.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::terminal::printable;
use talentbrug_inbox::{
    default_private_dir, months_before, BadReference, DeliveryState, EraseError, ErasedKind, MappingError, MappingStore, Reference,
    RequestStatus, StatusChange, Store, StoreError, StoredRequest,
};

/// Arguments of `talentbrug inbox`.
#[derive(Debug, clap::Args)]
pub struct InboxArgs {
    #[command(subcommand)]
    command: InboxCommand,
}

/// Where the inbox and the mapping are; shared by every `inbox` subcommand.
#[derive(Debug, clap::Args)]
pub(crate) struct Where {
    /// The inbox database written by `talentbrug serve`.
    #[arg(long, default_value = "inbox.sqlite")]
    pub(crate) db: PathBuf,
    /// The publisher's private directory with the id mappings [default: next to --key, else the one `serve` recorded].
    #[arg(long)]
    private_dir: Option<PathBuf>,
    /// The organisation's key file; its private directory is next to it (`org.key` → `org.private/`).
    #[arg(long)]
    key: Option<PathBuf>,
}

#[derive(Debug, clap::Subcommand)]
enum InboxCommand {
    /// List requests, newest first.
    List {
        #[command(flatten)]
        at: Where,
        /// Only requests with this status (received, contacted, interview_planned, closed).
        #[arg(long)]
        status: Option<RequestStatus>,
        /// Print a JSON array instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show one request with its history.
    Show {
        /// The reference (TB-XXXXX-XXXXX).
        reference: String,
        #[command(flatten)]
        at: Where,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Record where a request stands.
    SetStatus {
        /// The reference (TB-XXXXX-XXXXX).
        reference: String,
        /// received, contacted, interview_planned or closed.
        status: RequestStatus,
        /// An internal note for colleagues (never shown to the employer).
        #[arg(long, default_value = "")]
        note: String,
        #[command(flatten)]
        at: Where,
    },
    /// Export every request, or every vacancy (for a spreadsheet).
    Export {
        /// Write CSV (the only format so far).
        #[arg(long)]
        csv: bool,
        /// Export the employers' vacancies (one row each, proposals counted) instead of requests.
        #[arg(long)]
        vacancies: bool,
        /// Write to this file instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        at: Where,
    },
    /// List employers' vacancies, newest first.
    Vacancies {
        #[command(flatten)]
        at: Where,
        /// Only open or closed vacancies.
        #[arg(long)]
        status: Option<talentbrug_inbox::VacancyStatus>,
        /// Print a JSON array instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show one vacancy: the matched records and the proposals.
    Vacancy {
        /// The reference (TB-XXXXX-XXXXX).
        reference: String,
        #[command(flatten)]
        at: Where,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Propose a person for a vacancy, after talking to them.
    Propose {
        /// The vacancy's reference (TB-XXXXX-XXXXX).
        reference: String,
        /// Your record id of the person (as in your export).
        #[arg(long)]
        record: String,
        /// An internal note for colleagues (never shown to the employer, never sent by the webhook).
        #[arg(long, default_value = "")]
        note: String,
        #[command(flatten)]
        at: Where,
    },
    /// Withdraw a proposal.
    Withdraw {
        /// The vacancy's reference (TB-XXXXX-XXXXX).
        reference: String,
        /// Your record id of the person.
        #[arg(long)]
        record: String,
        #[command(flatten)]
        at: Where,
    },
    /// Erase a request or vacancy, when its employer asks.
    ///
    /// Takes the employer's data with the history, notes, status links, proposals and webhook
    /// rows; not the copies already in your own system (webhook) or in CSV exports.
    Erase {
        /// The reference of the request or vacancy (TB-XXXXX-XXXXX).
        reference: String,
        /// Only a request with this reference (when a request and a vacancy share it).
        #[arg(long, conflicts_with = "vacancy")]
        request: bool,
        /// Only a vacancy with this reference.
        #[arg(long)]
        vacancy: bool,
        /// The inbox database written by `talentbrug serve`.
        #[arg(long, default_value = "inbox.sqlite")]
        db: PathBuf,
    },
    /// Erase what was last followed up longer ago than the privacy notice keeps it.
    ///
    /// Every request and vacancy whose last follow-up (status change, proposal, employer's mark;
    /// else receipt) is older than --older-than-months. Run it daily, e.g. from cron.
    Purge {
        /// Months after the last follow-up (the privacy notice promises 12).
        #[arg(long, default_value_t = 12, value_parser = clap::value_parser!(u32).range(1..))]
        older_than_months: u32,
        /// The inbox database written by `talentbrug serve`.
        #[arg(long, default_value = "inbox.sqlite")]
        db: PathBuf,
    },
}

/// What can go wrong in the inbox commands.
#[derive(Debug, thiserror::Error)]
pub enum InboxError {
    /// The database.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The private directory.
    #[error(transparent)]
    Mapping(#[from] MappingError),
    /// A reference that is not one.
    #[error(transparent)]
    Reference(#[from] BadReference),
    /// A vacancy action was refused.
    #[error(transparent)]
    Vacancy(#[from] talentbrug_inbox::VacancyError),
    /// An erasure was refused.
    #[error(transparent)]
    Erase(#[from] EraseError),
    /// A record that no kept id mapping knows.
    #[error("record {0} is not in the id mapping of any kept publication: only people published in your feed can be proposed (check the record id, or publish first)")]
    UnknownRecord(String),
    /// Proposing needs the mapping.
    #[error("proposing needs the id mapping: pass --private-dir (or --key)")]
    NoMapping,
    /// `export` without a format.
    #[error("say which format: `inbox export --csv`")]
    NoFormat,
    /// Writing the output failed.
    #[error("{0}")]
    Output(String),
}

/// A request as the coach sees it: the stored request and the record it is about.
#[derive(Debug, Serialize)]
pub struct InboxEntry {
    /// The stored request.
    #[serde(flatten)]
    pub request: StoredRequest,
    /// The coach's record id for the profile, when the mapping knows it.
    pub record_id: Option<String>,
    /// Where its webhook delivery stands (listed requests; `inbox show` prints it apart).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook: Option<DeliveryState>,
}

/// Finds the mapping for `at` (see the module documentation); `None` when there is none.
pub(crate) fn mapping_for(at: &Where, store: &Store) -> Result<Option<MappingStore>, InboxError> {
    let explicit = at.private_dir.clone().or_else(|| at.key.as_deref().map(default_private_dir));
    let dir = match explicit {
        Some(dir) => dir,
        None => match store.private_dir()? {
            Some(dir) if dir.is_dir() => dir,
            _ => {
                eprintln!("note: record ids unknown: pass --private-dir (or --key) to join the id mapping");
                return Ok(None);
            }
        },
    };
    Ok(Some(MappingStore::load(&dir)?))
}

/// The inbox's requests (optionally one status) joined with the mapping at `private_dir`.
pub fn entries(store: &Store, mapping: Option<&MappingStore>, status: Option<RequestStatus>) -> Result<Vec<InboxEntry>, StoreError> {
    let mut deliveries = store.deliveries()?;
    Ok(store
        .list(status)?
        .into_iter()
        .map(|request| {
            let webhook = deliveries.remove(&request.reference);
            InboxEntry { webhook, ..join(request, mapping) }
        })
        .collect())
}

fn join(request: StoredRequest, mapping: Option<&MappingStore>) -> InboxEntry {
    let record_id =
        mapping.and_then(|m| m.lookup_in(&request.profile_id, request.feed_sequence)).map(|hit| hit.record_id.as_str().to_owned());
    InboxEntry { request, record_id, webhook: None }
}

/// Reads the whole database and mapping for `talentbrug demo`'s and tests' use.
pub fn load(db: &Path, private_dir: Option<&Path>) -> Result<Vec<InboxEntry>, InboxError> {
    let store = Store::open_existing(db)?;
    let mapping = private_dir.map(MappingStore::load).transpose()?;
    Ok(entries(&store, mapping.as_ref(), None)?)
}

pub(crate) fn short(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// `received_at` as `YYYY-MM-DD HH:MM`.
pub(crate) fn when(t: talentbrug_core::Timestamp) -> String {
    let iso = t.to_string();
    format!("{} {}", &iso[..10], &iso[11..16])
}

/// The human table of `inbox list`.
pub fn table(entries: &[InboxEntry]) -> String {
    let mut out = format!(
        "{:<14}  {:<16}  {:<17}  {:<14}  {:<24}  {:<20}  {:<16}  {}\n",
        "REFERENCE", "RECEIVED (UTC)", "STATUS", "RECORD", "COMPANY", "CONTACT", "PHONE", "VACANCY"
    );
    for e in entries {
        let r = &e.request;
        out.push_str(&format!(
            "{:<14}  {:<16}  {:<17}  {:<14}  {:<24}  {:<20}  {:<16}  {}\n",
            r.reference,
            when(r.received_at),
            r.status.code(),
            short(&printable(e.record_id.as_deref().unwrap_or("?")), 14),
            short(&printable(&r.employer.company), 24),
            short(&printable(&r.employer.contact_name), 20),
            short(&printable(&r.employer.phone), 16),
            short(&printable(&r.vacancy.title), 40),
        ));
    }
    if entries.is_empty() {
        out.push_str("(no requests)\n");
    }
    let undelivered: Vec<&str> = entries
        .iter()
        .filter(|e| e.webhook.as_ref().is_some_and(|w| w.undelivered_at.is_some()))
        .map(|e| e.request.reference.as_str())
        .collect();
    if !undelivered.is_empty() {
        out.push_str(&format!(
            "\nNOT DELIVERED to your system by the webhook (retries stopped; handle these from here, `inbox show` says why): {}\n",
            undelivered.join(", ")
        ));
    }
    out
}

/// A cell safe to open in a spreadsheet: text the employer typed that starts like a formula
/// (`=`, `+`, `-`, `@`, tab, CR) is prefixed with `'`, so it is never run.
pub(crate) fn cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

/// A CSV table: `header`, then `rows`, each as wide as the header (the type says so).
pub(crate) fn csv_table<const N: usize>(header: [&str; N], rows: impl IntoIterator<Item = [String; N]>) -> Result<Vec<u8>, InboxError> {
    let out = |e: csv::Error| InboxError::Output(e.to_string());
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header).map_err(out)?;
    for row in rows {
        w.write_record(row).map_err(out)?;
    }
    w.into_inner().map_err(|e| InboxError::Output(e.to_string()))
}

/// The CSV of `inbox export --csv`.
pub fn csv(entries: &[InboxEntry]) -> Result<Vec<u8>, InboxError> {
    let header = [
        "reference",
        "received_at",
        "status",
        "status_changed_at",
        "profile_id",
        "record_id",
        "feed_sequence",
        "company",
        "contact_name",
        "email",
        "phone",
        "postcode",
        "place",
        "vacancy_title",
        "vacancy_description",
        "hours_per_week",
        "preferred_contact",
        "idempotency_key",
    ];
    let rows = entries.iter().map(|e| {
        let r = &e.request;
        [
            r.reference.clone(),
            r.received_at.to_string(),
            r.status.code().to_owned(),
            r.status_changed_at.to_string(),
            r.profile_id.clone(),
            e.record_id.as_deref().map(cell).unwrap_or_default(),
            r.feed_sequence.map(|s| s.to_string()).unwrap_or_default(),
            cell(&r.employer.company),
            cell(&r.employer.contact_name),
            cell(&r.employer.email),
            cell(&r.employer.phone),
            r.employer.postcode.clone(),
            cell(&r.employer.place),
            cell(&r.vacancy.title),
            cell(&r.vacancy.description),
            r.vacancy.hours_per_week.to_string(),
            cell(&r.preferred_contact),
            r.idempotency_key.clone(),
        ]
    });
    csv_table(header, rows)
}

pub(crate) fn print(bytes: &[u8]) -> Result<(), InboxError> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(bytes).and_then(|()| stdout.flush()).map_err(|e| InboxError::Output(format!("standard output: {e}")))
}

pub(crate) fn to_json(value: &impl Serialize) -> Result<Vec<u8>, InboxError> {
    let mut bytes = serde_json::to_vec_pretty(value).map_err(|e| InboxError::Output(e.to_string()))?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Runs `talentbrug inbox`.
pub fn run(args: InboxArgs) -> Result<(), InboxError> {
    match args.command {
        InboxCommand::List { at, status, json } => {
            let store = Store::open_existing(&at.db)?;
            let mapping = mapping_for(&at, &store)?;
            let entries = entries(&store, mapping.as_ref(), status)?;
            print(&if json { to_json(&entries)? } else { table(&entries).into_bytes() })
        }
        InboxCommand::Show { reference, at, json } => {
            let reference: Reference = reference.parse()?;
            let store = Store::open_existing(&at.db)?;
            let mapping = mapping_for(&at, &store)?;
            let entry = join(store.get(&reference)?, mapping.as_ref());
            let history = store.history(&reference)?;
            let delivery = store.delivery(reference.as_str())?;
            if json {
                let value = serde_json::json!({ "request": entry, "history": history, "webhook": delivery });
                return print(&to_json(&value)?);
            }
            print(show(&entry, &history, delivery.as_ref()).as_bytes())
        }
        InboxCommand::SetStatus { reference, status, note, at } => {
            let reference: Reference = reference.parse()?;
            let mut store = Store::open_existing(&at.db)?;
            store.set_status(&reference, status, note.trim(), talentbrug_private::now())?;
            print(format!("{reference} is now {status}\n").as_bytes())
        }
        InboxCommand::Vacancies { at, status, json } => crate::vacancy_cmd::run_list(&at, status, json),
        InboxCommand::Vacancy { reference, at, json } => crate::vacancy_cmd::run_show(&at, &reference, json),
        InboxCommand::Propose { reference, record, note, at } => crate::vacancy_cmd::run_propose(&at, &reference, &record, note.trim()),
        InboxCommand::Withdraw { reference, record, at } => crate::vacancy_cmd::run_withdraw(&at, &reference, &record),
        InboxCommand::Erase { reference, request, vacancy, db } => {
            let reference: Reference = reference.parse()?;
            let mut store = Store::open_existing(&db)?;
            let erased = match (request, vacancy) {
                (true, _) => store.erase_request(&reference)?,
                (_, true) => store.erase_vacancy(&reference)?,
                _ => store.erase(&reference)?,
            };
            let what = match erased.kind {
                ErasedKind::Request => {
                    "request: the employer's data, the status history with its notes, the status links and the webhook row"
                }
                ErasedKind::Vacancy => {
                    "vacancy: the employer's data, the matched profiles, the links, the proposals with their notes and the webhook events"
                }
            };
            if !erased.log_cleared {
                eprintln!("{LOG_NOT_CLEARED}");
            }
            print(
                format!(
                    "{reference} erased from this inbox, the {what}; copies outside it (webhook deliveries to your own system, CSV \
                     exports) are not touched\n"
                )
                .as_bytes(),
            )
        }
        InboxCommand::Purge { older_than_months, db } => {
            let mut store = Store::open_existing(&db)?;
            let cutoff = months_before(talentbrug_private::now(), older_than_months);
            let purged = store.purge_followed_up_before(cutoff)?;
            if !purged.log_cleared {
                eprintln!("{LOG_NOT_CLEARED}");
            }
            print(
                format!(
                    "erased {} request(s) and {} vacancy(ies) last followed up before {} (UTC, {older_than_months} months ago)\n",
                    purged.requests,
                    purged.vacancies,
                    when(cutoff)
                )
                .as_bytes(),
            )
        }
        InboxCommand::Export { csv: wants_csv, vacancies, out, at } => {
            if !wants_csv {
                return Err(InboxError::NoFormat);
            }
            let store = Store::open_existing(&at.db)?;
            let bytes = if vacancies {
                crate::vacancy_cmd::csv(&store)?
            } else {
                let mapping = mapping_for(&at, &store)?;
                csv(&entries(&store, mapping.as_ref(), None)?)?
            };
            match out {
                Some(path) => talentbrug_private::write_atomically_with_mode(&path, &bytes, Some(0o600))
                    .map_err(|e| InboxError::Output(e.to_string())),
                None => print(&bytes),
            }
        }
    }
}

/// Said when erased rows may still be in the database's write-ahead log.
const LOG_NOT_CLEARED: &str =
    "note: the rows are erased, but the database's write-ahead log (the `-wal` file next to it) could not be emptied \
     because another program kept reading it; it is overwritten as `serve` writes, or run `inbox purge` again when `serve` is idle";

/// The text of `inbox show`.
fn show(e: &InboxEntry, history: &[StatusChange], delivery: Option<&DeliveryState>) -> String {
    let r = &e.request;
    let mut out = format!(
        "{reference}  {status}\n\
         received     {received}\n\
         profile      {profile} (feed sequence {sequence})\n\
         record       {record}\n\
         company      {company}\n\
         contact      {contact}\n\
         e-mail       {email}\n\
         phone        {phone}\n\
         postcode     {postcode} {place}\n\
         vacancy      {title}, {hours} h/week\n",
        reference = r.reference,
        status = r.status,
        received = when(r.received_at),
        profile = r.profile_id,
        sequence = r.feed_sequence.map(|s| s.to_string()).unwrap_or_else(|| "?".into()),
        record = printable(e.record_id.as_deref().unwrap_or("? (mapping not found)")),
        company = printable(&r.employer.company),
        contact = printable(&r.employer.contact_name),
        email = printable(r.employer.email.as_str()),
        phone = printable(r.employer.phone.as_str()),
        postcode = printable(&r.employer.postcode),
        place = printable(&r.employer.place),
        title = printable(&r.vacancy.title),
        hours = r.vacancy.hours_per_week,
    );
    if !r.vacancy.description.is_empty() {
        // The description may have lines of its own: each is escaped and indented.
        for line in r.vacancy.description.lines() {
            out.push_str(&format!("             {}\n", printable(line)));
        }
    }
    if !r.preferred_contact.is_empty() {
        out.push_str(&format!("best time    {}\n", printable(&r.preferred_contact)));
    }
    out.push_str("history\n");
    for change in history {
        let note = if change.note.is_empty() { String::new() } else { format!("  ({})", printable(&change.note)) };
        out.push_str(&format!("  {}  {}{note}\n", when(change.changed_at), change.status));
    }
    if let Some(d) = delivery {
        out.push_str(&format!("webhook      {}\n", delivery_state(d)));
    }
    out
}

/// Where a webhook delivery stands, in words for the coach.
fn delivery_state(d: &DeliveryState) -> String {
    let last = || printable(d.last_error.as_deref().unwrap_or("?")).into_owned();
    match (&d.delivered_at, &d.undelivered_at, &d.next_attempt_at) {
        (Some(at), _, _) => format!("delivered {}", when(*at)),
        (None, Some(at), _) if d.attempts > 0 => format!(
            "NOT DELIVERED to your system: retries stopped {} after {} failed attempt(s), last: {}; handle this request from here",
            when(*at),
            d.attempts,
            last()
        ),
        (None, Some(at), _) => format!(
            "NOT DELIVERED to your system: never sent, it was older than `serve --webhook-max-age-days` when retries stopped {}; \
             handle this request from here",
            when(*at)
        ),
        (None, None, Some(next)) if d.attempts > 0 => format!("{} failed attempt(s), last: {}; next {}", d.attempts, last(), when(*next)),
        _ => "waiting (only sent with `serve --webhook`)".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn given_up_deliveries_are_named_in_plain_words() {
        let at = talentbrug_core::Timestamp::from_unix_seconds(1_800_000_000);
        let gave_up = DeliveryState {
            attempts: 12,
            delivered_at: None,
            next_attempt_at: None,
            undelivered_at: Some(at),
            last_error: Some("connection refused (https://crm.example)".into()),
        };
        let text = delivery_state(&gave_up);
        assert!(text.starts_with("NOT DELIVERED to your system") && text.contains("12 failed attempt(s)"), "{text}");
        assert!(text.contains("connection refused (https://crm.example)"), "{text}");
        let never = delivery_state(&DeliveryState { attempts: 0, last_error: None, ..gave_up.clone() });
        assert!(never.starts_with("NOT DELIVERED to your system: never sent"), "{never}");
        let failing = DeliveryState { undelivered_at: None, next_attempt_at: Some(at), ..gave_up };
        assert!(delivery_state(&failing).starts_with("12 failed attempt(s)"));
    }

    #[test]
    fn spreadsheet_formulas_are_defused() {
        assert_eq!(cell("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(cell("+32 16 12 34 56"), "'+32 16 12 34 56");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("Bakkerij Peeters"), "Bakkerij Peeters");
    }

    #[test]
    fn long_cells_are_cut_with_an_ellipsis() {
        assert_eq!(short("Bakkerij", 20), "Bakkerij");
        assert_eq!(short("Bakkerij Peeters en Zonen", 10), "Bakkerij …");
    }
}
