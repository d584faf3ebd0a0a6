//! Multi round-trip requests (2026-07-28) from the client's side: a stateless call that
//! declares chosen client capabilities, the answers a client gives to the server's input
//! requests (a sampled text, a filled form, its roots), and the retry that carries them with
//! the echoed request state. What a scenario sent and got back is kept in
//! [`InputRequiredScenario`], the World's field for `features/protocol/input_required.feature`.

use anyhow::{Context, Result, bail};
use serde_json::{Map, Value, json};

use crate::mcp::elicitation::fit_to_form;
use crate::mcp::jsonrpc;
use crate::mcp::probes::ProbeTool;
use crate::mcp::raw::RawChannel;
use crate::mcp::stateless::{
    META_CLIENT_CAPABILITIES, STATELESS_VERSION, http_headers_for, params_with_meta,
};

/// The text the client's "model" answers a sampling request with.
pub const SAMPLED_TEXT: &str = "The capital of France is Paris.";
/// The one root the client exposes.
pub const ROOT_URI: &str = "file:///tmp/mcp-acceptance-root";

/// The capabilities a client declares for the input it can give, by kind.
pub const CLIENT_FEATURES: [ProbeTool; 3] = [
    ProbeTool::Sampling,
    ProbeTool::Elicitation,
    ProbeTool::Roots,
];

/// The client capability a client-feature probe needs, as its key in `clientCapabilities`.
pub fn capability_of(probe: ProbeTool) -> &'static str {
    match probe {
        ProbeTool::Sampling => "sampling",
        ProbeTool::Elicitation => "elicitation",
        _ => "roots",
    }
}

/// `clientCapabilities` declaring the client features in `features` (elicitation in form mode).
pub fn declaring(features: &[ProbeTool]) -> Value {
    let mut capabilities = Map::new();
    for feature in features {
        let declared = match feature {
            ProbeTool::Elicitation => json!({"form": {}}),
            _ => json!({}),
        };
        capabilities.insert(capability_of(*feature).to_owned(), declared);
    }
    Value::Object(capabilities)
}

/// A tool call of the scenario: the probe it uses and what it declares.
#[derive(Debug, Clone)]
pub struct Call {
    pub probe: ProbeTool,
    pub name: String,
    pub arguments: Map<String, Value>,
    pub capabilities: Value,
}

/// What the retry of a call carries besides the call itself.
#[derive(Debug, Clone, Default)]
pub struct Retry {
    pub responses: Option<Value>,
    pub state: Option<String>,
}

impl Retry {
    pub fn new(responses: Option<Value>, state: Option<String>) -> Self {
        Self { responses, state }
    }
}

/// One answer: the JSON-RPC response (none when HTTP refused the request without one) and the
/// HTTP status (none off HTTP), with what was sent.
#[derive(Debug, Clone)]
pub struct Answered {
    pub request: String,
    pub response: Option<Value>,
    pub status: Option<u16>,
}

impl Answered {
    /// The response's `result`, if it is one.
    pub fn result(&self) -> Option<&Value> {
        self.response.as_ref().and_then(|r| r.get("result"))
    }
}

/// What a scenario of the feature sent and got back.
#[derive(Debug, Default)]
pub struct InputRequiredScenario {
    /// The call under test (the first one a scenario makes).
    pub call: Option<Call>,
    /// The answers, in the order they came.
    pub answers: Vec<Answered>,
    /// The input-required result the scenario's retries answer.
    pub asked: Option<Value>,
    /// The answer to a retry with a forged request state, and, when that completed the call,
    /// the answer to the same retry without any state.
    pub forged: Option<(Answered, Option<Answered>)>,
}

impl InputRequiredScenario {
    pub fn call(&self) -> Result<&Call> {
        self.call
            .as_ref()
            .context("no tool was called in this scenario")
    }

    pub fn last(&self) -> Result<&Answered> {
        self.answers
            .last()
            .context("nothing was sent in this scenario")
    }

    /// The input-required result the retries answer.
    pub fn asked(&self) -> Result<&Value> {
        self.asked
            .as_ref()
            .context("the server has not asked for input in this scenario")
    }

