//! Checks specific to streamable HTTP.

use anyhow::{Result, ensure};

use crate::harness::skip::skip_scenario;

/// The server issued an `Mcp-Session-Id`; a server that issued none keeps no sessions, and the
/// scenario is skipped.
pub fn issued_session_id(session_id: Option<String>, server: &str) -> String {
    session_id.unwrap_or_else(|| {
        skip_scenario(format!(
            "server '{server}' issued no Mcp-Session-Id in its initialize answer: it keeps no sessions"
        ))
    })
}

/// A session id is visible ASCII (0x21 to 0x7E) only, and not empty.
pub fn visible_ascii(session_id: &str) -> Result<()> {
    ensure!(
        !session_id.is_empty() && session_id.bytes().all(|b| (0x21..=0x7e).contains(&b)),
        "the Mcp-Session-Id \"{}\" must be visible ASCII (0x21 to 0x7E) only",
        session_id.escape_debug()
    );
    Ok(())
}
