//! A vacancy an employer sends to the coaches of the people who match it, and its validation,
//! shared by the widget (errors next to the fields as the employer types) and the inbox's
//! server (to refuse bad vacancies). Same code, same rules, same field names as
//! [`crate::request`], whose [`Field`], [`Problem`] and [`FieldError`] it uses.
//!
//! [`VacancyRequestForm`] is the JSON body of `POST /api/vacancies`;
//! [`VacancyRequestForm::validate`] turns it into a [`ValidVacancy`] or every [`FieldError`].
//! [`vacancy_url`] derives an organisation's vacancy inbox from its request inbox.
//!
//! # Examples
//!
//! ```
//! use talentbrug_core::request::{Field, Problem};
//! use talentbrug_core::vacancy::{vacancy_url, VacancyRequestForm};
//! use talentbrug_core::Country;
//!
//! let body = r#"{
//!   "idempotency_key": "v-2f6c1a9e4b7d4e21", "form_ms": 42000, "website": "",
//!   "employer": { "company": "Bakkerij Peeters", "contact_name": "An Peeters",
//!                 "email": "an@bakkerij-peeters.be", "phone": "016 12 34 56", "postcode": "3000" },
//!   "vacancy": { "title": "Bakkerijmedewerker", "occupation": null, "hours": { "min": 20, "max": 30 },
//!                "shifts": ["day", "weekend"], "contract_forms": ["temp"], "start": "2027-01",
//!                "workplace_postcode": "3000", "offers": ["quiet_workplace", "buddy_on_site"],
//!                "description": "Ovens vullen, broodjes beleggen" },
//!   "max_interviews": 2, "commitment": true, "consent": true, "matches": ["heverlee-b", "kessel-lo-c"]
//! }"#;
//! let form: VacancyRequestForm = serde_json::from_str(body)?;
//! let in_feed = |id: &str| id == "heverlee-b" || id == "kessel-lo-c";
//!
//! let vacancy = form.validate(in_feed, Country::Be).expect("a complete vacancy");
//! assert_eq!(vacancy.workplace_postcode, "BE-3000");
//! assert_eq!((vacancy.hours.min(), vacancy.hours.max(), vacancy.max_interviews.get()), (20, 30, 2));
//!
//! // Every problem at once, each naming its field as the JSON body does.
//! let mut sloppy = form.clone();
//! sloppy.vacancy.start = "januari".into();
//! sloppy.max_interviews = 11;
//! sloppy.matches.push("somebody-else".into());
//! let errors = sloppy.validate(in_feed, Country::Be).unwrap_err();
//! let named: Vec<(&str, &str)> = errors.iter().map(|e| (e.field.path(), e.problem.code())).collect();
//! assert_eq!(
//!     named,
//!     [("vacancy.start", "invalid_month"), ("max_interviews", "interviews_out_of_range"), ("matches", "unknown_profile")]
//! );
//! // The widget checks one field as the employer types.
//! assert_eq!(sloppy.field_errors(Field::Start, Country::Be), [Problem::InvalidMonth]);
//!
//! // Each organisation's vacancy inbox sits next to its request inbox.
//! assert_eq!(vacancy_url("https://ocmw.example/api/requests"), "https://ocmw.example/api/vacancies");
//! # Ok::<(), serde_json::Error>(())
//! ```

use core::fmt;

use serde::{Deserialize, Serialize};

use crate::calendar::YearMonth;
use crate::gazetteer::{Country, Gazetteer};
use crate::profile::{EscoId, Hours, ProfileId};
use crate::request::{
    check_promises, check_sender, only, parsed, text, EmployerForm, Field, FieldError, Problem, ValidEmployer, MAX_DESCRIPTION,
    MAX_SHORT_TEXT,
};
use crate::vocabulary::{Code, CodeSet, ContractForm, Shift, WorkplaceNeed};

/// Most profile ids one vacancy may name as its matches at one organisation.
pub const MAX_MATCHES: usize = 50;

