//! What k-anonymity costs and what it protects, measured on synthetic exports (the README's
//! "What generalisation costs" table):
//!
//! ```sh
//! cargo run --release -p talentbrug-publish --example privacy_cost -- 2000 100000
//! ```
//!
//! For each size: publishes `synthetic::records(n, 1, 2026-11)` with k = 5 through
//! `publish_to_disk` (so the private state is kept as the CLI keeps it), prints the cost per
//! published profile, how many profiles an acquaintance singles out over the full
//! quasi-identifier set (also when they know two of the person's talents), then removes a random
//! 5 % of the records, publishes again from the same private directory and counts the remaining
//! people whose published profile changed, and the leavers an acquaintance singles out by
//! comparing the two feeds; then as many newcomers join, it publishes a third time and counts the
//! newcomers published and singled out the same way. Profiles are read as JSON, so the program
//! measures any version of the feed.

use std::collections::{BTreeMap, HashMap};

use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde_json::Value;
use talentbrug_core::esco::EscoCatalogue;
use talentbrug_core::Timestamp;
use talentbrug_publish::{publish_to_disk, synthetic, Export, Keys, PublishOptions, Record};

const K: usize = 5;

/// The quasi-identifiers of a published profile as text: everything but the id, talents,
/// strengths, workplace needs and pitch.
fn quasi_key(p: &Value) -> String {
    let mut v = p.clone();
    if let Value::Object(map) = &mut v {
        for field in ["id", "talents", "strengths", "workplace_needs", "pitch"] {
            map.remove(field);
        }
    }
    v.to_string()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array().map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_owned)).collect()).unwrap_or_default()
}

fn km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let mean = ((lat1 + lat2) / 2.0).to_radians();
    let dx = (lon2 - lon1) * 111.32 * mean.cos();
    let dy = (lat2 - lat1) * 110.57;
    (dx * dx + dy * dy).sqrt()
}

struct Published {
    /// record id → profile JSON without its id.
    by_record: HashMap<String, Value>,
}

fn publish_once(records: &[Record], dir: &std::path::Path, now: Timestamp, esco: &EscoCatalogue) -> (Published, Vec<Value>) {
    let keys = Keys::from_bytes([1; 32], [2; 32]);
    let mut options = PublishOptions::new(synthetic::demo_publisher());
    options.k = K;
    let feed_dir = dir.join("public");
    std::fs::create_dir_all(&feed_dir).unwrap();
    let started = std::time::Instant::now();
    let out = publish_to_disk(
        &Export::from_records(records.to_vec()),
        esco,
        &keys,
        &options,
        &feed_dir.join("feed.json"),
        &dir.join("org.private"),
        now,
    )
    .unwrap();
    eprintln!("  published {} of {} in {:.2} s", out.feed.profiles.len(), records.len(), started.elapsed().as_secs_f64());
    let feed: Value = serde_json::from_slice(&out.bytes).unwrap();
    let profiles = feed["profiles"].as_array().cloned().unwrap_or_default();
    let mut by_record = HashMap::new();
    for p in &profiles {
        let id: talentbrug_core::ProfileId = p["id"].as_str().unwrap().parse().unwrap();
        let record = out.mapping.profiles[&id].to_string();
        let mut without_id = p.clone();
        without_id.as_object_mut().unwrap().remove("id");
        by_record.insert(record, without_id);
    }
    (Published { by_record }, profiles)
}

