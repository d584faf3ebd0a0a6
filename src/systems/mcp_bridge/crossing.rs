//! What crosses a bridge besides the time server's answers: the server's lists and its answers
//! to the other requests, compared with what the same server gives a client connected directly;
//! the progress the client reports while it answers a request of the server, and the
//! notifications it sends unasked (the reference server's `client_progress` and
//! `client_notifications` tools show what arrived).

use std::time::Duration;

use anyhow::{Context, Result, bail};
use rmcp::model::{ClientNotification, CustomNotification};
use serde_json::{Map, Value, json};

use crate::checks::expect;
use crate::checks::json::expect_equal;
use crate::checks::listing::McpList;
use crate::checks::logging::{LOG_METHOD, level_of, severity};
use crate::mcp::client::sampling_progress;
use crate::mcp::lists;
use crate::mcp::session::McpSession;
use crate::world::McpWorld;

/// The reference server's tool reporting its requests' progress tokens and the client's progress.
const CLIENT_PROGRESS_TOOL: &str = "client_progress";
/// The reference server's tool listing the client's other notifications.
const CLIENT_NOTIFICATIONS_TOOL: &str = "client_notifications";
/// A notification method MCP does not define, which a bridge passes on as it is.
const OWN_METHOD: &str = "notifications/acme/inventory_counted";
/// How long the client's progress and notifications may trail the answer or message they
/// preceded (a bridge passes notifications and answers on in tasks of their own).
const PROGRESS_LIMIT: Duration = Duration::from_secs(2);

/// Every page of `list` walked by the default client and by the session `direct` hold the same
/// items, in the same order.
pub async fn expect_same_list(world: &mut McpWorld, list: McpList, direct: &str) -> Result<()> {
    let expected = lists::items(list, &lists::walk(world.session(direct)?, list).await?);
    let through = lists::items(list, &lists::walk(world.client()?, list).await?);
    if expected.is_empty() {
        bail!("the client \"{direct}\" lists no {list}: nothing to compare");
    }
    expect_equal(
        &format!("the {list} listed through the bridge"),
        &Value::from(through),
        &Value::from(expected),
    )
}

/// The server received the progress the client reported while sampling (in any order), each
/// under the progressToken of the server's own sampling request (waited for, bounded).
pub async fn expect_sampling_progress_received(world: &mut McpWorld) -> Result<()> {
    until_reported(world, CLIENT_PROGRESS_TOOL, |report| {
        let token = report
            .pointer("/requests")
            .and_then(Value::as_array)
            .and_then(|requests| {
                requests
                    .iter()
                    .find(|request| request["method"] == "sampling/createMessage")
            })
            .map(|request| request["progressToken"].clone())
            .with_context(|| format!("the server noted no sampling request: {report}"))?;
        let token = serde_json::from_value(token).context("the server's progressToken")?;
        let expected = serde_json::to_value(sampling_progress(&token))?;
        expect_equal(
            "the progress the server received",
            &in_order(&report["progress"]),
            &expected,
        )
    })
    .await
}

