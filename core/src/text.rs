//! Text folding for matching what people type against names: case, accents and separators
//! do not matter, so `sint-lambrechts-herk`, `Sint Lambrechts Herk` and `SINT-LAMBRECHTS-HERK`
//! are the same name.

/// Folds one character: lowercase ASCII, accents removed, separators to a space.
fn fold_char(c: char) -> char {
    match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' | 'À' | 'Á' | 'Â' | 'Ä' | 'Ã' | 'Å' => 'a',
        'ç' | 'Ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
        'ñ' | 'Ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'Ò' | 'Ó' | 'Ô' | 'Ö' | 'Õ' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        '-' | '\'' | '’' | '.' | ',' | '/' | '(' | ')' | '\t' | '\u{a0}' => ' ',
        c => lowercase(c),
    }
}

/// The lowercase of a capital letter of Latin-1, Latin Extended-A, modern Greek or basic Cyrillic (other
/// characters are returned as they are): what `char::to_lowercase` gives for these letters
/// (tested), without linking Unicode's case tables, which would make the widget's wasm about
/// 14 KB (gzipped) larger.
fn lowercase(c: char) -> char {
    let u = u32::from(c);
    let lower = match u {
        0xC0..=0xD6 | 0xD8..=0xDE | 0x391..=0x3A1 | 0x3A3..=0x3AB | 0x410..=0x42F => u + 0x20,
        0x100..=0x12F | 0x132..=0x137 | 0x14A..=0x177 if u % 2 == 0 => u + 1,
        0x139..=0x148 | 0x179..=0x17E if u % 2 == 1 => u + 1,
        0x130 => u32::from('i'),
        0x178 => u32::from('ÿ'),
        0x400..=0x40F => u + 0x50,
        0x386 => 0x3AC,
        0x388..=0x38A => u + 0x25,
        0x38C => 0x3CC,
        0x38E..=0x38F => u + 0x3F,
        _ => u,
    };
    char::from_u32(lower).unwrap_or(c)
}

/// The folded characters of `s`, with runs of separators collapsed to one space and no space
/// at either end. Allocation-free, so lookups can compare folded forms on the fly.
pub fn folded(s: &str) -> impl Iterator<Item = char> + Clone + '_ {
    let mut chars = s.chars().map(fold_char).peekable();
    let mut started = false;
    core::iter::from_fn(move || loop {
        let c = chars.next()?;
        if c == ' ' {
            while chars.peek() == Some(&' ') {
                chars.next();
            }
            if !started || chars.peek().is_none() {
                continue;
            }
        }
        started = true;
        return Some(c);
    })
}

/// `s` folded into a new string.
pub fn fold(s: &str) -> String {
    folded(s).collect()
}

/// Whether the folded `haystack` starts with the folded `prefix`.
pub fn starts_with_folded(haystack: &str, prefix: &str) -> bool {
    let mut h = folded(haystack);
    folded(prefix).all(|p| h.next() == Some(p))
}

/// Whether any word of the folded `haystack` starts with the folded `prefix` (the plain
/// definition the tests hold faster matchers to).
#[cfg(test)]
pub fn word_starts_with_folded(haystack: &str, prefix: &str) -> bool {
    let haystack = fold(haystack);
    let prefix = fold(prefix);
    haystack.starts_with(&prefix) || haystack.match_indices(' ').any(|(i, _)| haystack[i + 1..].starts_with(&prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_accents_and_separators() {
        assert_eq!(fold("  Sint-Lambrechts-Herk "), "sint lambrechts herk");
        assert_eq!(fold("LIÈGE"), "liege");
        assert_eq!(fold("'s-Hertogenbosch"), "s hertogenbosch");
        assert_eq!(fold("Jupille-Sur-Meuse"), fold("jupille sur  meuse"));
        assert!(starts_with_folded("Sint-Lambrechts-Herk", "sint lamb"));
        assert!(!starts_with_folded("Leuven", "leuvenx"));
        assert!(word_starts_with_folded("medewerker magazijn", "magaz"));
        assert!(!word_starts_with_folded("medewerker magazijn", "agaz"));
    }

    #[test]
    fn lowercase_agrees_with_unicode_in_the_blocks_it_covers() {
        for u in (0x80..0x180).chain(0x380..0x3CF).chain(0x400..0x460) {
            let Some(c) = char::from_u32(u) else { continue };
            assert_eq!(Some(lowercase(c)), c.to_lowercase().next(), "U+{u:04X} {c}");
        }
        assert_eq!(fold("ÆBLØ ŁÓDŹ ΑΘΗΝΑ МОСКВА"), "æblø łodź αθηνα москва");
    }

    /// ESCO occupation labels (what feeds carry) fold as with Unicode's full lowercase mapping.
    #[cfg(feature = "esco")]
    #[test]
    fn occupation_labels_fold_as_with_unicode_lowercase() {
        let same = |text: &str| assert_eq!(fold(text), fold(&text.to_lowercase()), "{text}");
        for o in crate::esco::EscoCatalogue::embedded().iter() {
            core::iter::once(&o.labels.label).chain(&o.labels.alt_labels).for_each(|l| same(l));
        }
    }
}
