//! Progress: a request carries a progressToken and the server reports progress against it.

use cucumber::then;

use crate::checks::progress::{self, PROGRESS_METHOD};
use crate::mcp::jsonrpc::Id;
use crate::steps::StepResult;
use crate::world::McpWorld;

#[then(regex = r"^every progress notification carried the token (.+) and went forward$")]
async fn progress_well_behaved(world: &mut McpWorld, token: Id) -> StepResult {
    let notifications = world.raw()?.notifications_received(PROGRESS_METHOD);
    progress::well_behaved(&token.0, &notifications)
}
