//! Handshake, version negotiation, ping and shutdown.

use std::time::Duration;

use anyhow::{Context, bail, ensure};
use cucumber::{then, when};
use serde_json::Value;

use crate::checks::expect;
use crate::harness::skip::skip_scenario;
use crate::mcp::jsonrpc::{self, pretty};
use crate::steps::StepResult;
use crate::world::{McpWorld, Outcome};

/// Published protocol versions that begin with an initialize handshake.
pub const PUBLISHED_VERSIONS: &[&str] = &["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"];

#[when(expr = "the client sends initialize offering protocol version {string}")]
async fn send_initialize(world: &mut McpWorld, version: String) -> StepResult {
    let response = world.raw()?.initialize(&version).await?;
    world.record(Outcome::Raw {
        request: format!("initialize offering {version}"),
        response,
    });
    Ok(())
}

#[then("the server answers with a result")]
async fn answers_with_result(world: &mut McpWorld) -> StepResult {
    let (request, reply) = world.last_reply()?;
    expect::success(&request, &reply).map(drop)
}

fn initialize_result(world: &McpWorld) -> anyhow::Result<Value> {
    let (request, reply) = world.last_reply()?;
    expect::success(&request, &reply).cloned()
}

#[then("the result names the server and its version")]
async fn names_server(world: &mut McpWorld) -> StepResult {
    let result = initialize_result(world)?;
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

#[then("the result declares the server's capabilities as an object")]
async fn declares_capabilities(world: &mut McpWorld) -> StepResult {
    let result = initialize_result(world)?;
    let capabilities = result
        .get("capabilities")
        .context("the initialize result has no capabilities")?;
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

#[then("the result names a protocol version the client can speak")]
async fn names_known_version(world: &mut McpWorld) -> StepResult {
    let result = initialize_result(world)?;
    let version = result
        .get("protocolVersion")
        .and_then(Value::as_str)
        .unwrap_or("");
    ensure!(
        PUBLISHED_VERSIONS.contains(&version),
        "protocolVersion \"{version}\" is not a published version {PUBLISHED_VERSIONS:?}"
    );
    Ok(())
}

#[then(expr = "the server agrees to protocol version {string}")]
async fn agrees_to_version(world: &mut McpWorld, offered: String) -> StepResult {
    let result = initialize_result(world)?;
    let agreed = result
        .get("protocolVersion")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    if agreed == offered {
        return Ok(());
    }
    ensure!(
        PUBLISHED_VERSIONS.contains(&agreed.as_str()),
        "offered {offered}, the server answered protocolVersion \"{agreed}\", which is not a published version"
    );
    let target = world.target()?;
    match target.claimed_protocol_versions() {
        Some(claimed) if claimed.contains(&offered) => {
            bail!(
                "offered {offered}, which the registry says '{}' supports, but it answered {agreed}",
                target.name
            )
        }
        _ => skip_scenario(format!(
            "server '{}' does not support protocol version {offered} (it proposed {agreed})",
            target.name
        )),
    }
}

#[then(expr = "the server proposes a published protocol version instead of {string}")]
async fn proposes_other_version(world: &mut McpWorld, offered: String) -> StepResult {
    let result = initialize_result(world)?;
    let proposed = result
        .get("protocolVersion")
        .and_then(Value::as_str)
        .unwrap_or("");
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

#[when(expr = "the client sends the notification {string}")]
async fn send_notification(world: &mut McpWorld, method: String) -> StepResult {
    world
        .raw()?
        .send(&jsonrpc::notification(&method, None))
        .await
}

#[then(expr = "no response arrives within {float} seconds")]
async fn no_response(world: &mut McpWorld, seconds: f64) -> StepResult {
    match world
        .raw()?
        .silence(Duration::from_secs_f64(seconds))
        .await?
    {
        None => Ok(()),
        Some(unexpected) => bail!("expected no answer, the server sent: {unexpected:?}"),
    }
}

#[then("the server still answers a ping")]
async fn still_answers_ping(world: &mut McpWorld) -> StepResult {
    let response = world.raw()?.call("ping", None).await?;
    let reply =
        jsonrpc::reply_of(&response).with_context(|| format!("not a response: {response}"))?;
    let result = expect::success("ping", &reply)?;
    ensure!(
        is_empty_result(result),
        "ping should answer an empty result, got {}",
        pretty(result)
    );
    Ok(())
}

#[when("the client pings the server")]
async fn ping(world: &mut McpWorld) -> StepResult {
    let reply = world.client()?.ping().await?;
    world.record(Outcome::Reply {
        request: "ping".to_owned(),
        reply,
    });
    Ok(())
}

#[then("the server answers with an empty result")]
async fn empty_result(world: &mut McpWorld) -> StepResult {
    let (request, reply) = world.last_reply()?;
    let result = expect::success(&request, &reply)?;
    ensure!(
        is_empty_result(result),
        "{request}: expected an empty result, got {}",
        pretty(result)
    );
    Ok(())
}

/// `{}`, allowing only `_meta`.
fn is_empty_result(result: &Value) -> bool {
    result
        .as_object()
        .is_some_and(|map| map.keys().all(|k| k == "_meta"))
}

/// Methods a server may send to a client on its own (spec 2025-11-25, plus tasks).
const SERVER_METHODS: &[&str] = &[
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

#[then("every message the server sent on its own uses a method MCP defines")]
async fn server_messages_are_mcp(world: &mut McpWorld) -> StepResult {
    let foreign: Vec<String> = world
        .client()?
        .received()
        .into_iter()
        .filter(|message| !SERVER_METHODS.contains(&message.method.as_str()))
        .map(|message| {
            format!(
                "{} {} {}",
                if message.is_request {
                    "request"
                } else {
                    "notification"
                },
                message.method,
                message.params
            )
        })
        .collect();
    ensure!(
        foreign.is_empty(),
        "the server sent messages MCP does not define:\n{}",
        foreign.join("\n")
    );
    Ok(())
}

#[when("the client closes the connection")]
async fn close_connection(world: &mut McpWorld) -> StepResult {
    world.client()?.close().await
}

#[then(expr = "the server process exits on its own within {int} seconds")]
async fn exits_within(world: &mut McpWorld, seconds: u64) -> StepResult {
    let status = world
        .client()?
        .wait_for_server_exit(Duration::from_secs(seconds))
        .await?;
    world.record(Outcome::Exited(status));
    Ok(())
}

#[then(expr = "its exit status is {int}")]
async fn exit_status(world: &mut McpWorld, code: i32) -> StepResult {
    match &world.last {
        Some(Outcome::Exited(status)) if status.code() == Some(code) => Ok(()),
        Some(Outcome::Exited(status)) => {
            let detail = crate::harness::child_process::describe_status(*status);
            let mut error =
                anyhow::anyhow!("expected exit status {code}, the server ended with {detail}");
            if let Ok(session) = world.client() {
                error = anyhow::anyhow!("{error}{}", session.link.evidence());
            }
            Err(error)
        }
        other => bail!("no exit was observed (last outcome: {other:?})"),
    }
}

#[when("the client ends the HTTP session")]
async fn end_http_session(world: &mut McpWorld) -> StepResult {
    let status = world.raw()?.end_http_session().await?;
    world.record(Outcome::HttpStatus(status));
    Ok(())
}

#[then("the server confirms the end of the session")]
async fn confirms_end(world: &mut McpWorld) -> StepResult {
    match world.last {
        Some(Outcome::HttpStatus(status)) if (200..300).contains(&status) => Ok(()),
        Some(Outcome::HttpStatus(405)) => {
            let name = world.target()?.name.clone();
            skip_scenario(format!(
                "server '{name}' does not let clients end sessions (DELETE answered 405)"
            ))
        }
        Some(Outcome::HttpStatus(status)) => bail!(
            "DELETE of the session answered HTTP {status}; expected 2xx (or 405 if not allowed)"
        ),
        ref other => bail!("no DELETE was sent (last outcome: {other:?})"),
    }
}
