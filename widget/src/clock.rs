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

/// Gives the page's main thread back until the next task, so the browser can paint and handle
/// input between two pieces of the widget's own work (feed check, parse steps, index, first
/// render): each piece is a short task instead of one long one. `scheduler.yield()` where the
/// browser has it (the page's other tasks wait less, and it is not clamped to 4 ms when
/// repeated as `setTimeout` is), else `setTimeout(0)`.
pub async fn next_task() {
    use wasm_bindgen::{JsCast, JsValue};
    let Some(window) = web_sys::window() else { return };
    let scheduler = js_sys::Reflect::get(&window, &JsValue::from_str("scheduler")).unwrap_or_default();
    let yield_now = js_sys::Reflect::get(&scheduler, &JsValue::from_str("yield")).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let promise = match yield_now.and_then(|f| f.call0(&scheduler).ok()).and_then(|p| p.dyn_into::<js_sys::Promise>().ok()) {
        Some(promise) => promise,
        None => js_sys::Promise::new(&mut |resolve, _reject| {
            let _ = window.set_timeout_with_callback(&resolve);
        }),
    };
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
