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
use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use talentbrug_core::feed::MAX_FEED_BYTES;
use talentbrug_core::{Feed, FeedError, Profile};

/// The members of the feed's top-level object read piece by piece, with the bracket that opens
/// them: the profiles (elements of an array), the occupation labels (members of an object).
const PARTS: [(&[u8], u8); 2] = [(b"profiles", b'['), (b"occupations", b'{')];

/// One of [`PARTS`] as found in the bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    /// The whole value, brackets included.
    pub span: Range<usize>,
    /// Each element (or `"key": value` member), without surrounding whitespace.
    pub items: Vec<Range<usize>>,
}

/// Where a feed's profiles (and occupation labels, when found) are.
#[derive(Debug, PartialEq, Eq)]
pub struct Split {
    /// The `profiles` array.
    pub profiles: Part,
    /// The `occupations` object.
    pub occupations: Option<Part>,
}

/// Finds the `profiles` array of the top-level object and its elements, and the members of
/// `occupations`; `None` when the bytes are not laid out that way (no profiles array, a key
/// twice, an empty element), which the full parser then judges.
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
    /// After `"profiles":` or `"occupations":`, before the value: which of [`PARTS`].
    expect: Option<usize>,
    /// Inside that part's value (its items are at depth 2).
    inside: Option<usize>,
    parts: [Option<Part>; 2],
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
            if let Some(k) = self.expect.filter(|_| !b.is_ascii_whitespace()) {
                if b != PARTS[k].1 || self.parts[k].is_some() {
                    return None;
                }
                self.parts[k] = Some(Part { span: i..i, items: Vec::new() });
                (self.expect, self.inside, self.item_start) = (None, Some(k), i + 1);
            }
            self.byte(bytes, i, b)?;
        }
        Some(())
    }

    /// One byte outside strings.
    fn byte(&mut self, bytes: &[u8], i: usize, b: u8) -> Option<()> {
        let part = self.inside.filter(|_| self.depth == 2);
        match b {
            b'"' => (self.in_string, self.string) = (true, i + 1..i + 1),
            b'{' | b'[' => self.depth += 1,
            b'}' | b']' => {
                if let Some(k) = part {
                    let found = self.parts[k].as_mut()?;
                    push_item(bytes, self.item_start..i, &mut found.items, true)?;
                    found.span.end = i + 1;
                    self.inside = None;
                }
                self.depth = self.depth.checked_sub(1)?;
            }
            b':' if self.depth == 1 => self.expect = PARTS.iter().position(|p| p.0 == &bytes[self.string.clone()]),
            b',' if part.is_some() => {
                push_item(bytes, self.item_start..i, &mut self.parts[part?].as_mut()?.items, false)?;
                self.item_start = i + 1;
            }
            _ => {}
        }
        Some(())
    }

    /// What was found, once the whole feed is scanned.
    fn finish(self) -> Option<Split> {
        let [profiles, occupations] = self.parts;
        let closed = |p: &Part| p.span.end > p.span.start;
        let occupations = match occupations {
            Some(o) if !closed(&o) => return None,
            o => o,
        };
        Some(Split { profiles: profiles.filter(closed)?, occupations })
    }
}

/// Adds one item's range, trimmed; an empty item is only allowed as the whole of `[]` or `{}`.
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
/// Profiles or occupations parsed per step.
const READ_STEP: usize = 8;

/// Where a stepped read is.
enum Phase {
    /// Looking for the profiles.
    Scan(Scan),
    /// Everything but the profiles and occupations is parsed; these are left.
    Read { feed: Feed, occupations: std::vec::IntoIter<Range<usize>>, profiles: std::vec::IntoIter<Range<usize>> },
}

/// A feed being read in small steps: first a scan for the profiles and occupations, then
/// everything around them, then the occupations and profiles a few at a time.
pub struct Steps<'a> {
    bytes: &'a [u8],
    phase: Phase,
}

