//! Checks on `completion/complete` answers.

use serde_json::Value;

use crate::mcp::link::shorten;

/// The most values one completion answer may carry.
pub const MAX_VALUES: usize = 100;

/// Problems with the offered values: an array of at most [`MAX_VALUES`] strings that includes
/// each of `expected`.
pub fn values_problems(result: &Value, expected: &[String]) -> Vec<String> {
    let shown = shorten(&result.to_string(), 600);
    let Some(values) = result
        .pointer("/completion/values")
        .and_then(Value::as_array)
    else {
        return vec![format!(
            "the result has no completion.values array: {shown}"
        )];
    };
    let mut problems = Vec::new();
    if values.len() > MAX_VALUES {
        problems.push(format!(
            "{} values offered, more than the {MAX_VALUES} allowed",
            values.len()
        ));
    }
    let strings: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
    if strings.len() != values.len() {
        problems.push(format!("not every value is a string: {shown}"));
    }
    for wanted in expected {
        if !strings.contains(&wanted.as_str()) {
            problems.push(format!("the values do not include {wanted:?}: {strings:?}"));
        }
    }
    problems
}

/// Problems with `total` and `hasMore`: when present, `total` is a whole number no smaller
/// than the values offered, `hasMore` a boolean; more values than offered exist exactly when
/// `hasMore` is true.
pub fn count_problems(result: &Value) -> Vec<String> {
    let shown = shorten(&result.to_string(), 600);
    let Some(completion) = result.get("completion") else {
        return vec![format!("the result has no completion object: {shown}")];
    };
    let offered = completion
        .get("values")
        .and_then(Value::as_array)
        .map_or(0, Vec::len) as u64;
    let mut problems = Vec::new();
    let total = match completion.get("total") {
        None => None,
        Some(total) => match total.as_u64() {
            Some(total) => Some(total),
            None => {
                problems.push(format!("total is not a whole number: {total}"));
                None
            }
        },
    };
    let has_more = match completion.get("hasMore") {
        None => None,
        Some(Value::Bool(more)) => Some(*more),
        Some(other) => {
            problems.push(format!("hasMore is not a boolean: {other}"));
            None
        }
    };
    if let Some(total) = total {
        if total < offered {
            problems.push(format!(
                "total is {total} but {offered} values were offered"
            ));
        }
        match has_more {
            Some(true) if total == offered => problems.push(format!(
                "hasMore is true but total ({total}) equals the values offered"
            )),
            Some(false) if total > offered => problems.push(format!(
                "hasMore is false but total ({total}) exceeds the {offered} values offered"
            )),
            _ => {}
        }
    }
    if !problems.is_empty() {
        problems.push(format!("the completion: {shown}"));
    }
    problems
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn values_are_at_most_a_hundred_strings() {
        let ok = json!({"completion": {"values": ["a", "b"]}});
        assert!(values_problems(&ok, &["a".to_owned()]).is_empty());
        assert_eq!(values_problems(&ok, &["c".to_owned()]).len(), 1);
        let many: Vec<String> = (0..101).map(|n| n.to_string()).collect();
        assert_eq!(
            values_problems(&json!({"completion": {"values": many}}), &[]).len(),
            1
        );
        assert_eq!(
            values_problems(&json!({"completion": {"values": [1]}}), &[]).len(),
            1
        );
    }

    #[test]
    fn total_and_has_more_agree_with_the_values() {
        let consistent = json!({"completion": {"values": ["a"], "total": 3, "hasMore": true}});
        assert!(count_problems(&consistent).is_empty());
        let bare = json!({"completion": {"values": []}});
        assert!(count_problems(&bare).is_empty());
        let short_total = json!({"completion": {"values": ["a", "b"], "total": 1}});
        assert!(!count_problems(&short_total).is_empty());
        let no_more = json!({"completion": {"values": ["a"], "total": 5, "hasMore": false}});
        assert!(!count_problems(&no_more).is_empty());
    }
}
