//! Choosing a tool for a user message the way a simple agent would: the listed tool whose name
//! and description share the most words with the message (a word of the name counts double);
//! ties go to the first listed. Deterministic, so a workflow always chooses the same tool.

use std::collections::BTreeSet;

use serde_json::Value;

const STOP_WORDS: &[&str] = &[
    "the", "and", "for", "with", "that", "this", "from", "into", "please", "you", "your", "our",
    "are", "can", "all", "any", "its", "then", "what", "which", "will", "a", "an", "of", "to",
    "in", "on", "my", "me", "it", "is",
];

fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.len() > 2 && !STOP_WORDS.contains(&w.as_str()))
        .collect()
}

/// The chosen tool's name and its score, or `None` when no tool shares a word with `message`.
pub fn choose(message: &str, tools: &[Value]) -> Option<(String, usize)> {
    let wanted = words(message);
    let mut best: Option<(String, usize)> = None;
    for tool in tools {
        let name = tool.get("name").and_then(Value::as_str).unwrap_or_default();
        let description = tool
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let score = 2 * wanted.intersection(&words(name)).count()
            + wanted.intersection(&words(description)).count();
        if score > 0 && best.as_ref().is_none_or(|(_, top)| score > *top) {
            best = Some((name.to_owned(), score));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_weigh_more_than_descriptions_and_ties_keep_the_first() {
        let tools = vec![
            json!({"name": "list_directory", "description": "List the files of a directory"}),
            json!({"name": "create_directory", "description": "Create a new directory"}),
            json!({"name": "echo", "description": "Echoes back the message"}),
        ];
        assert_eq!(
            choose("Create a directory for my notes", &tools).unwrap().0,
            "create_directory"
        );
        assert_eq!(
            choose("Which files are there?", &tools).unwrap().0,
            "list_directory"
        );
        assert_eq!(choose("echo this message back", &tools).unwrap().0, "echo");
        assert_eq!(choose("xyzzy", &tools), None);
    }
}
