//! What a publication did, for the coach: how many profiles were published, what was generalised
//! to keep people anonymous, which pitches were dropped and which rows were held back, each with
//! its line number, record id and reason.
//!
//! The report names record ids, so it is private like the export: `talentbrug publish` writes it
//! with mode 0600 and never next to the feed.

use std::fmt;

use serde::Serialize;

/// Why a row of the export was not published.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum HoldReason {
    /// `consent` is not `yes`.
    NoConsent {
        /// What the consent column said.
        value: String,
    },
    /// A value is missing or wrong.
    Invalid {
        /// The column.
        column: String,
        /// What is wrong.
        message: String,
    },
    /// The row itself could not be read (wrong number of fields, bad UTF-8).
    Unreadable {
        /// What is wrong.
        message: String,
    },
    /// The record id was used by an earlier row.
    DuplicateRecordId {
        /// The line of the first row with this id.
        first_line: u64,
    },
    /// Even after generalising, too few similar people live near enough to hide among.
    TooFewSimilar {
        /// The k of k-anonymity in force.
        k: usize,
    },
    /// New in the feed, and fewer than k new people could join the group that fits: whoever
    /// compares this feed with the last would see which profile is the new one.
    WaitingForNewcomers {
        /// The k of k-anonymity in force.
        k: usize,
    },
}

impl HoldReason {
    /// A short name of the kind of reason, for counts.
    pub fn kind(&self) -> &'static str {
        match self {
            HoldReason::NoConsent { .. } => "no consent",
            HoldReason::Invalid { .. } => "invalid value",
            HoldReason::Unreadable { .. } => "unreadable row",
            HoldReason::DuplicateRecordId { .. } => "record id used twice",
            HoldReason::TooFewSimilar { .. } => "too few similar people nearby (k-anonymity)",
            HoldReason::WaitingForNewcomers { .. } => "new: waits for more new people in their group",
        }
    }
}

impl fmt::Display for HoldReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HoldReason::NoConsent { value } if value.is_empty() => write!(f, "no consent (the consent column is empty)"),
            HoldReason::NoConsent { value } => write!(f, "no consent (consent is `{value}`, not `yes`)"),
            HoldReason::Invalid { column, message } => write!(f, "{column}: {message}"),
            HoldReason::Unreadable { message } => write!(f, "{message}"),
            HoldReason::DuplicateRecordId { first_line } => write!(f, "record_id is already used on line {first_line}"),
            HoldReason::TooFewSimilar { k } => {
                write!(f, "fewer than {k} people with a similar profile live near enough to publish this one anonymously (k-anonymity)")
            }
            HoldReason::WaitingForNewcomers { k } => write!(
                f,
                "new since the last publication: published once {k} new people fit the same group nearby (alone, theirs would be the \
                 one new profile of its group, which anyone comparing two feeds can see)"
            ),
        }
    }
}

/// A row that was not published.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HeldBack {
    /// Line of the export where the row starts (the header is line 1).
    pub line: u64,
    /// The row's record id, as written (empty when missing or unreadable).
    pub record_id: String,
    /// Why.
    pub reason: HoldReason,
}

/// Why a pitch was left out of a published profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DroppedPitch {
    /// Line of the export.
    pub line: u64,
    /// The record id.
    pub record_id: String,
    /// What was found, e.g. "a phone number", "the person's family name"; never the text itself.
    pub reasons: Vec<String>,
}

/// One attribute of a profile that was published coarser than the export says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Generalised {
    /// Area merged with neighbouring postcodes ("Leuven e.o.").
    Area,
    /// Weekly hours widened.
    Hours,
    /// Available-from month moved later (to a common month of the group).
    AvailableFrom,
    /// Some accepted contract forms not shown.
    ContractForms,
    /// Job coaching not shown.
    JobCoaching,
    /// Some languages left out or shown at a lower level.
    Languages,
    /// An occupation shown only as its ISCO-08 unit group.
    OccupationGroup,
    /// An occupation left out (not even its unit group is shared by the group).
    Occupations,
    /// Reach shown as a lower band than the person's own (every reach is published rounded down
    /// to a band, 17.3 km as 15 km; this is a band below that).
    Reach,
    /// Some travel modes not shown.
    TravelModes,
    /// Some shifts not shown.
    Shifts,
    /// Workplace needs not shown (everyone in the group has the same ones).
    WorkplaceNeeds,
}

