//! `talentbrug demo-feed`: a realistic synthetic feed (no real people) for demos and benchmarks.
//!
//! People live all over Belgium and the Netherlands by population ([`crate::demo_population`]),
//! and their pitches are composed from parts ([`crate::demo_pitches`]), so a national-scale feed
//! is as large, and compresses as well, as a real one would. The command writes the v1 feed
//! (`feed.json` + `.sig`, when it fits the v1 limits of [`MAX_PROFILES`] profiles and
//! [`MAX_FEED_BYTES`]) and, next to it, feed
//! v2 (`manifest.json` + `.sig`, `tiles/`), both signed with the demo key.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use talentbrug_core::esco::EscoCatalogue;
use talentbrug_core::feed::{FORMAT_V1, MAX_FEED_BYTES, MAX_PROFILES};
use talentbrug_core::profile::{Area, LanguageSkill, Pitch, ReachKm};
use talentbrug_core::vocabulary::Cefr;
use talentbrug_core::{Feed, Profile, Timestamp};

use talentbrug_private::FileError;
use talentbrug_publish::synthetic::{demo_publisher, Generator};
use talentbrug_publish::{number_by_tile, write_pair, write_v2, FeedV2Error, KeyError, Keys};

use crate::demo_pitches::pitch;
use crate::demo_population::Population;

/// The most profiles `demo-feed` makes: feed v2 holds a national network's; the v1 feed is
/// written only within its limits.
pub const MAX_DEMO_PROFILES: usize = 2_000_000;

/// The sequence of every demo feed.
const DEMO_SEQUENCE: u64 = 1;

