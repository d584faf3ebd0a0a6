//! Shapes of the registry probes the resource, prompt and completion scenarios read
//! (fixtures/servers.toml documents every role). Tool probes are [`crate::mcp::registry::ToolProbe`].

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::mcp::registry::ToolProbe;

/// A resource to read: `{ uri }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceProbe {
    pub uri: String,
}

/// A resource to subscribe to, and the tool call that makes it change. Without `trigger` the
/// server is expected to change the resource on its own within the wait bound.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WatchedResourceProbe {
    pub uri: String,
    pub trigger: Option<ToolProbe>,
}

/// A prompt and the arguments to get it with.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PromptProbe {
    pub name: String,
    #[serde(default)]
    pub arguments: Map<String, Value>,
}

/// A `completion/complete` request: what to complete (`ref`), the argument and its partial
/// value, optional `context`, and values the answer must include.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompletionProbe {
    #[serde(rename = "ref")]
    pub reference: Value,
    pub argument: CompletionArgument,
    pub context: Option<Value>,
    #[serde(default)]
    pub expect_values: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompletionArgument {
    pub name: String,
    pub value: String,
}

impl CompletionProbe {
    /// The request's params.
    pub fn params(&self) -> Value {
        let mut params = serde_json::json!({
            "ref": self.reference,
            "argument": {"name": self.argument.name, "value": self.argument.value},
        });
        if let Some(context) = &self.context {
            params["context"] = context.clone();
        }
        params
    }
}
