//! Error codes under the 2026-07-28 revision: -32020..-32099 are the specification's own, and
//! only the ones it defines may be sent (-32020 header mismatch, -32021 missing client
//! capability, -32022 unsupported version); -32000..-32019 are legacy codes new
//! implementations should not use; -32002 (the old resource not found) must not be sent at all.

use anyhow::{Result, bail};
use serde_json::Value;

use crate::mcp::jsonrpc::{RpcError, reply_of};

/// The codes 2026-07-28 defines in its reserved range.
pub const DEFINED: [i64; 3] = [-32020, -32021, -32022];

/// What the specification says about sending `code`.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    /// A SHOULD NOT: the legacy range.
    Discouraged(String),
    /// A MUST NOT.
    Forbidden(String),
}

pub fn judge(code: i64) -> Verdict {
    match code {
        -32002 => Verdict::Forbidden(
            "-32002 (resource not found before 2026-07-28) must not be sent under 2026-07-28; a missing resource is -32602".to_owned(),
        ),
        -32019..=-32000 => Verdict::Discouraged(format!(
            "{code} is in the legacy range -32000..-32019, which new implementations should not use"
        )),
        -32099..=-32020 if !DEFINED.contains(&code) => Verdict::Forbidden(format!(
            "{code} is in -32020..-32099, reserved for codes the specification defines ({DEFINED:?})"
        )),
        _ => Verdict::Allowed,
    }
}

/// The JSON-RPC errors among `messages`, with the request id each answered.
pub fn errors_in(messages: &[Value]) -> Vec<(Value, RpcError)> {
    messages
        .iter()
        .filter_map(|m| match reply_of(m)? {
            Err(error) => Some((m.get("id").cloned().unwrap_or(Value::Null), error)),
            Ok(_) => None,
        })
        .collect()
}

/// Fails on any forbidden code among the errors; returns the discouraged ones as warnings.
pub fn judge_all(errors: &[(Value, RpcError)]) -> Result<Vec<String>> {
    let mut warnings = Vec::new();
    for (id, error) in errors {
        match judge(error.code) {
            Verdict::Allowed => {}
            Verdict::Discouraged(why) => {
                warnings.push(format!("the answer to request {id}: {why}: {error}"))
            }
            Verdict::Forbidden(why) => bail!("the answer to request {id}: {why}: {error}"),
        }
    }
    Ok(warnings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_defined_and_standard_codes_are_allowed() {
        for code in [
            -32700, -32600, -32601, -32602, -32603, -32020, -32021, -32022, -1, 5,
        ] {
            assert_eq!(judge(code), Verdict::Allowed, "{code}");
        }
    }

    #[test]
    fn undefined_reserved_codes_and_the_old_not_found_are_forbidden() {
        for code in [-32023, -32042, -32099, -32002] {
            assert!(matches!(judge(code), Verdict::Forbidden(_)), "{code}");
        }
    }

    #[test]
    fn legacy_codes_are_discouraged() {
        let errors = errors_in(&[
            json!({"jsonrpc": "2.0", "id": 3, "error": {"code": -32001, "message": "x"}}),
        ]);
        assert_eq!(judge_all(&errors).unwrap().len(), 1);
        let forbidden = errors_in(&[
            json!({"jsonrpc": "2.0", "id": 4, "error": {"code": -32050, "message": "x"}}),
        ]);
        assert!(judge_all(&forbidden).is_err());
    }
}
