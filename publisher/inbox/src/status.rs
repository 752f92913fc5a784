//! Where a request stands, as the coach sets it and the employer sees it.

use core::fmt;
use core::str::FromStr;

use talentbrug_core::Lang;

/// The follow-up of a blind-interview request, in the order it usually goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    /// Stored; the coach has not acted yet.
    Received,
    /// The coach contacted the candidate about the request.
    Contacted,
    /// An interview date is set.
    InterviewPlanned,
    /// Done (interview held, candidate declined, or withdrawn).
    Closed,
}

impl RequestStatus {
    /// Every status, in follow-up order.
    pub const ALL: [RequestStatus; 4] =
        [RequestStatus::Received, RequestStatus::Contacted, RequestStatus::InterviewPlanned, RequestStatus::Closed];

    /// The code stored in the database and used on the command line.
    pub fn code(self) -> &'static str {
        match self {
            RequestStatus::Received => "received",
            RequestStatus::Contacted => "contacted",
            RequestStatus::InterviewPlanned => "interview_planned",
            RequestStatus::Closed => "closed",
        }
    }

    /// What the employer reads on the status page.
    pub fn label(self, lang: Lang) -> &'static str {
        use RequestStatus::*;
        match (self, lang) {
            (Received, Lang::Nl) => "Ontvangen",
            (Received, Lang::Fr) => "Reçue",
            (Received, Lang::En) => "Received",
            (Contacted, Lang::Nl) => "De coach heeft de kandidaat gecontacteerd",
            (Contacted, Lang::Fr) => "Le coach a contacté la personne candidate",
            (Contacted, Lang::En) => "The coach has contacted the candidate",
            (InterviewPlanned, Lang::Nl) => "Gesprek gepland",
            (InterviewPlanned, Lang::Fr) => "Entretien planifié",
            (InterviewPlanned, Lang::En) => "Interview planned",
            (Closed, Lang::Nl) => "Afgesloten",
            (Closed, Lang::Fr) => "Clôturée",
            (Closed, Lang::En) => "Closed",
        }
    }
}

/// A status code that is not one of ours.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a status; use received, contacted, interview_planned or closed")]
pub struct UnknownStatus(String);

impl FromStr for RequestStatus {
    type Err = UnknownStatus;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let normal = s.trim().to_ascii_lowercase().replace('-', "_");
        RequestStatus::ALL.into_iter().find(|st| st.code() == normal).ok_or_else(|| UnknownStatus(s.chars().take(40).collect()))
    }
}

impl fmt::Display for RequestStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_labels_exist_in_every_language() {
        for status in RequestStatus::ALL {
            assert_eq!(status.code().parse::<RequestStatus>(), Ok(status));
            let labels: std::collections::HashSet<_> = Lang::ALL.iter().map(|&l| status.label(l)).collect();
            assert_eq!(labels.len(), 3, "{status}");
        }
        assert_eq!("Interview-Planned".parse::<RequestStatus>(), Ok(RequestStatus::InterviewPlanned));
        assert!("done".parse::<RequestStatus>().unwrap_err().to_string().contains("received, contacted"));
    }
}
