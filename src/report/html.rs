//! The HTML report of a run: one self-contained file (inline CSS and script, no network) with
//! the summary, the failures with their evidence, expected failures, skips and warnings with
//! their reasons, the latency table, per requirement page the state of each criterion, and
//! every feature's scenarios with their steps.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

use anyhow::Context;

use super::coverage::{Coverage, CriterionCoverage};
use super::run_data::{
    CucumberElement, CucumberFeature, Summary, SummaryScenario, parse_closing_line, read_cucumber,
    read_summary, same_file,
};

const STYLE: &str = include_str!("assets/report.css");
const SCRIPT: &str = include_str!("assets/report.js");

/// Writes `out` from the runner's summary and cucumber's JSON; the requirement pages and
/// features are read from the package (their section is left out, with a note, when absent).
pub fn write_html_report(
    summary_json: &Path,
    cucumber_json: &Path,
    out: &Path,
) -> anyhow::Result<()> {
    let summary = read_summary(summary_json)?;
    let mut notes = Vec::new();
    let features = read_cucumber(cucumber_json).unwrap_or_else(|e| {
        notes.push(format!("No steps shown: {e:#}"));
        Vec::new()
    });
    let root = crate::package_root();
    let coverage = Coverage::load(&root, &root.join("features"))
        .inspect_err(|e| notes.push(format!("No requirement coverage: {e:#}")))
        .ok();
    let html = render(&summary, &features, coverage.as_ref(), &notes);
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    std::fs::write(out, html).with_context(|| format!("writing {}", out.display()))
}

/// The whole page.
pub fn render(
    summary: &Summary,
    features: &[CucumberFeature],
    coverage: Option<&Coverage>,
    notes: &[String],
) -> String {
    let mut html = String::with_capacity(64 * 1024);
    html.push_str("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    html.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    let _ = write!(
        html,
        "<title>{}</title><style>{STYLE}</style></head><body>",
        esc(&summary.closing_line)
    );
    html.push_str("<header><h1>Acceptance run</h1>");
    let _ = write!(
        html,
        "<p id=\"closing-line\">{}</p></header><main>",
        esc(&summary.closing_line)
    );
    for note in notes {
        let _ = write!(html, "<p class=\"note\">{}</p>", esc(note));
    }
    render_counts(&mut html, summary);
    render_lists(&mut html, summary);
    render_latency(&mut html, summary);
    if let Some(coverage) = coverage {
        render_requirements(&mut html, summary, coverage);
    }
    render_features(&mut html, summary, features);
    let _ = writeln!(html, "</main><script>{SCRIPT}</script></body></html>");
    html
}

/// The closing line's counts as tiles (the browser check compares them with the closing line),
/// then expected failures and warnings from the summary's counts.
fn render_counts(html: &mut String, summary: &Summary) {
    let c = summary.counts;
    let line = parse_closing_line(&summary.closing_line);
    let (passed, failed, skipped) = line.unwrap_or((c.passed, c.failed, c.skipped));
    if line != Some((c.passed, c.failed, c.skipped)) {
        let _ = write!(
            html,
            "<p class=\"note\">The summary's counts ({} passed, {} failed, {} skipped) differ from its closing line.</p>",
            c.passed, c.failed, c.skipped
        );
    }
    html.push_str("<section id=\"summary\"><h2>Summary</h2><div class=\"tiles\">");
    for (id, label, n) in [
        ("passed", "passed", passed),
        ("failed", "failed", failed),
        ("skipped", "skipped", skipped),
        (
            "expected-failures",
            "of the passed: expected failures",
            c.expected_failures,
        ),
        ("warnings", "warnings", c.warnings),
    ] {
        let _ = write!(
            html,
            "<div class=\"tile t-{id}\"><span class=\"n\" id=\"count-{id}\">{n}</span> <span>{label}</span></div>"
        );
    }
    html.push_str("</div></section>");
}

