//! Stateless (2026-07-28) requests beyond the basics of [`crate::mcp::stateless`]: walking a
//! list's pages without a handshake, a request asking for its own log level, and what arrived
//! while a request was open — the material of the caching, per-request logging and list
//! stability features.

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

use crate::mcp::jsonrpc::{self, pretty, reply_of};
use crate::mcp::lists::{MAX_PAGES, McpList};
use crate::mcp::raw::{Exchanged, RawChannel, StreamCapture};
use crate::mcp::stateless::{Departure, STATELESS_VERSION, http_headers_for, params_with_meta};

/// The `_meta` key of a request's own log level (2026-07-28 logging utility).
pub const META_LOG_LEVEL: &str = "io.modelcontextprotocol/logLevel";

/// What the scenarios of these features keep between steps.
#[derive(Debug, Default)]
pub struct HintsScenario {
    /// The first walk of a list, to compare with a later one.
    pub first_walk: Option<(McpList, Vec<Value>)>,
    /// Two requests' own streams, read at once: (the one asking for logs, the other).
    pub streams: Option<(StreamCapture, StreamCapture)>,
    /// The last request watched from sending to its response.
    pub watched: Option<Watched>,
}

/// A stateless request's params with `log_level` (any JSON, a wrong one too) in `_meta`.
pub fn params_asking_for_logs(params: Value, log_level: Option<&Value>) -> Value {
    let mut params = params_with_meta(params, STATELESS_VERSION);
    if let Some(level) = log_level {
        params["_meta"][META_LOG_LEVEL] = level.clone();
    }
    params
}

/// A request that was answered, and every message the server sent while it was open.
#[derive(Debug)]
pub struct Watched {
    pub request: String,
    pub exchanged: Exchanged,
    /// Everything that arrived after the request went out, up to its response (included).
    pub during: Vec<Value>,
}

/// Sends a stateless request of `method` (asking for `log_level` when given) and keeps what
/// arrived until its response. Over HTTP only this request's stream is open meanwhile.
pub async fn watched_request(
    raw: &mut RawChannel,
    method: &str,
    params: Value,
    log_level: Option<&Value>,
) -> Result<Watched> {
    let before = raw.messages_seen().len();
    let id = raw.fresh_id();
    let headers = http_headers_for(method, &params, STATELESS_VERSION);
    let params = params_asking_for_logs(params, log_level);
    let frame = jsonrpc::request(id.clone(), method, Some(params));
    let exchanged = raw.exchange(&id, &frame, &headers).await?;
    let during = raw.messages_seen()[before..].to_vec();
    let asked = log_level.map_or("no log level".to_owned(), |l| format!("log level {l}"));
    let request = format!("{method} without a handshake, asking for {asked}");
    Ok(Watched {
        request,
        exchanged,
        during,
    })
}

/// Two stateless requests at once over HTTP, each read on its own stream: the first asking for
/// `log_level`, the second asking for none.
pub async fn two_streams(
    raw: &mut RawChannel,
    asking: (&str, Value),
    other: (&str, Value),
    log_level: &Value,
) -> Result<(StreamCapture, StreamCapture)> {
    let frame = |raw: &mut RawChannel, (method, params): (&str, Value), level: Option<&Value>| {
        let id = raw.fresh_id();
        let headers = http_headers_for(method, &params, STATELESS_VERSION);
        let params = params_asking_for_logs(params, level);
        (
            id.clone(),
            jsonrpc::request(id, method, Some(params)),
            headers,
        )
    };
    let (id_a, frame_a, headers_a) = frame(raw, asking, Some(log_level));
    let (id_b, frame_b, headers_b) = frame(raw, other, None);
    let (a, b) = futures::join!(
        raw.post_capturing(&id_a, &frame_a, &headers_a),
        raw.post_capturing(&id_b, &frame_b, &headers_b)
    );
    let (a, b) = (a?, b?);
    if a.response(&id_a).is_none() || b.response(&id_b).is_none() {
        bail!("a request was not answered on its own stream:\n{a:#?}\n{b:#?}");
    }
    Ok((a, b))
}

/// Requests `list` page by page without a handshake, following `nextCursor`; every page as
/// sent. Fails on a refusal, a page without its items, a repeated cursor or too many pages.
pub async fn walk(raw: &mut RawChannel, list: McpList) -> Result<Vec<Value>> {
    let mut pages: Vec<Value> = Vec::new();
    let mut cursors: Vec<String> = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let params = cursor
            .as_ref()
            .map_or(json!({}), |c| json!({ "cursor": c }));
        let page = result_of(raw, list.method(), params.clone()).await?;
        page.get(list.items_field())
            .filter(|items| items.is_array())
            .with_context(|| {
                format!(
                    "{} {params}: no {} array:\n{}",
                    list.method(),
                    list.items_field(),
                    pretty(&page)
                )
            })?;
        let next = page
            .get("nextCursor")
            .and_then(Value::as_str)
            .map(str::to_owned);
        pages.push(page);
        match next {
            None => return Ok(pages),
            Some(next) if cursors.contains(&next) => {
                bail!("{}: the cursor {next:?} came twice", list.method())
            }
            Some(_) if pages.len() >= MAX_PAGES => {
                bail!("{}: more than {MAX_PAGES} pages", list.method())
            }
            Some(next) => {
                cursors.push(next.clone());
                cursor = Some(next);
            }
        }
    }
}

/// The result of a stateless request; a refusal or an error fails, showing it.
pub async fn result_of(raw: &mut RawChannel, method: &str, params: Value) -> Result<Value> {
    let exchanged = raw
        .stateless_request(method, params.clone(), STATELESS_VERSION)
        .await?;
    let Some(response) = exchanged.response else {
        bail!(
            "{method} {params} without a handshake was refused: {:?}",
            exchanged.http
        );
    };
    match reply_of(&response) {
        Some(Ok(result)) => Ok(result),
        Some(Err(error)) => bail!("{method} {params} without a handshake: {error}"),
        None => bail!("{method} {params}: not a response: {response}"),
    }
}

/// Requests any server must refuse, sent without a handshake for the errors they draw (their
/// answers stay on the channel): an unknown method, a cursor the server never issued, an
/// unknown tool, a missing resource, an unknown log level, `_meta` without the capabilities.
pub async fn refused_requests(raw: &mut RawChannel) -> Result<()> {
    let cursor = json!({"cursor": crate::mcp::lists::FOREIGN_CURSOR});
    let tool = json!({"name": "mcp-acceptance-no-such-tool", "arguments": {}});
    let resource = json!({"uri": "mcp-acceptance://no-such-resource"});
    for (method, params) in [
        ("mcp-acceptance/undefined-method", json!({})),
        ("tools/list", cursor),
        ("tools/call", tool),
        ("resources/read", resource),
    ] {
        raw.stateless_request(method, params, STATELESS_VERSION)
            .await?;
    }
    watched_request(raw, "tools/list", json!({}), Some(&json!("loudest"))).await?;
    let departing = Departure::NoMetaCapabilities;
    raw.stateless_request_departing("tools/list", json!({}), departing)
        .await?;
    Ok(())
}
