use super::*;
use crate::report::run_data::{CucumberFeature, Summary};

fn sample() -> (Summary, Vec<CucumberFeature>) {
    let summary = serde_json::from_str(include_str!("../testdata/summary.json")).unwrap();
    let features = serde_json::from_str(include_str!("../testdata/cucumber.json")).unwrap();
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
    assert!(html.contains("<p id=\"closing-line\">acceptance: 4 passed, 2 failed, 2 skipped</p>"));
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
        html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;")
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
    assert!(
        html.contains(
            "<td>time over http → bridge → client over stdio</td><td class=\"num\">50</td>"
        )
    );
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
    // Covered since the enterprise scenarios, but not in the sample run.
    assert_eq!(
        state("001", "latency-cache-hit-rate"),
        CriterionState::NotRun
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
