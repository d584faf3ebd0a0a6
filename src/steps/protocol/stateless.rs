//! The stateless protocol (2026-07-28): server/discover and requests that carry their own
//! protocol version and client capabilities in `_meta`, with no handshake and no session.

use anyhow::{Context, bail, ensure};
use cucumber::{given, then, when};
use serde_json::{Value, json};

use crate::harness::skip::skip_scenario;
use crate::mcp::jsonrpc::{self, pretty, reply_of};
use crate::mcp::stateless::{STATELESS_VERSION, http_headers, params_with_meta};
use crate::steps::StepResult;
use crate::world::{McpWorld, Outcome};

/// Sends a stateless request and records its response, or the HTTP answer that refused it.
async fn stateless_request(
    world: &mut McpWorld,
    method: &str,
    params: Value,
    version: &str,
) -> StepResult {
    let raw = world.raw()?;
    let id = raw.fresh_id();
    let frame = jsonrpc::request(id.clone(), method, Some(params_with_meta(params, version)));
    let exchanged = raw
        .exchange(&id, &frame, &http_headers(method, version))
        .await?;
    let request = format!("{method} with _meta protocol version {version}");
    match (exchanged.response, exchanged.http) {
        (Some(response), _) => world.record(Outcome::Raw { request, response }),
        (None, Some(answer)) => world.record(Outcome::Http { request, answer }),
        (None, None) => bail!("{request}: neither a response nor an HTTP answer came back"),
    }
    Ok(())
}

#[when(expr = "the client discovers the server with protocol version {string}")]
async fn discover(world: &mut McpWorld, version: String) -> StepResult {
    stateless_request(world, "server/discover", json!({}), &version).await
}

/// Accepts the last server/discover's result, or skips: a server that answers it with an
/// error speaks only the handshake protocols (unless the registry says it supports 2026-07-28).
fn stateless_or_skip(world: &mut McpWorld) -> StepResult {
    let refusal = match &world.last {
        Some(Outcome::Raw { response, .. }) => match reply_of(response) {
            Some(Ok(result)) => {
                let result = result.clone();
                world.raw()?.discover_result = Some(result);
                return Ok(());
            }
            Some(Err(error)) => format!("server/discover was answered with {error}"),
            None => format!("server/discover was answered with {response}"),
        },
        Some(Outcome::Http { answer, .. }) => format!("server/discover was refused with {answer}"),
        other => bail!("server/discover was not sent (last outcome: {other:?})"),
    };
    let target = world.target()?;
    if target
        .claimed_protocol_versions()
        .is_some_and(|v| v.iter().any(|v| v == STATELESS_VERSION))
    {
        bail!(
            "the registry says '{}' supports {STATELESS_VERSION}, but {refusal}",
            target.name
        );
    }
    skip_scenario(format!(
        "server '{}' does not speak the stateless protocol {STATELESS_VERSION}: {refusal}",
        target.name
    ))
}

#[then("the server speaks the stateless protocol")]
async fn speaks_stateless(world: &mut McpWorld) -> StepResult {
    stateless_or_skip(world)
}

#[given("the server speaks the stateless protocol")]
async fn given_speaks_stateless(world: &mut McpWorld) -> StepResult {
    stateless_request(world, "server/discover", json!({}), STATELESS_VERSION).await?;
    stateless_or_skip(world)
}

fn discovery(world: &mut McpWorld) -> anyhow::Result<Value> {
    world
        .raw()?
        .discover_result
        .clone()
        .context("the server has not answered server/discover")
}

#[then(expr = "the discovery lists the versions it supports, including {string}")]
async fn lists_versions(world: &mut McpWorld, version: String) -> StepResult {
    let result = discovery(world)?;
    let versions = result
        .get("supportedVersions")
        .and_then(Value::as_array)
        .with_context(|| {
            format!(
                "the discovery has no supportedVersions array:\n{}",
                pretty(&result)
            )
        })?;
    ensure!(
        versions.iter().all(Value::is_string),
        "supportedVersions must list version strings: {versions:?}"
    );
    ensure!(
        versions.iter().any(|v| v == &Value::from(version.clone())),
        "supportedVersions {versions:?} does not include {version}, which the client asked for and the server accepted"
    );
    Ok(())
}

#[then("the discovery declares the server's capabilities as an object")]
async fn discovery_capabilities(world: &mut McpWorld) -> StepResult {
    let result = discovery(world)?;
    ensure!(
        result.get("capabilities").is_some_and(Value::is_object),
        "the discovery has no capabilities object:\n{}",
        pretty(&result)
    );
    Ok(())
}

#[when("the client lists the tools without a handshake")]
async fn list_tools_stateless(world: &mut McpWorld) -> StepResult {
    stateless_request(world, "tools/list", json!({}), STATELESS_VERSION).await
}

#[when(expr = "the client lists the tools without a handshake, naming protocol version {string}")]
async fn list_tools_stateless_version(world: &mut McpWorld, version: String) -> StepResult {
    stateless_request(world, "tools/list", json!({}), &version).await
}

fn last_result(world: &McpWorld) -> anyhow::Result<(String, Value)> {
    match &world.last {
        Some(Outcome::Http { request, answer }) => {
            bail!("{request}: expected a result, the server refused it with {answer}")
        }
        _ => {
            let (request, reply) = world.last_reply()?;
            match reply {
                Ok(result) => Ok((request, result)),
                Err(error) => bail!("{request}: expected a result, got {error}"),
            }
        }
    }
}

#[then(expr = "the result is marked {string}")]
async fn result_type(world: &mut McpWorld, expected: String) -> StepResult {
    let (request, result) = last_result(world)?;
    let actual = result.get("resultType").and_then(Value::as_str);
    ensure!(
        actual == Some(expected.as_str()),
        "{request}: a {STATELESS_VERSION} result carries resultType \"{expected}\", got {}:\n{}",
        actual.map_or("none".to_owned(), |a| format!("\"{a}\"")),
        pretty(&result)
    );
    Ok(())
}

#[then("the result lists tools")]
async fn result_lists_tools(world: &mut McpWorld) -> StepResult {
    let (request, result) = last_result(world)?;
    ensure!(
        result.get("tools").is_some_and(Value::is_array),
        "{request}: the result has no tools array:\n{}",
        pretty(&result)
    );
    Ok(())
}

#[then("the error names the protocol versions the server supports")]
async fn error_names_versions(world: &mut McpWorld) -> StepResult {
    let (request, reply) = match &world.last {
        Some(Outcome::Http { request, answer }) => bail!(
            "{request}: expected a JSON-RPC error naming the supported versions, the server answered {answer}"
        ),
        _ => world.last_reply()?,
    };
    let error = match reply {
        Err(error) => error,
        Ok(result) => bail!(
            "{request}: expected an error, got a result:\n{}",
            pretty(&result)
        ),
    };
    let supported = error
        .data
        .as_ref()
        .and_then(|d| d.get("supported"))
        .and_then(Value::as_array)
        .filter(|v| !v.is_empty() && v.iter().all(Value::is_string));
    ensure!(
        supported.is_some(),
        "{request}: the error should list the supported versions in data.supported, got {error}"
    );
    Ok(())
}
