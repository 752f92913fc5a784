//! The blind-interview request form as a reducer: what the employer typed (a core
//! [`RequestForm`]), which fields show their problems, and where sending is ([`Stage`]). The
//! component dispatches [`Action`]s and keeps the side effects (storage, focus, the POST); the
//! rules live here and are tested natively.

use std::rc::Rc;

use talentbrug_core::gazetteer::Country;
use talentbrug_core::request::{Field, FieldError, Problem, RequestForm};
use yew::Reducible;

pub use super::fields::{first_visible, Summary};
use super::fields::{Edit, FormValues, Marks};
use crate::i18n::Text;
use crate::sending::Outcome;

/// The fields the employer sees, in the order of the form.
pub const VISIBLE: [Field; 11] = [
    Field::Company,
    Field::ContactName,
    Field::Email,
    Field::Phone,
    Field::Postcode,
    Field::Title,
    Field::HoursPerWeek,
    Field::Description,
    Field::PreferredContact,
    Field::Commitment,
    Field::Consent,
];

/// Where the form is.
#[derive(Clone, Debug, PartialEq)]
pub enum Stage {
    /// Being filled in.
    Editing,
    /// On its way to the organisation.
    Sending,
    /// Sending failed; what was typed is kept and can be sent again.
    Failed(Text),
    /// Stored by the organisation.
    Sent {
        /// The reference to quote.
        reference: String,
        /// Where the employer follows the request up.
        status_url: Option<String>,
    },
}

impl Stage {
    /// The stage's name, as the form's `data-stage` shows it.
    pub fn name(&self) -> &'static str {
        match self {
            Stage::Editing => "editing",
            Stage::Sending => "sending",
            Stage::Failed(_) => "failed",
            Stage::Sent { .. } => "sent",
        }
    }
}

/// What session storage should hold for the form; the component carries it out. Employer data
/// stays in memory while the employer types: it is written only when sending failed (so the
/// retry survives a reload), and removed once sent (and, by the component, when the dialog
/// closes).
#[derive(Clone, Debug, PartialEq)]
pub enum Draft {
    /// Leave storage as it is (nothing is written while typing or sending).
    Untouched,
    /// Keep this form for the retry.
    Keep(Box<RequestForm>),
    /// Remove the kept form.
    Forget,
}

/// What happens to the form.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// The employer typed `String` into a text field.
    Type(Field, String),
    /// The employer ticked (`true`) or cleared a checkbox.
    Tick(Field, bool),
    /// The employer left a field.
    Leave(Field),
    /// "Send" was pressed and the core's checks refused the form.
    Refused(Vec<FieldError>),
    /// "Send" was pressed, the form passed and is on its way.
    Sending,
    /// "Send" was pressed, the form passed, but there is nowhere to send it.
    Unsendable,
    /// The organisation answered (or did not).
    Answered(Outcome),
}

impl From<Edit> for Action {
    fn from(edit: Edit) -> Action {
        match edit {
            Edit::Type(field, value) => Action::Type(field, value),
            Edit::Tick(field, on) => Action::Tick(field, on),
            Edit::Leave(field) => Action::Leave(field),
        }
    }
}

/// The form and what the employer did with it.
#[derive(Clone, Debug, PartialEq)]
pub struct FormState {
    /// What was typed.
    pub form: RequestForm,
    /// Where the form is.
    pub stage: Stage,
    /// When the form was opened (ms on the monotonic clock), for `form_ms`.
    opened_at: f64,
    /// Which fields show their problems.
    marks: Marks,
}

impl FormState {
    /// A form opened at `opened_at` (ms), being edited.
    pub fn new(form: RequestForm, opened_at: f64) -> FormState {
        FormState { form, stage: Stage::Editing, opened_at, marks: Marks::default() }
    }

    /// The body to send at `now` (ms): the form with how long it took to fill in.
    pub fn body(&self, now: f64) -> RequestForm {
        RequestForm { form_ms: (now - self.opened_at).max(0.0) as u64, ..self.form.clone() }
    }

    /// The message above the buttons: "check the fields" only while a field shows a problem.
    pub fn summary(&self) -> Option<Summary> {
        self.marks.summary(|| VISIBLE.iter().any(|f| !self.problems(*f).is_empty()))
    }

