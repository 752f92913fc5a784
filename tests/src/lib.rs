//! End-to-end harness for the Talentbrug widget: a site server with a request receiver
//! ([`site`]), headless Chromium through chromedriver and WebDriver ([`browser`]), helpers to
//! drive the widget inside its shadow root ([`widget`]), axe-core checks ([`axe`]), and test
//! feeds ([`feeds`]). The tests are in `tests/widget_*.rs`; they need `cargo xtask build` first.

pub mod axe;
pub mod bench;
pub mod browser;
mod error;
pub mod feeds;
mod paths;
pub mod ports;
pub mod site;
pub mod tiles_bench;
pub mod widget;

pub use error::{HarnessError, Result};
pub use paths::{out_dir, root};
