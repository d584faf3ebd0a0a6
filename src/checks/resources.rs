//! Resource-specific expectations: the error for a resource that does not exist, which
//! depends on the protocol version agreed.

use anyhow::{Result, bail};
use serde_json::Value;

use crate::mcp::jsonrpc::{INVALID_PARAMS, Reply, pretty};

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
