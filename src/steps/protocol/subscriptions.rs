//! Subscriptions to change notifications (`subscriptions/listen`, 2026-07-28): opening one,
//! making changes happen through the registry's probes, asking the server to stop, and what
//! the subscription carried.

use std::time::Duration;

use anyhow::{Context, Result, bail};
use cucumber::{Parameter, then, when};
use serde_json::{Value, json};

use crate::checks::subscriptions as check;
use crate::harness::skip::skip_scenario;
use crate::mcp::probes::WatchedResourceProbe;
use crate::mcp::raw::RawChannel;
use crate::mcp::registry::ToolProbe;
use crate::mcp::stateless::STATELESS_VERSION;
use crate::mcp::subscription::{
    Change, Subscription, after_the_end, client_cancellation, declared_changes,
};
use crate::mcp::tasks::extension::TASKS_EXTENSION;
use crate::steps::StepResult;
use crate::world::{McpWorld, Outcome};

/// How long the absence checks keep reading after the changes asked for have arrived: the
/// protocol does not order notifications of different changes.
const STRAGGLERS: Duration = Duration::from_millis(300);

/// What the client subscribes to, in the feature's words.
#[derive(Debug, Clone, Copy, Parameter)]
#[param(
    name = "scope",
    regex = "every change the server declares|changes of the tools list only|updates of the watched resource only"
)]
enum Scope {
    Declared,
    ToolsOnly,
    WatchedOnly,
}

impl std::str::FromStr for Scope {
    type Err = String;

    fn from_str(words: &str) -> Result<Self, Self::Err> {
        Ok(match words {
            "every change the server declares" => Self::Declared,
            "changes of the tools list only" => Self::ToolsOnly,
            "updates of the watched resource only" => Self::WatchedOnly,
            other => return Err(format!("unknown subscription scope: {other}")),
        })
    }
}

/// A change the client makes happen, in the feature's words.
#[derive(Debug, Clone, Copy, Parameter)]
#[param(
    name = "change",
    regex = "the tools list|the watched resource|everything else it can"
)]
enum Making {
    Tools,
    Watched,
    EverythingElse,
}

impl std::str::FromStr for Making {
    type Err = String;

    fn from_str(words: &str) -> Result<Self, Self::Err> {
        Ok(match words {
            "the tools list" => Self::Tools,
            "the watched resource" => Self::Watched,
            "everything else it can" => Self::EverythingElse,
            other => return Err(format!("unknown change: {other}")),
        })
    }
}

fn watched_uri(world: &McpWorld) -> Result<Option<String>> {
    let probe: Option<WatchedResourceProbe> = world.target()?.probe("watched_resource")?;
    Ok(probe.map(|probe| probe.uri))
}

/// The changes `scope` asks for, or a skip when the server declares none of them.
fn changes_of(world: &mut McpWorld, scope: Scope) -> Result<Vec<Change>> {
    let declared = declared_changes(&world.declared_capabilities()?, watched_uri(world)?);
    let changes: Vec<Change> = match scope {
        Scope::Declared => declared,
        Scope::ToolsOnly => vec![Change::Tools],
        Scope::WatchedOnly => match watched_uri(world)? {
            Some(uri) => vec![Change::Updated(uri)],
            None => Vec::new(),
        },
    };
    if changes.is_empty() {
        let name = world.target()?.name.clone();
        skip_scenario(format!(
            "server '{name}' declares no change it can notify for this subscription (no \
             listChanged, no resources.subscribe with a watched_resource probe)"
        ));
    }
    Ok(changes)
}

/// The raw channel and the open subscription.
fn parts(world: &mut McpWorld) -> Result<(&mut RawChannel, &mut Subscription)> {
    let raw = world.raw.as_mut().context("no raw connection was opened")?;
    let open = world.subscriptions.open.as_mut();
    Ok((raw, open.context("the client has not subscribed")?))
}