/// `bytes` with each span (in order, not overlapping) replaced by `[]` or `{}`.
fn shell(bytes: &[u8], spans: &[&Part]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut at = 0;
    for p in spans {
        out.extend_from_slice(&bytes[at..p.span.start]);
        out.extend_from_slice(if bytes[p.span.start] == b'[' { b"[]" } else { b"{}" });
        at = p.span.end;
    }
    out.extend_from_slice(&bytes[at..]);
    out
}

/// Adds the `"key": value` member at `range` to `map` as serde_json would (a repeated key:
/// the last one wins).
fn add_member<K: Ord + DeserializeOwned, V: DeserializeOwned>(map: &mut BTreeMap<K, V>, member: &[u8]) -> Option<()> {
    let mut object = Vec::with_capacity(member.len() + 2);
    object.push(b'{');
    object.extend_from_slice(member);
    object.push(b'}');
    map.extend(serde_json::from_slice::<BTreeMap<K, V>>(&object).ok()?);
    Some(())
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
                let mut spans: Vec<&Part> = [Some(&split.profiles), split.occupations.as_ref()].into_iter().flatten().collect();
                if spans.len() == 2 && spans[1].span.start < spans[0].span.start {
                    spans.swap(0, 1);
                }
                let mut feed: Feed = serde_json::from_slice(&shell(bytes, &spans)).ok()?;
                feed.profiles.reserve_exact(split.profiles.items.len());
                let occupations = split.occupations.map(|o| o.items).unwrap_or_default().into_iter();
                self.phase = Phase::Read { feed, occupations, profiles: split.profiles.items.into_iter() };
                Some(false)
            }
            Phase::Read { feed, occupations, profiles } if occupations.len() > 0 => {
                for range in occupations.by_ref().take(READ_STEP) {
                    add_member(&mut feed.occupations, &bytes[range])?;
                }
                Some(false)
            }
            Phase::Read { feed, profiles, .. } => {
                for range in profiles.by_ref().take(READ_STEP) {
                    feed.profiles.push(serde_json::from_slice::<Profile>(&bytes[range]).ok()?);
                }
                Some(profiles.len() == 0)
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
        // A repeated occupation: the last one counts, as in the whole-feed parser.
        let json = feed_of(2);
        let at = json.find("\"occupations\":{").unwrap() + "\"occupations\":{".len();
        let repeated = format!("{}\"0019b951-c699-4191-8208-9822882d150c\":{{\"label\":\"eerst\"}},{}", &json[..at], &json[at..]);
        assert_eq!(in_steps(repeated.as_bytes()).expect("fast path"), Feed::parse(repeated.as_bytes()));
        // Duplicate ids are refused by the same checks.
        let twice = feed_of(2).replace("\"p1\"", "\"p0\"");
        assert!(matches!(in_steps(twice.as_bytes()), Some(Err(FeedError::DuplicateId { .. }))));
    }

    #[test]
    fn the_scan_skips_strings_and_nested_arrays() {
        let json = br#" {"a":"\"profiles\":[1]","profiles" : [ {"x":[1,2],"s":"],\\"} , [] ],"z":{"profiles":3}}"#;
        let s = split(json).unwrap();
        let text = |r: &Range<usize>| std::str::from_utf8(&json[r.clone()]).unwrap();
        assert_eq!(s.profiles.items.iter().map(text).collect::<Vec<_>>(), [r#"{"x":[1,2],"s":"],\\"}"#, "[]"]);
        assert_eq!(&text(&s.profiles.span)[..2], "[ ");
        assert_eq!(s.occupations, None);
        assert_eq!(split(br#"{"profiles":[ ]}"#).unwrap().profiles.items, Vec::<Range<usize>>::new());
        let both = br#"{"occupations":{"a":{"x":"}"}, "b" : 2},"profiles":[]}"#;
        let o = split(both).unwrap().occupations.unwrap();
        assert_eq!(
            o.items.iter().map(|r| std::str::from_utf8(&both[r.clone()]).unwrap()).collect::<Vec<_>>(),
            [r#""a":{"x":"}"}"#, r#""b" : 2"#]
        );
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
            br#"{"profiles":[],"occupations":{"a":1,}}"#,
            br#"{"profiles":[],"occupations":{"a":1},"occupations":{}}"#,
            br#"{"profiles":[],"occupations":[]}"#,
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
