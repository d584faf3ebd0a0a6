//! Logging: logging/setLevel and the notifications/message that follow it.

use std::time::Duration;

use cucumber::{given, then, when};

use crate::checks::expect;
use crate::checks::logging::{self, LOG_METHOD};
use crate::steps::StepResult;
use crate::world::{McpWorld, Outcome};

#[when(expr = "the client sets the log level to {string}")]
async fn set_level(world: &mut McpWorld, level: String) -> StepResult {
    let reply = world.client()?.set_log_level(&level).await?;
    let request = format!("logging/setLevel \"{level}\"");
    world.record(Outcome::Reply { request, reply });
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
    tokio::time::sleep(Duration::from_secs_f64(seconds)).await;
    logging::nothing_less_severe(&threshold, &world.client()?.received_since_mark())
}

#[then("a log message arrives")]
async fn a_log_message_arrives(world: &mut McpWorld) -> StepResult {
    let session = world.client()?;
    session
        .wait_for_message_since_mark(LOG_METHOD)
        .await
        .map(drop)
}

#[then("every log message names a level MCP defines and carries data")]
async fn log_messages_well_formed(world: &mut McpWorld) -> StepResult {
    logging::well_formed(&world.client()?.received())
}
