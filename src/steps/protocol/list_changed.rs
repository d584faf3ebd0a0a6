//! List-change notifications: a tool call that changes a list makes the server say so.

use anyhow::{Context, ensure};
use cucumber::{then, when};
use serde_json::Value;

use crate::checks::listing::McpList;
use crate::mcp::registry::ToolProbe;
use crate::steps::StepResult;
use crate::world::{McpWorld, Outcome};

#[when(expr = "the client calls the server's tool that changes the {mcp_list} list")]
async fn call_changing_tool(world: &mut McpWorld, list: McpList) -> StepResult {
    let probe: ToolProbe = world.required_probe(list.changing_tool_role())?;
    let request = format!(
        "tools/call \"{}\" with {} (changes the {list} list)",
        probe.name,
        Value::Object(probe.arguments.clone())
    );
    let session = world.client()?;
    let received_before = session.received().len();
    let reply = session.call_tool(&probe.name, probe.arguments).await?;
    world.record(Outcome::ReplyAfter {
        request,
        reply,
        received_before,
    });
    Ok(())
}

#[then(expr = "the client is notified that the {mcp_list} list changed")]
async fn notified_list_changed(world: &mut McpWorld, list: McpList) -> StepResult {
    let method = list
        .list_changed_notification()
        .with_context(|| format!("the {list} list has no list-changed notification"))?;
    let Some(Outcome::ReplyAfter {
        received_before, ..
    }) = &world.last
    else {
        anyhow::bail!("no tool call that changes the {list} list was made in this scenario");
    };
    let skip = *received_before;
    let message = world
        .client()?
        .wait_for_message_where(&format!("{method} after the call"), skip, |m| {
            m.method == method
        })
        .await?;
    ensure!(
        !message.is_request,
        "the server sent {method} as a request, not a notification"
    );
    Ok(())
}
