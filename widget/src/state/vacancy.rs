//! The vacancy form as a reducer: what the employer typed (a core [`VacancyRequestForm`],
//! checked by the core's own validation field by field), which fields show their problems
//! ([`Marks`]), the vacancy as a search ([`VacancyState::query`]: who it reaches), and its copies,
//! one per receiving organisation ([`Deliveries`]). The component dispatches [`Action`]s and
//! keeps the side effects (the POSTs, focus); the rules live here and are tested natively.

use std::rc::Rc;

use talentbrug_core::gazetteer::{Country, Gazetteer};
use talentbrug_core::request::{Field, FieldError, Problem};
use talentbrug_core::search::Origin;
use talentbrug_core::vacancy::VacancyRequestForm;
use talentbrug_core::vocabulary::{Code, ContractForm, Shift, WorkplaceNeed};
use talentbrug_core::{CodeSet, EscoId, Hours, Query, RadiusKm, YearMonth};
use yew::Reducible;

use super::deliveries::Deliveries;
use super::fields::{Edit, FormValues, Marks, Summary};
use crate::pool::Org;
use crate::sending::Outcome;

/// The fields the employer sees, in the order of the form (`matches` is the list of receiving
/// organisations).
pub const VISIBLE: [Field; 18] = [
    Field::Company,
    Field::ContactName,
    Field::Email,
    Field::Phone,
    Field::Postcode,
    Field::Title,
    Field::Occupation,
    Field::Hours,
    Field::Shifts,
    Field::ContractForms,
    Field::Start,
    Field::WorkplacePostcode,
    Field::Offers,
    Field::Description,
    Field::Matches,
    Field::MaxInterviews,
    Field::Commitment,
    Field::Consent,
];

/// Interviews offered when the form opens.
pub const DEFAULT_INTERVIEWS: u32 = 2;

/// What happens to the form.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// A text field or checkbox changed, or was left.
    Edit(Edit),
    /// The least (`most: false`) or most weekly hours typed.
    Hours {
        /// Whether it is the most hours.
        most: bool,
        /// What was typed.
        value: String,
    },
    /// An occupation chosen, or none.
    Occupation(Option<EscoId>),
    /// A code of [`Field::Shifts`], [`Field::ContractForms`] or [`Field::Offers`] ticked or not.
    Toggle(Field, &'static str, bool),
    /// How many interviews the employer promises.
    Interviews(u32),
    /// "Send" was pressed and the core's checks refused the form.
    Refused(Vec<FieldError>),
    /// "Send" was pressed and the form passed: the copies as they are now.
    Started(Deliveries),
    /// An organisation answered (or did not).
    Answered(Org, Outcome),
}

/// The vacancy form and what the employer did with it.
#[derive(Clone, Debug, PartialEq)]
pub struct VacancyState {
    /// What was typed (without a key or matches: each organisation's copy has its own).
    pub form: VacancyRequestForm,
    /// Where each organisation's copy is.
    pub deliveries: Deliveries,
    /// When the form was opened (ms on the monotonic clock), for `form_ms`.
    opened_at: f64,
    /// Which fields show their problems.
    marks: Marks,
}

impl VacancyState {
    /// A form opened at `opened_at` (ms), for a workplace at `postcode`, starting in `month`.
    pub fn new(postcode: &str, month: YearMonth, opened_at: f64) -> VacancyState {
        let mut form = VacancyRequestForm { max_interviews: DEFAULT_INTERVIEWS, ..VacancyRequestForm::default() };
        form.employer.postcode = postcode.to_owned();
        form.vacancy.workplace_postcode = postcode.to_owned();
        form.vacancy.start = month.to_string();
        VacancyState { form, deliveries: Deliveries::default(), opened_at, marks: Marks::default() }
    }

    /// The body of one organisation's copy at `now` (ms): its key and its people's ids.
    pub fn body(&self, key: &str, matches: Vec<String>, now: f64) -> VacancyRequestForm {
        VacancyRequestForm {
            idempotency_key: key.to_owned(),
            form_ms: (now - self.opened_at).max(0.0) as u64,
            matches,
            ..self.form.clone()
        }
    }

    /// The message above the buttons: "check the fields" only while a field shows a problem.
    pub fn summary(&self) -> Option<Summary> {
        self.marks.summary(|| VISIBLE.iter().any(|f| !self.problems(*f).is_empty()))
    }

