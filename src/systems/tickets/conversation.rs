//! What the chat's answers must show: status, the tools named and used, confidence and
//! escalation, the ticket created or found, the thread kept, each user's identity downstream.

use anyhow::{Result, bail, ensure};
use regex::Regex;

use super::TicketsScenario;
use super::chat::DOCUMENT_THREAD;
use super::checks::{organizations_of_users, tickets_tools};
use super::tokens::Credential;

const TICKET_ID: &str = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

impl TicketsScenario {
    pub fn expect_chat_status(&self, status: u16) -> Result<()> {
        let answer = self.last_chat()?;
        ensure!(
            answer.status == status,
            "the chat answered HTTP {} (expected {status}): {}",
            answer.status,
            answer.body
        );
        Ok(())
    }

    /// The content names each of `tools` and no other ticket tool.
    pub fn expect_names_exactly(&self, tools: &[String]) -> Result<()> {
        let content = self.last_chat()?.content();
        for tool in tickets_tools() {
            let named = content.contains(tool);
            ensure!(
                named == tools.iter().any(|t| t == tool),
                "the answer {} {tool}: \"{content}\"",
                if named { "names" } else { "does not name" }
            );
        }
        Ok(())
    }

    pub fn expect_confident_without_escalation(&self) -> Result<()> {
        let answer = self.last_chat()?;
        let body = &answer.body;
        ensure!(
            body["confidence"].as_f64().unwrap_or(0.0) > 0.0,
            "confidence is not above 0: {body}"
        );
        ensure!(!answer.tools_used().is_empty(), "no tools used: {body}");
        ensure!(
            body["requires_escalation"] == false,
            "the answer needs escalation: {body}"
        );
        Ok(())
    }

    /// The last answer's confidence is `expected` (the agent's: 0.9 when it found or created a
    /// ticket, 0.6 when it found none).
    pub fn expect_confidence(&self, expected: f64) -> Result<()> {
        let body = &self.last_chat()?.body;
        let confidence = body["confidence"].as_f64();
        ensure!(
            confidence.is_some_and(|c| (c - expected).abs() < 1e-9),
            "expected confidence {expected}: {body}"
        );
        Ok(())
    }

    pub fn expect_escalation(&self) -> Result<()> {
        let body = &self.last_chat()?.body;
        ensure!(
            body["requires_escalation"] == true && body["confidence"].as_f64() == Some(0.0),
            "expected an escalation with confidence 0: {body}"
        );
        Ok(())
    }

    pub fn expect_used(&self, tool: &str, words: &[String]) -> Result<()> {
        let answer = self.last_chat()?;
        ensure!(
            answer.status == 200,
            "the chat answered HTTP {}: {}",
            answer.status,
            answer.body
        );
        ensure!(
            answer.tools_used().iter().any(|t| t == tool),
            "the answer used {:?}, not {tool}",
            answer.tools_used()
        );
        let content = answer.content().to_lowercase();
        let missing: Vec<&String> = words
            .iter()
            .filter(|w| !content.contains(&w.to_lowercase()))
            .collect();
        ensure!(
            missing.is_empty(),
            "the answer lacks {missing:?}: \"{}\"",
            answer.content()
        );
        Ok(())
    }

    pub async fn expect_answer_holds_created(&self, role: &str) -> Result<()> {
        let content = self.last_chat()?.content();
        let Some(id) = Regex::new(TICKET_ID)?.find(&content) else {
            bail!("the answer holds no ticket id: \"{content}\"")
        };
        self.expect_row(id.as_str(), role).await
    }

    pub fn expect_answer_names(&self, title: &str) -> Result<()> {
        let content = self.last_chat()?.content();
        ensure!(
            content.contains(title),
            "the answer does not name \"{title}\": \"{content}\""
        );
        Ok(())
    }

    /// The document's thread holds every message said there, each followed by its answer.
    pub async fn expect_thread(&self, count: usize) -> Result<()> {
        let system = self.system()?;
        let document = Credential::Known("document".into());
        let organization = system.tokens.holder("document")?.organization_id.clone();
        let messages = system
            .thread(&document, &organization, DOCUMENT_THREAD)
            .await?;
        ensure!(
            self.said.len() == count && messages.len() == 2 * count,
            "the thread holds {} entries for {} messages: {messages:?}",
            messages.len(),
            self.said.len()
        );
        for (pair, said) in messages.chunks(2).zip(&self.said) {
            ensure!(
                pair[0]["role"] == "user"
                    && pair[0]["content"] == said.as_str()
                    && pair[1]["role"] == "assistant",
                "the thread holds {pair:?} where \"{said}\" and its answer belong"
            );
        }
        Ok(())
    }

    pub fn expect_all_created(&self) -> Result<()> {
        let id = Regex::new(TICKET_ID)?;
        for answer in &self.chat {
            ensure!(
                answer.status == 200 && id.is_match(&answer.content()),
                "an answer was HTTP {}: {}",
                answer.status,
                answer.body
            );
        }
        Ok(())
    }

    pub fn expect_all_ok(&self) -> Result<()> {
        let bad: Vec<_> = self.chat.iter().filter(|a| a.status != 200).collect();
        ensure!(
            bad.is_empty(),
            "{} answers were not HTTP 200, e.g. {:?}",
            bad.len(),
            bad.first()
        );
        Ok(())
    }

    /// `count` API requests, each carrying a user of the token file with that user's
    /// organization, `count / users` per user.
    pub async fn expect_requests_of_their_users(&self, count: usize, users: usize) -> Result<()> {
        let system = self.system()?;
        let received = system.received().await?;
        ensure!(
            received.len() == count,
            "the API received {} requests, expected {count}",
            received.len()
        );
        let orgs = organizations_of_users(system)?;
        let mut per_user = std::collections::HashMap::<String, usize>::new();
        for request in &received {
            let user = request.user_id.clone().unwrap_or_default();
            ensure!(
                orgs.get(&user) == request.organization_id.as_ref(),
                "a request carried user {user} with organization {:?}",
                request.organization_id
            );
            *per_user.entry(user).or_default() += 1;
        }
        ensure!(
            per_user.len() == users && per_user.values().all(|n| *n == count / users),
            "requests per user: {per_user:?}"
        );
        Ok(())
    }
}
