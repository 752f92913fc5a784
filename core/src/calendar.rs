//! Months and instants, parsed strictly. The core never reads a clock: callers pass `now` in.
//!
//! # Examples
//!
//! ```
//! use talentbrug_core::{Timestamp, YearMonth};
//!
//! let start: YearMonth = "2026-11".parse()?;
//! assert_eq!(start.plus_months(3).to_string(), "2027-02");
//! assert!("2026-13".parse::<YearMonth>().is_err());
//!
//! // JavaScript's `Date.now()`, as the JS face passes it in.
//! let now = Timestamp::from_unix_millis(1_767_225_600_000.0);
//! assert_eq!(now, "2026-01-01T00:00:00Z".parse()?);
//! assert_eq!(now.month(), YearMonth::new(2026, 1).expect("a month"));
//! assert_eq!(now.plus_days(31).to_string(), "2026-02-01T00:00:00Z");
//! # Ok::<(), talentbrug_core::calendar::CalendarError>(())
//! ```

use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar month (`YYYY-MM`): the precision at which availability is published.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    /// Months since January of year 0, so comparisons and arithmetic are plain integer ones.
    months: u32,
}

/// A month or instant that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// Not of the form `YYYY-MM`.
    #[error("`{0}` is not a month of the form YYYY-MM")]
    Month(String),
    /// Not of the form `YYYY-MM-DD`.
    #[error("`{0}` is not a date of the form YYYY-MM-DD")]
    Date(String),
    /// Not of the form `YYYY-MM-DDTHH:MM:SSZ`.
    #[error("`{0}` is not a UTC time of the form YYYY-MM-DDTHH:MM:SSZ")]
    Timestamp(String),
}

fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn short(s: &str) -> String {
    s.chars().take(40).collect()
}

impl YearMonth {
    /// The month, for years 2000-2199 (the range a feed can sensibly mention).
    pub fn new(year: u32, month: u32) -> Option<YearMonth> {
        ((2000..=2199).contains(&year) && (1..=12).contains(&month)).then_some(YearMonth { months: year * 12 + month - 1 })
    }

    /// The year.
    pub fn year(self) -> u32 {
        self.months / 12
    }

    /// The month, 1-12.
    pub fn month(self) -> u32 {
        self.months % 12 + 1
    }

    /// The month `n` months later.
    pub fn plus_months(self, n: u32) -> YearMonth {
        YearMonth { months: self.months + n }
    }

    /// The first month of this month's quarter.
    pub fn quarter_start(self) -> YearMonth {
        YearMonth { months: self.months - self.months % 3 }
    }

    /// Months since year 0, a dense ordinal for columnar storage.
    pub fn ordinal(self) -> u32 {
        self.months
    }

    /// Reads the month of a `YYYY-MM-DD` date (as coaches export it).
    pub fn from_date(date: &str) -> Result<YearMonth, CalendarError> {
        let err = || CalendarError::Date(short(date));
        let (ym, day) = date.trim().rsplit_once('-').ok_or_else(err)?;
        let ym: YearMonth = ym.parse().map_err(|_| err())?;
        let day = digits(day).filter(|_| day.len() == 2).ok_or_else(err)?;
        if day == 0 || day > days_in_month(ym.year(), ym.month()) {
            return Err(err());
        }
        Ok(ym)
    }
}

fn is_leap(year: u32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl FromStr for YearMonth {
    type Err = CalendarError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || CalendarError::Month(short(s));
        let (y, m) = s.split_once('-').ok_or_else(err)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(err());
        }
        YearMonth::new(digits(y).ok_or_else(err)?, digits(m).ok_or_else(err)?).ok_or_else(err)
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

impl Serialize for YearMonth {
    /// `YYYY-MM` as [`fmt::Display`] writes it, digit by digit for four-digit years (every match a
    /// search returns has one; formatting it was a visible part of a search in wasm).
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (year, month) = (self.year(), self.month());
        if year > 9999 {
            return s.collect_str(self);
        }
        let digit = |n: u32| b'0' + (n % 10) as u8;
        let text = [digit(year / 1000), digit(year / 100), digit(year / 10), digit(year), b'-', digit(month / 10), digit(month)];
        s.serialize_str(core::str::from_utf8(&text).map_err(serde::ser::Error::custom)?)
    }
}

impl<'de> Deserialize<'de> for YearMonth {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// An instant in UTC with second precision, written `YYYY-MM-DDTHH:MM:SSZ` in feeds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    unix_seconds: i64,
}

