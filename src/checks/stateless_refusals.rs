//! Refusals of the stateless protocol (2026-07-28): the JSON-RPC error code, and over HTTP
//! the status the specification pairs with it.

use anyhow::{Result, bail, ensure};
use serde_json::Value;

use crate::world::Outcome;

/// The last request was refused with JSON-RPC error `code`; over HTTP with status `status`
/// too, the error in the JSON body.
pub fn refused_with(last: Option<&Outcome>, code: i64, status: u16) -> Result<()> {
    match last {
        Some(Outcome::Http { request, answer }) => {
            let sent = answer
                .body
                .as_deref()
                .and_then(|body| serde_json::from_str::<Value>(body).ok())
                .and_then(|body| body.pointer("/error/code").and_then(Value::as_i64));
            ensure!(
                answer.status == status && sent == Some(code),
                "{request}: expected HTTP {status} with JSON-RPC error {code} in the body, got {answer}"
            );
            Ok(())
        }
        Some(outcome @ Outcome::Raw { .. }) => {
            let (request, reply) = outcome.reply()?;
            crate::checks::expect::error_code(&request, &reply, code)
        }
        other => bail!("no stateless request was sent (last outcome: {other:?})"),
    }
}

/// The last request was not refused for its headers: neither HTTP 400 nor error -32020.
pub fn not_refused_for_headers(last: Option<&Outcome>) -> Result<()> {
    match last {
        Some(Outcome::Http { request, answer }) => {
            ensure!(
                answer.status != 400
                    && !answer
                        .body
                        .as_deref()
                        .unwrap_or_default()
                        .contains("-32020"),
                "{request}: headers that match the body must be accepted, got {answer}"
            );
            Ok(())
        }
        Some(outcome @ Outcome::Raw { .. }) => {
            let (request, reply) = outcome.reply()?;
            match reply {
                Err(error) if error.code == -32020 => {
                    bail!("{request}: headers that match the body must be accepted, got {error}")
                }
                _ => Ok(()),
            }
        }
        other => bail!("no request was sent (last outcome: {other:?})"),
    }
}

/// An event-stream answer tells proxies not to buffer it (`X-Accel-Buffering: no`).
pub fn unbuffered(capture: &crate::mcp::raw::StreamCapture) -> Result<()> {
    ensure!(
        capture.accel_buffering.as_deref() == Some("no"),
        "an event-stream answer should carry X-Accel-Buffering: no, got {:?}",
        capture.accel_buffering
    );
    Ok(())
}

/// An event-stream answer ends once the response is sent.
pub fn ended_with_response(capture: &crate::mcp::raw::StreamCapture) -> Result<()> {
    ensure!(
        capture.ended_after_response,
        "an event-stream answer should end with the final response; it stayed open {:?} after it",
        crate::mcp::raw::END_WAIT
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::mcp::raw::StreamCapture;

    #[test]
    fn a_buffered_or_open_stream_is_reported() {
        let mut capture = StreamCapture {
            status: 200,
            messages: Vec::new(),
            event_stream: true,
            accel_buffering: Some("no".to_owned()),
            ended_after_response: true,
        };
        assert!(unbuffered(&capture).is_ok() && ended_with_response(&capture).is_ok());
        capture.accel_buffering = None;
        capture.ended_after_response = false;
        assert!(unbuffered(&capture).is_err() && ended_with_response(&capture).is_err());
    }

    #[test]
    fn a_header_mismatch_for_matching_headers_fails() {
        let response =
            json!({"jsonrpc": "2.0", "id": 1, "error": {"code": -32020, "message": "x"}});
        let refused = Outcome::Raw {
            request: "tools/call".into(),
            response,
        };
        assert!(not_refused_for_headers(Some(&refused)).is_err());
        let response = json!({"jsonrpc": "2.0", "id": 1, "result": {"content": []}});
        let served = Outcome::Raw {
            request: "tools/call".into(),
            response,
        };
        assert!(not_refused_for_headers(Some(&served)).is_ok());
    }
}