    /// The answers to every request of the input-required result being answered.
    pub fn answers_to_asked(&self) -> Result<Value> {
        Ok(answers_to(self.asked()?))
    }

    /// The request state of the input-required result being answered, if it had one.
    pub fn asked_state(&self) -> Result<Option<String>> {
        let state = self.asked()?.get("requestState").and_then(Value::as_str);
        Ok(state.map(str::to_owned))
    }
}

/// The client's answers to every input request of `asked` (an input-required result).
pub fn answers_to(asked: &Value) -> Value {
    let requests = asked.get("inputRequests").and_then(Value::as_object);
    let answers: Map<String, Value> = requests
        .into_iter()
        .flatten()
        .map(|(key, request)| (key.clone(), answer_to(request)))
        .collect();
    Value::Object(answers)
}

/// What the client answers one input request with.
pub fn answer_to(request: &Value) -> Value {
    let params = request.get("params").cloned().unwrap_or(Value::Null);
    match request.get("method").and_then(Value::as_str) {
        Some("sampling/createMessage") => json!({
            "role": "assistant",
            "content": {"type": "text", "text": SAMPLED_TEXT},
            "model": "mcp-acceptance",
            "stopReason": "endTurn",
        }),
        Some("elicitation/create") if params.get("mode") == Some(&json!("url")) => {
            json!({"action": "accept"})
        }
        Some("elicitation/create") => {
            fit_to_form(json!({"action": "accept", "content": {}}), &params)
        }
        Some("roots/list") => json!({"roots": [{"uri": ROOT_URI, "name": "mcp-acceptance"}]}),
        _ => json!({}),
    }
}

/// A request state that differs from `state` in one character near its middle.
pub fn forged(state: &str) -> String {
    let mut chars: Vec<char> = state.chars().collect();
    if chars.is_empty() {
        return "mcp-acceptance-forged".to_owned();
    }
    let middle = chars.len() / 2;
    chars[middle] = if chars[middle] == 'A' { 'B' } else { 'A' };
    chars.into_iter().collect()
}

/// Sends `call` as a stateless `tools/call` (with `retry`'s answers and state when given) and
/// returns what came back.
pub async fn send(raw: &mut RawChannel, call: &Call, retry: &Retry) -> Result<Answered> {
    let mut params = json!({"name": call.name, "arguments": call.arguments});
    if let Some(responses) = &retry.responses {
        params["inputResponses"] = responses.clone();
    }
    if let Some(state) = &retry.state {
        params["requestState"] = json!(state);
    }
    let request = format!("tools/call {params} declaring {}", call.capabilities);
    request_declaring(raw, "tools/call", params, &call.capabilities, request).await
}

/// A stateless request of `method` declaring `capabilities`; `request` describes it.
pub async fn request_declaring(
    raw: &mut RawChannel,
    method: &str,
    params: Value,
    capabilities: &Value,
    request: String,
) -> Result<Answered> {
    let headers = http_headers_for(method, &params, STATELESS_VERSION);
    let mut params = params_with_meta(params, STATELESS_VERSION);
    params["_meta"][META_CLIENT_CAPABILITIES] = capabilities.clone();
    let id = raw.fresh_id();
    let frame = jsonrpc::request(id.clone(), method, Some(params));
    let exchanged = raw.exchange(&id, &frame, &headers).await;
    let exchanged = match exchanged {
        Ok(exchanged) => exchanged,
        Err(error) => {
            let asked = raw.requests_received();
            if !asked.is_empty() {
                bail!(
                    "{request}: no answer; meanwhile the server sent requests of its own, which \
                     it must never do under 2026-07-28:\n{}",
                    pretty(&asked)
                );
            }
            return Err(error.context(format!("{request}: no answer")));
        }
    };
    if exchanged.response.is_none() && exchanged.http.is_none() {
        bail!("{request}: neither a response nor an HTTP answer came back");
    }
    Ok(Answered {
        request,
        status: exchanged.http.map(|answer| answer.status),
        response: exchanged.response,
    })
}

fn pretty(values: &[Value]) -> String {
    values
        .iter()
        .map(|v| format!("  {v}"))
        .collect::<Vec<_>>()
        .join("\n")
}
