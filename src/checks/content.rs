//! Precise checks on content: tool result items and prompt message content (text, image,
//! audio, embedded resource, resource link), resource contents (text or base64 blob), and
//! structured tool results against their output schema. Each problem quotes what the server
//! sent.

use std::collections::BTreeSet;

use base64::Engine as _;
use serde_json::Value;

use crate::mcp::link::shorten;

/// The kinds of tool result content a scenario can ask a server for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, cucumber::Parameter)]
#[param(
    name = "content_kind",
    regex = "text|image|audio|embedded resource|resource link|mixed"
)]
pub enum ContentKind {
    Text,
    Image,
    Audio,
    EmbeddedResource,
    ResourceLink,
    /// Items of at least two different types in one result.
    Mixed,
}

impl std::str::FromStr for ContentKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "text" => Ok(Self::Text),
            "image" => Ok(Self::Image),
            "audio" => Ok(Self::Audio),
            "embedded resource" => Ok(Self::EmbeddedResource),
            "resource link" => Ok(Self::ResourceLink),
            "mixed" => Ok(Self::Mixed),
            other => Err(format!("unknown content kind '{other}'")),
        }
    }
}

impl ContentKind {
    /// The registry role of the tool that returns this kind of content.
    pub fn probe_role(self) -> &'static str {
        match self {
            Self::Text => "sample_tool",
            Self::Image => "image_tool",
            Self::Audio => "audio_tool",
            Self::EmbeddedResource => "embedded_resource_tool",
            Self::ResourceLink => "resource_link_tool",
            Self::Mixed => "mixed_content_tool",
        }
    }

    /// What came with a revision after the first (2024-11-05), and that revision.
    pub fn introduced(self) -> Option<(&'static str, &'static str)> {
        match self {
            Self::Audio => Some(("audio content", "2025-03-26")),
            Self::ResourceLink => Some(("resource link content", "2025-06-18")),
            _ => None,
        }
    }

    /// The `type` of the content items this kind is about.
    fn item_type(self) -> Option<&'static str> {
        match self {
            Self::Text => Some("text"),
            Self::Image => Some("image"),
            Self::Audio => Some("audio"),
            Self::EmbeddedResource => Some("resource"),
            Self::ResourceLink => Some("resource_link"),
            Self::Mixed => None,
        }
    }
}

/// The form a resource's contents take, as a scenario asks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, cucumber::Parameter)]
#[param(
    name = "resource_form",
    regex = "text or binary data|base64 binary data|text"
)]
pub enum ResourceForm {
    Text,
    /// Base64 binary data (`blob`).
    Binary,
    /// Either form, as long as every item is complete.
    Either,
}

impl std::str::FromStr for ResourceForm {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "text" => Ok(Self::Text),
            "base64 binary data" => Ok(Self::Binary),
            "text or binary data" => Ok(Self::Either),
            other => Err(format!("unknown form of resource contents '{other}'")),
        }
    }
}

impl ResourceForm {
    /// The contents field an item of this form carries (either form: none in particular).
    pub fn field(self) -> Option<&'static str> {
        match self {
            Self::Text => Some("text"),
            Self::Binary => Some("blob"),
            Self::Either => None,
        }
    }
}

/// Problems with a tool result that should hold `kind` content: the result has a content list,
/// it holds an item of that type (or, for mixed, items of two types at least), and every item
/// is complete and well encoded.
pub fn kind_problems(kind: ContentKind, result: &Value) -> Vec<String> {
    let Some(items) = result.get("content").and_then(Value::as_array) else {
        return vec![format!(
            "the result has no content array: {}",
            shorten(&result.to_string(), 600)
        )];
    };
    let types: BTreeSet<&str> = items
        .iter()
        .map(|item| item.get("type").and_then(Value::as_str).unwrap_or("(none)"))
        .collect();
    let mut problems = Vec::new();
    let shown = shorten(&result.to_string(), 600);
    match kind.item_type() {
        Some(wanted) if !types.contains(wanted) => problems.push(format!(
            "the result holds no \"{wanted}\" item, only {types:?}: {shown}"
        )),
        None if types.len() < 2 => problems.push(format!(
            "the result holds items of one type only, {types:?}: {shown}"
        )),
        _ => {}
    }
    for (index, item) in items.iter().enumerate() {
        problems.extend(
            block_problems(item)
                .into_iter()
                .map(|p| format!("content[{index}]: {p}")),
        );
    }
    problems
}

