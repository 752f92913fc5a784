//! `talentbrug search`: the core's search on a feed file, as a table or JSON.

use std::path::PathBuf;

use serde::Serialize;
use talentbrug_core::api::{HoursInput, LanguageInput, QueryError, QueryInput};
use talentbrug_core::explain::describe_all;
use talentbrug_core::feed::FeedError;
use talentbrug_core::{search, Feed, FeedIndex, Lang, YearMonth};

use talentbrug_private::signature_path;
use talentbrug_private::FileError;

/// Arguments of `talentbrug search`.
#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// The feed file (`feed.json`).
    pub feed: PathBuf,
    /// The employer's postcode or place (`3000`, `3000 Leuven`, `NL-1011`, `Gent`).
    #[arg(long)]
    pub postcode: String,
    /// Country for codes that exist in both (BE or NL).
    #[arg(long, default_value = "BE")]
    pub country: String,
    /// Search radius in km.
    #[arg(long, default_value_t = 10.0, allow_negative_numbers = true)]
    pub radius_km: f64,
    /// Wanted occupation (ESCO id); repeat for "any of".
    #[arg(long = "occupation", value_name = "ESCO_ID")]
    pub occupations: Vec<String>,
    /// Wanted talent code; repeat; raises the score.
    #[arg(long = "talent", value_name = "CODE")]
    pub talents: Vec<String>,
    /// Wanted strength code; repeat; raises the score.
    #[arg(long = "strength", value_name = "CODE")]
    pub strengths: Vec<String>,
    /// A workplace condition the employer offers; repeat; raises the score.
    #[arg(long = "offer", value_name = "CODE")]
    pub offered: Vec<String>,
    /// Weekly hours MIN-MAX; profiles must overlap (bounds inclusive).
    #[arg(long, value_name = "MIN-MAX")]
    pub hours: Option<String>,
    /// Accepted contract form; repeat for "any of".
    #[arg(long = "contract", value_name = "FORM")]
    pub contracts: Vec<String>,
    /// Shift the person must be able to work; repeat for "all of".
    #[arg(long = "shift", value_name = "SHIFT")]
    pub shifts: Vec<String>,
    /// Language with least level (`nl:B1`); repeat for "all of".
    #[arg(long = "language", value_name = "LANG:LEVEL")]
    pub languages: Vec<String>,
    /// Latest start month (YYYY-MM).
    #[arg(long, value_name = "YYYY-MM")]
    pub available_by: Option<String>,
    /// Only people who can start this month.
    #[arg(long)]
    pub available_now: bool,
    /// Most matches to show.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Verify `FEED.sig` with this public key (base64, or a file holding it) before searching.
    #[arg(long)]
    pub public_key: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// What can go wrong in a search.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The feed (or signature) file could not be read.
    #[error(transparent)]
    File(#[from] FileError),
    /// The feed is not valid.
    #[error("{path}: {source}")]
    Feed {
        /// The feed file.
        path: PathBuf,
        /// Why.
        source: FeedError,
    },
    /// The public key could not be read.
    #[error("--public-key: {0}")]
    PublicKey(#[from] crate::verify_cmd::VerifyError),
    /// A flag has a bad value.
    #[error("--{flag}: {message}")]
    Flag {
        /// The flag, without dashes.
        flag: &'static str,
        /// What is wrong.
        message: String,
    },
}

/// The flag that sets a field of the core's plain-data query.
fn flag_of(field: &str) -> &'static str {
    match field {
        "country" => "country",
        "radius_km" => "radius-km",
        "occupations" => "occupation",
        "contract_forms" => "contract",
        "hours" => "hours",
        "shifts" => "shift",
        "available_by" => "available-by",
        "languages" => "language",
        "talents" => "talent",
        "strengths" => "strength",
        "offered" => "offer",
        _ => "postcode",
    }
}

impl From<QueryError> for SearchError {
    fn from(e: QueryError) -> SearchError {
        match e {
            QueryError::Place(e) => SearchError::Flag { flag: "postcode", message: e.to_string() },
            QueryError::Field { field, message } => SearchError::Flag { flag: flag_of(field), message },
        }
    }
}