impl Generalised {
    /// Every kind, in report order.
    pub const ALL: [Generalised; 12] = [
        Generalised::Area,
        Generalised::Hours,
        Generalised::AvailableFrom,
        Generalised::ContractForms,
        Generalised::JobCoaching,
        Generalised::Languages,
        Generalised::OccupationGroup,
        Generalised::Occupations,
        Generalised::Reach,
        Generalised::TravelModes,
        Generalised::Shifts,
        Generalised::WorkplaceNeeds,
    ];

    /// What the coach reads.
    pub fn describe(self) -> &'static str {
        match self {
            Generalised::Area => "area merged with neighbouring postcodes",
            Generalised::Hours => "weekly hours widened",
            Generalised::AvailableFrom => "available-from month set later",
            Generalised::ContractForms => "some contract forms not shown",
            Generalised::JobCoaching => "job coaching not shown",
            Generalised::Languages => "languages reduced",
            Generalised::OccupationGroup => "occupation shown as its ISCO-08 group",
            Generalised::Occupations => "an occupation not shown",
            Generalised::Reach => "reach shown as a lower band",
            Generalised::TravelModes => "some travel modes not shown",
            Generalised::Shifts => "some shifts not shown",
            Generalised::WorkplaceNeeds => "workplace needs not shown (the same for everyone in the group)",
        }
    }
}

/// What was generalised in one published profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GeneralisedRecord {
    /// Line of the export.
    pub line: u64,
    /// The record id.
    pub record_id: String,
    /// The attributes shown coarser than in the export.
    pub what: Vec<Generalised>,
}

/// Rows listed per section of the summary; the report file has them all.
const MAX_LISTED: usize = 200;

fn more(out: &mut String, total: usize) {
    if total > MAX_LISTED {
        out.push_str(&format!("  … and {} more (see --report for every row)\n", total - MAX_LISTED));
    }
}

/// The whole account of one publication.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Report {
    /// Rows read from the export (without the header).
    pub rows: usize,
    /// Profiles in the feed.
    pub published: usize,
    /// The k of k-anonymity in force.
    pub k: usize,
    /// The feed's sequence.
    pub sequence: u64,
    /// Published profiles with generalised attributes.
    pub generalised: Vec<GeneralisedRecord>,
    /// Published profiles whose pitch was left out.
    pub pitches_dropped: Vec<DroppedPitch>,
    /// Rows not published, in line order.
    pub held_back: Vec<HeldBack>,
    /// People published with the same values as last time (unchanged, group still at k).
    pub kept_in_group: usize,
    /// People (new, changed or from a dissolved group) who joined a kept group.
    pub joined_group: usize,
    /// Groups of the last publication dissolved because fewer than k of them were left.
    pub groups_dissolved: usize,
}

impl Report {
    /// How many published profiles had attribute `what` generalised.
    pub fn count_generalised(&self, what: Generalised) -> usize {
        self.generalised.iter().filter(|g| g.what.contains(&what)).count()
    }

