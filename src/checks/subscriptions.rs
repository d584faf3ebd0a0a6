//! What a server owes a `subscriptions/listen` subscription (2026-07-28): the acknowledgment
//! first (p26-3), only the changes asked for (p26-2), each naming the subscription (p26-4),
//! `notifications/cancelled` only to end a subscription, and always when the server ends one
//! (p26-1); the SHOULDs: a final result when the server ends it (p26-5), the changes asked for
//! delivered (p26-6). Each check takes the messages as they arrived and quotes them on failure.

use anyhow::{Result, bail};
use serde_json::Value;

use crate::mcp::jsonrpc::pretty;
use crate::mcp::link::shorten;
use crate::mcp::subscription::{ACKNOWLEDGED, CANCELLED, Change, SUBSCRIPTION_ID};

fn method(message: &Value) -> Option<&str> {
    message.get("method").and_then(Value::as_str)
}

fn subscription_id(message: &Value) -> Option<&Value> {
    message
        .pointer("/params/_meta")
        .or_else(|| message.pointer("/result/_meta"))
        .and_then(|meta| meta.get(SUBSCRIPTION_ID))
}

fn listing(messages: &[Value]) -> String {
    if messages.is_empty() {
        return "  (nothing)".to_owned();
    }
    let lines: Vec<String> = messages
        .iter()
        .map(|m| format!("  {}", shorten(&m.to_string(), 400)))
        .collect();
    lines.join("\n")
}

/// The error the server answered the listen request with, if it refused it.
pub fn refusal(messages: &[Value], id: &Value) -> Option<Value> {
    messages
        .iter()
        .find(|m| m.get("id") == Some(id) && m.get("error").is_some())
        .cloned()
}

/// p26-3: the first message of the subscription is the acknowledgment, naming the subscription
/// and the changes the server agreed to send.
pub fn acknowledged_first(messages: &[Value], id: &Value) -> Result<()> {
    let Some(first) = messages.first() else {
        bail!("the server sent nothing on the subscription (id {id}), not even its acknowledgment");
    };
    if method(first) != Some(ACKNOWLEDGED) {
        bail!(
            "the first message of the subscription (id {id}) is not {ACKNOWLEDGED}; the server \
             must acknowledge a subscription before sending anything on it. It sent:\n{}",
            listing(messages)
        );
    }
    if subscription_id(first) != Some(id) {
        bail!(
            "the acknowledgment does not name the subscription: _meta.\"{SUBSCRIPTION_ID}\" \
             must be {id} (the listen request's id):\n{}",
            pretty(first)
        );
    }
    if !first
        .pointer("/params/notifications")
        .is_some_and(Value::is_object)
    {
        bail!(
            "the acknowledgment carries no notifications object (the changes the server agreed \
             to send):\n{}",
            pretty(first)
        );
    }
    Ok(())
}

/// Whether the client asked for `notification` (a change notification) with `filter`. A
/// resource update may name a sub-resource of a URI asked for.
fn asked_for(notification: &Value, filter: &Value) -> bool {
    let flag = |field: &str| filter.get(field) == Some(&Value::Bool(true));
    match method(notification) {
        Some("notifications/tools/list_changed") => flag("toolsListChanged"),
        Some("notifications/prompts/list_changed") => flag("promptsListChanged"),
        Some("notifications/resources/list_changed") => flag("resourcesListChanged"),
        Some("notifications/resources/updated") => {
            let uri = notification.pointer("/params/uri").and_then(Value::as_str);
            let asked = filter
                .get("resourceSubscriptions")
                .and_then(Value::as_array);
            match (uri, asked) {
                (Some(uri), Some(asked)) => asked
                    .iter()
                    .filter_map(Value::as_str)
                    .any(|wanted| uri.starts_with(wanted)),
                _ => false,
            }
        }
        Some("notifications/tasks") => {
            let task = notification.pointer("/params/taskId");
            let asked = filter.get("taskIds").and_then(Value::as_array);
            task.zip(asked)
                .is_some_and(|(task, asked)| asked.contains(task))
        }
        _ => false,
    }
}

/// xtask-14: a subscription to a task's notifications carries no progress and no log
/// messages.
pub fn no_progress_or_log(notifications: &[Value]) -> Result<()> {
    let sent: Vec<Value> = notifications
        .iter()
        .filter(|n| {
            matches!(
                method(n),
                Some("notifications/progress" | "notifications/message")
            )
        })
        .cloned()
        .collect();
    if !sent.is_empty() {
        bail!(
            "the server sent progress or log messages on a subscription to task notifications; \
             the tasks extension forbids both there:\n{}",
            listing(&sent)
        );
    }
    Ok(())
}

