//! Numbers written in words, in Dutch, French and English, turned into digits so the digit
//! checks see them: `nul vier zeven nul twaalf vierendertig` -> `0470 12 34` read as
//! `04701234`, `negentienhonderdeenennegentig` -> `1991`, `quatre-vingt-dix-neuf` -> `99`,
//! `nineteen ninety-one` -> `1991`, `double four` -> `44`.

/// What a piece of a number word means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    /// 0-9.
    Unit(u64),
    /// 10-19.
    Teen(u64),
    /// 20, 30, … 90 (`vingt` is marked, for `quatre-vingt`).
    Tens(u64, bool),
    Hundred,
    Thousand,
    /// `en`, `et`, `and`.
    And,
    /// `double`, `dubbel`, `triple`.
    Repeat(usize),
}

/// Every piece, folded (lowercase, no accents).
const PARTS: &[(&str, Part)] = &[
    // Dutch.
    ("nul", Part::Unit(0)),
    ("een", Part::Unit(1)),
    ("twee", Part::Unit(2)),
    ("drie", Part::Unit(3)),
    ("vier", Part::Unit(4)),
    ("vijf", Part::Unit(5)),
    ("zes", Part::Unit(6)),
    ("zeven", Part::Unit(7)),
    ("acht", Part::Unit(8)),
    ("negen", Part::Unit(9)),
    ("tien", Part::Teen(10)),
    ("elf", Part::Teen(11)),
    ("twaalf", Part::Teen(12)),
    ("dertien", Part::Teen(13)),
    ("veertien", Part::Teen(14)),
    ("vijftien", Part::Teen(15)),
    ("zestien", Part::Teen(16)),
    ("zeventien", Part::Teen(17)),
    ("achttien", Part::Teen(18)),
    ("negentien", Part::Teen(19)),
    ("twintig", Part::Tens(20, false)),
    ("dertig", Part::Tens(30, false)),
    ("veertig", Part::Tens(40, false)),
    ("vijftig", Part::Tens(50, false)),
    ("zestig", Part::Tens(60, false)),
    ("zeventig", Part::Tens(70, false)),
    ("tachtig", Part::Tens(80, false)),
    ("negentig", Part::Tens(90, false)),
    ("honderd", Part::Hundred),
    ("duizend", Part::Thousand),
    ("en", Part::And),
    ("dubbel", Part::Repeat(2)),
    ("dubbele", Part::Repeat(2)),
    ("driedubbel", Part::Repeat(3)),
    // French (with the Belgian and Swiss tens).
    ("zero", Part::Unit(0)),
    ("un", Part::Unit(1)),
    ("une", Part::Unit(1)),
    ("deux", Part::Unit(2)),
    ("trois", Part::Unit(3)),
    ("quatre", Part::Unit(4)),
    ("cinq", Part::Unit(5)),
    ("six", Part::Unit(6)),
    ("sept", Part::Unit(7)),
    ("huit", Part::Unit(8)),
    ("neuf", Part::Unit(9)),
    ("dix", Part::Teen(10)),
    ("onze", Part::Teen(11)),
    ("douze", Part::Teen(12)),
    ("treize", Part::Teen(13)),
    ("quatorze", Part::Teen(14)),
    ("quinze", Part::Teen(15)),
    ("seize", Part::Teen(16)),
    ("vingt", Part::Tens(20, true)),
    ("vingts", Part::Tens(20, true)),
    ("trente", Part::Tens(30, false)),
    ("quarante", Part::Tens(40, false)),
    ("cinquante", Part::Tens(50, false)),
    ("soixante", Part::Tens(60, false)),
    ("septante", Part::Tens(70, false)),
    ("huitante", Part::Tens(80, false)),
    ("octante", Part::Tens(80, false)),
    ("nonante", Part::Tens(90, false)),
    ("cent", Part::Hundred),
    ("cents", Part::Hundred),
    ("mille", Part::Thousand),
    ("mil", Part::Thousand),
    ("et", Part::And),
    ("double", Part::Repeat(2)),
    ("triple", Part::Repeat(3)),
    // English.
    ("oh", Part::Unit(0)),
    ("one", Part::Unit(1)),
    ("two", Part::Unit(2)),
    ("three", Part::Unit(3)),
    ("four", Part::Unit(4)),
    ("five", Part::Unit(5)),
    ("seven", Part::Unit(7)),
    ("eight", Part::Unit(8)),
    ("nine", Part::Unit(9)),
    ("ten", Part::Teen(10)),
    ("eleven", Part::Teen(11)),
    ("twelve", Part::Teen(12)),
    ("thirteen", Part::Teen(13)),
    ("fourteen", Part::Teen(14)),
    ("fifteen", Part::Teen(15)),
    ("sixteen", Part::Teen(16)),
    ("seventeen", Part::Teen(17)),
    ("eighteen", Part::Teen(18)),
    ("nineteen", Part::Teen(19)),
    ("twenty", Part::Tens(20, false)),
    ("thirty", Part::Tens(30, false)),
    ("forty", Part::Tens(40, false)),
    ("fourty", Part::Tens(40, false)),
    ("fifty", Part::Tens(50, false)),
    ("sixty", Part::Tens(60, false)),
    ("seventy", Part::Tens(70, false)),
    ("eighty", Part::Tens(80, false)),
    ("ninety", Part::Tens(90, false)),
    ("hundred", Part::Hundred),
    ("thousand", Part::Thousand),
    ("and", Part::And),
];

