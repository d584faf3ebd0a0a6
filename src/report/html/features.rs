//! Every feature with its scenarios: status, reason, warnings, and steps with their errors and logs.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use super::{anchor, badge, duration, esc, reason_block};
use crate::report::run_data::{
    CucumberElement, CucumberEmbedding, CucumberFeature, Summary, SummaryScenario, same_file,
};

pub(super) fn render_features(html: &mut String, summary: &Summary, features: &[CucumberFeature]) {
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
fn evidence(html: &mut String, error: Option<&str>, embeddings: &[CucumberEmbedding]) {
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
