//! Checks on the stateless protocol (2026-07-28): whether the server speaks it at all (it
//! answered server/discover), what the discovery declares, and the results and errors of
//! requests that carry their own version.

use anyhow::{Context, Result, bail, ensure};
use serde_json::Value;

use crate::harness::skip::skip_scenario;
use crate::mcp::jsonrpc::{RpcError, pretty, reply_of};
use crate::mcp::registry::Target;
use crate::mcp::stateless::STATELESS_VERSION;
use crate::world::Outcome;

/// The result of the server/discover that was just sent. A server that answered it with an
/// error, or refused it over HTTP, speaks only the handshake protocols: the scenario is skipped,
/// unless the registry says the server supports the stateless version.
pub fn discovery(last: Option<&Outcome>, target: &Target) -> Result<Value> {
    let refusal = match last {
        Some(Outcome::Raw { response, .. }) => match reply_of(response) {
            Some(Ok(result)) => return Ok(result),
            Some(Err(error)) => format!("server/discover was answered with {error}"),
            None => format!("server/discover was answered with {response}"),
        },
        Some(Outcome::Http { answer, .. }) => format!("server/discover was refused with {answer}"),
        other => bail!("server/discover was not sent (last outcome: {other:?})"),
    };
    if target
        .claimed_protocol_versions()
        .is_some_and(|v| v.iter().any(|v| v == STATELESS_VERSION))
    {
        bail!(
            "the registry says '{}' supports {STATELESS_VERSION}, but {refusal}",
            target.name
        );
    }
    skip_scenario(format!(
        "server '{}' does not speak the stateless protocol {STATELESS_VERSION}: {refusal}",
        target.name
    ))
}

/// The discovery lists its supported versions as strings, `version` among them.
pub fn lists_version(discovery: &Value, version: &str) -> Result<()> {
    let versions = discovery
        .get("supportedVersions")
        .and_then(Value::as_array)
        .with_context(|| {
            format!(
                "the discovery has no supportedVersions array:\n{}",
                pretty(discovery)
            )
        })?;
    ensure!(
        versions.iter().all(Value::is_string),
        "supportedVersions must list version strings: {versions:?}"
    );
    ensure!(
        versions.iter().any(|v| v == version),
        "supportedVersions {versions:?} does not include {version}, which the client asked for and the server accepted"
    );
    Ok(())
}

/// The last request's result; an HTTP refusal or a JSON-RPC error fails.
fn result_of(last: Option<&Outcome>) -> Result<(String, Value)> {
    let (request, reply) = reply_of_last(last, "a result")?;
    match reply {
        Ok(result) => Ok((request, result)),
        Err(error) => bail!("{request}: expected a result, got {error}"),
    }
}

/// The last request and its reply; an HTTP refusal without one fails, saying `expected`.
fn reply_of_last(
    last: Option<&Outcome>,
    expected: &str,
) -> Result<(String, Result<Value, RpcError>)> {
    match last {
        Some(Outcome::Http { request, answer }) => {
            bail!("{request}: expected {expected}, the server answered {answer}")
        }
        Some(outcome) => outcome.reply(),
        None => bail!("no request was sent to check a reply of"),
    }
}

/// The last result carries `resultType` `expected`.
pub fn marked(last: Option<&Outcome>, expected: &str) -> Result<()> {
    let (request, result) = result_of(last)?;
    let actual = result.get("resultType").and_then(Value::as_str);
    ensure!(
        actual == Some(expected),
        "{request}: a {STATELESS_VERSION} result carries resultType \"{expected}\", got {}:\n{}",
        actual.map_or("none".to_owned(), |a| format!("\"{a}\"")),
        pretty(&result)
    );
    Ok(())
}

/// The last result has a `tools` array.
pub fn lists_tools(last: Option<&Outcome>) -> Result<()> {
    let (request, result) = result_of(last)?;
    ensure!(
        result.get("tools").is_some_and(Value::is_array),
        "{request}: the result has no tools array:\n{}",
        pretty(&result)
    );
    Ok(())
}

/// The last request was refused with a JSON-RPC error listing the supported versions (strings)
/// in `data.supported`.
pub fn error_names_versions(last: Option<&Outcome>) -> Result<()> {
    let expected = "a JSON-RPC error naming the supported versions";
    let (request, reply) = reply_of_last(last, expected)?;
    let error = match reply {
        Err(error) => error,
        Ok(result) => bail!(
            "{request}: expected an error, got a result:\n{}",
            pretty(&result)
        ),
    };
    let supported = error
        .data
        .as_ref()
        .and_then(|d| d.get("supported"))
        .and_then(Value::as_array)
        .filter(|v| !v.is_empty() && v.iter().all(Value::is_string));
    ensure!(
        supported.is_some(),
        "{request}: the error should list the supported versions in data.supported, got {error}"
    );
    Ok(())
}

/// The versions before 2025-06-18, whose clients send no MCP-Protocol-Version header.
const HEADERLESS_VERSIONS: [&str; 2] = ["2024-11-05", "2025-03-26"];

/// Why a request without the version header may be served (a server that supports clients of
/// a version before 2025-06-18 may take it as 2025-03-26), or none when it must be refused.
pub fn serves_old_clients(discovery: &Value) -> Option<String> {
    let versions = discovery
        .get("supportedVersions")
        .and_then(Value::as_array)?;
    let old: Vec<&str> = versions
        .iter()
        .filter_map(Value::as_str)
        .filter(|v| HEADERLESS_VERSIONS.contains(v))
        .collect();
    (!old.is_empty()).then(|| {
        format!("the server supports {old:?}, whose clients send no version header: it may serve a request without one as 2025-03-26")
    })
}

/// The versions before 2026-07-28 the discovery lists: a server listing none serves the
/// stateless protocol alone.
pub fn handshake_versions(discovery: &Value) -> Vec<String> {
    let versions = discovery.get("supportedVersions").and_then(Value::as_array);
    versions
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter(|v| *v < STATELESS_VERSION)
        .map(str::to_owned)
        .collect()
}

/// A request in a made-up session was served as if it named none: HTTP 2xx and a result.
pub fn served_without_session(exchanged: &crate::mcp::raw::Exchanged) -> Result<()> {
    let status = exchanged.http.as_ref().map(|a| a.status);
    let result = exchanged.response.as_ref().and_then(reply_of);
    ensure!(
        status.is_some_and(|s| (200..300).contains(&s)) && matches!(result, Some(Ok(_))),
        "a server of the stateless protocol alone should ignore Mcp-Session-Id and Last-Event-ID, got {:?} and {:?}",
        exchanged.http,
        exchanged.response
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_a_server_without_handshake_versions_is_stateless_alone() {
        let both = json!({"supportedVersions": ["2025-11-25", "2026-07-28"]});
        assert_eq!(handshake_versions(&both), ["2025-11-25"]);
        assert!(handshake_versions(&json!({"supportedVersions": ["2026-07-28"]})).is_empty());
    }

    #[test]
    fn a_refused_made_up_session_is_reported() {
        let refused = crate::mcp::raw::Exchanged {
            http: None,
            response: None,
        };
        assert!(served_without_session(&refused).is_err());
    }

    #[test]
    fn a_server_of_old_clients_may_serve_a_request_without_the_header() {
        let old = json!({"supportedVersions": ["2025-03-26", "2026-07-28"]});
        assert!(serves_old_clients(&old).is_some());
        let modern = json!({"supportedVersions": ["2025-06-18", "2025-11-25", "2026-07-28"]});
        assert_eq!(serves_old_clients(&modern), None);
    }
}
