//! Connecting clients, one phrase for every system under test:
//!
//! ```gherkin
//! Given a client connected to <destination> over <transport> [with <credentials>]
//! When a client connects to <destination> over <transport> [with <credentials>]
//! When a client tries to connect to <destination> over <transport> [with <credentials>]
//! ```
//!
//! optionally naming the client (`a client "alice" connected to …`). The transport is always
//! `stdio`, `http` or `sse`; the destination and its credentials are words of the system that
//! owns them ([`Destination`]). Connecting makes the destination the scenario's server under
//! test, so generic steps (raw frames, probes, tokens) address what the client reached. "Tries
//! to" records the attempt for the diagnostics steps instead of failing at once.
//!
//! Also: raw connections, capability gates and the bound on waits.

use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use cucumber::{given, when};

use crate::harness::jwt::{Credentials, credentialed};
use crate::mcp::registry::Target;
use crate::mcp::revisions;
use crate::mcp::transport::Transport;
use crate::steps::StepResult;
use crate::systems::mcp_bridge::{self, RouteShape};
use crate::systems::{contextforge, fault_proxy};
use crate::world::{DEFAULT_SESSION, McpWorld, Outcome};

/// `Given a client connected to …` and `When a client connects to …`: one behaviour.
#[given(
    regex = r#"^a client(?: "([^"]+)")? connected to (.+?) over (stdio|http|sse)(?: with (.+))?$"#
)]
#[when(
    regex = r#"^a client(?: "([^"]+)")? connects to (.+?) over (stdio|http|sse)(?: with (.+))?$"#
)]
async fn connected(
    world: &mut McpWorld,
    name: String,
    destination: String,
    transport: Transport,
    credentials: String,
) -> StepResult {
    connect(world, &name, &destination, transport, &credentials).await
}

#[when(regex = r#"^a client tries to connect to (.+?) over (stdio|http|sse)(?: with (.+))?$"#)]
async fn tries_to_connect(
    world: &mut McpWorld,
    destination: String,
    transport: Transport,
    credentials: String,
) -> StepResult {
    let started = Instant::now();
    let attempt = connect(world, "", &destination, transport, &credentials).await;
    world.record(Outcome::attempt(attempt, started.elapsed()));
    Ok(())
}

#[given(expr = "a raw connection to the server under test over {transport}")]
async fn raw_connection(world: &mut McpWorld, transport: Transport) -> StepResult {
    world.open_raw(transport).await.map(drop)
}

#[given(expr = "an initialized raw connection to the server under test over {transport}")]
async fn initialized_raw_connection(world: &mut McpWorld, transport: Transport) -> StepResult {
    let revision = world.revision_under_test()?;
    let raw = world.open_raw(transport).await?;
    raw.handshake(&revision).await.map(drop)
}

#[given(expr = "the server declares the {word} capability")]
async fn declares_capability(world: &mut McpWorld, capability: String) -> StepResult {
    world.require_capability(&capability)
}

#[given(expr = "each wait is bounded by {float} seconds")]
async fn wait_bound(world: &mut McpWorld, seconds: f64) -> StepResult {
    world.timeout = Duration::from_secs_f64(seconds);
    Ok(())
}

/// Who a client connects to: the words of a feature, and the system they belong to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// The run's server under test, or the one the scenario chose.
    ServerUnderTest,
    /// That server behind a new fault proxy (`features/faults/`).
    ThroughFaultProxy,
    /// The gateway scenario's server, through bridges exposing these transports in turn (none:
    /// directly).
    Route(RouteShape),
    /// The OpenAPI bridge made from the pet store's document.
    OpenApiBridge,
    /// A ContextForge endpoint the scenario set up.
    ContextForge(contextforge::Endpoint),
    /// The aggregating hub of the scenario (`features/hub/`).
    Hub,
    /// A real npm server, directly (`features/hub/`): everything or filesystem.
    RealServer(String),
}

impl std::str::FromStr for Destination {
    type Err = anyhow::Error;

