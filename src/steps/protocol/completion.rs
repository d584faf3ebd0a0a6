//! Argument completion (`completion/complete`).

use cucumber::{then, when};
use serde_json::json;

use crate::checks::completion;
use crate::checks::expect;
use crate::mcp::probes::CompletionProbe;
use crate::steps::StepResult;
use crate::world::McpWorld;

#[when("the client asks the server to complete a partly typed argument")]
async fn complete_probe(world: &mut McpWorld) -> StepResult {
    let probe: CompletionProbe = world.required_probe("completion")?;
    world.request("completion/complete", probe.params()).await
}

/// The registry's completion of a resource template variable.
const TEMPLATE_PROBE: &str = "template_completion";

#[when("the client asks the server to complete a partly typed template variable")]
async fn complete_template_probe(world: &mut McpWorld) -> StepResult {
    let probe: CompletionProbe = world.required_probe(TEMPLATE_PROBE)?;
    world.request("completion/complete", probe.params()).await
}

#[when("the client asks to complete an argument the prompt does not have")]
async fn complete_unknown_argument(world: &mut McpWorld) -> StepResult {
    complete_unknown_name(
        world,
        "completion",
        "no-such-argument-from-the-acceptance-suite",
    )
    .await
}

#[when("the client asks to complete a variable the template does not have")]
async fn complete_unknown_variable(world: &mut McpWorld) -> StepResult {
    complete_unknown_name(
        world,
        TEMPLATE_PROBE,
        "no-such-variable-from-the-acceptance-suite",
    )
    .await
}

/// The registry probe's completion request, for a name its prompt or template lacks.
async fn complete_unknown_name(world: &mut McpWorld, probe: &str, name: &str) -> StepResult {
    let probe: CompletionProbe = world.required_probe(probe)?;
    let mut params = probe.params();
    params["argument"] = json!({"name": name, "value": ""});
    world.request("completion/complete", params).await
}

/// The expected values must be offered (a plain check); the 100-value limit is a warning.
#[then("the server offers the template variable's expected values, at most 100 strings")]
async fn offers_template_values(world: &mut McpWorld) -> StepResult {
    let probe: CompletionProbe = world.required_probe(TEMPLATE_PROBE)?;
    let (request, reply) = world.last_reply()?;
    expect::success_without(&request, &reply, |r| {
        completion::values_problems(r, &probe.expect_values)
    })
}

#[when(expr = "the client asks to complete an argument of the prompt {string}")]
async fn complete_for_prompt(world: &mut McpWorld, name: String) -> StepResult {
    let params = json!({
        "ref": {"type": "ref/prompt", "name": name},
        "argument": {"name": "value", "value": ""},
    });
    world.request("completion/complete", params).await
}

#[then("the server offers at most 100 completion values, all of them strings")]
async fn offers_values(world: &mut McpWorld) -> StepResult {
    let probe = world.target()?.probe::<CompletionProbe>("completion")?;
    let expected = probe.map(|probe| probe.expect_values).unwrap_or_default();
    let (request, reply) = world.last_reply()?;
    expect::success_without(&request, &reply, |r| {
        completion::values_problems(r, &expected)
    })
}

#[then("the completion's total and hasMore agree with the values offered")]
async fn counts_agree(world: &mut McpWorld) -> StepResult {
    let (request, reply) = world.last_reply()?;
    expect::success_without(&request, &reply, completion::count_problems)
}

/// The 100-value limit is schema prose without a keyword: a miss is a warning.
#[then("the server should offer at most 100 completion values, all of them strings")]
async fn should_offer_values(world: &mut McpWorld) -> StepResult {
    let check = offers_values(world).await;
    world.warnings.should(check);
    Ok(())
}

/// No rule ties total and hasMore to the values: a miss is a warning.
#[then("the completion's total and hasMore should agree with the values offered")]
async fn counts_should_agree(world: &mut McpWorld) -> StepResult {
    let check = counts_agree(world).await;
    world.warnings.should(check);
    Ok(())
}
