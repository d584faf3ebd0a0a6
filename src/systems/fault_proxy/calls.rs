//! A tool call through the fault proxy on the raw channel, and the diagnosis each fault must
//! give: a timeout naming the request and the bound; the offending line named as not JSON-RPC
//! or as an answer to an unknown id; the end of the server's output with its exit status and
//! stderr; the HTTP status or connection error; an answer over the size limit refused. A second
//! or late answer to a call already settled is noted and skipped.

use std::time::Instant;

use anyhow::{Context, Result, bail, ensure};
use serde_json::Value;

use crate::mcp::jsonrpc;
use crate::mcp::link::shorten;
use crate::mcp::raw::{PostHeaders, RawChannel};
use crate::mcp::registry::ToolProbe;
use crate::mcp::transport::Transport;
use crate::world::Outcome;

/// The largest message the fault features' client accepts: 1 MiB. An answer above it is
/// refused (the proxy's oversized fault checks both sides of it).
pub const MESSAGE_LIMIT_BYTES: usize = 1024 * 1024;

/// What a call through the proxy came to.
pub struct Called {
    pub outcome: Outcome,
    pub latency: std::time::Duration,
    /// Second answers to requests already answered, noted while waiting.
    pub duplicates: Vec<Value>,
}

/// What the client asks the server through the proxy.
pub enum Ask {
    /// A call of this tool.
    Tool(ToolProbe),
    Ping,
}

/// Asks `ask` on `raw`; the outcome is the response ([`Outcome::Raw`]) or the diagnosis
/// ([`Outcome::Failed`]). `settled` holds the ids of the requests made before on this channel
/// (answered, or given up on: a late answer to one of those is noted and skipped).
pub async fn ask(raw: &mut RawChannel, ask: &Ask, settled: &mut Vec<Value>) -> Called {
    let id = raw.fresh_id();
    let (request, frame) = match ask {
        Ask::Tool(probe) => (
            format!("{} (id {id})", probe.describe()),
            jsonrpc::tool_call(id.clone(), &probe.name, &probe.arguments, None),
        ),
        Ask::Ping => (
            format!("ping (id {id})"),
            jsonrpc::request(id.clone(), "ping", None),
        ),
    };
    exchange(raw, request, id, &frame, settled).await
}

async fn exchange(
    raw: &mut RawChannel,
    request: String,
    id: Value,
    frame: &str,
    settled: &mut Vec<Value>,
) -> Called {
    let started = Instant::now();
    let mut duplicates = Vec::new();
    let answer = answer_to(raw, &id, frame, settled, &mut duplicates).await;
    let latency = started.elapsed();
    settled.push(id);
    let outcome = match answer.and_then(within_limit) {
        Ok(response) => Outcome::Raw { request, response },
        Err(error) => Outcome::Failed {
            error: format!(
                "{:#}",
                error.context(format!("{request} got no usable answer"))
            ),
            elapsed: latency,
        },
    };
    Called {
        outcome,
        latency,
        duplicates,
    }
}

async fn answer_to(
    raw: &mut RawChannel,
    id: &Value,
    frame: &str,
    settled: &[Value],
    duplicates: &mut Vec<Value>,
) -> Result<Value> {
    if raw.transport == Transport::Http {
        // The HTTP answer first: a refusal names its status.
        let answer = raw.post_with(frame, &PostHeaders::default()).await;
        let answer = raw.with_evidence(answer).await?;
        if !answer.is_success() {
            bail!("the request was refused with {answer}");
        }
    } else {
        raw.send(frame).await?;
    }
    loop {
        let response = raw.next_response().await?;
        match response.get("id") {
            Some(got) if got == id => return Ok(response),
            Some(got) if settled.contains(got) => duplicates.push(response),
            _ => return Err(unknown_id(raw, id, &response).await),
        }
    }
}

async fn unknown_id(raw: &mut RawChannel, id: &Value, response: &Value) -> anyhow::Error {
    let got = response.get("id").cloned().unwrap_or(Value::Null);
    let error = anyhow::anyhow!(
        "the server sent an answer to an unknown id {got} (the request had id {id}):\n  {}",
        shorten(&response.to_string(), 600)
    );
    raw.link.explain(error).await
}