impl Timestamp {
    /// The instant `unix_seconds` after 1970-01-01T00:00:00Z.
    pub fn from_unix_seconds(unix_seconds: i64) -> Timestamp {
        Timestamp { unix_seconds }
    }

    /// The instant from JavaScript's `Date.now()` (milliseconds).
    pub fn from_unix_millis(millis: f64) -> Timestamp {
        Timestamp { unix_seconds: (millis / 1000.0).floor() as i64 }
    }

    /// Seconds since the Unix epoch.
    pub fn unix_seconds(self) -> i64 {
        self.unix_seconds
    }

    /// The instant `days` days later.
    pub fn plus_days(self, days: i64) -> Timestamp {
        Timestamp { unix_seconds: self.unix_seconds + days * 86_400 }
    }

    /// The calendar month this instant falls in (UTC).
    pub fn month(self) -> YearMonth {
        let (y, m, _) = civil_from_days(self.unix_seconds.div_euclid(86_400));
        YearMonth::new(y.clamp(2000, 2199) as u32, m).unwrap_or(YearMonth { months: 2000 * 12 })
    }
}

/// Days since 1970-01-01 for a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

impl FromStr for Timestamp {
    type Err = CalendarError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || CalendarError::Timestamp(short(s));
        let b = s.as_bytes();
        if b.len() != 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' || b[19] != b'Z' {
            return Err(err());
        }
        let num = |r: core::ops::Range<usize>| s.get(r).and_then(digits).ok_or_else(err);
        let (y, mo, d, h, mi, se) = (num(0..4)?, num(5..7)?, num(8..10)?, num(11..13)?, num(14..16)?, num(17..19)?);
        if !(1970..=9999).contains(&y) || !(1..=12).contains(&mo) || d == 0 || d > days_in_month(y, mo) || h > 23 || mi > 59 || se > 59 {
            return Err(err());
        }
        let days = days_from_civil(i64::from(y), mo, d);
        Ok(Timestamp { unix_seconds: days * 86_400 + i64::from(h * 3600 + mi * 60 + se) })
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = civil_from_days(self.unix_seconds.div_euclid(86_400));
        let secs = self.unix_seconds.rem_euclid(86_400);
        write!(f, "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", secs / 3600, secs / 60 % 60, secs % 60)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn months_parse_strictly() {
        let m: YearMonth = "2026-11".parse().unwrap();
        assert_eq!((m.year(), m.month()), (2026, 11));
        assert_eq!(m.to_string(), "2026-11");
        for bad in ["2026-13", "2026-00", "2026-1", "26-11", "2026/11", "", "2026-11-01", "1999-12", "+026-11"] {
            assert!(bad.parse::<YearMonth>().is_err(), "{bad}");
        }
        assert_eq!(m.plus_months(2).to_string(), "2027-01");
        assert_eq!(m.quarter_start().to_string(), "2026-10");
    }

    #[test]
    fn dates_give_their_month_and_reject_impossible_days() {
        assert_eq!(YearMonth::from_date("2024-02-29").unwrap().to_string(), "2024-02");
        assert!(YearMonth::from_date("2023-02-29").is_err());
        assert!(YearMonth::from_date("2023-04-31").is_err());
        assert!(YearMonth::from_date("2023-4-3").is_err());
        assert!(YearMonth::from_date("31/12/2023").is_err());
    }

    #[test]
    fn timestamps_round_trip_and_know_their_month() {
        let t: Timestamp = "2026-11-23T05:54:00Z".parse().unwrap();
        assert_eq!(t.unix_seconds(), 1_795_413_240);
        assert_eq!(t.to_string(), "2026-11-23T05:54:00Z");
        assert_eq!(t.month().to_string(), "2026-11");
        assert_eq!(t.plus_days(8).month().to_string(), "2026-12");
        for bad in ["2026-11-23 05:54:00Z", "2026-11-23T05:54:00", "2026-11-23T24:00:00Z", "2026-02-30T00:00:00Z"] {
            assert!(bad.parse::<Timestamp>().is_err(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn months_serialize_as_they_display(months in 0u32..12 * 12_000) {
            let m = YearMonth { months };
            prop_assert_eq!(serde_json::to_string(&m).unwrap(), format!("\"{m}\""));
        }

        #[test]
        fn timestamp_text_round_trips(secs in 0i64..8_000_000_000) {
            let t = Timestamp::from_unix_seconds(secs);
            prop_assert_eq!(t.to_string().parse::<Timestamp>().unwrap(), t);
        }
    }
}
