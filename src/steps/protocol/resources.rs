//! Resources: listing, reading text and binary resources, templates, subscriptions, and the
//! error for a resource that does not exist.

use anyhow::{Result, ensure};
use cucumber::{given, then, when};
use serde_json::{Value, json};

use crate::checks::content;
use crate::checks::expect;
use crate::checks::listing::{self, McpList};
use crate::checks::resources;
use crate::harness::skip::skip_scenario;
use crate::mcp::probes::{ResourceProbe, WatchedResourceProbe};
use crate::steps::StepResult;
use crate::steps::protocol::pagination::{list_pages, listed_items, record_list};
use crate::world::{McpWorld, Outcome};

/// A URI no server has a resource for.
const UNKNOWN_URI: &str = "mcp-acceptance://no-such-resource/7c1e5b";

/// At most this many listed resources are read while looking for one of a given form.
const READ_LIMIT: usize = 25;

#[when("the client lists the resources")]
async fn list_resources(world: &mut McpWorld) -> StepResult {
    record_list(world, McpList::Resources).await
}

#[when("the client lists the resource templates")]
async fn list_templates(world: &mut McpWorld) -> StepResult {
    record_list(world, McpList::ResourceTemplates).await
}

#[then("every resource has a URI with a scheme and a name, and no URI is listed twice")]
async fn resources_well_formed(world: &mut McpWorld) -> StepResult {
    let items = listed_items(world, McpList::Resources)?;
    let mut problems: Vec<String> = items.iter().flat_map(listing::resource_problems).collect();
    problems.extend(listing::key_problems(McpList::Resources, &items));
    ensure!(
        problems.is_empty(),
        "resources/list:\n{}",
        problems.join("\n")
    );
    Ok(())
}

#[then("every resource template has a name and a URI template with at least one variable")]
async fn templates_well_formed(world: &mut McpWorld) -> StepResult {
    let items = listed_items(world, McpList::ResourceTemplates)?;
    let problems: Vec<String> = items.iter().flat_map(listing::template_problems).collect();
    ensure!(
        problems.is_empty(),
        "resources/templates/list:\n{}",
        problems.join("\n")
    );
    Ok(())
}

async fn read(world: &mut McpWorld, uri: &str) -> StepResult {
    world.request("resources/read", json!({ "uri": uri })).await
}

/// Reads the probe's resource, or else the first listed resource whose contents carry `form`
/// ("text" or "blob"); skips when there is none.
async fn read_resource_of_form(world: &mut McpWorld, form: &str, role: &str) -> StepResult {
    let target = world.target()?;
    if let Some(probe) = target.probe::<ResourceProbe>(role)? {
        return read(world, &probe.uri).await;
    }
    let pages = list_pages(world, McpList::Resources).await?;
    let listed = listing::items(McpList::Resources, &pages);
    for resource in listed.iter().take(READ_LIMIT) {
        let Some(uri) = resource.get("uri").and_then(Value::as_str) else {
            continue;
        };
        read(world, uri).await?;
        let (request, reply) = world.last_reply()?;
        let result = expect::success(&request, &reply)
            .map_err(|e| e.context("a listed resource could not be read"))?;
        let has_form = result
            .get("contents")
            .and_then(Value::as_array)
            .is_some_and(|contents| contents.iter().any(|c| c.get(form).is_some()));
        if has_form {
            return Ok(());
        }
    }
    skip_scenario(format!(
        "none of the {} resources '{}' lists (the first {READ_LIMIT} read) has {form} contents, and no {role} probe is configured",
        listed.len(),
        target.name
    ))
}

#[when("the client reads a text resource")]
async fn read_text(world: &mut McpWorld) -> StepResult {
    read_resource_of_form(world, "text", "text_resource").await
}

#[when("the client reads a binary resource")]
async fn read_blob(world: &mut McpWorld) -> StepResult {
    read_resource_of_form(world, "blob", "blob_resource").await
}

#[when("the client reads a resource through one of its templates")]
async fn read_templated(world: &mut McpWorld) -> StepResult {
    let probe: ResourceProbe = world.required_probe("templated_resource")?;
    read(world, &probe.uri).await
}

