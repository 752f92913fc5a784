//! Storing a vacancy inside the writer's group commit: the vacancy, the public ids it matched,
//! the employer's first status link and the `vacancy.received` webhook event, all or nothing.
//! The same idempotency key finds the stored vacancy instead of making a second one.

use rusqlite::{params, Transaction};
use talentbrug_core::vacancy::ValidVacancy;
use talentbrug_core::vocabulary::{Code, CodeSet};
use talentbrug_core::Timestamp;

use crate::digest::sha256_hex;
use crate::events::{insert_event, EventKind};
use crate::request_writer::{insert_link, replay, Links, Receipt, Stored};
use crate::tokens::{Reference, StatusToken};
use crate::vacancy_status::VacancyStatus;

/// A validated vacancy on its way to the database.
#[derive(Clone, Debug)]
pub struct NewVacancy {
    /// The checked vacancy.
    pub vacancy: ValidVacancy,
    /// For each of `vacancy.matches`, in order: the sequence of the newest served feed that
    /// holds the id (for the mapping lookup).
    pub feed_sequences: Vec<Option<u64>>,
    /// When it arrived.
    pub received_at: Timestamp,
}

impl NewVacancy {
    /// A digest of the checked content: a retry must send the same vacancy to get its reference.
    fn fingerprint(&self) -> String {
        sha256_hex(&serde_json::to_vec(&self.vacancy).unwrap_or_default())
    }
}

/// A code set as stored: its codes joined by commas (`day,weekend`).
pub(crate) fn codes<T: Code>(set: CodeSet<T>) -> String {
    set.iter().map(Code::code).collect::<Vec<_>>().join(",")
}

/// Stores one vacancy inside the batch's transaction (a savepoint); its status link works for
/// `link_seconds`.
pub(crate) fn write_vacancy(tx: &mut Transaction<'_>, new: &NewVacancy, link_seconds: i64) -> rusqlite::Result<Stored> {
    let fingerprint = new.fingerprint();
    let v = &new.vacancy;
    let now = new.received_at.unix_seconds();
    let link_expires = now + link_seconds;
    if let Some(stored) = replay(tx, Links::Vacancy, &v.idempotency_key, &fingerprint, link_expires)? {
        return Ok(stored);
    }
    let sp = tx.savepoint()?;
    let e = &v.employer;
    let mut attempt = 0;
    let reference = loop {
        let reference = Reference::generate();
        let inserted = sp.execute(
            "INSERT INTO vacancies (reference, idempotency_key, fingerprint, received_at, status, status_changed_at,
                company, contact_name, email, phone, postcode, place, title, occupation, hours_min, hours_max, shifts,
                contract_forms, start, workplace_postcode, workplace_place, offers, description, max_interviews)
             VALUES (?1, ?2, ?3, ?4, ?5, ?4, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)",
            params![
                reference.as_str(),
                v.idempotency_key,
                fingerprint,
                now,
                VacancyStatus::Open.code(),
                e.company,
                e.contact_name,
                e.email.as_str(),
                e.phone.as_str(),
                e.postcode,
                e.place,
                v.title,
                v.occupation.map(|o| o.to_string()),
                v.hours.min(),
                v.hours.max(),
                codes(v.shifts),
                codes(v.contract_forms),
                v.start.to_string(),
                v.workplace_postcode,
                v.workplace_place,
                codes(v.offers),
                v.description,
                v.max_interviews.get(),
            ],
        );
        match inserted {
            Ok(_) => break reference,
            // A reference collided (about 1 in 10^15): draw again.
            Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::ConstraintViolation && attempt < 5 => attempt += 1,
            Err(e) => return Err(e),
        }
    };
    let id = sp.last_insert_rowid();
    for (position, profile_id) in v.matches.iter().enumerate() {
        let sequence = new.feed_sequences.get(position).copied().flatten();
        sp.execute(
            "INSERT INTO vacancy_matches (vacancy_id, position, profile_id, feed_sequence) VALUES (?1, ?2, ?3, ?4)",
            params![id, position as i64, profile_id.as_str(), sequence],
        )?;
    }
    let token: StatusToken = insert_link(&sp, Links::Vacancy, id, link_expires)?;
    insert_event(&sp, EventKind::VacancyReceived, id, None, now)?;
    sp.commit()?;
    Ok(Stored::Created(Receipt { reference, token }))
}
