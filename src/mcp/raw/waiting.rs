//! Reading what the server sends back: waiting for a response (keeping everything else in
//! the backlog for later steps), collecting several, listening for silence.

use std::time::Duration;

use anyhow::{Result, anyhow};
use serde_json::Value;

use super::{RawChannel, Received};
use crate::harness::timeouts::seconds;
use crate::mcp::link::shorten;
use crate::mcp::transport::Transport;

impl RawChannel {
    /// Takes the first backlog item that `wanted` accepts.
    fn take_from_backlog(&mut self, wanted: impl Fn(&Received) -> bool) -> Option<Received> {
        let index = self.backlog.iter().position(wanted)?;
        self.backlog.remove(index)
    }

    /// Waits for the first item `wanted` accepts (backlog first, then the wire, within the
    /// bound); everything else is kept in the backlog for later steps.
    pub(super) async fn wait_for(
        &mut self,
        what: &str,
        wanted: impl Fn(&Received) -> bool,
    ) -> Result<Received> {
        if let Some(found) = self.take_from_backlog(&wanted) {
            return Ok(found);
        }
        let deadline = tokio::time::Instant::now() + self.timeout;
        let mut skipped = Vec::new();
        let result = loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.receive(left).await {
                Ok(Some(item)) if wanted(&item) => break Ok(item),
                Ok(Some(Received::Garbage(line))) if self.transport == Transport::Stdio => {
                    break Err(stdio_garbage(&line, what));
                }
                Ok(Some(other)) => skipped.push(other),
                Ok(None) => {
                    break Err(anyhow!(
                        "no {what} within {}{}",
                        seconds(self.timeout),
                        describe_skipped(&skipped)
                    ));
                }
                Err(error) => break Err(error.context(format!("waiting for {what}"))),
            }
        };
        self.backlog.extend(skipped);
        match result {
            Ok(item) => Ok(item),
            Err(error) => Err(self.link.explain(error).await),
        }
    }

    /// Waits for the response carrying `id` (compared as JSON, so 1 and "1" differ).
    pub async fn response_to(&mut self, id: &Value) -> Result<Value> {
        let what = format!("response with id {id}");
        match self
            .wait_for(
                &what,
                |item| matches!(item, Received::Message(m) if is_response_to(m, id)),
            )
            .await?
        {
            Received::Message(message) => Ok(message),
            Received::Garbage(_) => unreachable!("only messages are wanted"),
        }
    }

    /// The first response (whatever its id), or the first output that is not JSON-RPC.
    pub async fn next_response(&mut self) -> Result<Value> {
        let wanted = |item: &Received| match item {
            Received::Message(m) => is_response(m),
            Received::Garbage(_) => true,
        };
        match self.wait_for("response", wanted).await? {
            Received::Message(message) => Ok(message),
            Received::Garbage(text) => {
                let error = anyhow!(
                    "the server answered with something that is not JSON-RPC:\n  {}",
                    shorten(&text, 600)
                );
                Err(self.link.explain(error).await)
            }
        }
    }

    /// Up to `count` responses, collected until they are all in or the bound runs out.
    pub async fn responses(&mut self, count: usize) -> Result<Vec<Value>> {
        let mut responses = Vec::new();
        while responses.len() < count {
            match self
                .take_from_backlog(|item| matches!(item, Received::Message(m) if is_response(m)))
            {
                Some(Received::Message(m)) => responses.push(m),
                _ => break,
            }
        }
        let deadline = tokio::time::Instant::now() + self.timeout;
        while responses.len() < count {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.receive(left).await? {
                Some(Received::Message(m)) if is_response(&m) => responses.push(m),
                Some(Received::Garbage(line)) if self.transport == Transport::Stdio => {
                    let error = stdio_garbage(&line, "responses");
                    return Err(self.link.explain(error).await);
                }
                Some(other) => self.backlog.push_back(other),
                None => break,
            }
        }
        Ok(responses)
    }

    /// What arrives within `window` other than notifications (which are kept), if anything.
    pub async fn silence(&mut self, window: Duration) -> Result<Option<Received>> {
        let deadline = tokio::time::Instant::now() + window;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.receive(left).await? {
                Some(Received::Message(m)) if m.get("id").is_none() => {
                    self.backlog.push_back(Received::Message(m))
                }
                Some(other) => return Ok(Some(other)),
                None => return Ok(None),
            }
        }
    }

    /// The requests the server sent so far while the client waited for other messages (they
    /// stay in the backlog).
    pub fn requests_received(&self) -> Vec<Value> {
        self.backlog
            .iter()
            .filter_map(|item| match item {
                Received::Message(m) if m.get("id").is_some() && m.get("method").is_some() => {
                    Some(m.clone())
                }
                _ => None,
            })
            .collect()
    }

    /// The notifications with `method` received so far while waiting for other messages, in
    /// the order they arrived (they stay in the backlog).
    pub fn notifications_received(&self, method: &str) -> Vec<Value> {
        self.backlog
            .iter()
            .filter_map(|item| match item {
                Received::Message(m)
                    if m.get("id").is_none()
                        && m.get("method").and_then(Value::as_str) == Some(method) =>
                {
                    Some(m.clone())
                }
                _ => None,
            })
            .collect()
    }

    /// The response to `id` if one arrives within `window` (everything else is kept).
    pub async fn response_within(&mut self, id: &Value, window: Duration) -> Result<Option<Value>> {
        if let Some(Received::Message(m)) = self
            .take_from_backlog(|item| matches!(item, Received::Message(m) if is_response_to(m, id)))
        {
            return Ok(Some(m));
        }
        let deadline = tokio::time::Instant::now() + window;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.receive(left).await? {
                Some(Received::Message(m)) if is_response_to(&m, id) => return Ok(Some(m)),
                Some(other) => self.backlog.push_back(other),
                None => return Ok(None),
            }
        }
    }
}

/// A stdout line that is not JSON-RPC breaks the stdio transport: the step waiting for `what`
/// fails at once with the line instead of waiting out its bound (steps that expect such output
/// accept it before this is reached).
fn stdio_garbage(line: &str, what: &str) -> anyhow::Error {
    anyhow!(
        "the server wrote a line on stdout that is not JSON-RPC while the suite waited for {what} \
         (on stdio, stdout carries only JSON-RPC messages; logs belong on stderr):\n  {}",
        shorten(line, 600)
    )
}

pub(super) fn is_response(message: &Value) -> bool {
    message.get("result").is_some() || message.get("error").is_some()
}

pub(super) fn is_response_to(message: &Value, id: &Value) -> bool {
    message.get("id") == Some(id) && is_response(message)
}

fn describe_skipped(skipped: &[Received]) -> String {
    if skipped.is_empty() {
        return String::new();
    }
    let list: Vec<String> = skipped
        .iter()
        .map(|r| match r {
            Received::Message(m) => format!("  {}", shorten(&m.to_string(), 300)),
            Received::Garbage(g) => format!("  (not JSON-RPC) {}", shorten(g, 300)),
        })
        .collect();
    format!("; meanwhile the server sent:\n{}", list.join("\n"))
}
