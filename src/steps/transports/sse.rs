//! Steps of `features/transports/sse.feature`: the legacy HTTP+SSE transport's own rules.

use std::time::{Duration, Instant};

use anyhow::{Context as _, bail, ensure};
use cucumber::{then, when};
use serde_json::{Value, json};

use crate::harness::skip::skip_scenario;
use crate::mcp::jsonrpc::{self, pretty};
use crate::mcp::raw::HttpAnswer;
use crate::steps::StepResult;
use crate::steps::protocol::probes::{ProbeTool, probe};
use crate::world::{DEFAULT_PROTOCOL_VERSION, McpWorld, Outcome};
use mcp_serving::sse_client::PostAnswer;

/// A body that is not JSON: the object is never closed.
const NOT_JSON: &str = r#"{"jsonrpc": "2.0", "id": 1, "method": "ping""#;

#[then("the stream's first event named the endpoint for the client's messages")]
async fn first_event_is_endpoint(world: &mut McpWorld) -> StepResult {
    let preamble = world.raw()?.sse_preamble()?;
    ensure!(
        preamble.is_empty(),
        "the stream sent other events before the endpoint event:\n  {}",
        preamble.join("\n  ")
    );
    Ok(())
}

#[then("the endpoint is on the stream's own origin")]
async fn endpoint_same_origin(world: &mut McpWorld) -> StepResult {
    let (stream, endpoint) = world.raw()?.sse_urls()?;
    ensure!(
        stream.origin() == endpoint.origin(),
        "the endpoint {endpoint} is not on the origin of the stream {stream}"
    );
    Ok(())
}

#[when(expr = "the client posts an initialize request with id {int} to the endpoint")]
async fn post_initialize(world: &mut McpWorld, id: i64) -> StepResult {
    let params = jsonrpc::initialize_params(DEFAULT_PROTOCOL_VERSION);
    let frame = jsonrpc::request(json!(id), "initialize", Some(params));
    let answer = world.raw()?.post_sse(&frame, None).await?;
    record_post(world, format!("POST of initialize (id {id})"), answer);
    Ok(())
}

#[when("the client posts a ping to a session the server never opened")]
async fn post_to_unknown_session(world: &mut McpWorld) -> StepResult {
    let frame = jsonrpc::request(json!(1), "ping", None);
    let unknown = format!("mcp-acceptance-unknown-{}", uuid::Uuid::new_v4().simple());
    let raw = world.raw()?;
    if raw.sse_poster()?.endpoint_for_session(&unknown).is_none() {
        let endpoint = raw.sse_urls()?.1;
        skip_scenario(format!(
            "the endpoint {endpoint} names no session in its query: no other session can be addressed"
        ));
    }
    let answer = raw.post_sse(&frame, Some(&unknown)).await?;
    record_post(
        world,
        "POST of a ping to an unknown session".to_owned(),
        answer,
    );
    Ok(())
}

#[when("the client posts a body that is not JSON")]
async fn post_not_json(world: &mut McpWorld) -> StepResult {
    let answer = world.raw()?.post_sse(NOT_JSON, None).await?;
    record_post(world, format!("POST of {NOT_JSON}"), answer);
    Ok(())
}

fn record_post(world: &mut McpWorld, request: String, answer: PostAnswer) {
    let answer = HttpAnswer {
        status: answer.status,
        content_type: answer.content_type,
        session_id: None,
        body: Some(answer.body),
        www_authenticate: None,
    };
    world.record(Outcome::Http { request, answer });
}

fn last_post(world: &McpWorld) -> anyhow::Result<(&str, &HttpAnswer)> {
    match &world.last {
        Some(Outcome::Http { request, answer }) => Ok((request, answer)),
        other => bail!("no POST was sent (last outcome: {other:?})"),
    }
}

#[then(expr = "the answer with id {int} arrives on the event stream, not in the POST's body")]
async fn answer_on_stream(world: &mut McpWorld, id: i64) -> StepResult {
    let (request, answer) = last_post(world)?;
    let in_body = answer
        .body
        .as_deref()
        .and_then(|body| serde_json::from_str::<Value>(body).ok())
        .is_some_and(|body| jsonrpc::reply_of(&body).is_some());
    ensure!(
        !in_body,
        "{request}: the answer came in the POST's body ({answer}), not on the stream"
    );
    let response = world.raw()?.response_to(&json!(id)).await?;
    ensure!(
        response.get("result").is_some(),
        "the answer on the stream is not a result:\n{}",
        pretty(&response)
    );
    Ok(())
}

#[when("the client closes the event stream")]
async fn close_stream(world: &mut McpWorld) -> StepResult {
    world.raw()?.close_sse_stream()
}

#[then(expr = "a ping posted to that session is refused within {float} seconds")]
async fn raw_session_gone(world: &mut McpWorld, seconds: f64) -> StepResult {
    let poster = world.raw()?.sse_poster()?;
    let ping = jsonrpc::request(json!(1), "ping", None);
    poster
        .wait_until_refused(&ping, Duration::from_secs_f64(seconds))
        .await
        .map(drop)
}

#[then(expr = "a ping posted to the session of {string} is refused within {float} seconds")]
async fn named_session_gone(world: &mut McpWorld, name: String, seconds: f64) -> StepResult {
    let poster = world
        .session(&name)?
        .sse_poster
        .clone()
        .with_context(|| format!("\"{name}\" is not connected over sse"))?;
    let ping = jsonrpc::request(json!(1), "ping", None);
    poster
        .wait_until_refused(&ping, Duration::from_secs_f64(seconds))
        .await
        .map(drop)
}

#[then(expr = "{string} and {string} were given different message endpoints")]
async fn different_endpoints(world: &mut McpWorld, first: String, second: String) -> StepResult {
    let mut endpoint = |name: &str| {
        world
            .session(name)?
            .sse_poster
            .as_ref()
            .map(|poster| poster.endpoint.clone())
            .with_context(|| format!("\"{name}\" is not connected over sse"))
    };
    let (a, b) = (endpoint(&first)?, endpoint(&second)?);
    ensure!(
        a != b,
        "\"{first}\" and \"{second}\" were both told to post to {a}"
    );
    Ok(())
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
    let slow = probe(world, ProbeTool::Slow)?;
    let session = world.client()?;
    let Some(process) = session.link.process.as_ref() else {
        skip_scenario("the suite did not start this server, so it cannot stop it".to_owned())
    };
    let group = nix::unistd::Pid::from_raw(process.pid());
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(300)).await;
        // Already gone is fine: the call fails either way.
        let _ = nix::sys::signal::killpg(group, nix::sys::signal::Signal::SIGKILL);
    });
    let started = Instant::now();
    let outcome = session.call_tool(&slow.name, slow.arguments).await;
    let elapsed = started.elapsed();
    world.record(match outcome {
        Ok(reply) => bail!("the call was answered although the server was stopped: {reply:?}"),
        Err(error) => Outcome::Failed {
            error: format!("{error:#}"),
            elapsed,
        },
    });
    Ok(())
}
