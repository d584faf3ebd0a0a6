//! What the server sends on its own, shared by the protocol, gateway and transport features:
//! list changes, log messages (after setting the level), progress.

use crate::checks::expect;
use crate::checks::list_stability;
use crate::checks::listing::McpList;
use crate::checks::logging::LOG_METHOD;
use crate::checks::progress::{self, PROGRESS_METHOD};
use crate::mcp::jsonrpc::{Id, Reply};
use crate::mcp::lists;
use crate::mcp::probes::{ProbeTool, probe};
use crate::mcp::registry::ToolProbe;
use crate::steps::StepResult;
use crate::world::{McpWorld, Outcome};
use anyhow::{Result, bail};
use cucumber::{given, then, when};

#[when(expr = "the client calls the server's tool that changes the {mcp_list} list")]
async fn call_changing_tool(world: &mut McpWorld, list: McpList) -> StepResult {
    let probe: ToolProbe = world.required_probe(list.changing_tool_role())?;
    let request = format!("{} (changes the {list} list)", probe.describe());
    let counted = world.client()?.call_probe_counted(&probe).await?;
    world.record(reply_after(request, counted));
    Ok(())
}

#[then(expr = "the client is notified that the {mcp_list} list changed")]
async fn notified_list_changed(world: &mut McpWorld, list: McpList) -> StepResult {
    let (method, skip) = (list.changed_notification()?, received_before(world, list)?);
    let message = world.client()?.wait_for_message_after(method, skip).await?;
    expect::is_notification(&message)
}

/// tools-2, res-2, pr-2 (SHOULD): a miss is a warning.
#[then(expr = "the client should be notified that the {mcp_list} list changed")]
async fn should_be_notified_list_changed(world: &mut McpWorld, list: McpList) -> StepResult {
    let check = notified_list_changed(world, list).await;
    world.warnings.should(check);
    Ok(())
}

#[given(expr = "the client has walked the {mcp_list} list")]
async fn has_walked(world: &mut McpWorld, list: McpList) -> StepResult {
    let pages = lists::walk(world.client()?, list).await?;
    world.hints.first_walk = Some((list, pages));
    Ok(())
}

/// After a list_changed: the list walked again differs from the walk before the change. Not
/// required by the text (a change may be undone at once), so a miss is a warning.
#[then(expr = "walking the {mcp_list} list again should show the change")]
async fn should_show_change(world: &mut McpWorld, list: McpList) -> StepResult {
    let before = match &world.hints.first_walk {
        Some((walked, pages)) if *walked == list => pages.clone(),
        _ => bail!("the {list} list was not walked before the change"),
    };
    let after = lists::walk(world.client()?, list).await?;
    let check = list_stability::changed(list, &before, &after);
    world.warnings.should(check);
    Ok(())
}

#[then("a log message arrives")]
async fn a_log_message_arrives(world: &mut McpWorld) -> StepResult {
    let session = world.client()?;
    session
        .wait_for_message_since_mark(LOG_METHOD)
        .await
        .map(drop)
}

#[given(expr = "the client has set the log level to {string}")]
async fn has_set_level(world: &mut McpWorld, level: String) -> StepResult {
    set_level(world, level).await?;
    let (request, reply) = world.last_reply()?;
    expect::success(&request, &reply).map(drop)
}

#[when(regex = r"^the client calls the progress tool with the progress token (.+)$")]
async fn call_with_token(world: &mut McpWorld, token: Id) -> StepResult {
    let probe = probe(world, ProbeTool::Progress)?;
    let raw = world.raw()?;
    let response = raw.call_probe_with_progress(&probe, &token.0).await?;
    let request = format!("tools/call \"{}\" with progressToken {token}", probe.name);
    world.record(Outcome::Raw { request, response });
    Ok(())
}

#[then("the server sent at least one progress notification")]
async fn some_progress(world: &mut McpWorld) -> StepResult {
    let raw = world.raw()?;
    let sent = progress::some_progress(&raw.notifications_received(PROGRESS_METHOD));
    raw.with_evidence(sent).await
}

/// The outcome of a call made after the server had sent `received_before` messages on its own.
fn reply_after(request: String, (received_before, reply): (usize, Reply)) -> Outcome {
    Outcome::ReplyAfter {
        request,
        reply,
        received_before,
    }
}

/// How many messages the server had sent on its own before the call that changes `list`.
fn received_before(world: &McpWorld, list: McpList) -> Result<usize> {
    match world.last {
        Some(Outcome::ReplyAfter {
            received_before, ..
        }) => Ok(received_before),
        _ => bail!("no tool call that changes the {list} list was made in this scenario"),
    }
}

#[when(expr = "the client sets the log level to {string}")]
async fn set_level(world: &mut McpWorld, level: String) -> StepResult {
    let reply = world.client()?.set_log_level(&level).await?;
    let request = format!("logging/setLevel \"{level}\"");
    world.record(Outcome::Reply { request, reply });
    Ok(())
}
