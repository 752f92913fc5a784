//! Headless Chromium for wasm-bindgen-test: where the browser and its driver are, and the
//! environment that makes `cargo test --target wasm32-unknown-unknown` run in it.
//!
//! wasm-bindgen-test-runner reads browser capabilities from the `webdriver.json` named by
//! `WASM_BINDGEN_TEST_WEBDRIVER_JSON` (default: `webdriver.json` in the working directory); we
//! write one into the target directory with the Chromium binary and the flags that keep it
//! from stalling on a machine without network.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::toolchain::WASM_TARGET;

/// Flags for Chromium on a closed network (the runner adds `headless`, `no-sandbox` and
/// `disable-dev-shm-usage` itself; repeating them is harmless).
pub const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
];

/// An installed Chromium and its WebDriver.
#[derive(Clone, Debug)]
pub struct Browser {
    /// The browser binary.
    pub chromium: PathBuf,
    /// The matching chromedriver.
    pub chromedriver: PathBuf,
}

fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let dirs: Vec<PathBuf> = std::env::split_paths(&path).chain([PathBuf::from("/usr/bin")]).collect();
    names.iter().flat_map(|name| dirs.iter().map(move |dir| dir.join(name))).find(|p| p.is_file())
}

impl Browser {
    /// Chromium and chromedriver from PATH (or /usr/bin), if both are there.
    pub fn find() -> Option<Browser> {
        Some(Browser {
            chromium: find_program(&["chromium", "chromium-browser", "google-chrome"])?,
            chromedriver: find_program(&["chromedriver"])?,
        })
    }

    /// The capabilities file for wasm-bindgen-test-runner.
    pub fn webdriver_json(&self) -> serde_json::Value {
        serde_json::json!({
            "goog:chromeOptions": {
                "binary": self.chromium,
                "args": CHROMIUM_FLAGS,
            }
        })
    }

    /// Writes `webdriver.json` into `dir` and returns the environment for `cargo test --target
    /// wasm32-unknown-unknown`: the runner as cargo's runner for that target only (a native
    /// `cargo test` is unaffected), the driver, and the capabilities file.
    pub fn wasm_test_env(&self, dir: &Path) -> Result<Vec<(String, String)>> {
        std::fs::create_dir_all(dir).map_err(Error::file(dir))?;
        let file = dir.join("webdriver.json");
        let text = serde_json::to_string_pretty(&self.webdriver_json()).map_err(|e| Error::Check(e.to_string()))?;
        std::fs::write(&file, text).map_err(Error::file(&file))?;
        let runner_var = format!("CARGO_TARGET_{}_RUNNER", WASM_TARGET.to_uppercase().replace('-', "_"));
        Ok(vec![
            (runner_var, "wasm-bindgen-test-runner".into()),
            ("CHROMEDRIVER".into(), self.chromedriver.display().to_string()),
            ("WASM_BINDGEN_TEST_WEBDRIVER_JSON".into(), file.display().to_string()),
            // Generous: the first page load in a cold Chromium on 2 busy cores can be slow.
            ("WASM_BINDGEN_TEST_TIMEOUT".into(), "120".into()),
            ("WASM_BINDGEN_TEST_DRIVER_TIMEOUT".into(), "30".into()),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capabilities_name_the_binary_and_flags() {
        let browser = Browser { chromium: "/usr/bin/chromium".into(), chromedriver: "/usr/bin/chromedriver".into() };
        let caps = browser.webdriver_json();
        assert_eq!(caps["goog:chromeOptions"]["binary"], "/usr/bin/chromium");
        let args = caps["goog:chromeOptions"]["args"].as_array().unwrap();
        assert!(args.iter().any(|a| a == "--disable-background-networking"));

        let dir = crate::workspace::target_dir().join("xtask-unit-test");
        let env = browser.wasm_test_env(&dir).unwrap();
        assert!(env.contains(&("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER".into(), "wasm-bindgen-test-runner".into())));
        let written: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.join("webdriver.json")).unwrap()).unwrap();
        assert_eq!(written, caps);
    }
}
