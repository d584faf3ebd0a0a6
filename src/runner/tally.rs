//! What each scenario came to, for the closing line, the lists printed before it and
//! `summary.json`.
//!
//! Five statuses, three counts: an expected failure (a known defect of the server that failed
//! as expected) counts as passed; a known defect that passed ("fixed") counts as failed, since
//! its entry must be removed. A passed scenario with warnings (SHOULD-level misses) stays
//! passed and is counted among the passed on [`Counts::breakdown_line`] (under `--strict` the
//! outcome writer makes it failed instead).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Passed,
    Failed,
    Skipped,
    /// A listed known defect that failed: counts as passed.
    ExpectedFailure,
    /// A listed known defect that passed: counts as failed (remove it from the list).
    Fixed,
}

/// One scenario (its latest attempt), in the shape `summary.json` gives it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScenarioRecord {
    pub feature: String,
    /// Relative to the folder holding `features/` (`features/protocol/tools.feature`).
    pub file: String,
    pub line: usize,
    pub name: String,
    pub tags: Vec<String>,
    pub status: Status,
    /// The skip reason, the known-defect reason or the failure message (secrets redacted).
    pub reason: Option<String>,
    pub warnings: Vec<String>,
    pub duration_ms: u64,
    /// The failures of earlier attempts (under `--retry`): a scenario that passed after one is
    /// flaky, and listed as such.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failed_attempts: Vec<String>,
    /// The known-defect reason when the server is listed as failing this scenario.
    #[serde(skip, default)]
    pub known_defect: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
pub struct Counts {
    pub passed: usize,
    pub failed: usize,
    pub skipped: usize,
    /// Of `passed`.
    pub expected_failures: usize,
    /// Of `passed`: scenarios that passed with warnings.
    pub warnings: usize,
}

impl Counts {
    /// The last line of every run; CI and the suite-run steps parse it.
    pub fn closing_line(&self) -> String {
        format!(
            "acceptance: {} passed, {} failed, {} skipped",
            self.passed, self.failed, self.skipped
        )
    }

    /// The line just before the closing line: what the passed include.
    pub fn breakdown_line(&self) -> String {
        format!(
            "acceptance: of the {} passed, {} expected to fail (known defects), {} with warnings",
            self.passed, self.expected_failures, self.warnings
        )
    }
}

#[derive(Default)]
struct Inner {
    /// By (feature, scenario) identity: the latest attempt.
    scenarios: HashMap<(usize, usize), ScenarioRecord>,
    /// Identities in the order scenarios first started.
    order: Vec<(usize, usize)>,
    /// Features that failed to parse, hooks that failed outside steps.
    other_failures: usize,
}

/// Shared between the outcome writer and the runner, which reads it after the run.
#[derive(Clone, Default)]
pub struct Tally(Arc<Mutex<Inner>>);

impl Tally {
    pub fn counts(&self) -> Counts {
        let inner = self.0.lock().unwrap();
        let mut counts = Counts {
            failed: inner.other_failures,
            ..Counts::default()
        };
        for record in inner.scenarios.values() {
            match record.status {
                Status::Passed => counts.passed += 1,
                Status::ExpectedFailure => {
                    counts.passed += 1;
                    counts.expected_failures += 1;
                }
                Status::Failed | Status::Fixed => counts.failed += 1,
                Status::Skipped => counts.skipped += 1,
            }
            if !record.warnings.is_empty() && record.status == Status::Passed {
                counts.warnings += 1;
            }
        }
        counts
    }

    /// Every scenario, in the order they started.
    pub fn records(&self) -> Vec<ScenarioRecord> {
        let inner = self.0.lock().unwrap();
        inner
            .order
            .iter()
            .filter_map(|key| inner.scenarios.get(key).cloned())
            .collect()
    }

