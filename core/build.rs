//! Compiles the reference data in `data/` into compact tables for the core.
//!
//! The gazetteer becomes a few byte tables (about 110 KB before compression instead of a
//! 250 KB CSV or JSON blob): a bitmap of which postcodes exist per country, quantised
//! centroids as 24-bit offsets in 1e-5 degree (the data's own precision), a deduplicated and sorted list of place names, and per postcode the
//! indices of its names. The ESCO catalogue is only generated for the `esco` feature.

use std::collections::{BTreeMap, BTreeSet};
use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// Latitude/longitude box that holds every Belgian and Dutch centroid, with a margin.
const LAT_MIN: f64 = 49.4;
const LAT_MAX: f64 = 53.6;
const LON_MIN: f64 = 2.5;
const LON_MAX: f64 = 7.3;

/// Exonyms people type for the larger places: (postcode country, postcode, name).
const ALIASES: &[(&str, u16, &str)] = &[
    ("BE", 1000, "Brussel"),
    ("BE", 1000, "Brussels"),
    ("BE", 2000, "Anvers"),
    ("BE", 2000, "Antwerp"),
    ("BE", 3000, "Louvain"),
    ("BE", 9000, "Gand"),
    ("BE", 9000, "Ghent"),
    ("BE", 8000, "Bruges"),
    ("BE", 2800, "Malines"),
    ("BE", 8500, "Courtrai"),
    ("BE", 4000, "Luik"),
    ("BE", 5000, "Namen"),
    ("BE", 8400, "Ostende"),
    ("BE", 8400, "Ostend"),
    ("BE", 1200, "Sint-Lambrechts-Woluwe"),
    ("BE", 1150, "Sint-Pieters-Woluwe"),
    ("BE", 1030, "Schaarbeek"),
    ("BE", 1070, "Anderlecht"),
    ("BE", 1080, "Sint-Jans-Molenbeek"),
    ("BE", 1060, "Sint-Gillis"),
    ("BE", 1050, "Elsene"),
];

struct Row {
    country: u8,
    code: u16,
    lat: f64,
    lon: f64,
    places: Vec<String>,
    region: String,
}

fn fold(name: &str) -> String {
    // Must agree with `fold_char` in src/text.rs: lowercase, accents off, separators to spaces.
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ý' | 'ÿ' => 'y',
            '-' | '\'' | '’' | '.' | ',' | '/' | '(' | ')' => ' ',
            c => c,
        };
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(c);
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out
}

fn read_postcodes(path: &Path, country: u8) -> Vec<Row> {
    let mut reader = csv::Reader::from_path(path).expect("postcode CSV is readable");
    let mut rows = Vec::new();
    for record in reader.records() {
        let r = record.expect("postcode CSV row");
        let code: u16 = r[0].parse().expect("postcode is a number");
        assert!((1000..=9999).contains(&code), "postcode {code} out of range");
        let lat: f64 = r[1].parse().expect("lat");
        let lon: f64 = r[2].parse().expect("lon");
        assert!((LAT_MIN..=LAT_MAX).contains(&lat) && (LON_MIN..=LON_MAX).contains(&lon));
        rows.push(Row { country, code, lat, lon, places: r[3].split('|').map(str::to_owned).collect(), region: r[4].to_owned() });
    }
    rows
}

/// Degrees above the box's minimum in units of 1e-5 degree (the data's precision), in 24 bits.
fn quantise(v: f64, min: f64) -> u32 {
    let q = ((v - min) * 100_000.0).round() as u32;
    assert!(q < 1 << 24, "coordinate {v} does not fit 24 bits");
    q
}

/// Values as zigzag deltas from the previous one (neighbouring postcodes lie close together), in
/// three byte planes (all low bytes, then all middle, then all high): about a quarter smaller
/// gzipped than the plain 24-bit values. The core expands them once, on first use.
fn delta_planes(values: &[u32]) -> Vec<u8> {
    let mut prev = 0i64;
    let zigzag: Vec<u32> = values
        .iter()
        .map(|&v| {
            let d = i64::from(v) - prev;
            prev = i64::from(v);
            let z = if d >= 0 { 2 * d } else { -2 * d - 1 };
            u32::try_from(z).ok().filter(|z| *z < 1 << 24).expect("a coordinate delta fits 24 bits")
        })
        .collect();
    (0..3).flat_map(|plane| zigzag.iter().map(move |z| (z >> (8 * plane)) as u8)).collect()
}

fn bytes_literal(out: &mut String, name: &str, doc: &str, bytes: &[u8]) {
    writeln!(out, "#[doc = {doc:?}]").unwrap();
    write!(out, "pub static {name}: &[u8] = &[").unwrap();
    for b in bytes {
        write!(out, "{b},").unwrap();
    }
    out.push_str("];\n");
}

fn u16s(values: impl IntoIterator<Item = u16>) -> Vec<u8> {
    values.into_iter().flat_map(u16::to_le_bytes).collect()
}

