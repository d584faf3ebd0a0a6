//! The performance baselines of the gateway document, as budgets: end to end, per translation
//! hop, and for authentication. These are the suite's only timed assertions. Support:
//! `systems::mcp_bridge::latency`.

use cucumber::{then, when};

use crate::harness::jwt::Credentials;
use crate::steps::StepResult;
use crate::systems::mcp_bridge::latency::{
    Measure, expect_median_overhead, expect_percentile_within, report_route, timed_calls,
    timed_openings,
};
use crate::world::{DEFAULT_SESSION, McpWorld};

#[when(
    regex = r#"^(?:the client asks|"([^"]+)" and "([^"]+)" each ask) for the current time (\d+) times$"#
)]
async fn timed(world: &mut McpWorld, first: String, second: String, count: usize) -> StepResult {
    let names = match first.is_empty() {
        true => vec![DEFAULT_SESSION],
        false => vec![first.as_str(), second.as_str()],
    };
    timed_calls(world, &names, count).await
}

#[when(
    regex = r#"^"([^"]+)" opens a session (\d+) times to (the time server(?: requiring bearer tokens)?) over http(?: with (.+))?$"#
)]
async fn timed_sessions(
    world: &mut McpWorld,
    name: String,
    count: usize,
    server: String,
    credentials: String,
) -> StepResult {
    let credentials = Credentials::optional(&credentials)?;
    timed_openings(world, &name, &server, credentials, count).await
}

#[then("the round-trip latency of the route is reported")]
async fn latency_reported(world: &mut McpWorld) -> StepResult {
    report_route(world)
}

#[then(expr = "{int}% of the round trips took less than {int} ms")]
async fn percentile_within(world: &mut McpWorld, percent: u32, budget: u64) -> StepResult {
    expect_percentile_within(world, percent, budget)
}

#[then(expr = "the median {measure} of {string} exceeds that of {string} by less than {int} ms")]
async fn median_overhead(
    world: &mut McpWorld,
    measure: Measure,
    slow: String,
    fast: String,
    budget: u64,
) -> StepResult {
    expect_median_overhead(world, measure, &slow, &fast, budget)
}
