//! Filling in an elicitation form the way a user would: a scenario gives the values it cares
//! about (by property name); the client answers every property the server's form asks for, with
//! the scenario's value, else the form's default, else (for a required property) a value of the
//! right type. Properties the form does not ask for are left out.

use serde_json::{Map, Value, json};

/// The answer to send for `request_params` (an `elicitation/create`'s params), from the
/// scenario's configured `answer` (`{"action": …, "content": {…}}`).
pub fn fit_to_form(answer: Value, request_params: &Value) -> Value {
    let Some(given) = answer.get("content").and_then(Value::as_object).cloned() else {
        return answer;
    };
    let Some(properties) = request_params
        .pointer("/requestedSchema/properties")
        .and_then(Value::as_object)
    else {
        return answer;
    };
    let required: Vec<&str> = request_params
        .pointer("/requestedSchema/required")
        .and_then(Value::as_array)
        .map(|names| names.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut content = Map::new();
    for (name, schema) in properties {
        let value = given
            .get(name)
            .cloned()
            .or_else(|| schema.get("default").cloned())
            .or_else(|| {
                required
                    .contains(&name.as_str())
                    .then(|| typed_value(schema))
            });
        if let Some(value) = value {
            content.insert(name.clone(), value);
        }
    }
    let mut answer = answer;
    answer["content"] = Value::Object(content);
    answer
}

/// A plausible value of the type a form property asks for.
fn typed_value(schema: &Value) -> Value {
    if let Some(first) = schema
        .get("enum")
        .and_then(Value::as_array)
        .and_then(|v| v.first())
    {
        return first.clone();
    }
    if let Some(first) = schema
        .get("oneOf")
        .and_then(Value::as_array)
        .and_then(|v| v.first())
        .and_then(|v| v.get("const"))
    {
        return first.clone();
    }
    let minimum = schema.get("minimum").and_then(Value::as_f64).unwrap_or(1.0);
    match schema
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("string")
    {
        "boolean" => json!(true),
        "integer" => json!(minimum.ceil() as i64),
        "number" => json!(minimum),
        "array" => {
            let item = schema.get("items").map(typed_value).unwrap_or(json!("x"));
            json!([item])
        }
        _ => match schema.get("format").and_then(Value::as_str) {
            Some("email") => json!("acceptance@example.com"),
            Some("uri") => json!("https://example.com/"),
            Some("date") => json!("2000-01-01"),
            Some("date-time") => json!("2000-01-01T00:00:00Z"),
            _ => json!("mcp-acceptance"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_decides_which_values_are_sent() {
        let request = json!({"message": "?", "requestedSchema": {"type": "object",
            "properties": {
                "username": {"type": "string"},
                "email": {"type": "string", "format": "email"},
                "age": {"type": "integer", "minimum": 18},
                "colour": {"type": "string", "default": "blue"},
                "note": {"type": "string"}
            },
            "required": ["username", "email", "age"]}});
        let answer = json!({"action": "accept", "content": {"username": "ada", "name": "Ada"}});
        assert_eq!(
            fit_to_form(answer, &request),
            json!({"action": "accept", "content": {
                "username": "ada", "email": "acceptance@example.com", "age": 18, "colour": "blue"
            }})
        );
    }

    #[test]
    fn decline_and_cancel_carry_no_content() {
        let answer = json!({"action": "decline"});
        assert_eq!(fit_to_form(answer.clone(), &json!({})), answer);
    }
}
