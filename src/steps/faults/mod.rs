//! Steps of `features/faults/`: the server under test behind the fault proxy, faults armed and
//! healed while it runs, and what the client sees (support: `systems::fault_proxy`).

mod through_hub;

use std::time::{Duration, Instant};

use anyhow::{Result, ensure};
use cucumber::{given, then, when};

use crate::harness::timeouts::bounded;
use crate::mcp::probes::{ProbeTool, probe};
use crate::mcp::transport::Transport;
use crate::steps::StepResult;
use crate::systems::fault_proxy::calls::{self, Ask, Called};
use crate::systems::fault_proxy::rules::{
    Hits, at_most, drop_answer_to, on_nth, rule, with_chance,
};
use crate::systems::fault_proxy::{self, startup_bound};
use crate::world::{DEFAULT_PROTOCOL_VERSION, McpWorld, Outcome};

#[given(expr = "the server under test behind the fault proxy over {transport}")]
async fn behind_proxy(world: &mut McpWorld, transport: Transport) -> StepResult {
    let target = fault_proxy::put_in_front(world, transport, &[]).await?;
    world.use_scenario_target(target);
    connect(world, transport).await
}

#[given(
    regex = r"^the server under test behind a fault proxy over (stdio|http|sse) started with the plan to drop the answer to the (\d+)(?:st|nd|rd|th) call of the sample tool$"
)]
async fn behind_planned_proxy(world: &mut McpWorld, transport: Transport, n: u64) -> StepResult {
    let tool = probe(world, ProbeTool::Sample)?.name;
    let plan = [on_nth(rule("drop", Hits::Answer, &tool)?, n)];
    let target = fault_proxy::put_in_front(world, transport, &plan).await?;
    world.use_scenario_target(target);
    connect(world, transport).await
}

#[when(regex = r#"^the proxy injects "([^"]+)" into the (answer to|request for) the sample tool$"#)]
async fn inject(world: &mut McpWorld, fault: String, hits: String) -> StepResult {
    let hits = if hits == "answer to" {
        Hits::Answer
    } else {
        Hits::Request
    };
    let tool = probe(world, ProbeTool::Sample)?.name;
    arm(world, rule(&fault, hits, &tool)?).await
}

#[when(expr = "the proxy drops {int}% of the answers to the sample tool, drawn with seed {int}")]
async fn inject_by_chance(world: &mut McpWorld, percent: u32, seed: u64) -> StepResult {
    let tool = probe(world, ProbeTool::Sample)?.name;
    arm(
        world,
        with_chance(rule("drop", Hits::Answer, &tool)?, percent, seed),
    )
    .await
}

#[when(regex = r"^the proxy drops the answer to the (\d+)(?:st|nd|rd|th) call of the sample tool$")]
async fn drop_nth(world: &mut McpWorld, n: u64) -> StepResult {
    let tool = probe(world, ProbeTool::Sample)?.name;
    arm(world, on_nth(rule("drop", Hits::Answer, &tool)?, n)).await
}

#[when("the proxy drops the answer to the client's next request, chosen by its id")]
async fn drop_by_id(world: &mut McpWorld) -> StepResult {
    let id = world.raw()?.upcoming_id();
    arm(world, drop_answer_to(id)).await
}

#[when(expr = "the proxy drops the answers to the first {int} calls of the sample tool")]
async fn drop_first(world: &mut McpWorld, times: u64) -> StepResult {
    let tool = probe(world, ProbeTool::Sample)?.name;
    arm(world, at_most(rule("drop", Hits::Answer, &tool)?, times)).await
}

#[when(regex = r"^(the|a new) client calls the sample tool through the proxy (\d+) times$")]
async fn call_series(world: &mut McpWorld, which: String, times: usize) -> StepResult {
    if which == "a new" {
        let transport = world.faults.proxy()?.transport;
        connect(world, transport).await?;
    }
    call_sample_times(world, times).await
}

#[then("some of the calls were answered and some were not")]
async fn mixed_series(world: &mut McpWorld) -> StepResult {
    let pattern = &world.faults.pattern;
    ensure!(
        pattern.contains(&true) && pattern.contains(&false),
        "answered: {pattern:?}"
    );
    Ok(())
}

#[then(regex = r"^only the calls? ([\d, ]+(?: and \d+)?) (?:was|were) answered$")]
async fn answered_exactly(world: &mut McpWorld, numbers: String) -> StepResult {
    calls::expect_answered_exactly(&world.faults.pattern, &numbers)
}

#[then("a new client with the same faults gets answers to the same calls")]
async fn same_series(world: &mut McpWorld) -> StepResult {
    let (before, rules) = (world.faults.pattern.clone(), world.faults.armed.clone());
    heal(world).await?;
    let transport = world.faults.proxy()?.transport;
    connect(world, transport).await?;
    for rule in rules {
        arm(world, rule).await?;
    }
    call_sample_times(world, before.len()).await?;
    ensure!(
        world.faults.pattern == before,
        "answered then {before:?}, now {:?}",
        world.faults.pattern
    );
    Ok(())
}

