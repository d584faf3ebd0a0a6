//! Reading mcp-process's answers: every tool result is one text content holding JSON (and the
//! same JSON as `structuredContent`); a success says `"status": "success"`, a refusal is a tool
//! error with a code and a message. Each check fails showing the request and the JSON answered.

use anyhow::{Context, Result, anyhow, bail, ensure};
use regex::Regex;
use serde_json::{Map, Value, json};

use super::expectations::Expectation;
use crate::checks::json::expect_equal;
use crate::mcp::jsonrpc::{Reply, pretty};
use crate::world::McpWorld;

/// What a successful tool call means for mcp-process besides a result that is not a tool
/// error: the JSON it answers says `"status": "success"` (the common `the call succeeds`
/// applies it; results of other requests, without content, need nothing more).
pub fn reports_success(request: &str, result: &Value) -> Result<()> {
    if result.get("content").is_none() {
        return Ok(());
    }
    let (_, json) = tool_json(request, &Ok(result.clone()))?;
    ensure!(
        json.get("status") == Some(&Value::from("success")),
        "{request}: expected status \"success\", the server returned:\n{}",
        pretty(&json)
    );
    Ok(())
}

/// A tool result of mcp-process: whether it is an error, and its JSON. Fails (showing the
/// reply) unless the result is exactly one text content holding JSON, equal to
/// `structuredContent` when that is present.
pub fn tool_json(request: &str, reply: &Reply) -> Result<(bool, Value)> {
    let result = match reply {
        Ok(result) => result,
        Err(error) => bail!("{request}: expected a tool result, got {error}"),
    };
    let is_error = result.get("isError") == Some(&Value::Bool(true));
    let texts: Vec<&str> = result
        .get("content")
        .and_then(Value::as_array)
        .map(|items| {
            let texts = items.iter().filter_map(|item| item.get("text"));
            texts.filter_map(Value::as_str).collect()
        })
        .unwrap_or_default();
    ensure!(
        texts.len() == 1,
        "{request}: expected one text content holding JSON, got:\n{}",
        pretty(result)
    );
    let json: Value = serde_json::from_str(texts[0]).with_context(|| {
        format!(
            "{request}: the text content is not JSON:\n{}",
            pretty(result)
        )
    })?;
    if let Some(structured) = result.get("structuredContent") {
        let what = format!("{request}: structuredContent (expected: the JSON text)");
        expect_equal(&what, structured, &json)?;
    }
    Ok((is_error, json))
}

/// The last answer the scenario received: the request, whether it is a tool error, and its JSON
/// (a tool result's JSON text, or the result of another request such as initialize).
pub fn last_result(world: &McpWorld) -> Result<(String, bool, Value)> {
    let (request, reply) = world.last_reply()?;
    if let Ok(result) = &reply
        && result.get("content").is_none()
    {
        return Ok((request, false, result.clone()));
    }
    let (is_error, json) = tool_json(&request, &reply)?;
    Ok((request, is_error, json))
}

/// The value at a dotted path (`limits.maxCpuPercent`, `history.0.cpuPercent`).
pub fn field<'a>(json: &'a Value, path: &str) -> Option<&'a Value> {
    json.pointer(&format!("/{}", path.replace('.', "/")))
}

/// Whether `actual` is what a scenario wrote as `expected`: strings exactly, numbers by value,
/// booleans and null by their JSON spelling.
pub fn same_value(actual: &Value, expected: &str) -> bool {
    match actual {
        Value::String(text) => text == expected,
        Value::Number(number) => expected
            .parse::<f64>()
            .is_ok_and(|e| number.as_f64().is_some_and(|a| (a - e).abs() < 1e-9)),
        other => serde_json::from_str::<Value>(expected).ok().as_ref() == Some(other),
    }
}