/// A vacancy as sent by the widget to one organisation: the body of `POST /api/vacancies`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VacancyRequestForm {
    /// Chosen by the widget once per form and organisation; sending again with it never
    /// creates a second vacancy.
    pub idempotency_key: String,
    /// How long the form was open, in milliseconds.
    pub form_ms: u64,
    /// Honeypot: hidden from people, so it must stay empty.
    #[serde(default)]
    pub website: String,
    /// Who asks.
    pub employer: EmployerForm,
    /// The job.
    pub vacancy: VacancyDetailsForm,
    /// How many proposed people the employer promises to interview (1-10).
    #[serde(default)]
    pub max_interviews: u32,
    /// "We interview every candidate a coach proposes, without asking for a CV, up to N."
    pub commitment: bool,
    /// Consent to the organisation's privacy text.
    pub consent: bool,
    /// The public ids of this organisation's profiles that match, as its feed publishes them.
    #[serde(default)]
    pub matches: Vec<String>,
}

/// The job itself, as typed and ticked; codes stay text until checked, so an unknown one is a
/// field error rather than an unreadable body.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VacancyDetailsForm {
    /// Job title.
    pub title: String,
    /// ESCO occupation id (UUID), if the employer chose one.
    #[serde(default)]
    pub occupation: Option<String>,
    /// Weekly hours.
    #[serde(default)]
    pub hours: HoursForm,
    /// Shift codes (`day`, `weekend`, ...); none means any.
    #[serde(default)]
    pub shifts: Vec<String>,
    /// Contract form codes (`temp`, `permanent`, ...); none means any.
    #[serde(default)]
    pub contract_forms: Vec<String>,
    /// Start month, `YYYY-MM`.
    #[serde(default)]
    pub start: String,
    /// Postcode of the workplace (or `3000 Leuven`).
    #[serde(default)]
    pub workplace_postcode: String,
    /// What the workplace offers, as workplace-need codes (`quiet_workplace`, ...).
    #[serde(default)]
    pub offers: Vec<String>,
    /// A few lines about the job (optional).
    #[serde(default)]
    pub description: String,
}

/// Weekly hours as typed: `{"min": 20, "max": 30}`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HoursForm {
    /// Fewest hours a week.
    pub min: u32,
    /// Most hours a week.
    pub max: u32,
}

/// How many interviews an employer commits to: 1-10.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct MaxInterviews(u8);

impl MaxInterviews {
    /// Most interviews an employer can promise for one vacancy.
    pub const MAX: u8 = 10;

    /// The number, if 1-10.
    pub fn new(n: u32) -> Option<MaxInterviews> {
        u8::try_from(n).ok().filter(|n| (1..=Self::MAX).contains(n)).map(MaxInterviews)
    }

    /// The number.
    pub fn get(self) -> u8 {
        self.0
    }
}

impl fmt::Display for MaxInterviews {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A vacancy that passed every check: what the inbox stores.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ValidVacancy {
    /// The widget's idempotency key.
    pub idempotency_key: String,
    /// Who asks.
    pub employer: ValidEmployer,
    /// Job title, trimmed.
    pub title: String,
    /// ESCO occupation, if chosen.
    pub occupation: Option<EscoId>,
    /// Weekly hours.
    pub hours: Hours,
    /// Shifts (empty: any).
    pub shifts: CodeSet<Shift>,
    /// Contract forms (empty: any).
    pub contract_forms: CodeSet<ContractForm>,
    /// Start month.
    pub start: YearMonth,
    /// Workplace postcode, qualified (`BE-3000`).
    pub workplace_postcode: String,
    /// Place name of the workplace postcode.
    pub workplace_place: String,
    /// What the workplace offers.
    pub offers: CodeSet<WorkplaceNeed>,
    /// Description, trimmed (may be empty).
    pub description: String,
    /// Interviews promised.
    pub max_interviews: MaxInterviews,
    /// The matching profiles, distinct, in the order sent.
    pub matches: Vec<ProfileId>,
}

impl VacancyRequestForm {
    /// Checks every field and returns the vacancy or every problem, in form order.
    ///
    /// `profile_exists` answers whether a profile id is in this organisation's feed (the widget
    /// knows it is; the server looks it up). `prefer` resolves postcodes that exist in both
    /// countries.
    pub fn validate(&self, profile_exists: impl Fn(&str) -> bool, prefer: Country) -> Result<ValidVacancy, Vec<FieldError>> {
        self.validate_with(&profile_exists, prefer)
    }

    /// The problems of one field only, for live validation next to it as the employer types.
    pub fn field_errors(&self, field: Field, prefer: Country) -> Vec<Problem> {
        only(field, self.validate(|_| true, prefer).err())
    }

