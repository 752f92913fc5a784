//! The coach's private export: one CSV row per person, read into checked [`Record`]s.
//!
//! Columns (header row required, any order, no others): see [`COLUMNS`]. `|` separates list
//! items. Only rows with `consent = yes` become records; a row that cannot be read or holds a
//! wrong value is held back with its line number, record id and reason, and the other rows go
//! on. Only a file that is not a usable export at all (no header, missing or unknown columns)
//! fails as a whole. Nothing here panics on any input, and the input is only read.
//!
//! The direct identifiers (names, birth date, street, phone, e-mail, national number) are kept
//! in [`Identity`] for one reason: to check the pitch against them. They never reach a feed.

use std::collections::HashMap;
use std::str::FromStr;

use talentbrug_core::esco::EscoCatalogue;
use talentbrug_core::profile::{LanguageSkill, ReachKm, MAX_LIST};
use talentbrug_core::vocabulary::{parse_code, Code, CodeSet, ContractForm, Shift, Strength, Talent, TravelMode, WorkplaceNeed};
use talentbrug_core::{Country, EscoId, Gazetteer, Hours, Place, YearMonth};

use talentbrug_private::RecordId;

use crate::report::{HeldBack, HoldReason};

/// The columns of the export, in the order [`write_csv`] writes them.
pub const COLUMNS: [&str; 27] = [
    "record_id",
    "given_name",
    "family_name",
    "birth_date",
    "street",
    "postcode",
    "municipality",
    "country",
    "phone",
    "email",
    "national_number",
    "occupations",
    "talents",
    "strengths",
    "languages",
    "hours_min",
    "hours_max",
    "shifts",
    "available_from",
    "contract_forms",
    "reach_km",
    "travel_modes",
    "driving_licence",
    "job_coaching",
    "workplace_needs",
    "pitch",
    "consent",
];

/// A person's direct identifiers, as exported. Never published; used to check the pitch.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Identity {
    /// Given name(s).
    pub given_name: String,
    /// Family name, with particles ("Van den Broeck").
    pub family_name: String,
    /// Birth date as exported (`YYYY-MM-DD`).
    pub birth_date: String,
    /// Street and number.
    pub street: String,
    /// Municipality as exported.
    pub municipality: String,
    /// Phone number.
    pub phone: String,
    /// E-mail address.
    pub email: String,
    /// Belgian national register number or Dutch BSN.
    pub national_number: String,
}

/// One person's checked row of the export.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// Line of the export where the row starts (0 for records made in memory).
    pub line: u64,
    /// The organisation's record id.
    pub record_id: RecordId,
    /// Direct identifiers (private).
    pub identity: Identity,
    /// The postcode area where the person lives.
    pub place: Place,
    /// Wanted occupations (known ESCO ids), 1-10.
    pub occupations: Vec<EscoId>,
    /// Practical skills.
    pub talents: CodeSet<Talent>,
    /// Personal strengths.
    pub strengths: CodeSet<Strength>,
    /// Languages with level, each once, at most 10.
    pub languages: Vec<LanguageSkill>,
    /// Weekly hours wanted.
    pub hours: Hours,
    /// Shifts.
    pub shifts: CodeSet<Shift>,
    /// First month available (the export's date, to the month).
    pub available_from: YearMonth,
    /// Accepted contract forms (at least one).
    pub contract_forms: CodeSet<ContractForm>,
    /// How far the person can travel.
    pub reach_km: ReachKm,
    /// How the person travels (at least one).
    pub travel_modes: CodeSet<TravelMode>,
    /// Holds a driving licence. Read for completeness; feed v1 has no field for it.
    pub driving_licence: bool,
    /// Followed up by a job coach at work.
    pub job_coaching: bool,
    /// Workplace needs.
    pub workplace_needs: CodeSet<WorkplaceNeed>,
    /// The pitch as written; checked for personal data before it is published.
    pub pitch: String,
    /// `consent = yes`. Rows read from CSV are always consenting (others are held back).
    pub consent: bool,
}

/// A read export: the records to publish and the rows held back.
#[derive(Clone, Debug, Default)]
pub struct Export {
    /// Rows read (without the header).
    pub rows: usize,
    /// Valid, consenting records.
    pub records: Vec<Record>,
    /// Rows not usable, in line order.
    pub held_back: Vec<HeldBack>,
}

