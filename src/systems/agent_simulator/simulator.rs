//! The simulated agent: a state machine (idle → choosing a tool → awaiting the result →
//! processing → responding → done | failed) that runs a workflow over a real MCP session, turn by
//! turn, carrying what one result produced into the next call.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use regex::Regex;
use serde_json::{Map, Value};

use super::selection;
use super::workflow::{Expectation, Step, ToolRef, Workflow, fill};
use crate::harness::latency;
use crate::mcp::link::shorten;
use crate::mcp::registry::ToolProbe;
use crate::mcp::session::McpSession;
use crate::world::McpWorld;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Idle,
    ChoosingTool,
    AwaitingResult,
    Processing,
    Responding,
    Done,
    Failed,
}

impl std::fmt::Display for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Idle => "idle",
            Self::ChoosingTool => "choosing a tool",
            Self::AwaitingResult => "awaiting the result",
            Self::Processing => "processing",
            Self::Responding => "responding",
            Self::Done => "done",
            Self::Failed => "failed",
        })
    }
}

/// One tool call of the conversation and what came of it.
#[derive(Debug, Clone)]
pub struct Turn {
    pub number: usize,
    pub message: Option<String>,
    pub tool: String,
    /// Chosen by the simulator from the tools' names and descriptions.
    pub chosen: bool,
    pub arguments: Value,
    /// The result, or the JSON-RPC error that refused the call.
    pub reply: std::result::Result<Value, String>,
    pub latency: Duration,
    /// Expectations that did not hold.
    pub problems: Vec<String>,
    /// The call reported a tool error (or was refused) and no step expected it.
    pub unexpected_error: Option<String>,
}

impl Turn {
    pub fn succeeded(&self) -> bool {
        self.reply.is_ok() && self.unexpected_error.is_none() && !self.is_error()
    }

    fn is_error(&self) -> bool {
        match &self.reply {
            Ok(result) => result.get("isError") == Some(&Value::Bool(true)),
            Err(_) => true,
        }
    }

    /// The text an expectation reads: every text item and the structured content, or the error.
    pub fn text(&self) -> String {
        match &self.reply {
            Ok(result) => {
                let mut parts: Vec<String> = result
                    .get("content")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|item| item.get("text").and_then(Value::as_str))
                    .map(str::to_owned)
                    .collect();
                if let Some(structured) = result.get("structuredContent") {
                    parts.push(structured.to_string());
                }
                parts.join("\n")
            }
            Err(error) => error.clone(),
        }
    }
}

/// A run of a workflow.
#[derive(Debug, Default)]
pub struct Run {
    pub conversation: Vec<(String, String)>,
    pub turns: Vec<Turn>,
    pub states: Vec<State>,
    pub context: BTreeMap<String, String>,
    /// The agent's final answer, composed from the results.
    pub response: String,
    /// The session broke: the error.
    pub broke: Option<String>,
}

/// What the simulator knows before it starts: the listed tools, the probes by role, the values
/// the scenario put in the context.
pub struct Setting {
    pub tools: Vec<Value>,
    pub probes: BTreeMap<String, ToolProbe>,
    pub context: BTreeMap<String, String>,
}

/// Runs the scenario's workflow over its default session (probes it uses are required: a
/// missing one skips the scenario), prints each turn's latency and keeps the run.
pub async fn run_in(world: &mut McpWorld) -> Result<()> {
    let workflow = world.agent.workflow()?.clone();
    let mut probes = BTreeMap::new();
    for role in workflow.probe_roles() {
        probes.insert(role.clone(), world.required_probe::<ToolProbe>(&role)?);
    }
    let mut context = world.agent.context();
    if let Some(files) = world.hub.files_folder() {
        // Through the hub, the filesystem backend serves the hub scenario's `files` folder.
        context
            .entry("root".to_owned())
            .or_insert_with(|| files.display().to_string());
    }
    let session = world.client()?;
    let tools = session.listed_tools().await?;
    let run = run(
        &workflow,
        session,
        Setting {
            tools,
            probes,
            context,
        },
    )
    .await;
    latency::report(format!(
        "agent workflow \"{}\": {}",
        workflow.name,
        run.latencies()
    ));
    world.agent.run = Some(run);
    Ok(())
}

