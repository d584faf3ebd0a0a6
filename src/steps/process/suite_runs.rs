//! Process steps: runs of the suite itself.

use super::*;

#[when(expr = "the suite runs the features tagged {string}")]
pub(super) async fn run_tagged(world: &mut McpWorld, tags: String) -> StepResult {
    ps::suite_runs::run(world, RunOptions::tagged(&tags)).await
}

#[when(expr = "the suite runs the features tagged {string} without a display")]
pub(super) async fn run_headless(world: &mut McpWorld, tags: String) -> StepResult {
    // Every run removes DISPLAY and WAYLAND_DISPLAY; this step names it.
    ps::suite_runs::run(world, RunOptions::tagged(&tags)).await
}

#[when(expr = "the suite runs the features tagged {string} with nothing on its standard input")]
pub(super) async fn run_no_input(world: &mut McpWorld, tags: String) -> StepResult {
    // Every run reads its stdin from /dev/null; this step names it.
    ps::suite_runs::run(world, RunOptions::tagged(&tags)).await
}

#[when(expr = "the suite runs the features tagged {string} with {word} set to {string}")]
pub(super) async fn run_with_env(
    world: &mut McpWorld,
    tags: String,
    var: String,
    value: String,
) -> StepResult {
    ps::suite_runs::run(world, RunOptions::tagged(&tags).with_env(&var, &value)).await
}

#[when(
    expr = "the suite runs the features tagged {string} against the reference server in place of mcp-process"
)]
pub(super) async fn run_against_reference(world: &mut McpWorld, tags: String) -> StepResult {
    let options = RunOptions::tagged(&tags).against_reference_server(&world.process.dir()?)?;
    ps::suite_runs::run(world, options).await
}

#[when("the suite runs this feature:")]
pub(super) async fn run_feature(world: &mut McpWorld, step: &Step) -> StepResult {
    let options = RunOptions::feature(&world.process.dir()?, docstring(step)?)?;
    ps::suite_runs::run(world, options).await
}

#[when(expr = "the suite runs this feature and is killed hard once it runs {string}:")]
pub(super) async fn run_feature_killed(
    world: &mut McpWorld,
    program: String,
    step: &Step,
) -> StepResult {
    let dir = world.process.dir()?;
    let options = RunOptions::feature(&dir, docstring(step)?)?;
    let run = ps::suite_runs::run_suite_killed_once_running(&dir, options, &program).await?;
    world.process.run = Some(run);
    Ok(())
}

#[then(expr = "the run passes within {float} seconds")]
pub(super) async fn run_passes(world: &mut McpWorld, seconds: f64) -> StepResult {
    world
        .process
        .run()?
        .expect_passed_within(Duration::from_secs_f64(seconds))
}

#[then("the run fails")]
pub(super) async fn run_fails(world: &mut McpWorld) -> StepResult {
    world.process.run()?.expect_failed()
}

#[then(expr = "the run's output says {string}")]
pub(super) async fn run_says(world: &mut McpWorld, text: String) -> StepResult {
    world.process.run()?.expect_says(&text)
}

#[then("the run's output says each of:")]
pub(super) async fn run_says_each(world: &mut McpWorld, step: &Step) -> StepResult {
    let run = world.process.run()?;
    table(step)?
        .iter()
        .flatten()
        .try_for_each(|text| run.expect_says(text.trim()))
}

#[then(expr = "the run's output names the failed step {string}")]
pub(super) async fn run_names_failed_step(world: &mut McpWorld, name: String) -> StepResult {
    world.process.run()?.expect_step_marked(&name, '✘')
}

#[then(expr = "the run's output marks the step {string} as passed")]
pub(super) async fn run_names_passed_step(world: &mut McpWorld, name: String) -> StepResult {
    world.process.run()?.expect_step_marked(&name, '✔')
}
