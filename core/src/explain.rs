//! Why a profile matched: short reasons built from codes, translated by whoever shows them.
//!
//! Each [`Reason`] has a stable code (`talents:3/4`, `distance:5-10`, `available:now`) for APIs
//! and a `describe` text per language for the UI and the command line.
//!
//! # Examples
//!
//! ```
//! use talentbrug_core::explain::{describe_all, Reason};
//! use talentbrug_core::reach::DistanceBand;
//! use talentbrug_core::Lang;
//!
//! let why = [Reason::Talents { matched: 3, wanted: 4 }, Reason::Distance(DistanceBand::From5To10), Reason::AvailableNow];
//! assert_eq!(why[0].code(), "talents:3/4");
//! assert_eq!(describe_all(&why, Lang::En), "3 of 4 wanted talents, 5-10 km, available now");
//! assert_eq!(describe_all(&why, Lang::Nl), "3 van 4 gezochte talenten, 5-10 km, nu beschikbaar");
//! ```

use core::fmt;

use serde::{Serialize, Serializer};

use crate::calendar::YearMonth;
use crate::profile::{EscoId, IscoGroup};
use crate::reach::DistanceBand;
use crate::vocabulary::Lang;

/// One reason a profile fits a query.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// The person wants one of the occupations searched for.
    Occupation(EscoId),
    /// The person wants work in the ISCO-08 group of an occupation searched for (the exact
    /// occupation is not shown, to keep the person anonymous).
    OccupationGroup(IscoGroup),
    /// How many of the wanted talents the person has.
    Talents {
        /// Wanted talents the person has.
        matched: u32,
        /// Talents the employer asked for.
        wanted: u32,
    },
    /// How many of the wanted strengths the person has.
    Strengths {
        /// Wanted strengths the person has.
        matched: u32,
        /// Strengths the employer asked for.
        wanted: u32,
    },
    /// How many of the person's workplace needs the employer can meet.
    NeedsMet {
        /// Needs the employer offers.
        met: u32,
        /// The person's needs.
        needs: u32,
    },
    /// How far apart they are.
    Distance(DistanceBand),
    /// Can start this month.
    AvailableNow,
    /// Can start from this month.
    AvailableFrom(YearMonth),
    /// A job coach follows the person up at work.
    JobCoaching,
}

impl Reason {
    /// The stable code: `occupation:<id>`, `talents:3/4`, `strengths:1/2`, `needs:2/2`,
    /// `distance:5-10`, `available:now`, `available:2027-02`, `job_coaching`.
    pub fn code(&self) -> String {
        match self {
            Reason::Occupation(id) => format!("occupation:{id}"),
            Reason::OccupationGroup(code) => format!("occupation_group:{code}"),
            Reason::Talents { matched, wanted } => format!("talents:{matched}/{wanted}"),
            Reason::Strengths { matched, wanted } => format!("strengths:{matched}/{wanted}"),
            Reason::NeedsMet { met, needs } => format!("needs:{met}/{needs}"),
            Reason::Distance(band) => format!("distance:{band}"),
            Reason::AvailableNow => "available:now".into(),
            Reason::AvailableFrom(month) => format!("available:{month}"),
            Reason::JobCoaching => "job_coaching".into(),
        }
    }

    /// A short phrase in `lang` ("3 of 4 wanted talents", "5-10 km", "available now").
    /// Occupation reasons need the feed's labels, so they read "wanted occupation" here.
    pub fn describe(&self, lang: Lang) -> String {
        use Lang::*;
        match (self, lang) {
            (Reason::Occupation(_), Nl) => "gezocht beroep".into(),
            (Reason::Occupation(_), Fr) => "métier recherché".into(),
            (Reason::Occupation(_), En) => "wanted occupation".into(),
            (Reason::OccupationGroup(_), Nl) => "gezocht soort werk".into(),
            (Reason::OccupationGroup(_), Fr) => "type de métier recherché".into(),
            (Reason::OccupationGroup(_), En) => "wanted kind of work".into(),
            (Reason::Talents { matched, wanted }, Nl) => format!("{matched} van {wanted} gezochte talenten"),
            (Reason::Talents { matched, wanted }, Fr) => format!("{matched} talent(s) recherché(s) sur {wanted}"),
            (Reason::Talents { matched, wanted }, En) => format!("{matched} of {wanted} wanted talents"),
            (Reason::Strengths { matched, wanted }, Nl) => format!("{matched} van {wanted} gezochte sterktes"),
            (Reason::Strengths { matched, wanted }, Fr) => format!("{matched} qualité(s) recherchée(s) sur {wanted}"),
            (Reason::Strengths { matched, wanted }, En) => format!("{matched} of {wanted} wanted strengths"),
            (Reason::NeedsMet { met, needs }, Nl) => format!("{met} van {needs} werkplekwensen haalbaar"),
            (Reason::NeedsMet { met, needs }, Fr) => format!("{met} besoin(s) sur {needs} satisfait(s)"),
            (Reason::NeedsMet { met, needs }, En) => format!("{met} of {needs} workplace needs met"),
            (Reason::Distance(band), Nl | Fr) => match band {
                DistanceBand::Under5 => "< 5 km".into(),
                DistanceBand::Over20 => "20+ km".into(),
                other => format!("{other} km"),
            },
            (Reason::Distance(band), En) => match band {
                DistanceBand::Under5 => "under 5 km".into(),
                DistanceBand::Over20 => "20 km or more".into(),
                other => format!("{other} km"),
            },
            (Reason::AvailableNow, Nl) => "nu beschikbaar".into(),
            (Reason::AvailableNow, Fr) => "disponible maintenant".into(),
            (Reason::AvailableNow, En) => "available now".into(),
            (Reason::AvailableFrom(m), Nl) => format!("beschikbaar vanaf {:02}/{}", m.month(), m.year()),
            (Reason::AvailableFrom(m), Fr) => format!("disponible à partir de {:02}/{}", m.month(), m.year()),
            (Reason::AvailableFrom(m), En) => format!("available from {:02}/{}", m.month(), m.year()),
            (Reason::JobCoaching, Nl) => "met jobcoach".into(),
            (Reason::JobCoaching, Fr) => "avec job coach".into(),
            (Reason::JobCoaching, En) => "with a job coach".into(),
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code())
    }
}

impl Serialize for Reason {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.code())
    }
}

/// The reasons of one match, most telling first.
pub type Explanation = Vec<Reason>;

/// Joins the reasons into one line in `lang`: "3 of 4 wanted talents, 5-10 km, available now".
pub fn describe_all(reasons: &[Reason], lang: Lang) -> String {
    reasons.iter().map(|r| r.describe(lang)).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_phrases() {
        let why = [Reason::Talents { matched: 3, wanted: 4 }, Reason::Distance(DistanceBand::From5To10), Reason::AvailableNow];
        assert_eq!(why.iter().map(Reason::code).collect::<Vec<_>>(), ["talents:3/4", "distance:5-10", "available:now"]);
        assert_eq!(describe_all(&why, Lang::En), "3 of 4 wanted talents, 5-10 km, available now");
        assert_eq!(describe_all(&why, Lang::Nl), "3 van 4 gezochte talenten, 5-10 km, nu beschikbaar");
        assert!(describe_all(&why, Lang::Fr).contains("disponible maintenant"));
        let later = Reason::AvailableFrom("2027-02".parse().unwrap());
        assert_eq!(later.code(), "available:2027-02");
        assert_eq!(later.describe(Lang::Nl), "beschikbaar vanaf 02/2027");
    }
}
