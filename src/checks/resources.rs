//! Resource-specific expectations: the error for a resource that does not exist, which
//! depends on the protocol version agreed.

use anyhow::{Result, bail};
use serde_json::{Value, json};

use crate::checks::expect;
use crate::mcp::jsonrpc::{INVALID_PARAMS, Reply, pretty};
use crate::mcp::session::McpSession;

/// The resource-not-found code up to protocol version 2025-11-25.
pub const RESOURCE_NOT_FOUND: i64 = -32002;

/// The first protocol version in which a missing resource is invalid params (SEP-2164).
const INVALID_PARAMS_SINCE: &str = "2026-07-28";

/// The code the specification asks for when a resource does not exist, in `version`.
pub fn not_found_code(version: &str) -> i64 {
    // Protocol versions are dates, so they compare as strings.
    if version >= INVALID_PARAMS_SINCE {
        INVALID_PARAMS
    } else {
        RESOURCE_NOT_FOUND
    }
}

/// The reply says the resource does not exist: an error with the version's code, never a
/// result (an empty `contents` list included).
pub fn not_found(request: &str, reply: &Reply, version: &str) -> Result<()> {
    let code = not_found_code(version);
    match reply {
        Err(error) if error.code == code => Ok(()),
        Err(error) => bail!(
            "{request}: expected the resource-not-found error {code} (protocol {version}), got {error}"
        ),
        Ok(result) => {
            let empty = result
                .get("contents")
                .and_then(Value::as_array)
                .is_some_and(Vec::is_empty);
            bail!(
                "{request}: expected the resource-not-found error {code} (protocol {version}), got a result{}:\n{}",
                if empty { " with empty contents" } else { "" },
                pretty(result)
            )
        }
    }
}

/// Reads the `listed` resources in turn, at most `limit` of them, until one's contents carry
/// `form` ("text" or "blob"); returns that read (request and reply), or `None`. Every read must
/// succeed: a listed resource that cannot be read fails.
pub async fn read_first_of_form(
    session: &mut McpSession,
    listed: &[Value],
    form: &str,
    limit: usize,
) -> Result<Option<(String, Reply)>> {
    for resource in listed.iter().take(limit) {
        let Some(uri) = resource.get("uri").and_then(Value::as_str) else {
            continue;
        };
        let params = json!({ "uri": uri });
        let request = format!("resources/read {params}");
        let reply = session.request("resources/read", params).await?;
        let result = expect::success(&request, &reply)
            .map_err(|e| e.context("a listed resource could not be read"))?;
        let has_form = result
            .get("contents")
            .and_then(Value::as_array)
            .is_some_and(|contents| contents.iter().any(|c| c.get(form).is_some()));
        if has_form {
            return Ok(Some((request, reply)));
        }
    }
    Ok(None)
}

/// Reads each of the first `limit` listed resources: the problems of those that cannot be read
/// or come back without contents.
pub async fn unreadable_listed(
    session: &mut McpSession,
    listed: &[Value],
    limit: usize,
) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    for uri in listed
        .iter()
        .take(limit)
        .filter_map(|r| r.get("uri")?.as_str())
    {
        let params = json!({ "uri": uri });
        let request = format!("resources/read {params}");
        let reply = session.request("resources/read", params).await?;
        match expect::success(&request, &reply) {
            Ok(result) if has_contents(result) => {}
            Ok(result) => problems.push(format!("{request}: no contents: {result}")),
            Err(error) => problems.push(format!("{error:#}")),
        }
    }
    Ok(problems)
}

/// A resource read again (`after`, by `request`) holds other contents than `before`.
pub fn changed(request: &str, before: &Reply, after: &Reply) -> Result<()> {
    let before = expect::success(request, before)?.get("contents");
    let after = expect::success(request, after)?.get("contents");
    anyhow::ensure!(
        before != after,
        "{request}: the resource reads as before the change that was announced: {}",
        after.map(Value::to_string).unwrap_or_default()
    );
    Ok(())
}

/// No update of `uri` came once the client had unsubscribed (`updates`: their params).
pub fn no_update_after_unsubscribing(uri: &str, updates: &[String]) -> Result<()> {
    anyhow::ensure!(
        updates.is_empty(),
        "the client was told {uri} was updated after it had unsubscribed: {}",
        updates.join(", ")
    );
    Ok(())
}

fn has_contents(result: &Value) -> bool {
    result
        .get("contents")
        .and_then(Value::as_array)
        .is_some_and(|contents| !contents.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_follows_the_protocol_version() {
        assert_eq!(not_found_code("2025-06-18"), -32002);
        assert_eq!(not_found_code("2025-11-25"), -32002);
        assert_eq!(not_found_code("2026-07-28"), -32602);
    }
}
