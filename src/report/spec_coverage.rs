//! Specification coverage: which scenarios prove which statement of the MCP specification.
//!
//! The pages (`docs/spec/NNN-*.md`, listed by `docs/spec/README.md`) list the server-side
//! statements with an ID, a level (MUST, SHOULD, MAY) and a revision, and give the reason when a
//! statement has no scenario. A scenario proves a statement when it carries `@spec-<id>` (on
//! itself, its rule, its feature or its `Examples:` block). The format is described in the
//! index; counting per revision and level is what the closing notes quote.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, bail};
use cucumber::gherkin;

use super::coverage::{ScenarioRef, parse_features, read_pages, table_cells, tagged_scenarios};

/// Where the pages live, relative to the package root.
pub const SPEC_DIR: &str = "docs/spec";
/// Every statement tag starts so.
pub const TAG_PREFIX: &str = "spec-";
const LEVELS: [&str; 3] = ["MUST", "SHOULD", "MAY"];
const REVISIONS: [&str; 3] = ["2024-11-05", "2025-11-25", "2026-07-28"];

#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub id: String,
    pub level: String,
    pub revision: String,
    pub text: String,
    /// Why it has no scenario; `None` when it must have one.
    pub reason: Option<String>,
}

#[derive(Debug, Clone)]
pub struct SpecPage {
    pub file: String,
    pub title: String,
    pub statements: Vec<Statement>,
}

/// How a statement stands: proven by a scenario, or why not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Standing {
    Covered,
    NotObservable,
    NotYet,
    Uncovered,
}

impl Standing {
    fn of(statement: &Statement, scenarios: &[ScenarioRef]) -> Standing {
        match &statement.reason {
            _ if !scenarios.is_empty() => Standing::Covered,
            None => Standing::Uncovered,
            Some(r) if r.starts_with("Not observable") => Standing::NotObservable,
            Some(_) => Standing::NotYet,
        }
    }
}

/// A statement with the scenarios carrying its tag.
pub type Proven = (Statement, Vec<ScenarioRef>);

#[derive(Debug, Clone, Default)]
pub struct SpecCoverage {
    /// Per page, each statement with the scenarios carrying its tag.
    pub pages: Vec<(SpecPage, Vec<Proven>)>,
    pub page_errors: Vec<String>,
    /// `@spec-…` tags naming no statement, with a scenario carrying each.
    pub unknown_tags: Vec<(String, ScenarioRef)>,
}

impl SpecCoverage {
    pub fn load(root: &Path, features_dir: &Path) -> anyhow::Result<SpecCoverage> {
        let (pages, page_errors) = read_pages(root, SPEC_DIR, parse_spec_page)?;
        let features = parse_features(root, features_dir)?;
        let mut coverage = SpecCoverage::from_parts(pages, &features);
        coverage.page_errors.splice(0..0, page_errors);
        Ok(coverage)
    }

    pub fn from_parts(pages: Vec<SpecPage>, features: &[(String, gherkin::Feature)]) -> Self {
        let tagged = tagged_scenarios(features);
        let mut known = BTreeSet::new();
        let mut page_errors = Vec::new();
        let pages = pages
            .into_iter()
            .map(|page| {
                let rows = page
                    .statements
                    .iter()
                    .map(|s| {
                        let tag = format!("{TAG_PREFIX}{}", s.id);
                        if !known.insert(tag.clone()) {
                            page_errors.push(format!("{}: @{tag} defined twice", page.file));
                        }
                        (s.clone(), tagged.get(&tag).cloned().unwrap_or_default())
                    })
                    .collect();
                (page, rows)
            })
            .collect();
        let unknown_tags = tagged
            .iter()
            .filter(|(tag, _)| tag.starts_with(TAG_PREFIX) && !known.contains(*tag))
            .map(|(tag, scenarios)| (format!("@{tag}"), scenarios[0].clone()))
            .collect();
        SpecCoverage {
            pages,
            page_errors,
            unknown_tags,
        }
    }

