//! Named steps with clear headers and their timings, so a CI log says what ran, what failed
//! and where the time went.

use std::time::{Duration, Instant};

use crate::error::Result;

/// The steps run so far and how long each took.
#[derive(Debug, Default)]
pub struct Steps {
    done: Vec<(String, Duration, bool)>,
    only: Vec<String>,
}

impl Steps {
    /// Steps that run only when their name contains one of `only` (all when it is empty), for
    /// developers re-running one part (`cargo xtask test --only npm`).
    pub fn only(only: Vec<String>) -> Steps {
        Steps { done: Vec::new(), only }
    }

    /// Runs a step that every run needs (installing prerequisites), whatever `only` says.
    pub fn always(&mut self, name: &str, step: impl FnOnce() -> Result<()>) -> Result<()> {
        let only = std::mem::take(&mut self.only);
        let result = self.run(name, step);
        self.only = only;
        result
    }

    /// Runs one step between a header and a closing line; stops at the first failure.
    pub fn run(&mut self, name: &str, step: impl FnOnce() -> Result<()>) -> Result<()> {
        if !self.only.is_empty() && !self.only.iter().any(|o| name.contains(o.as_str())) {
            println!("\n======== (skipped) {name}");
            return Ok(());
        }
        let number = self.done.len() + 1;
        println!("\n======== [{number}] {name} ========");
        let start = Instant::now();
        let result = step();
        let took = start.elapsed();
        self.done.push((name.to_owned(), took, result.is_ok()));
        match &result {
            Ok(()) => println!("-------- [{number}] {name}: ok in {:.1} s", took.as_secs_f64()),
            Err(e) => println!("-------- [{number}] {name}: FAILED after {:.1} s: {e}", took.as_secs_f64()),
        }
        result
    }

    /// A table of every step with its time, for the end of the log.
    pub fn summary(&self) -> String {
        let total: Duration = self.done.iter().map(|d| d.1).sum();
        let width = self.done.iter().map(|d| d.0.len()).max().unwrap_or(0);
        let mut out = String::from("\nstep timings:\n");
        for (name, took, ok) in &self.done {
            out.push_str(&format!("  {name:<width$}  {:>7.1} s  {}\n", took.as_secs_f64(), if *ok { "ok" } else { "FAILED" }));
        }
        out.push_str(&format!("  {:<width$}  {:>7.1} s\n", "total", total.as_secs_f64()));
        let failed = self.done.iter().filter(|d| !d.2).count();
        out.push_str(&format!("steps: {} passed, {failed} failed\n", self.done.len() - failed));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    #[test]
    fn stops_reporting_at_the_failure() {
        let mut steps = Steps::default();
        assert!(steps.run("first", || Ok(())).is_ok());
        assert!(steps.run("second", || Err(Error::Check("broken".into()))).is_err());
        let summary = steps.summary();
        assert!(summary.contains("first") && summary.contains("ok"), "{summary}");
        assert!(summary.contains("second") && summary.contains("FAILED"), "{summary}");
        assert!(summary.contains("total"), "{summary}");
        assert!(summary.ends_with("steps: 1 passed, 1 failed\n"), "{summary}");
    }

    #[test]
    fn only_runs_the_named_steps_and_the_prerequisites() {
        let mut steps = Steps::only(vec!["npm".into()]);
        let mut ran = Vec::new();
        let mut record = |name: &'static str| {
            ran.push(name);
            Ok(())
        };
        steps.always("install what is missing", || record("install")).unwrap();
        steps.run("clippy", || record("clippy")).unwrap();
        steps.run("npm package in Node", || record("npm")).unwrap();
        assert_eq!(ran, ["install", "npm"]);
        assert!(!steps.summary().contains("clippy"));
    }
}
