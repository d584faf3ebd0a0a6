//! Choosing which prompt to get: from the prompts the server lists (arguments filled with plain
//! strings), or the registry's probe `prompt_with_arguments` where arguments need particular
//! values.

use serde_json::{Map, Value, json};

use crate::mcp::probes::PromptProbe;

/// A prompts/get request: the prompt's name and its arguments (none: no `arguments` field).
#[derive(Debug, Clone)]
pub struct PromptRequest {
    pub name: String,
    pub arguments: Option<Map<String, Value>>,
}

impl PromptRequest {
    pub fn params(&self) -> Value {
        let mut params = json!({ "name": self.name });
        if let Some(arguments) = &self.arguments {
            params["arguments"] = Value::Object(arguments.clone());
        }
        params
    }
}

impl From<PromptProbe> for PromptRequest {
    fn from(probe: PromptProbe) -> Self {
        Self {
            name: probe.name,
            arguments: Some(probe.arguments),
        }
    }
}

/// The first listed prompt without required arguments, asked for without arguments.
pub fn without_required_arguments(listed: &[Value]) -> Option<PromptRequest> {
    all_without_required_arguments(listed).into_iter().next()
}

/// Every listed prompt without required arguments, asked for without arguments.
pub fn all_without_required_arguments(listed: &[Value]) -> Vec<PromptRequest> {
    listed
        .iter()
        .filter(|p| prompt_arguments(p, true).is_empty())
        .map(|prompt| PromptRequest {
            name: name_of(prompt),
            arguments: None,
        })
        .collect()
}

/// The first listed prompt that takes arguments, each given a plain string.
pub fn with_every_argument(listed: &[Value]) -> Option<PromptRequest> {
    let prompt = listed
        .iter()
        .find(|p| !prompt_arguments(p, false).is_empty())?;
    Some(PromptRequest {
        name: name_of(prompt),
        arguments: Some(plain_arguments(&prompt_arguments(prompt, false))),
    })
}

/// A listed prompt with a required argument, asked for with every argument but its first
/// required one: the probe's prompt (with the probe's arguments) if it has one, else the first
/// listed prompt that has (arguments filled with plain strings).
pub fn missing_a_required_argument(
    listed: &[Value],
    probe: Option<&PromptProbe>,
) -> Option<PromptRequest> {
    let mut candidates = listed
        .iter()
        .filter(|p| !prompt_arguments(p, true).is_empty());
    let prompt = candidates
        .clone()
        .find(|p| probe.is_none_or(|probe| name_of(p) == probe.name))
        .or_else(|| candidates.next())?;
    let name = name_of(prompt);
    let mut arguments = match probe {
        Some(probe) if probe.name == name => probe.arguments.clone(),
        _ => plain_arguments(&prompt_arguments(prompt, false)),
    };
    arguments.remove(&prompt_arguments(prompt, true)[0]);
    Some(PromptRequest {
        name,
        arguments: Some(arguments),
    })
}

fn name_of(prompt: &Value) -> String {
    prompt
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// The names of a prompt's arguments, required ones only or all.
pub fn prompt_arguments(prompt: &Value, required_only: bool) -> Vec<String> {
    prompt
        .get("arguments")
        .and_then(Value::as_array)
        .map(|arguments| {
            arguments
                .iter()
                .filter(|a| !required_only || a.get("required") == Some(&Value::Bool(true)))
                .filter_map(|a| a.get("name").and_then(Value::as_str).map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Arguments for `names`, each a plain string.
pub fn plain_arguments(names: &[String]) -> Map<String, Value> {
    names
        .iter()
        .map(|name| (name.clone(), Value::from("mcp-acceptance")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed() -> Vec<Value> {
        vec![
            json!({"name": "plain"}),
            json!({"name": "greet", "arguments": [
                {"name": "who", "required": true}, {"name": "tone"}]}),
            json!({"name": "probe", "arguments": [
                {"name": "city", "required": true}, {"name": "units", "required": true}]}),
        ]
    }

    #[test]
    fn prompts_are_chosen_by_their_arguments() {
        let plain = without_required_arguments(&listed()).unwrap();
        assert_eq!((plain.name.as_str(), plain.arguments), ("plain", None));
        let every = with_every_argument(&listed()).unwrap();
        assert_eq!(
            every.params()["arguments"],
            json!({"who": "mcp-acceptance", "tone": "mcp-acceptance"})
        );
    }

    #[test]
    fn the_first_required_argument_is_left_out_of_the_probe_or_the_first_listed_prompt() {
        let first = missing_a_required_argument(&listed(), None).unwrap();
        assert_eq!(
            first.params(),
            json!({"name": "greet", "arguments": {"tone": "mcp-acceptance"}})
        );
        let probe = PromptProbe {
            name: "probe".to_owned(),
            arguments: json!({"city": "Paris", "units": "metric"})
                .as_object()
                .unwrap()
                .clone(),
        };
        let probed = missing_a_required_argument(&listed(), Some(&probe)).unwrap();
        assert_eq!(
            probed.params(),
            json!({"name": "probe", "arguments": {"units": "metric"}})
        );
    }
}
