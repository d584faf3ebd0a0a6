//! The parameters a tool's input schema declares, in a form scenarios can write
//! (`executable: string (required), args: array`) and compare.

use anyhow::{Context, Result};
use serde_json::Value;

/// The JSON type(s) a schema property admits, following `$ref` into `$defs`/`definitions` and
/// `anyOf`/`oneOf`; "null" (an optional value) is left out.
pub fn property_types(property: &Value, root: &Value) -> Vec<String> {
    if let Some(reference) = property.get("$ref").and_then(Value::as_str) {
        let pointer = reference.trim_start_matches('#');
        return root
            .pointer(pointer)
            .map(|target| property_types(target, root))
            .unwrap_or_default();
    }
    let mut types: Vec<String> = match property.get("type") {
        Some(Value::String(t)) => vec![t.clone()],
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    };
    for key in ["anyOf", "oneOf", "allOf"] {
        if let Some(Value::Array(options)) = property.get(key) {
            for option in options {
                types.extend(property_types(option, root));
            }
        }
    }
    types.retain(|t| t != "null");
    types.sort();
    types.dedup();
    types
}

/// The parameters a schema declares: (name, types, required), sorted by name.
pub fn parameters(schema: &Value) -> Vec<(String, Vec<String>, bool)> {
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut out: Vec<(String, Vec<String>, bool)> = schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|properties| {
            properties
                .iter()
                .map(|(name, property)| {
                    (
                        name.clone(),
                        property_types(property, schema),
                        required.contains(&name.as_str()),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// `executable: string (required), args: array` → the same shape as [`parameters`].
pub fn parse_parameter_spec(spec: &str) -> Result<Vec<(String, Vec<String>, bool)>> {
    let mut out = Vec::new();
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (name, rest) = part
            .split_once(':')
            .with_context(|| format!("\"{part}\" is not `name: type [(required)]`"))?;
        let required = rest.contains("(required)");
        let kind = rest.replace("(required)", "").trim().to_owned();
        out.push((name.trim().to_owned(), vec![kind], required));
    }
    out.sort();
    Ok(out)
}
