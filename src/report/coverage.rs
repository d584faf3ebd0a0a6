//! Requirement coverage: which scenarios prove which criterion of which requirement page.
//!
//! The pages (`docs/requirements/NNN-*.md`, listed by the index `docs/requirements/README.md`)
//! each name a tag pattern (`@ac-process-<id>`) and a table of criteria; a scenario proves a
//! criterion when it carries the tag, on itself, its rule, its feature or (for an outline's
//! rows) its `Examples:` block. The format is described in the index.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, bail};
use cucumber::gherkin;

/// Where the pages live, relative to the package root.
pub const PAGES_DIR: &str = "docs/requirements";

#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    pub id: String,
    pub text: String,
    /// The reason it needs no scenario; `None` when it must have one.
    pub not_applicable: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Page {
    /// `002`
    pub number: String,
    /// `docs/requirements/002-process.md`
    pub file: String,
    pub title: String,
    /// The tag without `@` and without the id: `ac-process-`.
    pub tag_prefix: String,
    pub criteria: Vec<Criterion>,
}

/// A scenario (or the rows of an outline) carrying a tag.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioRef {
    /// Relative to the package root: `features/process/server.feature`.
    pub file: String,
    /// The line of the `Scenario:` (or `Scenario Outline:`) keyword.
    pub line: usize,
    pub name: String,
    /// The lines cucumber reports for the runs that carry the tag: the scenario's own line, or
    /// the line of each `Examples:` row that carries it.
    pub run_lines: Vec<usize>,
}

impl ScenarioRef {
    pub fn location(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }
}

#[derive(Debug, Clone)]
pub struct CriterionCoverage {
    pub criterion: Criterion,
    /// Without `@`: `ac-process-4-2`.
    pub tag: String,
    pub scenarios: Vec<ScenarioRef>,
}

impl CriterionCoverage {
    pub fn is_uncovered(&self) -> bool {
        self.scenarios.is_empty() && self.criterion.not_applicable.is_none()
    }
}

#[derive(Debug, Clone)]
pub struct PageCoverage {
    pub page: Page,
    pub criteria: Vec<CriterionCoverage>,
}

/// Covered / not applicable / uncovered criteria of one page.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PageCounts {
    pub covered: usize,
    pub not_applicable: usize,
    pub uncovered: usize,
}

impl PageCoverage {
    pub fn counts(&self) -> PageCounts {
        let mut counts = PageCounts::default();
        for c in &self.criteria {
            if !c.scenarios.is_empty() {
                counts.covered += 1;
            } else if c.criterion.not_applicable.is_some() {
                counts.not_applicable += 1;
            } else {
                counts.uncovered += 1;
            }
        }
        counts
    }
}

#[derive(Debug, Clone, Default)]
pub struct Coverage {
    pub pages: Vec<PageCoverage>,
    /// Problems with the pages themselves: listed but missing, unparsable, not listed.
    pub page_errors: Vec<String>,
    /// `@ac-…` tags in features that name no criterion, with a scenario carrying each.
    pub unknown_tags: Vec<(String, ScenarioRef)>,
}

/// Reads the pages a folder's index (`README.md`) lists, each parsed by `parse(file, text)`,
/// with an error for each listed page missing or unparsable and each page the index omits.
pub(crate) fn read_pages<P>(
    root: &Path,
    folder: &str,
    parse: impl Fn(&str, &str) -> anyhow::Result<P>,
) -> anyhow::Result<(Vec<P>, Vec<String>)> {
    let dir = root.join(folder);
    let index = std::fs::read_to_string(dir.join("README.md"))
        .with_context(|| format!("reading the index {folder}/README.md"))?;
    let mut page_errors = Vec::new();
    let mut pages = Vec::new();
    let listed = listed_pages(&index);
    for name in &listed {
        let file = format!("{folder}/{name}");
        match std::fs::read_to_string(dir.join(name)) {
            Ok(text) => match parse(&file, &text) {
                Ok(page) => pages.push(page),
                Err(e) => page_errors.push(format!("{file}: {e:#}")),
            },
            Err(_) => page_errors.push(format!("{file}: listed in the index but missing")),
        }
    }
    for entry in std::fs::read_dir(&dir).with_context(|| format!("reading {folder}"))? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if name.ends_with(".md") && name != "README.md" && !listed.contains(&name) {
            page_errors.push(format!("{folder}/{name}: not listed in the index"));
        }
    }
    Ok((pages, page_errors))
}

impl Coverage {
    /// Reads the index, the pages it lists, and every feature under `features_dir`.
    pub fn load(root: &Path, features_dir: &Path) -> anyhow::Result<Coverage> {
        let (pages, page_errors) = read_pages(root, PAGES_DIR, parse_page)?;
        let features = parse_features(root, features_dir)?;
        let mut coverage = Coverage::from_parts(pages, &features);
        coverage.page_errors.splice(0..0, page_errors);
        Ok(coverage)
    }

