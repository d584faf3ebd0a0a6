//! Prompts: listing, getting one with and without arguments, and refusals.

use anyhow::{Result, ensure};
use cucumber::{then, when};
use serde_json::{Map, Value, json};

use crate::checks::content;
use crate::checks::expect;
use crate::checks::listing::{self, McpList};
use crate::harness::skip::skip_scenario;
use crate::mcp::probes::PromptProbe;
use crate::steps::StepResult;
use crate::steps::protocol::pagination::{list_pages, listed_items, record_list};
use crate::world::McpWorld;

#[when("the client lists the prompts")]
async fn list_prompts(world: &mut McpWorld) -> StepResult {
    record_list(world, McpList::Prompts).await
}

#[then("every prompt has a unique, non-empty name")]
async fn unique_names(world: &mut McpWorld) -> StepResult {
    let problems = listing::key_problems(McpList::Prompts, &listed_items(world, McpList::Prompts)?);
    ensure!(
        problems.is_empty(),
        "prompts/list:\n{}",
        problems.join("\n")
    );
    Ok(())
}

#[then("every argument of every prompt has a unique name")]
async fn argument_names(world: &mut McpWorld) -> StepResult {
    let problems: Vec<String> = listed_items(world, McpList::Prompts)?
        .iter()
        .flat_map(listing::prompt_argument_problems)
        .collect();
    ensure!(
        problems.is_empty(),
        "prompts/list:\n{}",
        problems.join("\n")
    );
    Ok(())
}

/// Every listed prompt.
async fn prompts(world: &mut McpWorld) -> Result<Vec<Value>> {
    let pages = list_pages(world, McpList::Prompts).await?;
    Ok(listing::items(McpList::Prompts, &pages))
}

fn name_of(prompt: &Value) -> String {
    prompt
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

async fn get(
    world: &mut McpWorld,
    name: &str,
    arguments: Option<Map<String, Value>>,
) -> StepResult {
    let mut params = json!({ "name": name });
    if let Some(arguments) = arguments {
        params["arguments"] = Value::Object(arguments);
    }
    world.request("prompts/get", params).await
}

fn skip_without(world: &McpWorld, what: &str) -> ! {
    let name = world.target().map(|t| t.name.clone()).unwrap_or_default();
    skip_scenario(format!("server '{name}' lists no prompt {what}"))
}

#[when("the client gets a listed prompt that has no required arguments")]
async fn get_without_arguments(world: &mut McpWorld) -> StepResult {
    let listed = prompts(world).await?;
    let Some(prompt) = listed
        .iter()
        .find(|p| listing::prompt_arguments(p, true).is_empty())
    else {
        skip_without(world, "without required arguments")
    };
    get(world, &name_of(prompt), None).await
}

#[when("the client gets a prompt, giving each of its arguments a value")]
async fn get_with_arguments(world: &mut McpWorld) -> StepResult {
    if let Some(probe) = world
        .target()?
        .probe::<PromptProbe>("prompt_with_arguments")?
    {
        return get(world, &probe.name, Some(probe.arguments)).await;
    }
    let listed = prompts(world).await?;
    let Some(prompt) = listed
        .iter()
        .find(|p| !listing::prompt_arguments(p, false).is_empty())
    else {
        skip_without(
            world,
            "that takes arguments (and no prompt_with_arguments probe is configured)",
        )
    };
    let arguments = listing::plain_arguments(&listing::prompt_arguments(prompt, false));
    get(world, &name_of(prompt), Some(arguments)).await
}

#[when("the client gets a prompt without one of its required arguments")]
async fn get_missing_argument(world: &mut McpWorld) -> StepResult {
    let listed = prompts(world).await?;
    let probe = world
        .target()?
        .probe::<PromptProbe>("prompt_with_arguments")?;
    // The probe's prompt if it has a required argument, else the first listed one that has.
    let chosen = listed
        .iter()
        .filter(|p| !listing::prompt_arguments(p, true).is_empty())
        .find(|p| probe.as_ref().is_none_or(|probe| name_of(p) == probe.name))
        .or_else(|| {
            listed
                .iter()
                .find(|p| !listing::prompt_arguments(p, true).is_empty())
        });
    let Some(prompt) = chosen else {
        skip_without(world, "with a required argument")
    };
    let required = listing::prompt_arguments(prompt, true);
    let mut arguments = match &probe {
        Some(probe) if probe.name == name_of(prompt) => probe.arguments.clone(),
        _ => listing::plain_arguments(&listing::prompt_arguments(prompt, false)),
    };
    arguments.remove(&required[0]);
    get(world, &name_of(prompt), Some(arguments)).await
}

#[when(expr = "the client gets the prompt {string}")]
async fn get_named(world: &mut McpWorld, name: String) -> StepResult {
    get(world, &name, None).await
}

#[then("the server returns the prompt's messages, each with a role and complete content")]
async fn returns_messages(world: &mut McpWorld) -> StepResult {
    let (request, reply) = world.last_reply()?;
    let result = expect::success(&request, &reply)?;
    let problems: Vec<String> = match result.get("messages").and_then(Value::as_array) {
        Some(messages) if !messages.is_empty() => messages
            .iter()
            .enumerate()
            .flat_map(|(index, message)| {
                let mut problems = Vec::new();
                let role = message.get("role").and_then(Value::as_str);
                if !matches!(role, Some("user" | "assistant")) {
                    problems.push(format!(
                        "messages[{index}]: role must be \"user\" or \"assistant\": {message}"
                    ));
                }
                match message.get("content") {
                    Some(block) => problems.extend(
                        content::block_problems(block)
                            .into_iter()
                            .map(|p| format!("messages[{index}].content: {p}")),
                    ),
                    None => problems.push(format!("messages[{index}] has no content: {message}")),
                }
                problems
            })
            .collect(),
        _ => vec![format!("no messages: {result}")],
    };
    ensure!(problems.is_empty(), "{request}:\n{}", problems.join("\n"));
    Ok(())
}
