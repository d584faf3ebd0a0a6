//! Checks on what the server answered, with messages that show what actually arrived.

use anyhow::{Result, bail};
use serde_json::Value;

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
