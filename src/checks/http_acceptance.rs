//! Streamable HTTP: what a POST of a response or a notification is answered with (tr-8, tr-9).

use anyhow::{Result, bail, ensure};

use crate::world::Outcome;

/// A response or notification the server accepts gets 202 and no body; one it cannot accept
/// gets an HTTP error status (4xx or 5xx), whose body may be anything.
pub fn accepted_or_refused(last: Option<&Outcome>) -> Result<()> {
    let Some(Outcome::Http { request, answer }) = last else {
        bail!("expected the HTTP answer to a POST, the last outcome was {last:?}")
    };
    let body = answer.body.as_deref().map(str::trim).unwrap_or_default();
    let accepted = answer.status == 202 && body.is_empty();
    ensure!(
        accepted || answer.status >= 400,
        "{request}: a response or notification is accepted with HTTP 202 and no body, or \
         refused with an HTTP error status, got {answer}"
    );
    Ok(())
}