fn measure(n: usize, esco: &EscoCatalogue) {
    let now: Timestamp = "2026-11-23T10:00:00Z".parse().unwrap();
    let records = synthetic::records(n, 1, now.month());
    let consenting = records.iter().filter(|r| r.consent).count();
    let tmp = tempfile::tempdir().unwrap();
    println!("\n## {n} people ({consenting} consenting), k = {K}");
    let (first, profiles) = publish_once(&records, tmp.path(), now, esco);
    let by_id: HashMap<&str, &Record> = records.iter().map(|r| (r.record_id.as_str(), r)).collect();

    let (mut occ_total, mut occ_exact, mut occ_covered, mut no_occupation) = (0usize, 0usize, 0usize, 0usize);
    let (mut reach_own, mut reach_pub, mut area_km, mut widen) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
    let (mut talents_own, mut talents_pub, mut needs_own, mut needs_pub) = (0usize, 0usize, 0usize, 0usize);
    let (mut modes_own, mut modes_pub, mut shifts_own, mut shifts_pub) = (0usize, 0usize, 0usize, 0usize);
    let mut areas: Vec<f64> = Vec::new();
    for (record_id, p) in &first.by_record {
        let r = by_id[record_id.as_str()];
        let exact = strings(&p["occupations"]);
        let groups = strings(&p["occupation_groups"]);
        if exact.is_empty() && groups.is_empty() {
            no_occupation += 1;
        }
        for o in &r.occupations {
            occ_total += 1;
            let id = o.to_string();
            let group = esco.get(*o).map(|x| x.isco08.to_owned()).unwrap_or_default();
            if exact.contains(&id) {
                occ_exact += 1;
                occ_covered += 1;
            } else if groups.iter().any(|g| !group.is_empty() && group.starts_with(g.as_str())) {
                occ_covered += 1;
            }
        }
        reach_own += r.reach_km.km();
        reach_pub += p["reach_km"].as_f64().unwrap_or(0.0);
        let d = km(r.place.lat, r.place.lon, p["area"]["lat"].as_f64().unwrap(), p["area"]["lon"].as_f64().unwrap());
        area_km += d;
        areas.push(d);
        let (min, max) = (p["hours"]["min"].as_u64().unwrap() as f64, p["hours"]["max"].as_u64().unwrap() as f64);
        widen += (max - min) - f64::from(r.hours.max() - r.hours.min());
        talents_own += r.talents.len() as usize;
        talents_pub += strings(&p["talents"]).len();
        needs_own += r.workplace_needs.len() as usize;
        needs_pub += strings(&p["workplace_needs"]).len();
        modes_own += r.travel_modes.len() as usize;
        modes_pub += strings(&p["travel_modes"]).len();
        shifts_own += r.shifts.len() as usize;
        shifts_pub += strings(&p["shifts"]).len();
    }
    let published = first.by_record.len();
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    let per = |x: f64| x / published.max(1) as f64;
    areas.sort_by(f64::total_cmp);
    let p90 = areas.get(areas.len() * 9 / 10).copied().unwrap_or(0.0);
    println!("| published (share of consenting) | {published} ({:.1} %) |", pct(published, consenting));
    println!(
        "| occupations kept exactly | {:.1} % (shown exactly or as an ISCO-08 group: {:.1} %) |",
        pct(occ_exact, occ_total),
        pct(occ_covered, occ_total)
    );
    let mut levels: BTreeMap<usize, usize> = BTreeMap::new();
    for p in first.by_record.values() {
        for g in strings(&p["occupation_groups"]) {
            *levels.entry(g.len()).or_default() += 1;
        }
    }
    println!("| ISCO-08 groups shown, by digits | {levels:?} |");
    println!("| profiles with no occupation | {no_occupation} |");
    println!("| reach: published vs own (mean km) | {:.1} vs {:.1} |", per(reach_pub), per(reach_own));
    println!("| area centre to own postcode (mean, 90 %) | {:.1} km, {:.1} km |", per(area_km), p90);
    println!("| hours widening (mean) | {:.1} h |", per(widen));
    println!("| talents kept | {:.1} % |", pct(talents_pub, talents_own));
    println!("| travel modes kept | {:.1} % |", pct(modes_pub, modes_own));
    println!("| shifts kept | {:.1} % |", pct(shifts_pub, shifts_own));
    println!("| workplace needs kept | {:.1} % |", pct(needs_pub, needs_own));

    // Singling out over the full quasi-identifier set, and with two known talents.
    let mut classes: HashMap<String, Vec<&Value>> = HashMap::new();
    for p in &profiles {
        classes.entry(quasi_key(p)).or_default().push(p);
    }
    let unique = classes.values().filter(|c| c.len() == 1).count();
    let below_k: usize = classes.values().filter(|c| c.len() < K).map(Vec::len).sum();
    println!(
        "| unique over the full quasi-identifier set | {unique} ({:.1} %); in classes below k: {below_k} |",
        pct(unique, profiles.len())
    );
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let (mut with_two, mut unique_two, mut below_k_two) = (0usize, 0usize, 0usize);
    for class in classes.values() {
        for p in class {
            let mut talents = strings(&p["talents"]);
            if talents.len() < 2 {
                continue;
            }
            with_two += 1;
            talents.shuffle(&mut rng);
            let known = &talents[..2];
            let matching = class.iter().filter(|q| {
                let t = strings(&q["talents"]);
                known.iter().all(|k| t.contains(k))
            });
            let count = matching.count();
            unique_two += usize::from(count == 1);
            below_k_two += usize::from(count < K);
        }
    }
    println!(
        "| unique when two talents are also known | {unique_two} of {with_two} ({:.1} %); fewer than k: {below_k_two} ({:.1} %) |",
        pct(unique_two, with_two),
        pct(below_k_two, with_two)
    );

    // Churn: 5 % leave, the rest is unchanged, publish again from the same private directory.
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    let mut order: Vec<usize> = (0..records.len()).collect();
    order.shuffle(&mut rng);
    let leaving: std::collections::HashSet<usize> = order[..records.len() / 20].iter().copied().collect();
    let staying: Vec<Record> = records.iter().enumerate().filter(|(i, _)| !leaving.contains(i)).map(|(_, r)| r.clone()).collect();
    let (second, _) = publish_once(&staying, tmp.path(), now, esco);
    let mut moved = 0usize;
    let mut considered = 0usize;
    let mut why: BTreeMap<&str, usize> = BTreeMap::new();
    for r in staying.iter().filter(|r| r.consent) {
        considered += 1;
        let (a, b) = (first.by_record.get(r.record_id.as_str()), second.by_record.get(r.record_id.as_str()));
        if a != b {
            moved += 1;
            *why.entry(match (a, b) {
                (Some(_), None) => "held back now",
                (None, Some(_)) => "published now",
                _ => "values changed",
            })
            .or_default() += 1;
        }
    }
    println!(
        "| published differently after 5 % churn | {moved} of {considered} unchanged people ({:.1} %) {why:?} |",
        pct(moved, considered)
    );
    let leavers: Vec<&str> = records.iter().enumerate().filter(|(i, _)| leaving.contains(i)).map(|(_, r)| r.record_id.as_str()).collect();
    let (found, shown, with_needs) = singled_out(&leavers, &first, &second);
    println!("| leavers singled out by comparing the two feeds | {found} of {shown} published ({:.1} %; {with_needs} with workplace needs shown) |", pct(found, shown));

    // Then as many newcomers as left join, and the feed is published again.
    let mut joined = staying.clone();
    let mut newcomers = Vec::new();
    for (i, mut r) in
        synthetic::records(leavers.len() * 2, 99, now.month()).into_iter().filter(|r| r.consent).take(leavers.len()).enumerate()
    {
        r.record_id = format!("NEW-{i}").parse().unwrap();
        newcomers.push(r.record_id.as_str().to_owned());
        joined.push(r);
    }
    let (third, _) = publish_once(&joined, tmp.path(), now, esco);
    let newcomer_ids: Vec<&str> = newcomers.iter().map(String::as_str).collect();
    let (found, shown, with_needs) = singled_out(&newcomer_ids, &third, &second);
    println!(
        "| newcomers published / singled out by comparing the two feeds | {shown} of {} published; {found} singled out ({with_needs} with workplace needs shown) |",
        newcomers.len()
    );
}

