//! A server of the stateless protocol alone (recommendations, 2026-07-28): no GET stream, no
//! DELETE, and no sessions — a session id or event id in a request is ignored.

use anyhow::Context;
use cucumber::{given, then, when};
use serde_json::json;

use crate::checks::stateless;
use crate::harness::skip::skip_scenario;
use crate::mcp::stateless::Departure;
use crate::steps::StepResult;
use crate::world::{McpWorld, Outcome};

#[given("the server speaks no protocol version older than 2026-07-28")]
async fn stateless_alone(world: &mut McpWorld) -> StepResult {
    let discovery = world
        .raw()?
        .discover_result
        .clone()
        .context("no discovery")?;
    let older = stateless::handshake_versions(&discovery);
    if !older.is_empty() {
        skip_scenario(format!(
            "the server also speaks {older:?}, which have GET streams and sessions"
        ));
    }
    Ok(())
}

#[when("the client ends a made-up session with DELETE")]
async fn delete_made_up(world: &mut McpWorld) -> StepResult {
    let answer = world
        .raw()?
        .delete_naming_session("mcp-acceptance-made-up-session")
        .await?;
    let request = "a DELETE of a made-up session".to_owned();
    world.record(Outcome::Http { request, answer });
    Ok(())
}

#[then("listing the tools in a made-up session should be served as if it named none")]
async fn should_ignore_session(world: &mut McpWorld) -> StepResult {
    let raw = world.raw()?;
    let departing = Departure::MadeUpSession;
    let exchanged = raw
        .stateless_request_departing("tools/list", json!({}), departing)
        .await?;
    world
        .warnings
        .should(stateless::served_without_session(&exchanged));
    Ok(())
}