/// Failures, expected failures, skips and warnings, each scenario with its reason.
fn render_lists(html: &mut String, summary: &Summary) {
    let with = |status: &str| -> Vec<&SummaryScenario> {
        summary
            .scenarios
            .iter()
            .filter(|s| s.status == status)
            .collect()
    };
    let lists = [
        ("failures", "Failures", with("failed"), "failed"),
        (
            "fixed",
            "Fixed: remove them from the known-defect list",
            with("fixed"),
            "fixed",
        ),
        (
            "expected",
            "Expected failures (known defects)",
            with("expected-failure"),
            "expected-failure",
        ),
        (
            "skips",
            "Skipped, with the reason",
            with("skipped"),
            "skipped",
        ),
    ];
    for (id, title, scenarios, status) in lists {
        if scenarios.is_empty() {
            continue;
        }
        let _ = write!(
            html,
            "<section id=\"{id}\"><h2>{title} ({})</h2><ul class=\"list\">",
            scenarios.len()
        );
        for s in scenarios {
            let _ = write!(
                html,
                "<li>{} <a href=\"#{}\">{}</a> <code>{}:{}</code>{}</li>",
                badge(status),
                anchor(&s.file, s.line),
                esc(&s.name),
                esc(&s.file),
                s.line,
                reason_block(s.reason.as_deref())
            );
        }
        html.push_str("</ul></section>");
    }
    let warned: Vec<_> = summary
        .scenarios
        .iter()
        .filter(|s| !s.warnings.is_empty())
        .collect();
    if !warned.is_empty() {
        html.push_str("<section id=\"warnings\"><h2>Warnings</h2><ul class=\"list\">");
        for s in warned {
            let _ = write!(
                html,
                "<li><a href=\"#{}\">{}</a><ul>",
                anchor(&s.file, s.line),
                esc(&s.name)
            );
            for w in &s.warnings {
                let _ = write!(html, "<li>{}</li>", esc(w));
            }
            html.push_str("</ul></li>");
        }
        html.push_str("</ul></section>");
    }
}

fn render_latency(html: &mut String, summary: &Summary) {
    if summary.latency.is_empty() {
        return;
    }
    html.push_str("<section id=\"latency\"><h2>Latency (client-side round trips)</h2><table>");
    html.push_str(
        "<tr><th>what</th><th>samples</th><th>median ms</th><th>p95 ms</th><th>max ms</th></tr>",
    );
    for row in &summary.latency {
        let _ = write!(
            html,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{:.2}</td><td class=\"num\">{:.2}</td><td class=\"num\">{:.2}</td></tr>",
            esc(&row.label),
            row.samples,
            row.median_ms,
            row.p95_ms,
            row.max_ms
        );
    }
    html.push_str("</table></section>");
}

/// What the last run says about a criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CriterionState {
    Passed,
    Failed,
    ExpectedFailure,
    Skipped,
    /// It has scenarios, but none of them was in this run.
    NotRun,
    Uncovered,
    NotApplicable,
}

impl CriterionState {
    pub fn label(self) -> &'static str {
        match self {
            Self::Passed => "passed",
            Self::Failed => "failed",
            Self::ExpectedFailure => "expected-failure",
            Self::Skipped => "skipped",
            Self::NotRun => "not-run",
            Self::Uncovered => "uncovered",
            Self::NotApplicable => "not-applicable",
        }
    }
}

/// The run's scenarios that prove `criterion`: by tag, or by file and line.
pub fn runs_of<'a>(
    summary: &'a Summary,
    criterion: &CriterionCoverage,
) -> Vec<&'a SummaryScenario> {
    summary
        .scenarios
        .iter()
        .filter(|s| {
            s.has_tag(&criterion.tag)
                || criterion
                    .scenarios
                    .iter()
                    .any(|r| r.run_lines.contains(&s.line) && same_file(&r.file, &s.file))
        })
        .collect()
}

pub fn criterion_state(criterion: &CriterionCoverage, runs: &[&SummaryScenario]) -> CriterionState {
    if criterion.scenarios.is_empty() && runs.is_empty() {
        return match criterion.criterion.not_applicable {
            Some(_) => CriterionState::NotApplicable,
            None => CriterionState::Uncovered,
        };
    }
    let any = |status: &str| runs.iter().any(|s| s.status == status);
    if runs.is_empty() {
        CriterionState::NotRun
    } else if any("failed") {
        CriterionState::Failed
    } else if any("expected-failure") {
        CriterionState::ExpectedFailure
    } else if any("passed") || any("fixed") {
        CriterionState::Passed
    } else {
        CriterionState::Skipped
    }
}

