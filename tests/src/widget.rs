//! Driving one `<talent-brug>` on a page: elements inside its shadow root, waits on its state,
//! and reading what it shows.

use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, Locator};

use talentbrug_core::request::MIN_FORM_MS;

use crate::{HarnessError, Result};

/// When a request form was seen open, on the page's own clock (`performance.now()`, the clock
/// the widget measures `form_ms` with).
#[derive(Clone, Copy, Debug)]
pub struct FormOpened(f64);

/// A widget on the current page, found by a CSS selector for its host element.
pub struct Widget<'a> {
    /// The browser session.
    pub client: &'a Client,
    /// CSS selector of the host (`talent-brug`, `#talent`).
    pub host: String,
}

impl<'a> Widget<'a> {
    /// The widget whose host matches `host`.
    pub fn new(client: &'a Client, host: &str) -> Widget<'a> {
        Widget { client, host: host.to_owned() }
    }

    /// Evaluates a JS expression with `root` bound to the widget's shadow root.
    pub async fn js(&self, expression: &str) -> Result<serde_json::Value> {
        let script = format!(
            "const host = document.querySelector({host}); const root = host && host.shadowRoot; return ({expression});",
            host = serde_json::Value::from(self.host.clone())
        );
        Ok(self.client.execute(&script, vec![]).await?)
    }

    /// Waits until a JS expression (with `root` bound) is truthy.
    pub async fn wait_until(&self, expression: &str, what: &str, timeout: Duration) -> Result<()> {
        let deadline = Instant::now() + timeout;
        loop {
            let v = self.js(&format!("(() => {{ try {{ return !!({expression}); }} catch (e) {{ return false; }} }})()")).await?;
            if v.as_bool() == Some(true) {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(HarnessError::Timeout(what.to_owned()));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// An element inside the shadow root.
    pub async fn find(&self, css: &str) -> Result<Element> {
        let host = self.client.find(Locator::Css(&self.host)).await?;
        let root = host.shadow_root().await?;
        Ok(root.find(Locator::Css(css)).await?)
    }

    /// Waits for the widget to have loaded its feed (the search line is there).
    pub async fn wait_ready(&self) -> Result<()> {
        self.wait_until("root && root.querySelector('#tb-pc')", "the widget to load its feed", Duration::from_secs(20)).await
    }

    /// Types into the postcode box as a person would: focus it, select what is there, type.
    pub async fn type_postcode(&self, text: &str) -> Result<()> {
        self.js("root.querySelector('#tb-pc').focus()").await?;
        self.keys(&[Key::Control.into(), 'a']).await?;
        self.press(&[Key::Backspace.into()]).await?;
        self.type_text(text).await
    }

    /// Presses keys together (a chord such as Ctrl+A), on whatever has focus.
    pub async fn keys(&self, chord: &[char]) -> Result<()> {
        let mut actions = KeyActions::new("keyboard".into());
        for &k in chord {
            actions = actions.then(KeyAction::Down { value: k });
        }
        for &k in chord.iter().rev() {
            actions = actions.then(KeyAction::Up { value: k });
        }
        self.client.perform_actions(actions).await?;
        Ok(())
    }

    /// Presses keys one after another on whatever has focus (no WebDriver re-focusing, which
    /// would blur elements inside a shadow root).
    pub async fn press(&self, keys: &[char]) -> Result<()> {
        let mut actions = KeyActions::new("keyboard".into());
        for &k in keys {
            actions = actions.then(KeyAction::Down { value: k }).then(KeyAction::Up { value: k });
        }
        self.client.perform_actions(actions).await?;
        Ok(())
    }

    /// Types text on whatever has focus.
    pub async fn type_text(&self, text: &str) -> Result<()> {
        self.press(&text.chars().collect::<Vec<_>>()).await
    }

    /// Presses Tab until the focused element inside the widget matches `css`, at most `max` times.
    pub async fn tab_to(&self, css: &str, max: usize) -> Result<()> {
        let test = format!("root.activeElement && root.activeElement.matches({})", serde_json::Value::from(css));
        for _ in 0..max {
            if self.js(&test).await?.as_bool() == Some(true) {
                return Ok(());
            }
            self.press(&[Key::Tab.into()]).await?;
        }
        Err(HarnessError::Timeout(format!("Tab to reach {css}")))
    }

    /// Focuses the form field with this id and types into it (after selecting what is there).
    pub async fn fill(&self, id: &str, text: &str) -> Result<()> {
        self.js(&format!("root.getElementById({}).focus()", serde_json::Value::from(id))).await?;
        self.keys(&[Key::Control.into(), 'a']).await?;
        self.press(&[Key::Backspace.into()]).await?;
        self.type_text(text).await
    }

    /// The number of matches the widget reports (`data-total`), if it shows results.
    pub async fn total(&self) -> Result<Option<usize>> {
        let v = self.js("root.querySelector('.tb-results') && root.querySelector('.tb-results').dataset.total").await?;
        Ok(v.as_str().and_then(|s| s.parse().ok()))
    }

    /// Waits until the widget shows `total` matches (or any, with `None`), and returns it.
    pub async fn wait_total(&self, total: Option<usize>) -> Result<usize> {
        let cond = match total {
            Some(n) => format!("root.querySelector('.tb-results') && root.querySelector('.tb-results').dataset.total === '{n}'"),
            None => "root.querySelector('.tb-results')".to_owned(),
        };
        self.wait_until(&cond, &format!("{total:?} results"), Duration::from_secs(10)).await?;
        self.total().await?.ok_or_else(|| HarnessError::Timeout("a result count".into()))
    }

    /// The profile ids of the shown cards, in order.
    pub async fn shown_ids(&self) -> Result<Vec<String>> {
        let v = self.js("Array.from(root.querySelectorAll('article.tb-card')).map(a => a.dataset.profileId)").await?;
        Ok(v.as_array().map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_owned)).collect()).unwrap_or_default())
    }

    /// The pitch each shown card quotes (empty for none), in order, once the first results
    /// show whole (the widget marks `talentbrug:first-results` when their pitches are in).
    pub async fn shown_pitches(&self) -> Result<Vec<String>> {
        self.wait_until(
            "performance.getEntriesByName('talentbrug:first-results').length > 0",
            "the cards' pitches",
            Duration::from_secs(20),
        )
        .await?;
        let v = self.js("Array.from(root.querySelectorAll('article.tb-card')).map(a => { const q = a.querySelector('.tb-pitch'); return q ? q.textContent : ''; })").await?;
        Ok(v.as_array().map(|a| a.iter().map(|s| s.as_str().unwrap_or_default().to_owned()).collect()).unwrap_or_default())
    }

    /// The text of the live status line.
    pub async fn status(&self) -> Result<String> {
        Ok(self.js("root.querySelector('.tb-status').textContent").await?.as_str().unwrap_or_default().to_owned())
    }

    /// Notes the page's clock once the request form is shown: the widget started timing the
    /// form when it rendered it, so no later than this.
    pub async fn form_opened(&self) -> Result<FormOpened> {
        Ok(FormOpened(self.page_clock_ms().await?))
    }

    /// Waits until the form seen open at `opened` has been open for the core's minimum
    /// ([`MIN_FORM_MS`]) by the page's clock, so what the widget sends next is a person's
    /// `form_ms`, not a robot's. (The minimum is read from the core, never copied here.)
    pub async fn wait_min_form_time(&self, opened: FormOpened) -> Result<()> {
        loop {
            let left = opened.0 + MIN_FORM_MS as f64 - self.page_clock_ms().await?;
            if left <= 0.0 {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_secs_f64(left / 1000.0)).await;
        }
    }

    /// `performance.now()` in the current page, in milliseconds.
    async fn page_clock_ms(&self) -> Result<f64> {
        let now = self.client.execute("return performance.now()", vec![]).await?;
        now.as_f64().ok_or_else(|| HarnessError::Setup(format!("performance.now() gave {now}")))
    }

    /// The `id` (or tag) of the element focused inside the shadow root.
    pub async fn focused(&self) -> Result<String> {
        let v = self
            .js("(() => { const a = root.activeElement; return a ? (a.id || a.dataset.open || a.className || a.tagName) : ''; })()")
            .await?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }
}