/// The response, unless it is larger than [`MESSAGE_LIMIT_BYTES`].
fn within_limit(response: Value) -> Result<Value> {
    let size = response.to_string().len();
    if size > MESSAGE_LIMIT_BYTES {
        bail!(
            "the answer is {size} bytes, over the client's limit of {MESSAGE_LIMIT_BYTES} bytes: refused"
        );
    }
    Ok(response)
}

/// The probe's call must have succeeded on the same channel: the response is a result that is
/// not a tool error.
pub fn expect_success(called: &Called) -> Result<()> {
    match &called.outcome {
        Outcome::Raw { request, response } => {
            let reply = jsonrpc::reply_of(response)
                .with_context(|| format!("the answer to {request} is not a response"))?;
            crate::checks::expect::success(request, &reply).map(drop)
        }
        Outcome::Failed { error, .. } => bail!("the call failed:\n{error}"),
        other => bail!("unexpected outcome {other:?}"),
    }
}

/// The last call succeeded with an answer `bytes` long (as the client reads it, without the
/// line's end) that is still a tool result with content: padding must not replace the answer.
pub fn expect_padded_answer(last: Option<&Outcome>, bytes: usize) -> Result<()> {
    let Some(Outcome::Raw { request, response }) = last else {
        bail!("no answer to a call through the proxy to check (last outcome: {last:?})");
    };
    let reply = jsonrpc::reply_of(response)
        .with_context(|| format!("the answer to {request} is not a response"))?;
    let result = crate::checks::expect::success(request, &reply)?;
    let size = response.to_string().len();
    ensure!(
        size == bytes,
        "the answer to {request} is {size} bytes, not the {bytes} the proxy padded it to"
    );
    ensure!(
        result.get("content").is_some_and(Value::is_array),
        "the padded answer to {request} lost the tool's content:\n  {}",
        shorten(&result.to_string(), 300)
    );
    Ok(())
}

/// Half of the shortest answer to a tool call there is,
/// `{"jsonrpc":"2.0","id":1,"result":{"content":[]}}` (48 characters).
const SHORTEST_HALF_ANSWER: usize = 24;

/// The last call failed on a line that is not JSON-RPC, and the failure quotes it: the start of
/// a JSON answer, at least half as long as the shortest answer there is, cut so it is no JSON.
pub fn expect_cut_answer_quoted(last: Option<&Outcome>) -> Result<()> {
    let Some(Outcome::Failed { error, .. }) = last else {
        bail!("expected the call to fail, it ended with {last:?}");
    };
    let quoted = error
        .split_once("not JSON-RPC:\n")
        .and_then(|(_, rest)| rest.lines().next())
        .map(str::trim)
        .with_context(|| format!("the failure quotes no line that is not JSON-RPC:\n{error}"))?;
    ensure!(
        quoted.starts_with('{')
            && quoted.len() >= SHORTEST_HALF_ANSWER
            && serde_json::from_str::<Value>(quoted).is_err(),
        "the failure quotes \"{quoted}\", not the first half of a JSON answer \
         (at least {SHORTEST_HALF_ANSWER} characters from its opening brace)"
    );
    Ok(())
}

/// Of a series of calls (`answered`: which were), exactly those numbered in `numbers` (from 1:
/// "1, 3 and 4") were answered.
pub fn expect_answered_exactly(answered: &[bool], numbers: &str) -> Result<()> {
    let expected = numbers
        .split([',', ' '])
        .filter(|word| !word.is_empty() && *word != "and")
        .map(str::parse::<usize>)
        .collect::<Result<Vec<_>, _>>()
        .with_context(|| format!("\"{numbers}\" is not a list of call numbers"))?;
    let got: Vec<usize> = (1..)
        .zip(answered)
        .filter_map(|(number, was)| was.then_some(number))
        .collect();
    ensure!(
        got == expected,
        "of {} calls, the answered ones were {got:?}, not {expected:?}",
        answered.len()
    );
    Ok(())
}
