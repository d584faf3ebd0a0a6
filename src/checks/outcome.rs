//! What the last action came to: a call that succeeded, or an HTTP refusal with its status.
//! One check each, whatever the system: a JSON-RPC reply (from a session or a raw frame) or an
//! HTTP answer (a raw POST, a REST call).

use std::time::Duration;

use anyhow::{Result, bail, ensure};

use crate::checks::expect;
use crate::mcp::jsonrpc::pretty;
use crate::world::{Outcome, SuccessRule};

/// The HTTP status a refusal is expected to carry: exactly one, or any client error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, cucumber::Parameter)]
#[param(name = "http_status", regex = r"\d{3}|4xx")]
pub enum HttpStatus {
    Exactly(u16),
    /// `4xx`: any client error.
    ClientError,
}

impl std::str::FromStr for HttpStatus {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "4xx" => Ok(Self::ClientError),
            digits => digits
                .parse()
                .map(Self::Exactly)
                .map_err(|_| format!("not an HTTP status: {digits}")),
        }
    }
}

impl HttpStatus {
    fn admits(self, status: u16) -> bool {
        match self {
            Self::Exactly(expected) => status == expected,
            Self::ClientError => (400..500).contains(&status),
        }
    }
}

impl std::fmt::Display for HttpStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Exactly(status) => write!(f, "HTTP {status}"),
            Self::ClientError => f.write_str("an HTTP 4xx refusal"),
        }
    }
}

/// The last call succeeded: a result that is not a tool error (and passes the system's own
/// rule), or a 2xx HTTP answer (exactly `status` when given).
pub fn succeeded(
    last: Option<&Outcome>,
    rule: Option<SuccessRule>,
    status: Option<u16>,
) -> Result<()> {
    match (last, status) {
        (Some(Outcome::Http { request, answer }), Some(expected)) if answer.status != expected => {
            bail!("{request}: expected HTTP {expected}, the server answered {answer}")
        }
        (Some(Outcome::Http { request, answer }), _) if !answer.is_success() => {
            bail!("{request}: expected success, the server answered {answer}")
        }
        (Some(Outcome::Http { .. }), _) => Ok(()),
        (Some(_), Some(expected)) => {
            bail!("no HTTP request was sent to be answered {expected} (last outcome: {last:?})")
        }
        (Some(outcome), None) => {
            let (request, reply) = outcome.reply()?;
            let result = expect::success(&request, &reply)?;
            rule.map_or(Ok(()), |rule| rule(&request, result))
        }
        (None, _) => bail!("no call was made to check"),
    }
}

/// The last request was refused over HTTP with `status`.
pub fn refused(last: Option<&Outcome>, status: HttpStatus) -> Result<()> {
    match last {
        Some(Outcome::Http { answer, .. }) if status.admits(answer.status) => Ok(()),
        Some(Outcome::Http { request, answer }) => {
            bail!("{request}: expected {status}, the server answered {answer}")
        }
        Some(Outcome::Raw { request, response }) => bail!(
            "{request}: expected {status}, but it was accepted and answered:\n{}",
            pretty(response)
        ),
        other => bail!("no HTTP request was sent (last outcome: {other:?})"),
    }
}

/// The last step recorded a failed attempt that took at most `limit`.
pub fn expect_failed_within(last: Option<&Outcome>, limit: Duration) -> Result<()> {
    let (error, elapsed) = failed_attempt(last)?;
    ensure!(
        elapsed <= limit,
        "the attempt failed only after {elapsed:?}:\n{error}"
    );
    Ok(())
}

/// The last step recorded a failed attempt whose message says `expected`.
pub fn expect_failure_saying(last: Option<&Outcome>, expected: &str) -> Result<()> {
    let (error, _) = failed_attempt(last)?;
    ensure!(
        error.contains(expected),
        "the failure does not say \"{expected}\"; it says:\n{error}"
    );
    Ok(())
}

/// The error and duration of the attempt the last step recorded as failed.
fn failed_attempt(last: Option<&Outcome>) -> Result<(&str, Duration)> {
    match last {
        Some(Outcome::Failed { error, elapsed }) => Ok((error, *elapsed)),
        other => bail!("expected the attempt to fail, it ended with {other:?}"),
    }
}
