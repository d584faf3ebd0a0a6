//! Sending the user to a web page (URL mode elicitation; support: `checks::url_elicitation`).

use cucumber::{given, then};
use serde_json::Value;

use crate::checks::url_elicitation;
use crate::harness::skip::skip_scenario;
use crate::steps::StepResult;
use crate::world::McpWorld;

/// How long another client is watched for a completion notice meant for the first one.
const NOTICE_WINDOW: std::time::Duration = std::time::Duration::from_millis(300);

/// The params of every URL mode `elicitation/create` the server sent the client.
fn url_requests(world: &mut McpWorld) -> anyhow::Result<Vec<Value>> {
    let received = world.client()?.received();
    Ok(received
        .into_iter()
        .filter(|m| m.is_request && m.method == "elicitation/create" && m.params["mode"] == "url")
        .map(|m| m.params)
        .collect())
}

#[given("the user opens the web pages servers send them to")]
async fn opens_web_pages(world: &mut McpWorld) -> StepResult {
    world.client_behaviour.opens_web_pages = true;
    Ok(())
}

#[then(
    "the server sent the user to a web page, with a message, an elicitation id and a valid address"
)]
async fn sent_to_page(world: &mut McpWorld) -> StepResult {
    let requests = url_requests(world)?;
    anyhow::ensure!(
        !requests.is_empty(),
        "the server sent no URL mode elicitation/create"
    );
    requests
        .iter()
        .try_for_each(|r| url_elicitation::url_elicitation(r).map(drop))
}

#[then("the server did not send the user to a web page")]
async fn not_sent_to_page(world: &mut McpWorld) -> StepResult {
    let requests = url_requests(world)?;
    anyhow::ensure!(
        requests.is_empty(),
        "the client declared form elicitation only, the server sent it to a web page (URL mode): {}",
        crate::mcp::jsonrpc::pretty(&requests[0])
    );
    Ok(())
}

#[then("the page's address carries no credentials or secrets of the user")]
async fn no_credentials(world: &mut McpWorld) -> StepResult {
    url_requests(world)?
        .iter()
        .try_for_each(url_elicitation::carries_no_credentials)
}

#[then("any notice that an elicitation is complete names the one this client was sent")]
async fn completion_names_it(world: &mut McpWorld) -> StepResult {
    let sent: Vec<String> = url_requests(world)?
        .iter()
        .filter_map(|r| r["elicitationId"].as_str().map(str::to_owned))
        .collect();
    let completions: Vec<Value> = world
        .client()?
        .received()
        .into_iter()
        .filter(|m| !m.is_request && m.method == "notifications/elicitation/complete")
        .map(|m| m.params)
        .collect();
    url_elicitation::completions_name_sent(&completions, &sent).map(drop)
}

#[then(expr = "{string} got no notice that an elicitation is complete")]
async fn no_completion_notice(world: &mut McpWorld, client: String) -> StepResult {
    // Another session's notices are not ordered with this one's answers: a short wait.
    tokio::time::sleep(NOTICE_WINDOW).await;
    let notices: Vec<Value> = world
        .session(&client)?
        .received()
        .into_iter()
        .filter(|m| m.method == "notifications/elicitation/complete")
        .map(|m| m.params)
        .collect();
    anyhow::ensure!(
        notices.is_empty(),
        "\"{client}\" started no elicitation, yet was told one is complete: {notices:?}"
    );
    Ok(())
}

#[then(
    "a refusal because a web page must be visited first lists the pages, each with its elicitation id"
)]
async fn refusal_lists_pages(world: &mut McpWorld) -> StepResult {
    let (request, reply) = world.last_reply()?;
    let server = world.target()?.name.clone();
    if url_elicitation::url_elicitation_required(&request, &reply)?.is_none() {
        skip_scenario(format!(
            "server '{server}' did not refuse {request} with -32042 (URL elicitation required): nothing to check"
        ));
    }
    Ok(())
}