/// Problems with one content block (a tool result item or a prompt message's content).
pub fn block_problems(block: &Value) -> Vec<String> {
    let shown = shorten(&block.to_string(), 300);
    let kind = block.get("type").and_then(Value::as_str).unwrap_or("");
    let mut problems = match kind {
        "text" => match block.get("text") {
            Some(Value::String(_)) => Vec::new(),
            _ => vec!["a text item needs a \"text\" string".to_owned()],
        },
        "image" => media_problems(block, "image"),
        "audio" => media_problems(block, "audio"),
        "resource" => match block.get("resource") {
            Some(resource) => resource_contents_problems(resource)
                .into_iter()
                .map(|p| format!("its resource: {p}"))
                .collect(),
            None => vec!["an embedded resource item needs a \"resource\" object".to_owned()],
        },
        "resource_link" => {
            let mut problems = Vec::new();
            for field in ["uri", "name"] {
                if !has_text(block, field) {
                    problems.push(format!("a resource link needs a non-empty \"{field}\""));
                }
            }
            problems.extend(optional_string_problems(block, "mimeType"));
            problems
        }
        other => vec![format!("unknown content type {other:?}")],
    };
    problems.extend(annotation_problems(block));
    problems
        .into_iter()
        .map(|p| format!("{p}: {shown}"))
        .collect()
}

/// Problems with one item of resource contents: a URI and exactly one of `text` (a string) or
/// `blob` (base64).
pub fn resource_contents_problems(contents: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    if !has_text(contents, "uri") {
        problems.push("no non-empty \"uri\"".to_owned());
    }
    match (contents.get("text"), contents.get("blob")) {
        (Some(Value::String(_)), None) => {}
        (None, Some(Value::String(blob))) => {
            if let Err(problem) = decode_base64(blob) {
                problems.push(format!("the blob is not base64: {problem}"));
            }
        }
        (Some(_), Some(_)) => problems.push("both \"text\" and \"blob\"".to_owned()),
        (None, None) => problems.push("neither \"text\" nor \"blob\"".to_owned()),
        _ => problems.push("\"text\" or \"blob\" is not a string".to_owned()),
    }
    problems.extend(optional_string_problems(contents, "mimeType"));
    problems
}

/// Problems with a `resources/read` result: a non-empty `contents` list, every item complete
/// (its URI, and text or base64 data), and at least one item of the `wanted` form.
pub fn read_result_problems(result: &Value, wanted: ResourceForm) -> Vec<String> {
    let Some(contents) = result.get("contents").and_then(Value::as_array) else {
        return vec![format!(
            "the result has no contents array: {}",
            shorten(&result.to_string(), 600)
        )];
    };
    if contents.is_empty() {
        return vec!["the contents array is empty".to_owned()];
    }
    let mut problems: Vec<String> = contents
        .iter()
        .enumerate()
        .flat_map(|(index, item)| {
            let shown = shorten(&item.to_string(), 300);
            resource_contents_problems(item)
                .into_iter()
                .map(move |p| format!("contents[{index}]: {p}: {shown}"))
        })
        .collect();
    if let Some(wanted) = wanted.field()
        && !contents.iter().any(|item| item.get(wanted).is_some())
    {
        problems.push(format!(
            "no contents item carries \"{wanted}\": {}",
            shorten(&Value::Array(contents.clone()).to_string(), 600)
        ));
    }
    problems
}

/// One of the messages of a `prompts/get` result embeds a resource (content of type
/// "resource"; whether it is complete is [`prompt_messages_problems`]'s).
pub fn expect_prompt_embeds_resource(request: &str, result: &Value) -> anyhow::Result<()> {
    let messages = result.get("messages").and_then(Value::as_array);
    let embeds = messages
        .into_iter()
        .flatten()
        .any(|message| message["content"]["type"] == "resource");
    anyhow::ensure!(
        embeds,
        "{request}: no message of the prompt embeds a resource: {}",
        shorten(&result.to_string(), 600)
    );
    Ok(())
}

/// Problems with a `prompts/get` result: a non-empty `messages` list, each message with the
/// role "user" or "assistant" and complete content.
pub fn prompt_messages_problems(result: &Value) -> Vec<String> {
    let messages = match result.get("messages").and_then(Value::as_array) {
        Some(messages) if !messages.is_empty() => messages,
        _ => return vec![format!("no messages: {result}")],
    };
    messages
        .iter()
        .enumerate()
        .flat_map(|(index, message)| {
            let mut problems = Vec::new();
            let role = message.get("role").and_then(Value::as_str);
            if !matches!(role, Some("user" | "assistant")) {
                problems.push(format!(
                    "messages[{index}]: role must be \"user\" or \"assistant\": {message}"
                ));
            }
            match message.get("content") {
                Some(block) => problems.extend(
                    block_problems(block)
                        .into_iter()
                        .map(|p| format!("messages[{index}].content: {p}")),
                ),
                None => problems.push(format!("messages[{index}] has no content: {message}")),
            }
            problems
        })
        .collect()
}