/// `2026-11-21T06:05:27Z`, `…T06:05:27.123+01:00`.
pub fn is_rfc3339(text: &str) -> bool {
    Regex::new(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
        .unwrap()
        .is_match(text)
}

/// The last result meets every `| field | expectation |` row (see [`Expectation`]); a
/// failure lists every row not met, then the whole result.
pub fn expect_rows(world: &McpWorld, rows: &[Vec<String>]) -> Result<()> {
    let (request, _, json) = last_result(world)?;
    let mut unmet = Vec::new();
    for row in rows {
        let [path, expectation] = row.as_slice() else {
            bail!("a result row has two cells, `| state | \"running\" |`: {row:?}");
        };
        let (path, expectation) = (path.trim(), expectation.trim().parse::<Expectation>()?);
        if let Err(problem) = expectation.check(path, field(&json, path)) {
            unmet.push(format!("  - {problem}"));
        }
    }
    ensure!(
        unmet.is_empty(),
        "{request}: the result does not match:\n{}\n--- the result:\n{}",
        unmet.join("\n"),
        pretty(&json)
    );
    Ok(())
}

/// The last result is a tool error with status "error", `code` and a non-empty message.
pub fn expect_error_code(world: &McpWorld, code: &str) -> Result<()> {
    let (request, is_error, json) = last_result(world)?;
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

/// The last result's message mentions `text`, in any case.
pub fn expect_message_mentions(world: &McpWorld, text: &str) -> Result<()> {
    let (request, _, json) = last_result(world)?;
    let message = json.get("message").and_then(Value::as_str).unwrap_or("");
    ensure!(
        message.to_lowercase().contains(&text.to_lowercase()),
        "{request}: the error message does not mention \"{text}\":\n{}",
        pretty(&json)
    );
    Ok(())
}

/// The last output result has the line `text` from `stream` among its `lines`.
pub fn expect_output_line(world: &McpWorld, text: &str, stream: &str) -> Result<()> {
    let (request, _, json) = last_result(world)?;
    let line = json!({"stream": stream, "text": text});
    let lines = json.get("lines").and_then(Value::as_array);
    let found = lines.is_some_and(|lines| {
        let wanted =
            |l: &Value| l.get("stream") == line.get("stream") && l.get("text") == line.get("text");
        lines.iter().any(wanted)
    });
    ensure!(found, "{request}: no line {line}:\n{}", pretty(&json));
    Ok(())
}

/// The last process list names the process `pid`.
pub fn expect_listed(world: &McpWorld, pid: i64) -> Result<()> {
    let (request, _, json) = last_result(world)?;
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

/// The server lists no process at all (asked now, without recording the answer).
pub async fn expect_no_process_started(world: &mut McpWorld) -> Result<()> {
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

/// The memory use the last result reports for the remembered process is within `margin` MiB
/// of the resident memory the operating system shows for it.
pub fn expect_memory_near_os(world: &McpWorld, margin: f64) -> Result<()> {
    let pid = world.process.pid()?;
    let (request, _, json) = last_result(world)?;
    let reported = field(&json, "memoryMB")
        .with_context(|| format!("{request}: the result has no memoryMB:\n{}", pretty(&json)))?
        .as_f64()
        .context("memoryMB is not a number")?;
    super::os::expect_resident_near(pid, reported, margin)
        .map_err(|e| anyhow!("{request}: {e}:\n{}", pretty(&json)))
}

/// Tool arguments from a docstring, `$pid` and `$serviceId` replaced by the remembered ones.
pub fn arguments_from(
    text: &str,
    pid: Option<i64>,
    service_id: Option<&str>,
) -> Result<Map<String, Value>> {
    let mut text = text.to_owned();
    if text.contains("$pid") {
        let pid = pid.context("the arguments name $pid, but no process was started")?;
        text = text.replace("$pid", &pid.to_string());
    }
    if text.contains("$serviceId") {
        let id = service_id.context("the arguments name $serviceId, but no service was started")?;
        text = text.replace("$serviceId", &Value::from(id).to_string());
    }
    match serde_json::from_str(&text)
        .with_context(|| format!("the tool arguments are not JSON: {text}"))?
    {
        Value::Object(map) => Ok(map),
        other => bail!("the tool arguments must be a JSON object, not {other}"),
    }
}
