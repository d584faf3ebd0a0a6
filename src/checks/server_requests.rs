//! Checks on the requests a server sends to its client (2025-11-25): their ids (base-2,
//! base-3), sampling without tools for a client that did not offer them (samp-1), tool results
//! in sampling messages (samp-3, samp-4), and the server's own cancellations (can-1).

use std::collections::HashSet;

use anyhow::{Result, ensure};
use serde_json::Value;

use crate::harness::skip::skip_scenario;
use crate::mcp::link::shorten;

/// The requests among `messages`: a method and an `id` member.
pub fn requests(messages: &[Value]) -> Vec<&Value> {
    messages
        .iter()
        .filter(|m| m.get("method").is_some_and(Value::is_string) && m.get("id").is_some())
        .collect()
}

/// Every request has a string or integer id, and no id is used twice; a server that sent no
/// request is skipped.
pub fn ids_proper(requests: &[&Value]) -> Result<()> {
    if requests.is_empty() {
        skip_scenario("the server sent no request to the client, so there is no id to check");
    }
    let mut seen = HashSet::new();
    let mut problems = Vec::new();
    for request in requests {
        let id = &request["id"];
        if !(id.is_string() || id.is_i64() || id.is_u64()) {
            problems.push(format!(
                "  id {id} is not a string or an integer: {}",
                brief(request)
            ));
        } else if !seen.insert(id.to_string()) {
            problems.push(format!("  id {id} was used again: {}", brief(request)));
        }
    }
    ensure!(
        problems.is_empty(),
        "a request from the server carries a string or integer id, never one it used before in the session:\n{}",
        problems.join("\n")
    );
    Ok(())
}

/// No sampling request offers the model tools (the client did not declare sampling.tools).
pub fn no_tools_offered(requests: &[&Value]) -> Result<()> {
    let with_tools: Vec<String> = sampling(requests)
        .filter(|r| {
            r.pointer("/params/tools")
                .is_some_and(|t| t.as_array().is_none_or(|a| !a.is_empty()))
        })
        .map(|r| format!("  {}", brief(r)))
        .collect();
    ensure!(
        with_tools.is_empty(),
        "the client did not declare sampling.tools, yet the server offered the model tools:\n{}",
        with_tools.join("\n")
    );
    Ok(())
}

/// In every sampling request, a user message with a tool result holds only tool results, and
/// each assistant message that uses tools is followed by a user message with a result for
/// every use.
pub fn tool_results_follow_uses(requests: &[&Value]) -> Result<()> {
    let mut problems = Vec::new();
    for request in sampling(requests) {
        let messages = request
            .pointer("/params/messages")
            .and_then(Value::as_array);
        problems.extend(message_problems(messages.map_or(&[][..], Vec::as_slice)));
    }
    ensure!(
        problems.is_empty(),
        "tool uses and tool results in sampling messages:\n{}",
        problems.join("\n")
    );
    Ok(())
}

fn message_problems(messages: &[Value]) -> Vec<String> {
    let mut problems = Vec::new();
    for (index, message) in messages.iter().enumerate() {
        let items = contents(message);
        let results = items.iter().filter(|c| kind(c) == "tool_result").count();
        if message["role"] == "user" && results > 0 && results < items.len() {
            problems.push(format!(
                "  message {index}: a user message with tool results holds only tool results: {}",
                shorten(&message.to_string(), 300)
            ));
        }
        let uses: Vec<&Value> = items
            .iter()
            .filter(|c| kind(c) == "tool_use")
            .map(|c| &c["id"])
            .collect();
        if message["role"] != "assistant" || uses.is_empty() {
            continue;
        }
        let next = messages.get(index + 1);
        let answered: Vec<&Value> = next
            .filter(|m| m["role"] == "user")
            .map(contents)
            .unwrap_or_default()
            .into_iter()
            .filter(|c| kind(c) == "tool_result")
            .map(|c| &c["toolUseId"])
            .collect();
        if let Some(missing) = uses.iter().find(|id| !answered.contains(id)) {
            problems.push(format!(
                "  message {index}: the tool use {missing} is not answered by a tool result in the next (user) message"
            ));
        }
    }
    problems
}

/// Every `notifications/cancelled` the server sent names one of its own requests.
pub fn cancellations_name_own_requests(messages: &[Value]) -> Result<()> {
    let own: Vec<&Value> = requests(messages).iter().map(|r| &r["id"]).collect();
    let foreign: Vec<String> = messages
        .iter()
        .filter(|m| m["method"] == "notifications/cancelled" && m.get("id").is_none())
        .filter(|m| !own.contains(&&m["params"]["requestId"]))
        .map(|m| format!("  {}", brief(m)))
        .collect();
    ensure!(
        foreign.is_empty(),
        "the server may cancel only requests it sent, but it cancelled others:\n{}",
        foreign.join("\n")
    );
    Ok(())
}

fn sampling<'a>(requests: &'a [&'a Value]) -> impl Iterator<Item = &'a Value> {
    requests
        .iter()
        .copied()
        .filter(|r| r["method"] == "sampling/createMessage")
}

/// A message's content items (a single item or an array).
fn contents(message: &Value) -> Vec<&Value> {
    match &message["content"] {
        Value::Array(items) => items.iter().collect(),
        Value::Null => Vec::new(),
        item => vec![item],
    }
}

fn kind(content: &Value) -> &str {
    content["type"].as_str().unwrap_or_default()
}

fn brief(message: &Value) -> String {
    shorten(&message.to_string(), 300)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn ids_must_be_strings_or_integers_and_fresh() {
        let a = json!({"id": 1, "method": "roots/list"});
        let b = json!({"id": "x", "method": "roots/list"});
        assert!(ids_proper(&[&a, &b]).is_ok());
        assert!(ids_proper(&[&a, &a.clone()]).is_err());
        let null = json!({"id": null, "method": "roots/list"});
        assert!(ids_proper(&[&null]).is_err());
    }

    #[test]
    fn tool_uses_need_results_next() {
        let use_ = json!({"role": "assistant", "content": [{"type": "tool_use", "id": "u1", "name": "t", "input": {}}]});
        let result = json!({"role": "user", "content": [{"type": "tool_result", "toolUseId": "u1", "content": []}]});
        let mixed = json!({"role": "user", "content": [{"type": "tool_result", "toolUseId": "u1", "content": []}, {"type": "text", "text": "hi"}]});
        assert!(message_problems(&[use_.clone(), result]).is_empty());
        assert_eq!(message_problems(std::slice::from_ref(&use_)).len(), 1);
        assert_eq!(message_problems(&[use_, mixed]).len(), 1);
    }
}
