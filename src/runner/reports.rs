//! Where a run writes its reports, and the run's summary file.
//!
//! The JUnit file is `MCP_ACCEPTANCE_JUNIT` (default `target/acceptance/junit.xml`); the
//! Cucumber JSON (`cucumber.json`) and the summary (`summary.json`) go next to it unless
//! `MCP_ACCEPTANCE_CUCUMBER_JSON` / `MCP_ACCEPTANCE_SUMMARY` name other paths. A shard writes
//! `junit-shard-K-of-N.xml` (and the same suffix for the others) instead.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use serde::{Deserialize, Serialize};

use super::tally::{Counts, ScenarioRecord, Tally};
use crate::harness::latency::Figures;

pub const JUNIT_VARIABLE: &str = "MCP_ACCEPTANCE_JUNIT";
pub const CUCUMBER_JSON_VARIABLE: &str = "MCP_ACCEPTANCE_CUCUMBER_JSON";
pub const SUMMARY_VARIABLE: &str = "MCP_ACCEPTANCE_SUMMARY";
/// Where the HTML report goes (`target/acceptance/report.html` when unset).
pub const HTML_VARIABLE: &str = "MCP_ACCEPTANCE_HTML";

#[derive(Debug, Clone)]
pub struct ReportPaths {
    pub junit: PathBuf,
    pub cucumber_json: PathBuf,
    pub summary: PathBuf,
    pub html: PathBuf,
}

impl ReportPaths {
    /// From the environment; `shard` = (K, N) gives each file its shard suffix.
    pub fn from_env(shard: Option<(usize, usize)>) -> Self {
        let junit = env_path(JUNIT_VARIABLE)
            .unwrap_or_else(|| crate::package_root().join("target/acceptance/junit.xml"));
        let dir = junit.parent().map(Path::to_path_buf).unwrap_or_default();
        let beside = |name: &str| dir.join(name);
        let paths = Self {
            cucumber_json: env_path(CUCUMBER_JSON_VARIABLE)
                .unwrap_or_else(|| beside("cucumber.json")),
            summary: env_path(SUMMARY_VARIABLE).unwrap_or_else(|| beside("summary.json")),
            html: env_path(HTML_VARIABLE).unwrap_or_else(|| beside("report.html")),
            junit,
        };
        match shard {
            Some((k, n)) => paths.for_shard(k, n),
            None => paths,
        }
    }

    pub(super) fn for_shard(self, k: usize, n: usize) -> Self {
        let suffix = |path: PathBuf| {
            let stem = path.file_stem().unwrap_or_default().to_string_lossy();
            let name = match path.extension() {
                Some(ext) => format!("{stem}-shard-{k}-of-{n}.{}", ext.to_string_lossy()),
                None => format!("{stem}-shard-{k}-of-{n}"),
            };
            path.with_file_name(name)
        };
        Self {
            junit: suffix(self.junit),
            cucumber_json: suffix(self.cucumber_json),
            summary: suffix(self.summary),
            html: suffix(self.html),
        }
    }

    /// Creates the folders of every report.
    pub fn create_dirs(&self) -> Result<()> {
        for path in [&self.junit, &self.cucumber_json, &self.summary, &self.html] {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).with_context(|| {
                    format!("cannot create the report folder {}", dir.display())
                })?;
            }
        }
        Ok(())
    }
}

fn env_path(var: &str) -> Option<PathBuf> {
    std::env::var_os(var)
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
}

/// `summary.json`: the closing line, the counts, every scenario and the latency figures.
#[derive(Serialize, Deserialize)]
pub struct Summary {
    pub closing_line: String,
    pub counts: Counts,
    pub scenarios: Vec<ScenarioRecord>,
    pub latency: Vec<Figures>,
}

impl Summary {
    pub fn of(tally: &Tally) -> Self {
        let counts = tally.counts();
        Self {
            closing_line: counts.closing_line(),
            counts,
            scenarios: tally.records(),
            latency: crate::harness::latency::figures(),
        }
    }

    /// Two shards' summaries as one run's.
    pub fn plus(mut self, other: Self) -> Self {
        let (a, b) = (&mut self.counts, other.counts);
        a.passed += b.passed;
        a.failed += b.failed;
        a.skipped += b.skipped;
        a.expected_failures += b.expected_failures;
        a.warnings += b.warnings;
        self.closing_line = self.counts.closing_line();
        self.scenarios.extend(other.scenarios);
        self.latency.extend(other.latency);
        self
    }

    pub fn write(&self, path: &Path) -> Result<()> {
        let text = serde_json::to_string_pretty(self)?;
        std::fs::write(path, text + "\n")
            .with_context(|| format!("cannot write the run summary {}", path.display()))
    }
}
