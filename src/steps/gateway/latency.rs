//! The performance baselines of the gateway document, as budgets: end to end, per translation
//! hop, and for authentication. These are the suite's only timed assertions.

use std::time::{Duration, Instant};

use anyhow::{Context, ensure};
use cucumber::{then, when};

use crate::harness::jwt::{TokenSpec, keys};
use crate::harness::latency::{Samples, millis};
use crate::mcp::registry::{Secret, Target};
use crate::mcp::session::{McpSession, SessionOptions};
use crate::mcp::transport::Transport;
use crate::steps::StepResult;
use crate::steps::gateway::time::{report_latency, timed_calls};
use crate::systems::mcp_bridge::running_server;
use crate::world::{DEFAULT_PROTOCOL_VERSION, DEFAULT_SESSION, McpWorld};

/// Session openings before the timed ones (the server's first JWKS fetch is not the budget's).
const WARM_UP_OPENINGS: usize = 2;

#[then(expr = "{int}% of the round trips took less than {int} ms")]
async fn percentile_within(world: &mut McpWorld, percent: u32, budget: u64) -> StepResult {
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

#[when(expr = "{string} and {string} each ask for the current time {int} times")]
async fn both_timed(
    world: &mut McpWorld,
    first: String,
    second: String,
    count: usize,
) -> StepResult {
    timed_calls(world, &[&first, &second], count).await
}

#[then(expr = "the median round trip of {string} exceeds that of {string} by less than {int} ms")]
async fn hop_overhead(world: &mut McpWorld, slow: String, fast: String, budget: u64) -> StepResult {
    for name in [&fast, &slow] {
        report_latency(
            world,
            name,
            format!("time server over http, client \"{name}\""),
        )?;
    }
    let (slow_median, fast_median) = (
        world.gateway.samples(&slow)?.median(),
        world.gateway.samples(&fast)?.median(),
    );
    let overhead = slow_median.saturating_sub(fast_median);
    crate::harness::latency::report(format!(
        "{:<64} median overhead {}",
        format!("one translation hop (\"{slow}\" minus \"{fast}\")"),
        millis(overhead)
    ));
    ensure!(
        overhead < Duration::from_millis(budget),
        "the median round trip of \"{slow}\" ({}) exceeds that of \"{fast}\" ({}) by {}, over the budget of {budget} ms",
        millis(slow_median),
        millis(fast_median),
        millis(overhead)
    );
    Ok(())
}

#[when(expr = "sessions are opened {int} times to the {word} server over http without a token")]
async fn openings_without_token(world: &mut McpWorld, count: usize, name: String) -> StepResult {
    let server = Target::registered(&name)?;
    time_openings(world, server, None, count, "without a token").await
}

#[when(
    expr = "sessions are opened {int} times to the time server requiring bearer tokens over http with a valid token"
)]
async fn openings_with_token(world: &mut McpWorld, count: usize) -> StepResult {
    let server = Target::registered("time-jwt")?;
    let auth = server
        .auth()
        .cloned()
        .context("time-jwt declares no auth")?;
    let token = TokenSpec::new(&auth.issuer, &auth.audience).mint(keys().await?)?;
    let header = Secret::new(format!("Bearer {}", token.expose()));
    time_openings(world, server, Some(header), count, "with a valid token").await
}

#[then(expr = "the median session opening {string} takes less than {int} ms longer than {string}")]
async fn auth_overhead(
    world: &mut McpWorld,
    slow: String,
    budget: u64,
    fast: String,
) -> StepResult {
    for name in [&fast, &slow] {
        report_latency(
            world,
            name,
            format!("session establishment (initialize) {name}"),
        )?;
    }
    let overhead = world
        .gateway
        .samples(&slow)?
        .median()
        .saturating_sub(world.gateway.samples(&fast)?.median());
    crate::harness::latency::report(format!(
        "{:<64} median overhead {}",
        "authentication (token validation + session establishment)",
        millis(overhead)
    ));
    ensure!(
        overhead < Duration::from_millis(budget),
        "opening a session {slow} takes {} longer than {fast}, over the budget of {budget} ms",
        millis(overhead)
    );
    Ok(())
}

/// Starts `server` over HTTP and times `count` session openings (initialize handshakes) to it,
/// each closed again; the samples stay with the scenario under `key`.
async fn time_openings(
    world: &mut McpWorld,
    server: Target,
    authorization: Option<Secret>,
    count: usize,
    key: &str,
) -> StepResult {
    let (route, mut target) = running_server(&server, Transport::Http, world.timeout).await?;
    world.gateway.routes.push(route);
    if let Some(value) = authorization {
        target = target.with_header("Authorization", value);
    }
    let mut samples = Samples::default();
    for index in 0..WARM_UP_OPENINGS + count {
        let options = SessionOptions {
            label: format!("{} {key} #{index}", server.name),
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
    world.gateway.samples.insert(key.to_owned(), samples);
    Ok(())
}
