//! Pagination: walking a list by `nextCursor` visits every item once; a cursor the server
//! never issued is refused. Also the list walks the other protocol steps share.

use anyhow::Result;
use cucumber::{given, then, when};
use serde_json::{Value, json};

use crate::checks::listing::{self, McpList};
use crate::mcp::lists::{self, FOREIGN_CURSOR};
use crate::steps::StepResult;
use crate::world::{McpWorld, Outcome};

/// The registry's list of the lists a server pages (by its configuration): one of them that
/// comes whole fails the pagination scenarios instead of skipping them.
const PAGED_LISTS: &str = "paged_lists";

/// Every page of `list`, from the default session.
pub(crate) async fn list_pages(world: &mut McpWorld, list: McpList) -> Result<Vec<Value>> {
    lists::walk(world.client()?, list).await
}

/// Every item of `list`, from the default session.
pub(crate) async fn list_items(world: &mut McpWorld, list: McpList) -> Result<Vec<Value>> {
    Ok(lists::items(list, &list_pages(world, list).await?))
}

/// Walks `list` and records its pages for `Then` steps.
pub(crate) async fn record_list(world: &mut McpWorld, list: McpList) -> StepResult {
    let pages = list_pages(world, list).await?;
    world.record(Outcome::Pages { list, pages });
    Ok(())
}

#[given(expr = "the server splits the {mcp_list} list into pages")]
async fn splits_into_pages(world: &mut McpWorld, list: McpList) -> StepResult {
    let pages = list_pages(world, list).await?;
    let target = world.target()?;
    let paged: Vec<String> = target.probe(PAGED_LISTS)?.unwrap_or_default();
    let promised = paged.contains(&list.to_string());
    listing::expect_paged(list, &pages, &target.name, promised)
}

#[when(expr = "the client walks every page of the {mcp_list} list")]
async fn walk_pages(world: &mut McpWorld, list: McpList) -> StepResult {
    record_list(world, list).await
}

#[then(expr = "each of the {mcp_list} appears exactly once across the pages")]
async fn each_once(world: &mut McpWorld, list: McpList) -> StepResult {
    listing::each_once_across_pages(world.last.as_ref(), list)
}

#[when(expr = "the client asks for the {mcp_list} list with a cursor the server never issued")]
async fn foreign_cursor(world: &mut McpWorld, list: McpList) -> StepResult {
    let params = json!({ "cursor": FOREIGN_CURSOR });
    world.request(list.method(), params).await
}

/// pag-1 (SHOULD, stable cursors): a miss is a warning.
#[then(expr = "each of the {mcp_list} should appear exactly once across the pages")]
async fn each_should_appear_once(world: &mut McpWorld, list: McpList) -> StepResult {
    let check = each_once(world, list).await;
    world.warnings.should(check);
    Ok(())
}
