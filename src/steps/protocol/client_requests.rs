//! Requests the server sends to the client while it works: sampling, elicitation, roots. The
//! scenario says how the client answers; the probe tool makes the server ask.

use anyhow::Context;
use cucumber::gherkin::Step;
use cucumber::{given, then};

use crate::checks::client_requests;
use crate::checks::expect;
use crate::mcp::probes::{ProbeTool, check_expected_text};
use crate::steps::StepResult;
use crate::steps::common::json_docstring;
use crate::world::McpWorld;

const ELICITATION_SINCE: &str = "2025-06-18";

#[given("the client accepts elicitation requests with:")]
async fn accepts_elicitation(world: &mut McpWorld, step: &Step) -> StepResult {
    world.require_revision("elicitation", ELICITATION_SINCE)?;
    let answers = json_docstring(step)?;
    world.client_behaviour.accept_elicitation(answers)
}

#[given(regex = r"^the client (declines|cancels) elicitation requests$")]
async fn refuses_elicitation(world: &mut McpWorld, choice: String) -> StepResult {
    world.require_revision("elicitation", ELICITATION_SINCE)?;
    world.client_behaviour.refuse_elicitation(&choice)
}

#[given("the client exposes the roots:")]
async fn exposes_roots(world: &mut McpWorld, step: &Step) -> StepResult {
    let table = step
        .table
        .as_ref()
        .context("this step needs a table with the columns uri and name")?;
    world.client_behaviour.expose_roots(&table.rows)
}

/// lc-7's other side: no request for a capability the client did not declare. On one stream
/// the server's requests during a call come before its answer; the record is settled first.
#[then(regex = r"^the server did not ask the client for (sampling|elicitation|roots)$")]
async fn did_not_ask(world: &mut McpWorld, feature: String) -> StepResult {
    let method = match feature.as_str() {
        "sampling" => "sampling/createMessage",
        "elicitation" => "elicitation/create",
        _ => "roots/list",
    };
    let session = world.client()?;
    session.settle_notifications().await?;
    match session.server_request(method) {
        Ok(asked) => anyhow::bail!(
            "the server sent {method} to a client that did not declare {feature}: {}",
            asked.params
        ),
        Err(_) => Ok(()),
    }
}

#[then("the server asked the client for input with a message and a form")]
async fn asked_for_input(world: &mut McpWorld) -> StepResult {
    let request = world.client()?.server_request("elicitation/create")?;
    client_requests::elicitation_request(&request.params)
}

#[then("the tool result contains the answers the server asked for")]
async fn result_has_answers(world: &mut McpWorld) -> StepResult {
    let given = world.client_behaviour.elicitation_answers()?;
    let form = world.client()?.server_request("elicitation/create")?;
    let answers = client_requests::answers_to_show(&given, &form.params);
    let (call, reply) = world.last_reply()?;
    let text = expect::success_text(&call, &reply)?;
    client_requests::shows_answers(&call, &text, &answers)?;
    check_expected_text(world, ProbeTool::Elicitation, &call, &text)
}

#[then(expr = "the tool result reports that the user chose to {word}")]
async fn result_reports_choice(world: &mut McpWorld, action: String) -> StepResult {
    let (call, reply) = world.last_reply()?;
    let text = expect::result_text(&call, &reply)?;
    client_requests::reports_choice(&call, &text, &action)?;
    check_expected_text(world, ProbeTool::Elicitation, &call, &text)
}

#[then("the server asked the client for its roots")]
async fn asked_for_roots(world: &mut McpWorld) -> StepResult {
    world.client()?.server_request("roots/list").map(drop)
}

#[then("the tool result names every root the client exposed")]
async fn result_names_roots(world: &mut McpWorld) -> StepResult {
    let uris = world.client_behaviour.root_uris()?;
    let (call, reply) = world.last_reply()?;
    let text = expect::success_text(&call, &reply)?;
    client_requests::names_roots(&call, &text, &uris)?;
    check_expected_text(world, ProbeTool::Roots, &call, &text)
}