fn render_requirements(html: &mut String, summary: &Summary, coverage: &Coverage) {
    html.push_str("<section id=\"requirements\"><h2>Requirements</h2>");
    for problem in coverage
        .problems()
        .iter()
        .filter(|p| !p.contains("criterion `"))
    {
        let _ = write!(html, "<p class=\"note\">{}</p>", esc(problem));
    }
    for page in &coverage.pages {
        let states: Vec<_> = page
            .criteria
            .iter()
            .map(|c| {
                let runs = runs_of(summary, c);
                (criterion_state(c, &runs), runs)
            })
            .collect();
        let mut tally: Vec<(CriterionState, usize)> = Vec::new();
        for (state, _) in &states {
            match tally.iter_mut().find(|(s, _)| s == state) {
                Some((_, n)) => *n += 1,
                None => tally.push((*state, 1)),
            }
        }
        let alarming = states
            .iter()
            .any(|(s, _)| matches!(s, CriterionState::Failed | CriterionState::Uncovered));
        let _ = write!(
            html,
            "<details class=\"page\" id=\"page-{}\"{}><summary><h3>{} — {}</h3> ",
            esc(&page.page.number),
            if alarming { " open" } else { "" },
            esc(&page.page.number),
            esc(&page.page.title)
        );
        for (state, n) in tally {
            let _ = write!(
                html,
                "<span class=\"badge b-{0}\">{n} {0}</span> ",
                state.label()
            );
        }
        let _ = write!(
            html,
            "<code>{}</code></summary><table><tr><th>ID</th><th>criterion</th><th>state</th><th>scenarios</th></tr>",
            esc(&page.page.file)
        );
        for (c, (state, runs)) in page.criteria.iter().zip(&states) {
            let _ = write!(
                html,
                "<tr class=\"crit\" data-state=\"{}\"><td><code>{}</code></td><td>{}</td><td>{}</td><td>",
                state.label(),
                esc(&c.criterion.id),
                esc(&c.criterion.text),
                badge(state.label())
            );
            render_criterion_scenarios(html, c, runs);
            html.push_str("</td></tr>");
        }
        html.push_str("</table></details>");
    }
    html.push_str("</section>");
}

fn render_criterion_scenarios(html: &mut String, c: &CriterionCoverage, runs: &[&SummaryScenario]) {
    for run in runs {
        let _ = write!(
            html,
            "<div>{} <a href=\"#{}\">{}</a></div>",
            badge(&run.status),
            anchor(&run.file, run.line),
            esc(&run.name)
        );
    }
    if runs.is_empty() {
        for s in &c.scenarios {
            let _ = write!(
                html,
                "<div><code>{}</code> {}</div>",
                esc(&s.location()),
                esc(&s.name)
            );
        }
    }
    if let Some(reason) = &c.criterion.not_applicable {
        let _ = write!(
            html,
            "<div class=\"reason\">Not applicable: {}</div>",
            esc(reason)
        );
    }
}

