//! The two files a run leaves for the HTML report: the runner's `summary.json` (outcomes as the
//! closing line counts them, reasons, warnings, latency) and cucumber's JSON (steps, errors,
//! logs), read into plain structs.

use std::path::Path;

use anyhow::Context;
use base64::Engine as _;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
pub struct Summary {
    pub closing_line: String,
    pub counts: SummaryCounts,
    #[serde(default)]
    pub scenarios: Vec<SummaryScenario>,
    #[serde(default)]
    pub latency: Vec<LatencyRow>,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Default)]
pub struct SummaryCounts {
    pub passed: usize,
    pub failed: usize,
    pub skipped: usize,
    #[serde(default)]
    pub expected_failures: usize,
    #[serde(default)]
    pub warnings: usize,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SummaryScenario {
    #[serde(default)]
    pub feature: String,
    pub file: String,
    pub line: usize,
    pub name: String,
    #[serde(default)]
    pub tags: Vec<String>,
    /// `passed`, `failed`, `skipped`, `expected-failure` or `fixed`.
    pub status: String,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub warnings: Vec<String>,
    #[serde(default)]
    pub duration_ms: Option<f64>,
}

impl SummaryScenario {
    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t.trim_start_matches('@') == tag)
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct LatencyRow {
    pub label: String,
    pub samples: usize,
    pub median_ms: f64,
    pub p95_ms: f64,
    pub max_ms: f64,
}

/// One feature of cucumber's JSON output (the `output-json` writer of cucumber 0.23).
#[derive(Debug, Clone, Deserialize)]
pub struct CucumberFeature {
    #[serde(default)]
    pub uri: Option<String>,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub elements: Vec<CucumberElement>,
}

/// A background or a scenario run (an outline row is one element, at the row's line).
#[derive(Debug, Clone, Deserialize)]
pub struct CucumberElement {
    #[serde(rename = "type", default)]
    pub kind: String,
    #[serde(default)]
    pub keyword: String,
    pub line: usize,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub steps: Vec<CucumberStep>,
    #[serde(default)]
    pub before: Vec<CucumberHook>,
    #[serde(default)]
    pub after: Vec<CucumberHook>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CucumberStep {
    #[serde(default)]
    pub keyword: String,
    pub line: usize,
    pub name: String,
    pub result: CucumberResult,
    #[serde(default)]
    pub embeddings: Vec<CucumberEmbedding>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CucumberHook {
    pub result: CucumberResult,
    #[serde(default)]
    pub embeddings: Vec<CucumberEmbedding>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CucumberResult {
    /// passed, failed, skipped, undefined, ambiguous, pending
    pub status: String,
    /// nanoseconds
    #[serde(default)]
    pub duration: u64,
    #[serde(default)]
    pub error_message: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CucumberEmbedding {
    pub data: String,
    #[serde(default)]
    pub mime_type: String,
}

impl CucumberEmbedding {
    /// The embedded text (cucumber base64-encodes scenario logs), if it is text.
    pub fn text(&self) -> Option<String> {
        let text_like = self.mime_type.starts_with("text/") || self.mime_type.is_empty();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(&self.data)
            .ok()?;
        text_like.then(|| String::from_utf8_lossy(&bytes).into_owned())
    }
}

pub fn read_summary(path: &Path) -> anyhow::Result<Summary> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading the run summary {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))
}

pub fn read_cucumber(path: &Path) -> anyhow::Result<Vec<CucumberFeature>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading cucumber's JSON {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))
}

/// `acceptance: 3 passed, 1 failed, 0 skipped` → (3, 1, 0).
pub fn parse_closing_line(line: &str) -> Option<(usize, usize, usize)> {
    let counts = line.trim().strip_prefix("acceptance: ")?;
    let parts: Vec<&str> = counts.split(", ").collect();
    if parts.len() != 3 {
        return None;
    }
    let mut numbers = [0; 3];
    for (i, (part, word)) in parts
        .iter()
        .zip(["passed", "failed", "skipped"])
        .enumerate()
    {
        let (n, w) = part.split_once(' ')?;
        if w != word {
            return None;
        }
        numbers[i] = n.parse().ok()?;
    }
    Some((numbers[0], numbers[1], numbers[2]))
}

/// Whether two feature paths name the same file (one may be absolute or differently rooted).
pub fn same_file(a: &str, b: &str) -> bool {
    a == b || a.ends_with(&format!("/{b}")) || b.ends_with(&format!("/{a}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_closing_line_gives_its_three_counts() {
        assert_eq!(
            parse_closing_line("acceptance: 3 passed, 1 failed, 0 skipped"),
            Some((3, 1, 0))
        );
        assert_eq!(parse_closing_line("acceptance: 3 passed, 1 failed"), None);
        assert_eq!(parse_closing_line("3 passed, 1 failed, 0 skipped"), None);
        assert_eq!(
            parse_closing_line("acceptance: 3 failed, 1 passed, 0 skipped"),
            None
        );
    }

    #[test]
    fn paths_match_whatever_their_root() {
        assert!(same_file(
            "features/a.feature",
            "/work/x/features/a.feature"
        ));
        assert!(!same_file("features/a.feature", "features/ba.feature"));
    }

    #[test]
    fn logs_are_decoded_from_base64() {
        let e = CucumberEmbedding {
            data: "aGk8Yj4=".into(),
            mime_type: "text/x.cucumber.log+plain".into(),
        };
        assert_eq!(e.text().as_deref(), Some("hi<b>"));
    }
}
