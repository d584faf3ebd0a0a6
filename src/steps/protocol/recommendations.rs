//! What the specification recommends (SHOULD): the tools' order, the counter-proposed version, nothing
//! asked before the handshake is confirmed, session ids, progress messages, embedded resources,
//! completion requests missing their argument (support: `checks::recommendations`). Each is a
//! SHOULD, so a miss is a warning naming the scenario's statement.

use cucumber::{then, when};

use crate::checks::recommendations;
use crate::checks::{lifecycle, listing};
use crate::mcp::probes::CompletionProbe;
use crate::mcp::raw::{RawChannel, Received};
use crate::mcp::transport::Transport;
use crate::steps::StepResult;
use crate::world::McpWorld;

/// How long the client listens, after its ping was answered, for requests the server should not
/// send before the handshake is confirmed (they are not ordered with the ping's answer).
const LISTEN_AFTER_PING: std::time::Duration = std::time::Duration::from_millis(300);

fn names(tools: &[serde_json::Value]) -> Vec<String> {
    tools
        .iter()
        .filter_map(|tool| tool["name"].as_str().map(str::to_owned))
        .collect()
}

#[then("listing the tools again should give them in the same order")]
async fn same_order(world: &mut McpWorld) -> StepResult {
    let first = names(&listing::listed_tools(world)?);
    let again = world.client()?.listed_tools().await?;
    let check = recommendations::same_order(&first, &names(&again));
    world.warnings.should(check);
    Ok(())
}

#[then("the server should propose the newest protocol version it supports")]
async fn newest_proposal(world: &mut McpWorld) -> StepResult {
    let target = world.target()?;
    let Some(claimed) = target.claimed_protocol_versions() else {
        crate::harness::skip::skip_scenario(format!(
            "the registry lists no protocol_versions for server '{}'",
            target.name
        ));
    };
    let proposed = lifecycle::version_of(&world.last_result()?).to_owned();
    let check = recommendations::newest_counter_proposal(&proposed, claimed);
    world.warnings.should(check);
    Ok(())
}

#[then("the server should ask the client nothing but ping before the handshake is confirmed")]
async fn nothing_before_initialized(world: &mut McpWorld) -> StepResult {
    let raw = world.raw()?;
    raw.call("ping", None).await?;
    let mut requests = raw.requests_received();
    if let Some(Received::Message(late)) = raw.silence(LISTEN_AFTER_PING).await? {
        requests.push(late);
    }
    let check = recommendations::requests_before_initialized(&requests);
    world.warnings.should(check);
    Ok(())
}

#[then("a second client's HTTP session should get another id, at least 16 characters long")]
async fn session_ids(world: &mut McpWorld) -> StepResult {
    let (target, timeout) = (world.target()?, world.timeout);
    let first = world.raw()?.session_id().unwrap_or_default();
    let mut second = RawChannel::open(&target, Transport::Http, "second client", timeout).await?;
    second.handshake(&world.revision_under_test()?).await?;
    let check = recommendations::session_ids(&first, &second.session_id().unwrap_or_default());
    world.warnings.should(check);
    Ok(())
}

#[then("every progress message should be human-readable text")]
async fn progress_messages(world: &mut McpWorld) -> StepResult {
    let notifications = world
        .raw()?
        .notifications_received("notifications/progress");
    let check = recommendations::progress_messages(&notifications);
    world.warnings.should(check);
    Ok(())
}

#[then("the server should declare the resources capability as well")]
async fn declares_resources(world: &mut McpWorld) -> StepResult {
    let declared = world.declared_capabilities()?;
    let check = recommendations::declares_resources(&declared);
    world.warnings.should(check);
    Ok(())
}

#[then("the sampling request should ask for no context from this or other servers")]
async fn sampling_context(world: &mut McpWorld) -> StepResult {
    let request = world.client()?.server_request("sampling/createMessage")?;
    let check = recommendations::sampling_context(&request.params);
    world.warnings.should(check);
    Ok(())
}

#[when("the client asks for a completion without naming the argument")]
async fn complete_without_argument(world: &mut McpWorld) -> StepResult {
    let probe: CompletionProbe = world.required_probe("completion")?;
    let mut params = probe.params();
    params.as_object_mut().map(|p| p.remove("argument"));
    world.request("completion/complete", params).await
}
