//! The chat service's API as a user calls it: post a message to a thread, read the thread back.

use anyhow::Result;
use serde_json::{Value, json};

use super::system::TicketSystem;
use super::tokens::Credential;

/// The document's organization and thread.
pub const DOCUMENT_THREAD: &str = "4aba8e44-6900-4c76-8b33-f8b96ca0e75b";

/// A chat answer: HTTP status and body.
#[derive(Debug, Clone)]
pub struct ChatAnswer {
    pub status: u16,
    pub body: Value,
}

impl ChatAnswer {
    pub fn content(&self) -> String {
        self.body["content"].as_str().unwrap_or("").to_owned()
    }

    pub fn tools_used(&self) -> Vec<String> {
        self.body["tools_used"]
            .as_array()
            .map(|all| {
                all.iter()
                    .filter_map(|t| t["name"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl TicketSystem {
    fn thread_url(&self, organization: &str, thread: &str) -> String {
        format!(
            "{}/api/v1/chat/{organization}/threads/{thread}/messages",
            self.chat.url
        )
    }

    pub async fn say(
        &self,
        credential: &Credential,
        organization: &str,
        thread: &str,
        content: &str,
    ) -> Result<ChatAnswer> {
        let mut request = reqwest::Client::new()
            .post(self.thread_url(organization, thread))
            .json(&json!({"content": content, "message_type": "user"}));
        if let Some(value) = self.tokens.header(credential)? {
            request = request.header("authorization", value);
        }
        let response = request.send().await?;
        let status = response.status().as_u16();
        let body = response.json().await.unwrap_or(Value::Null);
        Ok(ChatAnswer { status, body })
    }

    pub async fn thread(
        &self,
        credential: &Credential,
        organization: &str,
        thread: &str,
    ) -> Result<Vec<Value>> {
        let mut request = reqwest::Client::new().get(self.thread_url(organization, thread));
        if let Some(value) = self.tokens.header(credential)? {
            request = request.header("authorization", value);
        }
        let body: Value = request.send().await?.json().await?;
        Ok(body["messages"].as_array().cloned().unwrap_or_default())
    }
}
