//! Progress: a request carries a progressToken and the server reports progress against it.

use anyhow::{Context, ensure};
use cucumber::{then, when};
use serde_json::{Value, json};

use crate::checks::progress::progress_problems;
use crate::mcp::jsonrpc;
use crate::steps::StepResult;
use crate::steps::protocol::probes::{ProbeTool, probe};
use crate::world::{McpWorld, Outcome};

const PROGRESS_METHOD: &str = "notifications/progress";

#[when(regex = r"^the client calls the progress tool with the progress token (.+)$")]
async fn call_with_token(world: &mut McpWorld, token: String) -> StepResult {
    let token = parse_token(&token)?;
    let probe = probe(world, ProbeTool::Progress)?;
    let params = json!({
        "name": probe.name,
        "arguments": probe.arguments,
        "_meta": {"progressToken": token}
    });
    let raw = world.raw()?;
    let id = raw.fresh_id();
    let frame = jsonrpc::request(id.clone(), "tools/call", Some(params));
    raw.send(&frame).await?;
    let response = raw.response_to(&id).await?;
    world.record(Outcome::Raw {
        request: format!("tools/call \"{}\" with progressToken {token}", probe.name),
        response,
    });
    Ok(())
}

#[then("the server sent at least one progress notification")]
async fn some_progress(world: &mut McpWorld) -> StepResult {
    let raw = world.raw()?;
    let notifications = raw.notifications_received(PROGRESS_METHOD);
    if notifications.is_empty() {
        let error = anyhow::anyhow!(
            "the call completed without a single {PROGRESS_METHOD} for its progressToken"
        );
        return Err(raw.link.explain(error).await);
    }
    Ok(())
}

#[then(
    regex = r"^every progress notification carried the token (.+), went forward and ended at the total$"
)]
async fn progress_well_behaved(world: &mut McpWorld, token: String) -> StepResult {
    let token = parse_token(&token)?;
    let notifications = world.raw()?.notifications_received(PROGRESS_METHOD);
    let problems = progress_problems(&token, &notifications);
    ensure!(
        problems.is_empty(),
        "{}\nthe notifications:\n{}",
        problems.join("\n"),
        notifications
            .iter()
            .map(Value::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
    Ok(())
}

/// A progress token as written in Gherkin: JSON, a string or an integer.
fn parse_token(text: &str) -> anyhow::Result<Value> {
    let token: Value = serde_json::from_str(text.trim())
        .with_context(|| format!("the progress token {text} is not JSON"))?;
    ensure!(
        token.is_string() || token.is_i64() || token.is_u64(),
        "a progress token is a string or an integer, got {token}"
    );
    Ok(token)
}
