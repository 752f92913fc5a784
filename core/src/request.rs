//! The blind-interview request an employer sends, and its validation, shared by the widget
//! (to show errors next to the fields as the employer types) and the server (to refuse bad
//! requests). Same code, same rules, same field names.
//!
//! [`RequestForm`] is what arrives (the JSON body of `POST /api/requests`); [`RequestForm::validate`]
//! turns it into a [`ValidRequest`] or the list of [`FieldError`]s, each naming its field.
//!
//! # Examples
//!
//! ```
//! use talentbrug_core::request::{Field, Problem, RequestForm};
//! use talentbrug_core::Country;
//!
//! let body = r#"{
//!   "profile_id": "heverlee-b", "idempotency_key": "k-2f6c1a9e4b7d4e21", "form_ms": 45000,
//!   "employer": { "company": "Bakkerij Peeters", "contact_name": "An Peeters",
//!                 "email": "an@bakkerij-peeters.be", "phone": "016 12 34 56", "postcode": "3000" },
//!   "vacancy": { "title": "Inpakker", "hours_per_week": 24 },
//!   "commitment": true, "consent": true
//! }"#;
//! let form: RequestForm = serde_json::from_str(body)?;
//! let in_feed = |id: &str| id == "heverlee-b";
//!
//! let request = form.validate(in_feed, Country::Be).expect("a complete request");
//! assert_eq!(request.postcode, "BE-3000");
//! assert_eq!(request.place, "Leuven");
//!
//! // Every problem at once, each naming its field as the JSON body does.
//! let mut sloppy = form.clone();
//! sloppy.employer.email = "an@bakkerij".into();
//! sloppy.commitment = false;
//! let errors = sloppy.validate(in_feed, Country::Be).unwrap_err();
//! let named: Vec<(&str, &str)> = errors.iter().map(|e| (e.field.path(), e.problem.code())).collect();
//! assert_eq!(named, [("employer.email", "invalid_email"), ("commitment", "must_accept")]);
//!
//! // The widget checks one field as the employer types.
//! assert_eq!(sloppy.field_errors(Field::Email, Country::Be), [Problem::InvalidEmail]);
//! # Ok::<(), serde_json::Error>(())
//! ```

use core::fmt;

use serde::{Deserialize, Serialize};

use crate::gazetteer::{Country, Gazetteer};
use crate::profile::ProfileId;

/// Least time a person needs to fill in the form; quicker is a robot.
pub const MIN_FORM_MS: u64 = 2_000;
/// Longest company, contact name or vacancy title, in characters.
pub const MAX_SHORT_TEXT: usize = 120;
/// Longest vacancy description, in characters.
pub const MAX_DESCRIPTION: usize = 2_000;
/// Longest preferred-contact note, in characters.
pub const MAX_PREFERRED_CONTACT: usize = 200;

/// The employer's side of the request.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmployerForm {
    /// Company name.
    pub company: String,
    /// Contact person.
    pub contact_name: String,
    /// E-mail address.
    pub email: String,
    /// Phone number.
    pub phone: String,
    /// Company postcode (or `3000 Leuven`).
    pub postcode: String,
}

/// The vacancy the employer has in mind.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VacancyForm {
    /// Job title.
    pub title: String,
    /// A few lines about the job (optional).
    #[serde(default)]
    pub description: String,
    /// Weekly hours.
    pub hours_per_week: u32,
}

/// A blind-interview request as sent by the widget: the body of `POST /api/requests`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestForm {
    /// The profile the employer wants to meet.
    pub profile_id: String,
    /// Chosen by the widget once per form; sending again with it never creates a second request.
    pub idempotency_key: String,
    /// How long the form was open, in milliseconds.
    pub form_ms: u64,
    /// Honeypot: hidden from people, so it must stay empty.
    #[serde(default)]
    pub website: String,
    /// Who asks.
    pub employer: EmployerForm,
    /// For which job.
    pub vacancy: VacancyForm,
    /// "I will invite this person for an interview without asking for a CV first."
    pub commitment: bool,
    /// Consent to the organisation's privacy text.
    pub consent: bool,
    /// When the coach can best call (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_contact: Option<String>,
}

