//! What the specification recommends (SHOULD) of a server, checked on what it said: each check
//! returns the miss as an error naming what the server did (`features/protocol/recommendations.feature`).

use anyhow::{Result, ensure};
use serde_json::Value;

use crate::mcp::revisions::STATEFUL_REVISIONS;

/// s26-2: a second listing names the same tools in the same order.
pub fn same_order(first: &[String], second: &[String]) -> Result<()> {
    ensure!(
        first == second,
        "the tools came in another order the second time:\n  first:  {first:?}\n  second: {second:?}"
    );
    Ok(())
}

/// lc-5: the counter-proposal to an unknown version is the newest revision the server claims.
pub fn newest_counter_proposal(proposed: &str, claimed: &[String]) -> Result<()> {
    let newest = STATEFUL_REVISIONS
        .iter()
        .rev()
        .find(|revision| claimed.iter().any(|c| c == *revision));
    if let Some(newest) = newest {
        ensure!(
            proposed == *newest,
            "the server proposed {proposed}, not the newest revision it supports ({newest})"
        );
    }
    Ok(())
}

/// tr-24: two sessions' ids differ and are long enough to be hard to guess (at least 16
/// characters: a UUID has 36, 128 random bits in hex 32).
pub fn session_ids(first: &str, second: &str) -> Result<()> {
    ensure!(
        first != second,
        "two sessions got the same session id {first:?}"
    );
    for id in [first, second] {
        ensure!(
            id.len() >= 16,
            "the session id {id:?} has {} characters: too short to be a secure random id",
            id.len()
        );
    }
    Ok(())
}

/// lc-2: before `initialized`, the server sent no request but ping.
pub fn requests_before_initialized(requests: &[Value]) -> Result<()> {
    let early: Vec<&str> = requests
        .iter()
        .filter_map(|r| r.get("method").and_then(Value::as_str))
        .filter(|method| *method != "ping")
        .collect();
    ensure!(
        early.is_empty(),
        "before the client sent notifications/initialized the server asked: {early:?}"
    );
    Ok(())
}

/// prog-4: every progress `message` is human-readable text (not empty, not a JSON document).
pub fn progress_messages(notifications: &[Value]) -> Result<()> {
    for note in notifications {
        let Some(message) = note.pointer("/params/message") else {
            continue;
        };
        let text = message.as_str().unwrap_or_default().trim();
        let json = serde_json::from_str::<Value>(text).is_ok_and(|v| v.is_object() || v.is_array());
        ensure!(
            !text.is_empty() && !json,
            "a progress notification's message is not human-readable text: {message}"
        );
    }
    Ok(())
}

/// tools-7: a server whose tools return embedded resources declares `resources`.
pub fn declares_resources(declared: &Value) -> Result<()> {
    ensure!(
        declared.get("resources").is_some_and(|r| !r.is_null()),
        "the server's tools return embedded resources, but it does not declare resources: {declared}"
    );
    Ok(())
}

/// samp-2: a sampling request asks for no context (`includeContext` absent or "none") from a
/// client that did not declare `sampling.context`.
pub fn sampling_context(params: &Value) -> Result<()> {
    let context = params.get("includeContext").and_then(Value::as_str);
    ensure!(
        matches!(context, None | Some("none")),
        "the server asked for includeContext {context:?}, though the client did not offer sampling.context"
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_recommendation_catches_its_miss() {
        let (ab, ba) = (
            vec!["a".to_owned(), "b".into()],
            vec!["b".to_owned(), "a".into()],
        );
        assert!(same_order(&ab, &ab).is_ok());
        assert!(same_order(&ab, &ba).is_err());
        let claimed = vec!["2025-06-18".to_owned(), "2025-11-25".to_owned()];
        assert!(newest_counter_proposal("2025-11-25", &claimed).is_ok());
        assert!(newest_counter_proposal("2025-06-18", &claimed).is_err());
        assert!(session_ids("1", "2").is_err());
        assert!(session_ids("0123456789abcdef0", "0123456789abcdef0").is_err());
        assert!(session_ids("0123456789abcdef0", "0123456789abcdef1").is_ok());
        let roots = json!({"id": 1, "method": "roots/list"});
        assert!(requests_before_initialized(&[json!({"id": 2, "method": "ping"})]).is_ok());
        assert!(requests_before_initialized(&[roots]).is_err());
        let note = |m: Value| json!({"params": {"progressToken": 1, "progress": 1, "message": m}});
        assert!(progress_messages(&[note(json!("Step 1 of 3"))]).is_ok());
        assert!(progress_messages(&[note(json!(""))]).is_err());
        assert!(progress_messages(&[note(json!("{\"step\":1}"))]).is_err());
        assert!(sampling_context(&json!({"includeContext": "none"})).is_ok());
        assert!(sampling_context(&json!({"includeContext": "allServers"})).is_err());
    }
}
