//! Caching hints (2026-07-28): the discovery, every page of every list and a resource read
//! carry `ttlMs` and `cacheScope`; one list's pages share their scope.

use anyhow::Context;
use cucumber::{then, when};
use serde_json::json;

use crate::checks::caching;
use crate::harness::skip::skip_scenario;
use crate::mcp::lists::{McpList, items, key_of};
use crate::mcp::stateless_hints::{result_of, walk};
use crate::steps::StepResult;
use crate::world::{McpWorld, Outcome};

#[then("the discovery carries caching hints")]
async fn discovery_hints(world: &mut McpWorld) -> StepResult {
    let discovery = world.raw()?.discover_result.clone();
    let discovery = discovery.context("the server has not answered server/discover")?;
    caching::hints("server/discover", &discovery).map(drop)
}

#[when(expr = "the client walks the {mcp_list} list without a handshake")]
async fn walk_list(world: &mut McpWorld, list: McpList) -> StepResult {
    let pages = walk(world.raw()?, list).await?;
    world.record(Outcome::Pages { list, pages });
    Ok(())
}

#[then("every page carries caching hints, all with the same cache scope")]
async fn pages_hints(world: &mut McpWorld) -> StepResult {
    let Some(Outcome::Pages { list, pages }) = &world.last else {
        anyhow::bail!("no list was walked (last outcome: {:?})", world.last);
    };
    caching::pages(list.method(), pages)
}

#[when("the client reads the first listed resource without a handshake")]
async fn read_first_resource(world: &mut McpWorld) -> StepResult {
    let raw = world.raw()?;
    let page = result_of(raw, McpList::Resources.method(), json!({})).await?;
    let listed = items(McpList::Resources, &[page]);
    let Some(uri) = listed.first().and_then(|r| key_of(McpList::Resources, r)) else {
        skip_scenario("the first page of the resources list names no resource to read");
    };
    let request = format!("resources/read {uri} without a handshake");
    let result = result_of(raw, "resources/read", json!({ "uri": uri })).await?;
    world.record(Outcome::Reply {
        request,
        reply: Ok(result),
    });
    Ok(())
}

#[then("the result carries caching hints")]
async fn result_hints(world: &mut McpWorld) -> StepResult {
    let last = world.last.as_ref().context("no request was sent")?;
    let (request, reply) = last.reply()?;
    let result = reply.map_err(|e| anyhow::anyhow!("{request}: expected a result, got {e}"))?;
    caching::hints(&request, &result).map(drop)
}