/// p26-2: every notification of the subscription other than its acknowledgment and its
/// cancellation is a change the client asked for with `filter`.
pub fn only_requested(notifications: &[Value], filter: &Value) -> Result<()> {
    let unasked: Vec<Value> = notifications
        .iter()
        .filter(|n| !matches!(method(n), Some(ACKNOWLEDGED | CANCELLED)))
        .filter(|n| !asked_for(n, filter))
        .cloned()
        .collect();
    if !unasked.is_empty() {
        bail!(
            "the server sent notifications the subscription did not ask for (it asked for \
             {filter}):\n{}",
            listing(&unasked)
        );
    }
    Ok(())
}

/// p26-4: every notification of the subscription names it in `_meta` (a cancellation names
/// it by its `requestId` instead).
pub fn each_names_subscription(notifications: &[Value], id: &Value) -> Result<()> {
    let unnamed: Vec<Value> = notifications
        .iter()
        .filter(|n| method(n) != Some(CANCELLED))
        .filter(|n| subscription_id(n) != Some(id))
        .cloned()
        .collect();
    if !unnamed.is_empty() {
        bail!(
            "notifications of the subscription do not carry _meta.\"{SUBSCRIPTION_ID}\" = {id} \
             (the listen request's id):\n{}",
            listing(&unnamed)
        );
    }
    Ok(())
}

/// p26-1: every `notifications/cancelled` the server sent references one of the client's
/// subscriptions (`listen_ids`).
pub fn cancelled_only_subscriptions(sent: &[Value], listen_ids: &[Value]) -> Result<()> {
    let others: Vec<Value> = sent
        .iter()
        .filter(|m| method(m) == Some(CANCELLED) && m.get("id").is_none())
        .filter(|m| {
            m.pointer("/params/requestId")
                .is_none_or(|id| !listen_ids.contains(id))
        })
        .cloned()
        .collect();
    if !others.is_empty() {
        bail!(
            "the server sent {CANCELLED} for something other than a subscription it ends \
             (the client's subscriptions: {listen_ids:?}); a server may send it for nothing else:\n{}",
            listing(&others)
        );
    }
    Ok(())
}

/// How the server's side of a subscription ended after it was asked to stop.
#[derive(Debug, PartialEq)]
pub enum Ending {
    /// `notifications/cancelled` referencing the subscription.
    Cancelled,
    /// A response to the listen request, without the cancellation (p26-1 broken).
    AnsweredWithoutCancelling(Value),
    /// Neither: the connection or stream just closed (the transport ended it, not the server).
    TransportClosed,
}

/// What the messages after the stop request say about the subscription `id`.
pub fn ending(after_stop: &[Value], id: &Value) -> Ending {
    let cancelled = after_stop
        .iter()
        .any(|m| method(m) == Some(CANCELLED) && m.pointer("/params/requestId") == Some(id));
    let answer = after_stop
        .iter()
        .find(|m| m.get("id") == Some(id) && m.get("method").is_none());
    match (cancelled, answer) {
        (true, _) => Ending::Cancelled,
        (false, Some(answer)) => Ending::AnsweredWithoutCancelling(answer.clone()),
        (false, None) => Ending::TransportClosed,
    }
}

/// p26-1: a subscription the server ended is ended with `notifications/cancelled`.
pub fn ended_with_cancellation(ending: &Ending, id: &Value) -> Result<()> {
    match ending {
        Ending::AnsweredWithoutCancelling(answer) => bail!(
            "the server ended the subscription (id {id}) with a response but sent no \
             {CANCELLED} referencing it; a server that tears a subscription down must:\n{}",
            pretty(answer)
        ),
        Ending::Cancelled | Ending::TransportClosed => Ok(()),
    }
}

/// p26-5 (SHOULD): a subscription the server ended gets a successful result naming it.
pub fn final_result(messages: &[Value], id: &Value) -> Result<()> {
    let answer = messages
        .iter()
        .find(|m| m.get("id") == Some(id) && m.get("method").is_none());
    let Some(answer) = answer else {
        bail!(
            "the server ended the subscription (id {id}) without answering the listen request \
             (a graceful end should send a completion result):\n{}",
            listing(messages)
        );
    };
    if answer.get("result").is_none() || subscription_id(answer) != Some(id) {
        bail!(
            "the answer that ended the subscription should be a result whose _meta names it \
             (\"{SUBSCRIPTION_ID}\": {id}):\n{}",
            pretty(answer)
        );
    }
    Ok(())
}

