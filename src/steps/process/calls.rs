//! Process steps: calling tools.

use super::*;

/// Calls a tool on the default session, records the reply, and remembers the process or
/// service a successful start reports.
pub(super) async fn call(
    world: &mut McpWorld,
    name: &str,
    arguments: Map<String, Value>,
) -> StepResult {
    let request = format!(
        "tools/call \"{name}\" with {}",
        Value::Object(arguments.clone())
    );
    let reply = world.client()?.call_tool(name, arguments).await?;
    if let Ok((is_error, result)) = tool_json(&request, &reply) {
        // A start that timed out or broke a limit still names its process.
        if name.starts_with("process_start") && result.get("pid").is_some() {
            world.process.pid = result.get("pid").and_then(Value::as_i64);
        }
        if name == "process_start_service" && !is_error {
            world.process.service_id = result
                .get("serviceId")
                .and_then(Value::as_str)
                .map(str::to_owned);
            world.process.first_service_pid = world.process.pid;
        }
    }
    world.record(Outcome::Reply { request, reply });
    Ok(())
}

pub(super) fn docstring_arguments(
    world: &McpWorld,
    step: &Step,
) -> anyhow::Result<Map<String, Value>> {
    let text = step
        .docstring
        .as_deref()
        .context("this step needs the tool arguments as a JSON docstring")?;
    ps::arguments_from(
        strip_media_type(text),
        world.process.pid,
        world.process.service_id.as_deref(),
    )
}

pub(super) fn start_arguments(executable: &str, args: &str) -> anyhow::Result<Map<String, Value>> {
    let args = shell_words::split(args).with_context(|| format!("bad arguments: {args}"))?;
    Ok(json!({"executable": executable, "args": args})
        .as_object()
        .cloned()
        .unwrap())
}

#[when(expr = "the client starts {string} with the arguments {string}")]
pub(super) async fn start(world: &mut McpWorld, executable: String, args: String) -> StepResult {
    let arguments = start_arguments(&executable, &args)?;
    call(world, "process_start", arguments).await
}

#[when(expr = "the client starts {string} with the arguments {string} and:")]
pub(super) async fn start_with(
    world: &mut McpWorld,
    executable: String,
    args: String,
    step: &Step,
) -> StepResult {
    let mut arguments = start_arguments(&executable, &args)?;
    arguments.extend(docstring_arguments(world, step)?);
    call(world, "process_start", arguments).await
}

#[when(expr = "the client starts the test program with {string}")]
pub(super) async fn start_testee(world: &mut McpWorld, args: String) -> StepResult {
    let arguments = start_arguments(TESTEE, &args)?;
    call(world, "process_start", arguments).await
}

#[when(expr = "the client starts the test program with {string} and:")]
pub(super) async fn start_testee_with(
    world: &mut McpWorld,
    args: String,
    step: &Step,
) -> StepResult {
    let mut arguments = start_arguments(TESTEE, &args)?;
    arguments.extend(docstring_arguments(world, step)?);
    call(world, "process_start", arguments).await
}

/// Tool arguments from a JSON object literal.
fn arguments(object: Value) -> Map<String, Value> {
    match object {
        Value::Object(map) => map,
        other => unreachable!("tool arguments are built from object literals, not {other}"),
    }
}

#[when(expr = "the client calls {word} with:")]
pub(super) async fn call_with(world: &mut McpWorld, tool: String, step: &Step) -> StepResult {
    let arguments = docstring_arguments(world, step)?;
    call(world, &tool, arguments).await
}

#[when(expr = "the client calls {word} for that process")]
pub(super) async fn call_for_process(world: &mut McpWorld, tool: String) -> StepResult {
    let pid = world.process.pid()?;
    call(world, &tool, arguments(json!({"pid": pid}))).await
}

#[when(expr = "the client calls {word} for that process with:")]
pub(super) async fn call_for_process_with(
    world: &mut McpWorld,
    tool: String,
    step: &Step,
) -> StepResult {
    let mut arguments = arguments(json!({"pid": world.process.pid()?}));
    arguments.extend(docstring_arguments(world, step)?);
    call(world, &tool, arguments).await
}

