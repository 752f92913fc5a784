//! Accessibility checks with axe-core (from npm, `tests/node_modules/axe-core`), injected into
//! the page under test. axe descends into open shadow roots, so the widget is checked too.

use fantoccini::Client;

use crate::{root, HarnessError, Result};

/// One axe violation, shortened to what a failing test should print.
#[derive(Debug, Clone)]
pub struct Violation {
    /// The rule (`color-contrast`, `label`, ...).
    pub id: String,
    /// Its impact.
    pub impact: String,
    /// What the rule wants.
    pub help: String,
    /// Selectors of the offending nodes.
    pub targets: Vec<String>,
}

/// Runs axe (WCAG 2.0, 2.1 and 2.2, levels A and AA, plus best practices) on the page and
/// returns every violation.
pub async fn check(client: &Client) -> Result<Vec<Violation>> {
    let path = root().join("tests/node_modules/axe-core/axe.min.js");
    let source =
        std::fs::read_to_string(&path).map_err(|e| HarnessError::Setup(format!("{} ({e}): run `npm ci` in tests/", path.display())))?;
    client.execute(&source, vec![]).await?;
    let result = client
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
               axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] } })
                  .then(r => done(JSON.stringify(r.violations)), e => done(JSON.stringify([{ id: "axe-error", impact: "critical", help: String(e), nodes: [] }])));"#,
            vec![],
        )
        .await?;
    let text = result.as_str().unwrap_or("[]");
    let items: Vec<serde_json::Value> = serde_json::from_str(text).unwrap_or_default();
    Ok(items
        .into_iter()
        .map(|v| Violation {
            id: v["id"].as_str().unwrap_or("?").to_owned(),
            impact: v["impact"].as_str().unwrap_or("?").to_owned(),
            help: v["help"].as_str().unwrap_or("?").to_owned(),
            targets: v["nodes"].as_array().map(|nodes| nodes.iter().map(|n| n["target"].to_string()).collect()).unwrap_or_default(),
        })
        .collect())
}
