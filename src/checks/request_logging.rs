//! Per-request log levels of the 2026-07-28 revision: log messages (`notifications/message`)
//! go out only for a request that asked for a level in its `_meta`, and only on that request's
//! own response stream; a level that is not one of the eight should be refused as invalid
//! params.

use anyhow::{Result, bail, ensure};
use serde_json::Value;

use crate::mcp::jsonrpc::{pretty, reply_of};
use crate::mcp::raw::Exchanged;

const LOG_MESSAGE: &str = "notifications/message";

/// The log messages among `messages`.
pub fn log_messages(messages: &[Value]) -> Vec<&Value> {
    messages
        .iter()
        .filter(|m| m.get("method").and_then(Value::as_str) == Some(LOG_MESSAGE))
        .collect()
}

/// No log message arrived while `request` (which asked for no level) was open, up to its
/// response: the ordering marker after which the server has nothing more to say for it.
pub fn none_without_a_level(request: &str, during: &[Value]) -> Result<()> {
    let logged = log_messages(during);
    ensure!(
        logged.is_empty(),
        "{request}: a request without a log level in its _meta must get no log message, got {}:\n{}",
        logged.len(),
        logged
            .iter()
            .map(|m| pretty(m))
            .collect::<Vec<_>>()
            .join("\n")
    );
    Ok(())
}

/// The stream of the request that asked for no level carries no log message (the other
/// request's messages belong on that request's stream only).
pub fn none_on_the_other_stream(other: &[Value]) -> Result<()> {
    let strays = log_messages(other);
    ensure!(
        strays.is_empty(),
        "log messages belong on the stream of the request that asked for them; the stream of a concurrent request without a log level carried {}:\n{}",
        strays.len(),
        strays
            .iter()
            .map(|m| pretty(m))
            .collect::<Vec<_>>()
            .join("\n")
    );
    Ok(())
}

/// The request was refused with -32602 (as a JSON-RPC response, or over HTTP in the body).
pub fn refused_as_invalid_params(request: &str, exchanged: &Exchanged) -> Result<()> {
    let body = exchanged
        .http
        .as_ref()
        .and_then(|a| a.body.as_deref())
        .and_then(|b| serde_json::from_str::<Value>(b).ok());
    let Some(response) = exchanged.response.clone().or(body) else {
        bail!("{request}: expected error -32602, got {:?}", exchanged.http);
    };
    match reply_of(&response) {
        Some(Err(error)) if error.code == -32602 => Ok(()),
        Some(Err(error)) => bail!("{request}: expected error -32602 (invalid params), got {error}"),
        _ => bail!(
            "{request}: a log level that is not one of the eight should be refused with -32602, the request was served:\n{}",
            pretty(&response)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn log() -> Value {
        json!({"jsonrpc": "2.0", "method": LOG_MESSAGE, "params": {"level": "info", "data": "x"}})
    }

    #[test]
    fn a_log_message_without_a_level_fails() {
        let response = json!({"jsonrpc": "2.0", "id": 1, "result": {}});
        assert!(none_without_a_level("tools/call", std::slice::from_ref(&response)).is_ok());
        assert!(none_without_a_level("tools/call", &[log(), response]).is_err());
    }

    #[test]
    fn a_log_message_on_the_other_stream_fails() {
        assert!(none_on_the_other_stream(&[]).is_ok());
        assert!(none_on_the_other_stream(&[log()]).is_err());
    }

    #[test]
    fn serving_an_unknown_level_is_reported() {
        let served = Exchanged {
            http: None,
            response: Some(json!({"jsonrpc": "2.0", "id": 1, "result": {"content": []}})),
        };
        assert!(refused_as_invalid_params("tools/call", &served).is_err());
        let refused = Exchanged {
            http: None,
            response: Some(
                json!({"jsonrpc": "2.0", "id": 1, "error": {"code": -32602, "message": "x"}}),
            ),
        };
        assert!(refused_as_invalid_params("tools/call", &refused).is_ok());
    }
}