/// Arguments of `talentbrug demo-feed`.
#[derive(Debug, clap::Args)]
pub struct DemoFeedArgs {
    /// Number of profiles.
    #[arg(long, default_value_t = 2000)]
    pub profiles: usize,
    /// Random seed: the same seed and issue time give the same bytes.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Where to write the v1 feed; feed v2 (`manifest.json`, `tiles/`) goes into the same directory.
    #[arg(long)]
    pub out: PathBuf,
    /// The demo organisation's key; made on the first run if missing.
    /// Default: `demo.key` in the private directory.
    #[arg(long)]
    pub key: Option<PathBuf>,
    /// The private directory (feed v2's tile history; the default key).
    /// Default: `demo.private/` next to `--out`: do not serve that directory.
    #[arg(long)]
    pub private_dir: Option<PathBuf>,
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
    #[error("--profiles: demo-feed makes at most {MAX_DEMO_PROFILES} profiles")]
    TooMany,
    /// The key could not be read or made.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// Writing failed.
    #[error(transparent)]
    File(#[from] FileError),
    /// Writing feed v2 failed.
    #[error(transparent)]
    V2(#[from] FeedV2Error),
}

/// Builds a synthetic feed in memory, the tests' and benchmarks' kind: people in Flanders,
/// Brussels and the south of the Netherlands (so a small feed has people near Leuven), one of 16
/// short pitches each (so 100,000 profiles stay under the v1 feed's 50 MiB).
pub fn demo_feed(profiles: usize, seed: u64, issued_at: Timestamp, expires_in_days: u32) -> Feed {
    build(profiles, seed, issued_at, expires_in_days, false)
}

/// Builds a national-scale synthetic feed in memory, what `talentbrug demo-feed` writes: people
/// all over Belgium and the Netherlands by population ([`Population`]), pitches composed from
/// parts ([`pitch`]). The other fields are [`demo_feed`]'s, drawn the same way.
pub fn national_demo_feed(profiles: usize, seed: u64, issued_at: Timestamp, expires_in_days: u32) -> Feed {
    build(profiles, seed, issued_at, expires_in_days, true)
}

fn build(profiles: usize, seed: u64, issued_at: Timestamp, expires_in_days: u32, national: bool) -> Feed {
    let esco = EscoCatalogue::embedded();
    let mut generator = Generator::new(seed, issued_at.month(), &esco);
    // Places and pitches from their own stream, so the generator's other fields stay as they were.
    let population = national.then(Population::benelux);
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x6465_6d6f_6665_6564);
    let mut occupations = BTreeMap::new();
    let profiles = (0..profiles)
        .map(|_| {
            let mut person = generator.person();
            if let Some(population) = &population {
                person.place = population.pick(&mut rng);
                if person.place.region == "Wallonie" {
                    speaks_french_not_dutch(&mut person.languages);
                }
                if !person.pitch.is_empty() {
                    person.pitch = pitch(&mut rng);
                }
            }
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
    // Named by publication, tile and row, as `talentbrug publish` names them; the random ids
    // only order the people of one area.
    let mut profiles: Vec<Profile> = number_by_tile(profiles, DEMO_SEQUENCE).into_iter().map(|(_, p)| p).collect();
    profiles.sort_by(|a, b| a.id.cmp(&b.id));
    Feed {
        format: FORMAT_V1.into(),
        publisher: demo_publisher(),
        issued_at,
        expires_at: issued_at.plus_days(i64::from(expires_in_days.max(1))),
        sequence: DEMO_SEQUENCE,
        occupations,
        occupation_groups: Default::default(),
        profiles,
    }
}

/// The same demo feed as publication `sequence`: its ids carry that sequence
/// (`<sequence>-<tile>-<row>`), as `talentbrug publish` names them, so feeds of two sequences
/// never share an id (a server keeps several and finds a request's feed by its id).
pub fn at_sequence(mut feed: Feed, sequence: u64) -> Feed {
    let from = format!("{}-", feed.sequence);
    for p in &mut feed.profiles {
        if let Some(rest) = p.id.as_str().strip_prefix(&from) {
            p.id = format!("{sequence}-{rest}").parse().expect("digits and dashes");
        }
    }
    feed.sequence = sequence;
    feed
}

/// The generator gives everyone Dutch; in Wallonia, French takes its place (at the same level).
fn speaks_french_not_dutch(languages: &mut Vec<LanguageSkill>) {
    let dutch = languages.iter().position(|l| l.lang.as_str() == "nl");
    let level = dutch.map(|i| languages.remove(i).level).unwrap_or(Cefr::Native);
    if !languages.iter().any(|l| l.lang.as_str() == "fr") {
        languages.insert(0, LanguageSkill { lang: "fr".parse().expect("fr"), level });
    }
}

/// The start of the current UTC day, from the system clock.
pub fn start_of_today() -> Timestamp {
    let now = talentbrug_private::now();
    Timestamp::from_unix_seconds(now.unix_seconds() - now.unix_seconds().rem_euclid(86_400))
}

/// Runs `talentbrug demo-feed`.
pub fn run(args: DemoFeedArgs) -> Result<(), DemoFeedError> {
    if args.profiles > MAX_DEMO_PROFILES {
        return Err(DemoFeedError::TooMany);
    }
    let issued_at = match &args.issued_at {
        Some(t) => t.parse()?,
        None => start_of_today(),
    };
    let start = Instant::now();
    let public_dir = match args.out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let private_dir = args.private_dir.clone().unwrap_or_else(|| public_dir.join("demo.private"));
    let keys = demo_keys(&args.key.clone().unwrap_or_else(|| private_dir.join("demo.key")))?;
    let feed = national_demo_feed(args.profiles, args.seed, issued_at, args.expires_in_days);
    let json = (feed.profiles.len() <= MAX_PROFILES).then(|| feed.to_json()).filter(|json| json.len() <= MAX_FEED_BYTES);
    if let Some(json) = json {
        write_pair(&args.out, &json, &keys.sign_base64(&json))?;
        eprintln!("wrote {} synthetic profiles to {} (+ .sig)", feed.profiles.len(), args.out.display());
    } else {
        eprintln!(
            "{} profiles are over what a v1 feed holds ({MAX_PROFILES} profiles, {} MiB): no {} written",
            feed.profiles.len(),
            MAX_FEED_BYTES / (1024 * 1024),
            args.out.display()
        );
    }
    let written = write_v2(&public_dir, &feed, &keys, &private_dir, talentbrug_private::now())?;
    eprintln!(
        "wrote feed v2 to {}: manifest.json + .sig, {} regions, {} tiles ({} new) in {:.1} s; public key {}",
        public_dir.display(),
        written.listed.regions.len(),
        written.tiles.len(),
        written.tiles_written,
        start.elapsed().as_secs_f64(),
        keys.public_key_base64()
    );
    Ok(())
}

/// The demo organisation's key at `path`, made and saved there on the first run.
fn demo_keys(path: &Path) -> Result<Keys, KeyError> {
    if path.exists() {
        return Keys::load(path);
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| KeyError::File(FileError::new(dir, e)))?;
    }
    let keys = Keys::generate();
    keys.save_new(path)?;
    Ok(keys)
}

#[cfg(test)]
mod tests {
    use super::*;
    use talentbrug_core::Gazetteer;

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

    #[test]
    fn a_demo_feed_at_another_sequence_shares_no_id_with_it() {
        let t: Timestamp = "2026-11-23T00:00:00Z".parse().unwrap();
        let first = demo_feed(50, 7, t, 30);
        let third = at_sequence(first.clone(), 3);
        assert_eq!((first.profiles[0].id.as_str(), third.profiles[0].id.as_str()), ("1-0-0", "3-0-0"));
        let ids: std::collections::HashSet<_> = first.profiles.iter().map(|p| &p.id).collect();
        assert!(third.profiles.iter().all(|p| !ids.contains(&p.id) && p.id.as_str().starts_with("3-")));
        assert_eq!(third.sequence, 3);
    }

    #[test]
    fn the_national_feed_is_reproducible_covers_both_countries_and_has_composed_pitches() {
        let t: Timestamp = "2026-11-23T00:00:00Z".parse().unwrap();
        let a = national_demo_feed(3000, 5, t, 30);
        assert_eq!(a.to_json(), national_demo_feed(3000, 5, t, 30).to_json());
        let feed = Feed::parse(&a.to_json()).unwrap();
        let country = |c| feed.profiles.iter().filter(|p| p.area.postcode.country() == c).count();
        let (be, nl) = (country(talentbrug_core::Country::Be), country(talentbrug_core::Country::Nl));
        assert!((1_050..=1_330).contains(&be) && be + nl == feed.profiles.len(), "{be} in Belgium, {nl} in the Netherlands");
        let pitches: Vec<&str> = feed.profiles.iter().filter_map(|p| p.pitch.as_ref().map(Pitch::as_str)).collect();
        assert!((1_000..=1_400).contains(&pitches.len()), "{} pitches", pitches.len());
        let distinct = pitches.iter().collect::<std::collections::HashSet<_>>().len();
        assert!(distinct * 100 >= pitches.len() * 99, "{distinct} distinct of {}", pitches.len());
        // In Wallonia, French instead of Dutch.
        let walloons = feed.profiles.iter().filter(|p| Gazetteer.get(p.area.postcode).region == "Wallonie");
        assert!(walloons.clone().count() > 200);
        assert!(walloons.flat_map(|p| &p.languages).all(|l| l.lang.as_str() != "nl"));
    }

    #[test]
    fn demo_feed_writes_v1_and_v2_signed_with_the_kept_demo_key() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public/feed.json");
        std::fs::create_dir_all(out.parent().unwrap()).unwrap();
        let args = |profiles| DemoFeedArgs {
            profiles,
            seed: 3,
            out: out.clone(),
            key: None,
            private_dir: None,
            issued_at: Some("2026-11-23T00:00:00Z".into()),
            expires_in_days: 30,
        };
        run(args(500)).unwrap();
        let public = dir.path().join("public");
        let keys = Keys::load(&public.join("demo.private/demo.key")).unwrap();
        let manifest = std::fs::read(public.join("manifest.json")).unwrap();
        let signature = std::fs::read_to_string(public.join("manifest.json.sig")).unwrap();
        assert_eq!(signature.trim(), keys.sign_base64(&manifest));
        let manifest = talentbrug_core::manifest::Manifest::parse(&manifest).unwrap();
        assert_eq!(manifest.regions.iter().map(|r| r.profiles as usize).sum::<usize>(), 500);
        let files = talentbrug_private::read_tiles(&public, &manifest).unwrap();
        assert_eq!(files.tiles.iter().map(|t| t.profiles.len()).sum::<usize>(), 500);
        let feed = std::fs::read(&out).unwrap();
        assert_eq!(std::fs::read_to_string(public.join("feed.json.sig")).unwrap().trim(), keys.sign_base64(&feed));
        // The second run keeps the key.
        run(args(200)).unwrap();
        assert_eq!(Keys::load(&public.join("demo.private/demo.key")).unwrap().public_key_base64(), keys.public_key_base64());
    }
}
