//! Checks specific to streamable HTTP.

use anyhow::{Result, bail, ensure};

use crate::harness::skip::skip_scenario;
use crate::mcp::raw::HttpAnswer;
use crate::world::Outcome;

/// The server issued an `Mcp-Session-Id`; a server that issued none keeps no sessions, and the
/// scenario is skipped.
pub fn issued_session_id(session_id: Option<String>, server: &str) -> String {
    session_id.unwrap_or_else(|| {
        skip_scenario(format!(
            "server '{server}' issued no Mcp-Session-Id in its initialize answer: it keeps no sessions"
        ))
    })
}

/// A session id is visible ASCII (0x21 to 0x7E) only, and not empty.
pub fn visible_ascii(session_id: &str) -> Result<()> {
    ensure!(
        !session_id.is_empty() && session_id.bytes().all(|b| (0x21..=0x7e).contains(&b)),
        "the Mcp-Session-Id \"{}\" must be visible ASCII (0x21 to 0x7E) only",
        session_id.escape_debug()
    );
    Ok(())
}

/// The last outcome is an HTTP answer to `request`; anything else is a wrong step order.
fn http_answer(last: Option<&Outcome>) -> Result<(&str, &HttpAnswer)> {
    match last {
        Some(Outcome::Http { request, answer }) => Ok((request, answer)),
        other => bail!("expected the HTTP answer to a POST, the last outcome was {other:?}"),
    }
}

/// A notification the server accepts gets 202 Accepted and an empty body.
pub fn accepted_without_body(last: Option<&Outcome>) -> Result<()> {
    let (request, answer) = http_answer(last)?;
    let body = answer.body.as_deref().map(str::trim).unwrap_or_default();
    ensure!(
        answer.status == 202 && body.is_empty(),
        "{request}: an accepted notification gets HTTP 202 with no body, got {answer}"
    );
    Ok(())
}

/// A request is answered with a JSON body or an event stream.
pub fn json_or_event_stream(last: Option<&Outcome>) -> Result<()> {
    let (request, answer) = http_answer(last)?;
    let media_type = answer.content_type.split(';').next().unwrap_or_default();
    let media_type = media_type.trim().to_ascii_lowercase();
    ensure!(
        answer.is_success() && ["application/json", "text/event-stream"].contains(&&*media_type),
        "{request}: a request is answered as application/json or text/event-stream, got {answer}"
    );
    Ok(())
}

/// A GET of the endpoint is answered with an event stream, or refused with 405.
pub fn event_stream_or_405(last: Option<&Outcome>) -> Result<()> {
    let (request, answer) = http_answer(last)?;
    let stream = answer.is_success() && answer.content_type.starts_with("text/event-stream");
    ensure!(
        stream || answer.status == 405,
        "{request}: a GET is answered with text/event-stream or refused with 405, got {answer}"
    );
    Ok(())
}