    /// Matches parsed pages against parsed features (paths relative to the package root).
    pub fn from_parts(pages: Vec<Page>, features: &[(String, gherkin::Feature)]) -> Coverage {
        let tagged = tagged_scenarios(features);
        let mut known = BTreeSet::new();
        let mut page_errors = Vec::new();
        let pages = pages
            .into_iter()
            .map(|page| {
                let criteria = page
                    .criteria
                    .iter()
                    .map(|criterion| {
                        let tag = format!("{}{}", page.tag_prefix, criterion.id);
                        if !known.insert(tag.clone()) {
                            page_errors.push(format!("{}: tag @{tag} defined twice", page.file));
                        }
                        let scenarios = tagged.get(&tag).cloned().unwrap_or_default();
                        CriterionCoverage {
                            criterion: criterion.clone(),
                            tag,
                            scenarios,
                        }
                    })
                    .collect();
                PageCoverage { page, criteria }
            })
            .collect();
        let unknown_tags = tagged
            .iter()
            .filter(|(tag, _)| tag.starts_with("ac-") && !known.contains(*tag))
            .map(|(tag, scenarios)| (format!("@{tag}"), scenarios[0].clone()))
            .collect();
        Coverage {
            pages,
            page_errors,
            unknown_tags,
        }
    }

    /// Everything that makes the check fail, one line each.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = self.page_errors.clone();
        for page in &self.pages {
            for c in page.criteria.iter().filter(|c| c.is_uncovered()) {
                problems.push(format!(
                    "{}: criterion `{}` has no scenario tagged @{} and no reason why not ({})",
                    page.page.file, c.criterion.id, c.tag, c.criterion.text
                ));
            }
        }
        for (tag, scenario) in &self.unknown_tags {
            problems.push(format!(
                "{}: {tag} names no criterion of any requirement page (\"{}\")",
                scenario.location(),
                scenario.name
            ));
        }
        problems
    }

    /// Every criterion of every page with the scenarios carrying its tag, or its reason.
    pub fn listing(&self) -> String {
        let mut out = String::new();
        for page in &self.pages {
            let n = page.counts();
            let _ = writeln!(
                out,
                "{} {} ({}): {} covered, {} not applicable, {} uncovered",
                page.page.number,
                page.page.title,
                page.page.file,
                n.covered,
                n.not_applicable,
                n.uncovered
            );
            for c in &page.criteria {
                let _ = write!(out, "  {}:", c.criterion.id);
                match (&c.scenarios[..], &c.criterion.not_applicable) {
                    ([], Some(reason)) => {
                        let _ = writeln!(out, " not applicable: {reason}");
                    }
                    ([], None) => {
                        let _ = writeln!(out, " UNCOVERED ({})", c.criterion.text);
                    }
                    (scenarios, _) => {
                        let _ = writeln!(out);
                        for s in scenarios {
                            let _ = writeln!(out, "      {} {}", s.location(), s.name);
                        }
                    }
                }
            }
        }
        out
    }
}

/// The page files the index links to (`[002](002-process.md)`), in order.
pub fn listed_pages(index: &str) -> Vec<String> {
    let mut names = Vec::new();
    for (at, _) in index.match_indices("](") {
        let target = &index[at + 2..];
        let Some(end) = target.find(')') else {
            continue;
        };
        let name = &target[..end];
        let numbered = name.len() > 4 && name[..3].bytes().all(|b| b.is_ascii_digit());
        if numbered
            && name.ends_with(".md")
            && !name.contains('/')
            && !names.iter().any(|n| n == name)
        {
            names.push(name.to_string());
        }
    }
    names
}

