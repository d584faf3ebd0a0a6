//! Steps of `features/agent/`: workflows written as tables, run by the simulated agent over the
//! scenario's session, and what the run came to (support: `systems::agent_simulator`).

use anyhow::{Context, ensure};
use cucumber::gherkin::Step as GherkinStep;
use cucumber::{given, then, when};

use crate::steps::StepResult;
use crate::systems::agent_simulator::simulator;
use crate::systems::agent_simulator::workflow::{Verdict, Workflow};
use crate::systems::agent_simulator::{filesystem, judgement};
use crate::world::McpWorld;

#[given(expr = "the agent workflow {string}:")]
async fn workflow(world: &mut McpWorld, name: String, step: &GherkinStep) -> StepResult {
    let table = step
        .table
        .as_ref()
        .context("the workflow's steps go in a table")?;
    world.agent.workflow = Some(Workflow::from_rows(&name, &table.rows)?);
    Ok(())
}

#[given(regex = r#"^it expects the tools "([^"]*)" (in order|as a set)$"#)]
async fn expects_tools(world: &mut McpWorld, tools: String, order: String) -> StepResult {
    let expected = &mut world.agent.workflow()?.expected_tools;
    expected.tools = tools.split(',').map(|t| t.trim().to_owned()).collect();
    expected.in_order = order == "in order";
    Ok(())
}

#[given(expr = "it is expected to end in {word}")]
async fn expects_outcome(world: &mut McpWorld, outcome: String) -> StepResult {
    world.agent.workflow()?.expected_outcome =
        outcome.parse::<Verdict>().map_err(anyhow::Error::msg)?;
    Ok(())
}

#[when("the agent runs the workflow")]
async fn runs(world: &mut McpWorld) -> StepResult {
    simulator::run_in(world).await
}

#[then("the workflow ends as expected")]
async fn ends_as_expected(world: &mut McpWorld) -> StepResult {
    let workflow = world.agent.workflow()?.clone();
    judgement::check(&workflow, world.agent.run()?)
}

#[then(expr = "the agent chose the tool {string} for turn {int}")]
async fn chose(world: &mut McpWorld, tool: String, number: usize) -> StepResult {
    let run = world.agent.run()?;
    let turn = run
        .turns
        .get(number.wrapping_sub(1))
        .with_context(|| format!("there is no turn {number}"))?;
    let tool = crate::systems::agent_simulator::workflow::fill(&tool, &run.context, false)?;
    ensure!(
        turn.chosen && turn.tool == tool,
        "turn {number}: expected the agent to choose \"{tool}\":\n{}",
        judgement::report(run)
    );
    Ok(())
}

#[then(expr = "the agent's response mentions {string}")]
async fn response_mentions(world: &mut McpWorld, text: String) -> StepResult {
    let run = world.agent.run()?;
    let text = crate::systems::agent_simulator::workflow::fill(&text, &run.context, false)?;
    ensure!(
        run.response.contains(&text),
        "the response does not mention \"{text}\":\n{}",
        run.response
    );
    Ok(())
}

#[then(expr = "the agent went through the states {string}")]
async fn states(world: &mut McpWorld, expected: String) -> StepResult {
    let run = world.agent.run()?;
    let went: Vec<String> = run.states.iter().map(ToString::to_string).collect();
    ensure!(
        went.join(", ") == expected,
        "the agent went through: {}",
        went.join(", ")
    );
    Ok(())
}

#[given("the real filesystem server serving a fresh directory")]
async fn filesystem_server(world: &mut McpWorld) -> StepResult {
    let dir = tempfile::Builder::new().prefix("mcp-agent-fs-").tempdir()?;
    let (target, _) = filesystem::serving(&dir)?;
    world.use_scenario_target(target);
    world.agent.served = Some(dir);
    Ok(())
}

#[then(expr = "the served file {string} holds {string}")]
async fn served_file(world: &mut McpWorld, path: String, text: String) -> StepResult {
    let content = world.agent.served_file(&path)?;
    let text = text.replace("\\n", "\n");
    ensure!(content == text, "{path} holds {content:?}, not {text:?}");
    Ok(())
}
