//! The text the scanner reads: NFKC (fullwidth and mathematical digits, ligatures, compatibility
//! spaces), without invisible characters, with every script's decimal digits as ASCII digits.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// The code points of the digit zero of every script with decimal digits (Unicode general
/// category Nd, up to Unicode 17): each is followed by the digits one to nine. NFKC already maps
/// the fullwidth and mathematical digits; the others keep their script through it.
const DIGIT_ZEROS: &[u32] = &[
    0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xDE6, 0xE50, 0xED0, 0xF20, 0x1040, 0x1090,
    0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0,
    0xFF10, 0x104A0, 0x10D30, 0x10D40, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650, 0x116C0, 0x116D0, 0x116DA,
    0x11730, 0x118E0, 0x11950, 0x11BF0, 0x11C50, 0x11D50, 0x11DA0, 0x11DE0, 0x11F50, 0x16130, 0x16A60, 0x16AC0, 0x16B50, 0x16D70, 0x1CCF0,
    0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E4F0, 0x1E5F1, 0x1E950, 0x1FBF0,
];

/// The ASCII digit of a decimal digit of any script.
pub fn ascii_digit(c: char) -> Option<char> {
    let u = u32::from(c);
    DIGIT_ZEROS.iter().find(|&&zero| (zero..zero + 10).contains(&u)).and_then(|zero| char::from_digit(u - zero, 10))
}

/// Characters that show nothing (format characters, fillers, variation selectors, tags): they
/// can hide inside a number or a name without changing how it reads.
pub fn is_invisible(c: char) -> bool {
    matches!(
        u32::from(c),
        0xAD | 0x34F | 0x61C | 0x115F | 0x1160 | 0x17B4 | 0x17B5 | 0x180B..=0x180F | 0x200B..=0x200F | 0x202A..=0x202E
            | 0x2060..=0x206F | 0x3164 | 0xFE00..=0xFE0F | 0xFEFF | 0xFFA0 | 0xFFF0..=0xFFF8 | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A | 0xE0000..=0xE0FFF
    )
}

/// NFKC, no invisible characters, ASCII digits, straight apostrophes, plain spaces.
pub fn normalise(text: &str) -> String {
    let visible: String = text.chars().filter(|&c| !is_invisible(c)).collect();
    let composed: Box<dyn Iterator<Item = char>> =
        if is_nfkc_quick(visible.chars()) == IsNormalized::Yes { Box::new(visible.chars()) } else { Box::new(visible.nfkc()) };
    composed
        .filter(|&c| !is_invisible(c))
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' | '`' | '\u{B4}' | '\u{2BC}' => '\'',
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE63}' => '-',
            c if c.is_whitespace() && c != '\n' => ' ',
            c if c.is_numeric() => ascii_digit(c).unwrap_or(c),
            c => c,
        })
        .collect()
}

/// Lowercase without accents (`Zoë Öztürk` -> `zoe ozturk`); everything else as it is.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.nfkd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'ø' | 'Ø' => folded.push('o'),
            'ł' | 'Ł' => folded.push('l'),
            'đ' | 'Đ' | 'ð' | 'Ð' => folded.push('d'),
            'ß' => folded.push_str("ss"),
            'æ' | 'Æ' => folded.push_str("ae"),
            'œ' | 'Œ' => folded.push_str("oe"),
            'ı' => folded.push('i'),
            'þ' | 'Þ' => folded.push_str("th"),
            c => folded.extend(c.to_lowercase()),
        }
    }
    folded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_script_digit_is_ascii() {
        for &zero in DIGIT_ZEROS {
            for i in 0..10 {
                let c = char::from_u32(zero + i).unwrap();
                assert!(c.is_numeric(), "{:X} is not numeric", zero + i);
                assert_eq!(ascii_digit(c), char::from_digit(i, 10));
            }
        }
        assert_eq!(normalise("٠٤٧٠ ١٢ ٣٤ ٥٦"), "0470 12 34 56");
        assert_eq!(normalise("０４７０\u{200B}１２"), "047012");
        assert_eq!(normalise("०४७० 𝟏𝟐 ⁵⁶"), "0470 12 56");
        assert_eq!(normalise("jan\u{00A0}op\u{2009}gmail"), "jan op gmail");
        assert_eq!(fold("Zoë ÖZTÜRK"), "zoe ozturk");
    }
}