impl SearchArgs {
    /// The flags as the core's plain-data query, which checks them the way every other caller's
    /// queries are checked.
    pub fn to_input(&self) -> QueryInput {
        QueryInput {
            postcode: self.postcode.clone(),
            country: Some(self.country.clone()),
            radius_km: Some(self.radius_km),
            occupations: self.occupations.clone(),
            contract_forms: self.contracts.clone(),
            hours: self.hours.clone().map(HoursInput::Text),
            shifts: self.shifts.clone(),
            available_by: self.available_by.clone(),
            available_now: self.available_now,
            languages: self.languages.iter().cloned().map(LanguageInput::Text).collect(),
            talents: self.talents.clone(),
            strengths: self.strengths.clone(),
            offered: self.offered.clone(),
            limit: Some(self.limit),
            today: None,
        }
    }
}

#[derive(Serialize)]
struct JsonMatch<'a> {
    id: &'a str,
    score: u32,
    distance_band: &'static str,
    why: Vec<String>,
}

#[derive(Serialize)]
struct JsonResult<'a> {
    total: usize,
    matches: Vec<JsonMatch<'a>>,
}

/// Reads and checks the feed, verifying its signature when a key is given.
pub fn load_feed(path: &std::path::Path, public_key: Option<&str>) -> Result<FeedIndex, SearchError> {
    let bytes = std::fs::read(path).map_err(|e| FileError::new(path, e))?;
    let feed_err = |source| SearchError::Feed { path: path.to_owned(), source };
    let feed = match public_key {
        Some(key) => {
            let key = crate::verify_cmd::public_key(key)?;
            let sig_path = signature_path(path);
            let sig = std::fs::read_to_string(&sig_path).map_err(|e| FileError::new(&sig_path, e))?;
            Feed::parse_signed(&bytes, &sig, &key, talentbrug_private::now(), None).map_err(feed_err)?
        }
        None => Feed::parse(&bytes).map_err(feed_err)?,
    };
    Ok(FeedIndex::new(feed))
}

/// Runs `talentbrug search` and returns what to print.
pub fn render(args: &SearchArgs, index: &FeedIndex, today: YearMonth) -> Result<String, SearchError> {
    let (query, place, limit) = args.to_input().to_query(today)?;
    let result = search(index, &query, limit);
    if args.json {
        let out = JsonResult {
            total: result.total,
            matches: result
                .matches
                .iter()
                .map(|m| JsonMatch {
                    id: m.profile.id.as_str(),
                    score: m.score,
                    distance_band: m.distance_band.code(),
                    why: m.why.iter().map(|r| r.code()).collect(),
                })
                .collect(),
        };
        return Ok(serde_json::to_string_pretty(&out).expect("plain data serialises") + "\n");
    }
    let mut out = format!(
        "{} match{} within {} km of {} {} ({}), showing {}\n",
        result.total,
        if result.total == 1 { "" } else { "es" },
        args.radius_km,
        place.postcode,
        place.name,
        place.postcode.country().code(),
        result.matches.len()
    );
    if result.matches.is_empty() {
        out.push_str("No profiles match: try a larger --radius-km or fewer filters.\n");
        return Ok(out);
    }
    let rows: Vec<[String; 6]> = result
        .matches
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let occupations =
                m.profile.occupations.iter().filter_map(|o| index.occupation(*o)).map(|l| l.label.clone()).collect::<Vec<_>>().join(", ");
            [
                (i + 1).to_string(),
                m.profile.id.to_string(),
                m.score.to_string(),
                format!("{} km", m.distance_band),
                m.profile.area.label.clone(),
                format!("{occupations}: {}", describe_all(&m.why, Lang::En)),
            ]
        })
        .collect();
    let header = ["#", "id", "score", "distance", "area", "occupations: why"].map(String::from);
    let widths: Vec<usize> = (0..5).map(|c| rows.iter().chain([&header]).map(|r| r[c].chars().count()).max().unwrap_or(0)).collect();
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            if c < 5 {
                line.push_str(&format!("{cell:<w$}  ", w = widths[c]));
            } else {
                line.push_str(cell);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    Ok(out)
}

/// Runs `talentbrug search`.
pub fn run(args: SearchArgs) -> Result<(), SearchError> {
    let today = talentbrug_private::now().month();
    // Check the flags before reading a possibly large feed, so typos fail fast.
    args.to_input().to_query(today)?;
    let index = load_feed(&args.feed, args.public_key.as_deref())?;
    print!("{}", render(&args, &index, today)?);
    Ok(())
}
