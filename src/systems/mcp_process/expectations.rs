//! What a scenario expects of one field of a result, as written in the second cell of a
//! `Then the result has:` row:
//!
//! | cell                                          | the field …                                  |
//! |-----------------------------------------------|----------------------------------------------|
//! | `"running"`, `5800`, `true`                   | equals it (strings exactly, numbers by value) |
//! | `null`                                        | is JSON null                                 |
//! | `present`                                     | is there, whatever its value                 |
//! | `a JSON integer` (number, string, object, …)  | has that JSON type (an integer is a number)  |
//! | `a time`                                      | is an RFC 3339 time                          |
//! | `at least 40`                                 | is a number ≥ 40                             |
//! | `contains "text"`                             | is a string containing it, or a list holding it |
//! | `does not contain "text"`                     | is not a string containing it                |
//! | `at least 2 entries, each with a, b`          | is a list of ≥ 2 entries, each having a and b |

use std::str::FromStr;

use anyhow::{Context, Result, bail};
use regex::Regex;
use serde_json::{Value, json};

use super::results::{is_rfc3339, same_value};

const JSON_TYPES: &[&str] = &[
    "null", "boolean", "integer", "number", "string", "array", "object",
];

#[derive(Debug, Clone, PartialEq)]
pub enum Expectation {
    Equals(String),
    Null,
    Present,
    JsonType(String),
    Time,
    AtLeast(f64),
    Contains(String),
    DoesNotContain(String),
    Entries { count: usize, fields: Vec<String> },
}

impl FromStr for Expectation {
    type Err = anyhow::Error;

    fn from_str(cell: &str) -> Result<Self> {
        let entries = Regex::new(r"^at least (\d+) entries, each with (.+)$").unwrap();
        if let Some(caps) = entries.captures(cell) {
            let fields = caps[2].split(',').map(|f| f.trim().to_owned()).collect();
            return Ok(Self::Entries {
                count: caps[1].parse()?,
                fields,
            });
        }
        Ok(match cell {
            "null" => Self::Null,
            "present" => Self::Present,
            "a time" => Self::Time,
            _ if cell.starts_with('"') => Self::Equals(quoted(cell)?),
            _ if cell.parse::<f64>().is_ok() || cell == "true" || cell == "false" => {
                Self::Equals(cell.to_owned())
            }
            _ => prefixed(cell)?,
        })
    }
}

/// The expectations that start with a word and carry a value.
fn prefixed(cell: &str) -> Result<Expectation> {
    if let Some(kind) = cell.strip_prefix("a JSON ") {
        if !JSON_TYPES.contains(&kind) {
            bail!("\"{kind}\" is not a JSON type: {}", JSON_TYPES.join(", "));
        }
        return Ok(Expectation::JsonType(kind.to_owned()));
    }
    if let Some(minimum) = cell.strip_prefix("at least ") {
        let minimum = minimum
            .parse()
            .with_context(|| format!("not a number: {minimum}"))?;
        return Ok(Expectation::AtLeast(minimum));
    }
    if let Some(text) = cell.strip_prefix("does not contain ") {
        return Ok(Expectation::DoesNotContain(quoted(text)?));
    }
    if let Some(text) = cell.strip_prefix("contains ") {
        return Ok(Expectation::Contains(quoted(text)?));
    }
    bail!(
        "unknown expectation `{cell}`: write a value (\"text\", 5, true), null, present, a JSON \
         <type>, a time, at least <n>, contains \"text\", does not contain \"text\", or at least \
         <n> entries, each with <fields>"
    )
}

fn quoted(cell: &str) -> Result<String> {
    cell.strip_prefix('"')
        .and_then(|c| c.strip_suffix('"'))
        .map(str::to_owned)
        .with_context(|| format!("write text in double quotes: {cell}"))
}

/// The JSON type of a value, an integer told apart from other numbers.
fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