/// Parses one page in the format of the index.
pub fn parse_page(file: &str, text: &str) -> anyhow::Result<Page> {
    let mut lines = text.lines();
    let heading = lines.next().unwrap_or_default();
    let Some(heading) = heading.strip_prefix("# ") else {
        bail!("the first line is not `# NNN — title`");
    };
    let (number, title) = heading
        .split_once(" — ")
        .with_context(|| format!("the heading `{heading}` is not `NNN — title`"))?;
    let tag_line = text
        .lines()
        .find_map(|l| l.strip_prefix("Tag: "))
        .context("no `Tag: ` line")?;
    let tag_prefix = tag_line
        .trim()
        .trim_matches('`')
        .strip_prefix('@')
        .and_then(|t| t.strip_suffix("<id>"))
        .with_context(|| format!("the tag line `{tag_line}` is not `@…-<id>` in backticks"))?
        .to_string();
    let table = text
        .split_once("\n## Criteria\n")
        .context("no `## Criteria` section")?
        .1;
    let mut criteria: Vec<Criterion> = Vec::new();
    for (n, line) in table.lines().enumerate() {
        let line = line.trim();
        if line.starts_with("## ") {
            break;
        }
        if !line.starts_with('|') || n < 4 && (line.starts_with("| ID") || line.starts_with("|---"))
        {
            continue;
        }
        let cells = table_cells(line);
        if cells.len() != 3 {
            bail!("the criteria row `{line}` has {} cells, not 3", cells.len());
        }
        let id = cells[0].trim_matches('`').to_string();
        let valid = !id.is_empty()
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_.-".contains(&b));
        if !valid {
            bail!("`{id}` is not an ID (lowercase [a-z0-9_.-]+ in backticks)");
        }
        if criteria.iter().any(|c| c.id == id) {
            bail!("the ID `{id}` appears twice");
        }
        let reason = cells[2].clone();
        criteria.push(Criterion {
            id,
            text: cells[1].clone(),
            not_applicable: (!reason.is_empty()).then_some(reason),
        });
    }
    if criteria.is_empty() {
        bail!("the `## Criteria` table has no rows");
    }
    Ok(Page {
        number: number.trim().to_string(),
        file: file.to_string(),
        title: title.trim().to_string(),
        tag_prefix,
        criteria,
    })
}

/// The cells of a Markdown table row; `\|` inside a cell is a literal bar.
pub(crate) fn table_cells(row: &str) -> Vec<String> {
    let inner = row.trim().trim_start_matches('|');
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut cells = vec![String::new()];
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                chars.next();
                cells.last_mut().unwrap().push('|');
            }
            '|' => cells.push(String::new()),
            c => cells.last_mut().unwrap().push(c),
        }
    }
    cells.into_iter().map(|c| c.trim().to_string()).collect()
}

/// Every `.feature` file under `dir`, parsed, with its path relative to `root`, sorted by path.
pub fn parse_features(root: &Path, dir: &Path) -> anyhow::Result<Vec<(String, gherkin::Feature)>> {
    let mut paths = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for entry in std::fs::read_dir(&d).with_context(|| format!("reading {}", d.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "feature") {
                paths.push(path);
            }
        }
    }
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let feature = gherkin::Feature::parse_path(&path, gherkin::GherkinEnv::default())
                .with_context(|| format!("parsing {}", path.display()))?;
            let relative = path.strip_prefix(root).unwrap_or(&path);
            Ok((relative.to_string_lossy().into_owned(), feature))
        })
        .collect()
}