/// A form field, named as in the JSON body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Field {
    /// `profile_id`
    #[serde(rename = "profile_id")]
    ProfileId,
    /// `idempotency_key`
    #[serde(rename = "idempotency_key")]
    IdempotencyKey,
    /// `form_ms`
    #[serde(rename = "form_ms")]
    FormMs,
    /// `website` (the honeypot)
    #[serde(rename = "website")]
    Website,
    /// `employer.company`
    #[serde(rename = "employer.company")]
    Company,
    /// `employer.contact_name`
    #[serde(rename = "employer.contact_name")]
    ContactName,
    /// `employer.email`
    #[serde(rename = "employer.email")]
    Email,
    /// `employer.phone`
    #[serde(rename = "employer.phone")]
    Phone,
    /// `employer.postcode`
    #[serde(rename = "employer.postcode")]
    Postcode,
    /// `vacancy.title`
    #[serde(rename = "vacancy.title")]
    Title,
    /// `vacancy.description`
    #[serde(rename = "vacancy.description")]
    Description,
    /// `vacancy.hours_per_week`
    #[serde(rename = "vacancy.hours_per_week")]
    HoursPerWeek,
    /// `commitment`
    #[serde(rename = "commitment")]
    Commitment,
    /// `consent`
    #[serde(rename = "consent")]
    Consent,
    /// `preferred_contact`
    #[serde(rename = "preferred_contact")]
    PreferredContact,
    /// `vacancy.occupation` (vacancy form)
    #[serde(rename = "vacancy.occupation")]
    Occupation,
    /// `vacancy.hours` (vacancy form: `{min, max}`)
    #[serde(rename = "vacancy.hours")]
    Hours,
    /// `vacancy.shifts` (vacancy form)
    #[serde(rename = "vacancy.shifts")]
    Shifts,
    /// `vacancy.contract_forms` (vacancy form)
    #[serde(rename = "vacancy.contract_forms")]
    ContractForms,
    /// `vacancy.start` (vacancy form: `YYYY-MM`)
    #[serde(rename = "vacancy.start")]
    Start,
    /// `vacancy.workplace_postcode` (vacancy form)
    #[serde(rename = "vacancy.workplace_postcode")]
    WorkplacePostcode,
    /// `vacancy.offers` (vacancy form: what the workplace offers)
    #[serde(rename = "vacancy.offers")]
    Offers,
    /// `max_interviews` (vacancy form)
    #[serde(rename = "max_interviews")]
    MaxInterviews,
    /// `matches` (vacancy form: the matching profiles' ids)
    #[serde(rename = "matches")]
    Matches,
}

impl Field {
    /// The field's path in the JSON body (`employer.email`).
    pub fn path(self) -> &'static str {
        match self {
            Field::ProfileId => "profile_id",
            Field::IdempotencyKey => "idempotency_key",
            Field::FormMs => "form_ms",
            Field::Website => "website",
            Field::Company => "employer.company",
            Field::ContactName => "employer.contact_name",
            Field::Email => "employer.email",
            Field::Phone => "employer.phone",
            Field::Postcode => "employer.postcode",
            Field::Title => "vacancy.title",
            Field::Description => "vacancy.description",
            Field::HoursPerWeek => "vacancy.hours_per_week",
            Field::Commitment => "commitment",
            Field::Consent => "consent",
            Field::PreferredContact => "preferred_contact",
            Field::Occupation => "vacancy.occupation",
            Field::Hours => "vacancy.hours",
            Field::Shifts => "vacancy.shifts",
            Field::ContractForms => "vacancy.contract_forms",
            Field::Start => "vacancy.start",
            Field::WorkplacePostcode => "vacancy.workplace_postcode",
            Field::Offers => "vacancy.offers",
            Field::MaxInterviews => "max_interviews",
            Field::Matches => "matches",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.path())
    }
}

