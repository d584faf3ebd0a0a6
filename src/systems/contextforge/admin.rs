//! What the gateway's administrator does over its REST API: registering our time server (or a
//! peer gateway) and grouping a tool into a virtual server. Each answer is recorded for the
//! common steps (`the call succeeds …`, `the server refuses it …`); the Given variants insist
//! on a 2xx answer at once.

use anyhow::Result;

use crate::systems::contextforge::api::{Answer, expect_success, field};
use crate::systems::contextforge::scenario::{THE_GATEWAY, TIME_SERVER};
use crate::systems::contextforge::translate::Remote;
use crate::world::{McpWorld, Outcome};

/// `POST /gateways` on `gateway`: the scenario's time server as `name`, reached over `remote`.
pub async fn register_time_server(
    world: &mut McpWorld,
    gateway: &str,
    name: &str,
    remote: Remote,
) -> Result<()> {
    let url = world.contextforge.served(TIME_SERVER)?.url.clone();
    let api = world.contextforge.api(gateway, world.timeout).await?;
    let answer = api.register_gateway(name, &url, remote, None).await?;
    remember_registration(world, name, answer);
    Ok(())
}

/// Our time server serving streamable HTTP, registered with `gateway` as `name` (a 2xx answer).
pub async fn time_server_registered(world: &mut McpWorld, gateway: &str, name: &str) -> Result<()> {
    let remote = Remote::StreamableHttp;
    world
        .contextforge
        .serve_time_server(remote, world.timeout)
        .await?;
    register_time_server(world, gateway, name, remote).await?;
    expect_last_answer(world)
}

/// `POST /gateways` on the gateway: the scenario's gateway `peer` as `name`, with the
/// administrator's token for it.
pub async fn register_peer(world: &mut McpWorld, peer: &str, name: &str) -> Result<()> {
    let url = format!("{}/mcp", world.contextforge.gateway(peer)?.base_url());
    let token = world.contextforge.token(world.timeout).await?;
    let api = world.contextforge.api(THE_GATEWAY, world.timeout).await?;
    let answer = api
        .register_gateway(name, &url, Remote::StreamableHttp, Some(&token))
        .await?;
    remember_registration(world, name, answer);
    Ok(())
}

/// `POST /servers`: a virtual server `name` offering the gateway's tool `tool`.
pub async fn create_virtual_server(world: &mut McpWorld, name: &str, tool: &str) -> Result<()> {
    let api = world.contextforge.api(THE_GATEWAY, world.timeout).await?;
    let id = api.tool_id(tool).await?;
    let answer = api.create_server(name, &[id], None).await?;
    if let Ok(id) = field(&answer, "id") {
        world
            .contextforge
            .servers
            .insert(name.to_owned(), id.clone());
        world.contextforge.virtual_server = Some(id);
    }
    record(world, format!("POST /servers ({name})"), answer);
    Ok(())
}

/// [`create_virtual_server`], answered with a 2xx.
pub async fn virtual_server_created(world: &mut McpWorld, name: &str, tool: &str) -> Result<()> {
    create_virtual_server(world, name, tool).await?;
    expect_last_answer(world)
}

fn remember_registration(world: &mut McpWorld, name: &str, answer: Answer) {
    if let Ok(id) = field(&answer, "id") {
        world.contextforge.registrations.insert(name.to_owned(), id);
    }
    record(world, format!("POST /gateways ({name})"), answer);
}

/// Records a REST answer for the common steps (`the call succeeds`, `the server refuses it …`).
pub fn record(world: &mut McpWorld, request: String, answer: Answer) {
    let answer = world.contextforge.record_answer(request.clone(), answer);
    world.record(Outcome::Http { request, answer });
}

/// The set-up a Given step made was accepted (a 2xx answer).
pub fn expect_last_answer(world: &McpWorld) -> Result<()> {
    let (what, answer) = world.contextforge.last_answer()?;
    expect_success(what, answer).map_err(|e| world.with_evidence(e))
}