impl Export {
    /// An export of records made in memory (synthetic data, tests).
    pub fn from_records(records: Vec<Record>) -> Export {
        Export { rows: records.len(), records, held_back: Vec::new() }
    }
}

/// Why a file is not a usable export at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    /// Nothing in the file.
    #[error("the export is empty: expected a header row with the columns {}", COLUMNS.join(","))]
    Empty,
    /// The header row is not valid UTF-8.
    #[error("line 1: the header row is not UTF-8 text; save the export as CSV UTF-8")]
    HeaderEncoding,
    /// Columns are missing, unknown or repeated.
    #[error("line 1: {0}")]
    Columns(String),
    /// The CSV could not be read at all.
    #[error("line {line}: {message}")]
    Csv {
        /// Where.
        line: u64,
        /// What.
        message: String,
    },
}

/// One CSV row's fields by column, and where it starts.
struct Row<'a> {
    fields: &'a [&'a str; 27],
}

impl Row<'_> {
    fn get(&self, column: Col) -> &str {
        self.fields[column as usize].trim()
    }
}

/// Column positions, in [`COLUMNS`] order.
#[derive(Clone, Copy)]
enum Col {
    RecordId,
    GivenName,
    FamilyName,
    BirthDate,
    Street,
    Postcode,
    Municipality,
    Country,
    Phone,
    Email,
    NationalNumber,
    Occupations,
    Talents,
    Strengths,
    Languages,
    HoursMin,
    HoursMax,
    Shifts,
    AvailableFrom,
    ContractForms,
    ReachKm,
    TravelModes,
    DrivingLicence,
    JobCoaching,
    WorkplaceNeeds,
    Pitch,
    Consent,
}

fn name(col: Col) -> &'static str {
    COLUMNS[col as usize]
}

