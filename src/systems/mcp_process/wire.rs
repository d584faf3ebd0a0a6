//! What crosses the wire between the suite and mcp-process: raw requests a scenario sends, and
//! checks on the order and shape of the frames, a response's JSON-RPC shape, and the tools the
//! server lists with their parameters. Each failure shows what was actually sent or received.

use anyhow::{Context, Result, anyhow, ensure};
use serde_json::{Value, json};

use super::tool_schemas::{parameters, parse_parameter_spec};
use crate::checks::json::expect_equal;
use crate::mcp::jsonrpc::{self, pretty};
use crate::world::{DEFAULT_SESSION, McpWorld, Outcome};

/// Sends the request `method` with `id` and `params` on the raw connection and records the
/// response to it.
pub async fn send_request(
    world: &mut McpWorld,
    method: &str,
    id: i64,
    params: Value,
) -> Result<()> {
    let frame = jsonrpc::request(json!(id), method, Some(params));
    let raw = world.raw()?;
    raw.send(&frame).await?;
    let response = raw.response_to(&json!(id)).await?;
    world.record(Outcome::Raw {
        request: frame,
        response,
    });
    Ok(())
}

/// Sends initialize on the raw connection with the client's `name` and `version`, and records
/// the response.
pub async fn initialize_as(world: &mut McpWorld, name: &str, version: &str) -> Result<()> {
    let mut params = jsonrpc::initialize_params("2025-11-25");
    params["clientInfo"] = json!({"name": name, "version": version});
    let response = world.raw()?.call("initialize", Some(params)).await?;
    let request = format!("initialize as {name} {version}");
    world.record(Outcome::Raw { request, response });
    Ok(())
}

/// After notifications/initialized, the server lists its tools on the raw connection.
pub async fn expect_served_after_handshake(world: &mut McpWorld) -> Result<()> {
    let raw = world.raw()?;
    raw.send(&jsonrpc::notification("notifications/initialized", None))
        .await?;
    let response = raw.call("tools/list", Some(json!({}))).await?;
    let tools = response
        .pointer("/result/tools")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    ensure!(
        tools > 0,
        "tools/list after the handshake answered {response}"
    );
    Ok(())
}

/// The frames the scenario's client exchanged with the server (`true`: sent by the client).
pub fn client_frames(world: &mut McpWorld) -> Result<Vec<(bool, String)>> {
    Ok(world.session(DEFAULT_SESSION)?.link.frames.frames())
}

fn show(frames: &[(bool, String)]) -> String {
    frames
        .iter()
        .map(|(out, t)| format!("{} {t}", if *out { "-->" } else { "<--" }))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The client's first frame is initialize, the next one is the server's answer to it, and only
/// then does the client send notifications/initialized.
pub fn initialize_came_first(frames: &[(bool, String)]) -> Result<()> {
    let parsed: Vec<(bool, Value)> = frames
        .iter()
        .map(|(out, text)| (*out, serde_json::from_str(text).unwrap_or(Value::Null)))
        .collect();
    ensure!(
        parsed.len() >= 3,
        "too few frames were exchanged:\n{}",
        show(frames)
    );
    let (first, answer, next) = (&parsed[0], &parsed[1], &parsed[2]);
    ensure!(
        first.0 && first.1.get("method") == Some(&json!("initialize")),
        "the first frame was not the client's initialize:\n{}",
        show(frames)
    );
    ensure!(
        !answer.0 && answer.1.get("id") == first.1.get("id") && answer.1.get("result").is_some(),
        "the client sent something before the initialize result arrived:\n{}",
        show(frames)
    );
    ensure!(
        next.0 && next.1.get("method") == Some(&json!("notifications/initialized")),
        "after the initialize result the client should send notifications/initialized:\n{}",
        show(frames)
    );
    Ok(())
}

/// Every request the client sent has jsonrpc "2.0", an id, a method and params (an object).
pub fn requests_well_formed(frames: &[(bool, String)]) -> Result<()> {
    let mut requests = 0;
    for (_, text) in frames.iter().filter(|(out, _)| *out) {
        let frame: Value = serde_json::from_str(text)?;
        let method = frame.get("method").and_then(Value::as_str).unwrap_or("");
        if method.is_empty() || method.starts_with("notifications/") {
            continue;
        }
        requests += 1;
        ensure!(
            frame.get("jsonrpc") == Some(&json!("2.0"))
                && frame
                    .get("id")
                    .is_some_and(|id| id.is_number() || id.is_string())
                && frame.get("params").is_some_and(Value::is_object),
            "a request lacks jsonrpc \"2.0\", an id or params: {text}"
        );
    }
    ensure!(requests >= 2, "only {requests} request(s) were sent");
    Ok(())
}

/// A JSON-RPC 2.0 response to `id`: jsonrpc "2.0", that id, exactly one of result or error (an
/// error with an integer code and a string message), nothing else.
pub fn valid_response(response: &Value, id: i64) -> Result<()> {
    let object = response
        .as_object()
        .with_context(|| format!("the response is not an object: {response}"))?;
    ensure!(
        object.get("jsonrpc") == Some(&json!("2.0")) && object.get("id") == Some(&json!(id)),
        "expected jsonrpc \"2.0\" and id {id}: {response}"
    );
    let (result, error) = (object.get("result"), object.get("error"));
    ensure!(
        result.is_some() != error.is_some(),
        "a response carries exactly one of result or error: {response}"
    );
    if let Some(error) = error {
        ensure!(
            error.get("code").is_some_and(Value::is_i64)
                && error.get("message").is_some_and(Value::is_string),
            "an error needs an integer code and a string message: {response}"
        );
    }
    let extra: Vec<&String> = object
        .keys()
        .filter(|k| !["jsonrpc", "id", "result", "error"].contains(&k.as_str()))
        .collect();
    ensure!(extra.is_empty(), "unexpected members {extra:?}: {response}");
    Ok(())
}

/// Every parameter of every tool has a type, and every required one is declared.
pub fn parameters_typed(tools: &[Value]) -> Result<()> {
    let mut problems = Vec::new();
    for tool in tools {
        let schema = tool.get("inputSchema").cloned().unwrap_or(Value::Null);
        let declared = parameters(&schema);
        for (name, types, _) in &declared {
            if types.is_empty() {
                problems.push(format!("{}: parameter {name} has no type", tool["name"]));
            }
        }
        let required = schema.get("required").and_then(Value::as_array);
        for name in required.into_iter().flatten() {
            if !declared.iter().any(|(n, _, _)| json!(n) == *name) {
                problems.push(format!(
                    "{}: required parameter {name} is not declared",
                    tool["name"]
                ));
            }
        }
    }
    ensure!(problems.is_empty(), "{}", problems.join("\n"));
    Ok(())
}

/// The tool `name` takes exactly the parameters of `spec`
/// (`executable: string (required), args: array`).
pub fn tool_takes(tools: &[Value], name: &str, spec: &str) -> Result<()> {
    let tool = tools
        .iter()
        .find(|t| t.get("name") == Some(&json!(name)))
        .with_context(|| format!("the tool {name} is not listed"))?;
    let schema = tool.get("inputSchema").cloned().unwrap_or(Value::Null);
    let expected = json!(parse_parameter_spec(spec)?);
    let actual = json!(parameters(&schema));
    let what = format!("{name}: the parameters [name, types, required] its schema declares");
    expect_equal(&what, &actual, &expected)
        .map_err(|e| anyhow!("{e}--- the schema:\n{}", pretty(&schema)))
}