/// The pieces of one word, if it is made of number pieces only and neither starts nor ends
/// with a connector (`vierentwintig` yes, `tienen` and `vieren` no).
fn pieces(word: &str) -> Option<Vec<Part>> {
    let mut out = Vec::new();
    let mut rest = word;
    while !rest.is_empty() {
        let (len, part) =
            PARTS.iter().filter(|(p, _)| rest.starts_with(p)).map(|(p, part)| (p.len(), *part)).max_by_key(|(len, _)| *len)?;
        out.push(part);
        rest = &rest[len..];
    }
    if out.is_empty() || matches!(out.first(), Some(Part::And)) || matches!(out.last(), Some(Part::And)) {
        return None;
    }
    Some(out)
}

/// A value below 100 starting at `i`: `zeven en veertig`, `forty five`, `soixante-dix-neuf`,
/// `quatre-vingt`, `dix-sept`.
fn below_hundred(t: &[Part], i: usize) -> Option<(u64, usize)> {
    let at = |k: usize| t.get(k).copied();
    match at(i)? {
        Part::Unit(u) => {
            if let (Some(Part::And), Some(Part::Tens(tens, _))) = (at(i + 1), at(i + 2)) {
                if u > 0 {
                    return Some((tens + u, i + 3));
                }
            }
            if let (4, Some(Part::Tens(20, true))) = (u, at(i + 1)) {
                return Some(french_tail(t, 80, i + 2));
            }
            Some((u, i + 1))
        }
        Part::Teen(10) => match at(i + 1) {
            Some(Part::Unit(u @ 7..=9)) => Some((10 + u, i + 2)),
            _ => Some((10, i + 1)),
        },
        Part::Teen(v) => Some((v, i + 1)),
        Part::Tens(tens, _) => Some(french_tail(t, tens, i + 1)),
        _ => None,
    }
}

/// What follows tens: a unit (`twenty-one`, `vingt et un`), or for 60 and 80 a teen
/// (`soixante-douze`, `quatre-vingt-dix-neuf`).
fn french_tail(t: &[Part], tens: u64, mut j: usize) -> (u64, usize) {
    let at = |k: usize| t.get(k).copied();
    if at(j) == Some(Part::And) && matches!(at(j + 1), Some(Part::Unit(_) | Part::Teen(_))) {
        j += 1;
    }
    match at(j) {
        Some(Part::Unit(u @ 1..=9)) => (tens + u, j + 1),
        Some(Part::Teen(_)) if tens == 60 || tens == 80 => match below_hundred(t, j) {
            Some((v, k)) if v < 20 => (tens + v, k),
            _ => (tens, j),
        },
        _ => (tens, j),
    }
}

/// A value below 1000 (`negentienhonderd`, `neuf cent quatre-vingt-onze`, `two hundred and five`).
fn below_thousand(t: &[Part], i: usize) -> Option<(u64, usize)> {
    let (prefix, j) = match below_hundred(t, i) {
        Some((v, j)) => (Some(v), j),
        None => (None, i),
    };
    if t.get(j) != Some(&Part::Hundred) {
        return prefix.map(|v| (v, j));
    }
    let value = prefix.unwrap_or(1).max(1) * 100;
    let mut k = j + 1;
    if t.get(k) == Some(&Part::And) {
        k += 1;
    }
    match below_hundred(t, k) {
        Some((rest, end)) => Some((value + rest, end)),
        None => Some((value, j + 1)),
    }
}

/// One number starting at `i`, and where it ends.
fn number(t: &[Part], i: usize) -> Option<(u64, usize)> {
    let (prefix, j) = match below_thousand(t, i) {
        Some((v, j)) => (Some(v), j),
        None => (None, i),
    };
    if t.get(j) != Some(&Part::Thousand) {
        return prefix.map(|v| (v, j));
    }
    let value = prefix.unwrap_or(1).max(1) * 1000;
    let mut k = j + 1;
    if t.get(k) == Some(&Part::And) {
        k += 1;
    }
    match below_thousand(t, k) {
        Some((rest, end)) => Some((value + rest, end)),
        None => Some((value, j + 1)),
    }
}

