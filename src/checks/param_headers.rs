//! Tool parameters mirrored into HTTP headers (2026-07-28, `x-mcp-header` in a tool's input
//! schema): the rules an annotation obeys — a non-empty HTTP token, unique per schema whatever
//! the case, on an integer, string or boolean property reachable from the root through
//! `properties` alone.

use anyhow::{Result, ensure};
use serde_json::Value;

/// One `x-mcp-header` annotation found in an input schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Annotation {
    /// The property path from the root, when reached through `properties` alone.
    pub path: Option<Vec<String>>,
    pub header: Value,
    pub schema: Value,
}

/// Every annotation in `schema`, wherever it sits.
pub fn annotations(schema: &Value) -> Vec<Annotation> {
    let mut found = Vec::new();
    collect(schema, Some(Vec::new()), true, &mut found);
    found
}

fn collect(schema: &Value, path: Option<Vec<String>>, root: bool, found: &mut Vec<Annotation>) {
    match schema {
        Value::Object(map) => {
            if let Some(header) = map.get("x-mcp-header") {
                let path = path.clone().filter(|_| !root);
                found.push(Annotation {
                    path,
                    header: header.clone(),
                    schema: schema.clone(),
                });
            }
            for (key, value) in map {
                if key == "properties"
                    && let Some(props) = value.as_object()
                {
                    for (name, sub) in props {
                        let deeper = path.clone().map(|mut p| {
                            p.push(name.clone());
                            p
                        });
                        collect(sub, deeper, false, found);
                    }
                } else if key != "x-mcp-header" {
                    collect(value, None, false, found);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| collect(i, None, false, found)),
        _ => {}
    }
}

fn is_token(header: &str) -> bool {
    !header.is_empty()
        && header
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c))
}

/// What is wrong with the annotations of one tool's input schema.
pub fn faults(schema: &Value) -> Vec<String> {
    let mut faults = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for annotation in annotations(schema) {
        let header = annotation.header.as_str().unwrap_or_default();
        let ty = annotation.schema.get("type").and_then(Value::as_str);
        if !is_token(header) {
            faults.push(format!(
                "{} is not a non-empty HTTP token",
                annotation.header
            ));
        } else if seen.contains(&header.to_ascii_lowercase()) {
            faults.push(format!(
                "{header:?} is used twice (header names ignore case)"
            ));
        }
        seen.push(header.to_ascii_lowercase());
        if !matches!(ty, Some("integer" | "string" | "boolean")) {
            faults.push(format!(
                "{header:?} annotates a property of type {ty:?}, not integer, string or boolean"
            ));
        }
        if annotation.path.is_none() {
            faults.push(format!(
                "{header:?} sits where the root's properties do not lead alone"
            ));
        }
    }
    faults
}

/// Whether any of `tools` mirrors a parameter into a header.
pub fn any_mirrored(tools: &[Value]) -> bool {
    tools
        .iter()
        .any(|t| !annotations(&t["inputSchema"]).is_empty())
}

/// Every annotation of every tool obeys the rules.
pub fn all_valid(tools: &[Value]) -> Result<()> {
    let faults: Vec<String> = tools
        .iter()
        .flat_map(|tool| {
            let name = tool
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("?")
                .to_owned();
            let schema = tool.get("inputSchema").cloned().unwrap_or_default();
            faults(&schema)
                .into_iter()
                .map(move |f| format!("tool {name:?}: {f}"))
        })
        .collect();
    ensure!(
        faults.is_empty(),
        "x-mcp-header annotations break the rules:\n{}",
        faults.join("\n")
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn with(property: Value) -> Value {
        json!({"type": "object", "properties": {"p": property, "q": {"type": "string", "x-mcp-header": "Q"}}})
    }

    #[test]
    fn a_string_property_with_a_token_passes() {
        assert!(faults(&with(json!({"type": "string", "x-mcp-header": "Region"}))).is_empty());
        let nested = json!({"type": "object", "properties": {"o": {"type": "object", "properties": {"r": {"type": "integer", "x-mcp-header": "R"}}}}});
        assert!(faults(&nested).is_empty());
    }

    #[test]
    fn broken_annotations_fail() {
        for property in [
            json!({"type": "string", "x-mcp-header": ""}),
            json!({"type": "string", "x-mcp-header": "Bad Name"}),
            json!({"type": "string", "x-mcp-header": "q"}),
            json!({"type": "number", "x-mcp-header": "N"}),
            json!({"type": "array", "items": {"type": "string", "x-mcp-header": "I"}}),
            json!({"oneOf": [{"type": "string", "x-mcp-header": "O"}]}),
        ] {
            assert!(
                !faults(&with(property.clone())).is_empty(),
                "{property} passed"
            );
        }
        assert!(
            all_valid(&[json!({"name": "t", "inputSchema": {"x-mcp-header": "Root"}})]).is_err()
        );
    }
}
