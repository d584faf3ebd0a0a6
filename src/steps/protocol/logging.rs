//! Logging: logging/setLevel and the notifications/message that follow it.

use std::time::Duration;

use cucumber::then;

use crate::checks::logging::{self};
use crate::steps::StepResult;
use crate::world::McpWorld;

#[then(expr = "no log message less severe than {string} arrives within {float} seconds")]
async fn nothing_below(world: &mut McpWorld, threshold: String, seconds: f64) -> StepResult {
    tokio::time::sleep(Duration::from_secs_f64(seconds)).await;
    logging::nothing_less_severe(&threshold, &world.client()?.received_since_mark())
}

#[then("every log message names a level MCP defines and carries data")]
async fn log_messages_well_formed(world: &mut McpWorld) -> StepResult {
    logging::well_formed(&world.client()?.received())
}

/// The schema's lowercase "should": a miss is a warning.
#[then(expr = "no log message less severe than {string} should arrive within {float} seconds")]
async fn nothing_below_should(world: &mut McpWorld, threshold: String, seconds: f64) -> StepResult {
    let check = nothing_below(world, threshold, seconds).await;
    world.warnings.should(check);
    Ok(())
}