    /// Everything that makes the check fail, one line each.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = self.page_errors.clone();
        for (page, rows) in &self.pages {
            for (s, scenarios) in rows {
                if Standing::of(s, scenarios) == Standing::Uncovered {
                    problems.push(format!(
                        "{}: statement `{}` has no scenario tagged @{TAG_PREFIX}{} and no reason why not ({})",
                        page.file, s.id, s.id, s.text
                    ));
                }
            }
        }
        for (tag, scenario) in &self.unknown_tags {
            problems.push(format!(
                "{}: {tag} names no statement of any specification page (\"{}\")",
                scenario.location(),
                scenario.name
            ));
        }
        problems
    }

    /// (revision, level) → standing → number of statements.
    pub fn counts(&self) -> BTreeMap<(String, String), BTreeMap<Standing, usize>> {
        let mut counts: BTreeMap<_, BTreeMap<_, _>> = BTreeMap::new();
        for (s, scenarios) in self.pages.iter().flat_map(|(_, rows)| rows) {
            *counts
                .entry((s.revision.clone(), s.level.clone()))
                .or_default()
                .entry(Standing::of(s, scenarios))
                .or_insert(0) += 1;
        }
        counts
    }

    /// One line per revision and level: covered, not observable, not yet, uncovered.
    pub fn summary(&self) -> String {
        let mut out = String::new();
        for ((revision, level), by) in self.counts() {
            let n = |s| by.get(&s).copied().unwrap_or(0);
            let total: usize = by.values().sum();
            let testable = total - n(Standing::NotObservable);
            let _ = writeln!(
                out,
                "{revision} {level}: {} of {testable} testable covered ({}%), {} not yet, {} not observable, {} without scenario or reason",
                n(Standing::Covered),
                (n(Standing::Covered) * 100)
                    .checked_div(testable)
                    .unwrap_or(100),
                n(Standing::NotYet),
                n(Standing::NotObservable),
                n(Standing::Uncovered)
            );
        }
        out
    }

    /// The summary, then every statement with its scenarios or its reason.
    pub fn listing(&self) -> String {
        let mut out = self.summary();
        for (page, rows) in &self.pages {
            let _ = writeln!(out, "{} ({})", page.title, page.file);
            for (s, scenarios) in rows {
                let _ = write!(out, "  {} {} {}:", s.id, s.level, s.revision);
                match (&scenarios[..], &s.reason) {
                    ([], Some(reason)) => _ = writeln!(out, " {reason}"),
                    ([], None) => _ = writeln!(out, " UNCOVERED ({})", s.text),
                    (scenarios, _) => {
                        let _ = writeln!(out);
                        for sc in scenarios {
                            let _ = writeln!(out, "      {} {}", sc.location(), sc.name);
                        }
                    }
                }
            }
        }
        out
    }
}

