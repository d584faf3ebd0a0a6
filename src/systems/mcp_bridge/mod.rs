//! The bundled gateway stack of the gateway features: the time server (and the reference
//! server) reached through `mcp-bridge` fixtures on every transport.
//! - [`crossing`]: lists and the client's progress through a bridge, against the server itself;
//! - [`routes`]: routes from a client to a server through chains of bridges, and what they left;
//! - [`time_server`]: what a client sees of the time server at the end of a route;
//! - [`wrapper`]: a bridge holding a bearer token for a protected server, or requiring one;
//! - [`latency`]: round trips and session openings timed against the gateway document's budgets.

pub mod crossing;
pub mod latency;
pub mod routes;
pub mod time_server;
pub mod wrapper;

use std::collections::HashMap;

use anyhow::{Context, Result, bail};

use crate::harness::latency::Samples;
use crate::mcp::registry::{Secret, Target};
use crate::mcp::transport::Transport;
pub use routes::{
    BRIDGE_BINARY, LastBridge, Route, RouteShape, bridge_to_url, open_route, route_target,
    route_to, running_server, stopped_server_url,
};

/// The servers a gateway scenario routes to: the words of its Given step, and the registered
/// server (fixtures/servers.toml).
pub const SERVERS: [(&str, &str); 3] = [
    ("the time server", "time"),
    ("the reference server", "reference"),
    ("the time server requiring bearer tokens", "time-jwt"),
];

/// The registered server a gateway scenario calls `name` (the words of [`SERVERS`]).
pub fn registered_server(name: &str) -> Result<Target> {
    let Some((_, registered)) = SERVERS.iter().find(|(words, _)| *words == name) else {
        let known: Vec<&str> = SERVERS.iter().map(|(words, _)| *words).collect();
        bail!("no gateway server \"{name}\" (known: {})", known.join(", "));
    };
    Target::registered(registered)
}

/// What a gateway scenario set up: the server it chose, the routes it opened, the wrapper's
/// token and the latest latency samples.
#[derive(Debug, Default)]
pub struct GatewayScenario {
    /// The server under test of the scenario and the transport it serves on.
    pub server: Option<(Target, Transport)>,
    pub routes: Vec<Route>,
    /// What the next route's last bridge is given (the wrapper's token, the exposed side's
    /// JWT flags).
    pub last_bridge: LastBridge,
    /// The token the wrapper holds (to check it never shows).
    pub token: Option<Secret>,
    /// The progressToken of the last call made with one.
    pub progress_token: Option<serde_json::Value>,
    /// A fault proxy refusing the route's server with a bare HTTP status (kept while it runs).
    pub refusing_proxy: Option<crate::systems::fault_proxy::proxy::FaultProxy>,
    /// Timed round trips, by session name.
    pub samples: HashMap<String, Samples>,
}

impl GatewayScenario {
    /// Chooses the scenario's server, `name` in the words of [`SERVERS`], serving over
    /// `transport`.
    pub fn serve(&mut self, name: &str, transport: Transport) -> Result<()> {
        self.server = Some((registered_server(name)?, transport));
        Ok(())
    }

    pub fn server(&self) -> Result<(Target, Transport)> {
        self.server
            .clone()
            .context("the scenario chose no server for its route (a Given step names it)")
    }

    /// The round trips timed for `name`; none timed is an error, so no budget passes on nothing.
    pub fn samples(&self, name: &str) -> Result<&Samples> {
        let samples = self
            .samples
            .get(name)
            .with_context(|| format!("no round trips of \"{name}\" were timed"))?;
        if samples.is_empty() {
            bail!("\"{name}\" timed no round trips (a count of 0?)");
        }
        Ok(samples)
    }
}
