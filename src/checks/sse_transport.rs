//! The legacy HTTP+SSE transport's own rules, for any server that speaks it: what it must do (the
//! endpoint event first, on the stream's origin; answers on the stream, not in the POST's body;
//! sessions of their own that end with their stream), and the exact posts that probe it
//! (outside a session, a body that is not JSON), recorded as HTTP outcomes.

use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, bail, ensure};
use serde_json::{Value, json};

use crate::harness::skip::skip_scenario;
use crate::mcp::jsonrpc::{self, pretty};
use crate::mcp::probes::{ProbeTool, probe};
use crate::mcp::raw::{HttpAnswer, RawChannel};
use crate::world::{DEFAULT_PROTOCOL_VERSION, McpWorld, Outcome};
use mcp_serving::sse_client::{PostAnswer, SsePoster};

/// A body that is not JSON: the object is never closed.
const NOT_JSON: &str = r#"{"jsonrpc": "2.0", "id": 1, "method": "ping""#;
/// How long after the call starts the server is stopped.
const STOP_AFTER: Duration = Duration::from_millis(300);

/// The stream's first event with data was the `endpoint` event.
pub fn expect_endpoint_first(raw: &RawChannel) -> Result<()> {
    let preamble = raw.sse_preamble()?;
    ensure!(
        preamble.is_empty(),
        "the stream sent other events before the endpoint event:\n  {}",
        preamble.join("\n  ")
    );
    Ok(())
}

/// The endpoint the stream named is on the stream's own origin.
pub fn expect_endpoint_on_stream_origin(raw: &RawChannel) -> Result<()> {
    let (stream, endpoint) = raw.sse_urls()?;
    ensure!(
        stream.origin() == endpoint.origin(),
        "the endpoint {endpoint} is not on the origin of the stream {stream}"
    );
    Ok(())
}

/// POSTs an initialize request with `id` to the session's endpoint; records the HTTP answer.
pub async fn post_initialize(world: &mut McpWorld, id: i64) -> Result<()> {
    let params = jsonrpc::initialize_params(DEFAULT_PROTOCOL_VERSION);
    let frame = jsonrpc::request(json!(id), "initialize", Some(params));
    let answer = world.raw()?.post_sse(&frame, None).await?;
    record_post(world, format!("POST of initialize (id {id})"), answer);
    Ok(())
}

/// POSTs a ping to the endpoint of a session id the server never gave out (skips when the
/// endpoint names no session); records the HTTP answer.
pub async fn post_to_unknown_session(world: &mut McpWorld) -> Result<()> {
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
    let request = "POST of a ping to an unknown session".to_owned();
    record_post(world, request, answer);
    Ok(())
}

/// POSTs a body that is not JSON to the session's endpoint; records the HTTP answer.
pub async fn post_not_json(world: &mut McpWorld) -> Result<()> {
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

/// The last POST's body carried no JSON-RPC answer, and the answer to `id` arrived on the
/// stream as a result.
pub async fn expect_answer_on_stream(world: &mut McpWorld, id: i64) -> Result<()> {
    let Some(Outcome::Http { request, answer }) = &world.last else {
        bail!("no POST was sent (last outcome: {:?})", world.last);
    };
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

/// What posts to the session of the client `name`, or (empty) of the raw connection.
pub fn poster_of(world: &mut McpWorld, name: &str) -> Result<SsePoster> {
    if name.is_empty() {
        return world.raw()?.sse_poster();
    }
    world
        .session(name)?
        .sse_poster
        .clone()
        .with_context(|| format!("\"{name}\" is not connected over sse"))
}

/// A ping posted through `poster` is refused within `limit`.
pub async fn expect_ping_refused(poster: &SsePoster, limit: Duration) -> Result<()> {
    let ping = jsonrpc::request(json!(1), "ping", None);
    poster.wait_until_refused(&ping, limit).await.map(drop)
}

/// The clients `first` and `second` were told to post to different endpoints.
pub fn expect_different_endpoints(world: &mut McpWorld, first: &str, second: &str) -> Result<()> {
    let a = poster_of(world, first)?.endpoint;
    let b = poster_of(world, second)?.endpoint;
    ensure!(
        a != b,
        "\"{first}\" and \"{second}\" were both told to post to {a}"
    );
    Ok(())
}

/// Calls the server's slow tool and kills the server's process group during the call; the
/// call must fail, and the failure is recorded with how long it took.
pub async fn call_while_server_stops(world: &mut McpWorld) -> Result<()> {
    let slow = probe(world, ProbeTool::Slow)?;
    let session = world.client()?;
    let Some(process) = session.link.process.as_ref() else {
        skip_scenario("the suite did not start this server, so it cannot stop it".to_owned())
    };
    let group = nix::unistd::Pid::from_raw(process.pid());
    tokio::spawn(async move {
        tokio::time::sleep(STOP_AFTER).await;
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