    /// Why the last sending failed, if it did.
    pub fn failed(&self) -> Option<Text> {
        if let Stage::Failed(text) = &self.stage {
            Some(*text)
        } else {
            None
        }
    }

    /// What session storage should hold now (see [`Draft`]).
    pub fn draft(&self) -> Draft {
        match self.stage {
            Stage::Failed(_) => Draft::Keep(Box::new(self.form.clone())),
            Stage::Sent { .. } => Draft::Forget,
            Stage::Editing | Stage::Sending => Draft::Untouched,
        }
    }

    /// Whether a checkbox is ticked.
    pub fn ticked(&self, field: Field) -> bool {
        match field {
            Field::Commitment => self.form.commitment,
            Field::Consent => self.form.consent,
            _ => false,
        }
    }
}

/// Writes what was typed into `field`.
fn write(form: &mut RequestForm, field: Field, value: String) {
    match field {
        Field::Company => form.employer.company = value,
        Field::ContactName => form.employer.contact_name = value,
        Field::Email => form.employer.email = value,
        Field::Phone => form.employer.phone = value,
        Field::Postcode => form.employer.postcode = value,
        Field::Title => form.vacancy.title = value,
        Field::Description => form.vacancy.description = value,
        Field::HoursPerWeek => form.vacancy.hours_per_week = value.trim().parse::<u32>().unwrap_or(0),
        Field::PreferredContact => form.preferred_contact = if value.trim().is_empty() { None } else { Some(value) },
        Field::Website => form.website = value,
        // The rest are ticked, the form's own, or the vacancy form's.
        _ => {}
    }
}

impl FormState {
    fn changed(&mut self, field: Field, change: impl FnOnce(&mut RequestForm)) {
        self.marks.changed(field);
        change(&mut self.form);
    }

    fn answered(&mut self, outcome: Outcome) {
        self.stage = match outcome {
            Outcome::Accepted { reference, status_url } => Stage::Sent { reference, status_url },
            Outcome::Rejected(errors) => {
                self.marks.rejected(errors);
                Stage::Editing
            }
            Outcome::Network => Stage::Failed(Text::SendFailedNetwork),
            Outcome::Busy => Stage::Failed(Text::SendFailedBusy),
            Outcome::Server => Stage::Failed(Text::SendFailedServer),
        };
    }
}

impl FormValues for FormState {
    /// What a text field holds, as its input shows it.
    fn text(&self, field: Field) -> String {
        let f = &self.form;
        match field {
            Field::Company => f.employer.company.clone(),
            Field::ContactName => f.employer.contact_name.clone(),
            Field::Email => f.employer.email.clone(),
            Field::Phone => f.employer.phone.clone(),
            Field::Postcode => f.employer.postcode.clone(),
            Field::Title => f.vacancy.title.clone(),
            Field::Description => f.vacancy.description.clone(),
            Field::HoursPerWeek if f.vacancy.hours_per_week == 0 => String::new(),
            Field::HoursPerWeek => f.vacancy.hours_per_week.to_string(),
            Field::PreferredContact => f.preferred_contact.clone().unwrap_or_default(),
            Field::Website => f.website.clone(),
            _ => String::new(),
        }
    }

    /// The problems `field` shows: the core's, once the field was changed and left (or "Send"
    /// was pressed), and the server's.
    fn problems(&self, field: Field) -> Vec<Problem> {
        self.marks.problems(field, || self.form.field_errors(field, Country::Be))
    }
}

