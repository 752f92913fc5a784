//! The server's log: one line per event on stderr, with the time; never employer data.

/// Writes one line to the server's log (stderr), with the time.
pub fn log(message: &str) {
    eprintln!("{} {message}", talentbrug_private::now());
}
