//! Steps of `features/transports/sse.feature`: the legacy HTTP+SSE transport's own rules.
//! Support: [`crate::checks::sse_transport`].

use std::time::Duration;

use cucumber::{then, when};

use crate::checks::sse_transport::{
    call_while_server_stops, expect_answer_on_stream, expect_different_endpoints,
    expect_endpoint_first, expect_endpoint_on_stream_origin, expect_ping_refused, post_initialize,
    post_not_json, post_to_unknown_session, poster_of,
};
use crate::steps::StepResult;
use crate::world::McpWorld;

#[then("the stream's first event named the endpoint for the client's messages")]
async fn first_event_is_endpoint(world: &mut McpWorld) -> StepResult {
    expect_endpoint_first(world.raw()?)
}

#[then("the endpoint is on the stream's own origin")]
async fn endpoint_same_origin(world: &mut McpWorld) -> StepResult {
    expect_endpoint_on_stream_origin(world.raw()?)
}

/// Advice beyond the 2024-11-05 text (SDK convention): a miss is a warning.
#[then("the endpoint should be on the stream's own origin")]
async fn endpoint_should_be_same_origin(world: &mut McpWorld) -> StepResult {
    let check = endpoint_same_origin(world).await;
    world.warnings.should(check);
    Ok(())
}

#[when(expr = "the client posts an initialize request with id {int} to the endpoint")]
async fn post_initialize_request(world: &mut McpWorld, id: i64) -> StepResult {
    post_initialize(world, id).await
}

#[when("the client posts a ping to a session the server never opened")]
async fn post_to_unknown(world: &mut McpWorld) -> StepResult {
    post_to_unknown_session(world).await
}

#[when("the client posts a body that is not JSON")]
async fn post_garbage(world: &mut McpWorld) -> StepResult {
    post_not_json(world).await
}

#[then(expr = "the answer with id {int} arrives on the event stream, not in the POST's body")]
async fn answer_on_stream(world: &mut McpWorld, id: i64) -> StepResult {
    expect_answer_on_stream(world, id).await
}

#[when("the client closes the event stream")]
async fn close_stream(world: &mut McpWorld) -> StepResult {
    world.raw()?.close_sse_stream()
}

/// The session of the raw connection ("that session"), or of a named client.
#[then(
    regex = r#"^a ping posted to (?:that session|the session of "([^"]+)") is refused within (\d+(?:\.\d+)?) seconds$"#
)]
async fn session_gone(world: &mut McpWorld, name: String, seconds: f64) -> StepResult {
    let poster = poster_of(world, &name)?;
    expect_ping_refused(&poster, Duration::from_secs_f64(seconds)).await
}

/// Advice beyond the 2024-11-05 text (SDK convention): a miss is a warning.
#[then(
    regex = r#"^a ping posted to (?:that session|the session of "([^"]+)") should be refused within (\d+(?:\.\d+)?) seconds$"#
)]
async fn session_should_be_gone(world: &mut McpWorld, name: String, seconds: f64) -> StepResult {
    let check = session_gone(world, name, seconds).await;
    world.warnings.should(check);
    Ok(())
}

#[then(expr = "{string} and {string} were given different message endpoints")]
async fn different_endpoints(world: &mut McpWorld, first: String, second: String) -> StepResult {
    expect_different_endpoints(world, &first, &second)
}

#[when(expr = "{string} closes its connection")]
async fn named_close(world: &mut McpWorld, name: String) -> StepResult {
    world.session(&name)?.close().await
}

#[then(expr = "{string} still gets an answer to a ping")]
async fn named_ping(world: &mut McpWorld, name: String) -> StepResult {
    let reply = world.session(&name)?.ping().await?;
    reply
        .map(drop)
        .map_err(|error| anyhow::anyhow!("\"{name}\"'s ping was refused: {error}"))
}

#[when("the client calls the slow tool and the server stops during the call")]
async fn server_dies_during_call(world: &mut McpWorld) -> StepResult {
    call_while_server_stops(world).await
}

#[when(expr = "the client opens another event stream as a web page from {string} would")]
async fn stream_from_origin(world: &mut McpWorld, origin: String) -> StepResult {
    let answer = world.raw()?.open_sse_stream_from(&origin).await?;
    let request = format!("a GET of the event stream with Origin {origin}");
    world.record(crate::world::Outcome::Http { request, answer });
    Ok(())
}