/// Problems with a tool result's structured content, checked against the tool's declared
/// output schema.
pub fn structured_problems(result: &Value, output_schema: Option<&Value>) -> Vec<String> {
    let Some(structured) = result.get("structuredContent") else {
        return vec![format!(
            "the result has no structuredContent: {}",
            shorten(&result.to_string(), 600)
        )];
    };
    let Some(schema) = output_schema else {
        return vec!["the tool declares no outputSchema in tools/list".to_owned()];
    };
    let mut problems = Vec::new();
    if !structured.is_object() {
        problems.push(format!(
            "structuredContent is not a JSON object: {}",
            shorten(&structured.to_string(), 300)
        ));
    }
    match jsonschema::validator_for(schema) {
        Ok(validator) => problems.extend(validator.iter_errors(structured).map(|error| {
            format!(
                "structuredContent violates the output schema at \"{}\": {error}",
                error.instance_path
            )
        })),
        Err(error) => problems.push(format!(
            "the outputSchema is not a valid JSON Schema: {error}"
        )),
    }
    if !problems.is_empty() {
        problems.push(format!(
            "structuredContent: {}\noutputSchema: {}",
            shorten(&structured.to_string(), 600),
            shorten(&schema.to_string(), 600)
        ));
    }
    problems
}

/// A text item whose text is the structured content serialized as JSON (the specification's
/// backwards-compatible form), or why there is none.
pub fn text_mirror_problem(result: &Value) -> Option<String> {
    let structured = result.get("structuredContent")?;
    let texts = crate::checks::expect::text_items(result);
    let mirrored = texts
        .iter()
        .any(|text| serde_json::from_str::<Value>(text).is_ok_and(|parsed| &parsed == structured));
    (!mirrored).then(|| {
        format!(
            "no text item holds the structured content as JSON; structuredContent: {}; text items: {:?}",
            shorten(&structured.to_string(), 300),
            texts.iter().map(|t| shorten(t, 200)).collect::<Vec<_>>()
        )
    })
}

/// Problems with the text mirror of a tool result's structured content: the result must have
/// structured content, and a text item that holds it serialized as JSON.
pub fn mirror_problems(result: &Value) -> Vec<String> {
    if result.get("structuredContent").is_none() {
        return vec!["the result has no structuredContent".to_owned()];
    }
    text_mirror_problem(result).into_iter().collect()
}

/// Decodes standard base64 (with padding), as the specification's `data` and `blob` fields
/// carry it.
pub fn decode_base64(data: &str) -> Result<Vec<u8>, String> {
    base64::engine::general_purpose::STANDARD
        .decode(data)
        .map_err(|error| format!("{error} (data begins {:?})", shorten(data, 40)))
}

/// An image or audio item: base64 `data` and a `mimeType` (the rule, pr-3/pr-4 and the tool
/// content types). Whether they agree is [`media_advice`].
fn media_problems(block: &Value, family: &str) -> Vec<String> {
    let mut problems = Vec::new();
    if block.get("mimeType").and_then(Value::as_str).is_none() {
        problems.push(format!("an {family} item needs a \"mimeType\" string"));
    }
    match block.get("data").and_then(Value::as_str) {
        Some("") => problems.push(format!("an {family} item has empty data")),
        Some(data) => {
            if let Err(problem) = decode_base64(data) {
                problems.push(format!("the {family} data is not base64: {problem}"));
            }
        }
        None => problems.push(format!("an {family} item needs a \"data\" string")),
    }
    problems
}

/// Advice, not a server rule (a client's safety practice): each image or audio item of a tool
/// result has a `mimeType` of its family, and bytes that start with that media type's signature
/// where the suite knows it.
pub fn media_advice(result: &Value) -> Vec<String> {
    let items = result.get("content").and_then(Value::as_array);
    let mut problems = Vec::new();
    for (index, item) in items.into_iter().flatten().enumerate() {
        let family = match item.get("type").and_then(Value::as_str) {
            Some(family @ ("image" | "audio")) => family,
            _ => continue,
        };
        let Some(mime) = item.get("mimeType").and_then(Value::as_str) else {
            continue;
        };
        if !mime.starts_with(&format!("{family}/")) {
            problems.push(format!(
                "content[{index}]: an {family} item has the mimeType {mime:?}, not {family}/…"
            ));
            continue;
        }
        let bytes = item.get("data").and_then(Value::as_str).map(decode_base64);
        if let Some(Ok(bytes)) = bytes
            && let Some(problem) = signature_problem(mime, &bytes)
        {
            problems.push(format!("content[{index}]: {problem}"));
        }
    }
    problems
}

