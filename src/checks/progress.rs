//! Checks on the `notifications/progress` a server sent for one request.

use anyhow::{Result, ensure};
use serde_json::Value;

/// The method of progress notifications.
pub const PROGRESS_METHOD: &str = "notifications/progress";

/// At least one progress notification arrived.
pub fn some_progress(notifications: &[Value]) -> Result<()> {
    ensure!(
        !notifications.is_empty(),
        "the call completed without a single {PROGRESS_METHOD} for its progressToken"
    );
    Ok(())
}

/// Every progress notification carried `token` and went forward (see [`progress_problems`]);
/// the failure lists the notifications.
pub fn well_behaved(token: &Value, notifications: &[Value]) -> Result<()> {
    let problems = progress_problems(token, notifications);
    ensure!(
        problems.is_empty(),
        "{}\nthe notifications:\n{}",
        problems.join("\n"),
        notifications
            .iter()
            .map(Value::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
    Ok(())
}

/// Problems with the progress notifications sent for the request that carried `token`: every
/// one names the token and progress strictly increases. That is all the specification asks:
/// `total` is optional, and neither staying within it nor reaching it is a rule, so a server
/// whose estimate was off is not failed for it.
pub fn progress_problems(token: &Value, notifications: &[Value]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut previous: Option<f64> = None;
    for (index, notification) in notifications.iter().enumerate() {
        let params = notification.get("params").cloned().unwrap_or(Value::Null);
        let sent_token = params.get("progressToken");
        if sent_token != Some(token) {
            problems.push(format!(
                "notification {index} carries progressToken {}, not the request's {token}: {notification}",
                sent_token.map_or("(none)".to_owned(), Value::to_string)
            ));
        }
        let Some(progress) = params.get("progress").and_then(Value::as_f64) else {
            problems.push(format!(
                "notification {index} has no numeric progress: {notification}"
            ));
            continue;
        };
        if let Some(before) = previous
            && progress <= before
        {
            problems.push(format!(
                "progress went from {before} to {progress} (it must increase with every notification)"
            ));
        }
        previous = Some(progress);
    }
    problems
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn note(token: Value, progress: f64, total: Option<f64>) -> Value {
        let mut params = json!({"progressToken": token, "progress": progress});
        if let Some(total) = total {
            params["total"] = json!(total);
        }
        json!({"jsonrpc": "2.0", "method": "notifications/progress", "params": params})
    }

    #[test]
    fn steady_progress_to_the_total_is_fine() {
        let token = json!("t");
        let notes = [
            note(token.clone(), 1.0, Some(3.0)),
            note(token.clone(), 2.0, Some(3.0)),
            note(token.clone(), 3.0, Some(3.0)),
        ];
        assert!(progress_problems(&token, &notes).is_empty());
    }

    #[test]
    fn a_foreign_token_and_a_step_back_are_reported() {
        let token = json!(7);
        let notes = [
            note(json!("7"), 1.0, Some(2.0)),
            note(token.clone(), 1.0, Some(2.0)),
            note(token.clone(), 5.0, Some(2.0)),
            note(token.clone(), 6.0, Some(8.0)),
        ];
        let problems = progress_problems(&token, &notes);
        assert_eq!(problems.len(), 2, "{problems:#?}");
        assert!(problems[0].contains("\"7\"") && problems[1].contains("from 1 to 1"));
    }

    #[test]
    fn passing_or_missing_the_total_is_no_problem() {
        let token = json!(7);
        let notes = [
            note(token.clone(), 5.0, Some(2.0)),
            note(token.clone(), 6.0, Some(8.0)),
        ];
        assert!(progress_problems(&token, &notes).is_empty());
    }
}