/// Every feature with its scenarios (status, reason, warnings, steps with errors and logs), in
/// cucumber's order; scenarios of the summary that cucumber's JSON lacks follow.
fn render_features(html: &mut String, summary: &Summary, features: &[CucumberFeature]) {
    html.push_str(
        "<section id=\"features\"><h2>Features and scenarios</h2><div class=\"filters\">",
    );
    for (filter, label) in [
        ("all", "all"),
        ("failed", "failed"),
        ("expected-failure", "expected failures"),
        ("skipped", "skipped"),
        ("passed", "passed"),
    ] {
        let _ = write!(
            html,
            "<button type=\"button\" data-filter=\"{filter}\">{label}</button>"
        );
    }
    html.push_str("<button type=\"button\" id=\"expand-all\">expand all</button></div>");
    let mut by_line: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, s) in summary.scenarios.iter().enumerate() {
        by_line.entry(s.line).or_default().push(i);
    }
    let mut shown = HashSet::new();
    for feature in features {
        let uri = feature.uri.clone().unwrap_or_default();
        let mut body = String::new();
        let mut statuses = Vec::new();
        let mut background: Option<&CucumberElement> = None;
        for element in &feature.elements {
            if element.kind == "background" {
                background = Some(element);
                continue;
            }
            let bg = background.take().filter(|b| b.line == element.line);
            let index = by_line.get(&element.line).and_then(|v| {
                v.iter()
                    .copied()
                    .find(|&i| same_file(&summary.scenarios[i].file, &uri))
            });
            shown.extend(index);
            let found = index.map(|i| &summary.scenarios[i]);
            let status = found.map_or_else(|| derived_status(bg, element), |s| s.status.clone());
            render_scenario(&mut body, &uri, element, bg, found, &status);
            statuses.push(status);
        }
        render_feature(html, &feature.name, &uri, &statuses, &body);
    }
    let rest: Vec<_> = (0..summary.scenarios.len())
        .filter(|i| !shown.contains(i))
        .map(|i| &summary.scenarios[i])
        .collect();
    let mut files: Vec<&str> = rest.iter().map(|s| s.file.as_str()).collect();
    files.dedup();
    for file in files {
        let mut body = String::new();
        let mut statuses = Vec::new();
        let mut name = String::new();
        for s in rest.iter().filter(|s| s.file == file) {
            name.clone_from(&s.feature);
            let element = CucumberElement {
                kind: "scenario".into(),
                keyword: "Scenario".into(),
                line: s.line,
                name: s.name.clone(),
                steps: Vec::new(),
                before: Vec::new(),
                after: Vec::new(),
            };
            render_scenario(&mut body, file, &element, None, Some(s), &s.status);
            statuses.push(s.status.clone());
        }
        render_feature(html, &name, file, &statuses, &body);
    }
    html.push_str("</section>");
}

fn render_feature(html: &mut String, name: &str, uri: &str, statuses: &[String], body: &str) {
    let failing = statuses.iter().any(|s| s == "failed" || s == "fixed");
    let _ = write!(
        html,
        "<section class=\"feature\"><details{}><summary><h3>{}</h3> <code>{}</code> ",
        if failing { " open" } else { "" },
        esc(name),
        esc(uri)
    );
    for status in ["passed", "failed", "fixed", "expected-failure", "skipped"] {
        let n = statuses.iter().filter(|s| *s == status).count();
        if n > 0 {
            let _ = write!(
                html,
                "<span class=\"badge b-{status}\">{n} {status}</span> "
            );
        }
    }
    let _ = write!(html, "</summary>{body}</details></section>");
}

fn render_scenario(
    html: &mut String,
    uri: &str,
    element: &CucumberElement,
    background: Option<&CucumberElement>,
    summary: Option<&SummaryScenario>,
    status: &str,
) {
    let open = matches!(status, "failed" | "fixed");
    let _ = write!(
        html,
        "<article class=\"scenario\" id=\"{}\" data-status=\"{}\"><details{}><summary>{} {} <code>{}:{}</code>",
        anchor(uri, element.line),
        esc(status),
        if open { " open" } else { "" },
        badge(status),
        esc(&element.name),
        esc(uri),
        element.line
    );
    if let Some(ms) = summary.and_then(|s| s.duration_ms) {
        let _ = write!(html, " <span class=\"dur\">{ms:.0} ms</span>");
    }
    html.push_str("</summary>");
    if let Some(s) = summary {
        html.push_str(&reason_block(s.reason.as_deref()));
        for w in &s.warnings {
            let _ = write!(html, "<div class=\"warning\">Warning: {}</div>", esc(w));
        }
    }
    html.push_str("<ol class=\"steps\">");
    let hooks = background
        .into_iter()
        .chain([element])
        .flat_map(|e| e.before.iter().chain(&e.after));
    for step in background
        .into_iter()
        .flat_map(|b| &b.steps)
        .chain(&element.steps)
    {
        let _ = write!(
            html,
            "<li class=\"step s-{}\"><span class=\"kw\">{}</span>{} <span class=\"dur\">{}</span>",
            esc(&step.result.status),
            esc(&step.keyword),
            esc(&step.name),
            duration(step.result.duration)
        );
        evidence(html, step.result.error_message.as_deref(), &step.embeddings);
        html.push_str("</li>");
    }
    for hook in hooks.filter(|h| h.result.status != "passed") {
        let _ = write!(
            html,
            "<li class=\"step s-{}\">hook {}",
            esc(&hook.result.status),
            esc(&hook.result.status)
        );
        evidence(html, hook.result.error_message.as_deref(), &hook.embeddings);
        html.push_str("</li>");
    }
    html.push_str("</ol></details></article>");
}

