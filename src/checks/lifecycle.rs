//! Checks on the connection's lifecycle: the initialize result (who the server is, what it can
//! do, which version it agrees to), ping, what the server sends on its own, and how it ends.

use anyhow::{Context, Result, anyhow, bail, ensure};
use serde_json::Value;

use crate::checks::expect;
use crate::harness::child_process::describe_status;
use crate::harness::skip::skip_scenario;
use crate::mcp::client::ServerMessage;
use crate::mcp::jsonrpc::reply_of;
use crate::mcp::link::shorten;
use crate::mcp::registry::Target;
use crate::world::Outcome;

/// Published protocol versions that begin with an initialize handshake.
pub const PUBLISHED_VERSIONS: &[&str] = &["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"];

/// Methods a server may send to a client on its own (spec 2025-11-25, plus tasks).
pub const SERVER_METHODS: &[&str] = &[
    "ping",
    "sampling/createMessage",
    "roots/list",
    "elicitation/create",
    "notifications/cancelled",
    "notifications/progress",
    "notifications/message",
    "notifications/resources/updated",
    "notifications/resources/list_changed",
    "notifications/tools/list_changed",
    "notifications/prompts/list_changed",
    "notifications/elicitation/complete",
    "notifications/tasks/status",
];

/// `serverInfo` has a non-empty name and a version string.
pub fn names_server(result: &Value) -> Result<()> {
    let info = result
        .get("serverInfo")
        .context("the initialize result has no serverInfo")?;
    let name = info.get("name").and_then(Value::as_str).unwrap_or("");
    ensure!(!name.trim().is_empty(), "serverInfo has no name: {info}");
    ensure!(
        info.get("version").is_some_and(Value::is_string),
        "serverInfo has no version string: {info}"
    );
    Ok(())
}

/// `capabilities` is an object, and so is each capability in it.
pub fn declares_capabilities(result: &Value) -> Result<()> {
    let capabilities = result
        .get("capabilities")
        .context("the result has no capabilities")?;
    let map = capabilities
        .as_object()
        .with_context(|| format!("capabilities is not an object: {capabilities}"))?;
    for (name, value) in map {
        ensure!(
            value.is_object(),
            "capability \"{name}\" should be an object, got {value}"
        );
    }
    Ok(())
}

/// The version the result names ("" when it names none).
pub fn version_of(result: &Value) -> &str {
    result
        .get("protocolVersion")
        .and_then(Value::as_str)
        .unwrap_or("")
}

/// `protocolVersion` is one of the [`PUBLISHED_VERSIONS`].
pub fn names_published_version(result: &Value) -> Result<()> {
    let version = version_of(result);
    ensure!(
        PUBLISHED_VERSIONS.contains(&version),
        "protocolVersion \"{version}\" is not a published version {PUBLISHED_VERSIONS:?}"
    );
    Ok(())
}

/// The server agreed to the `offered` version. A counter-proposal must be a published version;
/// it fails when the registry says the server supports `offered`, and skips otherwise.
pub fn agrees_to_version(result: &Value, offered: &str, target: &Target) -> Result<()> {
    let agreed = version_of(result);
    if agreed == offered {
        return Ok(());
    }
    ensure!(
        PUBLISHED_VERSIONS.contains(&agreed),
        "offered {offered}, the server answered protocolVersion \"{agreed}\", which is not a published version"
    );
    match target.claimed_protocol_versions() {
        Some(claimed) if claimed.iter().any(|v| v == offered) => bail!(
            "offered {offered}, which the registry says '{}' supports, but it answered {agreed}",
            target.name
        ),
        _ => skip_scenario(format!(
            "server '{}' does not support protocol version {offered} (it proposed {agreed})",
            target.name
        )),
    }
}

/// The server did not accept the unknown `offered` version and proposed a published one.
pub fn proposes_other_version(result: &Value, offered: &str) -> Result<()> {
    let proposed = version_of(result);
    ensure!(
        proposed != offered,
        "the server accepted the unknown version {offered}"
    );
    ensure!(
        PUBLISHED_VERSIONS.contains(&proposed),
        "the server proposed \"{proposed}\", not a published version {PUBLISHED_VERSIONS:?}"
    );
    Ok(())
}

/// The response to a ping is an empty result.
pub fn answers_ping(response: &Value) -> Result<()> {
    let reply = reply_of(response).with_context(|| format!("not a response: {response}"))?;
    expect::empty_result("ping", &reply)
}

/// Everything the server sent on its own uses a method MCP defines.
pub fn only_mcp_methods(received: &[ServerMessage]) -> Result<()> {
    let foreign: Vec<String> = received
        .iter()
        .filter(|message| !SERVER_METHODS.contains(&message.method.as_str()))
        .map(|message| {
            let kind = if message.is_request {
                "request"
            } else {
                "notification"
            };
            format!("{kind} {} {}", message.method, message.params)
        })
        .collect();
    ensure!(
        foreign.is_empty(),
        "the server sent messages MCP does not define:\n{}",
        foreign.join("\n")
    );
    Ok(())
}

/// The server process ended with exit status `code`; the failure adds the connection's
/// `evidence`.
pub fn exited_with(last: Option<&Outcome>, code: i32, evidence: &str) -> Result<()> {
    match last {
        Some(Outcome::Exited(status)) if status.code() == Some(code) => Ok(()),
        Some(Outcome::Exited(status)) => Err(anyhow!(
            "expected exit status {code}, the server ended with {}{evidence}",
            describe_status(*status)
        )),
        other => bail!("no exit was observed (last outcome: {other:?})"),
    }
}

/// The DELETE that ended the HTTP session was answered 2xx; a server that does not let clients
/// end sessions (405) skips the scenario.
pub fn session_ended(last: Option<&Outcome>, server: &str) -> Result<()> {
    match last {
        Some(Outcome::HttpStatus(status)) if (200..300).contains(status) => Ok(()),
        Some(Outcome::HttpStatus(405)) => skip_scenario(format!(
            "server '{server}' does not let clients end sessions (DELETE answered 405)"
        )),
        Some(Outcome::HttpStatus(status)) => bail!(
            "DELETE of the session answered HTTP {status}; expected 2xx (or 405 if not allowed)"
        ),
        other => bail!("no DELETE was sent (last outcome: {other:?})"),
    }
}

/// A server that lists `key` items (answering `<key>/list` with at least one) declared the
/// `key` capability; a server that refuses the list or lists nothing offers nothing to judge,
/// and the scenario is skipped.
pub fn lists_only_what_it_declares(key: &str, response: &Value, declared: &Value) -> Result<()> {
    let listed = response
        .pointer(&format!("/result/{key}"))
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    if listed == 0 {
        skip_scenario(format!(
            "the server lists no {key} (answer: {}), so there is no declaration to check",
            shorten(&response.to_string(), 300)
        ));
    }
    ensure!(
        declared.get(key).is_some_and(|v| v.is_object()),
        "the server lists {listed} {key} but its initialize answer does not declare the {key} \
         capability (capabilities: {declared})"
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn listing_tools_without_declaring_them_fails() {
        let listed = json!({"jsonrpc": "2.0", "id": 1, "result": {"tools": [{"name": "echo"}]}});
        assert!(lists_only_what_it_declares("tools", &listed, &json!({"tools": {}})).is_ok());
        let problem = lists_only_what_it_declares("tools", &listed, &json!({"prompts": {}}));
        assert!(format!("{:#}", problem.unwrap_err()).contains("does not declare the tools"));
    }
}
