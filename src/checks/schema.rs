//! JSON Schema checks: tool input schemas must be valid schemas of type object, and
//! structured results must match their output schema.

use anyhow::{Result, bail};
use serde_json::Value;

/// Problems with a tool's inputSchema, if any.
pub fn input_schema_problems(schema: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    if !schema.is_object() {
        problems.push(format!("inputSchema is not a JSON object: {schema}"));
        return problems;
    }
    if schema.get("type").and_then(Value::as_str) != Some("object") {
        problems.push(format!(
            "inputSchema has type {} instead of \"object\"",
            schema.get("type").unwrap_or(&Value::Null)
        ));
    }
    if let Err(error) = jsonschema::meta::validate(schema) {
        problems.push(format!("inputSchema is not a valid JSON Schema: {error}"));
    }
    problems
}

/// Problems with the input schemas of `tools`, each naming its tool.
pub fn tools_input_schema_problems(tools: &[Value]) -> Vec<String> {
    tools
        .iter()
        .flat_map(|tool| {
            let name = tool.get("name").and_then(Value::as_str).unwrap_or("?");
            let schema = tool.get("inputSchema").unwrap_or(&Value::Null);
            input_schema_problems(schema)
                .into_iter()
                .map(move |p| format!("tool \"{name}\": {p}"))
        })
        .collect()
}

/// The required property names of an object schema.
pub fn required_properties(schema: &Value) -> Vec<String> {
    schema
        .get("required")
        .and_then(Value::as_array)
        .map(|names| {
            names
                .iter()
                .filter_map(|n| n.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// A value that violates the declared type of `property` (a number for a string, …).
pub fn wrongly_typed_value(schema: &Value, property: &str) -> Result<Value> {
    let declared = schema.pointer(&format!("/properties/{property}/type"));
    let value = match declared.and_then(Value::as_str) {
        Some("string") => Value::from(12345),
        Some("number") | Some("integer") => Value::from("not a number"),
        Some("boolean") => Value::from("not a boolean"),
        Some("array") => Value::from("not an array"),
        Some("object") => Value::from("not an object"),
        _ => bail!(
            "the schema declares no single type for \"{property}\" ({declared:?}), so no wrong type can be chosen"
        ),
    };
    Ok(value)
}
