//! Progress: a request carries a progressToken and the server reports progress against it.

use cucumber::{then, when};

use crate::checks::progress::{self, PROGRESS_METHOD};
use crate::mcp::jsonrpc::Id;
use crate::steps::StepResult;
use crate::steps::protocol::probes::{ProbeTool, probe};
use crate::world::{McpWorld, Outcome};

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

#[then(
    regex = r"^every progress notification carried the token (.+), went forward and ended at the total$"
)]
async fn progress_well_behaved(world: &mut McpWorld, token: Id) -> StepResult {
    let notifications = world.raw()?.notifications_received(PROGRESS_METHOD);
    progress::well_behaved(&token.0, &notifications)
}
