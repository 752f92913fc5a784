//! What the employer did with a form's fields, shared by the request and the vacancy form:
//! the edits a field sends ([`Edit`]), and which fields show their problems and what the
//! organisation's server said about them ([`Marks`]). Pure, so the rules are tested natively.

use talentbrug_core::request::{Field, FieldError, Problem};
use talentbrug_core::Lang;

use crate::i18n::{self, t, Text};

/// What a form field sends: typing, ticking, leaving.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// The employer typed `String` into a text field.
    Type(Field, String),
    /// The employer ticked (`true`) or cleared a checkbox.
    Tick(Field, bool),
    /// The employer left a field.
    Leave(Field),
}

/// What a form's fields show: the shared field components read any form through this.
pub trait FormValues {
    /// What a text field holds, as its input shows it.
    fn text(&self, field: Field) -> String;
    /// The problems a field shows now.
    fn problems(&self, field: Field) -> Vec<Problem>;
}

/// A set of form fields, as bits (cheaper in wasm than a `BTreeSet`).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct FieldSet(u64);

impl FieldSet {
    fn insert(&mut self, field: Field) {
        self.0 |= 1 << field as u32;
    }

    fn contains(self, field: Field) -> bool {
        self.0 & (1 << field as u32) != 0
    }
}

/// The message above the buttons after "Send", kept without a language so it follows the
/// language switch.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Summary {
    /// Some fields need another look (each shows its problem).
    CheckFields,
    /// A fixed text.
    Text(Text),
    /// One problem no field shows (the form's own bookkeeping).
    Problem(Field, Problem),
}

impl Summary {
    /// The message in `lang`.
    pub fn text(self, lang: Lang) -> String {
        match self {
            Summary::CheckFields => t(lang, Text::CheckFields).into(),
            Summary::Text(text) => t(lang, text).into(),
            Summary::Problem(field, problem) => i18n::problem(lang, field, problem),
        }
    }
}

/// The first refused field the employer can correct (the form's bookkeeping is not one).
pub fn first_visible(errors: &[FieldError]) -> Option<Field> {
    errors.iter().map(|e| e.field).find(|f| !matches!(f, Field::FormMs | Field::IdempotencyKey))
}

/// Which fields show their problems, and what the server refused. A field shows the core's
/// problems once the employer changed it and left it (or tried to send): never on merely
/// passing through, which would move the form under a pointer on its way to "Send".
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Marks {
    /// Fields that show their problems: changed, then left.
    touched: FieldSet,
    /// Fields the employer changed.
    dirty: FieldSet,
    /// "Send" was pressed: every field shows its problems.
    attempted: bool,
    /// Problems the organisation's server found, until the next change.
    server_errors: Vec<(Field, Problem)>,
    /// The message above the buttons.
    summary: Option<Summary>,
}

impl Marks {
    /// `field` was changed: the server's problems are gone with it.
    pub fn changed(&mut self, field: Field) {
        self.dirty.insert(field);
        self.server_errors.clear();
    }

    /// Whether leaving `field` changes anything (it was changed and does not show yet).
    pub fn leaving_shows(&self, field: Field) -> bool {
        !self.touched.contains(field) && self.dirty.contains(field)
    }

    /// The employer left `field`.
    pub fn leave(&mut self, field: Field) {
        self.touched.insert(field);
    }

    /// The problems `field` shows: the core's (`core`), once the field was changed and left (or
    /// "Send" was pressed), and the server's.
    pub fn problems(&self, field: Field, core: impl FnOnce() -> Vec<Problem>) -> Vec<Problem> {
        let mut out = if self.attempted || self.touched.contains(field) { core() } else { Vec::new() };
        out.extend(self.server_errors.iter().filter(|(f, _)| *f == field).map(|(_, p)| *p));
        out.dedup();
        out
    }

    /// The message above the buttons: "check the fields" only while `any_problem` says a field
    /// shows one.
    pub fn summary(&self, any_problem: impl FnOnce() -> bool) -> Option<Summary> {
        match self.summary {
            Some(Summary::CheckFields) if !any_problem() => None,
            summary => summary,
        }
    }

    /// "Send" was pressed and the core's checks refused the form.
    pub fn refused(&mut self, errors: &[FieldError]) {
        self.attempted = true;
        if first_visible(errors).is_some() {
            self.summary = Some(Summary::CheckFields);
        } else if let Some(e) = errors.first() {
            self.summary = Some(Summary::Problem(e.field, e.problem));
        }
    }

    /// "Send" was pressed and the form passed.
    pub fn attempted(&mut self) {
        self.attempted = true;
        self.summary = None;
    }

    /// The server refused the form for these fields (none: for a reason no field shows).
    pub fn rejected(&mut self, errors: Vec<(Field, Problem)>) {
        self.summary = Some(if errors.is_empty() { Summary::Text(Text::SendFailedServer) } else { Summary::CheckFields });
        self.server_errors = errors;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_shows_the_cores_problems_once_changed_and_left_and_the_servers_until_a_change() {
        let mut marks = Marks::default();
        let core = || vec![Problem::InvalidEmail];
        assert!(!marks.leaving_shows(Field::Email), "passing through changes nothing");
        marks.changed(Field::Email);
        assert!(marks.problems(Field::Email, core).is_empty(), "not while typing");
        assert!(marks.leaving_shows(Field::Email));
        marks.leave(Field::Email);
        assert!(!marks.leaving_shows(Field::Email));
        assert_eq!(marks.problems(Field::Email, core), vec![Problem::InvalidEmail]);
        marks.rejected(vec![(Field::Phone, Problem::InvalidPhone), (Field::Email, Problem::InvalidEmail)]);
        assert_eq!(marks.problems(Field::Phone, Vec::new), vec![Problem::InvalidPhone]);
        assert_eq!(marks.problems(Field::Email, core), vec![Problem::InvalidEmail], "the same problem once");
        assert_eq!(marks.summary(|| true), Some(Summary::CheckFields));
        assert_eq!(marks.summary(|| false), None, "nothing left to check");
        marks.changed(Field::Company);
        assert!(marks.problems(Field::Phone, Vec::new).is_empty());
    }

    #[test]
    fn a_refusal_shows_every_field_and_names_bookkeeping_itself() {
        let mut marks = Marks::default();
        marks.refused(&[FieldError { field: Field::FormMs, problem: Problem::TooFast }]);
        assert_eq!(marks.summary(|| false), Some(Summary::Problem(Field::FormMs, Problem::TooFast)));
        assert_eq!(marks.problems(Field::Company, || vec![Problem::Required]), vec![Problem::Required], "every field shows");
        marks.attempted();
        assert_eq!(marks.summary(|| true), None);
        marks.rejected(Vec::new());
        assert_eq!(marks.summary(|| false), Some(Summary::Text(Text::SendFailedServer)));
    }
}