impl Expectation {
    /// Whether the field at `path` (None: the result has no such field) meets this; the
    /// problem otherwise.
    pub fn check(&self, path: &str, value: Option<&Value>) -> Result<(), String> {
        let Some(value) = value else {
            return Err(match self {
                Self::Present => format!("the result lacks {path}"),
                _ => format!("the result has no {path}"),
            });
        };
        let met = match self {
            Self::Equals(expected) => same_value(value, expected),
            Self::Null => value.is_null(),
            Self::Present => true,
            Self::JsonType(kind) => {
                let actual = json_type(value);
                actual == kind || (kind == "number" && actual == "integer")
            }
            Self::Time => value.as_str().is_some_and(is_rfc3339),
            Self::AtLeast(minimum) => value.as_f64().is_some_and(|v| v >= *minimum),
            Self::Contains(text) => match value {
                Value::String(s) => s.contains(text),
                Value::Array(items) => items.iter().any(|i| i == &json!(text)),
                _ => false,
            },
            Self::DoesNotContain(text) => !value.as_str().unwrap_or("").contains(text),
            Self::Entries { count, fields } => return entries(path, value, *count, fields),
        };
        if met {
            Ok(())
        } else {
            Err(self.problem(path, value))
        }
    }

    fn problem(&self, path: &str, value: &Value) -> String {
        match self {
            Self::Equals(expected) => format!("expected {path} to be {expected}, it is {value}"),
            Self::Null => format!("expected {path} to be null, it is {value}"),
            Self::JsonType(kind) => format!("expected {path} to be a JSON {kind}, it is {value}"),
            Self::Time => format!("{path} is not an RFC 3339 time: {value}"),
            Self::AtLeast(minimum) => format!("expected {path} ≥ {minimum}, it is {value}"),
            Self::Contains(text) => format!("{path} does not contain \"{text}\""),
            Self::DoesNotContain(text) => format!("{path} should not contain \"{text}\""),
            Self::Present | Self::Entries { .. } => unreachable!("checked without a problem"),
        }
    }
}

/// At least `count` entries in the list, each with every one of `fields`.
fn entries(path: &str, value: &Value, count: usize, fields: &[String]) -> Result<(), String> {
    let entries = value.as_array().cloned().unwrap_or_default();
    if entries.len() < count {
        return Err(format!(
            "expected at least {count} entries in {path}, it has {}",
            entries.len()
        ));
    }
    for entry in &entries {
        if let Some(name) = fields
            .iter()
            .find(|name| entry.get(name.as_str()).is_none())
        {
            return Err(format!("an entry of {path} lacks {name}: {entry}"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn check(cell: &str, value: Value) -> Result<(), String> {
        cell.parse::<Expectation>()
            .unwrap()
            .check("f", Some(&value))
    }

    #[test]
    fn values_compare_like_the_scenarios_wrote_them() {
        assert!(check("\"running\"", json!("running")).is_ok());
        assert!(check("0", json!(0)).is_ok());
        assert!(check("\"3\"", json!(3)).is_ok());
        assert_eq!(
            check("\"exited\"", json!("running")),
            Err("expected f to be exited, it is \"running\"".to_owned())
        );
        assert!(check("null", json!(null)).is_ok());
        assert!(check("null", json!("null")).is_err());
    }

    #[test]
    fn kinds_times_bounds_and_text() {
        assert!(check("a JSON number", json!(3)).is_ok());
        assert!(check("a JSON integer", json!(3.5)).is_err());
        assert!(check("a time", json!("2026-11-21T06:05:27.123Z")).is_ok());
        assert!(check("at least 40", json!(39.9)).is_err());
        assert!(check("contains \"done\"", json!("all done")).is_ok());
        assert!(check("does not contain \"noise\"", json!("noise here")).is_err());
        let history = json!([{"a": 1, "b": 2}, {"a": 1}]);
        assert!(check("at least 2 entries, each with a", history.clone()).is_ok());
        assert!(check("at least 2 entries, each with a, b", history).is_err());
    }

    #[test]
    fn a_missing_field_and_an_unknown_cell_fail() {
        let present: Expectation = "present".parse().unwrap();
        assert_eq!(
            present.check("pid", None),
            Err("the result lacks pid".to_owned())
        );
        assert!("roughly 5".parse::<Expectation>().is_err());
        assert!("a JSON thing".parse::<Expectation>().is_err());
        assert!("contains bare".parse::<Expectation>().is_err());
    }
}