pub async fn run(workflow: &Workflow, session: &mut McpSession, setting: Setting) -> Run {
    let mut run = Run {
        context: setting.context.clone(),
        ..Run::default()
    };
    for (role, probe) in &setting.probes {
        run.context.insert(role.clone(), probe.name.clone());
        let description = description_of(&setting.tools, &probe.name);
        run.context
            .insert(format!("{role}.description"), description);
    }
    run.enter(State::Idle);
    let mut message: Option<String> = None;
    for (index, step) in workflow.steps.iter().enumerate() {
        if let Err(error) = perform(&mut run, step, &mut message, session, &setting).await {
            run.broke = Some(format!("step {} ({step:?}): {error:#}", index + 1));
            run.enter(State::Failed);
            return run;
        }
        // A message that no tool selection follows: the agent chooses a tool for it.
        let next_is_selection = matches!(
            workflow.steps.get(index + 1),
            Some(Step::ToolSelection { .. })
        );
        if let (Some(text), Step::UserMessage { arguments, .. }) = (&message, step)
            && !next_is_selection
        {
            let text = text.clone();
            if let Err(error) = choose_and_call(&mut run, &text, arguments, session, &setting).await
            {
                run.broke = Some(format!("step {} (user message): {error:#}", index + 1));
                run.enter(State::Failed);
                return run;
            }
            message = None;
        }
    }
    run.enter(State::Responding);
    run.response = compose_response(&run.turns);
    run.conversation
        .push(("assistant".to_owned(), run.response.clone()));
    run.enter(State::Done);
    run
}

impl Run {
    /// Each turn's tool and latency, for the run's latency lines.
    pub fn latencies(&self) -> String {
        let turns: Vec<String> = self
            .turns
            .iter()
            .map(|t| format!("{} {} ms", t.tool, t.latency.as_millis()))
            .collect();
        turns.join(", ")
    }

    fn enter(&mut self, state: State) {
        if self.states.last() != Some(&state) {
            self.states.push(state);
        }
    }
}

async fn perform(
    run: &mut Run,
    step: &Step,
    message: &mut Option<String>,
    session: &mut McpSession,
    setting: &Setting,
) -> Result<()> {
    match step {
        Step::UserMessage { text, .. } => {
            let text = fill(text, &run.context, false)?;
            run.conversation.push(("user".to_owned(), text.clone()));
            *message = Some(text);
        }
        Step::ToolSelection { tool, arguments } => {
            run.enter(State::ChoosingTool);
            let (name, arguments) = resolve(tool, arguments, &run.context, setting)?;
            call(run, message.take(), name, arguments, false, session).await?;
        }
        Step::ResultProcessing(expectation) => {
            run.enter(State::Processing);
            let context = run.context.clone();
            let turn = run
                .turns
                .last_mut()
                .context("a result is processed before any tool was called")?;
            if let Some((name, value)) = process(turn, expectation, &context)? {
                run.context.insert(name, value);
            }
        }
        Step::ContextUpdate { name, value } => {
            let value = fill(value, &run.context, false)?;
            run.context.insert(name.clone(), value);
        }
    }
    Ok(())
}

async fn choose_and_call(
    run: &mut Run,
    text: &str,
    arguments: &str,
    session: &mut McpSession,
    setting: &Setting,
) -> Result<()> {
    run.enter(State::ChoosingTool);
    let Some((name, _)) = selection::choose(text, &setting.tools) else {
        bail!("no listed tool shares a word with the message \"{text}\"");
    };
    // Without arguments in the table, the agent fills in those of the tool's probe, if any.
    let example = setting.probes.values().find(|probe| probe.name == name);
    let arguments = match example {
        Some(probe) if arguments.trim().is_empty() => probe.arguments.clone(),
        _ => arguments_from(arguments, &run.context)?,
    };
    call(run, Some(text.to_owned()), name, arguments, true, session).await
}

async fn call(
    run: &mut Run,
    message: Option<String>,
    tool: String,
    arguments: Map<String, Value>,
    chosen: bool,
    session: &mut McpSession,
) -> Result<()> {
    run.enter(State::AwaitingResult);
    let started = Instant::now();
    let reply = session.call_tool(&tool, arguments.clone()).await?;
    let latency = started.elapsed();
    let reply = reply.map_err(|error| error.to_string());
    let mut turn = Turn {
        number: run.turns.len() + 1,
        message,
        tool,
        chosen,
        arguments: Value::Object(arguments),
        reply,
        latency,
        problems: Vec::new(),
        unexpected_error: None,
    };
    if turn.is_error() {
        turn.unexpected_error = Some(format!("the call failed: {}", shorten(&turn.text(), 300)));
    }
    run.turns.push(turn);
    run.enter(State::Processing);
    Ok(())
}