#[when("the client reads a resource that does not exist")]
async fn read_unknown(world: &mut McpWorld) -> StepResult {
    read(world, UNKNOWN_URI).await
}

fn read_result_is(world: &McpWorld, form: &str) -> StepResult {
    let (request, reply) = world.last_reply()?;
    let problems = content::read_result_problems(expect::success(&request, &reply)?, form);
    ensure!(problems.is_empty(), "{request}:\n{}", problems.join("\n"));
    Ok(())
}

#[then("the server returns the resource's contents as text")]
async fn returns_text(world: &mut McpWorld) -> StepResult {
    read_result_is(world, "text")
}

#[then("the server returns the resource's contents as base64 binary data")]
async fn returns_blob(world: &mut McpWorld) -> StepResult {
    read_result_is(world, "blob")
}

#[then(
    "the server returns the resource's contents, each item with its URI and text or binary data"
)]
async fn returns_contents(world: &mut McpWorld) -> StepResult {
    let (request, reply) = world.last_reply()?;
    let result = expect::success(&request, &reply)?;
    let problems: Vec<String> = match result.get("contents").and_then(Value::as_array) {
        Some(contents) if !contents.is_empty() => contents
            .iter()
            .flat_map(|item| {
                content::resource_contents_problems(item)
                    .into_iter()
                    .map(move |p| format!("{p}: {item}"))
            })
            .collect(),
        _ => vec![format!("no contents: {result}")],
    };
    ensure!(problems.is_empty(), "{request}:\n{}", problems.join("\n"));
    Ok(())
}

#[then("the server answers that the resource was not found")]
async fn answers_not_found(world: &mut McpWorld) -> StepResult {
    let (request, reply) = world.last_reply()?;
    let version = serde_json::to_value(&world.client()?.server()?.protocol_version)?;
    let version = version.as_str().unwrap_or_default().to_owned();
    resources::not_found(&request, &reply, &version)
}

fn watched(world: &McpWorld) -> Result<WatchedResourceProbe> {
    world.required_probe("watched_resource")
}

#[when("the client subscribes to the watched resource")]
async fn subscribe(world: &mut McpWorld) -> StepResult {
    let probe = watched(world)?;
    world
        .request("resources/subscribe", json!({ "uri": probe.uri }))
        .await
}

#[given("the client has subscribed to the watched resource")]
async fn has_subscribed(world: &mut McpWorld) -> StepResult {
    subscribe(world).await?;
    let (request, reply) = world.last_reply()?;
    expect::success(&request, &reply).map(drop)
}

#[when("the client unsubscribes from the watched resource")]
async fn unsubscribe(world: &mut McpWorld) -> StepResult {
    let probe = watched(world)?;
    world
        .request("resources/unsubscribe", json!({ "uri": probe.uri }))
        .await
}

#[when("the watched resource changes")]
async fn watched_changes(world: &mut McpWorld) -> StepResult {
    // Without a trigger the server changes the resource on its own (the registry says so).
    let Some(trigger) = watched(world)?.trigger else {
        return Ok(());
    };
    let request = format!(
        "tools/call \"{}\" (the watched resource's trigger)",
        trigger.name
    );
    let reply = world
        .client()?
        .call_tool(&trigger.name, trigger.arguments)
        .await?;
    expect::success(&request, &reply)?;
    world.record(Outcome::Reply { request, reply });
    Ok(())
}

#[then("the client is notified that the watched resource was updated")]
async fn notified_updated(world: &mut McpWorld) -> StepResult {
    let uri = watched(world)?.uri;
    let what = format!("notifications/resources/updated for {uri}");
    // The notification may name a sub-resource of the one subscribed to.
    world
        .client()?
        .wait_for_message_where(&what, 0, |m| {
            m.method == "notifications/resources/updated"
                && m.params
                    .get("uri")
                    .and_then(Value::as_str)
                    .is_some_and(|updated| updated.starts_with(&uri))
        })
        .await
        .map(drop)
}
