//! One phrase each for what the last action came to, whatever the system under test:
//! `the call succeeds [with HTTP status N]`, `the server refuses it with HTTP status N|4xx`.

use cucumber::then;

use crate::checks::outcome::{self, HttpStatus};
use crate::steps::StepResult;
use crate::world::McpWorld;

#[then(regex = r"^the call succeeds(?: with HTTP status (\d{3}))?$")]
async fn call_succeeds(world: &mut McpWorld, status: String) -> StepResult {
    let status = status.parse().ok();
    outcome::succeeded(world.last.as_ref(), world.system_success, status)
        .map_err(|error| world.with_evidence(error))
}

#[then(expr = "the server refuses it with HTTP status {http_status}")]
async fn refused(world: &mut McpWorld, status: HttpStatus) -> StepResult {
    outcome::refused(world.last.as_ref(), status).map_err(|error| world.with_evidence(error))
}