    /// The skipped scenarios, the expected failures and the fixed known defects, each with its
    /// reason (printed before the closing line).
    pub fn print_reasons(&self) {
        let records = self.records();
        let list = |title: &str, status: Status| {
            let listed: Vec<&ScenarioRecord> =
                records.iter().filter(|r| r.status == status).collect();
            if listed.is_empty() {
                return;
            }
            println!("\n{title}:");
            for record in listed {
                // The first line: a failure's whole diagnosis is in the scenario's output above.
                let reason = record.reason.as_deref().unwrap_or("");
                println!(
                    "  {}:{} {}: {}",
                    record.file,
                    record.line,
                    record.name,
                    reason.lines().next().unwrap_or_default()
                );
            }
        };
        list("Skipped scenarios", Status::Skipped);
        list(
            "Expected failures (known defects of the server; they count as passed)",
            Status::ExpectedFailure,
        );
        list(
            "Fixed known defects (they passed: remove them from the list; they count as failed)",
            Status::Fixed,
        );
        let warned: Vec<&ScenarioRecord> = records
            .iter()
            .filter(|r| r.status == Status::Passed && !r.warnings.is_empty())
            .collect();
        if !warned.is_empty() {
            println!("\nScenarios with warnings (SHOULD-level misses; they count as passed):");
            for record in warned {
                println!("  {}:{} {}:", record.file, record.line, record.name);
                // The first line each: the scenario's output above shows the evidence.
                for warning in &record.warnings {
                    println!("    {}", warning.lines().next().unwrap_or_default());
                }
            }
        }
        let flaky: Vec<&ScenarioRecord> = records
            .iter()
            .filter(|r| r.status != Status::Failed && !r.failed_attempts.is_empty())
            .collect();
        if !flaky.is_empty() {
            println!("\nFlaky scenarios (failed, then passed on retry; they count as passed):");
            for record in flaky {
                let first = record.failed_attempts[0].lines().next().unwrap_or_default();
                println!(
                    "  {}:{} {}: first failed with: {first}",
                    record.file, record.line, record.name
                );
            }
        }
        // Last, so that the tail of a CI log names what failed.
        list("Failed scenarios", Status::Failed);
    }

    pub(super) fn add_other_failure(&self) {
        self.0.lock().unwrap().other_failures += 1;
    }

    /// A scenario (attempt) starts: a fresh record.
    pub(super) fn start(&self, key: (usize, usize), record: ScenarioRecord) {
        let mut inner = self.0.lock().unwrap();
        let mut record = record;
        match inner.scenarios.get(&key) {
            None => inner.order.push(key),
            // A retry: keep what the earlier attempts failed with.
            Some(earlier) => {
                record.failed_attempts = earlier.failed_attempts.clone();
                if earlier.status == Status::Failed {
                    let reason = earlier.reason.clone().unwrap_or_default();
                    record.failed_attempts.push(reason);
                }
            }
        }
        inner.scenarios.insert(key, record);
    }

    /// Changes the record of a started scenario.
    pub(super) fn update<T>(
        &self,
        key: (usize, usize),
        change: impl FnOnce(&mut ScenarioRecord) -> T,
    ) -> Option<T> {
        self.0.lock().unwrap().scenarios.get_mut(&key).map(change)
    }
}

/// Bearer tokens and `_meta.auth` secrets out of a message that goes into a report.
pub fn redact_secrets(text: &str) -> String {
    static BEARER: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let bearer = BEARER.get_or_init(|| {
        regex::Regex::new(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}").unwrap()
    });
    bearer.replace_all(text, "$1 <redacted>").into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expected_failures_count_as_passed_and_fixed_as_failed() {
        let tally = Tally::default();
        let record = |status| ScenarioRecord {
            feature: "F".into(),
            file: "features/f.feature".into(),
            line: 1,
            name: "s".into(),
            tags: vec![],
            status,
            reason: None,
            warnings: vec![],
            duration_ms: 0,
            failed_attempts: vec![],
            known_defect: None,
        };
        for (i, status) in [
            Status::Passed,
            Status::ExpectedFailure,
            Status::Fixed,
            Status::Skipped,
            Status::Failed,
        ]
        .into_iter()
        .enumerate()
        {
            tally.start((i, i), record(status));
        }
        let counts = tally.counts();
        assert_eq!(
            counts.closing_line(),
            "acceptance: 2 passed, 2 failed, 1 skipped"
        );
        assert_eq!(
            counts.breakdown_line(),
            "acceptance: of the 2 passed, 1 expected to fail (known defects), 0 with warnings"
        );
    }

    #[test]
    fn a_retry_keeps_the_earlier_failure() {
        let tally = Tally::default();
        let attempt = |status, reason: Option<&str>| ScenarioRecord {
            feature: "F".into(),
            file: "features/f.feature".into(),
            line: 1,
            name: "s".into(),
            tags: vec![],
            status,
            reason: reason.map(str::to_owned),
            warnings: vec![],
            duration_ms: 0,
            failed_attempts: vec![],
            known_defect: None,
        };
        tally.start((0, 0), attempt(Status::Failed, Some("timed out")));
        tally.start((0, 0), attempt(Status::Passed, None));
        let records = tally.records();
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].failed_attempts, ["timed out"]);
        assert_eq!(
            tally.counts().closing_line(),
            "acceptance: 1 passed, 0 failed, 0 skipped"
        );
    }

    #[test]
    fn tokens_are_redacted() {
        assert_eq!(
            redact_secrets("sent Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.abc.def"),
            "sent Authorization: Bearer <redacted>"
        );
    }
}
