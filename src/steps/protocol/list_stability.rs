//! Lists under 2026-07-28 are the current set, never different per connection: one list walked
//! from two connections, with only side-effect-free requests between, holds the same items.

use anyhow::Context;
use cucumber::{then, when};
use serde_json::json;

use crate::checks::list_stability;
use crate::mcp::lists::McpList;
use crate::mcp::registry::ToolProbe;
use crate::mcp::stateless_hints::{result_of, walk};
use crate::steps::StepResult;
use crate::world::McpWorld;

/// Calls the sample tool without a handshake when the server names one (a call without side
/// effects); nothing otherwise.
async fn call_sample_if_named(world: &mut McpWorld) -> anyhow::Result<()> {
    let Some(sample) = world.target()?.probe::<ToolProbe>("sample_tool")? else {
        return Ok(());
    };
    let params = json!({"name": sample.name, "arguments": sample.arguments});
    result_of(world.raw()?, "tools/call", params)
        .await
        .map(drop)
}

#[when(
    expr = "the client walks the {mcp_list} list without a handshake, calls the sample tool, and walks it again from a second connection"
)]
async fn walk_twice(world: &mut McpWorld, list: McpList) -> StepResult {
    let first = walk(world.raw()?, list).await?;
    world.hints.first_walk = Some((list, first));
    call_sample_if_named(world).await?;
    let transport = world.raw()?.transport;
    let second = walk(world.open_raw(transport).await?, list).await?;
    world.record(crate::world::Outcome::Pages {
        list,
        pages: second,
    });
    Ok(())
}

#[then("both walks hold the same items")]
async fn same_items(world: &mut McpWorld) -> StepResult {
    let (list, first) = world
        .hints
        .first_walk
        .as_ref()
        .context("the list was not walked twice")?;
    let Some(crate::world::Outcome::Pages { pages, .. }) = &world.last else {
        anyhow::bail!("the list was not walked a second time");
    };
    list_stability::same_items(*list, first, pages)
}
