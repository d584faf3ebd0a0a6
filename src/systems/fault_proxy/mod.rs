//! The fault proxy (`fixtures/mcp-fault-proxy`) in front of the server under test: starting it
//! on any transport, arming and healing faults through its control socket, and the client's
//! calls through it with the diagnosis each fault must produce (`features/faults/`).
//!
//! - [`proxy`]: the proxy (and, over HTTP/SSE, the server behind it) for one scenario;
//! - [`rules`]: the faults in the features' words, as the proxy's rules;
//! - [`calls`]: a tool call through the proxy and its diagnosis.

pub mod calls;
pub mod proxy;
pub mod rules;

use std::time::Duration;

use anyhow::Result;
use serde_json::Value;

use crate::harness::timeouts::default_timeout;
use crate::mcp::registry::Target;
use crate::mcp::transport::Transport;
use crate::world::McpWorld;

/// What a `features/faults/` scenario holds.
#[derive(Debug, Default)]
pub struct FaultScenario {
    pub proxy: Option<proxy::FaultProxy>,
    /// Answers that came a second time, or late, for a call already settled.
    pub duplicates: Vec<Value>,
    /// The ids of the calls made on the current connection (answered or given up on).
    pub settled: Vec<Value>,
    /// The rules armed since the last heal (to arm them again on a fresh proxy or rule).
    pub armed: Vec<Value>,
    /// Which of the last series of calls were answered.
    pub pattern: Vec<bool>,
    /// How long the last call through the proxy took.
    pub last_latency: Option<Duration>,
}

impl FaultScenario {
    pub fn proxy(&self) -> anyhow::Result<&proxy::FaultProxy> {
        self.proxy
            .as_ref()
            .ok_or_else(|| anyhow::anyhow!("no fault proxy was started in this scenario"))
    }
}

/// Puts the scenario's fault proxy, with `plan` in force from its start, in front of the server
/// under test over `transport`; returns the server as clients reach it through the proxy.
/// Starting may take the default bound (a node server starts slowly on a busy machine).
pub async fn put_in_front(
    world: &mut McpWorld,
    transport: Transport,
    plan: &[Value],
) -> Result<Target> {
    let server = world.require_transport(transport)?;
    let limit = startup_bound(world);
    let proxy = proxy::FaultProxy::start_with_plan(&server, transport, limit, plan).await?;
    let target = proxy.target.clone();
    world.faults.proxy = Some(proxy);
    Ok(target)
}

/// The bound on starting a server or connecting: the scenario's, at least the default.
pub fn startup_bound(world: &McpWorld) -> Duration {
    world.timeout.max(default_timeout())
}