/// A run of number words and digits as one digit string, the way it would be dialled.
fn digits_of(items: &[Item]) -> String {
    let mut parts: Vec<Part> = Vec::new();
    let mut out = String::new();
    let flush = |parts: &mut Vec<Part>, out: &mut String| {
        let mut i = 0;
        while i < parts.len() {
            match parts[i] {
                Part::And => i += 1,
                Part::Repeat(n) => match parts.get(i + 1) {
                    Some(Part::Unit(u)) => {
                        out.push_str(&u.to_string().repeat(n));
                        i += 2;
                    }
                    _ => i += 1,
                },
                _ => match number(parts, i) {
                    Some((v, j)) if j > i => {
                        out.push_str(&v.to_string());
                        i = j;
                    }
                    _ => i += 1,
                },
            }
        }
        parts.clear();
    };
    for item in items {
        match item {
            Item::Digits(d) => {
                flush(&mut parts, &mut out);
                out.push_str(d);
            }
            Item::Number(p) => parts.extend(p.iter().copied()),
        }
    }
    flush(&mut parts, &mut out);
    out
}

enum Item {
    Digits(String),
    Number(Vec<Part>),
}

/// `folded` (lowercase, no accents) with every run of number words, and the digits and
/// connectors between them, replaced by the digits they spell; `None` when it has no number
/// words. Runs of digits alone are left as they are.
pub fn spelled_digits(folded: &str) -> Option<String> {
    // Words with their byte ranges; a run is a sequence of number words, digits and connectors
    // with nothing but separators between them.
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in folded.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push((s, folded.len()));
    }
    let mut out = String::with_capacity(folded.len());
    let mut copied = 0;
    let mut any = false;
    let mut k = 0;
    while k < words.len() {
        let (s, _) = words[k];
        let mut run: Vec<Item> = Vec::new();
        let mut has_words = false;
        let mut end = k;
        let mut last_end = s;
        while end < words.len() {
            let (ws, we) = words[end];
            let w = &folded[ws..we];
            if end > k && folded[last_end..ws].contains('\n') {
                break;
            }
            let item = if w.bytes().all(|b| b.is_ascii_digit()) {
                Item::Digits(w.to_owned())
            } else if let Some(p) = pieces(w) {
                has_words |= p.iter().any(|p| !matches!(p, Part::And | Part::Repeat(_)));
                Item::Number(p)
            } else if matches!(w, "en" | "et" | "and") && end > k {
                Item::Number(vec![Part::And])
            } else {
                break;
            };
            run.push(item);
            last_end = we;
            end += 1;
        }
        // A connector at the end belongs to the sentence, not the number.
        while end > k + 1 && matches!(run.last(), Some(Item::Number(p)) if matches!(p.as_slice(), [Part::And] | [Part::Repeat(_)])) {
            run.pop();
            end -= 1;
        }
        if end > k && has_words {
            let run_end = words[end - 1].1;
            out.push_str(&folded[copied..s]);
            out.push_str(&digits_of(&run));
            copied = run_end;
            any = true;
            k = end;
        } else {
            k = end.max(k + 1);
        }
    }
    out.push_str(&folded[copied..]);
    any.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spelled(s: &str) -> String {
        spelled_digits(s).unwrap_or_else(|| s.to_owned())
    }

    #[test]
    fn numbers_in_words_become_digits() {
        for (words, digits) in [
            ("bel me op nul vier zeven nul een twee drie vier vijf zes", "bel me op 0470123456"),
            ("nul vier zeven nul, twaalf, vierendertig, zesenvijftig", "0470123456"),
            ("ik ben vijfenveertig", "ik ben 45"),
            ("zeven en veertig", "47"),
            ("tweeentwintig", "22"),
            ("negentienhonderdeenennegentig", "1991"),
            ("negentien eenennegentig", "1991"),
            ("tweeduizend vijf", "2005"),
            ("quatre-vingt-dix-neuf", "99"),
            ("soixante-dix", "70"),
            ("soixante et onze", "71"),
            ("vingt et un", "21"),
            ("mille neuf cent quatre-vingt-onze", "1991"),
            ("septante-deux", "72"),
            ("zero four seven oh, twelve thirty-four fifty-six", "0470123456"),
            ("nineteen ninety-one", "1991"),
            ("nineteen hundred and ninety one", "1991"),
            ("forty five", "45"),
            ("double four", "44"),
            ("bel 0470 twaalf 34 zesenvijftig", "bel 0470123456"),
        ] {
            assert_eq!(spelled(words), digits, "{words}");
        }
        for plain in ["ik werk graag in tienen", "vieren en honderden", "ik werk 20-30 uur", "9.00-12.00", "het centrum"] {
            assert_eq!(spelled_digits(plain), None, "{plain}");
        }
        assert_eq!(spelled("ik werk twee of drie dagen"), "ik werk 2 of 3 dagen");
        assert_eq!(spelled("vijf en"), "5 en");
    }
}