type Invalid = (&'static str, String);

fn invalid<T>(col: Col, message: impl Into<String>) -> Result<T, Invalid> {
    Err((name(col), message.into()))
}

fn shown(value: &str) -> String {
    let short: String = value.chars().take(40).collect();
    if short.len() < value.len() {
        format!("{short}…")
    } else {
        short
    }
}

fn items(value: &str) -> impl Iterator<Item = &str> {
    value.split('|').map(str::trim).filter(|s| !s.is_empty())
}

fn yes_no(row: &Row, col: Col) -> Result<bool, Invalid> {
    match row.get(col).to_ascii_lowercase().as_str() {
        "yes" => Ok(true),
        "no" => Ok(false),
        "" => invalid(col, "is empty; write yes or no"),
        other => invalid(col, format!("`{}` is not yes or no", shown(other))),
    }
}

fn codes<T: Code>(row: &Row, col: Col) -> Result<CodeSet<T>, Invalid> {
    items(row.get(col)).map(|c| parse_code::<T>(c).map_err(|e| (name(col), e.to_string()))).collect()
}

fn required<T: Code>(row: &Row, col: Col) -> Result<CodeSet<T>, Invalid> {
    let set = codes::<T>(row, col)?;
    if set.is_empty() {
        return invalid(col, format!("is empty; give at least one {} code", T::KIND));
    }
    Ok(set)
}

fn number<T: FromStr>(row: &Row, col: Col) -> Result<T, Invalid> {
    let value = row.get(col);
    if value.is_empty() {
        return invalid(col, "is empty");
    }
    value.parse().or_else(|_| invalid(col, format!("`{}` is not a whole number", shown(value))))
}

fn place(row: &Row) -> Result<Place, Invalid> {
    let country = match row.get(Col::Country) {
        "" => None,
        c => Some(c.parse::<Country>().map_err(|e| (name(Col::Country), e.to_string()))?),
    };
    let postcode = row.get(Col::Postcode);
    if postcode.is_empty() {
        return invalid(Col::Postcode, "is empty");
    }
    // A postcode, not a place name: `3000`, `BE-3000`, `1011 AB`.
    if postcode.bytes().filter(u8::is_ascii_digit).count() != 4 {
        return invalid(Col::Postcode, format!("`{}` is not a four-digit postcode", shown(postcode)));
    }
    let place = Gazetteer.resolve(postcode, country.unwrap_or_default()).map_err(|e| (name(Col::Postcode), e.to_string()))?;
    if let Some(country) = country {
        if place.postcode.country() != country {
            return invalid(Col::Postcode, format!("{} does not exist in {}", shown(postcode), country.code()));
        }
    }
    Ok(place)
}

fn occupations(row: &Row, esco: &EscoCatalogue) -> Result<Vec<EscoId>, Invalid> {
    let mut out = Vec::new();
    for item in items(row.get(Col::Occupations)) {
        let id: EscoId = item.parse().map_err(|e: talentbrug_core::profile::InvalidValue| (name(Col::Occupations), e.to_string()))?;
        if esco.get(id).is_none() {
            return invalid(Col::Occupations, format!("{id} is not an ESCO occupation"));
        }
        if !out.contains(&id) {
            out.push(id);
        }
    }
    if out.is_empty() {
        return invalid(Col::Occupations, "is empty; give at least one ESCO occupation id");
    }
    if out.len() > MAX_LIST {
        return invalid(Col::Occupations, format!("lists {} occupations; at most {MAX_LIST} are allowed", out.len()));
    }
    Ok(out)
}

fn languages(row: &Row) -> Result<Vec<LanguageSkill>, Invalid> {
    let mut out: Vec<LanguageSkill> = Vec::new();
    for item in items(row.get(Col::Languages)) {
        let skill: LanguageSkill =
            item.parse().map_err(|e: talentbrug_core::profile::InvalidValue| (name(Col::Languages), e.to_string()))?;
        if out.iter().any(|l| l.lang == skill.lang) {
            return invalid(Col::Languages, format!("{} is listed twice", skill.lang));
        }
        out.push(skill);
    }
    if out.len() > MAX_LIST {
        return invalid(Col::Languages, format!("lists {} languages; at most {MAX_LIST} are allowed", out.len()));
    }
    Ok(out)
}

fn reach(row: &Row) -> Result<ReachKm, Invalid> {
    let value = row.get(Col::ReachKm);
    if value.is_empty() {
        return invalid(Col::ReachKm, "is empty");
    }
    let km: f64 = value.replace(',', ".").parse().or_else(|_| invalid(Col::ReachKm, format!("`{}` is not a number", shown(value))))?;
    ReachKm::new(km).map_err(|e| (name(Col::ReachKm), e.to_string()))
}

/// Checks one consenting row.
fn record(row: &Row, line: u64, record_id: RecordId, esco: &EscoCatalogue) -> Result<Record, Invalid> {
    let hours = Hours::new(number(row, Col::HoursMin)?, number(row, Col::HoursMax)?).map_err(|e| ("hours_min/hours_max", e.to_string()))?;
    let available = row.get(Col::AvailableFrom);
    if available.is_empty() {
        return invalid(Col::AvailableFrom, "is empty");
    }
    let available_from = YearMonth::from_date(available).map_err(|e| (name(Col::AvailableFrom), e.to_string()))?;
    let text = |col: Col| row.get(col).to_owned();
    Ok(Record {
        line,
        record_id,
        identity: Identity {
            given_name: text(Col::GivenName),
            family_name: text(Col::FamilyName),
            birth_date: text(Col::BirthDate),
            street: text(Col::Street),
            municipality: text(Col::Municipality),
            phone: text(Col::Phone),
            email: text(Col::Email),
            national_number: text(Col::NationalNumber),
        },
        place: place(row)?,
        occupations: occupations(row, esco)?,
        talents: codes(row, Col::Talents)?,
        strengths: codes(row, Col::Strengths)?,
        languages: languages(row)?,
        hours,
        shifts: codes(row, Col::Shifts)?,
        available_from,
        contract_forms: required(row, Col::ContractForms)?,
        reach_km: reach(row)?,
        travel_modes: required(row, Col::TravelModes)?,
        driving_licence: match row.get(Col::DrivingLicence) {
            "" => false,
            _ => yes_no(row, Col::DrivingLicence)?,
        },
        job_coaching: yes_no(row, Col::JobCoaching)?,
        workplace_needs: codes(row, Col::WorkplaceNeeds)?,
        pitch: text(Col::Pitch),
        consent: true,
    })
}

/// Maps header positions to [`COLUMNS`] positions, or says what is wrong with the header.
fn header_order(header: &csv::ByteRecord) -> Result<[usize; 27], ExportError> {
    let mut order = [usize::MAX; 27];
    let mut unknown = Vec::new();
    for (i, field) in header.iter().enumerate() {
        let field = std::str::from_utf8(field).map_err(|_| ExportError::HeaderEncoding)?;
        let field = field.trim().trim_start_matches('\u{feff}').trim().to_ascii_lowercase();
        match COLUMNS.iter().position(|c| *c == field) {
            Some(c) if order[c] != usize::MAX => return Err(ExportError::Columns(format!("column `{field}` appears twice"))),
            Some(c) => order[c] = i,
            None => unknown.push(shown(&field)),
        }
    }
    let missing: Vec<&str> = COLUMNS.iter().zip(order).filter(|(_, i)| *i == usize::MAX).map(|(c, _)| *c).collect();
    if !missing.is_empty() || !unknown.is_empty() {
        let mut parts = Vec::new();
        if !missing.is_empty() {
            parts.push(format!("missing column(s) {}", missing.join(", ")));
        }
        if !unknown.is_empty() {
            parts.push(format!("unknown column(s) {}", unknown.join(", ")));
        }
        return Err(ExportError::Columns(format!("{}; the export needs exactly these columns: {}", parts.join("; "), COLUMNS.join(","))));
    }
    Ok(order)
}

/// The delimiter: `;` when the header uses it (spreadsheets in Belgium and the Netherlands
/// often save CSV that way), else `,`.
fn delimiter(bytes: &[u8]) -> u8 {
    let first_line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let count = |d: u8| first_line.iter().filter(|&&b| b == d).count();
    if count(b';') > count(b',') {
        b';'
    } else {
        b','
    }
}

/// Reads an export. Row problems hold that row back; only an unusable file is an error.
pub fn read_export(bytes: &[u8], esco: &EscoCatalogue) -> Result<Export, ExportError> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ExportError::Empty);
    }
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter(bytes)).from_reader(bytes);
    let mut header = csv::ByteRecord::new();
    match reader.read_byte_record(&mut header) {
        Ok(true) => {}
        Ok(false) => return Err(ExportError::Empty),
        Err(e) => return Err(ExportError::Csv { line: 1, message: e.to_string() }),
    }
    let order = header_order(&header)?;
    let mut export = Export::default();
    let mut first_line_of: HashMap<RecordId, u64> = HashMap::new();
    let mut raw = csv::ByteRecord::new();
    let mut last_line = 1;
    loop {
        let line = reader.position().line().max(last_line + 1);
        match reader.read_byte_record(&mut raw) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                export.held_back.push(HeldBack {
                    line,
                    record_id: String::new(),
                    reason: HoldReason::Unreadable { message: format!("the CSV cannot be read from here on: {e}") },
                });
                break;
            }
        }
        let line = raw.position().map(|p| p.line()).unwrap_or(line);
        last_line = line;
        if raw.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        export.rows += 1;
        let record_id_guess = raw.get(order[0]).map(|f| shown(String::from_utf8_lossy(f).trim())).unwrap_or_default();
        let hold = |reason| HeldBack { line, record_id: record_id_guess.clone(), reason };
        if raw.len() != header.len() {
            export.held_back.push(hold(HoldReason::Unreadable {
                message: format!(
                    "the row has {} fields, the header {}; check for a missing separator or a stray quote",
                    raw.len(),
                    header.len()
                ),
            }));
            continue;
        }
        let mut fields = [""; 27];
        let mut bad_utf8 = None;
        for (c, &i) in order.iter().enumerate() {
            match std::str::from_utf8(raw.get(i).unwrap_or_default()) {
                Ok(s) => fields[c] = s,
                Err(_) => {
                    bad_utf8 = Some(COLUMNS[c]);
                    break;
                }
            }
        }
        if let Some(column) = bad_utf8 {
            export
                .held_back
                .push(hold(HoldReason::Unreadable { message: format!("column {column} is not UTF-8 text; save the export as CSV UTF-8") }));
            continue;
        }
        let row = Row { fields: &fields };
        let consent = row.get(Col::Consent);
        if !consent.eq_ignore_ascii_case("yes") {
            export.held_back.push(hold(HoldReason::NoConsent { value: shown(consent) }));
            continue;
        }
        let record_id = match row.get(Col::RecordId).parse::<RecordId>() {
            Ok(id) => id,
            Err(message) => {
                export.held_back.push(hold(HoldReason::Invalid { column: "record_id".into(), message }));
                continue;
            }
        };
        if let Some(&first_line) = first_line_of.get(&record_id) {
            export.held_back.push(hold(HoldReason::DuplicateRecordId { first_line }));
            continue;
        }
        first_line_of.insert(record_id.clone(), line);
        match record(&row, line, record_id, esco) {
            Ok(record) => export.records.push(record),
            Err((column, message)) => export.held_back.push(hold(HoldReason::Invalid { column: column.into(), message })),
        }
    }
    Ok(export)
}