/// p26-6 (SHOULD): the subscription carried the notification of `change`.
pub fn told(notifications: &[Value], change: &Change) -> Result<()> {
    let heard = notifications.iter().any(|n| match change {
        Change::Updated(uri) => {
            method(n) == Some(change.notification())
                && n.pointer("/params/uri").and_then(Value::as_str) == Some(uri)
        }
        _ => method(n) == Some(change.notification()),
    });
    if !heard {
        bail!(
            "the subscription asked for {} and the change happened, but the server did not \
             send it on the subscription; it sent:\n{}",
            change.notification(),
            listing(notifications)
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    //! Each MUST check against an exchange a wrong server could produce.
    use serde_json::json;

    use super::*;

    fn ack(id: i64) -> Value {
        json!({"jsonrpc": "2.0", "method": ACKNOWLEDGED,
               "params": {"_meta": {SUBSCRIPTION_ID: id}, "notifications": {"toolsListChanged": true}}})
    }

    fn change(method: &str, id: Option<i64>) -> Value {
        let meta = id.map_or(json!({}), |id| json!({ SUBSCRIPTION_ID: id }));
        json!({"jsonrpc": "2.0", "method": method, "params": {"_meta": meta}})
    }

    #[test]
    fn a_notification_before_the_acknowledgment_fails() {
        let tools = change("notifications/tools/list_changed", Some(7));
        assert!(acknowledged_first(&[ack(7), tools.clone()], &json!(7)).is_ok());
        assert!(acknowledged_first(&[tools.clone(), ack(7)], &json!(7)).is_err());
        assert!(acknowledged_first(&[], &json!(7)).is_err());
        assert!(acknowledged_first(&[ack(8)], &json!(7)).is_err());
    }

    #[test]
    fn a_change_not_asked_for_fails() {
        let filter = json!({"toolsListChanged": true, "resourceSubscriptions": ["test://a"]});
        let tools = change("notifications/tools/list_changed", Some(7));
        let prompts = change("notifications/prompts/list_changed", Some(7));
        let mut update = change("notifications/resources/updated", Some(7));
        update["params"]["uri"] = json!("test://a/part");
        assert!(only_requested(&[ack(7), tools.clone(), update.clone()], &filter).is_ok());
        assert!(only_requested(&[tools, prompts], &filter).is_err());
        update["params"]["uri"] = json!("test://b");
        assert!(only_requested(&[update], &filter).is_err());
        let log = change("notifications/message", Some(7));
        assert!(only_requested(&[log], &filter).is_err());
    }

    #[test]
    fn a_notification_without_the_subscription_id_fails() {
        let tagged = change("notifications/tools/list_changed", Some(7));
        let untagged = change("notifications/tools/list_changed", None);
        let other = change("notifications/tools/list_changed", Some(8));
        assert!(each_names_subscription(&[ack(7), tagged], &json!(7)).is_ok());
        assert!(each_names_subscription(&[untagged], &json!(7)).is_err());
        assert!(each_names_subscription(&[other], &json!(7)).is_err());
    }

    #[test]
    fn progress_on_a_task_subscription_fails() {
        let filter = json!({"taskIds": ["t1"]});
        let task = json!({"jsonrpc": "2.0", "method": "notifications/tasks",
                          "params": {"_meta": {SUBSCRIPTION_ID: 7}, "taskId": "t1", "status": "working"}});
        let progress = change("notifications/progress", Some(7));
        assert!(only_requested(std::slice::from_ref(&task), &filter).is_ok());
        assert!(no_progress_or_log(std::slice::from_ref(&task)).is_ok());
        assert!(no_progress_or_log(&[task, progress]).is_err());
    }

    #[test]
    fn a_cancellation_of_anything_but_a_subscription_fails() {
        let of =
            |id: i64| json!({"jsonrpc": "2.0", "method": CANCELLED, "params": {"requestId": id}});
        assert!(cancelled_only_subscriptions(&[of(7)], &[json!(7)]).is_ok());
        assert!(cancelled_only_subscriptions(&[of(9)], &[json!(7)]).is_err());
    }

    #[test]
    fn an_end_without_the_cancellation_fails() {
        let id = json!(7);
        let answer = json!({"jsonrpc": "2.0", "id": 7,
                            "result": {"resultType": "complete", "_meta": {SUBSCRIPTION_ID: 7}}});
        let cancelled = json!({"jsonrpc": "2.0", "method": CANCELLED, "params": {"requestId": 7}});
        let wrong = ending(std::slice::from_ref(&answer), &id);
        assert!(ended_with_cancellation(&wrong, &id).is_err());
        let right = ending(&[cancelled, answer.clone()], &id);
        assert_eq!(right, Ending::Cancelled);
        assert!(ended_with_cancellation(&right, &id).is_ok());
        assert_eq!(ending(&[], &id), Ending::TransportClosed);
        assert!(final_result(&[answer], &id).is_ok());
        assert!(final_result(&[], &id).is_err());
    }
}
