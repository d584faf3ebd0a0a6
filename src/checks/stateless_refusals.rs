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