fn join<T: Code>(set: CodeSet<T>) -> String {
    set.iter().map(Code::code).collect::<Vec<_>>().join("|")
}

/// Writes records as an export (header and one row each), as [`read_export`] reads it back.
pub fn write_csv(records: &[Record]) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let yes = |b: bool| if b { "yes" } else { "no" };
    let mut rows: Vec<Vec<String>> = vec![COLUMNS.iter().map(|c| (*c).to_owned()).collect()];
    for r in records {
        let i = &r.identity;
        rows.push(vec![
            r.record_id.to_string(),
            i.given_name.clone(),
            i.family_name.clone(),
            i.birth_date.clone(),
            i.street.clone(),
            r.place.postcode.to_string(),
            i.municipality.clone(),
            r.place.postcode.country().code().to_owned(),
            i.phone.clone(),
            i.email.clone(),
            i.national_number.clone(),
            r.occupations.iter().map(ToString::to_string).collect::<Vec<_>>().join("|"),
            join(r.talents),
            join(r.strengths),
            r.languages.iter().map(|l| format!("{}:{}", l.lang, l.level.code())).collect::<Vec<_>>().join("|"),
            r.hours.min().to_string(),
            r.hours.max().to_string(),
            join(r.shifts),
            format!("{}-01", r.available_from),
            join(r.contract_forms),
            r.reach_km.km().to_string(),
            join(r.travel_modes),
            yes(r.driving_licence).to_owned(),
            yes(r.job_coaching).to_owned(),
            join(r.workplace_needs),
            r.pitch.clone(),
            yes(r.consent).to_owned(),
        ]);
    }
    for row in rows {
        // Writing to a Vec cannot fail.
        let _ = writer.write_record(&row);
    }
    writer.into_inner().unwrap_or_default()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) const HEADER: &str = "record_id,given_name,family_name,birth_date,street,postcode,municipality,country,phone,email,national_number,occupations,talents,strengths,languages,hours_min,hours_max,shifts,available_from,contract_forms,reach_km,travel_modes,driving_licence,job_coaching,workplace_needs,pitch,consent";

    /// A valid row; `edit` may replace any `field=value`.
    pub(crate) fn row(record_id: &str, edits: &[(&str, &str)]) -> String {
        let mut values: Vec<String> = [
            record_id,
            "Lotte",
            "Van den Broeck",
            "1991-04-12",
            "Bondgenotenlaan 12",
            "3000",
            "Leuven",
            "BE",
            "+32 470 12 34 56",
            "lotte.vdb@example.org",
            "91.04.12-123.45",
            "0019b951-c699-4191-8208-9822882d150c",
            "order_picking|packing",
            "punctual",
            "nl:B1|fr:native",
            "20",
            "30",
            "day|weekend",
            "2026-12-01",
            "temp|internship",
            "12",
            "bike|public_transport",
            "no",
            "yes",
            "quiet_workplace",
            "Ik werk graag met mijn handen.",
            "yes",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for (field, value) in edits {
            let i = COLUMNS.iter().position(|c| c == field).unwrap();
            values[i] = value.to_string();
        }
        let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
        w.write_record(&values).unwrap();
        String::from_utf8(w.into_inner().unwrap()).unwrap()
    }

    fn read(text: &str) -> Export {
        read_export(text.as_bytes(), &EscoCatalogue::embedded()).unwrap()
    }

    #[test]
    fn a_valid_export_reads_every_field() {
        let export = read(&format!("{HEADER}\n{}", row("D-1", &[])));
        assert_eq!(export.rows, 1);
        assert!(export.held_back.is_empty(), "{:?}", export.held_back);
        let r = &export.records[0];
        assert_eq!((r.line, r.record_id.as_str()), (2, "D-1"));
        assert_eq!(r.place.postcode.qualified(), "BE-3000");
        assert_eq!(r.hours, Hours::new(20, 30).unwrap());
        assert_eq!(r.available_from.to_string(), "2026-12");
        assert_eq!(r.languages.len(), 2);
        assert!(r.job_coaching && !r.driving_licence && r.consent);
        assert_eq!(r.identity.family_name, "Van den Broeck");
        assert_eq!(r.contract_forms.len(), 2);
    }

    #[test]
    fn columns_may_come_in_any_order_and_with_semicolons_and_a_bom() {
        let mut cols: Vec<&str> = HEADER.split(',').collect();
        let mut values: Vec<String> = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(row("D-1", &[]).as_bytes())
            .records()
            .next()
            .unwrap()
            .unwrap()
            .iter()
            .map(String::from)
            .collect();
        cols.reverse();
        values.reverse();
        let text = format!("\u{feff}{}\n{}\n", cols.join(";"), values.join(";"));
        let export = read(&text);
        assert_eq!(export.records.len(), 1, "{:?}", export.held_back);
        assert_eq!(export.records[0].record_id.as_str(), "D-1");
    }

    #[test]
    fn the_whole_file_is_refused_only_when_the_header_is_wrong() {
        let esco = EscoCatalogue::embedded();
        assert_eq!(read_export(b"", &esco).unwrap_err(), ExportError::Empty);
        assert_eq!(read_export(b"  \n", &esco).unwrap_err(), ExportError::Empty);
        let err = read_export(HEADER.replace(",pitch", "").as_bytes(), &esco).unwrap_err().to_string();
        assert!(err.starts_with("line 1: missing column(s) pitch"), "{err}");
        let err = read_export(format!("{HEADER},notes").as_bytes(), &esco).unwrap_err().to_string();
        assert!(err.contains("unknown column(s) notes"), "{err}");
        let err = read_export(format!("{HEADER},pitch").as_bytes(), &esco).unwrap_err().to_string();
        assert!(err.contains("`pitch` appears twice"), "{err}");
        let bad_header = [HEADER.as_bytes(), b",\xff\xfe"].concat();
        assert_eq!(read_export(&bad_header, &esco).unwrap_err(), ExportError::HeaderEncoding);
    }

    fn reason_of(edits: &[(&str, &str)]) -> String {
        let export = read(&format!("{HEADER}\n{}", row("D-9", edits)));
        assert!(export.records.is_empty(), "{edits:?} should be held back");
        let h = &export.held_back[0];
        assert_eq!((h.line, h.record_id.as_str()), (2, "D-9"));
        h.reason.to_string()
    }

    #[test]
    fn invalid_rows_are_held_back_with_the_column_and_reason() {
        let cases: &[(&[(&str, &str)], &str)] = &[
            (&[("postcode", "1001")], "postcode: postcode 1001 does not exist"),
            (&[("postcode", "")], "postcode: is empty"),
            (&[("postcode", "1011"), ("country", "BE")], "1011 does not exist in BE"),
            (&[("country", "FR")], "country: unknown country `FR`"),
            (&[("talents", "order_picking|juggling")], "talents: unknown talent code `juggling`"),
            (&[("contract_forms", "")], "contract_forms: is empty"),
            (&[("travel_modes", "teleport")], "unknown travel mode code `teleport`"),
            (&[("hours_min", "30"), ("hours_max", "20")], "above the highest"),
            (&[("hours_min", "twenty")], "hours_min: `twenty` is not a whole number"),
            (&[("reach_km", "-5")], "reach_km: reach must be more than 0"),
            (&[("reach_km", "far")], "reach_km: `far` is not a number"),
            (&[("available_from", "2026-02-30")], "available_from: `2026-02-30` is not a date"),
            (&[("available_from", "")], "available_from: is empty"),
            (&[("occupations", "")], "occupations: is empty"),
            (&[("occupations", "00000000-0000-0000-0000-000000000000")], "is not an ESCO occupation"),
            (&[("occupations", "magazijnier")], "is not an ESCO occupation id"),
            (&[("languages", "nl:B1|nl:B2")], "nl is listed twice"),
            (&[("languages", "nl:Z9")], "is not a language level"),
            (&[("job_coaching", "maybe")], "job_coaching: `maybe` is not yes or no"),
            (&[("job_coaching", "")], "job_coaching: is empty"),
        ];
        for (edits, expected) in cases {
            let reason = reason_of(edits);
            assert!(reason.contains(expected), "{edits:?}: {reason}");
        }
    }

    #[test]
    fn only_consenting_rows_with_unique_ids_are_records() {
        let text = format!(
            "{HEADER}\n{}{}{}{}{}",
            row("D-1", &[]),
            row("D-2", &[("consent", "no")]),
            row("D-3", &[("consent", "")]),
            row("D-1", &[]),
            row("", &[])
        );
        let export = read(&text);
        assert_eq!(export.rows, 5);
        assert_eq!(export.records.len(), 1);
        let reasons: Vec<(u64, String)> = export.held_back.iter().map(|h| (h.line, h.reason.to_string())).collect();
        assert_eq!(
            reasons,
            vec![
                (3, "no consent (consent is `no`, not `yes`)".into()),
                (4, "no consent (the consent column is empty)".into()),
                (5, "record_id is already used on line 2".into()),
                (6, "record_id: is empty".into()),
            ]
        );
    }

    #[test]
    fn malformed_rows_name_their_line_and_never_panic() {
        // Wrong number of fields.
        let export = read(&format!("{HEADER}\n{}a,b,c\n{}", row("D-1", &[]), row("D-3", &[])));
        assert_eq!(export.records.len(), 2);
        assert_eq!(export.held_back[0].line, 3);
        assert!(export.held_back[0].reason.to_string().contains("the row has 3 fields, the header 27"));
        // Bad UTF-8 in one field.
        let mut bytes = format!("{HEADER}\n").into_bytes();
        bytes.extend(row("D-1", &[("given_name", "ZZZ")]).as_bytes());
        let at = bytes.windows(3).position(|w| w == b"ZZZ").unwrap();
        bytes[at] = 0xff;
        let export = read_export(&bytes, &EscoCatalogue::embedded()).unwrap();
        assert!(export.records.is_empty());
        assert_eq!(export.held_back[0].line, 2);
        assert!(export.held_back[0].reason.to_string().contains("given_name is not UTF-8"), "{:?}", export.held_back);
        // A stray quote swallows the rest of the file into one field: that row is held back.
        let export = read(&format!("{HEADER}\n{}\"D-2,oops\n{}", row("D-1", &[]), row("D-3", &[])));
        assert_eq!(export.records.len(), 1);
        assert_eq!(export.held_back[0].line, 3);
        // Quoted fields with commas, quotes and newlines are fine.
        let export = read(&format!("{HEADER}\n{}", row("D-1", &[("pitch", "Ik zeg \"ja\", altijd.\nEcht.")])));
        assert_eq!(export.records[0].pitch, "Ik zeg \"ja\", altijd.\nEcht.");
        // Multi-line rows keep counting lines right.
        let export = read(&format!("{HEADER}\n{}{}", row("D-1", &[("pitch", "a\nb\nc")]), row("D-2", &[("consent", "no")])));
        assert_eq!(export.held_back[0].line, 5);
    }

    #[test]
    fn a_ten_megabyte_pitch_is_read_without_trouble() {
        let pitch = "a".repeat(10 * 1024 * 1024);
        let export = read(&format!("{HEADER}\n{}", row("D-1", &[("pitch", &pitch)])));
        assert_eq!(export.records[0].pitch.len(), pitch.len());
    }

    #[test]
    fn written_records_read_back_the_same() {
        let export = read(&format!("{HEADER}\n{}{}", row("D-1", &[]), row("D-2", &[("postcode", "5611"), ("country", "NL")])));
        let again = read_export(&write_csv(&export.records), &EscoCatalogue::embedded()).unwrap();
        assert_eq!(again.records, export.records);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        #[test]
        fn arbitrary_bytes_never_panic(tail in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..600)) {
            let esco = &EscoCatalogue::embedded();
            let bytes = [HEADER.as_bytes(), b"\n", &tail].concat();
            if let Ok(export) = read_export(&bytes, esco) {
                proptest::prop_assert!(export.held_back.iter().all(|h| h.line >= 2));
            }
            let _ = read_export(&tail, esco);
        }
    }
}
