//! Steps of `features/protocol/input_required.feature`: multi round-trip requests (2026-07-28).

use anyhow::{Context, Result, bail};
use cucumber::{then, when};
use serde_json::{Value, json};

use crate::checks::input_required as checks;
use crate::harness::skip::skip_scenario;
use crate::mcp::input_required::{
    Answered, CLIENT_FEATURES, Call, InputRequiredScenario, ROOT_URI, Retry, SAMPLED_TEXT,
    answers_to, capability_of, declaring, forged, request_declaring, send,
};
use crate::mcp::probes::{ProbeTool, probe};
use crate::mcp::registry::ToolProbe;
use crate::steps::StepResult;
use crate::world::McpWorld;

/// Most rounds of input a call may ask for before the suite calls it endless.
const MAX_ROUNDS: usize = 5;

/// The requests the lists scenario sends: none may ask for input.
const LIST_METHODS: [&str; 5] = [
    "server/discover",
    "tools/list",
    "resources/list",
    "resources/templates/list",
    "prompts/list",
];

#[when(
    regex = r"^the client calls the (sampling|elicitation|roots) tool without a handshake, declaring (sampling, elicitation and roots|everything but sampling|everything but elicitation|everything but roots|elicitation without modes)$"
)]
async fn call_feature_tool(world: &mut McpWorld, feature: String, declared: String) -> StepResult {
    let called: ProbeTool = feature.parse().map_err(anyhow::Error::msg)?;
    if declared == "elicitation without modes" {
        // An empty elicitation capability: form mode, as before modes existed.
        let tool = probe(world, called)?;
        return start(world, called, tool, json!({"elicitation": {}})).await;
    }
    let left_out = declared.strip_prefix("everything but ").unwrap_or("");
    let features: Vec<ProbeTool> = CLIENT_FEATURES
        .into_iter()
        .filter(|f| capability_of(*f) != left_out)
        .collect();
    let tool = probe(world, called)?;
    start(world, called, tool, declaring(&features)).await
}

#[when("the client calls a tool that needs input without a handshake")]
async fn call_any_feature_tool(world: &mut McpWorld) -> StepResult {
    let (called, tool) = first_feature_tool(world, None)?;
    start(world, called, tool, declaring(&CLIENT_FEATURES)).await
}

#[then("the server asks for input in its answer, with well-formed requests")]
async fn asks_for_input(world: &mut McpWorld) -> StepResult {
    let scenario = &mut world.input_required;
    let declared = &scenario.call()?.capabilities;
    let asked = checks::asks_for_input(scenario.last()?, declared)?.clone();
    scenario.asked = Some(asked);
    checks::unique_input_request_keys(&world.raw()?.link.frames.frames())
}

#[when("the client answers the input requests and sends the call again")]
async fn answer_and_retry(world: &mut McpWorld) -> StepResult {
    for _ in 0..MAX_ROUNDS {
        let retry = answering(&world.input_required)?;
        let answered = retry_call(world, &retry).await?;
        let declared = &world.input_required.call()?.capabilities;
        let Some(asked) = checks::input_required(&answered).cloned() else {
            world.input_required.answers.push(answered);
            return Ok(());
        };
        checks::asks_for_input(&answered, declared)?;
        world.input_required.asked = Some(asked);
    }
    bail!("the server still asked for input after {MAX_ROUNDS} rounds of answers")
}

#[then("the call completes with the client's input")]
async fn completes(world: &mut McpWorld) -> StepResult {
    let scenario = &world.input_required;
    let expected = match scenario.call()?.probe {
        ProbeTool::Sampling => Some(SAMPLED_TEXT),
        ProbeTool::Roots => Some(ROOT_URI),
        _ => None,
    };
    checks::completed(scenario.last()?, expected)
}

#[then("the server sent no request of its own")]
async fn no_server_requests(world: &mut McpWorld) -> StepResult {
    checks::no_server_requests(world.raw()?.messages_seen())
}

#[when(
    "the client lists the tools, resources and prompts without a handshake, declaring sampling, elicitation and roots"
)]
async fn list_everything(world: &mut McpWorld) -> StepResult {
    let capabilities = declaring(&CLIENT_FEATURES);
    for method in LIST_METHODS {
        let request = format!("{method} declaring {capabilities}");
        let raw = world.raw()?;
        let answered = request_declaring(raw, method, json!({}), &capabilities, request).await?;
        world.input_required.answers.push(answered);
    }
    Ok(())
}

#[then("none of those answers asks for input")]
async fn none_asks(world: &mut McpWorld) -> StepResult {
    for answered in &world.input_required.answers {
        let method = answered.request.split(' ').next().unwrap_or_default();
        checks::no_input_asked_on(method, answered)?;
    }
    Ok(())
}

