//! Error codes and extension identifiers under 2026-07-28, and the version header a server
//! that serves no pre-2025-06-18 client requires.

use std::time::Duration;

use anyhow::Context;
use cucumber::{given, then, when};
use serde_json::Value;

use crate::checks::{error_codes, extension_ids, stateless};
use crate::harness::skip::skip_scenario;
use crate::mcp::stateless_hints::refused_requests;
use crate::steps::StepResult;
use crate::world::{McpWorld, Outcome};

/// Every JSON-RPC error the server sent in this scenario: on the channel, and in the body of
/// the last HTTP refusal.
async fn errors_answered(
    world: &mut McpWorld,
) -> anyhow::Result<Vec<(Value, crate::mcp::jsonrpc::RpcError)>> {
    let raw = world.raw()?;
    raw.listen(Duration::ZERO).await?;
    let mut messages = raw.messages_seen().to_vec();
    if let Some(Outcome::Http { answer, .. }) = &world.last {
        messages.extend(
            answer
                .body
                .as_deref()
                .and_then(|b| serde_json::from_str(b).ok()),
        );
    }
    Ok(error_codes::errors_in(&messages))
}

#[when("the client sends requests the server must refuse, without a handshake")]
async fn provoke_errors(world: &mut McpWorld) -> StepResult {
    refused_requests(world.raw()?).await
}

#[then("every error the server answered has a code the specification allows")]
async fn allowed_codes(world: &mut McpWorld) -> StepResult {
    let errors = errors_answered(world).await?;
    error_codes::judge_all(&errors).map(drop)
}

#[then("the server should not use the legacy error codes")]
async fn no_legacy_codes(world: &mut McpWorld) -> StepResult {
    let errors = errors_answered(world).await?;
    for warning in error_codes::judge_all(&errors).unwrap_or_default() {
        world.warnings.should(Err(anyhow::anyhow!(warning)));
    }
    Ok(())
}

#[then("every extension the server declares is named with a prefix")]
async fn extensions_prefixed(world: &mut McpWorld) -> StepResult {
    let discovery = world
        .raw()?
        .discover_result
        .clone()
        .context("no discovery")?;
    let Some(extensions) = discovery
        .pointer("/capabilities/extensions")
        .and_then(Value::as_object)
        .filter(|e| !e.is_empty())
    else {
        skip_scenario("the server declares no extensions");
    };
    extension_ids::all_prefixed(extensions)
}

#[given("the server serves no client older than protocol version 2025-06-18")]
async fn no_old_clients(world: &mut McpWorld) -> StepResult {
    let discovery = world
        .raw()?
        .discover_result
        .clone()
        .context("no discovery")?;
    if let Some(reason) = stateless::serves_old_clients(&discovery) {
        skip_scenario(reason);
    }
    Ok(())
}
