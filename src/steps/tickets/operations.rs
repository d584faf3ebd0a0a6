//! Logs, redirects, health, resources and latency of the ticket system.

use std::time::Duration;

use cucumber::gherkin::Step;
use cucumber::{then, when};

use super::column;
use crate::steps::StepResult;
use crate::systems::tickets::logs::{default_patterns, pattern};
use crate::systems::tickets::timing::{expect_budgets, expect_concurrent_within};
use crate::world::McpWorld;

fn patterns(step: &Step) -> anyhow::Result<Vec<regex::Regex>> {
    column(step).iter().map(|p| pattern(p)).collect()
}

#[then("every service's log is clean")]
async fn logs_clean(world: &mut McpWorld) -> StepResult {
    let system = world.tickets.system()?;
    system.expect_clean_logs(&default_patterns(), &world.tickets.allowed)
}

#[then("every service's log is clean apart from lines matching:")]
async fn logs_clean_apart(world: &mut McpWorld, step: &Step) -> StepResult {
    world.tickets.allowed = patterns(step)?;
    logs_clean(world).await
}

#[then(regex = r"^the (MCP server|ticket API|chat)'s log has lines matching:$")]
async fn log_has_lines(world: &mut McpWorld, service: String, step: &Step) -> StepResult {
    world
        .tickets
        .system()?
        .expect_log_has_lines(&service, &patterns(step)?)
}

#[then("no service's log has a line matching:")]
async fn no_line_matching(world: &mut McpWorld, step: &Step) -> StepResult {
    world
        .tickets
        .system()?
        .expect_clean_logs(&patterns(step)?, &[])
}

#[then("no HTTP exchange between the services was a redirect")]
async fn no_redirects(world: &mut McpWorld) -> StepResult {
    world.tickets.expect_no_redirects()
}

#[when("the document's token opens a session at the MCP path with a trailing slash")]
async fn trailing_slash(world: &mut McpWorld) -> StepResult {
    world.tickets.trailing_slash(world.timeout).await
}

#[then(regex = r"^the MCP server answers it with (.+)$")]
async fn trailing_slash_answer(world: &mut McpWorld, answer: String) -> StepResult {
    world.tickets.expect_trailing_slash_answer(answer.trim())
}

#[then("every service answers its health check with HTTP status 200")]
async fn healthy(world: &mut McpWorld) -> StepResult {
    world.tickets.expect_healthy().await
}

#[when("the MCP server's and the chat's open sessions, connections and file descriptors are noted")]
async fn note(world: &mut McpWorld) -> StepResult {
    world.tickets.note_usage().await
}

#[then(expr = "within {int} seconds the MCP server and the chat are back to what was noted")]
async fn back_to_baseline(world: &mut McpWorld, seconds: u64) -> StepResult {
    world
        .tickets
        .expect_back_to_baseline(Duration::from_secs(seconds))
        .await
}

#[when(expr = "the document's token calls list_tickets {int} times in one session")]
async fn sequential(world: &mut McpWorld, times: usize) -> StepResult {
    let samples = world.tickets.time_sequential(times, world.timeout).await?;
    world.tickets.samples = Some(samples);
    Ok(())
}

#[then(
    "their average is under 2 seconds, their median under 1.5 seconds and the slowest under 5 seconds"
)]
async fn budgets(world: &mut McpWorld) -> StepResult {
    let samples = world
        .tickets
        .samples
        .as_ref()
        .ok_or_else(|| anyhow::anyhow!("no calls were timed"))?;
    expect_budgets(&world.tickets.label(), samples)
}

#[when(expr = "the document's token calls list_tickets {int} times at once in one session")]
async fn concurrent(world: &mut McpWorld, times: usize) -> StepResult {
    let took = world.tickets.time_concurrent(times, world.timeout).await?;
    world.tickets.concurrent = Some(took);
    Ok(())
}

#[then(expr = "all {int} answered a ticket list within {int} seconds")]
async fn concurrent_within(world: &mut McpWorld, times: usize, seconds: u64) -> StepResult {
    let took = world
        .tickets
        .concurrent
        .ok_or_else(|| anyhow::anyhow!("no concurrent calls were made"))?;
    expect_concurrent_within(
        &world.tickets.label(),
        times,
        took,
        Duration::from_secs(seconds),
    )
}
