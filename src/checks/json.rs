//! Comparing JSON: a mismatch shows what arrived, what was expected, and a line diff of the
//! two pretty-printed, so the difference is visible in a large document.

use anyhow::{Result, bail};
use serde_json::Value;
use similar::TextDiff;

use crate::mcp::jsonrpc::pretty;

/// `actual` equals `expected` exactly (a missing key is not a null; numbers compare as JSON).
pub fn expect_equal(what: &str, actual: &Value, expected: &Value) -> Result<()> {
    if actual == expected {
        return Ok(());
    }
    bail!(
        "{what} differs from what was expected (- expected, + actual):\n{}",
        diff(expected, actual)
    )
}

/// A unified line diff of two JSON values, pretty-printed (`-` lines: `before`; `+`: `after`).
pub fn diff(before: &Value, after: &Value) -> String {
    let (before, after) = (pretty(before), pretty(after));
    TextDiff::from_lines(&before, &after)
        .unified_diff()
        .context_radius(3)
        .to_string()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_mismatch_shows_the_changed_lines() {
        let error = expect_equal(
            "the pet",
            &json!({"id": 1, "name": "Rex"}),
            &json!({"id": 1, "name": "Fido"}),
        )
        .unwrap_err()
        .to_string();
        assert!(error.contains("-  \"name\": \"Fido\""), "{error}");
        assert!(error.contains("+  \"name\": \"Rex\""), "{error}");
    }

    #[test]
    fn equal_values_pass() {
        assert!(expect_equal("x", &json!([1, {"a": null}]), &json!([1, {"a": null}])).is_ok());
    }
}
