//! One phrase each for what the last action came to, whatever the system under test:
//! `the call succeeds [with HTTP status N]`, `the server refuses it with HTTP status N|4xx`, and
//! for an attempt to connect, `the attempt fails within N seconds` / `the failure says "…"`.

use crate::checks::outcome::{self, HttpStatus, expect_failed_within, expect_failure_saying};
use crate::steps::StepResult;
use crate::world::McpWorld;
use cucumber::then;
use std::time::Duration;

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

#[then(expr = "the attempt fails within {float} seconds")]
async fn fails_within(world: &mut McpWorld, seconds: f64) -> StepResult {
    expect_failed_within(world.last.as_ref(), Duration::from_secs_f64(seconds))
}

#[then(expr = "the failure says {string}")]
async fn failure_says(world: &mut McpWorld, expected: String) -> StepResult {
    expect_failure_saying(world.last.as_ref(), &expected)
}
