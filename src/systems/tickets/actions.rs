//! What the scenarios do to the ticket system: open sessions and call tools as a token, send raw
//! requests, chat, run the FastMCP client script, load the chat.

use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use serde_json::Value;

use super::chat::DOCUMENT_THREAD;
use super::mcp::{self, TicketClient, ToolAnswer, sample_arguments};
use super::system::{fastmcp_dir, fastmcp_python};
use super::tokens::Credential;
use super::{Seen, TicketsScenario};
use crate::harness::timeouts::bounded;

impl TicketsScenario {
    /// Opens a session with a known token's role.
    async fn open(&self, credential: &Credential, limit: Duration) -> Result<TicketClient> {
        let system = self.system()?;
        let Credential::Known(role) = credential else {
            bail!("{credential:?} cannot open a session");
        };
        TicketClient::open(&system.mcp_url(), &system.tokens.token(role)?, limit).await
    }

    /// `credential` opens a session, lists the tools, makes each call, closes the session.
    pub async fn act(
        &mut self,
        credential: Credential,
        list_tools: bool,
        calls: &[(String, Value)],
        limit: Duration,
    ) -> Result<()> {
        let client = self.open(&credential, limit).await?;
        let tools = if list_tools {
            client.tool_names().await?
        } else {
            Vec::new()
        };
        let mut answers = Vec::new();
        for (tool, arguments) in calls {
            answers.push((tool.clone(), client.call(tool, arguments).await?));
        }
        client.close().await;
        self.seen.push(Seen {
            credential,
            tools,
            calls: answers,
        });
        Ok(())
    }

    /// The document's token calls each tool in turn; get_ticket asks for the ticket created first.
    pub async fn call_each(&mut self, tools: &[String], limit: Duration) -> Result<()> {
        let credential = Credential::Known("document".into());
        let client = self.open(&credential, limit).await?;
        let mut answers: Vec<(String, ToolAnswer)> = Vec::new();
        for tool in tools {
            let created = answers.iter().find_map(|(_, a)| created_id(a));
            let arguments = sample_arguments(tool, created.as_deref());
            answers.push((tool.clone(), client.call(tool, &arguments).await?));
        }
        client.close().await;
        self.seen.push(Seen {
            credential,
            tools: Vec::new(),
            calls: answers,
        });
        Ok(())
    }

    /// A raw initialize with `credential`, recorded under its name.
    pub async fn try_initialize(&mut self, credential: Credential, limit: Duration) -> Result<()> {
        let system = self.system()?;
        let header = system.tokens.header(&credential)?;
        let answer = mcp::post(
            &system.mcp_url(),
            header.as_deref(),
            None,
            &mcp::initialize_message(),
            limit,
        )
        .await?;
        self.http.push((format!("{credential:?}"), answer));
        Ok(())
    }

    /// Opens a session by hand with alice's token; then sends tools/list on it with alice's
    /// token and with bob's, recording both answers.
    pub async fn session_by_hand(&mut self, limit: Duration) -> Result<()> {
        let system = self.system()?;
        let url = system.mcp_url();
        let alice = system.tokens.header(&Credential::Known("alice".into()))?;
        let bob = system.tokens.header(&Credential::Known("bob".into()))?;
        let opened = mcp::post(
            &url,
            alice.as_deref(),
            None,
            &mcp::initialize_message(),
            limit,
        )
        .await?;
        let session = opened
            .session
            .clone()
            .with_context(|| format!("initialize gave no session id: {opened:?}"))?;
        mcp::post(
            &url,
            alice.as_deref(),
            Some(&session),
            &mcp::initialized_message(),
            limit,
        )
        .await?;
        let own = mcp::post(
            &url,
            alice.as_deref(),
            Some(&session),
            &mcp::tools_list_message(),
            limit,
        )
        .await?;
        let other = mcp::post(
            &url,
            bob.as_deref(),
            Some(&session),
            &mcp::tools_list_message(),
            limit,
        )
        .await?;
        self.http.push(("alice's token".into(), own));
        self.http.push(("bob's token".into(), other));
        Ok(())
    }

