//! A workflow as the features write it: a table with one row per step, `| kind | detail | with |`:
//!
//! | kind | detail | with |
//! |---|---|---|
//! | `user message` | what the user says | arguments (JSON) for the tool the agent chooses |
//! | `tool selection` | a tool name, or `the sample tool` / `the failing tool` (probes) | arguments (JSON); for a probe, `first required argument = VALUE` |
//! | `result processing` | `contains "text"`, `does not contain "text"`, `is a tool error`, `is not a tool error`, `at /json/pointer equals VALUE`, `capture NAME from /json/pointer`, `capture NAME by PATTERN` (group 1) | |
//! | `context update` | a name | its value |
//!
//! `{{name}}` anywhere in a detail or argument is the value of `name` in the context (set by a
//! context update, a capture, or by the simulator: `root`, `sample_tool`, …).

use anyhow::{Result, bail};
use regex::Regex;

/// How the outcome of a run is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Success,
    Partial,
    Failure,
}

impl std::str::FromStr for Verdict {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "success" => Ok(Self::Success),
            "partial" => Ok(Self::Partial),
            "failure" => Ok(Self::Failure),
            other => Err(format!(
                "no outcome \"{other}\" (success, partial, failure)"
            )),
        }
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Success => "success",
            Self::Partial => "partial",
            Self::Failure => "failure",
        })
    }
}

