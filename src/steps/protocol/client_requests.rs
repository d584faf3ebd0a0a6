//! Requests the server sends to the client while it works: sampling, elicitation, roots. The
//! scenario says how the client answers; the probe tool makes the server ask.

use anyhow::{Context, bail, ensure};
use cucumber::gherkin::Step;
use cucumber::{given, then};
use serde_json::{Value, json};

use crate::checks::expect;
use crate::harness::skip::skip_scenario;
use crate::mcp::client::ServerMessage;
use crate::mcp::jsonrpc::pretty;
use crate::steps::StepResult;
use crate::steps::common::strip_media_type;
use crate::steps::protocol::probes::{ProbeTool, check_expected_text};
use crate::world::McpWorld;

#[given(expr = "the client answers sampling requests with the text {string}")]
async fn answers_sampling(world: &mut McpWorld, text: String) -> StepResult {
    world.client_behaviour.sampling = Some(json!({
        "role": "assistant",
        "content": {"type": "text", "text": text},
        "model": "mcp-acceptance",
        "stopReason": "endTurn"
    }));
    Ok(())
}

#[given("the client accepts elicitation requests with:")]
async fn accepts_elicitation(world: &mut McpWorld, step: &Step) -> StepResult {
    let docstring = step
        .docstring
        .as_deref()
        .context("this step needs the user's answers as a JSON docstring")?;
    let content: Value = serde_json::from_str(strip_media_type(docstring))
        .with_context(|| format!("the answers are not JSON: {docstring}"))?;
    ensure!(
        content.is_object(),
        "the answers must be a JSON object, got {content}"
    );
    world.client_behaviour.elicitation = Some(json!({"action": "accept", "content": content}));
    Ok(())
}

#[given(regex = r"^the client (declines|cancels) elicitation requests$")]
async fn refuses_elicitation(world: &mut McpWorld, choice: String) -> StepResult {
    let action = if choice == "declines" {
        "decline"
    } else {
        "cancel"
    };
    world.client_behaviour.elicitation = Some(json!({"action": action}));
    Ok(())
}

#[given("the client exposes the roots:")]
async fn exposes_roots(world: &mut McpWorld, step: &Step) -> StepResult {
    let table = step
        .table
        .as_ref()
        .context("this step needs a table with the columns uri and name")?;
    let mut rows = table.rows.iter();
    let header = rows.next().context("the roots table is empty")?;
    let column = |name: &str| header.iter().position(|h| h.trim() == name);
    let uri = column("uri").context("the roots table needs a uri column")?;
    let name = column("name");
    let roots = rows
        .map(|row| {
            let mut root = json!({"uri": row[uri].trim()});
            if let Some(name) = name.map(|i| row[i].trim()).filter(|n| !n.is_empty()) {
                root["name"] = json!(name);
            }
            root
        })
        .collect();
    world.client_behaviour.roots = Some(roots);
    Ok(())
}

/// The first request with `method` the server sent to the client.
fn server_request(world: &mut McpWorld, method: &str) -> anyhow::Result<ServerMessage> {
    let received = world.client()?.received();
    if let Some(found) = received.iter().find(|m| m.is_request && m.method == method) {
        return Ok(found.clone());
    }
    let seen: Vec<&str> = received.iter().map(|m| m.method.as_str()).collect();
    bail!("the server never sent {method} to the client; it sent: {seen:?}")
}

#[then("the server asked the client for sampling with messages and a token limit")]
async fn asked_for_sampling(world: &mut McpWorld) -> StepResult {
    let request = server_request(world, "sampling/createMessage")?;
    let params = &request.params;
    let messages = params
        .get("messages")
        .and_then(Value::as_array)
        .filter(|m| !m.is_empty())
        .with_context(|| {
            format!(
                "sampling/createMessage has no messages:\n{}",
                pretty(params)
            )
        })?;
    for message in messages {
        let role = message.get("role").and_then(Value::as_str).unwrap_or("");
        ensure!(
            matches!(role, "user" | "assistant"),
            "a sampling message has role \"{role}\" (user or assistant): {message}"
        );
        ensure!(
            message
                .get("content")
                .is_some_and(|c| c.is_object() || c.is_array()),
            "a sampling message has no content: {message}"
        );
    }
    ensure!(
        params
            .get("maxTokens")
            .and_then(Value::as_u64)
            .is_some_and(|n| n > 0),
        "sampling/createMessage needs a positive integer maxTokens:\n{}",
        pretty(params)
    );
    Ok(())
}

/// The last tool call's result text; `success` also requires it not to be a tool error.
fn result_text(world: &McpWorld, success: bool) -> anyhow::Result<(String, String)> {
    let (request, reply) = world.last_reply()?;
    let result = if success {
        expect::success(&request, &reply)?
    } else {
        reply
            .as_ref()
            .map_err(|error| anyhow::anyhow!("{request}: expected a result, got {error}"))?
    };
    Ok((request.clone(), expect::text_of(result)))
}

