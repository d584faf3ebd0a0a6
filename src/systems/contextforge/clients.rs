//! What clients send the gateway outside a session (initialize and REST calls without or with
//! the token, initialize through the wrapper with an invalid token) and what they get back; and
//! the current time through the gateway, from a tool it may have renamed.

use anyhow::{Result, bail};

use crate::mcp::jsonrpc;
use crate::mcp::registry::Secret;
use crate::mcp::transport::Transport;
use crate::systems::contextforge::admin::record;
use crate::systems::contextforge::scenario::{THE_GATEWAY, expect_time_in};
use crate::systems::contextforge::translate;
use crate::world::{DEFAULT_PROTOCOL_VERSION, McpWorld, Outcome};

/// A token the gateway never issued.
const INVALID_TOKEN: &str = "Bearer invalid.token.here";

/// POSTs initialize to the gateway's `/mcp` without a token; records the HTTP answer.
pub async fn initialize_without_token(world: &mut McpWorld) -> Result<()> {
    let frame = jsonrpc::request(
        1.into(),
        "initialize",
        Some(jsonrpc::initialize_params(DEFAULT_PROTOCOL_VERSION)),
    );
    let api = world.contextforge.api(THE_GATEWAY, world.timeout).await?;
    let answer = api
        .post("/mcp", serde_json::from_str(&frame)?, false)
        .await?;
    record(world, "POST /mcp (initialize, no token)".to_owned(), answer);
    Ok(())
}

/// `GET path` of the gateway, with the administrator's token or without any; records the
/// answer.
pub async fn get(world: &mut McpWorld, path: &str, with_token: bool) -> Result<()> {
    let api = world.contextforge.api(THE_GATEWAY, world.timeout).await?;
    let answer = api.get(path, with_token).await?;
    let token = if with_token {
        "with the token"
    } else {
        "without a token"
    };
    record(world, format!("GET {path} ({token})"), answer);
    Ok(())
}

/// Starts the gateway's stdio wrapper for its `/mcp` with an invalid token, sends initialize
/// with `id` on a raw connection to it and records the first response.
pub async fn initialize_wrapper_with_invalid_token(world: &mut McpWorld, id: i64) -> Result<()> {
    let gateway = world.contextforge.gateway(THE_GATEWAY)?;
    let url = format!("{}/mcp", gateway.base_url());
    let auth = Secret::new(INVALID_TOKEN.to_owned());
    let installation = world.contextforge.installation()?;
    let dir = world.contextforge.dir()?;
    let wrapper = translate::wrapper(&installation, &url, &auth, &dir).await?;
    world.use_scenario_target(wrapper);
    let params = jsonrpc::initialize_params(DEFAULT_PROTOCOL_VERSION);
    let request = jsonrpc::request(id.into(), "initialize", Some(params));
    let raw = world.open_raw(Transport::Stdio).await?;
    raw.send(&request).await?;
    let response = raw.next_response().await?;
    world.record(Outcome::Raw { request, response });
    Ok(())
}

/// The wrapper's answer is a JSON-RPC error whose message names HTTP `status`.
pub fn expect_error_naming_status(response: &serde_json::Value, status: u16) -> Result<()> {
    let message = response
        .pointer("/error/message")
        .and_then(|m| m.as_str())
        .unwrap_or_default();
    if !message.contains(&status.to_string()) {
        bail!("expected a JSON-RPC error naming HTTP {status}, got {response}");
    }
    Ok(())
}

/// The answer is an error response to the request `id` with the JSON-RPC code `code`.
pub fn expect_error_answering(response: &serde_json::Value, id: i64, code: i64) -> Result<()> {
    let (got_id, got_code) = (response.get("id"), response.pointer("/error/code"));
    if got_id != Some(&id.into()) || got_code.and_then(|c| c.as_i64()) != Some(code) {
        bail!("expected an error response to id {id} with code {code}, got {response}");
    }
    Ok(())
}

/// Calls `tool` (our get_current_time, as the gateway names it) for `timezone` on the default
/// session; the answer is the current time there.
pub async fn expect_current_time(world: &mut McpWorld, timezone: &str, tool: &str) -> Result<()> {
    let request = format!("tools/call \"{tool}\" with timezone {timezone}");
    let mut arguments = serde_json::Map::new();
    arguments.insert("timezone".to_owned(), timezone.into());
    let reply = world.client()?.call_tool(tool, arguments).await?;
    expect_time_in(&request, &reply, timezone)
}
