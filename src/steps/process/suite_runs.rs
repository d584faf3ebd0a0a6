//! Process steps: runs of the suite itself.

use super::*;

pub(super) async fn run(world: &mut McpWorld, options: RunOptions) -> StepResult {
    let dir = world.process.dir()?;
    let run = ps::run_suite(&dir, options).await?;
    world.process.run = Some(run);
    Ok(())
}

pub(super) fn tag_args(tags: &str) -> Vec<String> {
    vec!["--tags".to_owned(), tags.to_owned()]
}

#[when(expr = "the suite runs the features tagged {string}")]
pub(super) async fn run_tagged(world: &mut McpWorld, tags: String) -> StepResult {
    let limit = Duration::from_secs(300);
    run(
        world,
        RunOptions {
            args: tag_args(&tags),
            limit,
            ..Default::default()
        },
    )
    .await
}

#[when(expr = "the suite runs the features tagged {string} without a display")]
pub(super) async fn run_headless(world: &mut McpWorld, tags: String) -> StepResult {
    // Every run removes DISPLAY and WAYLAND_DISPLAY; this step names it.
    run_tagged(world, tags).await
}

#[when(expr = "the suite runs the features tagged {string} with nothing on its standard input")]
pub(super) async fn run_no_input(world: &mut McpWorld, tags: String) -> StepResult {
    // Every run reads its stdin from /dev/null; this step names it.
    run_tagged(world, tags).await
}

#[when(expr = "the suite runs the features tagged {string} with {word} set to {string}")]
pub(super) async fn run_with_env(
    world: &mut McpWorld,
    tags: String,
    var: String,
    value: String,
) -> StepResult {
    let options = RunOptions {
        args: tag_args(&tags),
        env: vec![(var, value)],
        limit: Duration::from_secs(300),
        ..Default::default()
    };
    run(world, options).await
}

#[when(
    expr = "the suite runs the features tagged {string} against the reference server in place of mcp-process"
)]
pub(super) async fn run_against_reference(world: &mut McpWorld, tags: String) -> StepResult {
    let dir = world.process.dir()?;
    let args = vec!["--transport".to_owned(), "stdio".to_owned()];
    let registry = ps::write_registry(&dir, SERVER_NAME, "mcp-reference-server", true, &args)?;
    let options = RunOptions {
        args: tag_args(&tags),
        env: vec![("MCP_REGISTRY".to_owned(), registry.display().to_string())],
        limit: Duration::from_secs(300),
        ..Default::default()
    };
    run(world, options).await
}

#[when("the suite runs this feature:")]
pub(super) async fn run_feature(world: &mut McpWorld, step: &Step) -> StepResult {
    let text = step
        .docstring
        .as_deref()
        .context("this step needs the feature as a docstring")?;
    let dir = world.process.dir()?;
    let features = dir.join("features");
    std::fs::create_dir_all(&features)?;
    let text = strip_media_type(text).replace("$marker", &ps::run_marker(&dir));
    std::fs::write(features.join("scenario.feature"), text)?;
    let options = RunOptions {
        features: Some(features),
        limit: Duration::from_secs(60),
        ..Default::default()
    };
    run(world, options).await
}

pub(super) fn last_run(world: &McpWorld) -> anyhow::Result<&SuiteRun> {
    world.process.run()
}

#[then(expr = "the run passes within {float} seconds")]
pub(super) async fn run_passes(world: &mut McpWorld, seconds: f64) -> StepResult {
    let run = last_run(world)?;
    ensure!(
        run.status.is_some_and(|s| s.success()),
        "the run did not pass{}",
        run.evidence()
    );
    let counts = run.closing_line();
    ensure!(
        counts.is_some_and(|(passed, failed, skipped)| passed > 0 && failed == 0 && skipped == 0),
        "the run's closing line should count passed scenarios and no failed or skipped ones{}",
        run.evidence()
    );
    ensure!(
        run.elapsed <= Duration::from_secs_f64(seconds),
        "the run took {:.1}s, more than {seconds}s{}",
        run.elapsed.as_secs_f64(),
        run.evidence()
    );
    Ok(())
}

#[then("the run fails")]
pub(super) async fn run_fails(world: &mut McpWorld) -> StepResult {
    let run = last_run(world)?;
    ensure!(
        run.status.is_some_and(|s| !s.success())
            && run.closing_line().is_some_and(|(_, failed, _)| failed > 0),
        "the run should have failed, with failures counted{}",
        run.evidence()
    );
    Ok(())
}

#[then(expr = "the run's output says {string}")]
pub(super) async fn run_says(world: &mut McpWorld, text: String) -> StepResult {
    let run = last_run(world)?;
    ensure!(
        run.stdout.contains(&text) || run.stderr.contains(&text),
        "the run's output does not say \"{text}\"{}",
        run.evidence()
    );
    Ok(())
}

#[then(expr = "the run's output names the failed step {string}")]
pub(super) async fn run_names_failed_step(world: &mut McpWorld, expected: String) -> StepResult {
    let run = last_run(world)?;
    let failed = run
        .stdout
        .lines()
        .any(|line| line.contains('✘') && line.contains(&expected));
    ensure!(
        failed,
        "the run's output does not mark \"{expected}\" as the failed step (✘){}",
        run.evidence()
    );
    Ok(())
}

#[then(expr = "the run's output marks the step {string} as passed")]
pub(super) async fn run_names_passed_step(world: &mut McpWorld, expected: String) -> StepResult {
    let run = last_run(world)?;
    let passed = run
        .stdout
        .lines()
        .any(|line| line.contains('✔') && line.contains(&expected));
    ensure!(
        passed,
        "the run's output does not mark \"{expected}\" as passed (✔){}",
        run.evidence()
    );
    Ok(())
}
