//! Routes from a client to a server through `mcp-bridge` fixtures: the server on one
//! transport, a chain of bridges each exposing the previous hop on another, and the client on
//! the last. Every process a route starts is in its own process group; the route knows them all
//! (and the stdio children the bridges started) so a scenario can check that none outlives it.

use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use regex::Regex;

use crate::harness::child_process::{LaunchSpec, ServerProcess, wait_until_gone};
use crate::harness::fixture_binaries::resolve_bundled;
use crate::mcp::launch::{self, Endpoint, reach};
use crate::mcp::link::Link;
use crate::mcp::raw::RawChannel;
use crate::mcp::registry::Target;
use crate::mcp::transport::Transport;
use crate::world::{DEFAULT_SESSION, McpWorld, Outcome};

pub const BRIDGE_BINARY: &str = "mcp-bridge";

/// How a bridge reaches the next server up.
enum Upstream {
    /// A stdio server (or bridge) the bridge starts: program and arguments.
    Command(Vec<String>),
    Url {
        url: String,
        transport: Transport,
    },
}

impl Upstream {
    fn bridge_args(&self) -> Vec<String> {
        match self {
            Self::Command(words) => {
                vec!["--upstream-command".into(), shell_words::join(words)]
            }
            Self::Url { url, transport } => vec![
                "--upstream-url".into(),
                url.clone(),
                "--upstream-transport".into(),
                transport.to_string(),
            ],
        }
    }
}

/// A route the scenario built: the processes it started itself (servers and bridges on HTTP)
/// and how it reads. The client's end is the target returned with it.
pub struct Route {
    pub description: String,
    running: Vec<Link>,
}

impl std::fmt::Debug for Route {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "route {} ({:?})", self.description, self.running)
    }
}

/// What the route's last bridge is given besides its upstream.
#[derive(Default, Clone)]
pub struct LastBridge {
    /// Environment of the last bridge (e.g. the wrapper's bearer token: never printed).
    pub env: Vec<(String, String)>,
    /// Further arguments (e.g. the exposed side's JWT flags).
    pub args: Vec<String>,
}

impl std::fmt::Debug for LastBridge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.env.iter().map(|(name, _)| name.as_str()).collect();
        write!(f, "last bridge env {names:?} args {:?}", self.args)
    }
}

/// Builds the route from `server` on `server_transport` through bridges exposing `bridges` in
/// order, and returns it with the target the client connects to (over the last transport).
/// Without bridges the client reaches the server directly.
pub async fn open_route(
    server: &Target,
    server_transport: Transport,
    bridges: &[Transport],
    last: LastBridge,
    limit: Duration,
) -> Result<(Route, Target)> {
    let mut description = format!("{} over {server_transport}", server.name);
    let mut running = Vec::new();
    let Some((client_transport, inner)) = bridges.split_last() else {
        return Ok((
            Route {
                description: format!("{description} → client (direct)"),
                running,
            },
            server.clone(),
        ));
    };
    let mut upstream = match server_transport {
        Transport::Stdio => {
            let spec = server.stdio_launch()?;
            Upstream::Command(command_words(&spec))
        }
        transport => {
            let reached = reach(server, transport, &server.name, limit).await?;
            let url = remote_url(&reached.endpoint)?;
            running.push(reached.link);
            Upstream::Url { url, transport }
        }
    };
    for (index, exposed) in inner.iter().enumerate() {
        let spec = bridge_launch(index, *exposed, &upstream, &LastBridge::default())?;
        description.push_str(&format!(" → bridge → {exposed}"));
        upstream = match exposed {
            Transport::Stdio => Upstream::Command(command_words(&spec)),
            transport => {
                let (link, url) = start_announcing(spec, limit).await?;
                running.push(link);
                Upstream::Url {
                    url,
                    transport: *transport,
                }
            }
        };
    }
    let spec = bridge_launch(inner.len(), *client_transport, &upstream, &last)?;
    description.push_str(&format!(" → bridge → client over {client_transport}"));
    let target = Target::reached_through(server, &spec, *client_transport);
    Ok((
        Route {
            description,
            running,
        },
        target,
    ))
}

