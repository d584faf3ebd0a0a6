//! Preflight: before any scenario runs against a server the user chose (`MCP_SUT*`), the runner
//! reaches it once per transport and asks it to initialize, within the step bound. A server that
//! cannot be started, never answers, writes garbage on stdout or refuses the request is diagnosed
//! once, at the top of the run; every scenario that would use it over that transport then fails
//! at once with that reason instead of waiting out its own bound.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::OnceLock;

use anyhow::{Result, anyhow};

use crate::harness::jwt::Credentials;
use crate::harness::timeouts::{default_timeout, seconds};
use crate::mcp::jsonrpc;
use crate::mcp::raw::{HttpAnswer, PostHeaders, RawChannel};
use crate::mcp::registry::Target;
use crate::mcp::transport::Transport;
use crate::world::DEFAULT_PROTOCOL_VERSION;

/// The environment variables by which a user chooses the server under test.
const CHOOSING_VARIABLES: &[&str] = &[
    "MCP_SUT",
    "MCP_SUT_COMMAND",
    "MCP_SUT_URL",
    "MCP_SUT_SSE_URL",
];

/// The diagnosis of each transport whose preflight failed (set once, before the scenarios).
static FAILED: OnceLock<HashMap<Transport, String>> = OnceLock::new();

/// Whether the user chose the server under test (otherwise the bundled default runs, and the
/// scenarios diagnose it themselves).
pub fn server_was_chosen() -> bool {
    CHOOSING_VARIABLES
        .iter()
        .any(|var| std::env::var(var).is_ok_and(|v| !v.trim().is_empty()))
}

/// Checks every transport of `target` at once and remembers the failures; prints each
/// diagnosis. Returns how many transports failed.
pub async fn run(target: &Target) -> usize {
    let checks = target
        .transports()
        .into_iter()
        .map(|transport| async move { (transport, check(target, transport).await) });
    let mut failed = HashMap::new();
    for (transport, outcome) in futures::future::join_all(checks).await {
        if let Err(error) = outcome {
            let diagnosis = format!("{error:#}");
            eprintln!(
                "\nacceptance: PREFLIGHT FAILED: {} over {transport}. Every scenario that uses it over {transport} fails with this diagnosis:\n{}\n",
                target.name,
                indent(&diagnosis)
            );
            failed.insert(transport, diagnosis);
        }
    }
    let count = failed.len();
    let _ = FAILED.set(failed);
    count
}

/// Fails (at once) when the run's server failed its preflight over `transport`.
pub fn require_passed(transport: Transport) -> Result<()> {
    match FAILED.get().and_then(|failed| failed.get(&transport)) {
        Some(diagnosis) => Err(anyhow!(
            "the server under test failed the preflight over {transport} (full diagnosis at the top of the run): {}",
            diagnosis.lines().next().unwrap_or_default()
        )),
        None => Ok(()),
    }
}

/// Starts or reaches the server over `transport` and sends one initialize request. Any JSON-RPC
/// answer passes (a stateless server may refuse initialize with an error: it still speaks
/// JSON-RPC there); no answer, garbage or an HTTP refusal fails with the evidence.
async fn check(target: &Target, transport: Transport) -> Result<()> {
    let timeout = default_timeout();
    // A server that takes the suite's own JWTs gets a valid one, as its scenarios give it.
    let credentialed;
    let target = match target.auth() {
        Some(_) if transport != Transport::Stdio => {
            let valid = "a valid token"
                .parse::<Credentials>()
                .map_err(anyhow::Error::msg)?;
            credentialed = crate::harness::jwt::credentialed(target.clone(), valid).await?;
            &credentialed
        }
        _ => target,
    };
    let label = format!("{} preflight", target.name);
    let mut raw = RawChannel::open(target, transport, &label, timeout)
        .await
        .map_err(|e| e.context(format!("the server could not be reached over {transport}")))?;
    let id = raw.fresh_id();
    let params = jsonrpc::initialize_params(DEFAULT_PROTOCOL_VERSION);
    let frame = jsonrpc::request(id.clone(), "initialize", Some(params));
    let exchanged = raw
        .exchange(&id, &frame, &PostHeaders::default())
        .await
        .map_err(|e| {
            e.context(format!(
                "initialize over {transport} got no usable answer (bound: {})",
                seconds(timeout)
            ))
        })?;
    match (exchanged.response, exchanged.http) {
        (Some(_), _) => Ok(()),
        (None, Some(answer)) => {
            let error = anyhow!(refusal(target, transport, &answer));
            Err(raw.link.explain(error).await)
        }
        (None, None) => Err(raw
            .link
            .explain(anyhow!("initialize got no JSON-RPC answer"))
            .await),
    }
}

/// An HTTP answer without a JSON-RPC response, in the user's words: for 401/403, the challenge
/// and the setting that gives the suite a token.
fn refusal(target: &Target, transport: Transport, answer: &HttpAnswer) -> String {
    let mut out = format!("initialize over {transport} was refused: {answer}");
    if matches!(answer.status, 401 | 403) {
        match &answer.www_authenticate {
            Some(challenge) => {
                let _ = write!(
                    out,
                    "\n  the server's challenge: WWW-Authenticate: {challenge}"
                );
            }
            None => out.push_str("\n  the server sent no WWW-Authenticate challenge"),
        }
        let _ = write!(out, "\n  {}", target.bearer_token_hint(transport));
    }
    out
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|line| format!("  {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}
