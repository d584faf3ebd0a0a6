//! The event streams of one streamable HTTP session: the stream a GET opens, the stream each
//! POSTed request is answered on, event ids, resuming (support: `checks::event_streams`).

use std::time::Duration;

use anyhow::ensure;
use cucumber::{given, then, when};

use crate::checks::event_streams;
use crate::mcp::probes::probe;
use crate::mcp::raw::{EventStream, HttpAnswer};
use crate::steps::StepResult;
use crate::world::McpWorld;

/// How long a stream may stay open after its response (scheduling on a loaded machine).
const END_GRACE: Duration = Duration::from_secs(1);
/// How long the client reads a resumed stream: a replay comes at once on connecting.
const REPLAY_WINDOW: Duration = Duration::from_millis(300);

fn server(world: &McpWorld) -> anyhow::Result<String> {
    Ok(world.target()?.name.clone())
}

/// The streams the tool calls of the scenario were answered on.
fn call_streams(world: &mut McpWorld) -> anyhow::Result<Vec<EventStream>> {
    let server = server(world)?;
    Ok(event_streams::tool_call_streams(
        &world.raw()?.event_streams(),
        &server,
    ))
}

/// A GET answered with an event stream; a refusal the specification allows (`refusal_skips`)
/// skips the scenario with the answer.
fn listening(answer: &HttpAnswer, what: &str, server: &str, refusal_skips: bool) -> StepResult {
    if refusal_skips && (400..500).contains(&answer.status) {
        crate::harness::skip::skip_scenario(format!("server '{server}' refused {what}: {answer}"));
    }
    ensure!(
        answer.is_success() && answer.content_type.starts_with("text/event-stream"),
        "{what} is answered with an event stream, got {answer}"
    );
    Ok(())
}

#[given("the client listens on an event stream opened with GET")]
async fn listens_with_get(world: &mut McpWorld) -> StepResult {
    let server = server(world)?;
    let answer = world.raw()?.listen_with_get(None).await?;
    // A server may refuse GET with 405 (tr-17) and offer no stream of its own.
    listening(&answer, "a GET", &server, answer.status == 405)
}

#[when(expr = "the client calls the {word} tool {int} time(s)")]
async fn calls_tool(world: &mut McpWorld, kind: String, times: usize) -> StepResult {
    let probe = probe(world, kind.parse().map_err(anyhow::Error::msg)?)?;
    let raw = world.raw()?;
    for _ in 0..times {
        let response = raw.call_probe(&probe).await;
        raw.with_evidence(response).await?;
    }
    Ok(())
}

#[when("the client resumes the first call's stream after its first event")]
async fn resumes_first_call(world: &mut McpWorld) -> StepResult {
    let server = server(world)?;
    let first = call_streams(world)?.remove(0);
    let after = event_streams::first_event_id(&first, &server);
    let raw = world.raw()?;
    let answer = raw.listen_with_get(Some(&after)).await?;
    // Resuming is the server's choice (it may replay): a refusal skips.
    listening(&answer, "a GET with Last-Event-ID", &server, true)?;
    raw.listen(REPLAY_WINDOW).await.map(drop)
}

#[then("no answer arrived on the GET stream")]
async fn no_answer_on_get(world: &mut McpWorld) -> StepResult {
    event_streams::no_response_on_get_stream(&world.raw()?.event_streams())
}

#[then("no event id was used on two streams")]
async fn ids_unique(world: &mut McpWorld) -> StepResult {
    let server = server(world)?;
    event_streams::event_ids_unique_across_streams(&world.raw()?.event_streams(), &server)
}

#[then("the resumed stream replayed nothing of another stream")]
async fn replayed_only_own(world: &mut McpWorld) -> StepResult {
    event_streams::resumed_stream_replays_only_its_own(&world.raw()?.event_streams())
}

#[then("the stream of each call should end once the call is answered")]
async fn streams_end(world: &mut McpWorld) -> StepResult {
    let deadline = tokio::time::Instant::now() + END_GRACE;
    while call_streams(world)?.iter().any(|s| s.ended.is_none())
        && tokio::time::Instant::now() < deadline
    {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let check = call_streams(world)?
        .iter()
        .try_for_each(|stream| event_streams::ended_after_response(stream, END_GRACE));
    world.warnings.should(check);
    Ok(())
}

#[then("the stream of each call should begin with an event that lets the client reconnect")]
async fn streams_primed(world: &mut McpWorld) -> StepResult {
    let check = call_streams(world)?
        .iter()
        .try_for_each(event_streams::starts_with_priming_event);
    world.warnings.should(check);
    Ok(())
}