/// Calls the tool that makes `change` happen (none: the server changes it by itself).
async fn make(world: &mut McpWorld, change: &Change) -> Result<()> {
    let trigger: Option<ToolProbe> = match change {
        Change::Updated(_) => {
            world
                .required_probe::<WatchedResourceProbe>("watched_resource")?
                .trigger
        }
        other => Some(world.required_probe(other.trigger_role())?),
    };
    world.subscriptions.made.push(change.clone());
    let Some(trigger) = trigger else {
        return Ok(());
    };
    let params = json!({"name": trigger.name, "arguments": trigger.arguments});
    let raw = world.raw()?;
    let exchanged = raw
        .stateless_request("tools/call", params, STATELESS_VERSION)
        .await?;
    match exchanged.response {
        Some(response) if response.get("result").is_some() => Ok(()),
        other => bail!(
            "{} (making {change} change) failed: {other:?}",
            trigger.describe()
        ),
    }
}

/// The changes the server may make that the subscription did not ask for, with a probe.
fn other_changes(world: &mut McpWorld) -> Result<Vec<Change>> {
    let filter = parts(world)?.1.filter.clone();
    let mut candidates = vec![Change::Tools, Change::Prompts, Change::Resources];
    candidates.extend(watched_uri(world)?.map(Change::Updated));
    let target = world.target()?;
    let others = candidates.into_iter().filter(|change| {
        let asked = Change::filter(std::slice::from_ref(change));
        let unasked = asked
            .as_object()
            .into_iter()
            .flatten()
            .all(|(k, _)| filter.get(k).is_none());
        unasked && matches!(target.probe::<Value>(change.trigger_role()), Ok(Some(_)))
    });
    Ok(others.collect())
}

#[when(expr = "the client subscribes to {scope}")]
async fn subscribe(world: &mut McpWorld, scope: Scope) -> StepResult {
    let changes = changes_of(world, scope)?;
    let timeout = world.timeout;
    let raw = world.raw()?;
    let subscription = Subscription::open(raw, &changes, timeout).await?;
    world.subscriptions.open = Some(subscription);
    Ok(())
}

#[then("the subscription is acknowledged before anything else is sent on it")]
async fn acknowledged_first(world: &mut McpWorld) -> StepResult {
    let (raw, subscription) = parts(world)?;
    let messages = subscription.messages(raw);
    if let Some(refusal) = check::refusal(&messages, &subscription.id) {
        skip_scenario(format!(
            "the server refused subscriptions/listen: {refusal}"
        ));
    }
    let checked = check::acknowledged_first(&messages, &subscription.id);
    raw.with_evidence(checked).await
}

#[when(expr = "the client changes {change} without a handshake")]
async fn change(world: &mut McpWorld, making: Making) -> StepResult {
    let changes = match making {
        Making::Tools => vec![Change::Tools],
        Making::Watched => vec![Change::Updated(watched_uri(world)?.unwrap_or_default())],
        Making::EverythingElse => other_changes(world)?,
    };
    if changes.is_empty() {
        skip_scenario("no probe of the registry makes a change the subscription did not ask for");
    }
    for change in &changes {
        make(world, change).await?;
    }
    Ok(())
}

#[then("the subscription should carry each change it asked for")]
async fn carries_asked_changes(world: &mut McpWorld) -> StepResult {
    for told in told_of_each_change(world).await? {
        world.warnings.should(told);
    }
    Ok(())
}

/// Waits (bounded) until the subscription carried every change made that it asked for; then
/// whether it carried each.
async fn told_of_each_change(world: &mut McpWorld) -> Result<Vec<Result<()>>> {
    let timeout = world.timeout;
    let made = world.subscriptions.made.clone();
    let (raw, subscription) = parts(world)?;
    let filter = subscription.filter.clone();
    let asked: Vec<Change> = made.into_iter().filter(|c| asked_by(&filter, c)).collect();
    let told = |raw: &RawChannel, s: &Subscription| -> Vec<Result<()>> {
        let notifications = s.notifications(raw);
        asked
            .iter()
            .map(|c| check::told(&notifications, c))
            .collect()
    };
    let all_told = |raw: &RawChannel, s: &Subscription| told(raw, s).iter().all(Result::is_ok);
    read_while(raw, subscription, timeout, |r, s| !all_told(r, s)).await;
    Ok(told(raw, subscription))
}

