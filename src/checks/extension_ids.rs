//! Extension identifiers (2026-07-28): the keys of the declared `extensions` capability follow
//! the `_meta` key rules with a mandatory prefix — dot-separated labels (each starting with a
//! letter, ending with a letter or digit, hyphens inside), a slash, then a name (empty, or
//! starting and ending with a letter or digit, with `-`, `_`, `.` inside).

use anyhow::{Result, ensure};
use serde_json::Value;

/// Why `id` is not a prefixed extension identifier (none when it is).
pub fn fault(id: &str) -> Option<String> {
    let Some((prefix, name)) = id.split_once('/') else {
        return Some("it has no prefix (labels and a slash, e.g. com.example/)".to_owned());
    };
    if let Some(label) = prefix.split('.').find(|l| !valid_label(l)) {
        return Some(format!(
            "the prefix label {label:?} must start with a letter, end with a letter or digit and hold only letters, digits and hyphens"
        ));
    }
    let inner_ok = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
    let ends_ok = name.is_empty()
        || (name.starts_with(|c: char| c.is_ascii_alphanumeric())
            && name.ends_with(|c: char| c.is_ascii_alphanumeric()));
    (!(inner_ok && ends_ok))
        .then(|| format!("the name {name:?} after the prefix is not a valid name"))
}

fn valid_label(label: &str) -> bool {
    label.starts_with(|c: char| c.is_ascii_alphabetic())
        && label.ends_with(|c: char| c.is_ascii_alphanumeric())
        && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// Every key of `extensions` is a prefixed identifier.
pub fn all_prefixed(extensions: &serde_json::Map<String, Value>) -> Result<()> {
    let faults: Vec<String> = extensions
        .keys()
        .filter_map(|id| fault(id).map(|why| format!("{id:?}: {why}")))
        .collect();
    ensure!(
        faults.is_empty(),
        "extension identifiers must carry a prefix such as io.modelcontextprotocol/ or com.example/:\n{}",
        faults.join("\n")
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixed_identifiers_pass() {
        for id in [
            "io.modelcontextprotocol/tasks",
            "com.example/ui",
            "com.example-co.mcp/x_1.v2",
        ] {
            assert_eq!(fault(id), None, "{id}");
        }
    }

    #[test]
    fn bare_or_malformed_identifiers_fail() {
        for id in [
            "tasks",
            "1com.example/x",
            "com.example-/x",
            "com..example/x",
            "com.example/-x",
            "/x",
        ] {
            assert!(fault(id).is_some(), "{id} passed");
        }
    }
}
