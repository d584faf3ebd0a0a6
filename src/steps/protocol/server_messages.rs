//! What a server sends of its own accord: notifications without ids, well-formed `_meta`
//! keys, no progress after the response, and the capabilities behind log messages and
//! completions. HTTP answers to responses and notifications the server cannot use.

use std::time::Duration;

use cucumber::{then, when};
use serde_json::json;

use crate::checks::logging::LOG_METHOD;
use crate::checks::{http_acceptance, server_messages};
use crate::mcp::jsonrpc::{self, Id};
use crate::mcp::raw::PostHeaders;
use crate::steps::StepResult;
use crate::world::{McpWorld, Outcome};

/// How long the client listens for progress after the response.
const AFTER_RESPONSE: Duration = Duration::from_secs(1);

#[then(regex = r"^no progress notification with the token (.+) arrives after the response$")]
async fn no_late_progress(world: &mut McpWorld, token: Id) -> StepResult {
    let arrived = world.raw()?.listen(AFTER_RESPONSE).await?;
    server_messages::no_progress_after_response(&token.0, &arrived)
}

#[then("no notification the server sent carries an id")]
async fn notifications_without_id(world: &mut McpWorld) -> StepResult {
    server_messages::notifications_without_id(world.raw()?.messages_seen())
}

#[when("the client lists the server's tools, resources, resource templates and prompts")]
async fn list_everything(world: &mut McpWorld) -> StepResult {
    let raw = world.raw()?;
    for method in [
        "tools/list",
        "resources/list",
        "resources/templates/list",
        "prompts/list",
    ] {
        raw.call(method, None).await?;
    }
    Ok(())
}

#[then("every _meta key the server sent is well formed")]
async fn meta_keys(world: &mut McpWorld) -> StepResult {
    server_messages::meta_keys_well_formed(world.raw()?.messages_seen())
}

#[then("a server that sent a log message declares the logging capability")]
async fn logging_declared(world: &mut McpWorld) -> StepResult {
    let session = world.client()?;
    let log = session.wait_for_message_where("log message", 0, |m| m.method == LOG_METHOD);
    let log = log.await.ok().map(|m| m.params);
    let declared = world.declared_capabilities()?;
    server_messages::logging_declared(log.as_ref(), &declared)
}

#[then("a server that completes arguments declares the completions capability")]
async fn completions_declared(world: &mut McpWorld) -> StepResult {
    let (request, reply) = world.last_reply()?;
    let declared = world.declared_capabilities()?;
    server_messages::completions_declared(&request, &reply, &declared)
}

#[when("the client posts a response to a request the server never sent")]
async fn post_stray_response(world: &mut McpWorld) -> StepResult {
    let frame = json!({"jsonrpc": "2.0", "id": "mcp-acceptance-never-asked", "result": {}});
    let request = "a response to a request the server never sent".to_owned();
    post_frame(world, request, frame.to_string()).await
}

#[when("the client posts a notification of a method MCP does not define")]
async fn post_unknown_notification(world: &mut McpWorld) -> StepResult {
    let frame = jsonrpc::notification("notifications/mcp-acceptance/unknown", None);
    let request = "a notification of a method MCP does not define".to_owned();
    post_frame(world, request, frame).await
}

async fn post_frame(world: &mut McpWorld, request: String, frame: String) -> StepResult {
    let answer = world
        .raw()?
        .post_with(&frame, &PostHeaders::default())
        .await?;
    world.record(Outcome::Http { request, answer });
    Ok(())
}

#[then(
    "the server accepts it with HTTP status 202 and no body, or refuses it with an HTTP error status"
)]
async fn accepted_or_refused(world: &mut McpWorld) -> StepResult {
    http_acceptance::accepted_or_refused(world.last.as_ref())
}
