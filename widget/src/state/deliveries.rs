//! Where a vacancy's copies are: one per receiving organisation, each with its own idempotency
//! key, kept across retries so a copy is never stored twice, and each with its own answer, so one
//! organisation failing costs the employer only a retry to that one. Pure, tested natively.

use talentbrug_core::request::{Field, Problem};

use crate::i18n::Text;
use crate::pool::Org;
use crate::sending::Outcome;

/// Where one copy is.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    /// On its way.
    Sending,
    /// Stored by the organisation.
    Sent {
        /// The reference to quote.
        reference: String,
        /// Where the employer follows it up there.
        status_url: Option<String>,
    },
    /// Not stored: why (kept to send again).
    Failed(Text),
    /// Refused for these fields: corrected in the form, then sent again.
    Refused(Vec<(Field, Problem)>),
}

/// One organisation's copy of the vacancy.
#[derive(Clone, Debug, PartialEq)]
pub struct Delivery {
    /// The organisation.
    pub org: Org,
    /// The idempotency key of this organisation's copy.
    pub key: String,
    /// Where it is.
    pub status: Status,
}

/// One copy to send now: to whom, with which key and which of its people's ids.
#[derive(Clone, Debug, PartialEq)]
pub struct Copy {
    /// The organisation.
    pub org: Org,
    /// Its key (the same as at the first attempt).
    pub key: String,
    /// The ids it published of the people who fit.
    pub ids: Vec<String>,
}

/// Every copy of the vacancy so far, in the order of the receiving organisations.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Deliveries(pub Vec<Delivery>);

impl Deliveries {
    /// Starts sending to `to` (organisations with their people's ids), or to `only` that one of
    /// them: organisations that have it already are skipped, the others keep the key they had
    /// (a new one from `new_key` the first time). Organisations that no longer fit and never
    /// stored a copy are dropped. Gives the copies to send now.
    pub fn start(&mut self, to: Vec<(Org, Vec<String>)>, only: Option<&Org>, mut new_key: impl FnMut() -> String) -> Vec<Copy> {
        self.0.retain(|d| matches!(d.status, Status::Sent { .. }) || to.iter().any(|(org, _)| *org == d.org));
        let mut copies = Vec::new();
        for (org, ids) in to {
            if only.is_some_and(|o| *o != org) {
                continue;
            }
            let at = match self.0.iter().position(|d| d.org == org) {
                Some(at) if matches!(self.0[at].status, Status::Sent { .. }) => continue,
                Some(at) => at,
                None => {
                    self.0.push(Delivery { org: org.clone(), key: new_key(), status: Status::Sending });
                    self.0.len() - 1
                }
            };
            self.0[at].status = Status::Sending;
            copies.push(Copy { org, key: self.0[at].key.clone(), ids });
        }
        copies
    }

    /// `org` answered.
    pub fn answered(&mut self, org: &Org, outcome: Outcome) {
        let Some(d) = self.0.iter_mut().find(|d| d.org == *org) else { return };
        d.status = match outcome {
            Outcome::Accepted { reference, status_url } => Status::Sent { reference, status_url },
            Outcome::Rejected(errors) => Status::Refused(errors),
            Outcome::Network => Status::Failed(Text::SendFailedNetwork),
            Outcome::Busy => Status::Failed(Text::SendFailedBusy),
            Outcome::Server => Status::Failed(Text::SendFailedServer),
        };
    }

    /// Whether a copy is on its way.
    pub fn sending(&self) -> bool {
        self.0.iter().any(|d| d.status == Status::Sending)
    }

    /// Whether every organisation has its copy (and there is at least one).
    pub fn all_sent(&self) -> bool {
        !self.0.is_empty() && self.0.iter().all(|d| matches!(d.status, Status::Sent { .. }))
    }

    /// The organisations that did not store their copy, and why (refused: `None`).
    pub fn failed(&self) -> impl Iterator<Item = (&Org, Option<Text>)> {
        self.0.iter().filter_map(|d| match &d.status {
            Status::Failed(text) => Some((&d.org, Some(*text))),
            Status::Refused(_) => Some((&d.org, None)),
            _ => None,
        })
    }

