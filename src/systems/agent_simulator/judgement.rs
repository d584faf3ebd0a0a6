//! What a run came to, and whether that is what the workflow expected: `success` when every
//! expectation held; `partial` when an expected tool succeeded and some expectation failed or a
//! tool errored; `failure` when no expected tool succeeded or the session broke. A mismatch (of
//! the outcome or of the tools used) fails with every turn: tool, arguments, what came back.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use anyhow::{Result, bail};

use super::simulator::{Run, Turn};
use super::workflow::{Verdict, Workflow, fill};
use crate::mcp::link::shorten;

/// The expected tools with the run's context filled in (`{{sample_tool}}`).
pub fn expected_tools(workflow: &Workflow, run: &Run) -> Result<Vec<String>> {
    workflow
        .expected_tools
        .tools
        .iter()
        .map(|tool| fill(tool, &run.context, false))
        .collect()
}

pub fn verdict(run: &Run, expected: &[String]) -> Verdict {
    if run.broke.is_some() {
        return Verdict::Failure;
    }
    let expected_succeeded = run
        .turns
        .iter()
        .any(|turn| turn.succeeded() && (expected.is_empty() || expected.contains(&turn.tool)));
    let troubled = run
        .turns
        .iter()
        .any(|turn| !turn.problems.is_empty() || turn.unexpected_error.is_some());
    match (expected_succeeded, troubled) {
        (false, _) => Verdict::Failure,
        (true, true) => Verdict::Partial,
        (true, false) => Verdict::Success,
    }
}

/// The run must end as the workflow expects, with the tools it expects.
pub fn check(workflow: &Workflow, run: &Run) -> Result<()> {
    let expected = expected_tools(workflow, run)?;
    let used: Vec<String> = run.turns.iter().map(|t| t.tool.clone()).collect();
    let tools_match = if workflow.expected_tools.in_order {
        used == expected
    } else {
        used.iter().collect::<BTreeSet<_>>() == expected.iter().collect::<BTreeSet<_>>()
    };
    let verdict = verdict(run, &expected);
    if verdict == workflow.expected_outcome && (expected.is_empty() || tools_match) {
        return Ok(());
    }
    let order = if workflow.expected_tools.in_order {
        "in order"
    } else {
        "as a set"
    };
    bail!(
        "workflow \"{}\" ended in {verdict}, expected {}; tools used {used:?}, expected {expected:?} {order}\n{}",
        workflow.name,
        workflow.expected_outcome,
        report(run)
    )
}

/// Every turn: the message, the tool, the arguments sent, what came back, what did not hold.
pub fn report(run: &Run) -> String {
    let mut out = String::new();
    for turn in &run.turns {
        let _ = writeln!(out, "{}", describe(turn));
    }
    if let Some(broke) = &run.broke {
        let _ = writeln!(out, "the session broke: {broke}");
    }
    let states: Vec<String> = run.states.iter().map(ToString::to_string).collect();
    let _ = write!(out, "states: {}", states.join(" → "));
    out
}

fn describe(turn: &Turn) -> String {
    let how = if turn.chosen {
        "chosen from the descriptions"
    } else {
        "named by the workflow"
    };
    let came = match &turn.reply {
        Ok(result) => shorten(&result.to_string(), 400),
        Err(error) => format!("error {error}"),
    };
    let mut problems = turn.problems.clone();
    problems.extend(turn.unexpected_error.clone());
    format!(
        "turn {} ({:?}): tool \"{}\" ({how}) with {} in {} ms → {came}{}",
        turn.number,
        turn.message.as_deref().unwrap_or(""),
        turn.tool,
        turn.arguments,
        turn.latency.as_millis(),
        if problems.is_empty() {
            String::new()
        } else {
            format!("\n    did not hold: {}", problems.join("; "))
        }
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::time::Duration;

    fn turn(tool: &str, ok: bool, problems: &[&str]) -> Turn {
        Turn {
            number: 1,
            message: None,
            tool: tool.to_owned(),
            chosen: false,
            arguments: json!({}),
            reply: if ok {
                Ok(json!({"content": []}))
            } else {
                Err("-32602: unknown tool".into())
            },
            latency: Duration::ZERO,
            problems: problems.iter().map(|p| p.to_string()).collect(),
            unexpected_error: (!ok).then(|| "the call failed".to_owned()),
        }
    }

    fn run(turns: Vec<Turn>) -> Run {
        Run {
            turns,
            ..Run::default()
        }
    }

    #[test]
    fn success_partial_and_failure() {
        let expected = vec!["echo".to_owned(), "add".to_owned()];
        assert_eq!(
            verdict(&run(vec![turn("echo", true, &[])]), &expected),
            Verdict::Success
        );
        let partial = run(vec![turn("echo", true, &[]), turn("add", false, &[])]);
        assert_eq!(verdict(&partial, &expected), Verdict::Partial);
        let unmet = run(vec![turn(
            "echo",
            true,
            &["the result does not contain \"x\""],
        )]);
        assert_eq!(verdict(&unmet, &expected), Verdict::Partial);
        assert_eq!(
            verdict(&run(vec![turn("add", false, &[])]), &expected),
            Verdict::Failure
        );
        let mut broke = run(vec![turn("echo", true, &[])]);
        broke.broke = Some("closed".into());
        assert_eq!(verdict(&broke, &expected), Verdict::Failure);
    }
}