/// Which tool a selection names.
#[derive(Debug, Clone, PartialEq)]
pub enum ToolRef {
    Named(String),
    /// A probe of the registry by role (`sample_tool`, `failing_tool`).
    Probe(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expectation {
    Contains(String),
    Lacks(String),
    ToolError(bool),
    PointerEquals(String, String),
    CaptureFrom(String, String),
    CaptureBy(String, String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    UserMessage { text: String, arguments: String },
    ToolSelection { tool: ToolRef, arguments: String },
    ResultProcessing(Expectation),
    ContextUpdate { name: String, value: String },
}

/// The tools a workflow expects, in order or as a set.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExpectedTools {
    pub tools: Vec<String>,
    pub in_order: bool,
}

#[derive(Debug, Clone)]
pub struct Workflow {
    pub name: String,
    pub steps: Vec<Step>,
    pub expected_tools: ExpectedTools,
    pub expected_outcome: Verdict,
}

impl Workflow {
    /// A workflow from the table's rows (the header row included).
    pub fn from_rows(name: &str, rows: &[Vec<String>]) -> Result<Self> {
        let steps = rows
            .iter()
            .skip(1)
            .enumerate()
            .map(|(index, row)| {
                step(row)
                    .map_err(|e| e.context(format!("row {} of workflow \"{name}\"", index + 1)))
            })
            .collect::<Result<_>>()?;
        Ok(Self {
            name: name.to_owned(),
            steps,
            expected_tools: ExpectedTools::default(),
            expected_outcome: Verdict::Success,
        })
    }
}

impl Workflow {
    /// The probe roles the workflow uses (a probe selection, or `{{sample_tool…}}` in a text).
    pub fn probe_roles(&self) -> std::collections::BTreeSet<String> {
        let mentioned = Regex::new(r"\{\{\s*(sample_tool|failing_tool)").expect("valid");
        let mut texts: Vec<&str> = self
            .expected_tools
            .tools
            .iter()
            .map(String::as_str)
            .collect();
        let mut roles = std::collections::BTreeSet::new();
        for step in &self.steps {
            match step {
                Step::UserMessage { text, arguments } => texts.extend([text.as_str(), arguments]),
                Step::ToolSelection { tool, arguments } => {
                    texts.push(arguments);
                    if let ToolRef::Probe(role) = tool {
                        roles.insert(role.clone());
                    }
                }
                Step::ResultProcessing(Expectation::Contains(t) | Expectation::Lacks(t)) => {
                    texts.push(t)
                }
                Step::ContextUpdate { value, .. } => texts.push(value),
                Step::ResultProcessing(_) => {}
            }
        }
        for text in texts {
            roles.extend(mentioned.captures_iter(text).map(|c| c[1].to_owned()));
        }
        roles
    }
}

fn step(row: &[String]) -> Result<Step> {
    let cell = |i: usize| row.get(i).map_or("", |s| s.trim()).to_owned();
    let (kind, detail, with) = (cell(0), cell(1), cell(2));
    Ok(match kind.as_str() {
        "user message" => Step::UserMessage {
            text: detail,
            arguments: with,
        },
        "tool selection" => Step::ToolSelection {
            tool: match detail.as_str() {
                "the sample tool" => ToolRef::Probe("sample_tool".to_owned()),
                "the failing tool" => ToolRef::Probe("failing_tool".to_owned()),
                name => ToolRef::Named(name.to_owned()),
            },
            arguments: with,
        },
        "result processing" => Step::ResultProcessing(expectation(&detail)?),
        "context update" => Step::ContextUpdate {
            name: detail,
            value: with,
        },
        other => bail!(
            "no step kind \"{other}\" (user message, tool selection, result processing, context update)"
        ),
    })
}

fn expectation(detail: &str) -> Result<Expectation> {
    let quoted = |prefix: &str| {
        detail
            .strip_prefix(prefix)
            .and_then(|rest| rest.trim().strip_prefix('"')?.strip_suffix('"'))
            .map(str::to_owned)
    };
    if let Some(text) = quoted("contains ") {
        return Ok(Expectation::Contains(text));
    }
    if let Some(text) = quoted("does not contain ") {
        return Ok(Expectation::Lacks(text));
    }
    match detail {
        "is a tool error" => return Ok(Expectation::ToolError(true)),
        "is not a tool error" => return Ok(Expectation::ToolError(false)),
        _ => {}
    }
    let pointer = Regex::new(r"^at (/\S*) equals (.+)$")?;
    if let Some(c) = pointer.captures(detail) {
        return Ok(Expectation::PointerEquals(c[1].to_owned(), c[2].to_owned()));
    }
    let from = Regex::new(r"^capture (\w+) from (/\S*)$")?;
    if let Some(c) = from.captures(detail) {
        return Ok(Expectation::CaptureFrom(c[1].to_owned(), c[2].to_owned()));
    }
    let by = Regex::new(r"^capture (\w+) by (.+)$")?;
    if let Some(c) = by.captures(detail) {
        Regex::new(&c[2])?;
        return Ok(Expectation::CaptureBy(c[1].to_owned(), c[2].to_owned()));
    }
    bail!("no expectation \"{detail}\"")
}

/// `{{name}}` replaced by the context's values; in JSON text a value is escaped for a string.
pub fn fill(
    text: &str,
    context: &std::collections::BTreeMap<String, String>,
    json: bool,
) -> Result<String> {
    let pattern = Regex::new(r"\{\{\s*([\w.]+)\s*\}\}")?;
    let mut missing = None;
    let filled = pattern.replace_all(text, |c: &regex::Captures| match context.get(&c[1]) {
        Some(value) if json => {
            let quoted = serde_json::to_string(value).unwrap_or_default();
            quoted[1..quoted.len() - 1].to_owned()
        }
        Some(value) => value.clone(),
        None => {
            missing = Some(c[1].to_owned());
            String::new()
        }
    });
    match missing {
        Some(name) => bail!("the workflow uses {{{{{name}}}}}, which no earlier step set"),
        None => Ok(filled.into_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(rows: &[[&str; 3]]) -> Vec<Vec<String>> {
        std::iter::once(["kind", "detail", "with"])
            .chain(rows.iter().copied())
            .map(|r| r.iter().map(|s| s.to_string()).collect())
            .collect()
    }

    #[test]
    fn the_four_kinds_are_read_from_a_table() {
        let workflow = Workflow::from_rows(
            "notes",
            &rows(&[
                [
                    "user message",
                    "Create a directory",
                    r#"{"path":"{{root}}/n"}"#,
                ],
                ["tool selection", "the sample tool", ""],
                ["result processing", r#"contains "hi""#, ""],
                ["result processing", "capture path by wrote to (\\S+)", ""],
                ["result processing", "at /isError equals false", ""],
                ["context update", "greeting", "hello"],
            ]),
        )
        .unwrap();
        assert_eq!(workflow.steps.len(), 6);
        assert_eq!(
            workflow.steps[1],
            Step::ToolSelection {
                tool: ToolRef::Probe("sample_tool".into()),
                arguments: String::new()
            }
        );
        assert_eq!(
            workflow.steps[4],
            Step::ResultProcessing(Expectation::PointerEquals(
                "/isError".into(),
                "false".into()
            ))
        );
        let bad = Workflow::from_rows("x", &rows(&[["dance", "", ""]]));
        assert!(format!("{:#}", bad.unwrap_err()).contains("row 1"));
    }

    #[test]
    fn templates_take_context_values_and_escape_them_in_json() {
        let context = [("note".to_owned(), "a \"b\"".to_owned())]
            .into_iter()
            .collect();
        assert_eq!(
            fill(r#"{"x":"{{note}}"}"#, &context, true).unwrap(),
            r#"{"x":"a \"b\""}"#
        );
        assert_eq!(
            fill("say {{ note }}", &context, false).unwrap(),
            "say a \"b\""
        );
        assert!(fill("{{nothing}}", &context, false).is_err());
    }
}