/// Progress notifications by their `progress`: each crosses a bridge on a task (over HTTP, a
/// request) of its own, so two sent in a row may arrive the other way round.
fn in_order(progress: &Value) -> Value {
    let mut sorted = progress.as_array().cloned().unwrap_or_default();
    sorted.sort_by(|a, b| {
        a["progress"]
            .as_f64()
            .partial_cmp(&b["progress"].as_f64())
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    Value::from(sorted)
}

/// The `_meta` key the reference server's `log_every_level` gives each message: its level's
/// rank, 0 (debug) to 7 (emergency).
const LEVEL_RANK_KEY: &str = "dev.mcp-acceptance/level-rank";

/// Every log message that arrived since the mark (at least one) kept the `_meta` the reference
/// server gave it: its level's rank.
pub fn expect_log_metadata_kept(world: &mut McpWorld) -> Result<()> {
    let messages: Vec<_> = world
        .client()?
        .received_since_mark()
        .into_iter()
        .filter(|message| message.method == LOG_METHOD)
        .collect();
    if messages.is_empty() {
        bail!("no log message arrived");
    }
    for message in &messages {
        let Some(rank) = severity(level_of(message)) else {
            bail!(
                "a log message arrived with a level MCP does not define: {}",
                message.params
            );
        };
        let kept = message
            .params
            .get("_meta")
            .and_then(|meta| meta.get(LEVEL_RANK_KEY));
        if kept != Some(&Value::from(rank)) {
            bail!(
                "a log message arrived without the metadata the server gave it \
                 (\"_meta\": {{\"{LEVEL_RANK_KEY}\": {rank}}}): {}",
                message.params
            );
        }
    }
    Ok(())
}

/// The client tells the server its roots changed.
pub async fn tell_roots_changed(world: &mut McpWorld) -> Result<()> {
    let changed = ClientNotification::RootsListChangedNotification(Default::default());
    world.client()?.notify(changed).await
}

/// The client sends a notification of [`OWN_METHOD`] with [`own_params`].
pub async fn tell_own_notification(world: &mut McpWorld) -> Result<()> {
    let own = CustomNotification::new(OWN_METHOD, Some(own_params()));
    world
        .client()?
        .notify(ClientNotification::CustomNotification(own))
        .await
}

fn own_params() -> Value {
    json!({"shelf": 7, "counted": ["bolts", "nuts"]})
}

/// The server received the roots change and the client's own notification with its params,
/// each once and nothing else (in any order: each crosses a bridge on a task of its own);
/// waited for, bounded.
pub async fn expect_client_notifications_received(world: &mut McpWorld) -> Result<()> {
    let by_method = |notifications: &Value| {
        let mut sorted = notifications.as_array().cloned().unwrap_or_default();
        sorted.sort_by_key(|notification| notification["method"].to_string());
        Value::from(sorted)
    };
    let expected = by_method(&json!([
        {"method": "notifications/roots/list_changed"},
        {"method": OWN_METHOD, "params": own_params()},
    ]));
    until_reported(world, CLIENT_NOTIFICATIONS_TOOL, |report| {
        expect_equal(
            "the notifications the server received",
            &by_method(&report["notifications"]),
            &expected,
        )
    })
    .await
}

/// Asks the reference server's report `tool` until `check` accepts the report, for at most
/// [`PROGRESS_LIMIT`]; the last check's verdict.
async fn until_reported(
    world: &mut McpWorld,
    tool: &str,
    check: impl Fn(&Value) -> Result<()>,
) -> Result<()> {
    let deadline = tokio::time::Instant::now() + PROGRESS_LIMIT;
    loop {
        let checked = check(&structured_answer(world, tool).await?);
        if checked.is_ok() || tokio::time::Instant::now() >= deadline {
            return checked;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The structured content of one of the reference server's report tools.
async fn structured_answer(world: &mut McpWorld, tool: &str) -> Result<Value> {
    let params = json!({"name": tool, "arguments": {}});
    let reply = world.client()?.request("tools/call", params).await?;
    let result = reply.map_err(|error| anyhow::anyhow!("{tool} failed: {error}"))?;
    result
        .get("structuredContent")
        .cloned()
        .with_context(|| format!("{tool} gave no structured content: {result}"))
}

/// The reference server's tool that waits only so long for the client's sampling answer.
const IMPATIENT_SAMPLING_TOOL: &str = "impatient_sampling";
const CANCELLED: &str = "notifications/cancelled";
/// How long a second cancellation is waited for after the first (none should come).
const SECOND_CANCELLATION_LIMIT: Duration = Duration::from_millis(500);

/// Calls the reference server's [`IMPATIENT_SAMPLING_TOOL`], which waits `patience_ms` for
/// the client's sampling answer; records the reply.
pub async fn call_impatient_sampling(world: &mut McpWorld, patience_ms: u64) -> Result<()> {
    let mut arguments = Map::new();
    arguments.insert("prompt".into(), "What is the capital of France?".into());
    arguments.insert("patienceMs".into(), patience_ms.into());
    world.call_tool(IMPATIENT_SAMPLING_TOOL, arguments).await
}

/// The server gave up on the client: its tool answered with a tool error saying the client
/// did not answer in time.
pub fn expect_gave_up_on_client(world: &McpWorld) -> Result<()> {
    let (call, reply) = world.last_reply()?;
    expect::tool_error(&call, &reply)?;
    let text = reply.as_ref().map(expect::text_of).unwrap_or_default();
    expect::text_contains(
        &call,
        &text,
        "did not answer",
        "that the client did not answer in time",
    )
}

/// The client was told exactly once that the server's sampling request was cancelled, under
/// the id the request reached it with; a second cancellation (the server's own, say, passed on
/// as it came) is waited for [`SECOND_CANCELLATION_LIMIT`].
pub async fn expect_sampling_cancelled_once(world: &mut McpWorld) -> Result<()> {
    let session = world.client()?;
    let request = session.server_request("sampling/createMessage")?;
    let id = request
        .id
        .context("the sampling request was recorded without its id")?;
    session
        .wait_for_message_where(CANCELLED, 0, |m| m.method == CANCELLED)
        .await?;
    tokio::time::sleep(SECOND_CANCELLATION_LIMIT).await;
    session.settle_notifications().await?;
    let told: Vec<Value> = session
        .received()
        .into_iter()
        .filter(|m| m.method == CANCELLED)
        .map(|m| m.params)
        .collect();
    let named: Vec<&Value> = told.iter().filter_map(|p| p.get("requestId")).collect();
    if named != [&id] {
        bail!(
            "the client was told {} time(s) that a request was cancelled, expected once, of its \
             sampling request {id}: {}",
            told.len(),
            Value::from(told.clone())
        );
    }
    Ok(())
}

/// The watched resource of the reference server (subscriptions tell of its changes).
const WATCHED: &str = "test://watched-resource";

/// A request in the features' words (see [`expect_same_answers`]), as the reference server's
/// method and params.
fn reference_request(words: &str) -> Result<(&'static str, Value)> {
    let tool = |name: &str| json!({"name": name, "arguments": {}});
    Ok(match words {
        "complete an argument of a prompt" => (
            "completion/complete",
            json!({"ref": {"type": "ref/prompt", "name": "test_prompt_with_arguments"},
                   "argument": {"name": "arg1", "value": "pa"}}),
        ),
        "get a prompt with its arguments" => (
            "prompts/get",
            json!({"name": "test_prompt_with_arguments",
                   "arguments": {"arg1": "paris", "arg2": "hello"}}),
        ),
        "read a text resource" => ("resources/read", json!({"uri": "test://static-text"})),
        "read a resource through a template" => {
            ("resources/read", json!({"uri": "test://template/42/data"}))
        }
        "read a resource that does not exist" => {
            ("resources/read", json!({"uri": "test://no-such-resource"}))
        }
        "choose the log level error" => ("logging/setLevel", json!({"level": "error"})),
        "log a message at every level" => ("tools/call", tool("log_every_level")),
        "subscribe to the watched resource" => ("resources/subscribe", json!({"uri": WATCHED})),
        "unsubscribe from the watched resource" => {
            ("resources/unsubscribe", json!({"uri": WATCHED}))
        }
        "change the watched resource" => ("tools/call", tool("update_watched_resource")),
        "call a method the server does not know" => ("vendor/no-such-method", json!({})),
        other => bail!("no request \"{other}\" of the reference server is known here"),
    })
}

/// The default client (through a bridge) and the session `direct` make each request of
/// `requests` in turn, and every answer through the bridge, result or JSON-RPC error, equals
/// the direct one.
pub async fn expect_same_answers(
    world: &mut McpWorld,
    direct: &str,
    requests: &[String],
) -> Result<()> {
    for words in requests {
        let (method, params) = reference_request(words)?;
        let expected = answer(world.session(direct)?, method, &params).await?;
        let through = answer(world.client()?, method, &params).await?;
        expect_equal(
            &format!("the answer to \"{words}\" through the bridge"),
            &through,
            &expected,
        )?;
    }
    Ok(())
}

/// The answer to one request as JSON: `{"result": …}` or `{"error": {code, message, data}}`.
async fn answer(session: &mut McpSession, method: &str, params: &Value) -> Result<Value> {
    Ok(match session.request(method, params.clone()).await? {
        Ok(result) => json!({ "result": result }),
        Err(error) => {
            json!({"error": {"code": error.code, "message": error.message, "data": error.data}})
        }
    })
}
