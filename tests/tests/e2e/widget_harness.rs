//! The harness cleans up after itself: a browser dropped without `close` (as when a test
//! panics) leaves no Chromium process behind.

use std::time::Duration;

use talentbrug_e2e::browser::Browser;

/// Processes whose command line contains `needle`.
fn processes_with(needle: &str) -> usize {
    let Ok(dir) = std::fs::read_dir("/proc") else { return 0 };
    dir.filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().bytes().all(|b| b.is_ascii_digit()))
        .filter_map(|e| std::fs::read(e.path().join("cmdline")).ok())
        .filter(|cmd| String::from_utf8_lossy(cmd).contains(needle))
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_browser_leaves_no_chromium_behind() {
    let browser = Browser::start(1111, 777).await.expect("browser");
    browser.client.goto("about:blank").await.expect("goto");
    assert!(processes_with("--window-size=1111,777") > 0, "the browser runs");
    drop(browser);
    let mut left = usize::MAX;
    for _ in 0..50 {
        left = processes_with("--window-size=1111,777");
        if left == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(left, 0, "Chromium processes left behind");
}