    /// What the organisations refused, field by field.
    pub fn refused(&self) -> Vec<(Field, Problem)> {
        let mut out: Vec<(Field, Problem)> =
            self.0.iter().filter_map(|d| if let Status::Refused(e) = &d.status { Some(e.clone()) } else { None }).flatten().collect();
        out.dedup();
        out
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A network member named `name`, for tests.
    pub(crate) fn org(name: &str) -> Org {
        crate::pool::tests::org(Some(name), name)
    }

    fn keys() -> impl FnMut() -> String {
        let mut n = 0;
        move || {
            n += 1;
            format!("key-{n:013}")
        }
    }

    fn accepted(reference: &str) -> Outcome {
        Outcome::Accepted { reference: reference.into(), status_url: Some(format!("https://x/{reference}")) }
    }

    #[test]
    fn one_copy_per_organisation_each_with_its_own_key_kept_for_the_retry_of_just_that_one() {
        let (a, b) = (org("ocmw"), org("interim"));
        let mut key = keys();
        let mut d = Deliveries::default();
        let to = vec![(a.clone(), vec!["p1".into()]), (b.clone(), vec!["q1".into(), "q2".into()])];
        let copies = d.start(to.clone(), None, &mut key);
        assert_eq!(
            copies.iter().map(|c| (c.org.name.as_str(), c.key.as_str(), c.ids.len())).collect::<Vec<_>>(),
            [("ocmw", "key-0000000000001", 1), ("interim", "key-0000000000002", 2)]
        );
        assert!(d.sending() && !d.all_sent());
        d.answered(&a, accepted("TB-1"));
        d.answered(&b, Outcome::Network);
        assert!(!d.sending() && !d.all_sent());
        assert_eq!(d.failed().map(|(o, t)| (o.name.clone(), t)).collect::<Vec<_>>(), [("interim".into(), Some(Text::SendFailedNetwork))]);
        // Sending again goes to the one that failed, with the key it had: never a second copy.
        let again = d.start(to.clone(), None, &mut key);
        assert_eq!(again.iter().map(|c| (c.org.name.as_str(), c.key.as_str())).collect::<Vec<_>>(), [("interim", "key-0000000000002")]);
        d.answered(&b, accepted("TB-9"));
        assert!(d.all_sent());
        assert!(d.start(to, None, &mut key).is_empty(), "nothing left to send");
    }

    #[test]
    fn a_retry_to_one_organisation_leaves_the_others_and_refusals_are_read_by_field() {
        let (a, b) = (org("ocmw"), org("interim"));
        let mut d = Deliveries::default();
        let to = vec![(a.clone(), vec!["p1".into()]), (b.clone(), vec!["q1".into()])];
        d.start(to.clone(), None, keys());
        d.answered(&a, Outcome::Busy);
        d.answered(&b, Outcome::Rejected(vec![(Field::Email, Problem::InvalidEmail)]));
        assert_eq!(d.refused(), vec![(Field::Email, Problem::InvalidEmail)]);
        assert_eq!(d.failed().count(), 2);
        let only_a = d.start(to, Some(&a), keys());
        assert_eq!(only_a.len(), 1);
        assert_eq!(d.0[1].status, Status::Refused(vec![(Field::Email, Problem::InvalidEmail)]), "the other one waits");
    }

    #[test]
    fn an_organisation_that_no_longer_fits_is_dropped_unless_it_has_its_copy() {
        let (a, b, c) = (org("ocmw"), org("interim"), org("maatwerk"));
        let mut d = Deliveries::default();
        d.start(vec![(a.clone(), vec!["p1".into()]), (b.clone(), vec!["q1".into()])], None, keys());
        d.answered(&a, accepted("TB-1"));
        d.answered(&b, Outcome::Server);
        let copies = d.start(vec![(c.clone(), vec!["r1".into()])], None, keys());
        assert_eq!(copies.len(), 1);
        assert_eq!(d.0.iter().map(|x| x.org.name.as_str()).collect::<Vec<_>>(), ["ocmw", "maatwerk"]);
    }
}
