//! The stylesheet without comments and without the spaces and line breaks CSS does not need:
//! the widget's wasm carries it, so every byte ships. Used by `build.rs`; tested here.

/// `css` with comments dropped, whitespace runs made one space, no space next to `{`, `}`, `;`
/// or `,`, none after `:`, and no `;` before `}`. Quoted strings are kept as they are; a space
/// before `:` is kept (`a :hover` and `a:hover` differ), as are spaces inside `calc()`.
pub fn compact(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut pending_space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut prev = ' ';
                for c in chars.by_ref() {
                    if prev == '*' && c == '/' {
                        break;
                    }
                    prev = c;
                }
                pending_space = true;
            }
            '"' | '\'' => {
                flush_space(&mut out, &mut pending_space, c);
                out.push(c);
                let mut escaped = false;
                for s in chars.by_ref() {
                    out.push(s);
                    if s == c && !escaped {
                        break;
                    }
                    escaped = s == '\\' && !escaped;
                }
            }
            c if c.is_whitespace() => pending_space = true,
            '}' => {
                if out.ends_with(';') {
                    out.pop();
                }
                out.push(c);
                pending_space = false;
            }
            c => {
                flush_space(&mut out, &mut pending_space, c);
                out.push(c);
            }
        }
    }
    out
}

/// Writes a pending space before `next` unless one of the two sides makes it unneeded.
fn flush_space(out: &mut String, pending: &mut bool, next: char) {
    if std::mem::take(pending) && !matches!(next, '{' | '}' | ';' | ',') && !out.is_empty() && !out.ends_with(['{', '}', ';', ',', ':']) {
        out.push(' ');
    }
}

#[cfg(test)]
mod tests {
    use super::compact;

    #[test]
    fn drops_what_css_does_not_need_and_keeps_what_it_does() {
        let css = "/* theme */\n:host {\n  --a: #fff;\n  width: calc(100% + 2px);\n}\n.a :hover, .b > .c { content: \"\\00a0:  x\"; }\n@media (x: y) { .d { e: f; } }\n";
        assert_eq!(compact(css), ":host{--a:#fff;width:calc(100% + 2px)}.a :hover,.b > .c{content:\"\\00a0:  x\"}@media (x:y){.d{e:f}}");
    }

    #[test]
    fn the_widget_stylesheet_shrinks_and_keeps_its_rules() {
        let css = include_str!("styles.css");
        let small = compact(css);
        assert!(small.len() * 10 < css.len() * 9, "{} -> {}", css.len(), small.len());
        assert_eq!(small.matches('{').count(), css.matches('{').count());
        assert_eq!(small.matches('"').count(), css.matches('"').count());
    }
}
