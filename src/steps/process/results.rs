//! Process steps: checking tool results.

use super::*;

/// The JSON of the last tool result, or the last JSON-RPC result (initialize, …).
pub(super) fn result_json(world: &McpWorld) -> anyhow::Result<(String, bool, Value)> {
    let (request, reply) = world.last_reply()?;
    if let Ok(result) = &reply
        && result.get("content").is_none()
    {
        return Ok((request, false, result.clone()));
    }
    let (is_error, json) = tool_json(&request, &reply)?;
    Ok((request, is_error, json))
}

pub(super) fn result_field(world: &McpWorld, path: &str) -> anyhow::Result<(String, Value, Value)> {
    let (request, _, json) = result_json(world)?;
    let value = field(&json, path)
        .cloned()
        .with_context(|| format!("{request}: the result has no {path}:\n{}", pretty(&json)))?;
    Ok((request, value, json))
}

#[then(expr = "the call fails with the code {string}")]
pub(super) async fn fails_with_code(world: &mut McpWorld, code: String) -> StepResult {
    let (request, is_error, json) = result_json(world)?;
    ensure!(
        is_error,
        "{request}: expected a tool error (isError: true) with code {code}, the server returned:\n{}",
        pretty(&json)
    );
    ensure!(
        json.get("status") == Some(&json!("error")) && json.get("code") == Some(&json!(code)),
        "{request}: expected status \"error\" and code \"{code}\", the server returned:\n{}",
        pretty(&json)
    );
    let message = json.get("message").and_then(Value::as_str).unwrap_or("");
    ensure!(
        !message.trim().is_empty(),
        "{request}: the error has no message:\n{}",
        pretty(&json)
    );
    Ok(())
}

#[then(expr = "the error message mentions {string}")]
pub(super) async fn message_mentions(world: &mut McpWorld, text: String) -> StepResult {
    let (request, _, json) = result_json(world)?;
    let message = json.get("message").and_then(Value::as_str).unwrap_or("");
    ensure!(
        message.to_lowercase().contains(&text.to_lowercase()),
        "{request}: the error message does not mention \"{text}\":\n{}",
        pretty(&json)
    );
    Ok(())
}

#[then(expr = "the result's {word} is {string}")]
pub(super) async fn field_is(world: &mut McpWorld, path: String, expected: String) -> StepResult {
    let (request, value, json) = result_field(world, &path)?;
    ensure!(
        same_value(&value, &expected),
        "{request}: expected {path} to be {expected}, it is {value}:\n{}",
        pretty(&json)
    );
    Ok(())
}

#[then(expr = "the result's {word} is null")]
pub(super) async fn field_is_null(world: &mut McpWorld, path: String) -> StepResult {
    let (request, value, json) = result_field(world, &path)?;
    ensure!(
        value.is_null(),
        "{request}: expected {path} to be null:\n{}",
        pretty(&json)
    );
    Ok(())
}

#[then(expr = "the result's {word} is a JSON {word}")]
pub(super) async fn field_type(world: &mut McpWorld, path: String, kind: String) -> StepResult {
    let (request, value, json) = result_field(world, &path)?;
    let actual = match &value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    let fits = actual == kind || (kind == "number" && actual == "integer");
    ensure!(
        fits,
        "{request}: expected {path} to be a JSON {kind}, it is {value}:\n{}",
        pretty(&json)
    );
    Ok(())
}

#[then(expr = "the result has the fields {string}")]
pub(super) async fn has_fields(world: &mut McpWorld, fields: String) -> StepResult {
    let (request, _, json) = result_json(world)?;
    let missing: Vec<&str> = fields
        .split(',')
        .map(str::trim)
        .filter(|f| field(&json, f).is_none())
        .collect();
    ensure!(
        missing.is_empty(),
        "{request}: the result lacks {missing:?}:\n{}",
        pretty(&json)
    );
    Ok(())
}

#[then(expr = "the result's {word} contains {string}")]
pub(super) async fn field_contains(world: &mut McpWorld, path: String, text: String) -> StepResult {
    let (request, value, json) = result_field(world, &path)?;
    let contains = match &value {
        Value::String(s) => s.contains(&text),
        Value::Array(items) => items.iter().any(|i| i == &json!(text)),
        _ => false,
    };
    ensure!(
        contains,
        "{request}: {path} does not contain \"{text}\":\n{}",
        pretty(&json)
    );
    Ok(())
}

