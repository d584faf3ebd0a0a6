//! Pagination: walking a list by `nextCursor` visits every item once; a cursor the server
//! never issued is refused. Also the list walks the other protocol steps share.

use anyhow::{Result, bail, ensure};
use cucumber::{given, then, when};
use serde_json::{Value, json};

use crate::checks::listing::{self, FOREIGN_CURSOR, McpList};
use crate::harness::skip::skip_scenario;
use crate::steps::StepResult;
use crate::world::{McpWorld, Outcome};

/// Every page of `list`, from the default session.
pub(crate) async fn list_pages(world: &mut McpWorld, list: McpList) -> Result<Vec<Value>> {
    listing::walk(world.client()?, list).await
}

/// Walks `list` and records its pages for `Then` steps.
pub(crate) async fn record_list(world: &mut McpWorld, list: McpList) -> StepResult {
    let pages = list_pages(world, list).await?;
    world.record(Outcome::Pages { list, pages });
    Ok(())
}

/// The items of the last recorded walk of `list`.
pub(crate) fn listed_items(world: &McpWorld, list: McpList) -> Result<Vec<Value>> {
    match &world.last {
        Some(Outcome::Pages {
            list: walked,
            pages,
        }) if *walked == list => Ok(listing::items(list, pages)),
        other => bail!("no walk of the {list} list to check (last outcome: {other:?})"),
    }
}

#[given(expr = "the server splits the {mcp_list} list into pages")]
async fn splits_into_pages(world: &mut McpWorld, list: McpList) -> StepResult {
    let pages = list_pages(world, list).await?;
    if pages.len() == 1 {
        let count = listing::items(list, &pages).len();
        let name = world.target()?.name.clone();
        skip_scenario(format!(
            "server '{name}' returns all {count} {list} in one page: it does not page that list"
        ));
    }
    Ok(())
}

#[when(expr = "the client walks every page of the {mcp_list} list")]
async fn walk_pages(world: &mut McpWorld, list: McpList) -> StepResult {
    record_list(world, list).await
}

#[then(expr = "each of the {mcp_list} appears exactly once across the pages")]
async fn each_once(world: &mut McpWorld, list: McpList) -> StepResult {
    let items = listed_items(world, list)?;
    let problems = listing::key_problems(list, &items);
    let pages = match &world.last {
        Some(Outcome::Pages { pages, .. }) => pages.len(),
        _ => 0,
    };
    ensure!(
        problems.is_empty(),
        "{} over {pages} pages ({} items):\n{}",
        list.method(),
        items.len(),
        problems.join("\n")
    );
    Ok(())
}

#[when(expr = "the client asks for the {mcp_list} list with a cursor the server never issued")]
async fn foreign_cursor(world: &mut McpWorld, list: McpList) -> StepResult {
    world
        .request(list.method(), json!({ "cursor": FOREIGN_CURSOR }))
        .await
}