    /// [`VacancyRequestForm::validate`] compiled once, whatever the caller's lookup.
    fn validate_with(&self, profile_exists: &dyn Fn(&str) -> bool, prefer: Country) -> Result<ValidVacancy, Vec<FieldError>> {
        let mut errors = Vec::new();
        check_sender(&mut errors, &self.idempotency_key, self.form_ms, &self.website);
        let employer = self.employer.check(&mut errors, prefer);
        let v = &self.vacancy;
        let title = text(&mut errors, Field::Title, &v.title, true, MAX_SHORT_TEXT);
        let occupation = match v.occupation.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(None),
            Some(s) => s.parse::<EscoId>().map(Some).map_err(|_| fail(&mut errors, Field::Occupation, Problem::UnknownCode)),
        };
        let hours = u8::try_from(v.hours.min).ok().zip(u8::try_from(v.hours.max).ok()).and_then(|(a, b)| Hours::new(a, b).ok());
        if hours.is_none() {
            fail(&mut errors, Field::Hours, Problem::HoursOutOfRange);
        }
        let shifts = codes::<Shift>(&mut errors, Field::Shifts, &v.shifts);
        let contract_forms = codes::<ContractForm>(&mut errors, Field::ContractForms, &v.contract_forms);
        let start = parsed(&mut errors, Field::Start, &v.start, |s| s.trim().parse::<YearMonth>().ok(), Problem::InvalidMonth);
        let workplace = parsed(
            &mut errors,
            Field::WorkplacePostcode,
            &v.workplace_postcode,
            |s| Gazetteer.resolve(s, prefer).ok(),
            Problem::UnknownPostcode,
        );
        let offers = codes::<WorkplaceNeed>(&mut errors, Field::Offers, &v.offers);
        let description = text(&mut errors, Field::Description, &v.description, false, MAX_DESCRIPTION);
        let max_interviews = MaxInterviews::new(self.max_interviews);
        if max_interviews.is_none() {
            fail(&mut errors, Field::MaxInterviews, Problem::InterviewsOutOfRange);
        }
        check_promises(&mut errors, self.commitment, self.consent);
        let matches = matches(&mut errors, &self.matches, profile_exists);
        match (employer, occupation, hours, shifts, contract_forms, start, workplace, offers, max_interviews, matches) {
            (
                Some(employer),
                Ok(occupation),
                Some(hours),
                Some(shifts),
                Some(contract_forms),
                Some(start),
                Some(workplace),
                Some(offers),
                Some(max_interviews),
                Some(matches),
            ) if errors.is_empty() => Ok(ValidVacancy {
                idempotency_key: self.idempotency_key.clone(),
                employer,
                title,
                occupation,
                hours,
                shifts,
                contract_forms,
                start,
                workplace_postcode: workplace.postcode.qualified(),
                workplace_place: workplace.name.to_owned(),
                offers,
                description,
                max_interviews,
                matches,
            }),
            _ => Err(errors),
        }
    }
}

fn fail(errors: &mut Vec<FieldError>, field: Field, problem: Problem) {
    errors.push(FieldError { field, problem });
}

/// A list of vocabulary codes: each known, none twice.
fn codes<T: Code>(errors: &mut Vec<FieldError>, field: Field, values: &[String]) -> Option<CodeSet<T>> {
    let mut set = CodeSet::new();
    for value in values {
        let Some(code) = T::from_code(value.trim()) else {
            fail(errors, field, Problem::UnknownCode);
            return None;
        };
        if set.contains(code) {
            fail(errors, field, Problem::Duplicate);
            return None;
        }
        set.insert(code);
    }
    Some(set)
}

/// 1 to [`MAX_MATCHES`] distinct ids, each of a profile in the feed.
fn matches(errors: &mut Vec<FieldError>, ids: &[String], profile_exists: &dyn Fn(&str) -> bool) -> Option<Vec<ProfileId>> {
    let problem = if ids.is_empty() {
        Some(Problem::Required)
    } else if ids.len() > MAX_MATCHES {
        Some(Problem::TooMany { max: MAX_MATCHES })
    } else if ids.iter().enumerate().any(|(i, id)| ids[..i].contains(id)) {
        Some(Problem::Duplicate)
    } else if !ids.iter().all(|id| id.parse::<ProfileId>().is_ok() && profile_exists(id)) {
        Some(Problem::UnknownProfile)
    } else {
        None
    };
    if let Some(problem) = problem {
        fail(errors, Field::Matches, problem);
        return None;
    }
    ids.iter().map(|id| id.parse().ok()).collect()
}

