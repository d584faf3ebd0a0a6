//! The HTML report of a run: one self-contained file (inline CSS and script, no network) with
//! the summary, the failures with their evidence, expected failures, skips and warnings with
//! their reasons, the latency table, per requirement page the state of each criterion, and
//! every feature's scenarios with their steps.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::Context;

mod features;
mod requirements;
#[cfg(test)]
mod tests;

use features::render_features;
use requirements::render_requirements;
pub use requirements::{CriterionState, criterion_state, runs_of};

use super::coverage::Coverage;
use super::run_data::{
    CucumberFeature, Summary, SummaryScenario, parse_closing_line, read_cucumber, read_summary,
};

const STYLE: &str = include_str!("../assets/report.css");
const SCRIPT: &str = include_str!("../assets/report.js");

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
pub(super) fn reason_block(reason: Option<&str>) -> String {
    reason.map_or_else(String::new, |r| {
        format!("<div class=\"reason\">{}</div>", esc(r))
    })
}

pub(super) fn badge(status: &str) -> String {
    format!("<span class=\"badge b-{0}\">{0}</span>", esc(status))
}

pub(super) fn duration(nanos: u64) -> String {
    match nanos {
        0 => String::new(),
        n if n < 1_000_000 => format!("{:.2} ms", n as f64 / 1e6),
        n if n < 1_000_000_000 => format!("{} ms", n / 1_000_000),
        n => format!("{:.1} s", n as f64 / 1e9),
    }
}

/// The id of a scenario's element: `sc-features-a-feature-12`.
pub(super) fn anchor(file: &str, line: usize) -> String {
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
