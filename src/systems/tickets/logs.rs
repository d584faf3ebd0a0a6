//! The document's log validation: error patterns no service's log may show (unless a scenario
//! provokes that error on purpose and allows its lines), the startup lines the MCP server must
//! show, and no token value anywhere.

use anyhow::{Result, bail};
use regex::{Regex, RegexBuilder};

use super::system::TicketSystem;

/// The document's error patterns (its app, MCP-server and connection checks), case-insensitive.
/// Its `HTTP.*50[0-9]` stands alone here (no letter or digit either side of the status): as
/// written it also matches hex session ids and port numbers after any "http" (seen in FastMCP's
/// and uvicorn's lines).
pub const ERROR_PATTERNS: [&str; 15] = [
    r"ERROR.*TaskGroup",
    r"ERROR.*unhandled errors",
    r"ERROR.*MCP.*failed",
    r"CRITICAL",
    r"Exception.*not caught",
    r"Traceback.*most recent call",
    r"Connection.*refused",
    r"Connection.*reset",
    r"Connection.*timeout",
    r"Unable to connect",
    r"HTTP.*[^0-9a-z]50[0-9]([^0-9a-z].*)?$",
    r"307.*Temporary Redirect",
    r"ERROR.*authentication",
    r"ERROR.*tool.*call",
    r"❌.*(MCP|Failed)",
];

pub fn pattern(text: &str) -> Result<Regex> {
    Ok(RegexBuilder::new(text).case_insensitive(true).build()?)
}

impl TicketSystem {
    /// No service's log has a line matching `patterns` unless it matches one of `allowed`; no
    /// log holds a token value.
    pub fn expect_clean_logs(&self, patterns: &[Regex], allowed: &[Regex]) -> Result<()> {
        let tokens = self.tokens.values();
        let mut found = Vec::new();
        for service in self.services() {
            let log = service.log();
            for line in log.lines() {
                if tokens.iter().any(|token| line.contains(token.as_str())) {
                    found.push(format!(
                        "{}: a line holds a token value (line withheld)",
                        service.name
                    ));
                    continue;
                }
                let hit = patterns.iter().find(|p| p.is_match(line));
                if let Some(hit) = hit.filter(|_| !allowed.iter().any(|a| a.is_match(line))) {
                    found.push(format!("{}: /{hit}/ in: {}", service.name, shorten(line)));
                }
            }
        }
        if found.is_empty() {
            return Ok(());
        }
        bail!(
            "{} log line(s) show an error pattern:\n{}",
            found.len(),
            found.join("\n")
        )
    }

    /// The log of the service called `who` ("MCP server", "ticket API", "chat") has a line
    /// matching each of `patterns`.
    pub fn expect_log_has_lines(&self, who: &str, patterns: &[Regex]) -> Result<()> {
        let service = match who {
            "MCP server" => &self.mcp,
            "ticket API" => &self.api,
            "chat" => &self.chat,
            other => bail!("no service called \"{other}\" (MCP server, ticket API, chat)"),
        };
        let log = service.log();
        let missing: Vec<String> = patterns
            .iter()
            .filter(|p| !log.lines().any(|line| p.is_match(line)))
            .map(|p| format!("/{p}/"))
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        bail!(
            "the {who}'s log has no line matching {}; its first lines:\n{}",
            missing.join(", "),
            log.lines().take(15).collect::<Vec<_>>().join("\n")
        )
    }

    /// `service`'s log has at least `count` lines matching `pattern`.
    pub fn expect_log_lines(&self, service: &str, pattern: &Regex, count: usize) -> Result<()> {
        let found = self
            .services()
            .into_iter()
            .find(|s| s.name == service)
            .map(|s| s.log().lines().filter(|l| pattern.is_match(l)).count())
            .unwrap_or(0);
        if found >= count {
            return Ok(());
        }
        bail!("{service}'s log has {found} line(s) matching /{pattern}/, expected at least {count}")
    }
}

fn shorten(line: &str) -> String {
    line.chars().take(200).collect()
}

pub fn default_patterns() -> Vec<Regex> {
    ERROR_PATTERNS
        .iter()
        .map(|p| pattern(p).expect("valid pattern"))
        .collect()
}