fn asked_by(filter: &Value, change: &Change) -> bool {
    let asked = Change::filter(std::slice::from_ref(change));
    match change {
        Change::Updated(uri) => filter["resourceSubscriptions"]
            .as_array()
            .is_some_and(|uris| uris.contains(&json!(uri))),
        _ => asked
            .as_object()
            .into_iter()
            .flatten()
            .all(|(k, v)| filter.get(k) == Some(v)),
    }
}

/// Reads the subscription while `more` holds, within `window`.
async fn read_while(
    raw: &mut RawChannel,
    subscription: &mut Subscription,
    window: Duration,
    more: impl Fn(&RawChannel, &Subscription) -> bool,
) {
    let deadline = tokio::time::Instant::now() + window;
    while more(raw, subscription) && subscription.closed.is_none() {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        if left.is_zero() {
            return;
        }
        let step = left.min(Duration::from_millis(50));
        subscription.read_until(raw, step, |_| false).await;
    }
}

#[then("the subscription carried only the changes it asked for")]
async fn only_asked(world: &mut McpWorld) -> StepResult {
    let (raw, subscription) = parts(world)?;
    subscription.read_until(raw, STRAGGLERS, |_| false).await;
    let checked = check::only_requested(&subscription.notifications(raw), &subscription.filter);
    raw.with_evidence(checked).await
}

#[then("each notification on the subscription names it")]
async fn each_names_it(world: &mut McpWorld) -> StepResult {
    let (raw, subscription) = parts(world)?;
    let notifications = subscription.notifications(raw);
    let checked = check::each_names_subscription(&notifications, &subscription.id);
    raw.with_evidence(checked).await
}

#[then("the server cancelled nothing but the client's subscription")]
async fn cancelled_nothing_else(world: &mut McpWorld) -> StepResult {
    let (raw, subscription) = parts(world)?;
    let sent = subscription.everything_sent(raw);
    let ids = [subscription.id.clone()];
    let checked = check::cancelled_only_subscriptions(&sent, &ids);
    raw.with_evidence(checked).await
}

/// The second subscription opens only once the first is acknowledged, and is acknowledged
/// itself before the step ends: both are open on the server at once.
#[when("the client opens a second subscription to the same changes")]
async fn open_second(world: &mut McpWorld) -> StepResult {
    let timeout = world.timeout;
    let filter = parts(world)?.1.filter.clone();
    let raw = world.raw()?;
    let second = Subscription::open_until_answered(raw, filter, json!({}), timeout).await?;
    world.subscriptions.second = Some(second);
    Ok(())
}

#[when(regex = "^the client ends the (?:first )?subscription$")]
async fn client_ends(world: &mut McpWorld) -> StepResult {
    let (raw, subscription) = parts(world)?;
    let frame = client_cancellation(&subscription.id).to_string();
    let seen = raw.messages_seen().len();
    raw.send(&frame).await?;
    world.subscriptions.ended_at = Some(seen);
    Ok(())
}

/// Nothing names the subscription once the client has ended it: no notification, no answer,
/// no cancellation of its own (p26-1: the server cancels only what it ends). Read up to the
/// answer of the change made since (one stream: that answer comes after anything sent before
/// it) and a short while after. Not worded as a rule for a client's end: a warning.
#[then("the server should send nothing more on the subscription")]
async fn nothing_more(world: &mut McpWorld) -> StepResult {
    let ended_at = world
        .subscriptions
        .ended_at
        .context("the client has not ended the subscription")?;
    let (raw, subscription) = parts(world)?;
    subscription.read_until(raw, STRAGGLERS, |_| false).await;
    let check = after_the_end(&raw.messages_seen()[ended_at..], &subscription.id);
    world.warnings.should(check);
    Ok(())
}

/// Ending one subscription leaves the others open: the change reaches the second one, named
/// by its own id (p26-6, a "should": a warning).
#[then("the second subscription should still carry the change")]
async fn second_still_told(world: &mut McpWorld) -> StepResult {
    let timeout = world.timeout;
    let raw = world.raw.as_mut().context("no raw connection was opened")?;
    let second = world.subscriptions.second.as_mut();
    let second = second.context("the client opened no second subscription")?;
    let told = |messages: &[Value]| check::told(messages, &Change::Tools).is_ok();
    second.read_until(raw, timeout, told).await;
    let checked = check::told(&second.own_notifications(raw), &Change::Tools);
    world.warnings.should(checked);
    Ok(())
}