    /// The summary `talentbrug publish` prints: totals first, then every held-back row and every
    /// dropped pitch with its line, then what was generalised (per kind, and per row when few).
    pub fn summary(&self) -> String {
        let mut out = String::new();
        let held = self.held_back.len();
        out.push_str(&format!(
            "published {} of {} rows (sequence {}, k = {}); {} generalised, {} pitches dropped, {} held back\n",
            self.published,
            self.rows,
            self.sequence,
            self.k,
            self.generalised.len(),
            self.pitches_dropped.len(),
            held
        ));
        if self.kept_in_group + self.joined_group + self.groups_dissolved > 0 {
            out.push_str(&format!(
                "kept stable: {} people as published last time, {} joined a group without changing it, {} groups regrouped (fewer than k left)\n",
                self.kept_in_group, self.joined_group, self.groups_dissolved
            ));
        }
        if !self.generalised.is_empty() {
            out.push_str("generalised to keep people anonymous:\n");
            for what in Generalised::ALL {
                let n = self.count_generalised(what);
                if n > 0 {
                    out.push_str(&format!("  {n:>6} × {}\n", what.describe()));
                }
            }
            if self.generalised.len() <= 50 {
                for g in &self.generalised {
                    let what: Vec<&str> = g.what.iter().map(|w| w.describe()).collect();
                    out.push_str(&format!("  line {} ({}): {}\n", g.line, g.record_id, what.join("; ")));
                }
            } else {
                out.push_str("  (see --report for every row)\n");
            }
        }
        if !self.pitches_dropped.is_empty() {
            out.push_str("pitches left out (the profile is published without it):\n");
            for p in self.pitches_dropped.iter().take(MAX_LISTED) {
                out.push_str(&format!("  line {} ({}): {}\n", p.line, p.record_id, p.reasons.join(", ")));
            }
            more(&mut out, self.pitches_dropped.len());
        }
        if held > 0 {
            out.push_str("held back (not published):\n");
            let mut kinds: Vec<(&'static str, usize)> = Vec::new();
            for h in &self.held_back {
                let kind = h.reason.kind();
                match kinds.iter_mut().find(|(k, _)| *k == kind) {
                    Some((_, n)) => *n += 1,
                    None => kinds.push((kind, 1)),
                }
            }
            if held > MAX_LISTED {
                for (kind, n) in &kinds {
                    out.push_str(&format!("  {n:>6} × {kind}\n"));
                }
            }
            for h in self.held_back.iter().take(MAX_LISTED) {
                let id = if h.record_id.is_empty() { "no record_id".to_owned() } else { h.record_id.clone() };
                out.push_str(&format!("  line {} ({id}): {}\n", h.line, h.reason));
            }
            more(&mut out, held);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_lists_totals_reasons_and_lines() {
        let report = Report {
            rows: 4,
            published: 2,
            k: 5,
            sequence: 7,
            generalised: vec![GeneralisedRecord { line: 2, record_id: "D-1".into(), what: vec![Generalised::Area, Generalised::Hours] }],
            pitches_dropped: vec![DroppedPitch { line: 3, record_id: "D-2".into(), reasons: vec!["a phone number".into()] }],
            held_back: vec![
                HeldBack { line: 4, record_id: "D-3".into(), reason: HoldReason::NoConsent { value: "no".into() } },
                HeldBack { line: 5, record_id: String::new(), reason: HoldReason::Unreadable { message: "bad UTF-8".into() } },
            ],
            ..Report::default()
        };
        let s = report.summary();
        assert!(s.starts_with("published 2 of 4 rows (sequence 7, k = 5); 1 generalised, 1 pitches dropped, 2 held back"), "{s}");
        assert!(s.contains("line 2 (D-1): area merged with neighbouring postcodes; weekly hours widened"), "{s}");
        assert!(s.contains("line 3 (D-2): a phone number"), "{s}");
        assert!(s.contains("line 4 (D-3): no consent (consent is `no`, not `yes`)"), "{s}");
        assert!(s.contains("line 5 (no record_id): bad UTF-8"), "{s}");
        assert_eq!(report.count_generalised(Generalised::Hours), 1);
        let json = serde_json::to_value(&report).unwrap();
        let mut big = report.clone();
        big.held_back =
            (0..250).map(|i| HeldBack { line: i + 2, record_id: format!("D-{i}"), reason: HoldReason::TooFewSimilar { k: 5 } }).collect();
        let s = big.summary();
        assert!(s.contains("     250 × too few similar people nearby (k-anonymity)"), "{s}");
        assert!(s.contains("  … and 50 more (see --report for every row)"), "{s}");
        assert_eq!(s.lines().filter(|l| l.starts_with("  line ")).count(), 1 + 1 + 200);
        assert_eq!(json["held_back"][0]["reason"]["kind"], "no_consent");
    }
}