impl Reducible for FormState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        // Passing through a field changes nothing (the same state: no redraw).
        if let Action::Leave(field) = action {
            if !self.marks.leaving_shows(field) {
                return self;
            }
        }
        let mut next = (*self).clone();
        match action {
            Action::Type(field, value) => next.changed(field, |f| write(f, field, value)),
            Action::Tick(field, on) => next.changed(field, |f| match field {
                Field::Commitment => f.commitment = on,
                Field::Consent => f.consent = on,
                _ => {}
            }),
            Action::Leave(field) => next.marks.leave(field),
            Action::Refused(errors) => next.marks.refused(&errors),
            Action::Sending | Action::Unsendable => {
                next.marks.attempted();
                next.stage = if action == Action::Sending { Stage::Sending } else { Stage::Failed(Text::SendFailedServer) };
            }
            Action::Answered(outcome) => next.answered(outcome),
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::fields::FormValues;
    use talentbrug_core::Lang;

    use crate::i18n::t;

    fn opened() -> Rc<FormState> {
        let mut form = RequestForm { profile_id: "p1".into(), idempotency_key: "k".repeat(16), ..RequestForm::default() };
        form.employer.postcode = "3000".into();
        Rc::new(FormState::new(form, 1000.0))
    }

    fn run(state: Rc<FormState>, actions: impl IntoIterator<Item = Action>) -> Rc<FormState> {
        actions.into_iter().fold(state, |s, a| s.reduce(a))
    }

    fn filled() -> Vec<Action> {
        vec![
            Action::Type(Field::Company, "Bakkerij Peeters".into()),
            Action::Type(Field::ContactName, "An Peeters".into()),
            Action::Type(Field::Email, "an@bakkerij.example".into()),
            Action::Type(Field::Phone, "016 12 34 56".into()),
            Action::Type(Field::Title, "Bakkershulp".into()),
            Action::Type(Field::HoursPerWeek, " 30 ".into()),
            Action::Tick(Field::Commitment, true),
            Action::Tick(Field::Consent, true),
        ]
    }

    #[test]
    fn typing_writes_each_field_and_reads_back_as_the_input_shows_it() {
        let s = run(opened(), filled());
        assert_eq!((s.form.employer.company.as_str(), s.form.vacancy.hours_per_week), ("Bakkerij Peeters", 30));
        assert_eq!((s.text(Field::HoursPerWeek), s.text(Field::Postcode)), ("30".to_string(), "3000".to_string()));
        assert!(s.ticked(Field::Commitment) && s.ticked(Field::Consent));
        let s = run(s, [Action::Type(Field::HoursPerWeek, "veel".into()), Action::Type(Field::PreferredContact, "  ".into())]);
        assert_eq!((s.text(Field::HoursPerWeek), s.form.preferred_contact.clone()), (String::new(), None));
        let s = run(s, [Action::Type(Field::PreferredContact, "na 16u".into()), Action::Type(Field::Website, "x".into())]);
        assert_eq!((s.text(Field::PreferredContact), s.form.website.as_str()), ("na 16u".to_string(), "x"));
        assert_eq!(s.body(1500.4).form_ms, 500);
        assert_eq!(s.body(10.0).form_ms, 0);
    }

    #[test]
    fn a_field_shows_its_problems_once_changed_and_left() {
        let s = opened();
        // Passing through an untouched field changes nothing (the same state: no redraw).
        let left = s.clone().reduce(Action::Leave(Field::Email));
        assert!(Rc::ptr_eq(&s, &left));
        let s = run(s, [Action::Type(Field::Email, "an@".into())]);
        assert!(s.problems(Field::Email).is_empty(), "not while typing");
        let s = run(s, [Action::Leave(Field::Email)]);
        assert!(!s.problems(Field::Email).is_empty());
        assert!(s.problems(Field::Company).is_empty(), "other fields wait");
        let again = s.clone().reduce(Action::Leave(Field::Email));
        assert!(Rc::ptr_eq(&s, &again));
        assert_eq!(s.summary(), None);
    }

    #[test]
    fn a_refused_send_shows_every_problem_and_a_summary_while_one_remains() {
        let s = opened();
        let errors = s.body(2000.0).validate(|_| true, Country::Be).unwrap_err();
        assert_eq!(first_visible(&errors), Some(Field::Company));
        let s = run(s, [Action::Refused(errors)]);
        assert!(VISIBLE.iter().filter(|f| !s.problems(**f).is_empty()).count() >= 6);
        assert_eq!(s.summary(), Some(Summary::CheckFields));
        assert_eq!(s.summary().unwrap().text(Lang::En), t(Lang::En, Text::CheckFields));
        let s = run(s, filled());
        assert!(VISIBLE.iter().all(|f| s.problems(*f).is_empty()));
        assert_eq!(s.summary(), None, "nothing left to check");
        assert_eq!(s.stage, Stage::Editing);
    }

    #[test]
    fn a_problem_no_field_shows_is_the_summary() {
        let error = FieldError { field: Field::FormMs, problem: Problem::TooFast };
        assert_eq!(first_visible(std::slice::from_ref(&error)), None);
        let s = run(opened(), [Action::Refused(vec![error])]);
        assert_eq!(s.summary(), Some(Summary::Problem(Field::FormMs, Problem::TooFast)));
    }

    #[test]
    fn sending_then_the_answers() {
        let s = run(opened(), filled());
        let sending = run(s.clone(), [Action::Sending]);
        assert_eq!((sending.stage.name(), sending.failed()), ("sending", None));
        let sent = run(
            sending.clone(),
            [Action::Answered(Outcome::Accepted { reference: "TB-1".into(), status_url: Some("https://x/s".into()) })],
        );
        assert_eq!(sent.stage, Stage::Sent { reference: "TB-1".into(), status_url: Some("https://x/s".into()) });
        assert_eq!(sent.stage.name(), "sent");
        for (outcome, text) in
            [(Outcome::Network, Text::SendFailedNetwork), (Outcome::Busy, Text::SendFailedBusy), (Outcome::Server, Text::SendFailedServer)]
        {
            let failed = run(sending.clone(), [Action::Answered(outcome)]);
            assert_eq!((failed.stage.name(), failed.failed()), ("failed", Some(text)));
            assert_eq!(failed.form, s.form, "what was typed is kept");
        }
        let nowhere = run(s, [Action::Unsendable]);
        assert_eq!(nowhere.failed(), Some(Text::SendFailedServer));
    }

    #[test]
    fn the_draft_is_stored_only_after_a_failed_send_and_forgotten_once_sent() {
        let typed = run(opened(), filled());
        assert_eq!(typed.draft(), Draft::Untouched, "typing stays in memory");
        assert_eq!(run(typed.clone(), [Action::Sending]).draft(), Draft::Untouched);
        let refused =
            run(typed.clone(), [Action::Sending, Action::Answered(Outcome::Rejected(vec![(Field::Email, Problem::InvalidEmail)]))]);
        assert_eq!(refused.draft(), Draft::Untouched, "a refusal is corrected in the open form");
        let failed = run(typed.clone(), [Action::Sending, Action::Answered(Outcome::Network)]);
        assert_eq!(failed.draft(), Draft::Keep(Box::new(typed.form.clone())));
        let edited = run(failed, [Action::Type(Field::Phone, "016 12 34 57".into())]);
        assert!(matches!(edited.draft(), Draft::Keep(f) if f.employer.phone == "016 12 34 57"), "edits after a failure are kept too");
        let retry = run(edited, [Action::Sending]);
        assert_eq!(retry.draft(), Draft::Untouched, "the failed draft stays stored while the retry is on its way");
        let sent = run(retry, [Action::Answered(Outcome::Accepted { reference: "TB-1".into(), status_url: None })]);
        assert_eq!(sent.draft(), Draft::Forget);
    }

    #[test]
    fn server_problems_show_on_their_field_until_the_next_change() {
        let s = run(opened(), filled().into_iter().chain([Action::Sending]));
        let s = run(s, [Action::Answered(Outcome::Rejected(vec![(Field::Email, Problem::InvalidEmail)]))]);
        assert_eq!(s.stage, Stage::Editing);
        assert_eq!(s.problems(Field::Email), vec![Problem::InvalidEmail]);
        assert_eq!(s.summary(), Some(Summary::CheckFields));
        let s = run(s, [Action::Type(Field::Phone, "016 12 34 57".into())]);
        assert!(s.problems(Field::Email).is_empty());
        assert_eq!(s.summary(), None);
        let s = run(s, [Action::Sending, Action::Answered(Outcome::Rejected(Vec::new()))]);
        assert_eq!(s.summary(), Some(Summary::Text(Text::SendFailedServer)));
        assert_eq!(s.stage.name(), "editing");
    }
}
