//! Resources: listing, reading text and binary resources, templates, subscriptions, and the
//! error for a resource that does not exist.

use anyhow::Result;
use cucumber::{given, then, when};
use serde_json::json;

use crate::checks::content::{self, ResourceForm};
use crate::checks::expect;
use crate::checks::listing::{self, McpList};
use crate::checks::resources;
use crate::harness::skip::skip_scenario;
use crate::mcp::lists::EVERY_LIMIT;
use crate::mcp::probes::{ResourceProbe, WatchedResourceProbe};
use crate::steps::StepResult;
use crate::steps::protocol::pagination::{list_items, record_list};
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
    listing::resources_well_formed(world.last.as_ref())
}

#[then("every resource template has a name and a well-formed URI template")]
async fn templates_well_formed(world: &mut McpWorld) -> StepResult {
    listing::templates_well_formed(world.last.as_ref())
}

async fn read(world: &mut McpWorld, uri: &str) -> StepResult {
    world.request("resources/read", json!({ "uri": uri })).await
}

/// Reads the probe's resource (registry role `role`), or else the first listed resource whose
/// contents carry `form` ("text" or "blob"); skips when there is none.
async fn read_resource_of_form(world: &mut McpWorld, form: &str, role: &str) -> StepResult {
    let target = world.target()?;
    if let Some(probe) = target.probe::<ResourceProbe>(role)? {
        return read(world, &probe.uri).await;
    }
    let listed = list_items(world, McpList::Resources).await?;
    let session = world.client()?;
    match resources::read_first_of_form(session, &listed, form, READ_LIMIT).await? {
        Some((request, reply)) => world.record(Outcome::Reply { request, reply }),
        None => skip_scenario(format!(
            "none of the {} resources '{}' lists (the first {READ_LIMIT} read) has {form} contents, and no {role} probe is configured",
            listed.len(),
            target.name
        )),
    }
    Ok(())
}

/// Listed is readable: not required by the text (a resource may go between the list and the
/// read), so a miss is a warning.
#[then("every listed resource should be readable")]
async fn every_listed_readable(world: &mut McpWorld) -> StepResult {
    let listed = list_items(world, McpList::Resources).await?;
    if listed.is_empty() {
        let name = world.target()?.name.clone();
        skip_scenario(format!("server '{name}' lists no resources"));
    }
    let problems = resources::unreadable_listed(world.client()?, &listed, EVERY_LIMIT).await?;
    let check = expect::no_problems("resources/read of the listed resources", problems);
    world.warnings.should(check);
    Ok(())
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

#[when("the client subscribes to a resource that does not exist")]
async fn subscribe_unknown(world: &mut McpWorld) -> StepResult {
    let params = json!({ "uri": UNKNOWN_URI });
    world.request("resources/subscribe", params).await
}

#[when("the client reads a resource that does not exist")]
async fn read_unknown(world: &mut McpWorld) -> StepResult {
    read(world, UNKNOWN_URI).await
}

#[then(expr = "the server returns the resource's contents as {resource_form}")]
async fn returns_contents(world: &mut McpWorld, form: ResourceForm) -> StepResult {
    let (request, reply) = world.last_reply()?;
    let problems = |result: &_| content::read_result_problems(result, form);
    expect::success_without(&request, &reply, problems)
}

/// An error, never a result, is the MUST (res-7, s26-4); its code is a SHOULD up to
/// 2025-11-25 (res-5): a wrong code is a warning.
#[then("the server answers that the resource was not found")]
async fn answers_not_found(world: &mut McpWorld) -> StepResult {
    let (request, reply) = world.last_reply()?;
    let version = world.client()?.agreed_version()?;
    let check = resources::not_found(&request, &reply, &version);
    if reply.is_ok() {
        return check;
    }
    world.warnings.should(check);
    Ok(())
}

fn watched(world: &McpWorld) -> Result<WatchedResourceProbe> {
    world.required_probe("watched_resource")
}

#[when("the client subscribes to the watched resource")]
async fn subscribe(world: &mut McpWorld) -> StepResult {
    let uri = watched(world)?.uri;
    world
        .request("resources/subscribe", json!({ "uri": uri }))
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
    let uri = watched(world)?.uri;
    world
        .request("resources/unsubscribe", json!({ "uri": uri }))
        .await
}

#[given("the client has unsubscribed from the watched resource")]
async fn has_unsubscribed(world: &mut McpWorld) -> StepResult {
    unsubscribe(world).await?;
    let (request, reply) = world.last_reply()?;
    expect::success(&request, &reply).map(drop)
}

/// Reads the watched resource, then makes it change. The last outcome is that first read: what
/// the resource held before the change.
#[when("the watched resource changes")]
async fn watched_changes(world: &mut McpWorld) -> StepResult {
    let probe = watched(world)?;
    read(world, &probe.uri).await?;
    let before = world.last.take();
    world.client()?.mark_received();
    // Without a trigger the server changes the resource on its own (the registry says so).
    if let Some(trigger) = probe.trigger {
        let request = format!("{} (the watched resource's trigger)", trigger.describe());
        let reply = world.client()?.call_probe(&trigger).await?;
        expect::success(&request, &reply)?;
    }
    world.last = before;
    Ok(())
}

/// After the update: the watched resource reads otherwise than before the change. Described
/// without a keyword (an update may restore what was there), so a miss is a warning.
#[then("reading the watched resource should show the change")]
async fn should_show_change(world: &mut McpWorld) -> StepResult {
    let (_, before) = world.last_reply()?;
    let uri = watched(world)?.uri;
    read(world, &uri).await?;
    let (request, after) = world.last_reply()?;
    let check = resources::changed(&request, &before, &after);
    world.warnings.should(check);
    Ok(())
}

#[then("the client is notified that the watched resource was updated")]
async fn notified_updated(world: &mut McpWorld) -> StepResult {
    let uri = watched(world)?.uri;
    world.client()?.wait_for_resource_update(&uri).await?;
    Ok(())
}

/// How long after a change an update the client unsubscribed from is waited for: the change's
/// own answer ends it on its stream, an update on another stream comes within milliseconds.
const LATE_UPDATE_WINDOW: std::time::Duration = std::time::Duration::from_millis(500);

/// Unsubscribing has no keyword in the text either: an update after it is a warning. A resource
/// that changes on its own (no trigger) gives no moment to wait from: skipped.
#[then("the client should not be notified that the watched resource was updated")]
async fn should_not_be_notified_updated(world: &mut McpWorld) -> StepResult {
    let probe = watched(world)?;
    if probe.trigger.is_none() {
        let name = world.target()?.name.clone();
        skip_scenario(format!(
            "the watched resource of server '{name}' changes on its own (no trigger): no moment to wait for an update from"
        ));
    }
    let client = world.client()?;
    let updates = client.resource_updates_since_mark(&probe.uri, LATE_UPDATE_WINDOW);
    let check = resources::no_update_after_unsubscribing(&probe.uri, &updates.await?);
    world.warnings.should(check);
    Ok(())
}

/// Described without a keyword: a miss is a warning.
#[then("the client should be notified that the watched resource was updated")]
async fn should_be_notified_updated(world: &mut McpWorld) -> StepResult {
    let check = notified_updated(world).await;
    world.warnings.should(check);
    Ok(())
}
