//! The page's clocks: wall time for feed expiry and "available now", the monotonic clock for
//! how long the request form was open. The core has no clock, so the widget reads them here.

use talentbrug_core::calendar::{Timestamp, YearMonth};

/// Now, from the browser's wall clock.
pub fn now() -> Timestamp {
    Timestamp::from_unix_millis(js_sys::Date::now())
}

/// The current month, for "available now".
pub fn today() -> YearMonth {
    now().month()
}

/// Milliseconds on the page's monotonic clock (`performance.now()`).
pub fn monotonic_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or_else(js_sys::Date::now)
}

/// Leaves a `performance.mark` so pages and benchmarks can time the widget.
pub fn mark(name: &str) {
    if let Some(perf) = web_sys::window().and_then(|w| w.performance()) {
        let _ = perf.mark(name);
    }
}
