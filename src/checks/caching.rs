//! Caching hints of the 2026-07-28 revision: a complete result of server/discover, of every
//! list and of resources/read carries `ttlMs` (an integer ≥ 0, milliseconds) and `cacheScope`
//! (`"public"` or `"private"`); every page of one list has the same scope.

use anyhow::{Result, ensure};
use serde_json::Value;

use crate::mcp::jsonrpc::pretty;

const SCOPES: [&str; 2] = ["public", "private"];

/// `result` (the answer to `request`) carries both hints, well formed; returns its scope.
pub fn hints(request: &str, result: &Value) -> Result<String> {
    let ttl = result.get("ttlMs");
    ensure!(
        ttl.is_some_and(|t| t.as_u64().is_some()),
        "{request}: a complete result must carry ttlMs, a whole number of milliseconds >= 0, got {}:\n{}",
        ttl.map_or("none".to_owned(), Value::to_string),
        pretty(result)
    );
    let scope = result.get("cacheScope");
    let named = scope.and_then(Value::as_str).filter(|s| SCOPES.contains(s));
    ensure!(
        named.is_some(),
        "{request}: a complete result must carry cacheScope \"public\" or \"private\", got {}:\n{}",
        scope.map_or("none".to_owned(), Value::to_string),
        pretty(result)
    );
    Ok(named.unwrap_or_default().to_owned())
}

/// Every page of the list answering `method` carries the hints, all with the same scope.
pub fn pages(method: &str, pages: &[Value]) -> Result<()> {
    let mut first: Option<String> = None;
    for (n, page) in pages.iter().enumerate() {
        let scope = hints(&format!("{method} (page {})", n + 1), page)?;
        let expected = first.get_or_insert_with(|| scope.clone());
        ensure!(
            *expected == scope,
            "{method}: every page of one list must have the same cacheScope; page 1 says \"{expected}\", page {} says \"{scope}\"",
            n + 1
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_result_with_both_hints_passes() {
        let result = json!({"resultType": "complete", "ttlMs": 0, "cacheScope": "private"});
        assert_eq!(hints("tools/list", &result).unwrap(), "private");
    }

    #[test]
    fn missing_negative_or_fractional_ttl_fails() {
        for ttl in [json!(null), json!(-1), json!(1.5), json!("60000")] {
            let result = json!({"ttlMs": ttl, "cacheScope": "public"});
            assert!(hints("tools/list", &result).is_err(), "{ttl} passed");
        }
        assert!(hints("tools/list", &json!({"cacheScope": "public"})).is_err());
    }

    #[test]
    fn a_missing_or_unknown_scope_fails() {
        assert!(hints("resources/read", &json!({"ttlMs": 10})).is_err());
        let shared = json!({"ttlMs": 10, "cacheScope": "shared"});
        assert!(hints("resources/read", &shared).is_err());
    }

    #[test]
    fn pages_with_different_scopes_fail() {
        let page = |scope: &str| json!({"ttlMs": 5, "cacheScope": scope, "tools": []});
        assert!(pages("tools/list", &[page("public"), page("public")]).is_ok());
        let error = pages("tools/list", &[page("public"), page("private")]).unwrap_err();
        assert!(error.to_string().contains("page 2"), "{error}");
    }
}
