//! Prompts: listing, getting one with and without arguments, and refusals.

use anyhow::Result;
use cucumber::{then, when};
use serde_json::json;

use crate::checks::content;
use crate::checks::expect;
use crate::checks::listing::{self, McpList};
use crate::harness::skip::skip_scenario;
use crate::mcp::lists::EVERY_LIMIT;
use crate::mcp::probes::PromptProbe;
use crate::mcp::prompts::{self, PromptRequest};
use crate::steps::StepResult;
use crate::steps::protocol::pagination::{list_items, record_list};
use crate::world::McpWorld;

/// The registry's prompt whose arguments need particular values, if any.
const PROMPT_PROBE: &str = "prompt_with_arguments";
/// The registry's prompt whose messages embed a resource.
const EMBEDDING_PROMPT_PROBE: &str = "embedded_resource_prompt";

#[when("the client lists the prompts")]
async fn list_prompts(world: &mut McpWorld) -> StepResult {
    record_list(world, McpList::Prompts).await
}

#[then("every argument of every prompt has a unique name")]
async fn argument_names(world: &mut McpWorld) -> StepResult {
    listing::prompt_arguments_named(world.last.as_ref())
}

/// Gets the `chosen` prompt; without one, skips: the server lists no prompt `missing`.
async fn get(world: &mut McpWorld, chosen: Option<PromptRequest>, missing: &str) -> StepResult {
    let Some(prompt) = chosen else {
        let name = world.target()?.name.clone();
        skip_scenario(format!("server '{name}' lists no prompt {missing}"))
    };
    world.request("prompts/get", prompt.params()).await
}

#[when("the client gets a listed prompt that has no required arguments")]
async fn get_without_arguments(world: &mut McpWorld) -> StepResult {
    let listed = list_items(world, McpList::Prompts).await?;
    let chosen = prompts::without_required_arguments(&listed);
    get(world, chosen, "without required arguments").await
}

#[then("every listed prompt that needs no arguments can be got, each with complete messages")]
async fn every_prompt_gettable(world: &mut McpWorld) -> StepResult {
    let listed = list_items(world, McpList::Prompts).await?;
    let chosen = prompts::all_without_required_arguments(&listed);
    if chosen.is_empty() {
        let name = world.target()?.name.clone();
        skip_scenario(format!(
            "server '{name}' lists no prompt without required arguments"
        ));
    }
    let problems = get_problems(world, chosen).await?;
    expect::no_problems("prompts/get of the listed prompts", problems)
}

/// Gets each of the first [`EVERY_LIMIT`] of `prompts`: the problems of the answers.
async fn get_problems(world: &mut McpWorld, prompts: Vec<PromptRequest>) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    for prompt in prompts.into_iter().take(EVERY_LIMIT) {
        world.request("prompts/get", prompt.params()).await?;
        let (request, reply) = world.last_reply()?;
        let checked = expect::success_without(&request, &reply, content::prompt_messages_problems);
        problems.extend(checked.err().map(|error| format!("{error:#}")));
    }
    Ok(problems)
}

#[when("the client gets a prompt, giving each of its arguments a value")]
async fn get_with_arguments(world: &mut McpWorld) -> StepResult {
    let chosen = match world.target()?.probe::<PromptProbe>(PROMPT_PROBE)? {
        Some(probe) => Some(probe.into()),
        None => prompts::with_every_argument(&list_items(world, McpList::Prompts).await?),
    };
    let missing = "that takes arguments (and no prompt_with_arguments probe is configured)";
    get(world, chosen, missing).await
}

#[when("the client gets the prompt that embeds a resource")]
async fn get_embedding(world: &mut McpWorld) -> StepResult {
    let probe: PromptProbe = world.required_probe(EMBEDDING_PROMPT_PROBE)?;
    let prompt = PromptRequest::from(probe);
    world.request("prompts/get", prompt.params()).await
}

#[then("one of the prompt's messages embeds a resource")]
async fn embeds_resource(world: &mut McpWorld) -> StepResult {
    let (request, reply) = world.last_reply()?;
    let result = expect::success(&request, &reply)?;
    content::expect_prompt_embeds_resource(&request, result)
}

#[when("the client gets a prompt without one of its required arguments")]
async fn get_missing_argument(world: &mut McpWorld) -> StepResult {
    let listed = list_items(world, McpList::Prompts).await?;
    let probe = world.target()?.probe::<PromptProbe>(PROMPT_PROBE)?;
    let chosen = prompts::missing_a_required_argument(&listed, probe.as_ref());
    get(world, chosen, "with a required argument").await
}

#[when(expr = "the client gets the prompt {string}")]
async fn get_named(world: &mut McpWorld, name: String) -> StepResult {
    world.request("prompts/get", json!({ "name": name })).await
}

#[then("the server returns the prompt's messages, each with a role and complete content")]
async fn returns_messages(world: &mut McpWorld) -> StepResult {
    let (request, reply) = world.last_reply()?;
    expect::success_without(&request, &reply, content::prompt_messages_problems)
}