/// What a profile shows of the person themself: talents, strengths, workplace needs and pitch.
fn own_part(p: &Value) -> String {
    format!("{}|{}|{}|{}", p["talents"], p["strengths"], p["workplace_needs"], p.get("pitch").cloned().unwrap_or(Value::Null))
}

/// Comparing feeds: for each person of `people` shown in `with`, the rows of their class (same
/// quasi-identifiers) whose own part appears nowhere in `without` are the candidates (an
/// acquaintance who knows the person left, or joined, between the two feeds looks there). Counts
/// the people singled out (one candidate), the people shown in `with`, and of those singled out
/// the ones whose workplace needs are shown.
fn singled_out(people: &[&str], with: &Published, without: &Published) -> (usize, usize, usize) {
    let elsewhere: std::collections::HashSet<String> = without.by_record.values().map(own_part).collect();
    let mut classes: HashMap<String, Vec<&Value>> = HashMap::new();
    for p in with.by_record.values() {
        classes.entry(quasi_key(p)).or_default().push(p);
    }
    let (mut found, mut shown, mut with_needs) = (0, 0, 0);
    for person in people {
        let Some(p) = with.by_record.get(*person) else { continue };
        shown += 1;
        let candidates = classes[&quasi_key(p)].iter().filter(|q| !elsewhere.contains(&own_part(q))).count();
        if candidates == 1 {
            found += 1;
            with_needs += usize::from(!strings(&p["workplace_needs"]).is_empty());
        }
    }
    (found, shown, with_needs)
}

fn main() {
    let esco = EscoCatalogue::embedded();
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    for n in if sizes.is_empty() { vec![2000] } else { sizes } {
        measure(n, &esco);
    }
}