    /// The document's token initializes at `/mcp/`.
    pub async fn trailing_slash(&mut self, limit: Duration) -> Result<()> {
        let system = self.system()?;
        let header = system
            .tokens
            .header(&Credential::Known("document".into()))?;
        let url = format!("{}/", system.mcp_url());
        let answer = mcp::post(
            &url,
            header.as_deref(),
            None,
            &mcp::initialize_message(),
            limit,
        )
        .await?;
        self.http.push(("/mcp/".into(), answer));
        Ok(())
    }

    /// `credential` says `content` in `organization`'s `thread` (None: the token's own).
    pub async fn say(
        &mut self,
        credential: Credential,
        thread: Option<&str>,
        content: &str,
        limit: Duration,
    ) -> Result<()> {
        let system = self.system()?;
        let (organization, thread) = match thread {
            Some(thread) => (document_organization(system)?, thread.to_owned()),
            None => own_thread(system, &credential)?,
        };
        let what = format!("the chat's answer to \"{content}\"");
        let answer = bounded(
            limit,
            &what,
            system.say(&credential, &organization, &thread, content),
        )
        .await??;
        self.chat.push(answer);
        if thread == DOCUMENT_THREAD {
            self.said.push(content.to_owned());
        }
        Ok(())
    }

    /// `users` (roles) each say `content` `times` times, all at once in their own threads.
    pub async fn say_at_once(
        &mut self,
        users: &[&str],
        times: usize,
        content: &str,
        limit: Duration,
    ) -> Result<()> {
        let system = self.system()?;
        let mut asks = Vec::new();
        for user in users {
            let credential = Credential::Known((*user).to_owned());
            let (organization, thread) = own_thread(system, &credential)?;
            for _ in 0..times {
                let (credential, organization, thread) =
                    (credential.clone(), organization.clone(), thread.clone());
                asks.push(async move {
                    system
                        .say(&credential, &organization, &thread, content)
                        .await
                });
            }
        }
        let answers = bounded(limit, "the chat's answers", futures::future::join_all(asks)).await?;
        for answer in answers {
            self.chat.push(answer?);
        }
        Ok(())
    }

    /// The FastMCP client script, holding `role`'s token, lists the tools and calls list_tickets.
    pub async fn run_client_script(&mut self, role: &str, limit: Duration) -> Result<()> {
        let python = fastmcp_python()?;
        let system = self.system()?;
        let token = system.tokens.token(role)?;
        let run = tokio::process::Command::new(python)
            .arg(fastmcp_dir().join("client.py"))
            .args([
                system.mcp_url(),
                "list_tickets".into(),
                r#"{"page": 1, "page_size": 5}"#.into(),
            ])
            .env("MCP_TOKEN", token)
            .kill_on_drop(true)
            .output();
        let output = bounded(
            limit.max(Duration::from_secs(15)),
            "the FastMCP client script",
            run,
        )
        .await??;
        let stdout = String::from_utf8_lossy(&output.stdout);
        let line = stdout.lines().last().unwrap_or("");
        let printed = serde_json::from_str(line).with_context(|| {
            format!(
                "the FastMCP client printed no JSON line ({}); its stderr:\n{}",
                output.status,
                tail(&output.stderr)
            )
        })?;
        self.seen.push(Seen {
            credential: Credential::Known(role.to_owned()),
            tools: Vec::new(),
            calls: Vec::new(),
        });
        self.client_script = Some(printed);
        Ok(())
    }
}

/// The id in a create_ticket answer.
pub fn created_id(answer: &ToolAnswer) -> Option<String> {
    answer.json().ok()?["ticket"]["id"]
        .as_str()
        .map(str::to_owned)
}

fn document_organization(system: &super::system::TicketSystem) -> Result<String> {
    Ok(system.tokens.holder("document")?.organization_id.clone())
}

/// A token's own organization and a thread of its own (for unknown tokens: the document's).
fn own_thread(
    system: &super::system::TicketSystem,
    credential: &Credential,
) -> Result<(String, String)> {
    match credential {
        Credential::Known(role) => {
            let holder = system.tokens.holder(role)?;
            Ok((
                holder.organization_id.clone(),
                format!("thread-of-{}", holder.user_id),
            ))
        }
        _ => Ok((document_organization(system)?, DOCUMENT_THREAD.to_owned())),
    }
}

fn tail(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(12)..].join("\n")
}