#[when("the server is asked to stop")]
async fn asked_to_stop(world: &mut McpWorld) -> StepResult {
    let timeout = world.timeout;
    let name = world.target()?.name.clone();
    let (raw, subscription) = parts(world)?;
    let Some(process) = raw.link.process.as_ref() else {
        skip_scenario(format!(
            "the suite did not start server '{name}', so cannot ask it to stop"
        ));
    };
    subscription.stop_mark = Some(subscription.messages(raw).len());
    process.terminate()?;
    let id = subscription.id.clone();
    let answered = move |m: &[Value]| m.iter().any(|m| m.get("id") == Some(&id));
    subscription.read_until(raw, timeout, answered).await;
    Ok(())
}

/// The subscription's messages since the server was asked to stop.
fn after_stop(world: &mut McpWorld) -> Result<(Vec<Value>, Value)> {
    let (raw, subscription) = parts(world)?;
    let mark = subscription
        .stop_mark
        .context("the server was not asked to stop")?;
    Ok((
        subscription.messages(raw)[mark..].to_vec(),
        subscription.id.clone(),
    ))
}

#[then("the server should end the subscription with a final result naming it")]
async fn final_result(world: &mut McpWorld) -> StepResult {
    let (after, id) = after_stop(world)?;
    world.warnings.should(check::final_result(&after, &id));
    Ok(())
}

#[then("a subscription the server ends is cancelled by a notification naming it")]
async fn ended_with_cancellation(world: &mut McpWorld) -> StepResult {
    let (after, id) = after_stop(world)?;
    let ending = check::ending(&after, &id);
    if ending == check::Ending::TransportClosed {
        skip_scenario(
            "asked to stop, the server sent nothing ending the subscription (no cancellation, no \
             answer): it closed the connection or stayed silent, so it ended none to judge",
        );
    }
    let checked = check::ended_with_cancellation(&ending, &id);
    world.raw()?.with_evidence(checked).await
}

/// A task id no server issued: the capability is checked whatever the id.
const SOME_TASK: &str = "mcp-acceptance-some-task";

#[when("the client subscribes to a task's notifications without declaring the tasks extension")]
async fn task_notifications_undeclared(world: &mut McpWorld) -> StepResult {
    let filter = json!({"taskIds": [SOME_TASK]});
    let timeout = world.timeout;
    let raw = world.raw()?;
    let subscription = Subscription::open_until_answered(raw, filter, json!({}), timeout).await?;
    let outcome = refusal_of(raw, &subscription);
    let outcome = raw.with_evidence(outcome).await?;
    world.record(outcome);
    Ok(())
}

/// What refused the subscription (an HTTP answer or an error response), or a failure saying
/// what the server did instead.
fn refusal_of(raw: &RawChannel, subscription: &Subscription) -> Result<Outcome> {
    let request = "subscriptions/listen for a task's notifications, declaring nothing".to_owned();
    if let Some(answer) = subscription.http_refusal() {
        return Ok(Outcome::Http {
            request,
            answer: answer.clone(),
        });
    }
    let messages = subscription.messages(raw);
    match check::refusal(&messages, &subscription.id) {
        Some(response) => Ok(Outcome::Raw { request, response }),
        None => bail!(
            "{request} was not refused; the server sent: {}",
            json!(messages)
        ),
    }
}

#[when("the client subscribes to the task's notifications, declaring the tasks extension")]
async fn task_notifications(world: &mut McpWorld) -> StepResult {
    let filter = json!({"taskIds": [world.tasks.last_id()?]});
    let capabilities = json!({"extensions": {TASKS_EXTENSION: {}}});
    let timeout = world.timeout;
    let raw = world.raw()?;
    let subscription =
        Subscription::open_until_answered(raw, filter, capabilities, timeout).await?;
    world.subscriptions.open = Some(subscription);
    Ok(())
}

#[then("the subscription carried no progress and no log messages")]
async fn no_progress_or_log(world: &mut McpWorld) -> StepResult {
    let (raw, subscription) = parts(world)?;
    subscription.read_until(raw, STRAGGLERS, |_| false).await;
    let checked = check::no_progress_or_log(&subscription.notifications(raw));
    raw.with_evidence(checked).await
}
