//! Checks on the requests a server sends to the client while it works (sampling, elicitation,
//! roots) and on the tool result that should use the client's answer. Each failure shows what
//! the server sent.

use anyhow::{Context, Result, ensure};
use serde_json::{Map, Value};

use crate::harness::skip::skip_scenario;
use crate::mcp::jsonrpc::pretty;

/// A `sampling/createMessage` request: messages with a role (user or assistant) and content,
/// and a positive integer `maxTokens`.
pub fn sampling_request(params: &Value) -> Result<()> {
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

/// An `elicitation/create` request: a message for the user and, in form mode (the only mode
/// the client declares), an object schema with properties.
pub fn elicitation_request(params: &Value) -> Result<()> {
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

/// The user's answers the result must show: those the form (`elicitation/create` params) asks
/// for and the scenario gives as text or a number. Skips the scenario when there are none.
pub fn answers_to_show(given: &Map<String, Value>, form: &Value) -> Vec<(String, String)> {
    let asked: Vec<String> = form
        .pointer("/requestedSchema/properties")
        .and_then(Value::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    let answers: Vec<(String, String)> = given
        .iter()
        .filter(|(name, _)| asked.contains(name))
        .filter_map(|(name, value)| match value {
            Value::String(s) => Some((name.clone(), s.clone())),
            Value::Number(n) => Some((name.clone(), n.to_string())),
            _ => None,
        })
        .collect();
    if answers.is_empty() {
        skip_scenario(format!(
            "the server's form asks for {asked:?}; the scenario gives text or number answers only for {:?}",
            given.keys().collect::<Vec<_>>()
        ));
    }
    answers
}

/// The result text of `request` shows every one of the user's `answers`.
pub fn shows_answers(request: &str, text: &str, answers: &[(String, String)]) -> Result<()> {
    let missing: Vec<String> = answers
        .iter()
        .filter(|(_, value)| !text.contains(value.as_str()))
        .map(|(name, value)| format!("{name} = \"{value}\""))
        .collect();
    ensure!(
        missing.is_empty(),
        "{request}: the result does not contain the user's answers {missing:?}; it is:\n{text}"
    );
    Ok(())
}

/// The result text of `request` names every one of the client's root `uris`.
pub fn names_roots(request: &str, text: &str, uris: &[String]) -> Result<()> {
    let missing: Vec<&String> = uris
        .iter()
        .filter(|uri| !text.contains(uri.as_str()))
        .collect();
    ensure!(
        missing.is_empty(),
        "{request}: the result does not name the roots {missing:?}; it is:\n{text}"
    );
    Ok(())
}

/// The result text of `request` says that the user chose to `action` (any letter case).
pub fn reports_choice(request: &str, text: &str, action: &str) -> Result<()> {
    ensure!(
        text.to_lowercase().contains(&action.to_lowercase()),
        "{request}: the result does not say that the user chose to {action}; it is:\n{text}"
    );
    Ok(())
}