/// The tool and arguments a selection names; a probe's own arguments, with the table's on top
/// (`first required argument = VALUE` sets the first argument its input schema requires).
fn resolve(
    tool: &ToolRef,
    arguments: &str,
    context: &BTreeMap<String, String>,
    setting: &Setting,
) -> Result<(String, Map<String, Value>)> {
    match tool {
        ToolRef::Named(name) => Ok((
            fill(name, context, false)?,
            arguments_from(arguments, context)?,
        )),
        ToolRef::Probe(role) => {
            let probe = setting
                .probes
                .get(role)
                .with_context(|| format!("no {role} probe"))?;
            let mut args = probe.arguments.clone();
            if let Some(value) = arguments.trim().strip_prefix("first required argument =") {
                let required = first_required(&setting.tools, &probe.name)
                    .with_context(|| format!("the tool \"{}\" requires no argument", probe.name))?;
                args.insert(required, Value::String(fill(value.trim(), context, false)?));
            } else {
                args.extend(arguments_from(arguments, context)?);
            }
            Ok((probe.name.clone(), args))
        }
    }
}

fn arguments_from(text: &str, context: &BTreeMap<String, String>) -> Result<Map<String, Value>> {
    if text.trim().is_empty() {
        return Ok(Map::new());
    }
    let filled = fill(text, context, true)?;
    serde_json::from_str(&filled)
        .with_context(|| format!("the arguments are not a JSON object: {filled}"))
}

fn description_of(tools: &[Value], name: &str) -> String {
    tools
        .iter()
        .find(|t| t.get("name").and_then(Value::as_str) == Some(name))
        .and_then(|t| t.get("description").and_then(Value::as_str))
        .unwrap_or_default()
        .to_owned()
}

fn first_required(tools: &[Value], name: &str) -> Option<String> {
    let tool = tools
        .iter()
        .find(|t| t.get("name").and_then(Value::as_str) == Some(name))?;
    Some(
        tool.pointer("/inputSchema/required/0")?
            .as_str()?
            .to_owned(),
    )
}

/// Applies one expectation to the turn; a capture returns the value to remember.
fn process(
    turn: &mut Turn,
    expectation: &Expectation,
    context: &BTreeMap<String, String>,
) -> Result<Option<(String, String)>> {
    let text = turn.text();
    let mut problem = None;
    let mut captured = None;
    match expectation {
        Expectation::Contains(wanted) => {
            let wanted = fill(wanted, context, false)?;
            if !text.contains(&wanted) {
                problem = Some(format!("the result does not contain \"{wanted}\""));
            }
        }
        Expectation::Lacks(unwanted) => {
            let unwanted = fill(unwanted, context, false)?;
            if text.contains(&unwanted) {
                problem = Some(format!("the result contains \"{unwanted}\""));
            }
        }
        Expectation::ToolError(true) if turn.is_error() => turn.unexpected_error = None,
        Expectation::ToolError(true) => {
            problem = Some("the call was expected to fail, it succeeded".to_owned())
        }
        Expectation::ToolError(false) if turn.is_error() => {
            problem = Some("the call was expected to succeed".to_owned())
        }
        Expectation::ToolError(false) => {}
        Expectation::PointerEquals(pointer, value) => {
            let value = fill(value, context, false)?;
            let expected = serde_json::from_str(&value).unwrap_or(Value::String(value));
            let got = turn.reply.as_ref().ok().and_then(|r| r.pointer(pointer));
            if got != Some(&expected) {
                problem = Some(format!(
                    "at {pointer} the result has {got:?}, not {expected}"
                ));
            }
        }
        Expectation::CaptureFrom(name, pointer) => {
            match turn.reply.as_ref().ok().and_then(|r| r.pointer(pointer)) {
                Some(Value::String(s)) => captured = Some((name.clone(), s.clone())),
                Some(other) => captured = Some((name.clone(), other.to_string())),
                None => problem = Some(format!("nothing at {pointer} to capture as {name}")),
            }
        }
        Expectation::CaptureBy(name, pattern) => {
            let found = Regex::new(pattern)?
                .captures(&text)
                .and_then(|c| c.get(1).map(|m| m.as_str().to_owned()));
            match found {
                Some(value) => captured = Some((name.clone(), value)),
                None => problem = Some(format!("no match of {pattern} to capture as {name}")),
            }
        }
    }
    turn.problems.extend(problem);
    Ok(captured)
}

/// The agent's answer: one line per turn, the tool and the start of what it returned.
fn compose_response(turns: &[Turn]) -> String {
    turns
        .iter()
        .map(|turn| format!("{}: {}", turn.tool, shorten(&turn.text(), 200)))
        .collect::<Vec<_>>()
        .join("\n")
}