#[when(expr = "the client calls {word} for a process id the server never started")]
pub(super) async fn call_for_unknown(world: &mut McpWorld, tool: String) -> StepResult {
    call(world, &tool, arguments(json!({"pid": UNKNOWN_PID}))).await
}

#[when(expr = "the client calls {word} for that service")]
pub(super) async fn call_for_service(world: &mut McpWorld, tool: String) -> StepResult {
    let id = world.process.service_id()?;
    call(world, &tool, arguments(json!({"serviceId": id}))).await
}

/// Calls `tool` for the remembered process or service until `done` accepts the result, bounded
/// by the scenario's wait; fails with the last result.
pub(super) async fn poll(
    world: &mut McpWorld,
    tool: &str,
    what: &str,
    done: impl Fn(&Value) -> bool,
) -> StepResult {
    let arguments = match tool {
        "process_get_service_status" => json!({"serviceId": world.process.service_id()?}),
        _ => json!({"pid": world.process.pid()?}),
    };
    let arguments = arguments.as_object().cloned().unwrap();
    let deadline = std::time::Instant::now() + world.timeout;
    loop {
        call(world, tool, arguments.clone()).await?;
        let (request, reply) = world.last_reply()?;
        let (_, result) = tool_json(&request, &reply)?;
        if done(&result) {
            return Ok(());
        }
        ensure!(
            std::time::Instant::now() < deadline,
            "{what}: not so after {:.1}s; {tool} last answered:\n{}",
            world.timeout.as_secs_f64(),
            pretty(&result)
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[when(expr = "the client waits until that process is {word}")]
pub(super) async fn wait_state(world: &mut McpWorld, state: String) -> StepResult {
    let what = format!("waiting for the process to be {state}");
    poll(world, "process_get_status", &what, |r| {
        r.get("state").and_then(Value::as_str) == Some(&state)
    })
    .await
}

#[when(expr = "the client waits until the output of that process contains {string}")]
pub(super) async fn wait_output(world: &mut McpWorld, text: String) -> StepResult {
    let what = format!("waiting for \"{text}\" in the output");
    poll(world, "process_get_output", &what, |r| {
        ["stdout", "stderr"].iter().any(|s| {
            r.get(*s)
                .and_then(Value::as_str)
                .is_some_and(|o| o.contains(&text))
        })
    })
    .await
}

#[when(expr = "the client waits until the memory use of that process reaches {float} MB")]
pub(super) async fn wait_memory(world: &mut McpWorld, megabytes: f64) -> StepResult {
    let what = format!("waiting for memoryMB to reach {megabytes}");
    poll(world, "process_get_stats", &what, |r| {
        r.get("memoryMB")
            .and_then(Value::as_f64)
            .is_some_and(|m| m >= megabytes)
    })
    .await
}

#[when("the client waits until that service has restarted")]
pub(super) async fn wait_restart(world: &mut McpWorld) -> StepResult {
    let first = world.process.first_service_pid;
    poll(
        world,
        "process_get_service_status",
        "waiting for the service to restart",
        |r| {
            r.get("restarts").and_then(Value::as_i64).unwrap_or(0) >= 1
                && r.get("state").and_then(Value::as_str) == Some("running")
                && r.get("pid").and_then(Value::as_i64).is_some()
                && r.get("pid").and_then(Value::as_i64) != first
        },
    )
    .await?;
    let (request, reply) = world.last_reply()?;
    world.process.pid = tool_json(&request, &reply)?
        .1
        .get("pid")
        .and_then(Value::as_i64);
    Ok(())
}

#[when("that process has set up its SIGTERM handler")]
pub(super) async fn sigterm_handler(world: &mut McpWorld) -> StepResult {
    let pid = world.process.pid()?;
    let deadline = std::time::Instant::now() + world.timeout;
    while !ps::catches_signal(pid, nix::sys::signal::Signal::SIGTERM as i32) {
        ensure!(
            std::time::Instant::now() < deadline,
            "process {pid} ({}) set up no SIGTERM handler within {:.1}s",
            ps::cmdline(pid).trim(),
            world.timeout.as_secs_f64()
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    Ok(())
}

#[when(expr = "{float} seconds pass")]
pub(super) async fn time_passes(_world: &mut McpWorld, seconds: f64) -> StepResult {
    tokio::time::sleep(Duration::from_secs_f64(seconds)).await;
    Ok(())
}
