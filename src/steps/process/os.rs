//! Process steps: the operating system's view.

use super::*;

#[then("that process is running in the operating system")]
pub(super) async fn running_in_os(world: &mut McpWorld) -> StepResult {
    let pid = world.process.pid()?;
    match os_state(pid) {
        OsState::Alive(_) => Ok(()),
        other => bail!("process {pid} is not running: /proc shows {other:?}"),
    }
}

#[then(expr = "that process is gone from the operating system within {float} seconds")]
pub(super) async fn gone_from_os(world: &mut McpWorld, seconds: f64) -> StepResult {
    let pid = world.process.pid()?;
    ps::wait_until_gone(pid, Duration::from_secs_f64(seconds), false).await
}

#[then(expr = "that process has been reaped within {float} seconds")]
pub(super) async fn reaped(world: &mut McpWorld, seconds: f64) -> StepResult {
    let pid = world.process.pid()?;
    ps::wait_until_gone(pid, Duration::from_secs_f64(seconds), true).await
}

#[then(
    expr = "the result's memoryMB is within {float} MB of the resident memory the operating system reports"
)]
pub(super) async fn memory_matches_os(world: &mut McpWorld, margin: f64) -> StepResult {
    let pid = world.process.pid()?;
    let (request, value, json) = result_field(world, "memoryMB")?;
    let reported = value.as_f64().context("memoryMB is not a number")?;
    let resident = ps::resident_mb(pid)?;
    ensure!(
        (reported - resident).abs() <= margin,
        "{request}: memoryMB {reported:.1}, the operating system reports {resident:.1} MiB resident:\n{}",
        pretty(&json)
    );
    Ok(())
}

#[then(expr = "the environment of that process in the operating system has {string}")]
pub(super) async fn os_environment(world: &mut McpWorld, entry: String) -> StepResult {
    let pid = world.process.pid()?;
    let env = ps::environ(pid)?;
    ensure!(
        env.contains(&entry),
        "process {pid} does not have {entry} in its environment: {env:?}"
    );
    Ok(())
}

#[then("the service runs under a new process id")]
pub(super) async fn new_service_pid(world: &mut McpWorld) -> StepResult {
    let (first, now) = (world.process.first_service_pid, world.process.pid()?);
    ensure!(Some(now) != first, "the service still has process id {now}");
    ensure!(
        matches!(os_state(now), OsState::Alive(_)),
        "the restarted service's process {now} is not running"
    );
    if let Some(first) = first {
        ensure!(
            !matches!(os_state(first), OsState::Alive(_)),
            "the crashed process {first} is still running"
        );
    }
    Ok(())
}

pub(super) fn server_pid(world: &mut McpWorld) -> anyhow::Result<i64> {
    let session = world.session(DEFAULT_SESSION)?;
    let process = session
        .link
        .process
        .as_ref()
        .context("the suite did not start this server")?;
    Ok(i64::from(process.pid()))
}

#[then("the server runs as a child process of the suite")]
pub(super) async fn server_is_child(world: &mut McpWorld) -> StepResult {
    let pid = server_pid(world)?;
    let parent = ps::parent_of(pid);
    ensure!(
        parent == Some(i64::from(std::process::id())),
        "the server (pid {pid}) has parent {parent:?}, not the suite ({})",
        std::process::id()
    );
    ensure!(
        ps::cmdline(pid).contains(SERVER_NAME),
        "process {pid} is not mcp-process: {}",
        ps::cmdline(pid)
    );
    Ok(())
}

#[then("the server's standard input, output and error are pipes")]
pub(super) async fn server_pipes(world: &mut McpWorld) -> StepResult {
    let pid = server_pid(world)?;
    for fd in 0..3 {
        let target = ps::fd_target(pid, fd)?;
        ensure!(
            target.starts_with("pipe:"),
            "file descriptor {fd} of the server is {target}, not a pipe"
        );
    }
    Ok(())
}

#[then("the client sent initialize first, and nothing more until the server answered it")]
pub(super) async fn initialize_first(world: &mut McpWorld) -> StepResult {
    checks::initialize_came_first(&world.session(DEFAULT_SESSION)?.link.frames.frames())
}

#[then(
    expr = "the server was started from the bundled binary {string} with the registry's arguments"
)]
pub(super) async fn started_from_bundled(world: &mut McpWorld, name: String) -> StepResult {
    let expected = resolve_bundled(&name)?;
    let target = world.target()?;
    let registered = target.stdio_launch()?;
    let session = world.session(DEFAULT_SESSION)?;
    let spec = &session
        .link
        .process
        .as_ref()
        .context("the suite did not start this server")?
        .spec;
    ensure!(
        spec.program == expected && spec.args == registered.args,
        "the server was started as {}, expected {} {}",
        spec.command_line(),
        expected.display(),
        registered.args.join(" ")
    );
    Ok(())
}
