//! Reading a feed in steps, so the page's main thread is never blocked for long: a verified
//! feed of 2,000 people takes about 100 ms to parse in one go on a slow machine (400 ms on
//! Lighthouse's mobile CPU), one long task that delays every tap.
//!
//! [`split`] finds the top-level `profiles` array and its elements with a byte scan (in 32 KB
//! pieces); the rest of the feed (publisher, occupation labels, dates) is parsed with the array
//! left empty, then the profiles a few at a time with the core's own `Profile` reader: each
//! [`Steps::step`] is well under a millisecond, and the caller yields to the page between them. The
//! cross-field checks ([`Feed::check`]) run at the end on the whole feed. Whenever anything in
//! the fast path fails, the caller parses the whole feed with [`Feed::parse`] instead, so a
//! refused feed gets exactly the core's error, and an accepted one is the same feed.

use core::ops::Range;

use talentbrug_core::feed::MAX_FEED_BYTES;
use talentbrug_core::{Feed, FeedError, Profile};

/// Where a feed's `profiles` array is: the array with its brackets, and each element.
#[derive(Debug, PartialEq, Eq)]
pub struct Split {
    /// The array, `[` to `]` inclusive.
    pub array: Range<usize>,
    /// Each element, without surrounding whitespace.
    pub items: Vec<Range<usize>>,
}

/// Finds the `profiles` array of the top-level object and its elements; `None` when the bytes
/// are not laid out that way (no such array, the key twice, an empty element), which the full
/// parser then judges.
pub fn split(bytes: &[u8]) -> Option<Split> {
    let mut scan = Scan::default();
    scan.run(bytes, bytes.len())?;
    scan.finish()
}

/// The byte scan behind [`split`], resumable so a long feed is scanned in pieces.
#[derive(Default)]
struct Scan {
    /// Next byte to read.
    pos: usize,
    depth: usize,
    in_string: bool,
    escaped: bool,
    /// The last string read (a key, when a `:` follows).
    string: Range<usize>,
    /// After `"profiles":`, before its value.
    expect_array: bool,
    /// Inside the profiles array (its elements are at depth 2).
    in_profiles: bool,
    array: Option<Range<usize>>,
    items: Vec<Range<usize>>,
    item_start: usize,
}

impl Scan {
    /// Scans up to byte `end`; `None` as soon as the layout is not the expected one.
    fn run(&mut self, bytes: &[u8], end: usize) -> Option<()> {
        while self.pos < end {
            let (i, b) = (self.pos, bytes[self.pos]);
            self.pos += 1;
            if self.in_string {
                match (self.escaped, b) {
                    (true, _) => self.escaped = false,
                    (false, b'\\') => self.escaped = true,
                    (false, b'"') => {
                        self.in_string = false;
                        self.string.end = i;
                    }
                    _ => {}
                }
                continue;
            }
            if self.expect_array && !b.is_ascii_whitespace() {
                if b != b'[' || self.array.is_some() {
                    return None;
                }
                (self.expect_array, self.in_profiles, self.array, self.item_start) = (false, true, Some(i..i), i + 1);
            }
            self.byte(bytes, i, b)?;
        }
        Some(())
    }

    /// One byte outside strings.
    fn byte(&mut self, bytes: &[u8], i: usize, b: u8) -> Option<()> {
        match b {
            b'"' => (self.in_string, self.string) = (true, i + 1..i + 1),
            b'{' | b'[' => self.depth += 1,
            b'}' | b']' => {
                if self.in_profiles && self.depth == 2 {
                    push_item(bytes, self.item_start..i, &mut self.items, true)?;
                    self.array = self.array.take().map(|a| a.start..i + 1);
                    self.in_profiles = false;
                }
                self.depth = self.depth.checked_sub(1)?;
            }
            b':' if self.depth == 1 && &bytes[self.string.clone()] == b"profiles" => self.expect_array = true,
            b',' if self.in_profiles && self.depth == 2 => {
                push_item(bytes, self.item_start..i, &mut self.items, false)?;
                self.item_start = i + 1;
            }
            _ => {}
        }
        Some(())
    }

    /// The array found, once the whole feed is scanned.
    fn finish(self) -> Option<Split> {
        let array = self.array.filter(|a| a.end > a.start)?;
        Some(Split { array, items: self.items })
    }
}

/// Adds one element's range, trimmed; an empty element is only allowed as the whole of `[]`.
fn push_item(bytes: &[u8], range: Range<usize>, items: &mut Vec<Range<usize>>, last: bool) -> Option<()> {
    let text = &bytes[range.clone()];
    let start = range.start + text.iter().take_while(|b| b.is_ascii_whitespace()).count();
    let end = range.end - text.iter().rev().take_while(|b| b.is_ascii_whitespace()).count();
    if start >= end {
        return (last && items.is_empty()).then_some(());
    }
    items.push(start..end);
    Some(())
}

/// Bytes scanned per step.
const SCAN_STEP: usize = 32 * 1024;
/// Profiles parsed per step.
const READ_STEP: usize = 8;

/// Where a stepped read is.
enum Phase {
    /// Looking for the profiles.
    Scan(Scan),
    /// Everything but the profiles is parsed; these are left.
    Read { feed: Feed, items: std::vec::IntoIter<Range<usize>> },
}

/// A feed being read in small steps: first a scan for the profiles, then everything around
/// them, then the profiles a few at a time.
pub struct Steps<'a> {
    bytes: &'a [u8],
    phase: Phase,
}

