//! Per requirement page, the state of each criterion in this run, from its scenarios' outcomes.

use std::fmt::Write as _;

use super::{anchor, badge, esc};
use crate::report::coverage::{Coverage, CriterionCoverage};
use crate::report::run_data::{Summary, SummaryScenario, same_file};

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

pub(super) fn render_requirements(html: &mut String, summary: &Summary, coverage: &Coverage) {
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
