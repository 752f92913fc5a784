//! Where a vacancy and each proposal for it stand, as the coach and the employer set them.

use core::fmt;
use core::str::FromStr;

use talentbrug_core::Lang;

/// Whether a vacancy still takes proposals.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VacancyStatus {
    /// Coaches may propose people.
    Open,
    /// The employer closed it.
    Closed,
}

/// Where one proposed person stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProposalStatus {
    /// The coach proposed the person; the employer will be called to plan the interview.
    Proposed,
    /// The coach withdrew the proposal.
    Withdrawn,
    /// The employer marked the interview as planned, with its date.
    InterviewPlanned,
    /// The employer marked the interview as held.
    InterviewHeld,
}

/// A status code that is not one of ours.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a vacancy status; use open or closed")]
pub struct UnknownVacancyStatus(String);

impl VacancyStatus {
    /// The code stored in the database and used on the command line.
    pub fn code(self) -> &'static str {
        match self {
            VacancyStatus::Open => "open",
            VacancyStatus::Closed => "closed",
        }
    }

    /// What the employer reads.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (VacancyStatus::Open, Lang::Nl) => "Open: coaches kunnen kandidaten voorstellen",
            (VacancyStatus::Open, Lang::Fr) => "Ouverte : les coachs peuvent proposer des candidat·es",
            (VacancyStatus::Open, Lang::En) => "Open: coaches can propose candidates",
            (VacancyStatus::Closed, Lang::Nl) => "Afgesloten",
            (VacancyStatus::Closed, Lang::Fr) => "Clôturée",
            (VacancyStatus::Closed, Lang::En) => "Closed",
        }
    }
}

impl FromStr for VacancyStatus {
    type Err = UnknownVacancyStatus;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "open" => Ok(VacancyStatus::Open),
            "closed" => Ok(VacancyStatus::Closed),
            _ => Err(UnknownVacancyStatus(s.chars().take(40).collect())),
        }
    }
}

impl fmt::Display for VacancyStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl ProposalStatus {
    /// Every status.
    pub const ALL: [ProposalStatus; 4] =
        [ProposalStatus::Proposed, ProposalStatus::Withdrawn, ProposalStatus::InterviewPlanned, ProposalStatus::InterviewHeld];

    /// The code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            ProposalStatus::Proposed => "proposed",
            ProposalStatus::Withdrawn => "withdrawn",
            ProposalStatus::InterviewPlanned => "interview_planned",
            ProposalStatus::InterviewHeld => "interview_held",
        }
    }

    /// What the employer reads.
    pub fn label(self, lang: Lang) -> &'static str {
        use ProposalStatus::*;
        match (self, lang) {
            (Proposed, Lang::Nl) => "Voorgesteld: de coach belt u om het gesprek te plannen",
            (Proposed, Lang::Fr) => "Proposé·e : le coach vous appellera pour planifier l'entretien",
            (Proposed, Lang::En) => "Proposed: the coach will call you to plan the interview",
            (Withdrawn, Lang::Nl) => "Ingetrokken door de coach",
            (Withdrawn, Lang::Fr) => "Retiré·e par le coach",
            (Withdrawn, Lang::En) => "Withdrawn by the coach",
            (InterviewPlanned, Lang::Nl) => "Gesprek gepland",
            (InterviewPlanned, Lang::Fr) => "Entretien planifié",
            (InterviewPlanned, Lang::En) => "Interview planned",
            (InterviewHeld, Lang::Nl) => "Gesprek gehouden",
            (InterviewHeld, Lang::Fr) => "Entretien eu lieu",
            (InterviewHeld, Lang::En) => "Interview held",
        }
    }

    /// Whether the proposal counts towards the interviews the employer promised.
    pub fn counts(self) -> bool {
        self != ProposalStatus::Withdrawn
    }
}

impl FromStr for ProposalStatus {
    type Err = UnknownVacancyStatus;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ProposalStatus::ALL.into_iter().find(|p| p.code() == s).ok_or_else(|| UnknownVacancyStatus(s.chars().take(40).collect()))
    }
}

impl fmt::Display for ProposalStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_labels_differ_per_language() {
        for status in ProposalStatus::ALL {
            assert_eq!(status.code().parse::<ProposalStatus>(), Ok(status));
            let labels: std::collections::HashSet<_> = Lang::ALL.iter().map(|&l| status.label(l)).collect();
            assert_eq!(labels.len(), 3, "{status}");
        }
        assert_eq!(" Closed ".parse::<VacancyStatus>(), Ok(VacancyStatus::Closed));
        assert!("shut".parse::<VacancyStatus>().unwrap_err().to_string().contains("open or closed"));
    }
}
