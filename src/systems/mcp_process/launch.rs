//! How the suite starts the server under test for the process scenarios: mcp-process from the
//! registry, a bundled server or a command given another configuration file, the test program
//! standing in for a server; and checks on how the running server was started.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail, ensure};
use serde_json::Value;

use super::testee::TestProgram;
use super::{SERVER_NAME, TESTEE};
use crate::harness::child_process::ServerProcess;
use crate::harness::fixture_binaries::resolve_bundled;
use crate::mcp::registry::Target;
use crate::world::{DEFAULT_SESSION, McpWorld, Outcome};

/// mcp-process as the registry describes it.
pub fn registered_server() -> Result<Target> {
    Target::registered(SERVER_NAME)
}

/// The bundled server `name` (built by the runner, or not: then it cannot start) reading the
/// configuration file `file`; its registry goes to `dir`.
pub fn bundled_with_config(dir: &Path, name: &str, file: &str) -> Result<Target> {
    let args = ["--config".to_owned(), file.to_owned()];
    let registry = write_registry(dir, name, name, true, &args)?;
    Target::from_registry(&registry, Some(name), crate::package_root())
}

/// A server started by the command `command` (looked up on PATH) with the configuration file
/// `file`.
pub fn command_with_config(command: &str, file: &str) -> Result<Target> {
    Target::from_command_line(&shell_words::join([command, "--config", file]))
}

/// The test program run as if it were the server under test; its registry goes to `dir`.
pub fn test_program_as_server(dir: &Path, program: &TestProgram) -> Result<Target> {
    let registry = write_registry(dir, TESTEE, TESTEE, true, &program.args)?;
    Target::from_registry(&registry, Some(TESTEE), crate::package_root())
}

/// A registry file holding one stdio server under `name`.
pub fn write_registry(
    dir: &Path,
    name: &str,
    command: &str,
    bundled: bool,
    args: &[String],
) -> Result<PathBuf> {
    let path = dir.join("servers.toml");
    let args: Vec<String> = args
        .iter()
        .map(|a| Value::from(a.as_str()).to_string())
        .collect();
    let text = format!(
        "default = \"{name}\"\n\n[servers.{name}]\ndescription = \"defined by a scenario\"\n\n[servers.{name}.stdio]\ncommand = {}\nbundled = {bundled}\nargs = [{}]\n",
        Value::from(command),
        args.join(", ")
    );
    std::fs::write(&path, text)?;
    Ok(path)
}

/// The server process the suite started for the scenario's client.
fn server_process(world: &mut McpWorld) -> Result<&ServerProcess> {
    let session = world.session(DEFAULT_SESSION)?;
    session
        .link
        .process
        .as_ref()
        .context("the suite did not start this server")
}

/// The process id of the server the suite started for the scenario's client.
pub fn server_pid(world: &mut McpWorld) -> Result<i64> {
    Ok(i64::from(server_process(world)?.pid()))
}

/// The server was started from the bundled binary `name` with the arguments the registry gives
/// the server under test.
pub fn expect_started_from_bundled(world: &mut McpWorld, name: &str) -> Result<()> {
    let expected = resolve_bundled(name)?;
    let registered = world.target()?.stdio_launch()?;
    let spec = &server_process(world)?.spec;
    ensure!(
        spec.program == expected && spec.args == registered.args,
        "the server was started as {}, expected {} {}",
        spec.command_line(),
        expected.display(),
        registered.args.join(" ")
    );
    Ok(())
}

/// The last attempt to connect failed, and its failure gives the command that builds the
/// bundled binary `name`.
pub fn expect_build_command_given(last: Option<&Outcome>, name: &str) -> Result<()> {
    let command = format!("build it with `cargo build --workspace --bin {name}");
    match last {
        Some(Outcome::Failed { error, .. }) => {
            ensure!(
                error.contains(&command),
                "the failure does not say \"{command}\"; it says:\n{error}"
            );
            Ok(())
        }
        other => bail!("expected a failed attempt, got {other:?}"),
    }
}