/// The URL a remote endpoint is reached at (the event stream's, for SSE).
fn remote_url(endpoint: &Endpoint) -> Result<String> {
    match endpoint {
        Endpoint::Http { url, .. } | Endpoint::Sse { url, .. } => Ok(url.clone()),
        Endpoint::Stdio(_) => bail!("a stdio server has no URL"),
    }
}

fn command_words(spec: &LaunchSpec) -> Vec<String> {
    std::iter::once(spec.program.display().to_string())
        .chain(spec.args.iter().cloned())
        .collect()
}

fn bridge_launch(
    index: usize,
    exposed: Transport,
    upstream: &Upstream,
    last: &LastBridge,
) -> Result<LaunchSpec> {
    let mut args = vec!["--transport".to_owned(), exposed.to_string()];
    args.extend(upstream.bridge_args());
    args.extend(last.args.iter().cloned());
    Ok(LaunchSpec {
        label: format!("{BRIDGE_BINARY} #{} (exposing {exposed})", index + 1),
        program: resolve_bundled(BRIDGE_BINARY)?,
        args,
        env: last.env.clone(),
        cwd: crate::package_root(),
    })
}

/// Starts a server that announces its URL on stderr and waits (bounded) for the URL.
async fn start_announcing(spec: LaunchSpec, limit: Duration) -> Result<(Link, String)> {
    let label = spec.label.clone();
    let pattern = Regex::new(r"listening on (https?://\S+)").unwrap();
    launch::start_announcing(spec, &label, &label, &pattern, limit).await
}

impl Route {
    /// Every process group of the route: what it started, and the stdio children its bridges
    /// (and the client's own `end`, when the suite started it) announced.
    pub fn process_groups(&self, end: Option<&Link>) -> Vec<i32> {
        let mut groups = Vec::new();
        for link in self.running.iter().chain(end) {
            if let Some(process) = &link.process {
                groups.push(process.pid());
                groups.extend(announced_children(process));
            }
        }
        groups
    }
}

/// The process groups of the stdio servers a bridge started (it names each on stderr).
fn announced_children(process: &ServerProcess) -> Vec<i32> {
    let pattern = Regex::new(r"mcp-bridge: upstream process group (\d+)").unwrap();
    process
        .stderr
        .tail(usize::MAX)
        .iter()
        .filter_map(|line| pattern.captures(line)?[1].parse().ok())
        .collect()
}

/// The route a row of the transport matrix takes: direct when the client speaks the server's
/// transport, else through one bridge.
pub fn matrix_bridges(server: Transport, client: Transport) -> Vec<Transport> {
    if server == client {
        Vec::new()
    } else {
        vec![client]
    }
}

/// The target of one bridge exposing over `client` a server already running at `url`.
pub fn bridge_to_url(
    server: &Target,
    url: String,
    upstream_transport: Transport,
    client: Transport,
    last: &LastBridge,
) -> Result<Target> {
    let upstream = Upstream::Url {
        url,
        transport: upstream_transport,
    };
    let spec = bridge_launch(0, client, &upstream, last)?;
    Ok(Target::reached_through(server, &spec, client))
}

/// Starts `server` over `transport`, notes its URL, and stops it again (its whole process
/// group, waited for): a URL where nothing answers any more.
pub async fn stopped_server_url(
    server: &Target,
    transport: Transport,
    limit: Duration,
) -> Result<String> {
    let reached = reach(server, transport, &server.name, limit).await?;
    let url = remote_url(&reached.endpoint)?;
    let group = reached
        .link
        .process
        .as_ref()
        .map(ServerProcess::pid)
        .context("the suite did not start this server")?;
    drop(reached.link);
    wait_until_gone(&[group], limit).await?;
    Ok(url)
}

