//! Steps of `features/gateway/`: routes from a client to a server through `mcp-bridge`
//! fixtures, what the client sees through them, the wrapper's authentication, and latency.

mod contextforge;
mod latency;
mod time;
mod wrapper;

use anyhow::{Context, Result, bail};
use cucumber::{given, then, when};

use crate::mcp::registry::Target;
use crate::mcp::transport::Transport;
use crate::steps::StepResult;
use crate::systems::mcp_bridge::route_to;
use crate::world::{DEFAULT_SESSION, McpWorld, Outcome};

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

#[given(expr = "the way to it goes through a bridge exposing {transport}")]
async fn route_through_bridge(world: &mut McpWorld, exposed: Transport) -> StepResult {
    let target = route_to(world, &[exposed]).await?;
    world.use_scenario_target(target);
    Ok(())
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

#[when("the client disconnects")]
async fn client_disconnects(world: &mut McpWorld) -> StepResult {
    let end = world
        .sessions
        .get(DEFAULT_SESSION)
        .map(|session| &session.link);
    let groups: Vec<i32> = world
        .gateway
        .routes
        .iter()
        .flat_map(|route| route.process_groups(end))
        .collect();
    world.shutdown().await;
    world.record(Outcome::ProcessGroups(groups));
    Ok(())
}

fn registered_name(name: &str) -> Result<&'static str> {
    match name {
        "time" => Ok("time"),
        "reference" => Ok("reference"),
        other => bail!("no gateway server called \"{other}\" (known: time, reference)"),
    }
}
