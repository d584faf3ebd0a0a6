//! The hub's CLI run as a person runs it: the command line comes from the feature's examples
//! table, output and exit code are checked, JSON output parsed, questions answered on stdin.

use std::time::Duration;

use cucumber::{gherkin::Step, given, then, when};

use super::table;
use crate::steps::StepResult;
use crate::world::McpWorld;

/// How long one CLI command may take.
const CLI_LIMIT: Duration = Duration::from_secs(20);

fn words(line: &str) -> anyhow::Result<Vec<String>> {
    Ok(shell_words::split(line)?)
}

#[when(regex = r#"^the user runs "(.+)"$"#)]
async fn runs(world: &mut McpWorld, line: String) -> StepResult {
    world
        .hub
        .run_cli(&words(&line)?, &[], "", CLI_LIMIT)
        .await
        .map(drop)
}

#[when(regex = r#"^the user runs "(.+)" asking for JSON$"#)]
async fn runs_json(world: &mut McpWorld, line: String) -> StepResult {
    let mut words = words(&line)?;
    words.push("--json".into());
    world
        .hub
        .run_cli(&words, &[], "", CLI_LIMIT)
        .await
        .map(drop)
}

#[when(regex = r#"^the user runs "(.+)" with the hub's API key$"#)]
async fn runs_with_key(world: &mut McpWorld, line: String) -> StepResult {
    let key = world.hub.api_key.clone().unwrap_or_default();
    world
        .hub
        .run_cli(&words(&line)?, &[("MCP_HUB_API_KEY", &key)], "", CLI_LIMIT)
        .await
        .map(drop)
}

#[when(regex = r#"^the user runs "(.+)" answering its questions with:$"#)]
async fn runs_answering(world: &mut McpWorld, line: String, step: &Step) -> StepResult {
    let answers: Vec<String> = table(step)?
        .iter()
        .skip(1)
        .map(|row| row.last().cloned().unwrap_or_default())
        .collect();
    let input = answers.join("\n") + "\n";
    world
        .hub
        .run_cli(&words(&line)?, &[], &input, CLI_LIMIT)
        .await
        .map(drop)
}

#[then("the hub left no record of running behind")]
async fn no_running_record(world: &mut McpWorld) -> StepResult {
    world.hub.expect_no_running_record()
}

#[then(expr = "the CLI exits with code {int}")]
async fn exits_with(world: &mut McpWorld, code: i32) -> StepResult {
    world.hub.last_cli()?.expect_code(code)
}

#[then(expr = "the CLI says {string}")]
async fn says(world: &mut McpWorld, text: String) -> StepResult {
    world.hub.last_cli()?.expect_says(&text)
}

#[then("the CLI's output has no colour codes")]
async fn no_colour(world: &mut McpWorld) -> StepResult {
    let run = world.hub.last_cli()?;
    anyhow::ensure!(
        !run.stdout.contains('\x1b'),
        "stdout has escape codes: {:?}",
        run.stdout
    );
    Ok(())
}

#[then("the CLI's output is coloured")]
async fn coloured(world: &mut McpWorld) -> StepResult {
    let run = world.hub.last_cli()?;
    anyhow::ensure!(
        run.stdout.contains("\x1b["),
        "stdout has no colour codes: {:?}",
        run.stdout
    );
    Ok(())
}

#[then("the CLI's JSON output has:")]
async fn json_has(world: &mut McpWorld, step: &Step) -> StepResult {
    let run = world.hub.last_cli()?;
    for row in table(step)?.iter().skip(1) {
        let (pointer, wanted) = (row[0].trim(), row[1].trim());
        let found = run.json_at(pointer)?;
        let expected: serde_json::Value =
            serde_json::from_str(wanted).unwrap_or_else(|_| wanted.into());
        anyhow::ensure!(
            found == expected,
            "{pointer} is {found}, not {expected}; stdout:\n{}",
            run.stdout
        );
    }
    Ok(())
}

#[then(expr = "the config file lists the backend {string}")]
async fn config_lists(world: &mut McpWorld, backend: String) -> StepResult {
    let text = std::fs::read_to_string(world.hub.config_path()?)?;
    let config: serde_json::Value = serde_json::from_str(&text)?;
    let names: Vec<&str> = config["servers"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["name"].as_str())
        .collect();
    anyhow::ensure!(
        names.contains(&backend.as_str()),
        "the config lists {names:?}, not \"{backend}\""
    );
    Ok(())
}

/// Colour forced (`FORCE_COLOR=1`), forced and refused (`NO_COLOR=1` as well), or forced off
/// (`FORCE_COLOR=0`).
#[when(regex = r#"^the user runs "(.+)" with colour forced( and NO_COLOR set| off)?$"#)]
async fn runs_colour(world: &mut McpWorld, line: String, how: String) -> StepResult {
    let env: &[(&str, &str)] = match how.as_str() {
        " and NO_COLOR set" => &[("FORCE_COLOR", "1"), ("NO_COLOR", "1")],
        " off" => &[("FORCE_COLOR", "0")],
        _ => &[("FORCE_COLOR", "1")],
    };
    world
        .hub
        .run_cli(&words(&line)?, env, "", CLI_LIMIT)
        .await
        .map(drop)
}

#[then(expr = "the CLI's health reports {string} as {word}")]
async fn cli_health(world: &mut McpWorld, backend: String, state: String) -> StepResult {
    let limit = world.timeout;
    world.hub.expect_cli_health(&backend, &state, limit).await
}

/// The flaws are named in `HubScenario::write_config_with_flaw`.
#[given(regex = r"^the hub's config has (.+)$")]
async fn config_flaw(world: &mut McpWorld, flaw: String) -> StepResult {
    world.hub.write_config_with_flaw(&flaw)
}

#[given(expr = "the hub's config file holds the text {string}")]
async fn config_text(world: &mut McpWorld, text: String) -> StepResult {
    world.hub.write_config_text(&text)
}

/// `stop` waits for the hub to end: when it returns, the hub's process has ended (checked at
/// once, no waiting).
#[then("the hub had already stopped when the CLI returned")]
async fn hub_stopped_already(world: &mut McpWorld) -> StepResult {
    let hub = world
        .hub
        .hub
        .as_mut()
        .ok_or_else(|| anyhow::anyhow!("no hub was started in the background"))?;
    match hub.try_exit_status() {
        Some(_) => Ok(()),
        None => anyhow::bail!("the CLI's stop returned while the hub was still running"),
    }
}