    /// The least or (`most`) the most weekly hours, as the input shows them.
    pub fn hours_text(&self, most: bool) -> String {
        let hours = self.form.vacancy.hours;
        match if most { hours.max } else { hours.min } {
            0 => String::new(),
            n => n.to_string(),
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

    /// The chosen occupation.
    pub fn occupation(&self) -> Option<EscoId> {
        self.form.vacancy.occupation.as_deref().and_then(|s| s.parse().ok())
    }

    /// The ticked codes of [`Field::Shifts`], [`Field::ContractForms`] or [`Field::Offers`].
    pub fn codes<T: Code>(&self, field: Field) -> CodeSet<T> {
        self.list(field).map(|l| l.iter().filter_map(|c| T::from_code(c)).collect()).unwrap_or_default()
    }

    fn list(&self, field: Field) -> Option<&Vec<String>> {
        let v = &self.form.vacancy;
        match field {
            Field::Shifts => Some(&v.shifts),
            Field::ContractForms => Some(&v.contract_forms),
            Field::Offers => Some(&v.offers),
            _ => None,
        }
    }

    /// The vacancy as a search within `radius_km` of its workplace: its occupation, hours,
    /// shifts and contract forms must fit, what it offers counts in the score. `None` until
    /// the workplace names a place.
    pub fn query(&self, radius_km: u32, today: YearMonth) -> Option<Query> {
        let place = Gazetteer.resolve(&self.form.vacancy.workplace_postcode, Country::Be).ok()?;
        let mut q = Query::new(Origin::from(&place), RadiusKm::new(f64::from(radius_km)).ok()?, today);
        q.occupations = self.occupation().into_iter().collect();
        let hours = self.form.vacancy.hours;
        q.hours = u8::try_from(hours.min).ok().zip(u8::try_from(hours.max).ok()).and_then(|(a, b)| Hours::new(a, b).ok());
        q.shifts = self.codes::<Shift>(Field::Shifts);
        q.contract_forms = self.codes::<ContractForm>(Field::ContractForms);
        q.offered = self.codes::<WorkplaceNeed>(Field::Offers);
        Some(q)
    }

    /// Whether the employer has already sent one copy (the form then says where each is).
    pub fn started(&self) -> bool {
        !self.deliveries.0.is_empty()
    }
}

/// Writes what was typed into `field`.
fn write(form: &mut VacancyRequestForm, field: Field, value: String) {
    let (e, v) = (&mut form.employer, &mut form.vacancy);
    match field {
        Field::Company => e.company = value,
        Field::ContactName => e.contact_name = value,
        Field::Email => e.email = value,
        Field::Phone => e.phone = value,
        Field::Postcode => e.postcode = value,
        Field::Title => v.title = value,
        Field::Description => v.description = value,
        Field::Start => v.start = value,
        Field::WorkplacePostcode => v.workplace_postcode = value,
        Field::Website => form.website = value,
        // The rest are ticked, chosen or the form's own.
        _ => {}
    }
}

impl VacancyState {
    fn change(&mut self, action: Action) {
        let field = match &action {
            Action::Edit(Edit::Type(f, _) | Edit::Tick(f, _)) | Action::Toggle(f, _, _) => *f,
            Action::Hours { .. } => Field::Hours,
            Action::Occupation(_) => Field::Occupation,
            _ => Field::MaxInterviews,
        };
        self.marks.changed(field);
        let form = &mut self.form;
        let v = &mut form.vacancy;
        match action {
            Action::Hours { most, value } => *(if most { &mut v.hours.max } else { &mut v.hours.min }) = value.trim().parse().unwrap_or(0),
            Action::Occupation(id) => v.occupation = id.map(|id| id.to_string()),
            Action::Toggle(field, code, on) => {
                let list = match field {
                    Field::Shifts => &mut v.shifts,
                    Field::ContractForms => &mut v.contract_forms,
                    _ => &mut v.offers,
                };
                list.retain(|c| c != code);
                if on {
                    list.push(code.to_owned());
                }
            }
            Action::Interviews(n) => form.max_interviews = n,
            Action::Edit(Edit::Type(field, value)) => write(form, field, value),
            Action::Edit(Edit::Tick(Field::Commitment, on)) => form.commitment = on,
            Action::Edit(Edit::Tick(Field::Consent, on)) => form.consent = on,
            _ => {}
        }
    }
}

impl FormValues for VacancyState {
    /// What a text field holds, as its input shows it.
    fn text(&self, field: Field) -> String {
        let (e, v) = (&self.form.employer, &self.form.vacancy);
        match field {
            Field::Company => e.company.clone(),
            Field::ContactName => e.contact_name.clone(),
            Field::Email => e.email.clone(),
            Field::Phone => e.phone.clone(),
            Field::Postcode => e.postcode.clone(),
            Field::Title => v.title.clone(),
            Field::Description => v.description.clone(),
            Field::Start => v.start.clone(),
            Field::WorkplacePostcode => v.workplace_postcode.clone(),
            Field::Website => self.form.website.clone(),
            _ => String::new(),
        }
    }

    /// The problems `field` shows: the core's, once the field was changed and left (or "Send"
    /// was pressed), and the organisations'. (Who fits is shown apart, so `matches` has only
    /// the organisations' problems.)
    fn problems(&self, field: Field) -> Vec<Problem> {
        self.marks.problems(field, || if field == Field::Matches { Vec::new() } else { self.form.field_errors(field, Country::Be) })
    }
}

impl Reducible for VacancyState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        // Passing through a field changes nothing (the same state: no redraw).
        if let Action::Edit(Edit::Leave(field)) = action {
            if !self.marks.leaving_shows(field) {
                return self;
            }
        }
        let mut next = (*self).clone();
        match action {
            Action::Edit(Edit::Leave(field)) => next.marks.leave(field),
            Action::Refused(errors) => next.marks.refused(&errors),
            Action::Started(deliveries) => {
                next.marks.attempted();
                next.deliveries = deliveries;
            }
            Action::Answered(org, outcome) => {
                let refused = matches!(outcome, Outcome::Rejected(_));
                next.deliveries.answered(&org, outcome);
                if refused {
                    next.marks.rejected(next.deliveries.refused());
                }
            }
            change => next.change(change),
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::deliveries::tests::org;
    use crate::state::deliveries::Status;
    use crate::state::fields::first_visible;
    use crate::state::fields::FormValues;

    fn opened() -> Rc<VacancyState> {
        Rc::new(VacancyState::new("3000", "2026-11".parse().unwrap(), 1000.0))
    }

    fn run(state: Rc<VacancyState>, actions: impl IntoIterator<Item = Action>) -> Rc<VacancyState> {
        actions.into_iter().fold(state, |s, a| s.reduce(a))
    }

    fn typed(field: Field, text: &str) -> Action {
        Action::Edit(Edit::Type(field, text.into()))
    }

    fn filled() -> Vec<Action> {
        vec![
            typed(Field::Company, "Softhuis"),
            typed(Field::ContactName, "An Peeters"),
            typed(Field::Email, "an@softhuis.example"),
            typed(Field::Phone, "016 12 34 56"),
            typed(Field::Title, "Softwaretester"),
            Action::Hours { most: false, value: "20".into() },
            Action::Hours { most: true, value: " 38 ".into() },
            Action::Toggle(Field::Shifts, "day", true),
            Action::Toggle(Field::Offers, "quiet_workplace", true),
            Action::Edit(Edit::Tick(Field::Commitment, true)),
            Action::Edit(Edit::Tick(Field::Consent, true)),
        ]
    }

    #[test]
    fn it_opens_on_the_searched_place_this_month_and_two_interviews() {
        let s = opened();
        assert_eq!(
            (s.text(Field::WorkplacePostcode), s.text(Field::Postcode), s.text(Field::Start)),
            ("3000".into(), "3000".into(), "2026-11".into())
        );
        assert_eq!(s.form.max_interviews, 2);
        assert!(VISIBLE.iter().all(|f| s.problems(*f).is_empty()), "nothing shows before the employer does anything");
    }

    #[test]
    fn typing_ticking_and_choosing_write_the_cores_form() {
        let id: EscoId = "106f79e4-6264-45f1-9e7a-297435cd684b".parse().unwrap();
        let s = run(opened(), filled().into_iter().chain([Action::Occupation(Some(id)), Action::Interviews(4)]));
        let v = &s.form.vacancy;
        assert_eq!((v.hours.min, v.hours.max, s.hours_text(true)), (20, 38, "38".to_string()));
        assert_eq!((v.shifts.clone(), v.offers.clone()), (vec!["day".to_string()], vec!["quiet_workplace".to_string()]));
        assert_eq!((s.occupation(), s.form.max_interviews), (Some(id), 4));
        assert!(s.codes::<Shift>(Field::Shifts).contains(Shift::Day));
        let s = run(
            s,
            [Action::Toggle(Field::Shifts, "day", false), Action::Occupation(None), Action::Hours { most: true, value: "veel".into() }],
        );
        assert!(s.form.vacancy.shifts.is_empty() && s.occupation().is_none());
        assert_eq!(s.hours_text(true), "");
        let body = s.body(&"k".repeat(16), vec!["p1".into()], 4000.4);
        assert_eq!((body.form_ms, body.idempotency_key.len(), body.matches.clone()), (3000, 16, vec!["p1".to_string()]));
    }

    #[test]
    fn the_vacancy_is_a_search_around_its_workplace() {
        let id: EscoId = "106f79e4-6264-45f1-9e7a-297435cd684b".parse().unwrap();
        let s =
            run(opened(), filled().into_iter().chain([Action::Occupation(Some(id)), Action::Toggle(Field::ContractForms, "temp", true)]));
        let q = s.query(15, "2026-11".parse().unwrap()).unwrap();
        assert!((q.origin.lat - 50.88).abs() < 0.05 && q.radius.km() == 15.0);
        assert_eq!((q.occupations.clone(), q.hours), (vec![id], Some(Hours::new(20, 38).unwrap())));
        assert!(q.shifts.contains(Shift::Day) && q.contract_forms.contains(ContractForm::Temp));
        assert!(q.offered.contains(WorkplaceNeed::QuietWorkplace));
        let nowhere = run(s, [typed(Field::WorkplacePostcode, "99")]);
        assert!(nowhere.query(15, "2026-11".parse().unwrap()).is_none());
    }

    #[test]
    fn problems_show_once_left_or_sent_with_the_cores_messages() {
        let s = run(opened(), [Action::Hours { most: false, value: "30".into() }, Action::Hours { most: true, value: "20".into() }]);
        assert!(s.problems(Field::Hours).is_empty(), "not before leaving");
        let s = run(s, [Action::Edit(Edit::Leave(Field::Hours))]);
        assert_eq!(s.problems(Field::Hours), vec![Problem::HoursOutOfRange]);
        let mut sent = s.form.clone();
        sent.matches = vec!["p1".into()];
        let errors = sent.validate(|_| true, Country::Be).unwrap_err();
        assert_eq!(first_visible(&errors), Some(Field::Company));
        let s = run(s, [Action::Refused(errors)]);
        assert_eq!(s.summary(), Some(Summary::CheckFields));
        assert!(s.problems(Field::Title).contains(&Problem::Required));
        assert!(s.problems(Field::Matches).is_empty(), "who fits is shown apart");
    }

    #[test]
    fn each_organisation_answers_for_its_own_copy_and_a_refusal_shows_on_its_field() {
        let s = run(opened(), filled());
        let mut deliveries = s.deliveries.clone();
        let copies = deliveries.start(vec![(org("ocmw"), vec!["p1".into()]), (org("interim"), vec!["q1".into()])], None, || "k".repeat(16));
        assert_eq!(copies.len(), 2);
        let s = run(s, [Action::Started(deliveries)]);
        assert!(s.started() && s.deliveries.sending());
        let s = run(
            s,
            [
                Action::Answered(org("ocmw"), Outcome::Accepted { reference: "TB-1".into(), status_url: None }),
                Action::Answered(org("interim"), Outcome::Rejected(vec![(Field::Start, Problem::InvalidMonth)])),
            ],
        );
        assert!(matches!(s.deliveries.0[0].status, Status::Sent { .. }));
        assert_eq!(s.problems(Field::Start), vec![Problem::InvalidMonth]);
        assert_eq!(s.summary(), Some(Summary::CheckFields));
        let s = run(s, [typed(Field::Start, "2027-01")]);
        assert!(s.problems(Field::Start).is_empty(), "gone with the change");
    }
}
