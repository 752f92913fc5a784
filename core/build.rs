//! Compiles the reference data in `data/` into compact tables for the core.
//!
//! The gazetteer becomes a few byte tables shaped for gzip (the widget's wasm is served
//! gzipped): a bitmap of which postcodes exist per country, centroids to 1e-3 degree (the
//! feed's precision) as deltas, the place names once each in the
//! order postcodes first mention them, and per postcode its names as back-references into that
//! list. The ESCO catalogue (Dutch, French and English labels) is only generated for the `esco`
//! feature.

use std::collections::BTreeMap;
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

/// Degrees above the box's minimum in units of 1e-3 degree (about 110 m north-south, 70 m
/// east-west here): the precision the feed publishes areas at, and far finer than what a PC4
/// centroid means (its area is kilometres wide; the reference data is 1-3 km accurate). Finer
/// digits would cost about 5.5 KB gzipped in every widget for nothing an employer could see.
fn quantise(v: f64, min: f64) -> u32 {
    let q = (v * 1000.0).round() - (min * 1000.0).round();
    assert!((0.0..65_536.0).contains(&q), "coordinate {v} does not fit 16 bits");
    q as u32
}

/// Coordinates in 1e-3 degree as zigzag deltas from the previous one (neighbouring postcodes lie
/// close together) in two byte planes (all low bytes, then all high), which gzip packs best; the
/// core expands them once, on first use.
fn coordinate_table(values: &[u32]) -> Vec<u8> {
    let mut prev = 0i64;
    let zigzag: Vec<u16> = values
        .iter()
        .map(|&v| {
            let d = i64::from(v) - prev;
            prev = i64::from(v);
            let z = if d >= 0 { 2 * d } else { -2 * d - 1 };
            u16::try_from(z).expect("a coordinate delta fits 16 bits")
        })
        .collect();
    (0..2).flat_map(|plane| zigzag.iter().map(move |z| (z >> (8 * plane)) as u8)).collect()
}

/// LEB128: seven bits a byte, low first, the high bit set on all but the last byte.
fn push_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v & 0x7f) as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn bytes_literal(out: &mut String, name: &str, doc: &str, bytes: &[u8]) {
    writeln!(out, "#[doc = {doc:?}]").unwrap();
    write!(out, "pub static {name}: &[u8] = &[").unwrap();
    for b in bytes {
        write!(out, "{b},").unwrap();
    }
    out.push_str("];\n");
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

    // Every name once, in the order the postcodes first mention them: a postcode's names are then
    // mostly new (the next in the list) or a few back (a neighbour's), so the references are small
    // numbers instead of random indices into a sorted list (about 9 KB less gzipped). The core
    // sorts the names by folded form once, for lookups.
    let mut names: Vec<&str> = Vec::new();
    let mut index_of: BTreeMap<&str, u32> = BTreeMap::new();
    let mut refs = Vec::new();
    for r in &rows {
        for (k, p) in r.places.iter().enumerate() {
            let next = u32::try_from(names.len()).expect("fewer than 2^32 names");
            let i = *index_of.entry(p.as_str()).or_insert_with(|| {
                names.push(p.as_str());
                next
            });
            // 0 for the next new name, else how far back; the low bit marks a postcode's last name.
            let back = if i == next { 0 } else { next - i };
            push_varint(&mut refs, back << 1 | u32::from(k + 1 == r.places.len()));
        }
    }
    assert!(names.len() < 1 << 16, "name indices fit 16 bits");
    assert!(names.iter().all(|n| !n.contains('\n')), "names are single lines");

    let mut bitmaps = [[0u64; 141]; 2];
    for r in &rows {
        let bit = usize::from(r.code - 1000);
        bitmaps[usize::from(r.country)][bit / 64] |= 1 << (bit % 64);
    }
    let mut regions: Vec<&str> = rows.iter().map(|r| r.region.as_str()).collect();
    regions.sort_unstable();
    regions.dedup();

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
    let lat = coordinate_table(&rows.iter().map(|r| quantise(r.lat, LAT_MIN)).collect::<Vec<_>>());
    let lon = coordinate_table(&rows.iter().map(|r| quantise(r.lon, LON_MIN)).collect::<Vec<_>>());
    bytes_literal(&mut out, "LAT", "Latitudes above BOX[0] in 1e-3 degree: zigzag deltas in two byte planes.", &lat);
    bytes_literal(&mut out, "LON", "Longitudes above BOX[2] in 1e-3 degree: zigzag deltas in two byte planes.", &lon);
    bytes_literal(
        &mut out,
        "REGION",
        "Index into REGIONS per postcode.",
        &rows
            .iter()
            .map(|r| u8::try_from(regions.binary_search(&r.region.as_str()).expect("region")).expect("few regions"))
            .collect::<Vec<_>>(),
    );
    writeln!(out, "/// Every place name once, in first-mention order, each followed by a newline.").unwrap();
    writeln!(out, "pub static NAME_TEXT: &str = {:?};", names.iter().map(|n| format!("{n}\n")).collect::<String>()).unwrap();
    bytes_literal(
        &mut out,
        "NAME_REFS",
        "Each postcode's names in order, LEB128: (0 for the next new name, else how far back) << 1 | is last.",
        &refs,
    );
    fs::write(out_dir.join("gazetteer_data.rs"), out).expect("write gazetteer tables");
}

/// One language's ESCO file: id -> (ISCO-08 unit group, preferred label, `|`-separated alternatives).
fn read_esco(path: &Path) -> BTreeMap<String, (String, String, String)> {
    let mut reader = csv::Reader::from_path(path).expect("ESCO CSV is readable");
    let mut rows = BTreeMap::new();
    for record in reader.records() {
        let r = record.expect("ESCO CSV row");
        rows.insert(r[0].to_owned(), (r[1].to_owned(), r[2].to_owned(), r[3].to_owned()));
    }
    rows
}

/// The catalogue is the Dutch file's occupations; French and English labels are added where the
/// (older) French and English files have the id, else left empty (the core falls back to Dutch).
fn esco(data: &Path, out_dir: &Path) {
    let nl = read_esco(&data.join("esco_occupations_nl.csv"));
    let fr = read_esco(&data.join("esco_occupations_fr.csv"));
    let en = read_esco(&data.join("esco_occupations_en.csv"));
    let mut out = String::from("// Generated by core/build.rs from data/esco_occupations_{nl,fr,en}.csv. Do not edit.\n");
    out.push_str("/// (ESCO id, ISCO-08 unit group, Dutch label and `|`-separated alternative labels, the same in\n");
    out.push_str("/// French and in English: empty where the older French and English release lacks the id).\n");
    out.push_str("pub static ESCO: &[(&str, &str, &str, &str, &str, &str, &str, &str)] = &[\n");
    let none = (String::new(), String::new(), String::new());
    for (id, (isco, label, alts)) in &nl {
        let (_, fr_label, fr_alts) = fr.get(id).unwrap_or(&none);
        let (_, en_label, en_alts) = en.get(id).unwrap_or(&none);
        writeln!(out, "({id:?},{isco:?},{label:?},{alts:?},{fr_label:?},{fr_alts:?},{en_label:?},{en_alts:?}),").unwrap();
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
