//! Steps of `features/hub/`: the aggregating hub `mcp-hub` with bundled and real backends, its
//! CLI and its TUI (support: `systems::mcp_hub`). Clients connect with the common phrase
//! `a client connected to the hub over T`.

mod cli;
mod config;
mod isolation;
mod lifecycle;
mod through;
mod tui;

use cucumber::gherkin::Step;

/// A step's table (header row first).
fn table(step: &Step) -> anyhow::Result<&[Vec<String>]> {
    use anyhow::Context as _;
    Ok(&step.table.as_ref().context("this step needs a table")?.rows)
}