fn gazetteer(data: &Path, out_dir: &Path) {
    let mut rows = read_postcodes(&data.join("postcodes_be.csv"), 0);
    rows.extend(read_postcodes(&data.join("postcodes_nl.csv"), 1));
    rows.sort_by_key(|r| (r.country, r.code));
    for (country, code, name) in ALIASES {
        let c = u8::from(*country == "NL");
        let row =
            rows.iter_mut().find(|r| r.country == c && r.code == *code).unwrap_or_else(|| panic!("alias {name} points to missing {code}"));
        if !row.places.iter().any(|p| p == name) {
            row.places.push((*name).to_owned());
        }
    }

    // Unique names sorted by their folded form, so lookups binary-search the name table.
    let unique: BTreeSet<(String, String)> = rows.iter().flat_map(|r| r.places.iter().map(|p| (fold(p), p.clone()))).collect();
    let names: Vec<&(String, String)> = unique.iter().collect();
    let index_of: BTreeMap<&str, u16> =
        names.iter().enumerate().map(|(i, (_, n))| (n.as_str(), u16::try_from(i).expect("fewer than 65536 names"))).collect();

    let mut bitmaps = [[0u64; 141]; 2];
    for r in &rows {
        let bit = usize::from(r.code - 1000);
        bitmaps[usize::from(r.country)][bit / 64] |= 1 << (bit % 64);
    }
    let mut regions: Vec<&str> = rows.iter().map(|r| r.region.as_str()).collect();
    regions.sort_unstable();
    regions.dedup();

    let mut name_text = String::new();
    let mut name_lengths = Vec::new();
    for (_, n) in &names {
        name_lengths.push(u8::try_from(n.len()).expect("place names under 256 bytes"));
        name_text.push_str(n);
    }

    let mut refs = Vec::new();
    let mut ref_counts = Vec::new();
    for r in &rows {
        ref_counts.push(u8::try_from(r.places.len()).expect("fewer than 256 names per postcode"));
        refs.extend(r.places.iter().map(|p| index_of[p.as_str()]));
    }

    let mut out = String::new();
    writeln!(out, "// Generated by core/build.rs from data/postcodes_*.csv. Do not edit.").unwrap();
    writeln!(out, "/// Latitude/longitude box of the quantised centroids.").unwrap();
    writeln!(out, "pub const BOX: [f64; 4] = [{LAT_MIN:?}, {LAT_MAX:?}, {LON_MIN:?}, {LON_MAX:?}];").unwrap();
    for (c, label) in [(0, "BE"), (1, "NL")] {
        writeln!(out, "/// Which postcodes 1000-9999 exist in {label}, one bit each.").unwrap();
        write!(out, "pub static BITMAP_{label}: [u64; 141] = [").unwrap();
        for w in bitmaps[c] {
            write!(out, "{w:#x},").unwrap();
        }
        out.push_str("];\n");
    }
    writeln!(out, "/// Number of Belgian postcodes; Dutch ones follow them in every table.").unwrap();
    writeln!(out, "pub const COUNT_BE: usize = {};", rows.iter().filter(|r| r.country == 0).count()).unwrap();
    writeln!(out, "/// Number of postcodes.").unwrap();
    writeln!(out, "pub const COUNT: usize = {};", rows.len()).unwrap();
    writeln!(out, "/// Region and province names.").unwrap();
    writeln!(out, "pub static REGIONS: &[&str] = &{regions:?};").unwrap();
    bytes_literal(
        &mut out,
        "LAT",
        "Latitudes above BOX[0] in 1e-5 degree: zigzag deltas in three byte planes (see delta_planes).",
        &delta_planes(&rows.iter().map(|r| quantise(r.lat, LAT_MIN)).collect::<Vec<_>>()),
    );
    bytes_literal(
        &mut out,
        "LON",
        "Longitudes above BOX[2] in 1e-5 degree: zigzag deltas in three byte planes (see delta_planes).",
        &delta_planes(&rows.iter().map(|r| quantise(r.lon, LON_MIN)).collect::<Vec<_>>()),
    );
    bytes_literal(
        &mut out,
        "REGION",
        "Index into REGIONS per postcode.",
        &rows
            .iter()
            .map(|r| u8::try_from(regions.binary_search(&r.region.as_str()).expect("region")).expect("few regions"))
            .collect::<Vec<_>>(),
    );
    writeln!(out, "/// Every place name once, sorted by folded form, concatenated.").unwrap();
    writeln!(out, "pub static NAME_TEXT: &str = {name_text:?};").unwrap();
    bytes_literal(&mut out, "NAME_LENGTHS", "Length in bytes of each name in NAME_TEXT.", &name_lengths);
    bytes_literal(&mut out, "NAME_REFS", "Name indices of each postcode, first name first, u16 LE.", &u16s(refs));
    bytes_literal(&mut out, "NAME_REF_COUNTS", "Number of names of each postcode in NAME_REFS.", &ref_counts);
    fs::write(out_dir.join("gazetteer_data.rs"), out).expect("write gazetteer tables");
}

fn esco(data: &Path, out_dir: &Path) {
    let mut reader = csv::Reader::from_path(data.join("esco_occupations_nl.csv")).expect("ESCO CSV is readable");
    let mut out = String::from("// Generated by core/build.rs from data/esco_occupations_nl.csv. Do not edit.\n");
    out.push_str("/// (ESCO id, ISCO-08 unit group, Dutch label, `|`-separated alternative labels).\n");
    out.push_str("pub static ESCO: &[(&str, &str, &str, &str)] = &[\n");
    for record in reader.records() {
        let r = record.expect("ESCO CSV row");
        writeln!(out, "({:?},{:?},{:?},{:?}),", &r[0], &r[1], &r[2], &r[3]).unwrap();
    }
    out.push_str("];\n");
    fs::write(out_dir.join("esco_data.rs"), out).expect("write ESCO table");
}

fn main() {
    let data = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("manifest dir")).join("data");
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("OUT_DIR"));
    println!("cargo:rerun-if-changed=data");
    println!("cargo:rerun-if-changed=build.rs");
    gazetteer(&data, &out_dir);
    if env::var_os("CARGO_FEATURE_ESCO").is_some() {
        esco(&data, &out_dir);
    }
}