impl<'a> Steps<'a> {
    /// A read of `bytes`; nothing is done yet.
    pub fn new(bytes: &'a [u8]) -> Steps<'a> {
        Steps { bytes, phase: Phase::Scan(Scan::default()) }
    }

    /// Does one small piece of the work: `Some(true)` when the feed is read, `None` when the
    /// stepped read does not apply (the caller then uses [`Feed::parse`]).
    pub fn step(&mut self) -> Option<bool> {
        let bytes = self.bytes;
        match &mut self.phase {
            Phase::Scan(scan) if scan.pos < bytes.len() && bytes.len() <= MAX_FEED_BYTES => {
                scan.run(bytes, bytes.len().min(scan.pos + SCAN_STEP))?;
                Some(false)
            }
            Phase::Scan(scan) => {
                let split = core::mem::take(scan).finish().filter(|_| bytes.len() <= MAX_FEED_BYTES)?;
                let mut shell = Vec::with_capacity(bytes.len() - split.array.len() + 2);
                shell.extend_from_slice(&bytes[..split.array.start]);
                shell.extend_from_slice(b"[]");
                shell.extend_from_slice(&bytes[split.array.end..]);
                let mut feed: Feed = serde_json::from_slice(&shell).ok()?;
                feed.profiles.reserve_exact(split.items.len());
                self.phase = Phase::Read { feed, items: split.items.into_iter() };
                Some(false)
            }
            Phase::Read { feed, items } => {
                for range in items.by_ref().take(READ_STEP) {
                    feed.profiles.push(serde_json::from_slice::<Profile>(&bytes[range]).ok()?);
                }
                Some(items.len() == 0)
            }
        }
    }

    /// The whole feed, after the checks across fields (call once [`Steps::step`] said done).
    pub fn finish(self) -> Result<Feed, FeedError> {
        match self.phase {
            Phase::Read { feed, .. } => {
                feed.check()?;
                Ok(feed)
            }
            Phase::Scan(_) => Feed::parse(self.bytes),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A feed of `n` profiles (the one of `feed_source`'s tests with other ids).
    fn feed_of(n: usize) -> String {
        let one = crate::feed_source::tests::feed_json(3, "2026-12-01T00:00:00Z");
        let start = one.find("{\"id\"").unwrap();
        let end = one.rfind(']').unwrap();
        let profile = &one[start..end];
        let profiles: Vec<String> = (0..n).map(|i| profile.replace("\"p1\"", &format!("\"p{i}\""))).collect();
        format!("{} {} {}", &one[..start], profiles.join(" ,\n"), &one[end..])
    }

    fn in_steps(bytes: &[u8]) -> Option<Result<Feed, FeedError>> {
        let mut steps = Steps::new(bytes);
        while !steps.step()? {}
        Some(steps.finish())
    }

    #[test]
    fn reading_in_steps_gives_the_core_parsers_feed() {
        for n in [0, 1, 2, 7, 30] {
            let json = feed_of(n);
            let whole = Feed::parse(json.as_bytes());
            assert_eq!(in_steps(json.as_bytes()).expect("fast path"), whole, "{n} profiles");
        }
        // Duplicate ids are refused by the same checks.
        let twice = feed_of(2).replace("\"p1\"", "\"p0\"");
        assert!(matches!(in_steps(twice.as_bytes()), Some(Err(FeedError::DuplicateId { .. }))));
    }

    #[test]
    fn the_scan_skips_strings_and_nested_arrays() {
        let json = br#" {"a":"\"profiles\":[1]","profiles" : [ {"x":[1,2],"s":"],\\"} , [] ],"z":{"profiles":3}}"#;
        let s = split(json).unwrap();
        let text = |r: &Range<usize>| std::str::from_utf8(&json[r.clone()]).unwrap();
        assert_eq!(s.items.iter().map(text).collect::<Vec<_>>(), [r#"{"x":[1,2],"s":"],\\"}"#, "[]"]);
        assert_eq!(&text(&s.array)[..2], "[ ");
        assert_eq!(split(br#"{"profiles":[ ]}"#).unwrap().items, Vec::<Range<usize>>::new());
        // Scanned in pieces, the same.
        let mut scan = Scan::default();
        for end in (0..json.len()).step_by(3).chain([json.len()]) {
            scan.run(json, end).unwrap();
        }
        assert_eq!(scan.finish(), Some(s));
    }

    #[test]
    fn anything_unusual_goes_to_the_full_parser() {
        for bad in [
            &br#"{"profiles":[1,,2]}"#[..],
            br#"{"profiles":[1,]}"#,
            br#"{"profiles":[1],"profiles":[2]}"#,
            br#"{"profiles":{}}"#,
            br#"{"other":[1]}"#,
            br#"{"profiles":[1"#,
            br#"]]"#,
        ] {
            assert_eq!(split(bad), None, "{}", String::from_utf8_lossy(bad));
        }
        // Valid layout, but not a feed: the steps refuse and the caller asks the core why.
        let not_a_profile = feed_of(2).replacen("\"reach_km\":12", "\"reach_km\":\"far\"", 1);
        assert!(in_steps(not_a_profile.as_bytes()).is_none());
        let trailing = format!("{} x", feed_of(1));
        assert!(in_steps(trailing.as_bytes()).is_none() && Feed::parse(trailing.as_bytes()).is_err());
    }
}
