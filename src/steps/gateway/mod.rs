//! Steps of `features/gateway/`: routes from a client to a server through `mcp-bridge`
//! fixtures, what the client sees through them, the wrapper's authentication, and latency.

mod contextforge;
mod latency;
mod time;
mod wrapper;

use anyhow::{Context, Result, bail};
use cucumber::{given, then};

use crate::harness::child_process::wait_until_gone;
use crate::mcp::registry::Target;
use crate::mcp::session::{McpSession, SessionOptions};
use crate::mcp::transport::Transport;
use crate::steps::StepResult;
use crate::systems::mcp_bridge::{matrix_bridges, open_route};
use crate::world::{DEFAULT_PROTOCOL_VERSION, DEFAULT_SESSION, McpWorld};

#[given(expr = "the {word} server serving over {transport}")]
async fn server_serving(world: &mut McpWorld, name: String, transport: Transport) -> StepResult {
    let target = Target::registered(registered_name(&name)?)?;
    world.gateway.server = Some((target, transport));
    Ok(())
}

#[given(expr = "the time server requiring bearer tokens serving over {transport}")]
async fn protected_time_server(world: &mut McpWorld, transport: Transport) -> StepResult {
    world.gateway.server = Some((Target::registered("time-jwt")?, transport));
    Ok(())
}

#[given(expr = "a client over {transport} connected to it directly or through a bridge")]
async fn matrix_client(world: &mut McpWorld, client: Transport) -> StepResult {
    let (_, server) = world.gateway.server()?;
    connect(world, DEFAULT_SESSION, &matrix_bridges(server, client)).await
}

#[given(expr = "a client over {transport} connected to it through a bridge")]
async fn bridged_client(world: &mut McpWorld, client: Transport) -> StepResult {
    connect(world, DEFAULT_SESSION, &[client]).await
}

#[given(expr = "a client {string} over {transport} connected to it directly")]
async fn named_direct_client(world: &mut McpWorld, name: String, client: Transport) -> StepResult {
    let (_, server) = world.gateway.server()?;
    if server != client {
        bail!("a direct connection speaks the server's transport ({server}), not {client}");
    }
    connect(world, &name, &[]).await
}

#[given(expr = "a client {string} over {transport} connected to it through a bridge")]
async fn named_bridged_client(world: &mut McpWorld, name: String, client: Transport) -> StepResult {
    connect(world, &name, &[client]).await
}

#[given(regex = r"^a client connected to it through bridges exposing (.+) in turn$")]
async fn chained_client(world: &mut McpWorld, hops: String) -> StepResult {
    let hops = hops
        .split([',', ' '])
        .filter(|word| !word.is_empty() && *word != "then")
        .map(|word| word.parse::<Transport>().map_err(anyhow::Error::msg))
        .collect::<Result<Vec<_>>>()?;
    connect(world, DEFAULT_SESSION, &hops).await
}

#[given(expr = "the way to it goes through a bridge exposing {transport}")]
async fn route_through_bridge(world: &mut McpWorld, exposed: Transport) -> StepResult {
    route_to(world, &[exposed]).await.map(drop)
}

#[then(expr = "the bridge passed the cancellation of {word} on to the server")]
async fn cancellation_passed_on(world: &mut McpWorld, method: String) -> StepResult {
    let raw = world.raw()?;
    let line = format!("mcp-bridge: cancelled {method} upstream");
    let said = raw
        .link
        .process
        .as_ref()
        .context("the suite did not start the bridge")?
        .stderr
        .tail(usize::MAX)
        .iter()
        .any(|written| written.contains(&line));
    if !said {
        let error = anyhow::anyhow!("the bridge did not pass the cancellation on (no \"{line}\")");
        return Err(raw.link.explain(error).await);
    }
    Ok(())
}

#[then("no process of the route is left once the client disconnects")]
async fn nothing_left(world: &mut McpWorld) -> StepResult {
    let mut groups = Vec::new();
    for route in &world.gateway.routes {
        let end = world
            .sessions
            .get(DEFAULT_SESSION)
            .map(|session| &session.link);
        groups.extend(route.process_groups(end));
    }
    if groups.is_empty() {
        bail!("the route started no process to check");
    }
    world.shutdown().await;
    wait_until_gone(&groups, world.timeout).await
}

/// Builds the route from the scenario's server through bridges exposing `bridges` (none: direct)
/// and opens session `name` at its end; the route stays with the scenario.
async fn connect(world: &mut McpWorld, name: &str, bridges: &[Transport]) -> Result<()> {
    let (_, server_transport) = world.gateway.server()?;
    let client_transport = bridges.last().copied().unwrap_or(server_transport);
    let target = route_to(world, bridges).await?;
    let options = SessionOptions {
        label: format!("{} {name}", target.name),
        protocol_version: DEFAULT_PROTOCOL_VERSION.to_owned(),
        behaviour: world.client_behaviour.clone(),
        timeout: world.timeout,
    };
    let session = McpSession::open(&target, client_transport, options).await?;
    world.sessions.insert(name.to_owned(), session);
    Ok(())
}

/// Builds the route through `bridges` and makes its end the scenario's server under test, so
/// steps of other features (the client-request probes, raw connections, the auth steps)
/// address it. Returns that end.
async fn route_to(world: &mut McpWorld, bridges: &[Transport]) -> Result<Target> {
    let (server, server_transport) = world.gateway.server()?;
    let last = world.gateway.last_bridge.clone();
    let (route, target) =
        open_route(&server, server_transport, bridges, last, world.timeout).await?;
    world.gateway.routes.push(route);
    world.use_scenario_target(target.clone());
    Ok(target)
}

fn registered_name(name: &str) -> Result<&'static str> {
    match name {
        "time" => Ok("time"),
        "reference" => Ok("reference"),
        other => bail!("no gateway server called \"{other}\" (known: time, reference)"),
    }
}