#[then("the server does not ask the client for what it did not declare")]
async fn not_undeclared(world: &mut McpWorld) -> StepResult {
    let scenario = &world.input_required;
    let last = scenario.last()?;
    match checks::input_required(last) {
        Some(asked) => checks::only_declared(asked, &scenario.call()?.capabilities),
        None => Ok(()),
    }
}

#[then("a refusal names the missing capability, over HTTP with status 400")]
async fn refusal_names(world: &mut McpWorld) -> StepResult {
    let scenario = &world.input_required;
    let capability = capability_of(scenario.call()?.probe);
    checks::refusal_names_capability(scenario.last()?, capability)
}

#[then("the server should refuse the call for the missing capability")]
async fn should_refuse(world: &mut McpWorld) -> StepResult {
    let check = checks::refused_for_capability(world.input_required.last()?);
    world.warnings.should(check);
    Ok(())
}

#[when(
    "the client answers the input requests and sends the call again with a forged request state"
)]
async fn retry_forged(world: &mut McpWorld) -> StepResult {
    let Some(state) = world.input_required.asked_state()? else {
        skip_scenario("the server asked for input without a request state: none to forge");
    };
    let responses = Some(world.input_required.answers_to_asked()?);
    let forged_answer =
        retry_call(world, &Retry::new(responses.clone(), Some(forged(&state)))).await?;
    // Completed: does the server need its state at all? The same answers without one tell.
    let stateless = match checks::is_success(&forged_answer) {
        true => Some(retry_call(world, &Retry::new(responses, None)).await?),
        false => None,
    };
    world.input_required.forged = Some((forged_answer, stateless));
    Ok(())
}

#[then("the server does not complete the call on the forged state")]
async fn forged_refused(world: &mut McpWorld) -> StepResult {
    let forged = world.input_required.forged.as_ref();
    let (forged, stateless) = forged.context("no retry with a forged request state was sent")?;
    checks::forged_state_refused(forged, stateless.as_ref())
}

#[when(
    "the client answers the input requests and sends the call again with the request state of another call"
)]
async fn retry_with_other_state(world: &mut McpWorld) -> StepResult {
    let called = world.input_required.call()?.clone();
    let (other, tool) = first_feature_tool(world, Some(called.probe))?;
    let other_state = other_calls_state(world, other, tool).await?;
    let responses = Some(world.input_required.answers_to_asked()?);
    let answered = retry_call(world, &Retry::new(responses, Some(other_state))).await?;
    world.input_required.answers.push(answered);
    Ok(())
}

#[when(
    "the client sends the call again with the request state and answers of the same tool called with other arguments"
)]
async fn retry_with_other_arguments_state(world: &mut McpWorld) -> StepResult {
    let called = world.input_required.call()?.clone();
    let (state, answers) = asked_with_other_arguments(world, called).await?;
    let answered = retry_call(world, &Retry::new(Some(answers), Some(state))).await?;
    world.input_required.answers.push(answered);
    Ok(())
}

/// The request state and the answers to the input requests of `called` sent with another
/// value for its first text argument; a skip when it has none or that call asks for nothing.
async fn asked_with_other_arguments(world: &mut McpWorld, called: Call) -> Result<(String, Value)> {
    let Some(arguments) = other_arguments(&called.arguments) else {
        skip_scenario(format!(
            "the {} tool's probe has no text argument to call it with another value",
            called.probe.role()
        ));
    };
    let other = Call {
        arguments,
        ..called
    };
    let answered = send(world.raw()?, &other, &Retry::default()).await?;
    let asked = checks::input_required(&answered);
    let Some(state) = asked
        .and_then(|a| a.get("requestState"))
        .and_then(Value::as_str)
    else {
        skip_scenario(format!(
            "the {} tool called with other arguments did not ask for input with a request state (it answered {:?})",
            other.probe.role(),
            answered.response
        ));
    };
    Ok((state.to_owned(), asked.map(answers_to).unwrap_or_default()))
}

/// The probe's arguments with another value for its first text argument, so that the call
/// differs only in what it asks (none without a text argument).
fn other_arguments(
    arguments: &serde_json::Map<String, Value>,
) -> Option<serde_json::Map<String, Value>> {
    let mut other = arguments.clone();
    let text = other.values_mut().find(|value| value.is_string())?;
    *text = json!(format!(
        "{} (another call)",
        text.as_str().unwrap_or_default()
    ));
    Some(other)
}

#[then("the server should not complete the call on the other call's state")]
async fn other_state_refused(world: &mut McpWorld) -> StepResult {
    let check = checks::other_calls_state_refused(world.input_required.last()?);
    world.warnings.should(check);
    Ok(())
}