    fn from_str(words: &str) -> Result<Self> {
        Ok(match words {
            "the server under test" => Self::ServerUnderTest,
            "the server under test through the fault proxy" => Self::ThroughFaultProxy,
            "it directly" => Self::Route(RouteShape::Direct),
            "it through a bridge" => Self::Route(RouteShape::ThroughABridge),
            "it directly or through a bridge" => Self::Route(RouteShape::DirectlyOrThroughABridge),
            "the OpenAPI bridge" => Self::OpenApiBridge,
            "the hub" => Self::Hub,
            other => {
                if let Some(server) = other
                    .strip_prefix("the real ")
                    .and_then(|rest| rest.strip_suffix(" server"))
                {
                    Self::RealServer(server.to_owned())
                } else if let Some(hops) = other
                    .strip_prefix("it through bridges exposing ")
                    .and_then(|rest| rest.strip_suffix(" in turn"))
                {
                    Self::Route(RouteShape::ThroughBridges(parse_hops(hops)?))
                } else if let Ok(endpoint) = other.parse() {
                    Self::ContextForge(endpoint)
                } else {
                    bail!(
                        "no destination \"{other}\" (known: the server under test [through the fault proxy]; it directly, \
                         it through a bridge, it directly or through a bridge, it through bridges \
                         exposing A then B in turn; the OpenAPI bridge; the hub; the real everything|filesystem server; {})",
                        contextforge::Endpoint::PHRASES.join(", ")
                    )
                }
            }
        })
    }
}

/// `sse then http` → [Sse, Http].
fn parse_hops(hops: &str) -> Result<Vec<Transport>> {
    hops.split([',', ' '])
        .filter(|word| !word.is_empty() && *word != "then")
        .map(|word| word.parse::<Transport>().map_err(anyhow::Error::msg))
        .collect()
}

/// Opens session `name` (the default one when empty) to `destination` over `transport`, making
/// the destination the scenario's server under test.
async fn connect(
    world: &mut McpWorld,
    name: &str,
    destination: &str,
    transport: Transport,
    credentials: &str,
) -> StepResult {
    let destination: Destination = destination.parse()?;
    let target = destination_target(world, &destination, transport, credentials).await?;
    world.use_scenario_target(target);
    let name = if name.is_empty() {
        DEFAULT_SESSION
    } else {
        name
    };
    let revision = world.revision_under_test()?;
    if let Some(since) = revisions::transport_since(transport) {
        world.require_revision(&format!("the {transport} transport"), since)?;
    }
    world.open_session(name, transport, &revision).await
}

/// The target a client reaches `destination` at over `transport`, holding `credentials`.
async fn destination_target(
    world: &mut McpWorld,
    destination: &Destination,
    transport: Transport,
    credentials: &str,
) -> Result<Target> {
    match destination {
        Destination::ServerUnderTest => {
            let target = (*world.target()?).clone();
            match credentials {
                "" => Ok(target),
                words => {
                    let credentials = words.parse::<Credentials>().map_err(anyhow::Error::msg)?;
                    credentialed(target, credentials).await
                }
            }
        }
        Destination::ThroughFaultProxy => {
            no_credentials(destination, credentials)?;
            fault_proxy::put_in_front(world, transport, &[]).await
        }
        Destination::Route(shape) => {
            no_credentials(destination, credentials)?;
            mcp_bridge::route_target(world, shape, transport).await
        }
        Destination::OpenApiBridge => {
            no_credentials(destination, credentials)?;
            world.openapi.bridge()
        }
        Destination::ContextForge(endpoint) => {
            contextforge::endpoint_target(world, endpoint.clone(), transport, credentials).await
        }
        Destination::Hub => {
            no_credentials(destination, credentials)?;
            let limit = world.timeout;
            world.hub.target(transport, limit).await
        }
        Destination::RealServer(server) => {
            no_credentials(destination, credentials)?;
            crate::systems::mcp_hub::backends::real_target(&mut world.hub, server)
        }
    }
}

fn no_credentials(destination: &Destination, credentials: &str) -> Result<()> {
    if !credentials.is_empty() {
        bail!(
            "a client connects to {destination:?} without credentials of its own, not with {credentials}"
        );
    }
    Ok(())
}
