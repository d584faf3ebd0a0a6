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
    /// The first walk of a list, to compare with a later one: the stateless list-stability
    /// scenarios', and the walk before a `list_changed` notification's change.
    pub first_walk: Option<(McpList, Vec<Value>)>,
    /// Two requests' own streams, read at once: (the one asking for logs, the other).
    pub streams: Option<(StreamCapture, StreamCapture)>,
    /// The last request watched from sending to its response.
    pub watched: Option<Watched>,
    /// The tool whose parameter goes into a header, once found.
    pub header_tool: Option<HeaderTool>,
    /// One request's answer, read on its own.
    pub capture: Option<StreamCapture>,
}

impl HintsScenario {
    /// The request an earlier step watched.
    pub fn watched(&self) -> anyhow::Result<&Watched> {
        self.watched
            .as_ref()
            .ok_or_else(|| anyhow::anyhow!("no request was watched"))
    }
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

/// A tool whose top-level string parameter is mirrored into an `Mcp-Param-*` header.
#[derive(Debug, Clone)]
pub struct HeaderTool {
    pub name: String,
    pub property: String,
    pub header: String,
    /// Arguments for its required primitive parameters (made-up values).
    pub arguments: Value,
}

impl HeaderTool {
    /// The first listed tool with a valid annotation on a top-level string property.
    pub fn find(tools: &[Value]) -> Option<Self> {
        tools.iter().find_map(|tool| {
            let schema = tool.get("inputSchema")?;
            if !crate::checks::param_headers::faults(schema).is_empty() {
                return None;
            }
            let (property, header) =
                schema
                    .get("properties")?
                    .as_object()?
                    .iter()
                    .find_map(|(name, p)| {
                        let header = p.get("x-mcp-header")?.as_str()?;
                        (p.get("type")? == "string").then(|| (name.clone(), header.to_owned()))
                    })?;
            let name = tool.get("name")?.as_str()?.to_owned();
            Some(Self {
                name,
                property,
                header,
                arguments: made_up_arguments(schema),
            })
        })
    }
}

/// Values for the required primitive properties of `schema`.
fn made_up_arguments(schema: &Value) -> Value {
    let mut arguments = serde_json::Map::new();
    let required = schema
        .get("required")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for name in required.iter().filter_map(Value::as_str) {
        let ty = schema
            .pointer(&format!("/properties/{name}/type"))
            .and_then(Value::as_str);
        let value = match ty {
            Some("integer" | "number") => json!(1),
            Some("boolean") => json!(true),
            _ => json!("mcp-acceptance"),
        };
        arguments.insert(name.to_owned(), value);
    }
    Value::Object(arguments)
}

/// How a call's `Mcp-Param-*` header relates to the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamHeader {
    /// The header names another value than the body.
    Differs,
    /// No header, though the body holds the value.
    Missing,
    /// A non-ASCII value sent raw instead of in the Base64 form.
    RawNonAscii,
    /// A non-ASCII value in the Base64 form, matching the body.
    Base64,
    /// A plain value matching the body (header names in lower case, as HTTP/1 sends them).
    Matching,
}

/// Calls `tool` without a handshake over HTTP with its parameter header as `how` says.
pub async fn call_with_param_header(
    raw: &mut RawChannel,
    tool: &HeaderTool,
    how: ParamHeader,
) -> Result<Exchanged> {
    use base64::Engine as _;
    let plain = "mcp-acceptance-region";
    let wide = "mcp-acceptance région ✓";
    let value = if matches!(how, ParamHeader::RawNonAscii | ParamHeader::Base64) {
        wide
    } else {
        plain
    };
    let mut arguments = tool.arguments.clone();
    arguments[&tool.property] = json!(value);
    let params = json!({"name": tool.name, "arguments": arguments});
    let mut headers = http_headers_for("tools/call", &params, STATELESS_VERSION);
    let sent = match how {
        ParamHeader::Differs => Some("mcp-acceptance-another-region".to_owned()),
        ParamHeader::Missing => None,
        ParamHeader::RawNonAscii | ParamHeader::Matching => Some(value.to_owned()),
        ParamHeader::Base64 => Some(format!(
            "=?base64?{}?=",
            base64::engine::general_purpose::STANDARD.encode(value)
        )),
    };
    headers
        .extra
        .extend(sent.map(|v| (format!("mcp-param-{}", tool.header.to_ascii_lowercase()), v)));
    let id = raw.fresh_id();
    let frame = jsonrpc::request(
        id.clone(),
        "tools/call",
        Some(params_with_meta(params, STATELESS_VERSION)),
    );
    raw.exchange(&id, &frame, &headers).await
}

/// A stateless `tools/call` with `params` over HTTP, its answer read on its own.
pub async fn call_reading_answer(raw: &mut RawChannel, params: Value) -> Result<StreamCapture> {
    let id = raw.fresh_id();
    let headers = http_headers_for("tools/call", &params, STATELESS_VERSION);
    let params = params_with_meta(params, STATELESS_VERSION);
    let frame = jsonrpc::request(id.clone(), "tools/call", Some(params));
    let capture = raw.post_capturing(&id, &frame, &headers).await?;
    capture
        .response(&id)
        .context("the call was not answered on its own stream")?;
    Ok(capture)
}