#[when(
    regex = r"^the client (sends the call again without its answers|answers the input requests, adding an answer nobody asked for, and sends the call again|sends the call again with answers that are not valid results)$"
)]
async fn retry_departing(world: &mut McpWorld, how: String) -> StepResult {
    let asked = world.input_required.asked()?.clone();
    let responses = match how.as_str() {
        "sends the call again without its answers" => json!({}),
        "sends the call again with answers that are not valid results" => invalid_answers(&asked),
        _ => with_unasked_answer(answers_to(&asked)),
    };
    let state = world.input_required.asked_state()?;
    let answered = retry_call(world, &Retry::new(Some(responses), state)).await?;
    world.input_required.answers.push(answered);
    Ok(())
}

#[then("the server should ask for the input again")]
async fn should_ask_again(world: &mut McpWorld) -> StepResult {
    let check = checks::asked_again(world.input_required.last()?);
    world.warnings.should(check);
    Ok(())
}

#[then("the call should complete")]
async fn should_complete(world: &mut McpWorld) -> StepResult {
    let check = checks::completed(world.input_required.last()?, None);
    world.warnings.should(check);
    Ok(())
}

#[then("the server should refuse them with a protocol error")]
async fn should_refuse_malformed(world: &mut McpWorld) -> StepResult {
    let check = checks::protocol_error(world.input_required.last()?);
    world.warnings.should(check);
    Ok(())
}

/// Sends the scenario's call for the first time, declaring `capabilities`.
async fn start(
    world: &mut McpWorld,
    called: ProbeTool,
    tool: ToolProbe,
    capabilities: Value,
) -> StepResult {
    let call = Call {
        probe: called,
        name: tool.name,
        arguments: tool.arguments,
        capabilities,
    };
    let answered = send(world.raw()?, &call, &Retry::default()).await?;
    world.input_required = InputRequiredScenario {
        call: Some(call),
        answers: vec![answered],
        ..Default::default()
    };
    Ok(())
}

/// Sends the scenario's call again with `retry`; the answer (not recorded).
async fn retry_call(world: &mut McpWorld, retry: &Retry) -> Result<Answered> {
    let call = world.input_required.call()?.clone();
    send(world.raw()?, &call, retry).await
}

/// The retry that answers every request of the input-required result being answered.
fn answering(scenario: &InputRequiredScenario) -> Result<Retry> {
    Ok(Retry {
        responses: Some(scenario.answers_to_asked()?),
        state: scenario.asked_state()?,
    })
}

/// The first client-feature tool the registry names (other than `except`), or a skip.
fn first_feature_tool(
    world: &McpWorld,
    except: Option<ProbeTool>,
) -> Result<(ProbeTool, ToolProbe)> {
    let target = world.target()?;
    for feature in CLIENT_FEATURES.into_iter().filter(|f| Some(*f) != except) {
        if let Some(tool) = target.probe::<ToolProbe>(feature.role())? {
            return Ok((feature, tool));
        }
    }
    let another = if except.is_some() { "another " } else { "" };
    skip_scenario(format!(
        "no {another}tool that needs the client's input is configured for server '{}' \
         (probes sampling_tool, elicitation_tool, roots_tool)",
        target.name
    ))
}

/// The request state the server issues for a call of `tool` (the `other` feature's probe).
async fn other_calls_state(
    world: &mut McpWorld,
    other: ProbeTool,
    tool: ToolProbe,
) -> Result<String> {
    let call = Call {
        probe: other,
        name: tool.name,
        arguments: tool.arguments,
        capabilities: declaring(&CLIENT_FEATURES),
    };
    let answered = send(world.raw()?, &call, &Retry::default()).await?;
    let state = checks::input_required(&answered)
        .and_then(|asked| asked.get("requestState"))
        .and_then(Value::as_str);
    match state {
        Some(state) => Ok(state.to_owned()),
        None => skip_scenario(format!(
            "the {} tool did not ask for input with a request state (it answered {:?})",
            other.role(),
            answered.response
        )),
    }
}

/// Every asked key answered with something that is no result of any kind.
fn invalid_answers(asked: &Value) -> Value {
    let mut answers = answers_to(asked);
    if let Some(answers) = answers.as_object_mut() {
        for answer in answers.values_mut() {
            *answer = json!({"mcp-acceptance": "not a valid result"});
        }
    }
    answers
}

/// `answers` with one more, under a key the server never used.
fn with_unasked_answer(mut answers: Value) -> Value {
    answers["mcp-acceptance-unasked"] = json!({"note": "an answer nobody asked for"});
    answers
}