#[then("the tool result contains the text the client sampled")]
async fn result_has_sampled_text(world: &mut McpWorld) -> StepResult {
    let sampled = world
        .client_behaviour
        .sampling
        .as_ref()
        .and_then(|s| s.pointer("/content/text"))
        .and_then(Value::as_str)
        .context("the scenario did not say how the client answers sampling")?
        .to_owned();
    let (request, text) = result_text(world, true)?;
    ensure!(
        text.contains(&sampled),
        "{request}: the result does not contain the text the client sampled (\"{sampled}\"); it is:\n{text}"
    );
    check_expected_text(world, ProbeTool::Sampling, &request, &text)
}

#[then("the server asked the client for input with a message and a form")]
async fn asked_for_input(world: &mut McpWorld) -> StepResult {
    let request = server_request(world, "elicitation/create")?;
    let params = &request.params;
    let message = params.get("message").and_then(Value::as_str).unwrap_or("");
    ensure!(
        !message.trim().is_empty(),
        "elicitation/create has no message for the user:\n{}",
        pretty(params)
    );
    let mode = params.get("mode").and_then(Value::as_str).unwrap_or("form");
    ensure!(
        mode == "form",
        "the client declared form elicitation only, the server asked in mode \"{mode}\":\n{}",
        pretty(params)
    );
    let schema = params.get("requestedSchema").with_context(|| {
        format!(
            "elicitation/create has no requestedSchema:\n{}",
            pretty(params)
        )
    })?;
    ensure!(
        schema.get("type").and_then(Value::as_str) == Some("object")
            && schema.get("properties").is_some_and(Value::is_object),
        "the requestedSchema must be an object schema with properties, got:\n{}",
        pretty(schema)
    );
    Ok(())
}

#[then("the tool result contains the answers the server asked for")]
async fn result_has_answers(world: &mut McpWorld) -> StepResult {
    let given = world
        .client_behaviour
        .elicitation
        .as_ref()
        .and_then(|e| e.get("content"))
        .and_then(Value::as_object)
        .cloned()
        .context("the scenario did not give the user's answers")?;
    let request = server_request(world, "elicitation/create")?;
    let asked: Vec<String> = request
        .params
        .pointer("/requestedSchema/properties")
        .and_then(Value::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    let answered: Vec<(&String, String)> = given
        .iter()
        .filter(|(name, _)| asked.contains(name))
        .filter_map(|(name, value)| match value {
            Value::String(s) => Some((name, s.clone())),
            Value::Number(n) => Some((name, n.to_string())),
            _ => None,
        })
        .collect();
    if answered.is_empty() {
        skip_scenario(format!(
            "the server's form asks for {asked:?}; the scenario gives text or number answers only for {:?}",
            given.keys().collect::<Vec<_>>()
        ));
    }
    let (call, text) = result_text(world, true)?;
    let missing: Vec<String> = answered
        .iter()
        .filter(|(_, value)| !text.contains(value.as_str()))
        .map(|(name, value)| format!("{name} = \"{value}\""))
        .collect();
    ensure!(
        missing.is_empty(),
        "{call}: the result does not contain the user's answers {missing:?}; it is:\n{text}"
    );
    check_expected_text(world, ProbeTool::Elicitation, &call, &text)
}

#[then(expr = "the tool result reports that the user chose to {word}")]
async fn result_reports_choice(world: &mut McpWorld, action: String) -> StepResult {
    let (request, text) = result_text(world, false)?;
    ensure!(
        text.to_lowercase().contains(&action.to_lowercase()),
        "{request}: the result does not say that the user chose to {action}; it is:\n{text}"
    );
    check_expected_text(world, ProbeTool::Elicitation, &request, &text)
}

#[then("the server asked the client for its roots")]
async fn asked_for_roots(world: &mut McpWorld) -> StepResult {
    server_request(world, "roots/list").map(drop)
}

#[then("the tool result names every root the client exposed")]
async fn result_names_roots(world: &mut McpWorld) -> StepResult {
    let uris: Vec<String> = world
        .client_behaviour
        .roots
        .as_ref()
        .context("the scenario did not say which roots the client exposes")?
        .iter()
        .filter_map(|root| root.get("uri").and_then(Value::as_str).map(str::to_owned))
        .collect();
    let (request, text) = result_text(world, true)?;
    let missing: Vec<&String> = uris
        .iter()
        .filter(|uri| !text.contains(uri.as_str()))
        .collect();
    ensure!(
        missing.is_empty(),
        "{request}: the result does not name the roots {missing:?}; it is:\n{text}"
    );
    check_expected_text(world, ProbeTool::Roots, &request, &text)
}
