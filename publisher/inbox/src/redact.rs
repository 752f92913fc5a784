//! URLs cut down to where they point: a webhook URL may carry a secret token in its path or
//! query (`https://crm.example/hooks/3f9a…?token=…`), and error texts stored in the outbox and
//! printed by `inbox show` must never repeat it.

/// `text` with every `scheme://…` URL cut to its scheme and host (with port): no user name or
/// password, no path, no query, no fragment. `connection refused (https://crm.example/h?token=x)`
/// becomes `connection refused (https://crm.example)`. Text that is already redacted stays as it is.
pub fn redact_urls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("://") {
        let (before, after) = rest.split_at(at);
        // A URL in parentheses ends at the closing one; elsewhere `)` may be part of it.
        let scheme = before.trim_end_matches(|c: char| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        let in_parens = scheme.ends_with('(');
        out.push_str(before);
        let after = &after[3..];
        let authority_end = after.find(|c: char| matches!(c, '/' | '?' | '#' | '\\') || ends_url(c) || c == ')').unwrap_or(after.len());
        let authority = &after[..authority_end];
        let host = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
        out.push_str("://");
        out.push_str(host);
        let tail = &after[authority_end..];
        // The path, query and fragment go, up to where the URL ends in the text.
        let tail = if tail.starts_with(['/', '?', '#', '\\']) {
            &tail[tail.find(|c: char| ends_url(c) || (in_parens && c == ')')).unwrap_or(tail.len())..]
        } else {
            tail
        };
        rest = tail;
    }
    out.push_str(rest);
    out
}

/// Where a URL written in running text ends.
fn ends_url(c: char) -> bool {
    c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '`')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_queries_and_passwords_are_cut() {
        for (text, redacted) in [
            ("connection refused (https://crm.example/hooks/x?token=SECRET)", "connection refused (https://crm.example)"),
            ("bad uri: http://127.0.0.1:9/h?token=SECRET is missing host", "bad uri: http://127.0.0.1:9 is missing host"),
            ("https://user:SECRET@crm.example:8443/h", "https://crm.example:8443"),
            ("https://crm.example?token=SECRET", "https://crm.example"),
            ("https://crm.example#SECRET", "https://crm.example"),
            ("\"http://[::1]:80/SECRET\" failed", "\"http://[::1]:80\" failed"),
            ("two: http://a.example/SECRET and https://b.example/SECRET.", "two: http://a.example and https://b.example"),
            ("HTTP 500 (https://crm.example)", "HTTP 500 (https://crm.example)"),
            ("no url here", "no url here"),
            ("see https://crm.example/a(SECRET)b now", "see https://crm.example now"),
        ] {
            assert_eq!(redact_urls(text), redacted, "{text}");
            assert_eq!(redact_urls(redacted), redacted, "idempotent: {redacted}");
        }
    }
}
