//! Text an employer typed, made safe to print in the coach's terminal: control characters
//! (which move the cursor, erase lines, set the window title, write the clipboard through OSC 52
//! or hide links through OSC 8) and bidirectional overrides (which make text read differently
//! from what it is) are shown as `\u{…}` escapes, never sent to the terminal.

use std::borrow::Cow;

use talentbrug_core::request::is_hidden_control as acts_on_terminal;

/// `s` with every control or bidirectional-override character escaped (newlines too: one
/// field stays on one line, so it cannot forge a row).
pub fn printable(s: &str) -> Cow<'_, str> {
    if !s.chars().any(acts_on_terminal) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if acts_on_terminal(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_would_act_on_the_terminal() {
        assert_eq!(printable("Bakkerij Peeters"), "Bakkerij Peeters");
        assert_eq!(printable("Café Ünal & Zonen"), "Café Ünal & Zonen");
        assert_eq!(printable("Acme\u{1b}[2K\rEvil"), "Acme\\u{1b}[2K\\u{d}Evil");
        assert_eq!(printable("\u{1b}]52;c;ZXZpbA==\u{7}"), "\\u{1b}]52;c;ZXZpbA==\\u{7}");
        assert_eq!(printable("\u{1b}]8;;https://evil.example\u{1b}\\x"), "\\u{1b}]8;;https://evil.example\\u{1b}\\x");
        assert_eq!(printable("a\nb"), "a\\u{a}b");
        assert_eq!(printable("invoice\u{202E}fdp.exe"), "invoice\\u{202e}fdp.exe");
        assert_eq!(printable("\u{9b}31m"), "\\u{9b}31m", "C1 control sequence introducer");
        assert_eq!(printable("x\u{2066}y\u{2069}"), "x\\u{2066}y\\u{2069}");
    }
}
