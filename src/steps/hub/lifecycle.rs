//! The hub's backends over time: health, a backend dying, a call timing out and being
//! cancelled at the backend, the config changing under a running hub.

use std::time::Duration;

use cucumber::{gherkin::Step, given, then, when};

use super::table;
use crate::steps::StepResult;
use crate::systems::mcp_hub::hub::{
    backend_pid, expect_backend_state, kill_backend, wait_for_text,
};
use crate::systems::mcp_hub::setup::backends_from_table;
use crate::world::McpWorld;

#[then(expr = "the hub's health reports {string} as {word}")]
async fn health_reports(world: &mut McpWorld, backend: String, state: String) -> StepResult {
    let limit = world.timeout;
    expect_backend_state(world, &backend, &state, limit)
        .await
        .map(drop)
}

#[then(expr = "the hub's health reports {string} as failed because {string}")]
async fn health_failed_because(world: &mut McpWorld, backend: String, why: String) -> StepResult {
    let limit = world.timeout;
    let entry = expect_backend_state(world, &backend, "failed", limit).await?;
    let error = entry["error"].as_str().unwrap_or_default();
    anyhow::ensure!(
        error.contains(&why),
        "health says \"{backend}\" failed with \"{error}\", not naming \"{why}\""
    );
    Ok(())
}

#[when(expr = "the backend {string} dies")]
async fn backend_dies(world: &mut McpWorld, backend: String) -> StepResult {
    kill_backend(world, &backend).await
}

#[then(expr = "the backend {string} received the cancellation within {float} seconds")]
async fn cancellation_received(world: &mut McpWorld, backend: String, seconds: f64) -> StepResult {
    let wanted = "cancelled by notifications/cancelled";
    let limit = Duration::from_secs_f64(seconds);
    let what = format!("the log of backend \"{backend}\"");
    wait_for_text(&what, wanted, limit, || world.hub.backend_log(&backend)).await
}

#[given(expr = "the process of the backend {string} is noted")]
async fn note_pid(world: &mut McpWorld, backend: String) -> StepResult {
    let pid = backend_pid(world, &backend).await?;
    world.hub.pids.insert(backend, pid);
    Ok(())
}

#[then(expr = "the backend {string} still runs in the process noted before")]
async fn same_pid(world: &mut McpWorld, backend: String) -> StepResult {
    let before = *world
        .hub
        .pids
        .get(&backend)
        .ok_or_else(|| anyhow::anyhow!("no process of \"{backend}\" was noted"))?;
    let now = backend_pid(world, &backend).await?;
    anyhow::ensure!(
        now == before,
        "\"{backend}\" ran as pid {before} and now as {now}: it was restarted"
    );
    Ok(())
}

#[when("the hub's config changes to the backends:")]
async fn config_changes(world: &mut McpWorld, step: &Step) -> StepResult {
    world.client()?.mark_received();
    world.hub.servers = backends_from_table(world, table(step)?).await?;
    world.hub.write_config()
}

#[when(expr = "the hub's config file is replaced by the text {string}")]
async fn config_replaced(world: &mut McpWorld, text: String) -> StepResult {
    world.client()?.mark_received();
    world.hub.write_config_text(&text)
}

#[then(expr = "the hub's log says {string}")]
async fn log_says(world: &mut McpWorld, text: String) -> StepResult {
    let limit = world.timeout;
    wait_for_text("the hub's log", &text, limit, || world.hub.hub_log()).await
}

#[then(expr = "the client is notified that the hub's {word} changed")]
async fn notified(world: &mut McpWorld, list: String) -> StepResult {
    let method = format!("notifications/{list}/list_changed");
    world
        .client()?
        .wait_for_message_since_mark(&method)
        .await
        .map(drop)
}
