//! Ports for the end-to-end tests: 8200-8299 on 127.0.0.1, handed out so parallel tests and
//! test binaries do not collide.

use std::net::TcpListener;
use std::sync::atomic::{AtomicU16, Ordering};

/// First port of the range.
pub const FIRST: u16 = 8200;
/// Last port of the range.
pub const LAST: u16 = 8299;

static NEXT: AtomicU16 = AtomicU16::new(0);

/// A free port in the range, bound and returned as a listener so nobody else takes it.
pub fn listener() -> std::io::Result<TcpListener> {
    let span = LAST - FIRST + 1;
    // Start each process at a different place so test binaries running back to back (and any
    // leftover listener) are skipped quickly.
    let start = (std::process::id() as u16).wrapping_mul(7) % span;
    for _ in 0..span {
        let offset = (start + NEXT.fetch_add(1, Ordering::Relaxed)) % span;
        if let Ok(l) = TcpListener::bind(("127.0.0.1", FIRST + offset)) {
            return Ok(l);
        }
    }
    Err(std::io::Error::new(std::io::ErrorKind::AddrInUse, "no free port in 8200-8299"))
}

/// A port that was free a moment ago (for child processes that bind it themselves).
pub fn free_port() -> std::io::Result<u16> {
    let l = listener()?;
    l.local_addr().map(|a| a.port())
}