/// A step's error message and its logs.
fn evidence(
    html: &mut String,
    error: Option<&str>,
    embeddings: &[super::run_data::CucumberEmbedding],
) {
    if let Some(error) = error {
        let _ = write!(html, "<pre class=\"error\">{}</pre>", esc(error));
    }
    for text in embeddings.iter().filter_map(|e| e.text()) {
        let _ = write!(html, "<pre class=\"log\">{}</pre>", esc(&text));
    }
}

/// A scenario's status from its steps, for one the summary does not list.
fn derived_status(background: Option<&CucumberElement>, element: &CucumberElement) -> String {
    let results = background.into_iter().chain([element]).flat_map(|e| {
        e.steps
            .iter()
            .map(|s| &s.result)
            .chain(e.before.iter().chain(&e.after).map(|h| &h.result))
    });
    let mut status = "passed";
    for r in results {
        match r.status.as_str() {
            "passed" => {}
            "skipped" if status == "passed" => status = "skipped",
            "skipped" => {}
            _ => return "failed".into(),
        }
    }
    status.into()
}

fn reason_block(reason: Option<&str>) -> String {
    reason.map_or_else(String::new, |r| {
        format!("<div class=\"reason\">{}</div>", esc(r))
    })
}

fn badge(status: &str) -> String {
    format!("<span class=\"badge b-{0}\">{0}</span>", esc(status))
}

fn duration(nanos: u64) -> String {
    match nanos {
        0 => String::new(),
        n if n < 1_000_000 => format!("{:.2} ms", n as f64 / 1e6),
        n if n < 1_000_000_000 => format!("{} ms", n / 1_000_000),
        n => format!("{:.1} s", n as f64 / 1e9),
    }
}

/// The id of a scenario's element: `sc-features-a-feature-12`.
fn anchor(file: &str, line: usize) -> String {
    let file = file.rsplit_once("features/").map_or(file, |(_, rest)| rest);
    let slug: String = file
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("sc-{slug}-{line}")
}

