//! MCP log levels (RFC 5424 severities) and checks on `notifications/message`.

use anyhow::{Context, Result, ensure};
use serde_json::Value;

use crate::mcp::client::ServerMessage;

/// The method of log notifications.
pub const LOG_METHOD: &str = "notifications/message";

/// The levels MCP defines, from least to most severe.
pub const LEVELS: &[&str] = &[
    "debug",
    "info",
    "notice",
    "warning",
    "error",
    "critical",
    "alert",
    "emergency",
];

/// The position of `level` in [`LEVELS`] (0 = debug), if MCP defines it.
pub fn severity(level: &str) -> Option<usize> {
    LEVELS.iter().position(|known| *known == level)
}

/// The level a `notifications/message` names ("" when it names none).
pub fn level_of(message: &ServerMessage) -> &str {
    message
        .params
        .get("level")
        .and_then(Value::as_str)
        .unwrap_or("")
}

/// Problems with one log notification: an unknown level, or no data.
pub fn log_message_problems(message: &ServerMessage) -> Vec<String> {
    let mut problems = Vec::new();
    let level = level_of(message);
    if severity(level).is_none() {
        problems.push(format!(
            "level \"{level}\" is not one MCP defines {LEVELS:?}: {}",
            message.params
        ));
    }
    if message.params.get("data").is_none_or(Value::is_null) {
        problems.push(format!("the message carries no data: {}", message.params));
    }
    problems
}

/// None of the `messages` is a log message less severe than `threshold`, the level the client
/// chose.
pub fn nothing_less_severe(threshold: &str, messages: &[ServerMessage]) -> Result<()> {
    let floor = severity(threshold)
        .with_context(|| format!("\"{threshold}\" is not an MCP log level {LEVELS:?}"))?;
    let below: Vec<String> = messages
        .iter()
        .filter(|m| m.method == LOG_METHOD)
        .filter(|m| severity(level_of(m)).is_some_and(|s| s < floor))
        .map(|m| m.params.to_string())
        .collect();
    ensure!(
        below.is_empty(),
        "after logging/setLevel \"{threshold}\" the server sent messages less severe than {threshold}:\n{}",
        below.join("\n")
    );
    Ok(())
}

/// Every log message among `messages` names a level MCP defines and carries data.
pub fn well_formed(messages: &[ServerMessage]) -> Result<()> {
    let problems: Vec<String> = messages
        .iter()
        .filter(|m| m.method == LOG_METHOD)
        .flat_map(log_message_problems)
        .collect();
    ensure!(problems.is_empty(), "{}", problems.join("\n"));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_are_ordered_by_severity() {
        assert!(severity("debug") < severity("info"));
        assert!(severity("warning") < severity("error"));
        assert_eq!(severity("emergency"), Some(7));
        assert_eq!(severity("fatal"), None);
    }
}