/// Parses one page in the format of the index.
pub fn parse_spec_page(file: &str, text: &str) -> anyhow::Result<SpecPage> {
    let heading = text.lines().next().unwrap_or_default();
    let title = heading
        .strip_prefix("# ")
        .context("the first line is not `# NNN — title`")?;
    let tag = text.lines().find_map(|l| l.strip_prefix("Tag: "));
    if tag.map(str::trim) != Some("`@spec-<id>`") {
        bail!("no line `Tag: `@spec-<id>``");
    }
    let table = text
        .split_once("\n## Statements\n")
        .context("no `## Statements` section")?
        .1;
    let mut statements: Vec<Statement> = Vec::new();
    for line in table.lines().map(str::trim) {
        if line.starts_with("## ") {
            break;
        }
        if !line.starts_with('|') || line.starts_with("| ID") || line.starts_with("|---") {
            continue;
        }
        let cells = table_cells(line);
        let [id, level, revision, text, reason] = &cells[..] else {
            bail!("the row `{line}` has {} cells, not 5", cells.len());
        };
        let id = id.trim_matches('`').to_string();
        let valid = !id.is_empty()
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_.-".contains(&b));
        if !valid {
            bail!("`{id}` is not an ID (lowercase [a-z0-9_.-]+ in backticks)");
        }
        if !LEVELS.contains(&level.as_str()) || !REVISIONS.contains(&revision.as_str()) {
            bail!("`{id}`: level `{level}` or revision `{revision}` is not one of the index's");
        }
        if statements.iter().any(|s| s.id == id) {
            bail!("the ID `{id}` appears twice");
        }
        statements.push(Statement {
            id,
            level: level.clone(),
            revision: revision.clone(),
            text: text.clone(),
            reason: (!reason.is_empty()).then(|| reason.clone()),
        });
    }
    if statements.is_empty() {
        bail!("the `## Statements` table has no rows");
    }
    Ok(SpecPage {
        file: file.to_string(),
        title: title.trim().to_string(),
        statements,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "# 000 — Base\n\nTag: `@spec-<id>`\n\nWhat it is.\n\n## Statements\n\n\
        | ID | Level | Revision | Statement | Not covered because |\n|---|---|---|---|---|\n\
        | `base-1` | MUST | 2025-11-25 | Answers carry the id | |\n\
        | `base-2` | MUST | 2025-11-25 | Keys stored safely | Not observable from outside a server |\n\
        | `base-3` | SHOULD | 2026-07-28 | Lists in a stable order | Not yet |\n\
        | `base-4` | MUST | 2026-07-28 | Something untested | |\n";

    const FEATURE: &str = "Feature: demo\n\n  @spec-base-1\n  Scenario: ids\n    Given a thing\n\n  \
        @spec-base-9\n  Scenario: typo\n    Given a thing\n";

    fn demo() -> SpecCoverage {
        let page = parse_spec_page("docs/spec/000-base.md", PAGE).unwrap();
        let feature = gherkin::Feature::parse(FEATURE, gherkin::GherkinEnv::default()).unwrap();
        SpecCoverage::from_parts(vec![page], &[("features/demo.feature".into(), feature)])
    }

    #[test]
    fn a_page_gives_its_statements_with_level_revision_and_reason() {
        let page = parse_spec_page("x", PAGE).unwrap();
        let ids: Vec<_> = page.statements.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["base-1", "base-2", "base-3", "base-4"]);
        assert_eq!(page.statements[2].level, "SHOULD");
        assert_eq!(page.statements[2].revision, "2026-07-28");
        assert_eq!(page.statements[0].reason, None);
        let bad_level = PAGE.replace("| SHOULD |", "| OUGHT |");
        assert!(parse_spec_page("x", &bad_level).is_err());
        let four_cells = PAGE.replace("| Not yet |", "|");
        assert!(format!("{:#}", parse_spec_page("x", &four_cells).unwrap_err()).contains("cells"));
    }

    #[test]
    fn counts_are_per_revision_and_level() {
        let counts = demo().counts();
        let must_25 = &counts[&("2025-11-25".to_string(), "MUST".to_string())];
        assert_eq!(must_25[&Standing::Covered], 1);
        assert_eq!(must_25[&Standing::NotObservable], 1);
        let should_26 = &counts[&("2026-07-28".to_string(), "SHOULD".to_string())];
        assert_eq!(should_26[&Standing::NotYet], 1);
        assert!(
            demo()
                .summary()
                .contains("2025-11-25 MUST: 1 of 1 testable covered (100%)")
        );
    }

    #[test]
    fn uncovered_statements_and_unknown_tags_are_problems() {
        let problems = demo().problems();
        assert_eq!(problems.len(), 2, "{problems:#?}");
        assert!(problems[0].contains("`base-4`"));
        assert!(problems[1].starts_with("features/demo.feature:8: @spec-base-9"));
    }

    /// The check itself: every statement of every specification page has a scenario or a
    /// reason, and every `@spec-…` tag names a statement. Prints the counts and the list.
    #[test]
    fn every_statement_has_a_scenario_or_a_reason() {
        let root = crate::package_root();
        let coverage = SpecCoverage::load(&root, &root.join("features")).unwrap();
        println!("{}", coverage.listing());
        let problems = coverage.problems();
        assert!(
            problems.is_empty(),
            "specification coverage: {} problem(s)\n  {}",
            problems.len(),
            problems.join("\n  ")
        );
    }
}
