//! The token-authenticated ticket system (`features/tickets/`, fixtures in `fixtures/tickets/`):
//! the ticket API, the MCP ticket server (ours in Rust, or the same contract on the real FastMCP)
//! and the chat service, started per scenario ([`system`]) as processes with captured logs
//! ([`services`]) and recording proxies between them ([`proxy`]); tokens by role ([`tokens`]);
//! MCP sessions and raw requests ([`mcp`]); the API's record and rows ([`api`]); the chat
//! ([`chat`]); log checks ([`logs`]); `/proc` resource readings ([`resources`]); timed calls
//! ([`timing`]); what the scenario's checks compare ([`checks`]).

pub mod actions;
pub mod api;
pub mod chat;
pub mod checks;
pub mod conversation;
pub mod logs;
pub mod mcp;
pub mod proxy;
pub mod resources;
pub mod services;
pub mod system;
pub mod timing;
pub mod tokens;

use anyhow::{Context as _, Result};
use regex::Regex;
use serde_json::Value;

use chat::ChatAnswer;
use mcp::{HttpAnswer, ToolAnswer};
use resources::Usage;
use system::TicketSystem;
use tokens::Credential;

/// Which MCP ticket server a scenario runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Implementation {
    Ours,
    FastMcp,
}

impl std::str::FromStr for Implementation {
    type Err = anyhow::Error;

    fn from_str(s: &str) -> Result<Self> {
        match s {
            "ours" => Ok(Self::Ours),
            "fastmcp" => Ok(Self::FastMcp),
            other => anyhow::bail!("unknown implementation '{other}' (ours or fastmcp)"),
        }
    }
}

/// What one token did: the tools it saw and the answers to its calls.
#[derive(Debug, Clone)]
pub struct Seen {
    pub credential: Credential,
    pub tools: Vec<String>,
    pub calls: Vec<(String, ToolAnswer)>,
}

/// What a scenario set up and observed.
#[derive(Debug, Default)]
pub struct TicketsScenario {
    pub system: Option<TicketSystem>,
    pub seen: Vec<Seen>,
    /// Raw HTTP answers, with the credential or label they were sent with.
    pub http: Vec<(String, HttpAnswer)>,
    /// The last answer of the ticket API to a request sent to it straight: status and JSON.
    pub api_answer: Option<(u16, Value)>,
    /// The chat's answers, last one last.
    pub chat: Vec<ChatAnswer>,
    /// The messages posted to the document's thread.
    pub said: Vec<String>,
    /// The readings noted before a load (service name, usage).
    pub baseline: Vec<(String, Usage)>,
    /// What the FastMCP client script printed.
    pub client_script: Option<Value>,
    /// Lines allowed in the logs on purpose.
    pub allowed: Vec<Regex>,
    /// Sequential call round trips, and how long concurrent calls took.
    pub samples: Option<crate::harness::latency::Samples>,
    pub concurrent: Option<std::time::Duration>,
}

impl TicketsScenario {
    pub fn system(&self) -> Result<&TicketSystem> {
        self.system
            .as_ref()
            .context("no ticket system was started in this scenario")
    }

    pub fn last_chat(&self) -> Result<&ChatAnswer> {
        self.chat.last().context("nobody has chatted yet")
    }

    /// The calls' answers, in order, across every token.
    pub fn answers(&self) -> Vec<(String, ToolAnswer)> {
        self.seen.iter().flat_map(|s| s.calls.clone()).collect()
    }

    /// Adds `error` the services' last log lines, for failures about the system as a whole.
    pub fn with_evidence(&self, error: anyhow::Error) -> anyhow::Error {
        match &self.system {
            Some(system) => {
                let tails: Vec<String> = system
                    .services()
                    .iter()
                    .map(|s| format!("--- {} (last lines)\n{}", s.name, s.tail(8)))
                    .collect();
                anyhow::anyhow!("{error:#}\n{}", tails.join("\n"))
            }
            None => error,
        }
    }
}
