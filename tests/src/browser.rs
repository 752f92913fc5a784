//! Headless Chromium driven through chromedriver (WebDriver): one chromedriver per browser,
//! on a port in 8200-8299, in a process group of its own so that dropping the [`Browser`] (also
//! when a test panics) stops chromedriver and every Chromium process it started.

use std::os::unix::process::CommandExt as _;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;

use crate::{ports, HarnessError, Result};

/// The Chromium flags that keep it quiet and headless on a closed network.
pub const CHROMIUM_ARGS: [&str; 11] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    "--disable-breakpad",
    "--disable-crash-reporter",
];

fn chromium() -> String {
    std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into())
}

fn chromedriver() -> String {
    std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into())
}

/// A browser session and the chromedriver behind it.
pub struct Browser {
    /// The WebDriver client.
    pub client: Client,
    driver: Child,
}

impl Browser {
    /// Starts chromedriver and a headless Chromium with a window of `width` x `height`.
    pub async fn start(width: u32, height: u32) -> Result<Browser> {
        let port = ports::free_port()?;
        let mut driver = Command::new(chromedriver())
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .map_err(|e| HarnessError::Setup(format!("cannot start {} ({e}); install chromium-driver", chromedriver())))?;
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                stop_group(&mut driver);
                return Err(HarnessError::Timeout("chromedriver to listen".into()));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--window-size={width},{height}"));
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), "chrome".into());
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({ "binary": chromium(), "args": args, "excludeSwitches": ["enable-automation"] }),
        );
        caps.insert("goog:loggingPrefs".into(), serde_json::json!({ "browser": "ALL" }));
        let client = match ClientBuilder::new(HttpConnector::new()).capabilities(caps).connect(&url).await {
            Ok(c) => c,
            Err(e) => {
                stop_group(&mut driver);
                return Err(e.into());
            }
        };
        Ok(Browser { client, driver })
    }

    /// Ends the session (Chromium quits) and stops chromedriver.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        stop_group(&mut self.driver);
    }

    /// Saves a PNG of the viewport under `target/e2e/`.
    pub async fn screenshot(&self, name: &str) -> Result<std::path::PathBuf> {
        let png = self.client.screenshot().await?;
        let path = crate::out_dir().join(name);
        std::fs::write(&path, png)?;
        Ok(path)
    }
}

/// Kills chromedriver's process group (chromedriver and the Chromium it started), then reaps it.
fn stop_group(driver: &mut Child) {
    if let Ok(Some(_)) = driver.try_wait() {
        return;
    }
    let group = format!("-{}", driver.id());
    let _ = Command::new("kill").args(["-KILL", "--", &group]).stderr(Stdio::null()).status();
    let _ = driver.kill();
    let _ = driver.wait();
}

impl Drop for Browser {
    fn drop(&mut self) {
        stop_group(&mut self.driver);
    }
}