/// Escapes text for HTML content and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::run_data::{CucumberFeature, Summary};

    fn sample() -> (Summary, Vec<CucumberFeature>) {
        let summary = serde_json::from_str(include_str!("testdata/summary.json")).unwrap();
        let features = serde_json::from_str(include_str!("testdata/cucumber.json")).unwrap();
        (summary, features)
    }

    fn coverage() -> Coverage {
        let root = crate::package_root();
        Coverage::load(&root, &root.join("features")).unwrap()
    }

    /// The number in the tile `count-<id>`.
    fn tile(html: &str, id: &str) -> usize {
        let start = html.find(&format!("id=\"count-{id}\">")).expect(id) + id.len() + 12;
        html[start..].split('<').next().unwrap().parse().unwrap()
    }

    #[test]
    fn the_tiles_show_the_closing_line_and_the_other_counts() {
        let (summary, features) = sample();
        let html = render(&summary, &features, None, &[]);
        assert_eq!(
            summary.closing_line,
            "acceptance: 4 passed, 2 failed, 2 skipped"
        );
        let tiles: Vec<_> = [
            "passed",
            "failed",
            "skipped",
            "expected-failures",
            "warnings",
        ]
        .iter()
        .map(|id| tile(&html, id))
        .collect();
        assert_eq!(tiles, [4, 2, 2, 1, 1]);
        assert!(!html.contains("differ from its closing line"));
        assert!(
            html.contains("<p id=\"closing-line\">acceptance: 4 passed, 2 failed, 2 skipped</p>")
        );
    }

    #[test]
    fn counts_that_disagree_with_the_closing_line_are_shown() {
        let (mut summary, features) = sample();
        summary.counts.failed = 3;
        let html = render(&summary, &features, None, &[]);
        assert_eq!(
            tile(&html, "failed"),
            2,
            "the closing line is what CI reads"
        );
        assert!(html.contains("differ from its closing line"));
    }

    #[test]
    fn names_reasons_errors_and_logs_are_escaped() {
        let (summary, features) = sample();
        let html = render(&summary, &features, Some(&coverage()), &["a <note>".into()]);
        assert_eq!(
            html.matches("<script").count(),
            1,
            "only the report's own script"
        );
        assert!(!html.contains("<img"));
        assert!(!html.contains("<b>not bold"));
        assert!(
            html.contains(
                "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;"
            )
        );
        assert!(html.contains("&lt;b&gt;not bold&lt;/b&gt; &amp; &lt;/pre&gt;&lt;img src=x"));
        assert!(html.contains("expected HTTP 404, got &lt;400&gt; &amp; &quot;Bad Request&quot;"));
        assert!(
            html.contains("server said &lt;html&gt;"),
            "the step's log, decoded"
        );
        assert!(html.contains("a &lt;note&gt;"));
    }

    #[test]
    fn every_scenario_appears_once_with_its_status_and_reason() {
        let (summary, features) = sample();
        let html = render(&summary, &features, None, &[]);
        assert_eq!(
            html.matches("<article class=\"scenario\"").count(),
            summary.scenarios.len()
        );
        for (status, n) in [
            ("passed", 3),
            ("failed", 1),
            ("fixed", 1),
            ("expected-failure", 1),
            ("skipped", 2),
        ] {
            let found = html.matches(&format!("data-status=\"{status}\"")).count();
            assert_eq!(found, n, "{status}");
        }
        assert!(
            html.contains("server &#39;everything&#39; declares no bearer auth"),
            "skip reason"
        );
        assert!(
            html.contains("remove it from the list"),
            "fixed: the reason"
        );
        assert!(html.contains("Warning: the server sent &lt;notifications/message&gt;"));
        assert!(html.contains(
            "<td>time over http → bridge → client over stdio</td><td class=\"num\">50</td>"
        ));
    }

    #[test]
    fn criteria_take_the_state_of_their_scenarios() {
        let (summary, _) = sample();
        let coverage = coverage();
        let state = |page: &str, id: &str| {
            let page = coverage
                .pages
                .iter()
                .find(|p| p.page.number == page)
                .unwrap();
            let c = page.criteria.iter().find(|c| c.criterion.id == id).unwrap();
            criterion_state(c, &runs_of(&summary, c))
        };
        assert_eq!(state("001", "latency-end-to-end"), CriterionState::Passed);
        assert_eq!(
            state("001", "latency-cache-hit-rate"),
            CriterionState::Uncovered
        );
        assert_eq!(state("001", "6"), CriterionState::NotApplicable);
        assert_eq!(state("002", "12-2"), CriterionState::Passed);
        assert_eq!(state("002", "4-4"), CriterionState::NotRun);
        let mut failed = summary.clone();
        failed
            .scenarios
            .iter_mut()
            .for_each(|s| s.status = "failed".into());
        let page = &coverage
            .pages
            .iter()
            .find(|p| p.page.number == "002")
            .unwrap();
        let c = page
            .criteria
            .iter()
            .find(|c| c.criterion.id == "12-2")
            .unwrap();
        assert_eq!(
            criterion_state(c, &runs_of(&failed, c)),
            CriterionState::Failed
        );
    }

    #[test]
    fn the_report_is_written_as_one_file() {
        let dir = tempfile::tempdir().unwrap();
        let data = crate::package_root().join("src/report/testdata");
        let out = dir.path().join("nested/report.html");
        write_html_report(
            &data.join("summary.json"),
            &data.join("cucumber.json"),
            &out,
        )
        .unwrap();
        let html = std::fs::read_to_string(&out).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>") && html.ends_with("</html>\n"));
        assert!(html.contains("id=\"requirements\""));
        for remote in ["src=\"http", "href=\"http", "url(http", "@import"] {
            assert!(
                !html.contains(remote),
                "loads nothing from the network: {remote}"
            );
        }
        let missing = write_html_report(&dir.path().join("none.json"), &out, &out);
        assert!(format!("{:#}", missing.unwrap_err()).contains("none.json"));
    }
}
