//! Phrases that several feature folders use, one each: connecting a client (and raw
//! connections, capability gates, bounds on waits), a call that succeeded or was refused over
//! HTTP, nothing left running; and reading a step's docstring.

pub mod connect;
pub mod leftovers;
pub mod outcomes;

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
