//! `talentbrug demo-feed`: a realistic synthetic feed (no real people) for demos and benchmarks.

use std::collections::BTreeMap;
use std::path::PathBuf;

use talentbrug_core::esco::EscoCatalogue;
use talentbrug_core::feed::FORMAT_V1;
use talentbrug_core::profile::{Area, Pitch, ReachKm};
use talentbrug_core::{Feed, Profile, Timestamp};

use talentbrug_private::{write_atomically, FileError};
use talentbrug_publish::synthetic::{demo_publisher, Generator};

/// Arguments of `talentbrug demo-feed`.
#[derive(Debug, clap::Args)]
pub struct DemoFeedArgs {
    /// Number of profiles.
    #[arg(long, default_value_t = 2000)]
    pub profiles: usize,
    /// Random seed: the same seed and issue time give the same bytes.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Where to write the feed.
    #[arg(long)]
    pub out: PathBuf,
    /// Issue time (YYYY-MM-DDTHH:MM:SSZ); default: the start of today (UTC).
    #[arg(long)]
    pub issued_at: Option<String>,
    /// Days until the feed expires.
    #[arg(long, default_value_t = 30)]
    pub expires_in_days: u32,
}

/// What can go wrong making a demo feed.
#[derive(Debug, thiserror::Error)]
pub enum DemoFeedError {
    /// Bad `--issued-at`.
    #[error("--issued-at: {0}")]
    IssuedAt(#[from] talentbrug_core::calendar::CalendarError),
    /// Too many profiles asked for.
    #[error("--profiles: at most {max} profiles fit in one feed", max = talentbrug_core::feed::MAX_PROFILES)]
    TooMany,
    /// Writing failed.
    #[error(transparent)]
    File(#[from] FileError),
}

/// Builds a synthetic feed in memory.
pub fn demo_feed(profiles: usize, seed: u64, issued_at: Timestamp, expires_in_days: u32) -> Feed {
    let esco = EscoCatalogue::embedded();
    let mut generator = Generator::new(seed, issued_at.month(), &esco);
    let mut occupations = BTreeMap::new();
    let profiles = (0..profiles)
        .map(|_| {
            let person = generator.person();
            for id in &person.occupations {
                if let Some(o) = esco.get(*id) {
                    occupations.insert(*id, o.labels.clone());
                }
            }
            Profile {
                id: generator.hex_id(10).parse().expect("hex ids are valid"),
                area: Area::new(person.place.postcode, person.place.name.to_owned(), person.place.lat, person.place.lon)
                    .expect("gazetteer places are valid areas"),
                reach_km: ReachKm::new(f64::from(person.reach_km)).expect("3-30 km"),
                travel_modes: person.travel_modes,
                occupations: person.occupations,
                occupation_groups: Vec::new(),
                talents: person.talents,
                strengths: person.strengths,
                languages: person.languages,
                hours: person.hours,
                shifts: person.shifts,
                available_from: person.available_from,
                contract_forms: person.contract_forms,
                job_coaching: person.job_coaching,
                workplace_needs: person.workplace_needs,
                pitch: (!person.pitch.is_empty()).then(|| person.pitch.parse::<Pitch>().ok()).flatten(),
            }
        })
        .collect::<Vec<_>>();
    let mut profiles = profiles;
    // Random ids can collide in big feeds; keep the first.
    let mut seen = std::collections::HashSet::new();
    profiles.retain(|p| seen.insert(p.id.clone()));
    Feed {
        format: FORMAT_V1.into(),
        publisher: demo_publisher(),
        issued_at,
        expires_at: issued_at.plus_days(i64::from(expires_in_days.max(1))),
        sequence: 1,
        occupations,
        occupation_groups: Default::default(),
        profiles,
    }
}

/// The start of the current UTC day, from the system clock.
pub fn start_of_today() -> Timestamp {
    let now = talentbrug_private::now();
    Timestamp::from_unix_seconds(now.unix_seconds() - now.unix_seconds().rem_euclid(86_400))
}

/// Runs `talentbrug demo-feed`.
pub fn run(args: DemoFeedArgs) -> Result<(), DemoFeedError> {
    if args.profiles > talentbrug_core::feed::MAX_PROFILES {
        return Err(DemoFeedError::TooMany);
    }
    let issued_at = match &args.issued_at {
        Some(t) => t.parse()?,
        None => start_of_today(),
    };
    let feed = demo_feed(args.profiles, args.seed, issued_at, args.expires_in_days);
    write_atomically(&args.out, &feed.to_json())?;
    eprintln!("wrote {} synthetic profiles to {}", feed.profiles.len(), args.out.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_bytes_and_the_feed_parses() {
        let t: Timestamp = "2026-11-23T00:00:00Z".parse().unwrap();
        let a = demo_feed(300, 42, t, 30).to_json();
        assert_eq!(a, demo_feed(300, 42, t, 30).to_json());
        assert_ne!(a, demo_feed(300, 43, t, 30).to_json());
        let feed = Feed::parse(&a).unwrap();
        assert_eq!(feed.profiles.len(), 300);
        assert_eq!(feed.expires_at.to_string(), "2026-12-23T00:00:00Z");
    }
}
