//! Checks on what the server answered, with messages that show what actually arrived.

use anyhow::{Result, anyhow, bail, ensure};
use serde_json::Value;

use crate::mcp::client::ServerMessage;
use crate::mcp::jsonrpc::{INVALID_PARAMS, Reply, code_name, pretty};

/// The reply is a result, and (for tool calls) not a tool error.
pub fn success<'a>(request: &str, reply: &'a Reply) -> Result<&'a Value> {
    match reply {
        Ok(result) if result.get("isError") == Some(&Value::Bool(true)) => {
            bail!(
                "{request}: expected success, got a tool error (isError: true):\n{}",
                pretty(result)
            )
        }
        Ok(result) => Ok(result),
        Err(error) => bail!("{request}: expected success, got {error}"),
    }
}

/// Nothing is wrong with what `request` got back; otherwise the failure lists each problem.
pub fn no_problems(request: &str, problems: Vec<String>) -> Result<()> {
    ensure!(problems.is_empty(), "{request}:\n{}", problems.join("\n"));
    Ok(())
}

/// The reply is a success (see [`success`]) in which `problems` finds nothing wrong.
pub fn success_without(
    request: &str,
    reply: &Reply,
    problems: impl FnOnce(&Value) -> Vec<String>,
) -> Result<()> {
    no_problems(request, problems(success(request, reply)?))
}

/// The text of a tool result that is a success (see [`success`]).
pub fn success_text(request: &str, reply: &Reply) -> Result<String> {
    success(request, reply).map(text_of)
}

/// The text of a tool result, a tool error included; a protocol error fails.
pub fn result_text(request: &str, reply: &Reply) -> Result<String> {
    let result = reply
        .as_ref()
        .map_err(|error| anyhow!("{request}: expected a result, got {error}"))?;
    Ok(text_of(result))
}

/// The result text of `request` contains `wanted`; the failure names what is missing (`what`)
/// and shows the text.
pub fn text_contains(request: &str, text: &str, wanted: &str, what: &str) -> Result<()> {
    ensure!(
        text.contains(wanted),
        "{request}: the result text does not contain {what} \"{wanted}\"; it is:\n{text}"
    );
    Ok(())
}

/// The reply is an empty result: `{}`, with at most `_meta`.
pub fn empty_result(request: &str, reply: &Reply) -> Result<()> {
    let result = success(request, reply)?;
    ensure!(
        is_empty_result(result),
        "{request}: expected an empty result, got {}",
        pretty(result)
    );
    Ok(())
}

/// `{}`, allowing only `_meta`.
pub fn is_empty_result(result: &Value) -> bool {
    result
        .as_object()
        .is_some_and(|map| map.keys().all(|k| k == "_meta"))
}

/// The server sent `message` as a notification, not as a request.
pub fn is_notification(message: &ServerMessage) -> Result<()> {
    ensure!(
        !message.is_request,
        "the server sent {} as a request, not a notification",
        message.method
    );
    Ok(())
}

/// The reply is a JSON-RPC error, of any code.
pub fn any_error(request: &str, reply: &Reply) -> Result<()> {
    match reply {
        Err(_) => Ok(()),
        Ok(result) => bail!(
            "{request}: expected an error, got a result:\n{}",
            pretty(result)
        ),
    }
}

/// The reply is a JSON-RPC error with `code`.
pub fn error_code(request: &str, reply: &Reply, code: i64) -> Result<()> {
    match reply {
        Err(error) if error.code == code => Ok(()),
        Err(error) => bail!(
            "{request}: expected error {code} ({}), got {error} ({})",
            code_name(code),
            code_name(error.code)
        ),
        Ok(result) => bail!(
            "{request}: expected error {code} ({}), got a result:\n{}",
            code_name(code),
            pretty(result)
        ),
    }
}

/// The reply is a tool execution error: a result with isError true and some text saying why.
pub fn tool_error(request: &str, reply: &Reply) -> Result<()> {
    match reply {
        Ok(result) if result.get("isError") == Some(&Value::Bool(true)) => {
            if text_of(result).trim().is_empty() {
                bail!(
                    "{request}: the tool error carries no text explaining it:\n{}",
                    pretty(result)
                );
            }
            Ok(())
        }
        Ok(result) => bail!(
            "{request}: expected a tool error (isError: true), got a success:\n{}",
            pretty(result)
        ),
        Err(error) => bail!(
            "{request}: expected a tool error (a result with isError: true), got the protocol error {error}"
        ),
    }
}

/// Invalid arguments are refused, either as error -32602 or as a tool error; never a success.
pub fn invalid_arguments_refused(request: &str, reply: &Reply) -> Result<()> {
    match reply {
        Err(error) if error.code == INVALID_PARAMS => Ok(()),
        Err(error) => bail!(
            "{request}: invalid arguments should give error {INVALID_PARAMS} (invalid params) or a tool error, got {error}"
        ),
        Ok(_) => tool_error(request, reply),
    }
}

/// The texts of a tool result's text content items.
pub fn text_items(result: &Value) -> Vec<&str> {
    result
        .get("content")
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter(|item| item.get("type").and_then(Value::as_str) == Some("text"))
                .filter_map(|item| item.get("text").and_then(Value::as_str))
                .collect()
        })
        .unwrap_or_default()
}

/// The concatenated text of a tool result's text content items.
pub fn text_of(result: &Value) -> String {
    text_items(result).join("\n")
}

/// Problems with a tool result's content list (each item must have a known type and its fields).
pub fn content_problems(result: &Value) -> Vec<String> {
    let Some(items) = result.get("content").and_then(Value::as_array) else {
        return vec![format!("the result has no content array: {result}")];
    };
    items
        .iter()
        .enumerate()
        .filter_map(|(index, item)| {
            let kind = item.get("type").and_then(Value::as_str).unwrap_or("");
            let required: &[&str] = match kind {
                "text" => &["text"],
                "image" | "audio" => &["data", "mimeType"],
                "resource" => &["resource"],
                "resource_link" => &["uri", "name"],
                _ => {
                    return Some(format!(
                        "content[{index}] has unknown type \"{kind}\": {item}"
                    ));
                }
            };
            let missing: Vec<&&str> = required
                .iter()
                .filter(|field| item.get(**field).is_none())
                .collect();
            (!missing.is_empty())
                .then(|| format!("content[{index}] ({kind}) lacks {missing:?}: {item}"))
        })
        .collect()
}