#[when("the client calls the sample tool through the proxy")]
async fn call_through(world: &mut McpWorld) -> StepResult {
    let called = call_sample(world).await?;
    world.record(called.outcome);
    Ok(())
}

#[when("the client pings the server through the proxy")]
async fn ping_through(world: &mut McpWorld) -> StepResult {
    let pinged = ask(world, Ask::Ping).await?;
    world.record(pinged.outcome);
    Ok(())
}

#[when("the proxy heals")]
async fn heal(world: &mut McpWorld) -> StepResult {
    let timeout = world.timeout;
    world.faults.armed.clear();
    world.faults.proxy()?.heal(timeout).await
}

#[then(regex = r"^(the same|a new) client's call of the sample tool through the proxy succeeds$")]
async fn call_succeeds(world: &mut McpWorld, which: String) -> StepResult {
    if which == "a new" {
        let transport = world.faults.proxy()?.transport;
        connect(world, transport).await?;
    }
    calls::expect_success(&call_sample(world).await?)
}

#[then(expr = "the call took at least {int} ms")]
async fn took_at_least(world: &mut McpWorld, ms: u64) -> StepResult {
    let took = world.faults.last_latency.unwrap_or_default();
    ensure!(
        took >= Duration::from_millis(ms),
        "the call took only {took:?}"
    );
    Ok(())
}

#[then(expr = "the call succeeds with the tool's answer padded to {int} bytes")]
async fn padded_answer(world: &mut McpWorld, bytes: usize) -> StepResult {
    calls::expect_padded_answer(world.last.as_ref(), bytes)
}

#[then("the failure quotes the first half of the answer")]
async fn cut_answer_quoted(world: &mut McpWorld) -> StepResult {
    calls::expect_cut_answer_quoted(world.last.as_ref())
}

#[then("the client noted a second answer to the same request")]
async fn noted_duplicate(world: &mut McpWorld) -> StepResult {
    ensure!(
        !world.faults.duplicates.is_empty(),
        "no second answer arrived"
    );
    Ok(())
}

#[when("the client, the proxy and the server are ended")]
async fn end_everything(world: &mut McpWorld) -> StepResult {
    let mut groups = world.faults.proxy()?.process_groups();
    groups.extend(world.raw()?.link.process.as_ref().map(|p| p.pid()));
    world.shutdown().await;
    world.faults.proxy = None;
    world.record(Outcome::ProcessGroups(groups));
    Ok(())
}

#[when(expr = "the client tries the {probe} tool, waiting at most {float} seconds")]
async fn try_probe(world: &mut McpWorld, tool: ProbeTool, seconds: f64) -> StepResult {
    let probe = probe(world, tool)?;
    let what = probe.describe();
    let started = Instant::now();
    let call = world.client()?.call_probe(&probe);
    let result = bounded(Duration::from_secs_f64(seconds), &what, call).await;
    world.record(Outcome::attempt(
        result.and_then(|reply| reply.map(drop)),
        started.elapsed(),
    ));
    Ok(())
}

async fn arm(world: &mut McpWorld, rule: serde_json::Value) -> Result<()> {
    let timeout = world.timeout;
    world.faults.proxy()?.arm(rule.clone(), timeout).await?;
    world.faults.armed.push(rule);
    Ok(())
}

/// A raw client through the proxy, past the handshake (a new one replaces the last). Starting
/// may take the default bound (a node server starts slowly on a busy machine); every later wait
/// takes the scenario's.
async fn connect(world: &mut McpWorld, transport: Transport) -> Result<()> {
    world.faults.settled.clear();
    let bound = world.timeout;
    world.timeout = startup_bound(world);
    let opened = world.open_raw(transport).await.map(drop);
    world.timeout = bound;
    opened?;
    let raw = world.raw()?;
    raw.handshake(DEFAULT_PROTOCOL_VERSION).await?;
    raw.set_timeout(bound);
    Ok(())
}

/// `times` calls of the sample tool through the proxy; which were answered goes into the
/// scenario's pattern.
async fn call_sample_times(world: &mut McpWorld, times: usize) -> Result<()> {
    world.faults.pattern.clear();
    for _ in 0..times {
        let answered = matches!(call_sample(world).await?.outcome, Outcome::Raw { .. });
        world.faults.pattern.push(answered);
    }
    Ok(())
}

/// One call of the sample tool through the proxy.
async fn call_sample(world: &mut McpWorld) -> Result<Called> {
    let probe = probe(world, ProbeTool::Sample)?;
    ask(world, Ask::Tool(probe)).await
}

/// One request through the proxy, its waits bounded by the scenario's bound as it is now.
async fn ask(world: &mut McpWorld, what: Ask) -> Result<Called> {
    let bound = world.timeout;
    world.raw()?.set_timeout(bound);
    let mut settled = std::mem::take(&mut world.faults.settled);
    let called = calls::ask(world.raw()?, &what, &mut settled).await;
    world.faults.settled = settled;
    world.faults.last_latency = Some(called.latency);
    world
        .faults
        .duplicates
        .extend(called.duplicates.iter().cloned());
    Ok(called)
}
