//! The advisory forms of shared checks, for SHOULD-level statements and for advice beyond the
//! specification text: `the server should answer with an error`, `… with error code N [and id M]`, `the server
//! should refuse it with HTTP status N|4xx`, `the call should succeed [with HTTP status N]`.
//! Each checks what its plain form checks, but a miss is a warning of the scenario (naming the
//! statement of its `@spec-…` tags), not a failure; see harness/warnings.rs.

use crate::checks::expect;
use crate::checks::jsonrpc::{self as checks, ExpectedId};
use crate::checks::outcome::{self, HttpStatus};
use crate::steps::StepResult;
use crate::world::McpWorld;
use cucumber::then;

#[then("the server should answer with an error")]
async fn should_answer_error(world: &mut McpWorld) -> StepResult {
    let check = world
        .last_reply()
        .and_then(|(request, reply)| expect::any_error(&request, &reply));
    world.warnings.should(check);
    Ok(())
}

#[then(expr = "the server should answer with error code {int}")]
async fn should_answer_error_code(world: &mut McpWorld, code: i64) -> StepResult {
    let check = world
        .last_reply()
        .and_then(|(request, reply)| expect::error_code(&request, &reply, code));
    world.warnings.should(check);
    Ok(())
}

#[then(expr = "the server should answer with error code {int} and {expected_id}")]
async fn should_answer_error_with_id(
    world: &mut McpWorld,
    code: i64,
    id: ExpectedId,
) -> StepResult {
    let check = world.last_reply().and_then(|(request, reply)| {
        checks::error_with_id(&request, &reply, world.last_raw_response()?, code, &id)
    });
    world.warnings.should(check);
    Ok(())
}

#[then(expr = "the server should refuse it with HTTP status {http_status}")]
async fn should_refuse(world: &mut McpWorld, status: HttpStatus) -> StepResult {
    let check =
        outcome::refused(world.last.as_ref(), status).map_err(|error| world.with_evidence(error));
    world.warnings.should(check);
    Ok(())
}

#[then(regex = r"^the call should succeed(?: with HTTP status (\d{3}))?$")]
async fn call_should_succeed(world: &mut McpWorld, status: String) -> StepResult {
    let check = outcome::succeeded(
        world.last.as_ref(),
        world.system_success,
        status.parse().ok(),
    )
    .map_err(|error| world.with_evidence(error));
    world.warnings.should(check);
    Ok(())
}