/// Starts `server` over `transport` for sessions to reach at its URL; the server stays with
/// the returned route.
pub async fn running_server(
    server: &Target,
    transport: Transport,
    limit: Duration,
) -> Result<(Route, Target)> {
    let reached = reach(server, transport, &server.name, limit).await?;
    let url = remote_url(&reached.endpoint)?;
    let route = Route {
        description: format!("{} over {transport} at {url}", server.name),
        running: vec![reached.link],
    };
    Ok((route, Target::running_at(server, transport, url)))
}

/// How a client's route to the gateway scenario's server is built (the words of the connect
/// step: "it directly", "it through a bridge", …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteShape {
    Direct,
    ThroughABridge,
    /// Directly when the client speaks the server's transport, else through one bridge.
    DirectlyOrThroughABridge,
    /// Bridges exposing these transports in turn; the client speaks the last one's.
    ThroughBridges(Vec<Transport>),
}

/// Builds the route of `shape` to the scenario's server for a client over `client`, keeps it
/// with the scenario, and returns its end: the target the client connects to.
pub async fn route_target(
    world: &mut McpWorld,
    shape: &RouteShape,
    client: Transport,
) -> Result<Target> {
    let (_, server) = world.gateway.server()?;
    let bridges = match shape {
        RouteShape::Direct if server != client => {
            bail!("a direct connection speaks the server's transport ({server}), not {client}")
        }
        RouteShape::Direct => Vec::new(),
        RouteShape::ThroughABridge => vec![client],
        RouteShape::DirectlyOrThroughABridge => matrix_bridges(server, client),
        RouteShape::ThroughBridges(hops) if hops.last() != Some(&client) => {
            bail!("the client speaks what the last bridge exposes ({hops:?}), not {client}")
        }
        RouteShape::ThroughBridges(hops) => hops.clone(),
    };
    route_to(world, &bridges).await
}

/// Builds the route through `bridges` (none: direct) and keeps it with the scenario; returns
/// its end.
pub async fn route_to(world: &mut McpWorld, bridges: &[Transport]) -> Result<Target> {
    let (server, server_transport) = world.gateway.server()?;
    let last = world.gateway.last_bridge.clone();
    let (route, target) =
        open_route(&server, server_transport, bridges, last, world.timeout).await?;
    world.gateway.routes.push(route);
    Ok(target)
}

/// Ends the scenario's sessions and routes, and records every process group they had (the
/// client's own end included, when the suite started it) for `no process of the route is left`.
pub async fn disconnect(world: &mut McpWorld) {
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
}

/// The bridge at the end of the raw channel said on stderr that it passed the client's
/// cancellation of `method` on to its upstream.
pub async fn expect_cancellation_passed_on(raw: &mut RawChannel, method: &str) -> Result<()> {
    let line = format!("mcp-bridge: cancelled {method} upstream");
    let process = raw
        .link
        .process
        .as_ref()
        .context("the suite did not start the bridge")?;
    if process
        .stderr
        .tail(usize::MAX)
        .iter()
        .any(|written| written.contains(&line))
    {
        return Ok(());
    }
    let error = anyhow!("the bridge did not pass the cancellation on (no \"{line}\")");
    Err(raw.link.explain(error).await)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_matrix_row_bridges_only_between_different_transports() {
        assert!(matrix_bridges(Transport::Sse, Transport::Sse).is_empty());
        assert_eq!(
            matrix_bridges(Transport::Stdio, Transport::Http),
            vec![Transport::Http]
        );
    }

    #[test]
    fn a_stdio_hop_is_a_command_line_and_a_remote_hop_a_url() {
        let command = Upstream::Command(vec![
            "mcp-time-server".into(),
            "--mode".into(),
            "stdio".into(),
        ]);
        assert_eq!(
            command.bridge_args(),
            vec!["--upstream-command", "mcp-time-server --mode stdio"]
        );
        let url = Upstream::Url {
            url: "http://127.0.0.1:1/sse".into(),
            transport: Transport::Sse,
        };
        assert_eq!(
            url.bridge_args(),
            vec![
                "--upstream-url",
                "http://127.0.0.1:1/sse",
                "--upstream-transport",
                "sse"
            ]
        );
    }
}
