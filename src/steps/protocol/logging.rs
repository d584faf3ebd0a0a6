//! Logging: logging/setLevel and the notifications/message that follow it.

use std::time::Duration;

use anyhow::{Context, ensure};
use cucumber::{given, then, when};
use serde_json::json;

use crate::checks::expect;
use crate::checks::logging::{LEVELS, level_of, log_message_problems, severity};
use crate::steps::StepResult;
use crate::world::{McpWorld, Outcome};

const LOG_METHOD: &str = "notifications/message";

#[when(expr = "the client sets the log level to {string}")]
async fn set_level(world: &mut McpWorld, level: String) -> StepResult {
    let session = world.client()?;
    session.mark_received();
    let reply = session
        .request("logging/setLevel", json!({"level": level}))
        .await?;
    world.record(Outcome::Reply {
        request: format!("logging/setLevel \"{level}\""),
        reply,
    });
    Ok(())
}

#[given(expr = "the client has set the log level to {string}")]
async fn has_set_level(world: &mut McpWorld, level: String) -> StepResult {
    set_level(world, level).await?;
    let (request, reply) = world.last_reply()?;
    expect::success(&request, &reply).map(drop)
}

#[then(expr = "no log message less severe than {string} arrives within {float} seconds")]
async fn nothing_below(world: &mut McpWorld, threshold: String, seconds: f64) -> StepResult {
    let floor = severity(&threshold)
        .with_context(|| format!("\"{threshold}\" is not an MCP log level {LEVELS:?}"))?;
    tokio::time::sleep(Duration::from_secs_f64(seconds)).await;
    let below: Vec<String> = world
        .client()?
        .received_since_mark()
        .into_iter()
        .filter(|m| m.method == LOG_METHOD)
        .filter(|m| severity(level_of(m)).is_some_and(|s| s < floor))
        .map(|m| m.params.to_string())
        .collect();
    ensure!(
        below.is_empty(),
        "after logging/setLevel \"{threshold}\" the server sent messages less severe than {threshold}:\n{}",
        below.join("\n")
    );
    Ok(())
}

#[then("a log message arrives")]
async fn a_log_message_arrives(world: &mut McpWorld) -> StepResult {
    world
        .client()?
        .wait_for_message_since_mark(LOG_METHOD)
        .await
        .map(drop)
}

#[then("every log message names a level MCP defines and carries data")]
async fn log_messages_well_formed(world: &mut McpWorld) -> StepResult {
    let problems: Vec<String> = world
        .client()?
        .received()
        .iter()
        .filter(|m| m.method == LOG_METHOD)
        .flat_map(log_message_problems)
        .collect();
    ensure!(problems.is_empty(), "{}", problems.join("\n"));
    Ok(())
}
