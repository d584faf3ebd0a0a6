//! Checks on what a server sends of its own accord (2025-11-25): its notifications carry no
//! id (base-10), the `_meta` keys it emits are well formed (base-14), progress for a request
//! stops with the response (prog-3), and a server that logs or completes declares it
//! (log-1, comp-1).

use anyhow::{Result, ensure};
use serde_json::Value;

use crate::harness::skip::skip_scenario;
use crate::mcp::jsonrpc::{Reply, pretty};
use crate::mcp::link::shorten;

/// Members whose contents the server takes from elsewhere (schemas, tool output): a `_meta`
/// key inside them is data, not one the server emits as protocol metadata.
const NOT_METADATA: [&str; 5] = [
    "inputSchema",
    "outputSchema",
    "requestedSchema",
    "structuredContent",
    "arguments",
];

/// No message with a notification method (`notifications/…`) carries an `id`.
pub fn notifications_without_id(messages: &[Value]) -> Result<()> {
    let with_id: Vec<String> = messages
        .iter()
        .filter(|m| {
            m.get("method")
                .and_then(Value::as_str)
                .is_some_and(|method| method.starts_with("notifications/"))
                && m.get("id").is_some()
        })
        .map(|m| format!("  {}", shorten(&m.to_string(), 300)))
        .collect();
    ensure!(
        with_id.is_empty(),
        "a notification carries no id, but the server sent:\n{}",
        with_id.join("\n")
    );
    Ok(())
}

/// Every key of every `_meta` object in `messages` has the form the specification gives: an
/// optional prefix of dot-separated labels ending in a slash, then a name.
pub fn meta_keys_well_formed(messages: &[Value]) -> Result<()> {
    let mut problems = Vec::new();
    for message in messages {
        collect_meta_problems(message, &mut problems);
    }
    ensure!(
        problems.is_empty(),
        "_meta keys the server sent are not of the form [prefix/]name (prefix: dot-separated \
         labels, each a letter first, a letter or digit last, hyphens inside; name: empty, or \
         alphanumeric first and last with - _ . inside):\n{}",
        problems.join("\n")
    );
    Ok(())
}

fn collect_meta_problems(value: &Value, problems: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                if NOT_METADATA.contains(&key.as_str()) {
                    continue;
                }
                if let ("_meta", Value::Object(meta)) = (key.as_str(), inner) {
                    problems.extend(meta.keys().filter(|k| !meta_key_ok(k)).map(|k| {
                        format!(
                            "  \"{}\" in {}",
                            k.escape_debug(),
                            shorten(&inner.to_string(), 200)
                        )
                    }));
                }
                collect_meta_problems(inner, problems);
            }
        }
        Value::Array(items) => items
            .iter()
            .for_each(|v| collect_meta_problems(v, problems)),
        _ => {}
    }
}

/// Whether `key` is `[prefix/]name` as the specification defines them.
pub fn meta_key_ok(key: &str) -> bool {
    let (prefix, name) = match key.rsplit_once('/') {
        Some((prefix, name)) => (Some(prefix), name),
        None => (None, key),
    };
    prefix.is_none_or(|p| p.split('.').all(label_ok)) && name_ok(name)
}

fn label_ok(label: &str) -> bool {
    let bytes = label.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) => {
            first.is_ascii_alphabetic()
                && last.is_ascii_alphanumeric()
                && bytes
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        }
        _ => false,
    }
}

fn name_ok(name: &str) -> bool {
    let bytes = name.as_bytes();
    match (bytes.first(), bytes.last()) {
        (None, _) => true,
        (Some(first), Some(last)) => {
            first.is_ascii_alphanumeric()
                && last.is_ascii_alphanumeric()
                && bytes
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(b))
        }
        _ => false,
    }
}

/// None of `arrived` (what came after the response) is a progress notification for `token`.
pub fn no_progress_after_response(token: &Value, arrived: &[Value]) -> Result<()> {
    let late: Vec<String> = arrived
        .iter()
        .filter(|m| {
            m.get("method").and_then(Value::as_str) == Some(super::progress::PROGRESS_METHOD)
                && m.pointer("/params/progressToken") == Some(token)
        })
        .map(|m| format!("  {}", shorten(&m.to_string(), 300)))
        .collect();
    ensure!(
        late.is_empty(),
        "progress notifications for token {token} must stop once the request has completed, \
         but after the response the server sent:\n{}",
        late.join("\n")
    );
    Ok(())
}

/// A server that sent a log message (`notifications/message`, `log`) declares the logging
/// capability; a server that sent none is skipped (there is nothing to check).
pub fn logging_declared(log: Option<&Value>, capabilities: &Value) -> Result<()> {
    let Some(log) = log else {
        skip_scenario("the server sent no log message, so there is no declaration to check");
    };
    ensure!(
        capabilities.get("logging").is_some_and(Value::is_object),
        "the server sent a log message but its initialize answer does not declare the logging \
         capability (capabilities: {capabilities})\nthe log message's params: {}",
        shorten(&log.to_string(), 300)
    );
    Ok(())
}

/// A server that answered `completion/complete` with a result declares the completions
/// capability; one that refused it offers no completion, and the scenario is skipped.
pub fn completions_declared(request: &str, reply: &Reply, capabilities: &Value) -> Result<()> {
    let result = match reply {
        Ok(result) => result,
        Err(error) => skip_scenario(format!(
            "the server refused {request} ({error}), so there is no declaration to check"
        )),
    };
    ensure!(
        capabilities
            .get("completions")
            .is_some_and(Value::is_object),
        "the server answered {request} with a result but its initialize answer does not \
         declare the completions capability (capabilities: {capabilities})\nthe result:\n{}",
        pretty(result)
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn meta_keys_follow_the_specification() {
        for good in [
            "progressToken",
            "io.modelcontextprotocol/related-task",
            "x/",
            "example.com/a_b.c-d",
            "a",
        ] {
            assert!(meta_key_ok(good), "{good}");
        }
        for bad in [
            "-x",
            "x-",
            "1abc.com/x",
            "a..b/x",
            "/x",
            "a b",
            "x_/y",
            "ex/ample/",
        ] {
            assert!(!meta_key_ok(bad), "{bad}");
        }
    }

    #[test]
    fn meta_inside_schemas_is_data() {
        let message = json!({"result": {"tools": [
            {"name": "t", "_meta": {"ok": 1}, "inputSchema": {"_meta": {"-bad": 1}}}
        ]}});
        assert!(meta_keys_well_formed(&[message]).is_ok());
        let bad = json!({"result": {"_meta": {"bad key": 1}}});
        assert!(meta_keys_well_formed(&[bad]).is_err());
    }

    #[test]
    fn a_notification_with_an_id_is_reported() {
        let ok = json!({"jsonrpc": "2.0", "method": "notifications/progress", "params": {}});
        let bad = json!({"jsonrpc": "2.0", "id": 3, "method": "notifications/message"});
        assert!(notifications_without_id(std::slice::from_ref(&ok)).is_ok());
        assert!(notifications_without_id(&[ok, bad]).is_err());
    }
}