#[then(expr = "the result's {word} does not contain {string}")]
pub(super) async fn field_lacks(world: &mut McpWorld, path: String, text: String) -> StepResult {
    let (request, value, json) = result_field(world, &path)?;
    ensure!(
        !value.as_str().unwrap_or("").contains(&text),
        "{request}: {path} should not contain \"{text}\":\n{}",
        pretty(&json)
    );
    Ok(())
}

#[then(expr = "the result's {word} is a time")]
pub(super) async fn field_is_time(world: &mut McpWorld, path: String) -> StepResult {
    let (request, value, json) = result_field(world, &path)?;
    ensure!(
        value.as_str().is_some_and(ps::is_rfc3339),
        "{request}: {path} is not an RFC 3339 time:\n{}",
        pretty(&json)
    );
    Ok(())
}

#[then(expr = "the result's {word} is at least {float}")]
pub(super) async fn field_at_least(world: &mut McpWorld, path: String, minimum: f64) -> StepResult {
    let (request, value, json) = result_field(world, &path)?;
    ensure!(
        value.as_f64().is_some_and(|v| v >= minimum),
        "{request}: expected {path} ≥ {minimum}:\n{}",
        pretty(&json)
    );
    Ok(())
}

#[then(expr = "the result's {word} lists at least {int} entries, each with {string}")]
pub(super) async fn field_entries(
    world: &mut McpWorld,
    path: String,
    count: usize,
    fields: String,
) -> StepResult {
    let (request, value, json) = result_field(world, &path)?;
    let entries = value.as_array().cloned().unwrap_or_default();
    ensure!(
        entries.len() >= count,
        "{request}: expected at least {count} entries in {path}:\n{}",
        pretty(&json)
    );
    for entry in &entries {
        for name in fields.split(',').map(str::trim) {
            ensure!(
                entry.get(name).is_some(),
                "{request}: an entry of {path} lacks {name}: {entry}"
            );
        }
    }
    Ok(())
}

#[then(expr = "the output lines include {string} from {word}")]
pub(super) async fn output_line(world: &mut McpWorld, text: String, stream: String) -> StepResult {
    let (request, _, json) = result_json(world)?;
    let found = json
        .get("lines")
        .and_then(Value::as_array)
        .is_some_and(|lines| {
            lines.iter().any(|l| {
                l.get("stream") == Some(&json!(stream)) && l.get("text") == Some(&json!(text))
            })
        });
    ensure!(
        found,
        "{request}: no line {{\"stream\": \"{stream}\", \"text\": \"{text}\"}}:\n{}",
        pretty(&json)
    );
    Ok(())
}

#[then("the processes listed include that process")]
pub(super) async fn listed_include(world: &mut McpWorld) -> StepResult {
    let pid = world.process.pid()?;
    let (request, _, json) = result_json(world)?;
    let listed = json
        .get("processes")
        .and_then(Value::as_array)
        .is_some_and(|list| list.iter().any(|p| p.get("pid") == Some(&json!(pid))));
    ensure!(
        listed,
        "{request}: process {pid} is not listed:\n{}",
        pretty(&json)
    );
    Ok(())
}

#[then(expr = "the scenario has taken less than {float} seconds")]
pub(super) async fn scenario_time(world: &mut McpWorld, seconds: f64) -> StepResult {
    let elapsed = world.process.started.elapsed();
    ensure!(
        elapsed < Duration::from_secs_f64(seconds),
        "the scenario has taken {:.2}s so far, more than {seconds}s",
        elapsed.as_secs_f64()
    );
    Ok(())
}

#[then("the server has started no process")]
pub(super) async fn started_nothing(world: &mut McpWorld) -> StepResult {
    let reply = world
        .client()?
        .call_tool("process_list", Map::new())
        .await?;
    let (_, json) = tool_json("tools/call \"process_list\"", &reply)?;
    let count = json
        .get("processes")
        .and_then(Value::as_array)
        .map(Vec::len);
    ensure!(
        count == Some(0),
        "the server should list no process, process_list answered:\n{}",
        pretty(&json)
    );
    Ok(())
}
