//! Phrases that several feature folders use, one definition each. The shared vocabulary
//! ([`connect`], [`outcomes`], [`leftovers`]): connecting a client to any destination, a call that
//! succeeded or was refused over HTTP, nothing left running. Generic MCP phrases that other
//! folders reuse (the server's tools, JSON-RPC frames, the lifecycle, notifications, probes,
//! sampling, cancellation, bearer tokens) live here too, by topic; a phrase only one folder uses
//! stays in that folder's module. Also the one docstring reader.

pub mod advice;
pub mod auth;
pub mod cancellation;
pub mod client_requests;
pub mod connect;
pub mod jsonrpc;
pub mod leftovers;
pub mod lifecycle;
pub mod lists;
pub mod notifications;
pub mod outcomes;
pub mod probes;

use anyhow::{Context, Result};
use cucumber::gherkin::Step;

/// A step's docstring, without the media type of its first line (`"""json`).
pub fn docstring(step: &Step) -> Result<&str> {
    let text = step
        .docstring
        .as_deref()
        .context("this step needs a docstring")?;
    Ok(strip_media_type(text))
}

/// A docstring without its media type line: cucumber keeps `json` of `"""json` as the first
/// line.
pub fn strip_media_type(docstring: &str) -> &str {
    let docstring = docstring.trim_start_matches('\n');
    match docstring.split_once('\n') {
        Some((first, rest))
            if !first.trim().is_empty()
                && first.trim().chars().all(|c| c.is_ascii_alphanumeric()) =>
        {
            rest
        }
        _ => docstring,
    }
}

/// A step's docstring parsed as JSON.
pub fn json_docstring(step: &Step) -> Result<serde_json::Value> {
    let text = docstring(step)?;
    serde_json::from_str(text).with_context(|| format!("the docstring is not JSON:\n{text}"))
}