/// What is wrong with a field; the widget translates these, the server sends the code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    /// Empty but required.
    Required,
    /// Longer than allowed.
    TooLong {
        /// Most characters allowed.
        max: usize,
    },
    /// Not an e-mail address.
    InvalidEmail,
    /// Not a phone number.
    InvalidPhone,
    /// Not a known Belgian or Dutch postcode or place.
    UnknownPostcode,
    /// Hours outside 1-60.
    HoursOutOfRange,
    /// A checkbox that must be ticked.
    MustAccept,
    /// Sent faster than a person can fill in the form.
    TooFast,
    /// The honeypot was filled in.
    Honeypot,
    /// Not a profile id, or not one in the feed.
    UnknownProfile,
    /// Not a usable idempotency key (16-64 letters, digits, `-`, `_`).
    InvalidKey,
    /// Holds control characters (escape sequences, line breaks in a one-line field) or
    /// bidirectional overrides, which could rewrite what the coach's terminal or spreadsheet
    /// shows.
    HiddenCharacters,
    /// Not a code of the field's vocabulary (a shift, contract form or workplace offer), or not
    /// an ESCO occupation id.
    UnknownCode,
    /// Not a month of the form `YYYY-MM`.
    InvalidMonth,
    /// Interviews outside 1-10.
    InterviewsOutOfRange,
    /// More items than allowed.
    TooMany {
        /// Most items allowed.
        max: usize,
    },
    /// The same item twice.
    Duplicate,
}

impl Problem {
    /// Stable snake_case code for APIs and translations.
    pub fn code(self) -> &'static str {
        match self {
            Problem::Required => "required",
            Problem::TooLong { .. } => "too_long",
            Problem::InvalidEmail => "invalid_email",
            Problem::InvalidPhone => "invalid_phone",
            Problem::UnknownPostcode => "unknown_postcode",
            Problem::HoursOutOfRange => "hours_out_of_range",
            Problem::MustAccept => "must_accept",
            Problem::TooFast => "too_fast",
            Problem::Honeypot => "honeypot",
            Problem::UnknownProfile => "unknown_profile",
            Problem::InvalidKey => "invalid_key",
            Problem::HiddenCharacters => "hidden_characters",
            Problem::UnknownCode => "unknown_code",
            Problem::InvalidMonth => "invalid_month",
            Problem::InterviewsOutOfRange => "interviews_out_of_range",
            Problem::TooMany { .. } => "too_many",
            Problem::Duplicate => "duplicate",
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Required => f.write_str("is required"),
            Problem::TooLong { max } => write!(f, "is longer than {max} characters"),
            Problem::InvalidEmail => f.write_str("is not an e-mail address"),
            Problem::InvalidPhone => f.write_str("is not a phone number (8 to 15 digits)"),
            Problem::UnknownPostcode => f.write_str("is not a Belgian or Dutch postcode"),
            Problem::HoursOutOfRange => f.write_str("must be between 1 and 60 hours a week"),
            Problem::MustAccept => f.write_str("must be accepted"),
            Problem::TooFast => f.write_str("was sent too quickly; please fill in the form yourself"),
            Problem::Honeypot => f.write_str("must be left empty"),
            Problem::UnknownProfile => f.write_str("is not a profile in this feed"),
            Problem::InvalidKey => f.write_str("is not a valid idempotency key"),
            Problem::HiddenCharacters => f.write_str("contains control or text-direction characters"),
            Problem::UnknownCode => f.write_str("holds a value that is not in the list"),
            Problem::InvalidMonth => f.write_str("is not a month such as 2027-01"),
            Problem::InterviewsOutOfRange => f.write_str("must be between 1 and 10 interviews"),
            Problem::TooMany { max } => write!(f, "has more than {max} items"),
            Problem::Duplicate => f.write_str("holds the same item twice"),
        }
    }
}

/// One field and what is wrong with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, thiserror::Error)]
#[error("{field} {problem}")]
pub struct FieldError {
    /// The field.
    pub field: Field,
    /// The problem.
    pub problem: Problem,
}

