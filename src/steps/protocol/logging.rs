//! Logging: logging/setLevel and the notifications/message that follow it.

use cucumber::then;

use crate::checks::logging::{self};
use crate::steps::StepResult;
use crate::world::McpWorld;

/// No clock: the log messages a call causes come before its answer (which the call step
/// waited for) on the call's own stream, and whatever the server sent before answering a later
/// ping comes before that answer on stdio and SSE; the record is then settled.
#[then(expr = "no log message less severe than {string} arrives before the server answers a ping")]
async fn nothing_below(world: &mut McpWorld, threshold: String) -> StepResult {
    let session = world.client()?;
    if let Err(error) = session.ping().await? {
        anyhow::bail!("the server refused a ping: {error}");
    }
    session.settle_notifications().await?;
    logging::nothing_less_severe(&threshold, &session.received_since_mark())
}

#[then("every log message names a level MCP defines and carries data")]
async fn log_messages_well_formed(world: &mut McpWorld) -> StepResult {
    logging::well_formed(&world.client()?.received())
}

/// The schema's lowercase "should": a miss is a warning.
#[then(
    expr = "no log message less severe than {string} should arrive before the server answers a ping"
)]
async fn nothing_below_should(world: &mut McpWorld, threshold: String) -> StepResult {
    let check = nothing_below(world, threshold).await;
    world.warnings.should(check);
    Ok(())
}
