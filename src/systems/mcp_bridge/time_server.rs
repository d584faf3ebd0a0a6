//! What a client sees of the time server (fixtures/time-server) at the end of a route: its
//! identity, its answers (naming the transport that served them), its errors, its progress.

use anyhow::{Context, Result, bail, ensure};
use rmcp::model::{NumberOrString, ProgressToken};
use serde_json::{Map, Value, json};

use crate::checks::json::expect_equal;
use crate::mcp::jsonrpc::Reply;
use crate::mcp::session::McpSession;
use crate::mcp::transport::Transport;
use crate::world::{McpWorld, Outcome};

/// The time server's name in its initialize answer.
pub const NAME: &str = "mcp-acceptance-time";
pub const GET_CURRENT_TIME: &str = "get_current_time";
pub const CONVERT_TIME: &str = "convert_time";
const PROGRESS: &str = "notifications/progress";
/// How far the time served may be from the suite's clock.
const MAX_SKEW_SECONDS: i64 = 60;

/// The initialize answer the session got is the time server's own: its name, and its tools.
pub fn expect_own_identity(session: &McpSession) -> Result<()> {
    let server = session.server()?;
    let name = server.server_info.as_ref().map(|info| info.name.as_str());
    ensure!(
        name == Some(NAME),
        "the initialize answer names the server {name:?}, not the time server {NAME:?}: {server:?}"
    );
    ensure!(
        server.capabilities.tools.is_some(),
        "the initialize answer lost the time server's tools capability: {server:?}"
    );
    Ok(())
}

/// get_current_time's arguments for `timezone`.
pub fn timezone_argument(timezone: &str) -> Map<String, Value> {
    let mut arguments = Map::new();
    arguments.insert("timezone".to_owned(), json!(timezone));
    arguments
}

/// Asks the default session for the current time in `timezone`; records the reply.
pub async fn ask_time_in(world: &mut McpWorld, timezone: &str) -> Result<()> {
    world
        .call_tool(GET_CURRENT_TIME, timezone_argument(timezone))
        .await
}

/// Asks the default session to convert the wall-clock `time` from one timezone to another;
/// records the reply.
pub async fn ask_conversion(world: &mut McpWorld, time: &str, from: &str, to: &str) -> Result<()> {
    let arguments = json!({"time": time, "source_timezone": from, "target_timezone": to});
    let Value::Object(arguments) = arguments else {
        unreachable!("a JSON object literal")
    };
    world.call_tool(CONVERT_TIME, arguments).await
}

/// The reply converts to `target` from `source` (both RFC 3339), in its structured content and
/// in its text.
pub fn expect_conversion(last: (String, Reply), target: &str, source: &str) -> Result<()> {
    let (request, reply) = last;
    let result = reply.map_err(|e| anyhow::anyhow!("{request} failed: {e}"))?;
    let expected = json!({"source": source, "target": target});
    let structured = result.get("structuredContent").cloned();
    expect_equal(
        &format!("the structured answer to {request}"),
        &structured.unwrap_or(Value::Null),
        &expected,
    )?;
    let text = result["content"][0]["text"].as_str().unwrap_or_default();
    let text: Value = serde_json::from_str(text)
        .with_context(|| format!("the text of the answer to {request} is not JSON: {text:?}"))?;
    expect_equal(
        &format!("the text of the answer to {request}"),
        &text,
        &expected,
    )
}

/// The reply is the current time in `timezone` (RFC 3339, within a minute of the suite's
/// clock), as served over `served`.
pub fn expect_time_answer(last: (String, Reply), timezone: &str, served: Transport) -> Result<()> {
    let (request, reply) = last;
    let result = reply.map_err(|e| anyhow::anyhow!("{request} failed: {e}"))?;
    let answer = result
        .get("structuredContent")
        .with_context(|| format!("the answer has no structuredContent: {result}"))?;
    expect_equal(
        &format!("the timezone and mode of the answer to {request}"),
        &json!({"timezone": answer["timezone"], "mode": answer["mode"]}),
        &json!({"timezone": timezone, "mode": served.to_string()}),
    )?;
    let time = answer["time"].as_str().context("the answer has no time")?;
    let instant = chrono::DateTime::parse_from_rfc3339(time)
        .with_context(|| format!("the time {time:?} is not RFC 3339"))?;
    let skew = (chrono::Utc::now() - instant.to_utc()).num_seconds().abs();
    ensure!(
        skew < MAX_SKEW_SECONDS,
        "the time {time} is {skew} s away from now"
    );
    Ok(())
}

/// The reply is the JSON-RPC error `code`, naming the timezone `named` in its message and as
/// its data `{"timezone": named}`.
pub fn expect_timezone_error(last: (String, Reply), code: i64, named: &str) -> Result<()> {
    let (request, reply) = last;
    let Err(error) = reply else {
        bail!("{request} succeeded, expected error {code}");
    };
    ensure!(
        error.code == code && error.message.contains(&format!("{named:?}")),
        "{request}: expected error {code} naming {named:?} in its message, got {error}"
    );
    expect_equal(
        &format!("the data of the error to {request}"),
        &error.data.unwrap_or(Value::Null),
        &json!({ "timezone": named }),
    )
}

/// Asks the default session for the current time with a progress token of the client's own:
/// a string unlike rmcp's numbers, so that progress passed on under a bridge's upstream token
/// (numbered like the client's) cannot pass for the client's. Records the reply and how much
/// had arrived before it (once the client has recorded all it received: the progress of an
/// earlier call, which rmcp numbers too, must not count as this call's).
pub async fn ask_time_with_progress(world: &mut McpWorld) -> Result<()> {
    let session = world.client()?;
    session.settle_notifications().await?;
    let before = session.received().len();
    let own = format!("client-progress-{}", uuid::Uuid::new_v4());
    let own = ProgressToken(NumberOrString::String(own.into()));
    let (token, reply) = session
        .call_tool_with_progress(GET_CURRENT_TIME, Map::new(), Some(own))
        .await?;
    world.gateway.progress_token = Some(token);
    world.record(Outcome::ReplyAfter {
        request: "tools/call \"get_current_time\" with a progress token".to_owned(),
        reply,
        received_before: before,
    });
    Ok(())
}

/// The call with a progress token succeeded, a progress notification under that token arrived
/// after it was sent, and every progress notification since carries exactly that token.
pub async fn expect_progress_under_token(world: &mut McpWorld) -> Result<()> {
    let Some(Outcome::ReplyAfter {
        request,
        reply,
        received_before,
    }) = &world.last
    else {
        bail!(
            "no call with a progress token was made (last outcome: {:?})",
            world.last
        );
    };
    if let Err(error) = reply {
        bail!("{request} failed: {error}");
    }
    let skip = *received_before;
    let token = world
        .gateway
        .progress_token
        .clone()
        .context("no progress token was sent")?;
    let session = world.client()?;
    session
        .wait_for_message_where(&format!("{PROGRESS} for token {token}"), skip, |m| {
            m.method == PROGRESS && m.params.get("progressToken") == Some(&token)
        })
        .await?;
    let progress = session.received().into_iter().skip(skip);
    for other in progress.filter(|m| m.method == PROGRESS) {
        let carried = other.params.get("progressToken");
        ensure!(
            carried == Some(&token),
            "progress arrived under the token {carried:?}, not the client's {token}: {}",
            other.params
        );
    }
    Ok(())
}