/// For media types with a well-known signature, whether the bytes start with it.
fn signature_problem(mime: &str, bytes: &[u8]) -> Option<String> {
    let essence = mime.split(';').next().unwrap_or(mime).trim();
    let matches = match essence {
        "image/png" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "image/jpeg" | "image/jpg" => bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
        "image/gif" => bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a"),
        "image/webp" => bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP",
        "audio/wav" | "audio/wave" | "audio/x-wav" => {
            bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WAVE"
        }
        "audio/ogg" => bytes.starts_with(b"OggS"),
        "audio/flac" => bytes.starts_with(b"fLaC"),
        _ => return None,
    };
    let head: Vec<String> = bytes.iter().take(12).map(|b| format!("{b:02x}")).collect();
    (!matches).then(|| {
        format!(
            "the data does not start with the {essence} signature (first bytes: {})",
            head.join(" ")
        )
    })
}

/// Annotations, when present: `audience` a list of roles, `priority` a number from 0 to 1.
fn annotation_problems(block: &Value) -> Vec<String> {
    let Some(annotations) = block.get("annotations") else {
        return Vec::new();
    };
    let mut problems = Vec::new();
    if let Some(audience) = annotations.get("audience") {
        let roles_ok = audience.as_array().is_some_and(|roles| {
            roles
                .iter()
                .all(|role| matches!(role.as_str(), Some("user" | "assistant")))
        });
        if !roles_ok {
            problems.push(format!(
                "annotations.audience must list \"user\"/\"assistant\", got {audience}"
            ));
        }
    }
    if let Some(priority) = annotations.get("priority")
        && !priority.as_f64().is_some_and(|p| (0.0..=1.0).contains(&p))
    {
        problems.push(format!(
            "annotations.priority must be a number from 0 to 1, got {priority}"
        ));
    }
    problems
}

/// Whether `field` is a string with something in it.
fn has_text(item: &Value, field: &str) -> bool {
    item.get(field)
        .and_then(Value::as_str)
        .is_some_and(|s| !s.trim().is_empty())
}

fn optional_string_problems(item: &Value, field: &str) -> Vec<String> {
    match item.get(field) {
        None | Some(Value::String(_)) => Vec::new(),
        Some(other) => vec![format!("\"{field}\" is not a string: {other}")],
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const PNG_1X1: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

    #[test]
    fn an_image_needs_base64_data_of_its_declared_type() {
        let good = json!({"type": "image", "data": PNG_1X1, "mimeType": "image/png"});
        assert!(
            block_problems(&good).is_empty(),
            "{:?}",
            block_problems(&good)
        );
        let not_base64 = json!({"type": "image", "data": "@@@", "mimeType": "image/png"});
        assert_eq!(block_problems(&not_base64).len(), 1);
        let wrong_family = json!({"type": "image", "data": PNG_1X1, "mimeType": "audio/wav"});
        // Family and signature are advice, not the rule.
        assert!(block_problems(&wrong_family).is_empty());
        let advice = |item: &Value| media_advice(&json!({ "content": [item] }));
        assert_eq!(advice(&wrong_family).len(), 1);
        let wrong_bytes = json!({"type": "image", "data": PNG_1X1, "mimeType": "image/jpeg"});
        assert!(block_problems(&wrong_bytes).is_empty());
        assert!(advice(&wrong_bytes)[0].contains("signature"));
        assert!(advice(&good).is_empty());
    }

    #[test]
    fn embedded_resources_carry_text_or_blob() {
        let text = json!({"type": "resource", "resource": {"uri": "a://b", "text": "hi"}});
        assert!(block_problems(&text).is_empty());
        let neither = json!({"type": "resource", "resource": {"uri": "a://b"}});
        assert_eq!(block_problems(&neither).len(), 1);
        let bad_blob = json!({"type": "resource", "resource": {"uri": "a://b", "blob": "%%"}});
        assert_eq!(block_problems(&bad_blob).len(), 1);
    }

    #[test]
    fn mixed_content_needs_two_types() {
        let one =
            json!({"content": [{"type": "text", "text": "a"}, {"type": "text", "text": "b"}]});
        assert_eq!(kind_problems(ContentKind::Mixed, &one).len(), 1);
        let two = json!({"content": [{"type": "text", "text": "a"},
            {"type": "resource_link", "uri": "a://b", "name": "b"}]});
        assert!(kind_problems(ContentKind::Mixed, &two).is_empty());
    }

    #[test]
    fn structured_content_is_checked_against_the_schema_and_mirrored_as_text() {
        let schema =
            json!({"type": "object", "properties": {"t": {"type": "number"}}, "required": ["t"]});
        let good = json!({"content": [{"type": "text", "text": "{\"t\": 1}"}], "structuredContent": {"t": 1}});
        assert!(structured_problems(&good, Some(&schema)).is_empty());
        assert!(text_mirror_problem(&good).is_none());
        let bad = json!({"content": [], "structuredContent": {"t": "x"}});
        assert!(!structured_problems(&bad, Some(&schema)).is_empty());
        assert!(text_mirror_problem(&bad).is_some());
    }
}