/// By tag (without `@`): the scenarios carrying it, in file order.
pub(crate) fn tagged_scenarios(
    features: &[(String, gherkin::Feature)],
) -> BTreeMap<String, Vec<ScenarioRef>> {
    let mut by_tag: BTreeMap<String, Vec<ScenarioRef>> = BTreeMap::new();
    for (file, feature) in features {
        let top = feature.scenarios.iter().map(|s| (&[][..], s));
        let ruled = feature
            .rules
            .iter()
            .flat_map(|r| r.scenarios.iter().map(move |s| (&r.tags[..], s)));
        for (rule_tags, scenario) in top.chain(ruled) {
            let inherited: BTreeSet<&String> = feature
                .tags
                .iter()
                .chain(rule_tags)
                .chain(&scenario.tags)
                .collect();
            // tag → the run lines carrying it
            let mut lines: BTreeMap<&String, Vec<usize>> = BTreeMap::new();
            if scenario.examples.is_empty() {
                for tag in &inherited {
                    lines.entry(tag).or_default().push(scenario.position.line);
                }
            }
            for examples in &scenario.examples {
                let rows = examples
                    .table
                    .as_ref()
                    .map_or(0, |t| t.rows.len().saturating_sub(1));
                // cucumber numbers an expanded row this way (the header follows `Examples:`)
                let row_lines = (0..rows).map(|i| examples.position.line + i + 2);
                for tag in inherited.iter().copied().chain(&examples.tags) {
                    lines.entry(tag).or_default().extend(row_lines.clone());
                }
            }
            for (tag, mut run_lines) in lines {
                run_lines.sort_unstable();
                run_lines.dedup();
                by_tag.entry(tag.clone()).or_default().push(ScenarioRef {
                    file: file.clone(),
                    line: scenario.position.line,
                    name: scenario.name.clone(),
                    run_lines,
                });
            }
        }
    }
    by_tag
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "# 007 — a system in our words\n\nTag: `@ac-demo-<id>`\n\nWhat it is.\n\n\
        ## Criteria\n\n| ID | Criterion | Not applicable |\n|---|---|---|\n\
        | `start` | It starts | |\n| `1-2` | It answers a \\| bar | |\n\
        | `unit-tests` | Its unit tests | Not ours: another codebase |\n| `stop` | It stops | |\n";

    const FEATURE: &str = "@demo\nFeature: demo\n\n  @ac-demo-start\n  Scenario: starting\n    \
        Given a thing\n\n  Rule: answers\n\n    @ac-demo-typo\n    Scenario: answering\n      \
        Given a thing\n\n  Scenario Outline: rows <n>\n    Given a thing <n>\n\n    \
        @ac-demo-1-2\n    Examples: tagged\n      | n |\n      | 1 |\n      | 2 |\n\n    \
        Examples: untagged\n      | n |\n      | 3 |\n";

    fn demo() -> Coverage {
        let page = parse_page("docs/requirements/007-demo.md", PAGE).unwrap();
        let feature = gherkin::Feature::parse(FEATURE, gherkin::GherkinEnv::default()).unwrap();
        Coverage::from_parts(vec![page], &[("features/demo.feature".into(), feature)])
    }

    #[test]
    fn a_page_gives_its_number_title_tag_and_criteria() {
        let page = parse_page("x.md", PAGE).unwrap();
        assert_eq!(
            (page.number.as_str(), page.title.as_str()),
            ("007", "a system in our words")
        );
        assert_eq!(page.tag_prefix, "ac-demo-");
        let ids: Vec<_> = page.criteria.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["start", "1-2", "unit-tests", "stop"]);
        assert_eq!(page.criteria[1].text, "It answers a | bar");
        assert_eq!(
            page.criteria[2].not_applicable.as_deref(),
            Some("Not ours: another codebase")
        );
        assert_eq!(page.criteria[0].not_applicable, None);
    }

    #[test]
    fn malformed_pages_are_refused_with_the_reason() {
        let no_tag = PAGE.replace("Tag: ", "Tags: ");
        assert!(format!("{:#}", parse_page("x", &no_tag).unwrap_err()).contains("Tag"));
        let bad_id = PAGE.replace("`start`", "`Start`");
        assert!(format!("{:#}", parse_page("x", &bad_id).unwrap_err()).contains("`Start`"));
        let twice = PAGE.replace("`stop`", "`start`");
        assert!(format!("{:#}", parse_page("x", &twice).unwrap_err()).contains("twice"));
        let two_cells = PAGE.replace("| It stops | |", "|");
        assert!(format!("{:#}", parse_page("x", &two_cells).unwrap_err()).contains("cells"));
    }

    #[test]
    fn criteria_are_matched_to_scenarios_examples_and_reasons() {
        let coverage = demo();
        let page = &coverage.pages[0];
        let start = &page.criteria[0];
        assert_eq!(start.scenarios.len(), 1);
        assert_eq!(start.scenarios[0].location(), "features/demo.feature:5");
        assert_eq!(start.scenarios[0].run_lines, [5]);
        let rows = &page.criteria[1].scenarios;
        assert_eq!(rows.len(), 1, "{rows:?}");
        assert_eq!(rows[0].name, "rows <n>");
        assert_eq!(
            rows[0].run_lines,
            [20, 21],
            "only the rows of the tagged Examples"
        );
        assert_eq!(
            page.counts(),
            PageCounts {
                covered: 2,
                not_applicable: 1,
                uncovered: 1
            }
        );
    }

    #[test]
    fn uncovered_criteria_and_unknown_tags_are_problems() {
        let problems = demo().problems();
        assert_eq!(problems.len(), 2, "{problems:#?}");
        assert!(problems[0].contains("`stop`") && problems[0].contains("@ac-demo-stop"));
        assert!(problems[1].starts_with("features/demo.feature:11: @ac-demo-typo"));
    }

    #[test]
    fn the_index_lists_numbered_pages_once_in_order() {
        let index = "| [002](002-process.md) | x |\n| [000](000-codemcp.md) |\n\
                     see [the shape](#shape) and [002](002-process.md) and [r](../README.md)";
        assert_eq!(listed_pages(index), ["002-process.md", "000-codemcp.md"]);
    }

    /// The check itself: every criterion of every requirement page has a scenario or a reason,
    /// and every `@ac-…` tag of the features names a criterion. Prints the whole list.
    #[test]
    fn every_criterion_has_a_scenario_or_a_reason() {
        let root = crate::package_root();
        let coverage = Coverage::load(&root, &root.join("features")).unwrap();
        println!("{}", coverage.listing());
        let problems = coverage.problems();
        assert!(
            problems.is_empty(),
            "requirement coverage: {} problem(s)\n  {}",
            problems.len(),
            problems.join("\n  ")
        );
    }
}