/// A checked e-mail address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Email(String);

impl Email {
    /// Reads an address of the form `local@domain.tld`, without spaces, at most 254 characters.
    pub fn parse(s: &str) -> Option<Email> {
        let s = s.trim();
        let (local, domain) = s.rsplit_once('@')?;
        let labels: Vec<&str> = domain.split('.').collect();
        let ok = s.len() <= 254
            && !local.is_empty()
            && local.len() <= 64
            && !local.contains('@')
            && labels.len() >= 2
            && labels
                .iter()
                .all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-') && l.chars().all(|c| c.is_alphanumeric() || c == '-'))
            && labels.last().is_some_and(|tld| tld.len() >= 2 && tld.chars().all(char::is_alphabetic))
            && local.chars().all(|c| !c.is_whitespace() && !c.is_control() && !"<>()[],;:\\\"".contains(c));
        ok.then(|| Email(s.to_owned()))
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A phone number as typed, with 8 to 15 digits and only `+ ( ) . / -` and spaces besides.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Phone(String);

impl Phone {
    /// Reads a phone number.
    pub fn parse(s: &str) -> Option<Phone> {
        let s = s.trim();
        let digits = s.chars().filter(char::is_ascii_digit).count();
        let ok = (8..=15).contains(&digits)
            && s.chars().all(|c| c.is_ascii_digit() || " +()./-".contains(c))
            && s.chars().filter(|&c| c == '+').count() <= 1
            && s.find('+').is_none_or(|i| i == 0);
        ok.then(|| Phone(s.to_owned()))
    }

    /// The number as typed.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A request that passed every check: what the server stores.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ValidRequest {
    /// The profile.
    pub profile_id: ProfileId,
    /// The widget's idempotency key.
    pub idempotency_key: String,
    /// Company name, trimmed.
    pub company: String,
    /// Contact person, trimmed.
    pub contact_name: String,
    /// E-mail address.
    pub email: Email,
    /// Phone number.
    pub phone: Phone,
    /// Company postcode, qualified (`BE-3000`).
    pub postcode: String,
    /// Place name of the company postcode.
    pub place: String,
    /// Vacancy title, trimmed.
    pub title: String,
    /// Vacancy description, trimmed (may be empty).
    pub description: String,
    /// Weekly hours.
    pub hours_per_week: u8,
    /// Preferred contact moment, trimmed (may be empty).
    pub preferred_contact: String,
}

/// Whether `c` acts on a display instead of being shown: a control character (escape
/// sequences move a terminal's cursor, set links or write its clipboard) or a bidirectional
/// override or isolate (text then reads differently from what it is). The coach's tools escape
/// these on output too.
pub fn is_hidden_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A trimmed text field, checked: required, at most `max` characters, no hidden controls (a
/// multi-line field may hold line breaks and tabs).
pub(crate) fn text(errors: &mut Vec<FieldError>, field: Field, value: &str, required: bool, max: usize) -> String {
    let value = value.trim();
    let multiline = field == Field::Description;
    let hidden = |c: char| is_hidden_control(c) && !(multiline && matches!(c, '\n' | '\r' | '\t'));
    if required && value.is_empty() {
        errors.push(FieldError { field, problem: Problem::Required });
    } else if value.chars().count() > max {
        errors.push(FieldError { field, problem: Problem::TooLong { max } });
    } else if value.chars().any(hidden) {
        errors.push(FieldError { field, problem: Problem::HiddenCharacters });
    }
    value.to_owned()
}

impl RequestForm {
    /// Checks every field and returns the request or every problem, in form order.
    ///
    /// `profile_exists` answers whether a profile id is in the feed (the widget knows it is;
    /// the server looks it up). `prefer` resolves postcodes that exist in both countries.
    pub fn validate(&self, profile_exists: impl Fn(&str) -> bool, prefer: Country) -> Result<ValidRequest, Vec<FieldError>> {
        self.validate_with(&profile_exists, prefer)
    }

    /// [`RequestForm::validate`] compiled once, whatever the caller's lookup.
    fn validate_with(&self, profile_exists: &dyn Fn(&str) -> bool, prefer: Country) -> Result<ValidRequest, Vec<FieldError>> {
        let mut errors = Vec::new();
        let profile_id = self.profile_id.parse::<ProfileId>().ok().filter(|id| profile_exists(id.as_str()));
        if profile_id.is_none() {
            errors.push(FieldError { field: Field::ProfileId, problem: Problem::UnknownProfile });
        }
        check_sender(&mut errors, &self.idempotency_key, self.form_ms, &self.website);
        let employer = self.employer.check(&mut errors, prefer);
        let title = text(&mut errors, Field::Title, &self.vacancy.title, true, MAX_SHORT_TEXT);
        let description = text(&mut errors, Field::Description, &self.vacancy.description, false, MAX_DESCRIPTION);
        let hours = u8::try_from(self.vacancy.hours_per_week).ok().filter(|h| (1..=60).contains(h));
        if hours.is_none() {
            errors.push(FieldError { field: Field::HoursPerWeek, problem: Problem::HoursOutOfRange });
        }
        check_promises(&mut errors, self.commitment, self.consent);
        let preferred_contact =
            text(&mut errors, Field::PreferredContact, self.preferred_contact.as_deref().unwrap_or(""), false, MAX_PREFERRED_CONTACT);
        match (profile_id, employer, hours) {
            (Some(profile_id), Some(employer), Some(hours_per_week)) if errors.is_empty() => Ok(ValidRequest {
                profile_id,
                idempotency_key: self.idempotency_key.clone(),
                company: employer.company,
                contact_name: employer.contact_name,
                email: employer.email,
                phone: employer.phone,
                postcode: employer.postcode,
                place: employer.place,
                title,
                description,
                hours_per_week,
                preferred_contact,
            }),
            _ => Err(errors),
        }
    }

    /// The problems of one field only, for live validation next to it as the employer types.
    pub fn field_errors(&self, field: Field, prefer: Country) -> Vec<Problem> {
        only(field, self.validate(|_| true, prefer).err())
    }
}

/// The employer's details once checked: shared by requests and vacancies.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ValidEmployer {
    /// Company name, trimmed.
    pub company: String,
    /// Contact person, trimmed.
    pub contact_name: String,
    /// E-mail address.
    pub email: Email,
    /// Phone number.
    pub phone: Phone,
    /// Company postcode, qualified (`BE-3000`).
    pub postcode: String,
    /// Place name of the company postcode.
    pub place: String,
}

impl EmployerForm {
    /// Checks the employer's fields, adding each problem to `errors`.
    pub(crate) fn check(&self, errors: &mut Vec<FieldError>, prefer: Country) -> Option<ValidEmployer> {
        let company = text(errors, Field::Company, &self.company, true, MAX_SHORT_TEXT);
        let contact_name = text(errors, Field::ContactName, &self.contact_name, true, MAX_SHORT_TEXT);
        let email = parsed(errors, Field::Email, &self.email, Email::parse, Problem::InvalidEmail);
        let phone = parsed(errors, Field::Phone, &self.phone, Phone::parse, Problem::InvalidPhone);
        let place = parsed(errors, Field::Postcode, &self.postcode, |s| Gazetteer.resolve(s, prefer).ok(), Problem::UnknownPostcode);
        let (email, phone, place) = (email?, phone?, place?);
        Some(ValidEmployer { company, contact_name, email, phone, postcode: place.postcode.qualified(), place: place.name.to_owned() })
    }
}

/// Checks what every form carries: a usable idempotency key, time taken like a person, an
/// empty honeypot.
pub(crate) fn check_sender(errors: &mut Vec<FieldError>, key: &str, form_ms: u64, website: &str) {
    if !(16..=64).contains(&key.len()) || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        errors.push(FieldError { field: Field::IdempotencyKey, problem: Problem::InvalidKey });
    }
    if form_ms < MIN_FORM_MS {
        errors.push(FieldError { field: Field::FormMs, problem: Problem::TooFast });
    }
    if !website.is_empty() {
        errors.push(FieldError { field: Field::Website, problem: Problem::Honeypot });
    }
}

/// Checks the blind-interview commitment and the consent are both given.
pub(crate) fn check_promises(errors: &mut Vec<FieldError>, commitment: bool, consent: bool) {
    if !commitment {
        errors.push(FieldError { field: Field::Commitment, problem: Problem::MustAccept });
    }
    if !consent {
        errors.push(FieldError { field: Field::Consent, problem: Problem::MustAccept });
    }
}

/// The problems of `field` among `errors`.
pub(crate) fn only(field: Field, errors: Option<Vec<FieldError>>) -> Vec<Problem> {
    errors.unwrap_or_default().into_iter().filter(|e| e.field == field).map(|e| e.problem).collect()
}

/// A required field read with `parse`: `Required` when empty, `problem` when unreadable.
pub(crate) fn parsed<T>(
    errors: &mut Vec<FieldError>,
    field: Field,
    value: &str,
    parse: impl Fn(&str) -> Option<T>,
    problem: Problem,
) -> Option<T> {
    if value.trim().is_empty() {
        errors.push(FieldError { field, problem: Problem::Required });
        return None;
    }
    let parsed = parse(value);
    if parsed.is_none() {
        errors.push(FieldError { field, problem });
    }
    parsed
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A complete, valid employer block, for tests of both forms.
    pub(crate) fn employer() -> EmployerForm {
        EmployerForm {
            company: "Bakkerij Peeters".into(),
            contact_name: "An Peeters".into(),
            email: "an@bakkerij-peeters.be".into(),
            phone: "+32 16 12 34 56".into(),
            postcode: "3000".into(),
        }
    }

    pub(crate) fn good() -> RequestForm {
        RequestForm {
            profile_id: "p1".into(),
            idempotency_key: "0123456789abcdef".into(),
            form_ms: 45_000,
            website: String::new(),
            employer: employer(),
            vacancy: VacancyForm { title: "Verkoper".into(), description: "Winkel en broodsnijden".into(), hours_per_week: 30 },
            commitment: true,
            consent: true,
            preferred_contact: Some("voormiddag".into()),
        }
    }

    fn problems(form: &RequestForm) -> Vec<(Field, Problem)> {
        form.validate(|id| id == "p1", Country::Be).err().unwrap_or_default().into_iter().map(|e| (e.field, e.problem)).collect()
    }

    #[test]
    fn a_good_request_passes() {
        let valid = good().validate(|id| id == "p1", Country::Be).unwrap();
        assert_eq!(valid.postcode, "BE-3000");
        assert_eq!(valid.place, "Leuven");
        assert_eq!(valid.hours_per_week, 30);
    }

    #[test]
    fn each_rule_names_its_field() {
        type Case = (Box<dyn Fn(&mut RequestForm)>, Field, Problem);
        let cases: Vec<Case> = vec![
            (Box::new(|f| f.profile_id = "p2".into()), Field::ProfileId, Problem::UnknownProfile),
            (Box::new(|f| f.idempotency_key = "short".into()), Field::IdempotencyKey, Problem::InvalidKey),
            (Box::new(|f| f.form_ms = 1_999), Field::FormMs, Problem::TooFast),
            (Box::new(|f| f.website = "http://spam".into()), Field::Website, Problem::Honeypot),
            (Box::new(|f| f.employer.company = "  ".into()), Field::Company, Problem::Required),
            (Box::new(|f| f.employer.contact_name = "x".repeat(121)), Field::ContactName, Problem::TooLong { max: 120 }),
            (Box::new(|f| f.employer.email = "an@bakkerij".into()), Field::Email, Problem::InvalidEmail),
            (Box::new(|f| f.employer.email = "an peeters@bakkerij.be".into()), Field::Email, Problem::InvalidEmail),
            (Box::new(|f| f.employer.phone = "12345".into()), Field::Phone, Problem::InvalidPhone),
            (Box::new(|f| f.employer.phone = "016 12 34 56 x".into()), Field::Phone, Problem::InvalidPhone),
            (Box::new(|f| f.employer.postcode = "1001".into()), Field::Postcode, Problem::UnknownPostcode),
            (Box::new(|f| f.vacancy.title = String::new()), Field::Title, Problem::Required),
            (Box::new(|f| f.vacancy.description = "x".repeat(2001)), Field::Description, Problem::TooLong { max: 2000 }),
            (Box::new(|f| f.vacancy.hours_per_week = 0), Field::HoursPerWeek, Problem::HoursOutOfRange),
            (Box::new(|f| f.vacancy.hours_per_week = 300), Field::HoursPerWeek, Problem::HoursOutOfRange),
            (Box::new(|f| f.commitment = false), Field::Commitment, Problem::MustAccept),
            (Box::new(|f| f.consent = false), Field::Consent, Problem::MustAccept),
            (Box::new(|f| f.employer.company = "Acme\u{1b}[2K\rEvil NV".into()), Field::Company, Problem::HiddenCharacters),
            (Box::new(|f| f.employer.contact_name = "\u{1b}]52;c;ZXZpbA==\u{7}An".into()), Field::ContactName, Problem::HiddenCharacters),
            (Box::new(|f| f.vacancy.title = "Verkoper\nReference: TB-FAKE".into()), Field::Title, Problem::HiddenCharacters),
            (Box::new(|f| f.vacancy.title = "invoice\u{202E}fdp.exe".into()), Field::Title, Problem::HiddenCharacters),
            (
                Box::new(|f| f.vacancy.description = "Brood\n\u{1b}]8;;https://evil.example\u{1b}\\".into()),
                Field::Description,
                Problem::HiddenCharacters,
            ),
            (Box::new(|f| f.preferred_contact = Some("na 14u\u{2066}".into())), Field::PreferredContact, Problem::HiddenCharacters),
        ];
        for (change, field, problem) in cases {
            let mut form = good();
            change(&mut form);
            assert_eq!(problems(&form), vec![(field, problem)], "{field}");
        }
    }

    #[test]
    fn a_description_may_have_lines_and_names_may_have_any_script() {
        let mut form = good();
        form.vacancy.description = "Brood snijden\r\n\tKoffiekoeken bakken".into();
        form.employer.company = "Bäckerei Çelik & Zonen — مخبز".into();
        assert_eq!(problems(&form), vec![]);
    }

    #[test]
    fn body_json_matches_the_api() {
        let json = serde_json::to_value(good()).unwrap();
        for key in
            ["profile_id", "idempotency_key", "form_ms", "website", "employer", "vacancy", "commitment", "consent", "preferred_contact"]
        {
            assert!(json.get(key).is_some(), "{key}");
        }
        let err = serde_json::from_str::<RequestForm>(r#"{"profile_id":"p1","extra":1}"#).unwrap_err();
        assert!(err.to_string().contains("unknown field"));
        assert_eq!(serde_json::to_value(Field::Email).unwrap(), "employer.email");
    }

    #[test]
    fn emails_and_phones() {
        for ok in ["a@b.be", "an.peeters+jobs@bakkerij-peeters.be", "x@sub.domain.nl"] {
            assert!(Email::parse(ok).is_some(), "{ok}");
        }
        for bad in ["", "a@b", "@b.be", "a@.be", "a@b.c", "a b@c.be", "a@b..be", "a@-b.be"] {
            assert!(Email::parse(bad).is_none(), "{bad}");
        }
        for ok in ["+32 16 12 34 56", "0032 (0)16 12.34.56", "016/12 34 56", "06-12345678", "+31 6 1234 5678"] {
            assert!(Phone::parse(ok).is_some(), "{ok}");
        }
        for bad in ["123", "phone", "+32 16 12 34 56 78 90 12 34", "16 + 12 34 56 78"] {
            assert!(Phone::parse(bad).is_none(), "{bad}");
        }
    }
}
