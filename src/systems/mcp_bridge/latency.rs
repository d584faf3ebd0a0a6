//! The performance baselines of the gateway document, measured on the time server and
//! mcp-bridge: round trips of get_current_time and session openings (initialize), timed by the
//! client after warm-ups, printed as lines of the run's latency table, and held to budgets.

use std::time::{Duration, Instant};

use anyhow::{Context, Result, ensure};

use crate::harness::jwt::{Credentials, credentialed};
use crate::harness::latency::{Row, Samples, millis, report, report_row};
use crate::mcp::session::{McpSession, SessionOptions};
use crate::mcp::transport::Transport;
use crate::systems::mcp_bridge::registered_server;
use crate::systems::mcp_bridge::routes::running_server;
use crate::systems::mcp_bridge::time_server::{GET_CURRENT_TIME, timezone_argument};
use crate::world::{DEFAULT_PROTOCOL_VERSION, DEFAULT_SESSION, McpWorld};

/// Calls before the timed ones: connections, caches and JWKS fetches settle first.
const WARM_UP_CALLS: usize = 3;
/// Session openings before the timed ones (the server's first JWKS fetch is not the budget's).
const WARM_UP_OPENINGS: usize = 2;

/// What a set of samples timed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, cucumber::Parameter)]
#[param(name = "measure", regex = "round trip|session opening")]
pub enum Measure {
    /// A get_current_time call and its answer.
    RoundTrip,
    /// A session's initialize handshake (with the token's validation, when it carries one).
    SessionOpening,
}

impl std::str::FromStr for Measure {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "round trip" => Ok(Self::RoundTrip),
            "session opening" => Ok(Self::SessionOpening),
            other => Err(format!("unknown measure: {other}")),
        }
    }
}

impl std::fmt::Display for Measure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::RoundTrip => "round trip (get_current_time)",
            Self::SessionOpening => "session opening (initialize)",
        })
    }
}

/// Warms up, then times `count` get_current_time round trips of each session in `names`,
/// taking turns so that all see the same load; every call must succeed. The samples stay with
/// the scenario under the session's name.
pub async fn timed_calls(world: &mut McpWorld, names: &[&str], count: usize) -> Result<()> {
    ensure!(count > 0, "time at least one call");
    let mut all: Vec<Samples> = vec![Default::default(); names.len()];
    for index in 0..WARM_UP_CALLS + count {
        for (name, samples) in names.iter().zip(all.iter_mut()) {
            let session = world.session(name)?;
            let started = Instant::now();
            let reply = session
                .call_tool(GET_CURRENT_TIME, timezone_argument("UTC"))
                .await?;
            let took = started.elapsed();
            reply.map_err(|e| anyhow::anyhow!("call {} of \"{name}\" failed: {e}", index + 1))?;
            if index >= WARM_UP_CALLS {
                samples.push(took);
            }
        }
    }
    for (name, samples) in names.iter().zip(all) {
        world.gateway.samples.insert((*name).to_owned(), samples);
    }
    Ok(())
}

/// Starts `server` (in the words of [`SERVERS`](super::SERVERS)) over HTTP and times `count`
/// session openings to it by a client `name` holding `credentials` (none: no Authorization
/// header), each closed again; the samples stay with the scenario under `name`.
pub async fn timed_openings(
    world: &mut McpWorld,
    name: &str,
    server: &str,
    credentials: Option<Credentials>,
    count: usize,
) -> Result<()> {
    ensure!(count > 0, "time at least one session opening");
    let server = registered_server(server)?;
    let (route, mut target) = running_server(&server, Transport::Http, world.timeout).await?;
    world.gateway.routes.push(route);
    if let Some(credentials) = credentials {
        target = credentialed(target, credentials).await?;
    }
    let mut samples = Samples::default();
    for index in 0..WARM_UP_OPENINGS + count {
        let options = SessionOptions {
            label: format!("{} \"{name}\" #{index}", server.name),
            protocol_version: DEFAULT_PROTOCOL_VERSION.to_owned(),
            behaviour: world.client_behaviour.clone(),
            timeout: world.timeout,
        };
        let started = Instant::now();
        let mut session = McpSession::open(&target, Transport::Http, options).await?;
        let took = started.elapsed();
        session.close().await?;
        if index >= WARM_UP_OPENINGS {
            samples.push(took);
        }
    }
    world.gateway.samples.insert(name.to_owned(), samples);
    Ok(())
}

/// Prints the round trips of the default session as the latency line of the scenario's last
/// route.
pub fn report_route(world: &McpWorld) -> Result<()> {
    let route = world
        .gateway
        .routes
        .last()
        .context("the scenario opened no route")?;
    let samples = world.gateway.samples(DEFAULT_SESSION)?.clone();
    report_row(Row {
        what: route.description.clone(),
        samples,
    });
    Ok(())
}

/// `percent` % of the default session's round trips took less than `budget` ms.
pub fn expect_percentile_within(world: &McpWorld, percent: u32, budget: u64) -> Result<()> {
    let samples = world.gateway.samples(DEFAULT_SESSION)?;
    let measured = samples.percentile(f64::from(percent));
    ensure!(
        measured < Duration::from_millis(budget),
        "p{percent} of {} round trips is {}, over the budget of {budget} ms",
        samples.len(),
        millis(measured)
    );
    Ok(())
}

/// Prints the samples of `fast` and `slow` and the difference of their medians, which must be
/// less than `budget` ms.
pub fn expect_median_overhead(
    world: &McpWorld,
    measure: Measure,
    slow: &str,
    fast: &str,
    budget: u64,
) -> Result<()> {
    let (slow_samples, fast_samples) = (world.gateway.samples(slow)?, world.gateway.samples(fast)?);
    for (name, samples) in [(fast, fast_samples), (slow, slow_samples)] {
        let what = format!("{measure}, client \"{name}\"");
        report_row(Row {
            what,
            samples: samples.clone(),
        });
    }
    let (slow_median, fast_median) = (slow_samples.median(), fast_samples.median());
    let overhead = slow_median.saturating_sub(fast_median);
    let what = format!("{measure}: \"{slow}\" over \"{fast}\"");
    report(format!("{what:<64} median overhead {}", millis(overhead)));
    ensure!(
        overhead < Duration::from_millis(budget),
        "the median {measure} of \"{slow}\" ({}) exceeds that of \"{fast}\" ({}) by {}, over the budget of {budget} ms",
        millis(slow_median),
        millis(fast_median),
        millis(overhead)
    );
    Ok(())
}
