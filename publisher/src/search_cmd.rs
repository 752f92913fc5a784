//! `talentbrug search`: the core's search on a feed file, as a table or JSON.

use std::path::PathBuf;

use serde::Serialize;
use talentbrug_core::explain::describe_all;
use talentbrug_core::feed::FeedError;
use talentbrug_core::profile::{InvalidValue, LanguageSkill};
use talentbrug_core::vocabulary::{parse_code, CodeSet, ContractForm, Shift, Strength, Talent, UnknownCode, WorkplaceNeed};
use talentbrug_core::{search, Country, EscoId, Feed, FeedIndex, Gazetteer, GazetteerError, Hours, Lang, Query, RadiusKm, YearMonth};

use crate::files::FileError;

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
    #[arg(long, default_value_t = 10.0)]
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
    /// Most matches to show.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Verify `FEED.sig` with this public key (base64) before searching.
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
    /// The postcode or place is unknown.
    #[error("--postcode: {0}")]
    Place(#[from] GazetteerError),
    /// A flag has a bad value.
    #[error("--{flag}: {message}")]
    Flag {
        /// The flag, without dashes.
        flag: &'static str,
        /// What is wrong.
        message: String,
    },
}

fn flag<E: std::fmt::Display>(flag: &'static str) -> impl Fn(E) -> SearchError {
    move |e| SearchError::Flag { flag, message: e.to_string() }
}

fn codes<T: talentbrug_core::Code>(name: &'static str, values: &[String]) -> Result<CodeSet<T>, SearchError> {
    values.iter().map(|v| parse_code::<T>(v)).collect::<Result<CodeSet<T>, UnknownCode>>().map_err(flag(name))
}

/// Builds the query from the flags.
pub fn query_from_args(args: &SearchArgs, today: YearMonth) -> Result<Query, SearchError> {
    let country: Country = args.country.parse().map_err(flag("country"))?;
    let place = Gazetteer.resolve(&args.postcode, country)?;
    let radius = RadiusKm::new(args.radius_km).map_err(flag("radius-km"))?;
    let mut q = Query::new((&place).into(), radius, today);
    q.occupations =
        args.occupations.iter().map(|o| o.parse::<EscoId>()).collect::<Result<_, InvalidValue>>().map_err(flag("occupation"))?;
    q.talents = codes::<Talent>("talent", &args.talents)?;
    q.strengths = codes::<Strength>("strength", &args.strengths)?;
    q.offered = codes::<WorkplaceNeed>("offer", &args.offered)?;
    q.contract_forms = codes::<ContractForm>("contract", &args.contracts)?;
    q.shifts = codes::<Shift>("shift", &args.shifts)?;
    q.hours = args.hours.as_deref().map(str::parse::<Hours>).transpose().map_err(flag("hours"))?;
    q.languages =
        args.languages.iter().map(|l| l.parse::<LanguageSkill>()).collect::<Result<_, InvalidValue>>().map_err(flag("language"))?;
    q.available_by = args.available_by.as_deref().map(str::parse::<YearMonth>).transpose().map_err(flag("available-by"))?;
    Ok(q)
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
            let sig_path = sig_path(path);
            let sig = std::fs::read_to_string(&sig_path).map_err(|e| FileError::new(&sig_path, e))?;
            Feed::parse_signed(&bytes, &sig, key, crate::clock::now(), None).map_err(feed_err)?
        }
        None => Feed::parse(&bytes).map_err(feed_err)?,
    };
    Ok(FeedIndex::new(feed))
}

/// `feed.json` -> `feed.json.sig`.
pub fn sig_path(feed: &std::path::Path) -> PathBuf {
    let mut name = feed.as_os_str().to_owned();
    name.push(".sig");
    PathBuf::from(name)
}

/// Runs `talentbrug search` and returns what to print.
pub fn render(args: &SearchArgs, index: &FeedIndex, today: YearMonth) -> Result<String, SearchError> {
    let query = query_from_args(args, today)?;
    let result = search(index, &query, args.limit);
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
    let place = Gazetteer.resolve(&args.postcode, args.country.parse().unwrap_or_default())?;
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
    let today = crate::clock::now().month();
    // Check the flags before reading a possibly large feed, so typos fail fast.
    query_from_args(&args, today)?;
    let index = load_feed(&args.feed, args.public_key.as_deref())?;
    print!("{}", render(&args, &index, today)?);
    Ok(())
}