/// The vacancy inbox of an organisation, from its request inbox (`request_url` in its feed):
/// the last path segment (`requests`) replaced by `vacancies`, keeping the origin, any query
/// and a trailing slash. Both the widget and the server use this one rule.
///
/// ```
/// use talentbrug_core::vacancy::vacancy_url;
/// assert_eq!(vacancy_url("https://ocmw.example/api/requests"), "https://ocmw.example/api/vacancies");
/// assert_eq!(vacancy_url("/api/requests"), "/api/vacancies");
/// assert_eq!(vacancy_url("https://x.example/inbox/requests/?org=2"), "https://x.example/inbox/vacancies/?org=2");
/// ```
pub fn vacancy_url(request_url: &str) -> String {
    let split = request_url.find(['?', '#']).unwrap_or(request_url.len());
    let (path, rest) = request_url.split_at(split);
    let trailing = if path.ends_with('/') { "/" } else { "" };
    let trimmed = path.trim_end_matches('/');
    let origin_end = trimmed.find("://").map_or(0, |i| trimmed[i + 3..].find('/').map_or(trimmed.len(), |j| i + 3 + j));
    match trimmed[origin_end..].rfind('/') {
        Some(i) => format!("{}/vacancies{trailing}{rest}", &trimmed[..origin_end + i]),
        None if origin_end == 0 => format!("vacancies{trailing}{rest}"),
        None => format!("{trimmed}/vacancies{trailing}{rest}"),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use proptest::prelude::*;

    fn good() -> VacancyRequestForm {
        VacancyRequestForm {
            idempotency_key: "0123456789abcdef".into(),
            form_ms: 45_000,
            website: String::new(),
            employer: crate::request::tests::employer(),
            vacancy: VacancyDetailsForm {
                title: "Bakkerijmedewerker".into(),
                occupation: Some("0019b951-c699-4191-8208-9822882d150c".into()),
                hours: HoursForm { min: 20, max: 30 },
                shifts: vec!["day".into(), "weekend".into()],
                contract_forms: vec!["temp".into()],
                start: "2027-01".into(),
                workplace_postcode: "3010".into(),
                offers: vec!["quiet_workplace".into(), "buddy_on_site".into()],
                description: "Ovens vullen\nbroodjes beleggen".into(),
            },
            max_interviews: 2,
            commitment: true,
            consent: true,
            matches: vec!["p1".into(), "p2".into()],
        }
    }

    fn known(id: &str) -> bool {
        matches!(id, "p1" | "p2" | "p3")
    }

    fn problems(form: &VacancyRequestForm) -> Vec<(Field, Problem)> {
        form.validate(known, Country::Be).err().unwrap_or_default().into_iter().map(|e| (e.field, e.problem)).collect()
    }

    #[test]
    fn a_good_vacancy_passes() {
        let v = good().validate(known, Country::Be).unwrap();
        assert_eq!((v.employer.postcode.as_str(), v.workplace_postcode.as_str()), ("BE-3000", "BE-3010"));
        assert_eq!(v.hours, Hours::new(20, 30).unwrap());
        assert_eq!(v.shifts.iter().collect::<Vec<_>>(), [Shift::Day, Shift::Weekend]);
        assert_eq!(v.contract_forms.iter().collect::<Vec<_>>(), [ContractForm::Temp]);
        assert_eq!(v.offers.iter().collect::<Vec<_>>(), [WorkplaceNeed::QuietWorkplace, WorkplaceNeed::BuddyOnSite]);
        assert_eq!(v.start.to_string(), "2027-01");
        assert_eq!(v.max_interviews.get(), 2);
        assert_eq!(v.matches.iter().map(ProfileId::as_str).collect::<Vec<_>>(), ["p1", "p2"]);
        assert!(v.occupation.is_some());
    }

    #[test]
    fn optional_parts_may_be_left_out() {
        let json = r#"{"idempotency_key":"0123456789abcdef","form_ms":9000,
            "employer":{"company":"A","contact_name":"B","email":"b@a.be","phone":"016 12 34 56","postcode":"3000"},
            "vacancy":{"title":"Kok","hours":{"min":38,"max":38},"start":"2027-03","workplace_postcode":"5611"},
            "max_interviews":1,"commitment":true,"consent":true,"matches":["p3"]}"#;
        let form: VacancyRequestForm = serde_json::from_str(json).unwrap();
        let v = form.validate(known, Country::Be).unwrap();
        assert!(v.occupation.is_none() && v.shifts.is_empty() && v.contract_forms.is_empty() && v.offers.is_empty());
        assert_eq!(v.workplace_postcode, "NL-5611");
        let err = serde_json::from_str::<VacancyRequestForm>(&json.replace("\"form_ms\"", "\"cv\":1,\"form_ms\"")).unwrap_err();
        assert!(err.to_string().contains("unknown field"), "{err}");
    }

    #[test]
    fn each_rule_names_its_field() {
        type Case = (Box<dyn Fn(&mut VacancyRequestForm)>, Field, Problem);
        let cases: Vec<Case> = vec![
            (Box::new(|f| f.idempotency_key = "short".into()), Field::IdempotencyKey, Problem::InvalidKey),
            (Box::new(|f| f.form_ms = 10), Field::FormMs, Problem::TooFast),
            (Box::new(|f| f.website = "x".into()), Field::Website, Problem::Honeypot),
            (Box::new(|f| f.employer.email = "an@".into()), Field::Email, Problem::InvalidEmail),
            (Box::new(|f| f.vacancy.title = " ".into()), Field::Title, Problem::Required),
            (Box::new(|f| f.vacancy.title = "Bakker\u{1b}[2J".into()), Field::Title, Problem::HiddenCharacters),
            (Box::new(|f| f.vacancy.occupation = Some("baker".into())), Field::Occupation, Problem::UnknownCode),
            (Box::new(|f| f.vacancy.hours = HoursForm { min: 30, max: 20 }), Field::Hours, Problem::HoursOutOfRange),
            (Box::new(|f| f.vacancy.hours = HoursForm { min: 0, max: 20 }), Field::Hours, Problem::HoursOutOfRange),
            (Box::new(|f| f.vacancy.hours = HoursForm { min: 20, max: 300 }), Field::Hours, Problem::HoursOutOfRange),
            (Box::new(|f| f.vacancy.shifts.push("siesta".into())), Field::Shifts, Problem::UnknownCode),
            (Box::new(|f| f.vacancy.shifts.push("day".into())), Field::Shifts, Problem::Duplicate),
            (Box::new(|f| f.vacancy.contract_forms = vec!["slavery".into()]), Field::ContractForms, Problem::UnknownCode),
            (Box::new(|f| f.vacancy.start = String::new()), Field::Start, Problem::Required),
            (Box::new(|f| f.vacancy.start = "2027-13".into()), Field::Start, Problem::InvalidMonth),
            (Box::new(|f| f.vacancy.workplace_postcode = "1001".into()), Field::WorkplacePostcode, Problem::UnknownPostcode),
            (Box::new(|f| f.vacancy.workplace_postcode = String::new()), Field::WorkplacePostcode, Problem::Required),
            (Box::new(|f| f.vacancy.offers = vec!["free_beer".into()]), Field::Offers, Problem::UnknownCode),
            (Box::new(|f| f.vacancy.description = "x".repeat(2001)), Field::Description, Problem::TooLong { max: 2000 }),
            (Box::new(|f| f.max_interviews = 0), Field::MaxInterviews, Problem::InterviewsOutOfRange),
            (Box::new(|f| f.max_interviews = 11), Field::MaxInterviews, Problem::InterviewsOutOfRange),
            (Box::new(|f| f.commitment = false), Field::Commitment, Problem::MustAccept),
            (Box::new(|f| f.consent = false), Field::Consent, Problem::MustAccept),
            (Box::new(|f| f.matches.clear()), Field::Matches, Problem::Required),
            (Box::new(|f| f.matches.push("p1".into())), Field::Matches, Problem::Duplicate),
            (Box::new(|f| f.matches.push("p9".into())), Field::Matches, Problem::UnknownProfile),
            (Box::new(|f| f.matches.push("not an id".into())), Field::Matches, Problem::UnknownProfile),
            (Box::new(|f| f.matches = (0..51).map(|i| format!("x{i}")).collect()), Field::Matches, Problem::TooMany { max: 50 }),
        ];
        for (change, field, problem) in cases {
            let mut form = good();
            change(&mut form);
            assert_eq!(problems(&form), vec![(field, problem)], "{field}");
            if problem != Problem::UnknownProfile {
                assert_eq!(form.field_errors(field, Country::Be), [problem], "{field} as the employer types");
            }
        }
    }

    #[test]
    fn field_paths_are_the_contracts() {
        let paths: Vec<&str> = [Field::Title, Field::Hours, Field::Start, Field::WorkplacePostcode, Field::MaxInterviews, Field::Matches]
            .map(Field::path)
            .into();
        assert_eq!(paths, ["vacancy.title", "vacancy.hours", "vacancy.start", "vacancy.workplace_postcode", "max_interviews", "matches"]);
        assert_eq!(serde_json::to_value(Field::Offers).unwrap(), "vacancy.offers");
        assert_eq!(serde_json::to_value(Problem::TooMany { max: 50 }).unwrap(), serde_json::json!({"too_many": {"max": 50}}));
    }

    #[test]
    fn the_vacancy_url_replaces_the_last_segment() {
        let cases = [
            ("https://ocmw.example/api/requests", "https://ocmw.example/api/vacancies"),
            ("http://127.0.0.1:8081/api/requests", "http://127.0.0.1:8081/api/vacancies"),
            ("/api/requests", "/api/vacancies"),
            ("requests", "vacancies"),
            ("https://x.example/requests?lang=fr#top", "https://x.example/vacancies?lang=fr#top"),
            ("https://x.example/api/requests/", "https://x.example/api/vacancies/"),
            ("https://x.example", "https://x.example/vacancies"),
        ];
        for (from, to) in cases {
            assert_eq!(vacancy_url(from), to, "{from}");
        }
    }

    /// The naive reading of each rule, written out separately.
    fn oracle_month(s: &str) -> bool {
        let b = s.as_bytes();
        b.len() == 7
            && b[4] == b'-'
            && s[..4].bytes().chain(s[5..].bytes()).all(|c| c.is_ascii_digit())
            && (2000..=2199).contains(&s[..4].parse::<u32>().unwrap_or(0))
            && (1..=12).contains(&s[5..].parse::<u32>().unwrap_or(0))
    }

    proptest! {
        /// Validation accepts hours, interviews and the start month exactly when the naive
        /// oracle does, and names only the field concerned.
        #[test]
        fn fields_accept_exactly_what_the_oracle_accepts(
            min in 0u32..70, max in 0u32..70, interviews in 0u32..300,
            start in prop_oneof!["[0-9]{4}-[0-9]{2}", "[0-9 -]{0,9}", Just("2027-01".to_owned())],
        ) {
            let mut form = good();
            form.vacancy.hours = HoursForm { min, max };
            form.max_interviews = interviews;
            form.vacancy.start = start.clone();
            let hours_ok = 1 <= min && min <= max && max <= 60;
            let interviews_ok = (1..=10).contains(&interviews);
            let start_ok = oracle_month(start.trim());
            prop_assert_eq!(form.field_errors(Field::Hours, Country::Be).is_empty(), hours_ok);
            prop_assert_eq!(form.field_errors(Field::MaxInterviews, Country::Be).is_empty(), interviews_ok);
            prop_assert_eq!(form.field_errors(Field::Start, Country::Be).is_empty(), start_ok);
            prop_assert_eq!(form.validate(known, Country::Be).is_ok(), hours_ok && interviews_ok && start_ok);
        }

        /// `matches` is accepted exactly when it names 1-50 distinct known profiles.
        #[test]
        fn matches_accept_exactly_what_the_oracle_accepts(ids in proptest::collection::vec("p[0-9]{1,2}|[a-z ]{0,3}", 0..60)) {
            let mut form = good();
            form.matches = ids.clone();
            let distinct = ids.iter().collect::<BTreeSet<_>>().len() == ids.len();
            let ok = !ids.is_empty() && ids.len() <= 50 && distinct && ids.iter().all(|id| known(id));
            prop_assert_eq!(form.validate(known, Country::Be).is_ok(), ok);
        }
    }
}
