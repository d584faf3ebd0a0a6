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

/// Every progress notification carried `token`, went forward and ended at the total (see
/// [`progress_problems`]); the failure lists the notifications.
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

/// Problems with the progress notifications sent for the request that carried `token`:
/// every one names the token, progress strictly increases, never exceeds the total, and the
/// last one reaches the total when a total is given.
pub fn progress_problems(token: &Value, notifications: &[Value]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut previous: Option<f64> = None;
    let mut last_total: Option<f64> = None;
    let mut last_progress: Option<f64> = None;
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
        let total = params.get("total").and_then(Value::as_f64);
        if let Some(total) = total
            && progress > total
        {
            problems.push(format!("progress {progress} exceeds the total {total}"));
        }
        previous = Some(progress);
        last_progress = Some(progress);
        last_total = total;
    }
    if let (Some(progress), Some(total)) = (last_progress, last_total)
        && progress != total
    {
        problems.push(format!(
            "the last notification reports {progress} of {total}; the operation completed without reaching its total"
        ));
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
    fn each_violation_is_reported() {
        let token = json!(7);
        let notes = [
            note(json!("7"), 1.0, Some(2.0)),
            note(token.clone(), 1.0, Some(2.0)),
            note(token.clone(), 5.0, Some(2.0)),
            note(token.clone(), 6.0, Some(8.0)),
        ];
        let problems = progress_problems(&token, &notes);
        assert_eq!(problems.len(), 4, "{problems:#?}");
    }
}
