//! Shapes of the registry probes the resource, prompt and completion scenarios read
//! (fixtures/servers.toml documents every role). Tool probes are [`crate::mcp::registry::ToolProbe`].

use serde::Deserialize;
use serde_json::{Map, Value};

use std::str::FromStr;
use std::time::Duration;

use crate::checks::expect;
use crate::mcp::registry::ToolProbe;
use crate::world::McpWorld;

/// A resource to read: `{ uri }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceProbe {
    pub uri: String,
}

/// A resource to subscribe to, and the tool call that makes it change. Without `trigger` the
/// server is expected to change the resource on its own within the wait bound.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WatchedResourceProbe {
    pub uri: String,
    pub trigger: Option<ToolProbe>,
}

/// A prompt and the arguments to get it with.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PromptProbe {
    pub name: String,
    #[serde(default)]
    pub arguments: Map<String, Value>,
}

/// A `completion/complete` request: what to complete (`ref`), the argument and its partial
/// value, optional `context`, and values the answer must include.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompletionProbe {
    #[serde(rename = "ref")]
    pub reference: Value,
    pub argument: CompletionArgument,
    pub context: Option<Value>,
    #[serde(default)]
    pub expect_values: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompletionArgument {
    pub name: String,
    pub value: String,
}

impl CompletionProbe {
    /// The request's params.
    pub fn params(&self) -> Value {
        let mut params = serde_json::json!({
            "ref": self.reference,
            "argument": {"name": self.argument.name, "value": self.argument.value},
        });
        if let Some(context) = &self.context {
            params["context"] = context.clone();
        }
        params
    }
}

/// A role a probe tool plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, cucumber::Parameter)]
#[param(
    name = "probe",
    regex = "sampling|URL elicitation|elicitation|roots|logging|progress|slow|sample|failing"
)]
pub enum ProbeTool {
    Sampling,
    /// A tool that sends the user to a web page (URL mode elicitation).
    UrlElicitation,
    Elicitation,
    Roots,
    Logging,
    Progress,
    Slow,
    /// A quick, safe tool that succeeds.
    Sample,
    /// A tool that fails with a tool error.
    Failing,
}

impl ProbeTool {
    /// The probe's key in the registry.
    pub fn role(self) -> &'static str {
        match self {
            Self::Sampling => "sampling_tool",
            Self::UrlElicitation => "url_elicitation_tool",
            Self::Elicitation => "elicitation_tool",
            Self::Roots => "roots_tool",
            Self::Logging => "logging_tool",
            Self::Progress => "progress_tool",
            Self::Slow => "slow_tool",
            Self::Sample => "sample_tool",
            Self::Failing => "failing_tool",
        }
    }
}

impl FromStr for ProbeTool {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "sampling" => Self::Sampling,
            "URL elicitation" => Self::UrlElicitation,
            "elicitation" => Self::Elicitation,
            "roots" => Self::Roots,
            "logging" => Self::Logging,
            "progress" => Self::Progress,
            "slow" => Self::Slow,
            "sample" => Self::Sample,
            "failing" => Self::Failing,
            other => return Err(format!("no probe tool role \"{other}\"")),
        })
    }
}

/// The target's probe for `tool`, or a skip naming the missing probe.
pub fn probe(world: &McpWorld, tool: ProbeTool) -> anyhow::Result<ToolProbe> {
    world.required_probe(tool.role())
}

/// The probe's `expect_text`, when configured, is in the result `text` of `request`
/// (server-specific evidence that the tool did its work).
pub fn check_expected_text(
    world: &McpWorld,
    tool: ProbeTool,
    request: &str,
    text: &str,
) -> anyhow::Result<()> {
    let Some(expected) = probe(world, tool)?.expect_text else {
        return Ok(());
    };
    let what = format!("the {} probe's expect_text", tool.role());
    expect::text_contains(request, text, &expected, &what)
}

/// The call the cancellation scenarios cancel, and how long it takes uncancelled.
pub struct Cancellable {
    pub probe: ToolProbe,
    pub answers_after: Duration,
}

/// The slow tool's time when its probe does not say (the registry documents "about 2 seconds").
const SLOW_TOOL_TIME: Duration = Duration::from_secs(2);
/// The least time waited past the call's own for its answer (scheduling on a loaded machine).
const LEAST_MARGIN: Duration = Duration::from_millis(500);

impl Cancellable {
    /// How long to wait after the cancellation for the answer that must not come: the call's
    /// time, plus half of it (at least [`LEAST_MARGIN`]), so a server that ignores the
    /// cancellation and answers on time is caught. For the 2-second slow tool: 3 seconds.
    pub fn silence_after_cancel(&self) -> Duration {
        self.answers_after + (self.answers_after / 2).max(LEAST_MARGIN)
    }
}

/// The target's `cancellable_tool` (its `answers_after_ms` says how long it takes), or else its
/// slow tool, taken to take 2 seconds; a skip when it has neither.
pub fn cancellable_probe(world: &McpWorld) -> anyhow::Result<Cancellable> {
    if let Some(probe) = world.target()?.probe::<ToolProbe>("cancellable_tool")? {
        let Some(ms) = probe.answers_after_ms else {
            anyhow::bail!(
                "the cancellable_tool probe must say how long it takes (answers_after_ms)"
            );
        };
        let answers_after = Duration::from_millis(ms);
        return Ok(Cancellable {
            probe,
            answers_after,
        });
    }
    Ok(Cancellable {
        probe: probe(world, ProbeTool::Slow)?,
        answers_after: SLOW_TOOL_TIME,
    })
}

#[cfg(test)]
mod waits {
    use super::*;

    fn waited_after(answers_after_ms: u64) -> Duration {
        let probe = serde_json::from_value(serde_json::json!({"name": "sleep"})).unwrap();
        let answers_after = Duration::from_millis(answers_after_ms);
        Cancellable {
            probe,
            answers_after,
        }
        .silence_after_cancel()
    }

    #[test]
    fn the_wait_ends_past_the_calls_own_time() {
        assert_eq!(waited_after(2000), Duration::from_secs(3));
        assert_eq!(waited_after(250), Duration::from_millis(750));
        assert!(waited_after(0) >= LEAST_MARGIN);
    }
}
