//! Steps of `features/process/`: the mcp-process server, the processes it starts (checked in
//! `/proc`), its services, and runs of the suite itself. Support: `support::process_server`.

use std::time::Duration;

use anyhow::{Context, bail, ensure};
use cucumber::gherkin::Step;
use cucumber::{given, then, when};
use serde_json::{Map, Value, json};

use crate::registry::Target;
use crate::steps::StepResult;
use crate::steps::protocol::jsonrpc::strip_media_type;
use crate::support::feature_files;
use crate::support::jsonrpc::{self, pretty};
use crate::support::process::resolve_bundled;
use crate::support::process_checks as checks;
use crate::support::process_server::{
    self as ps, OsState, RunOptions, SERVER_NAME, SuiteRun, TESTEE, field, os_state, same_value,
    tool_json,
};
use crate::world::{DEFAULT_SESSION, McpWorld, Outcome};

/// A process id no server started (and no process has).
const UNKNOWN_PID: i64 = 999_999_999;

// ---- the server under test ----

#[given("the mcp-process server")]
async fn the_server(world: &mut McpWorld) -> StepResult {
    world.use_scenario_target(Target::registered(SERVER_NAME)?);
    Ok(())
}

#[given(expr = "the bundled server {string} started with the arguments {string}")]
async fn bundled_server(world: &mut McpWorld, name: String, args: String) -> StepResult {
    let args = shell_words::split(&args)?;
    let registry = ps::write_registry(&world.process.dir()?, &name, &name, true, &args)?;
    world.use_scenario_target(Target::from_registry(
        &registry,
        Some(&name),
        crate::package_root(),
    )?);
    Ok(())
}

// ---- calling tools ----

/// Calls a tool on the default session, records the reply, and remembers the process or
/// service a successful start reports.
async fn call(world: &mut McpWorld, name: &str, arguments: Map<String, Value>) -> StepResult {
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

fn docstring_arguments(world: &McpWorld, step: &Step) -> anyhow::Result<Map<String, Value>> {
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

fn start_arguments(executable: &str, args: &str) -> anyhow::Result<Map<String, Value>> {
    let args = shell_words::split(args).with_context(|| format!("bad arguments: {args}"))?;
    Ok(json!({"executable": executable, "args": args})
        .as_object()
        .cloned()
        .unwrap())
}

#[when(expr = "the client starts {string} with the arguments {string}")]
async fn start(world: &mut McpWorld, executable: String, args: String) -> StepResult {
    let arguments = start_arguments(&executable, &args)?;
    call(world, "process_start", arguments).await
}

#[when(expr = "the client starts {string} with the arguments {string} and:")]
async fn start_with(
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
async fn start_testee(world: &mut McpWorld, args: String) -> StepResult {
    let arguments = start_arguments(TESTEE, &args)?;
    call(world, "process_start", arguments).await
}

#[when(expr = "the client starts the test program with {string} and:")]
async fn start_testee_with(world: &mut McpWorld, args: String, step: &Step) -> StepResult {
    let mut arguments = start_arguments(TESTEE, &args)?;
    arguments.extend(docstring_arguments(world, step)?);
    call(world, "process_start", arguments).await
}

#[when(expr = "the client calls {word} with:")]
async fn call_with(world: &mut McpWorld, tool: String, step: &Step) -> StepResult {
    let arguments = docstring_arguments(world, step)?;
    call(world, &tool, arguments).await
}

#[when(expr = "the client calls {word} for that process")]
async fn call_for_process(world: &mut McpWorld, tool: String) -> StepResult {
    let pid = world.process.pid()?;
    call(
        world,
        &tool,
        json!({"pid": pid}).as_object().cloned().unwrap(),
    )
    .await
}

#[when(expr = "the client calls {word} for that process with:")]
async fn call_for_process_with(world: &mut McpWorld, tool: String, step: &Step) -> StepResult {
    let mut arguments = json!({"pid": world.process.pid()?})
        .as_object()
        .cloned()
        .unwrap();
    arguments.extend(docstring_arguments(world, step)?);
    call(world, &tool, arguments).await
}

#[when(expr = "the client calls {word} for a process id the server never started")]
async fn call_for_unknown(world: &mut McpWorld, tool: String) -> StepResult {
    let arguments = json!({"pid": UNKNOWN_PID}).as_object().cloned().unwrap();
    call(world, &tool, arguments).await
}

#[when(expr = "the client calls {word} for that service")]
async fn call_for_service(world: &mut McpWorld, tool: String) -> StepResult {
    let id = world.process.service_id()?;
    call(
        world,
        &tool,
        json!({"serviceId": id}).as_object().cloned().unwrap(),
    )
    .await
}

/// Calls `tool` for the remembered process or service until `done` accepts the result, bounded
/// by the scenario's wait; fails with the last result.
async fn poll(
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
async fn wait_state(world: &mut McpWorld, state: String) -> StepResult {
    let what = format!("waiting for the process to be {state}");
    poll(world, "process_get_status", &what, |r| {
        r.get("state").and_then(Value::as_str) == Some(&state)
    })
    .await
}

#[when(expr = "the client waits until the output of that process contains {string}")]
async fn wait_output(world: &mut McpWorld, text: String) -> StepResult {
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
async fn wait_memory(world: &mut McpWorld, megabytes: f64) -> StepResult {
    let what = format!("waiting for memoryMB to reach {megabytes}");
    poll(world, "process_get_stats", &what, |r| {
        r.get("memoryMB")
            .and_then(Value::as_f64)
            .is_some_and(|m| m >= megabytes)
    })
    .await
}

#[when("the client waits until that service has restarted")]
async fn wait_restart(world: &mut McpWorld) -> StepResult {
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
async fn sigterm_handler(world: &mut McpWorld) -> StepResult {
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
async fn time_passes(_world: &mut McpWorld, seconds: f64) -> StepResult {
    tokio::time::sleep(Duration::from_secs_f64(seconds)).await;
    Ok(())
}

// ---- checking tool results ----

/// The JSON of the last tool result, or the last JSON-RPC result (initialize, …).
fn result_json(world: &McpWorld) -> anyhow::Result<(String, bool, Value)> {
    let (request, reply) = world.last_reply()?;
    if let Ok(result) = &reply
        && result.get("content").is_none()
    {
        return Ok((request, false, result.clone()));
    }
    let (is_error, json) = tool_json(&request, &reply)?;
    Ok((request, is_error, json))
}

fn result_field(world: &McpWorld, path: &str) -> anyhow::Result<(String, Value, Value)> {
    let (request, _, json) = result_json(world)?;
    let value = field(&json, path)
        .cloned()
        .with_context(|| format!("{request}: the result has no {path}:\n{}", pretty(&json)))?;
    Ok((request, value, json))
}

#[then("the server reports success")]
async fn reports_success(world: &mut McpWorld) -> StepResult {
    let (request, is_error, json) = result_json(world)?;
    ensure!(
        !is_error && json.get("status") == Some(&json!("success")),
        "{request}: expected status \"success\", the server returned:\n{}",
        pretty(&json)
    );
    Ok(())
}

#[then(expr = "the call fails with the code {string}")]
async fn fails_with_code(world: &mut McpWorld, code: String) -> StepResult {
    let (request, is_error, json) = result_json(world)?;
    ensure!(
        is_error,
        "{request}: expected a tool error (isError: true) with code {code}, the server returned:\n{}",
        pretty(&json)
    );
    ensure!(
        json.get("status") == Some(&json!("error")) && json.get("code") == Some(&json!(code)),
        "{request}: expected status \"error\" and code \"{code}\", the server returned:\n{}",
        pretty(&json)
    );
    let message = json.get("message").and_then(Value::as_str).unwrap_or("");
    ensure!(
        !message.trim().is_empty(),
        "{request}: the error has no message:\n{}",
        pretty(&json)
    );
    Ok(())
}

#[then(expr = "the error message mentions {string}")]
async fn message_mentions(world: &mut McpWorld, text: String) -> StepResult {
    let (request, _, json) = result_json(world)?;
    let message = json.get("message").and_then(Value::as_str).unwrap_or("");
    ensure!(
        message.to_lowercase().contains(&text.to_lowercase()),
        "{request}: the error message does not mention \"{text}\":\n{}",
        pretty(&json)
    );
    Ok(())
}

#[then(expr = "the result's {word} is {string}")]
async fn field_is(world: &mut McpWorld, path: String, expected: String) -> StepResult {
    let (request, value, json) = result_field(world, &path)?;
    ensure!(
        same_value(&value, &expected),
        "{request}: expected {path} to be {expected}, it is {value}:\n{}",
        pretty(&json)
    );
    Ok(())
}

#[then(expr = "the result's {word} is null")]
async fn field_is_null(world: &mut McpWorld, path: String) -> StepResult {
    let (request, value, json) = result_field(world, &path)?;
    ensure!(
        value.is_null(),
        "{request}: expected {path} to be null:\n{}",
        pretty(&json)
    );
    Ok(())
}

#[then(expr = "the result's {word} is a JSON {word}")]
async fn field_type(world: &mut McpWorld, path: String, kind: String) -> StepResult {
    let (request, value, json) = result_field(world, &path)?;
    let actual = match &value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    let fits = actual == kind || (kind == "number" && actual == "integer");
    ensure!(
        fits,
        "{request}: expected {path} to be a JSON {kind}, it is {value}:\n{}",
        pretty(&json)
    );
    Ok(())
}

#[then(expr = "the result has the fields {string}")]
async fn has_fields(world: &mut McpWorld, fields: String) -> StepResult {
    let (request, _, json) = result_json(world)?;
    let missing: Vec<&str> = fields
        .split(',')
        .map(str::trim)
        .filter(|f| field(&json, f).is_none())
        .collect();
    ensure!(
        missing.is_empty(),
        "{request}: the result lacks {missing:?}:\n{}",
        pretty(&json)
    );
    Ok(())
}

#[then(expr = "the result's {word} contains {string}")]
async fn field_contains(world: &mut McpWorld, path: String, text: String) -> StepResult {
    let (request, value, json) = result_field(world, &path)?;
    let contains = match &value {
        Value::String(s) => s.contains(&text),
        Value::Array(items) => items.iter().any(|i| i == &json!(text)),
        _ => false,
    };
    ensure!(
        contains,
        "{request}: {path} does not contain \"{text}\":\n{}",
        pretty(&json)
    );
    Ok(())
}

#[then(expr = "the result's {word} does not contain {string}")]
async fn field_lacks(world: &mut McpWorld, path: String, text: String) -> StepResult {
    let (request, value, json) = result_field(world, &path)?;
    ensure!(
        !value.as_str().unwrap_or("").contains(&text),
        "{request}: {path} should not contain \"{text}\":\n{}",
        pretty(&json)
    );
    Ok(())
}

#[then(expr = "the result's {word} is a time")]
async fn field_is_time(world: &mut McpWorld, path: String) -> StepResult {
    let (request, value, json) = result_field(world, &path)?;
    ensure!(
        value.as_str().is_some_and(ps::is_rfc3339),
        "{request}: {path} is not an RFC 3339 time:\n{}",
        pretty(&json)
    );
    Ok(())
}

#[then(expr = "the result's {word} is at least {float}")]
async fn field_at_least(world: &mut McpWorld, path: String, minimum: f64) -> StepResult {
    let (request, value, json) = result_field(world, &path)?;
    ensure!(
        value.as_f64().is_some_and(|v| v >= minimum),
        "{request}: expected {path} ≥ {minimum}:\n{}",
        pretty(&json)
    );
    Ok(())
}

#[then(expr = "the result's {word} lists at least {int} entries, each with {string}")]
async fn field_entries(
    world: &mut McpWorld,
    path: String,
    count: usize,
    fields: String,
) -> StepResult {
    let (request, value, json) = result_field(world, &path)?;
    let entries = value.as_array().cloned().unwrap_or_default();
    ensure!(
        entries.len() >= count,
        "{request}: expected at least {count} entries in {path}:\n{}",
        pretty(&json)
    );
    for entry in &entries {
        for name in fields.split(',').map(str::trim) {
            ensure!(
                entry.get(name).is_some(),
                "{request}: an entry of {path} lacks {name}: {entry}"
            );
        }
    }
    Ok(())
}

#[then(expr = "the output lines include {string} from {word}")]
async fn output_line(world: &mut McpWorld, text: String, stream: String) -> StepResult {
    let (request, _, json) = result_json(world)?;
    let found = json
        .get("lines")
        .and_then(Value::as_array)
        .is_some_and(|lines| {
            lines.iter().any(|l| {
                l.get("stream") == Some(&json!(stream)) && l.get("text") == Some(&json!(text))
            })
        });
    ensure!(
        found,
        "{request}: no line {{\"stream\": \"{stream}\", \"text\": \"{text}\"}}:\n{}",
        pretty(&json)
    );
    Ok(())
}

#[then("the processes listed include that process")]
async fn listed_include(world: &mut McpWorld) -> StepResult {
    let pid = world.process.pid()?;
    let (request, _, json) = result_json(world)?;
    let listed = json
        .get("processes")
        .and_then(Value::as_array)
        .is_some_and(|list| list.iter().any(|p| p.get("pid") == Some(&json!(pid))));
    ensure!(
        listed,
        "{request}: process {pid} is not listed:\n{}",
        pretty(&json)
    );
    Ok(())
}

#[then(expr = "the scenario has taken less than {float} seconds")]
async fn scenario_time(world: &mut McpWorld, seconds: f64) -> StepResult {
    let elapsed = world.process.started.elapsed();
    ensure!(
        elapsed < Duration::from_secs_f64(seconds),
        "the scenario has taken {:.2}s so far, more than {seconds}s",
        elapsed.as_secs_f64()
    );
    Ok(())
}

#[then("the server has started no process")]
async fn started_nothing(world: &mut McpWorld) -> StepResult {
    let reply = world
        .client()?
        .call_tool("process_list", Map::new())
        .await?;
    let (_, json) = tool_json("tools/call \"process_list\"", &reply)?;
    let count = json
        .get("processes")
        .and_then(Value::as_array)
        .map(Vec::len);
    ensure!(
        count == Some(0),
        "the server should list no process, process_list answered:\n{}",
        pretty(&json)
    );
    Ok(())
}

// ---- the operating system's view ----

#[then("that process is running in the operating system")]
async fn running_in_os(world: &mut McpWorld) -> StepResult {
    let pid = world.process.pid()?;
    match os_state(pid) {
        OsState::Alive(_) => Ok(()),
        other => bail!("process {pid} is not running: /proc shows {other:?}"),
    }
}

#[then(expr = "that process is gone from the operating system within {float} seconds")]
async fn gone_from_os(world: &mut McpWorld, seconds: f64) -> StepResult {
    let pid = world.process.pid()?;
    ps::wait_until_gone(pid, Duration::from_secs_f64(seconds), false).await
}

#[then(expr = "that process has been reaped within {float} seconds")]
async fn reaped(world: &mut McpWorld, seconds: f64) -> StepResult {
    let pid = world.process.pid()?;
    ps::wait_until_gone(pid, Duration::from_secs_f64(seconds), true).await
}

#[then(
    expr = "the result's memoryMB is within {float} MB of the resident memory the operating system reports"
)]
async fn memory_matches_os(world: &mut McpWorld, margin: f64) -> StepResult {
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
async fn os_environment(world: &mut McpWorld, entry: String) -> StepResult {
    let pid = world.process.pid()?;
    let env = ps::environ(pid)?;
    ensure!(
        env.contains(&entry),
        "process {pid} does not have {entry} in its environment: {env:?}"
    );
    Ok(())
}

#[then("the service runs under a new process id")]
async fn new_service_pid(world: &mut McpWorld) -> StepResult {
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

fn server_pid(world: &mut McpWorld) -> anyhow::Result<i64> {
    let session = world.session(DEFAULT_SESSION)?;
    let process = session
        .link
        .process
        .as_ref()
        .context("the suite did not start this server")?;
    Ok(i64::from(process.pid()))
}

#[then("the server runs as a child process of the suite")]
async fn server_is_child(world: &mut McpWorld) -> StepResult {
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
async fn server_pipes(world: &mut McpWorld) -> StepResult {
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
async fn initialize_first(world: &mut McpWorld) -> StepResult {
    checks::initialize_came_first(&world.session(DEFAULT_SESSION)?.link.frames.frames())
}

#[then(
    expr = "the server was started from the bundled binary {string} with the registry's arguments"
)]
async fn started_from_bundled(world: &mut McpWorld, name: String) -> StepResult {
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

// ---- tools/list ----

fn listed(world: &McpWorld) -> anyhow::Result<Vec<Value>> {
    match &world.last {
        Some(Outcome::Tools(tools)) => Ok(tools.clone()),
        other => bail!("no tool list to check (last outcome: {other:?})"),
    }
}

#[then(expr = "the tools are exactly {string}")]
async fn tools_exactly(world: &mut McpWorld, list: String) -> StepResult {
    checks::tools_listed(&listed(world)?, &list, true)
}

#[then(expr = "the tools include {string}")]
async fn tools_include(world: &mut McpWorld, list: String) -> StepResult {
    checks::tools_listed(&listed(world)?, &list, false)
}

#[then("every tool has a name, a description and an input schema")]
async fn tools_described(world: &mut McpWorld) -> StepResult {
    checks::tools_described(&listed(world)?)
}

#[then("every parameter of every tool has a type, and every required parameter is declared")]
async fn parameters_typed(world: &mut McpWorld) -> StepResult {
    checks::parameters_typed(&listed(world)?)
}

#[then(expr = "the tool {string} takes {string}")]
async fn tool_takes(world: &mut McpWorld, name: String, spec: String) -> StepResult {
    checks::tool_takes(&listed(world)?, &name, &spec)
}

// ---- raw JSON-RPC ----

#[then("every request the client sent carried jsonrpc \"2.0\", an id, a method and params")]
async fn requests_well_formed(world: &mut McpWorld) -> StepResult {
    checks::requests_well_formed(&world.session(DEFAULT_SESSION)?.link.frames.frames())
}

#[when(expr = "the client sends the request {word} with id {int} and params:")]
async fn raw_request(world: &mut McpWorld, method: String, id: i64, step: &Step) -> StepResult {
    let params: Value = match step.docstring.as_deref() {
        Some(text) => serde_json::from_str(strip_media_type(text))?,
        None => json!({}),
    };
    let frame = jsonrpc::request(json!(id), &method, Some(params));
    let raw = world.raw()?;
    raw.send(&frame).await?;
    let response = raw.response_to(&json!(id)).await?;
    world.record(Outcome::Raw {
        request: frame,
        response,
    });
    Ok(())
}

#[then(expr = "the response is JSON-RPC 2.0 with id {int} and exactly one of result or error")]
async fn valid_response(world: &mut McpWorld, id: i64) -> StepResult {
    checks::valid_response(world.last_raw_response()?, id)
}

#[when(expr = "the client introduces itself as {string} version {string} in initialize")]
async fn initialize_as(world: &mut McpWorld, name: String, version: String) -> StepResult {
    let mut params = jsonrpc::initialize_params("2025-11-25");
    params["clientInfo"] = json!({"name": name, "version": version});
    let response = world.raw()?.call("initialize", Some(params)).await?;
    world.record(Outcome::Raw {
        request: format!("initialize as {name} {version}"),
        response,
    });
    Ok(())
}

#[then("the client's requests are served after the handshake")]
async fn served_after_handshake(world: &mut McpWorld) -> StepResult {
    let raw = world.raw()?;
    raw.send(&jsonrpc::notification("notifications/initialized", None))
        .await?;
    let response = raw.call("tools/list", Some(json!({}))).await?;
    let tools = response
        .pointer("/result/tools")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    ensure!(
        tools > 0,
        "tools/list after the handshake answered {response}"
    );
    Ok(())
}

// ---- the feature files themselves ----

#[then("the process features are a full set and a minimal set tagged @smoke")]
async fn full_and_minimal(_world: &mut McpWorld) -> StepResult {
    feature_files::check_full_and_minimal(&feature_files::process_features()?)
}

#[then(
    "every step of the minimal feature, apart from its time checks, is one the full process features use"
)]
async fn same_vocabulary(_world: &mut McpWorld) -> StepResult {
    feature_files::check_same_vocabulary(&feature_files::process_features()?)
}

#[then(
    "every scenario of the full process features belongs to a Rule, and every Rule has scenarios"
)]
async fn rules_everywhere(_world: &mut McpWorld) -> StepResult {
    feature_files::check_rules(&feature_files::process_features()?)
}

// ---- runs of the suite itself ----

async fn run(world: &mut McpWorld, options: RunOptions) -> StepResult {
    let dir = world.process.dir()?;
    let run = ps::run_suite(&dir, options).await?;
    world.process.run = Some(run);
    Ok(())
}

fn tag_args(tags: &str) -> Vec<String> {
    vec!["--tags".to_owned(), tags.to_owned()]
}

#[when(expr = "the suite runs the features tagged {string}")]
async fn run_tagged(world: &mut McpWorld, tags: String) -> StepResult {
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
async fn run_headless(world: &mut McpWorld, tags: String) -> StepResult {
    // Every run removes DISPLAY and WAYLAND_DISPLAY; this step names it.
    run_tagged(world, tags).await
}

#[when(expr = "the suite runs the features tagged {string} with nothing on its standard input")]
async fn run_no_input(world: &mut McpWorld, tags: String) -> StepResult {
    // Every run reads its stdin from /dev/null; this step names it.
    run_tagged(world, tags).await
}

#[when(expr = "the suite runs the features tagged {string} with {word} set to {string}")]
async fn run_with_env(
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
async fn run_against_reference(world: &mut McpWorld, tags: String) -> StepResult {
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
async fn run_feature(world: &mut McpWorld, step: &Step) -> StepResult {
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

fn last_run(world: &McpWorld) -> anyhow::Result<&SuiteRun> {
    world.process.run()
}

#[then(expr = "the run passes within {float} seconds")]
async fn run_passes(world: &mut McpWorld, seconds: f64) -> StepResult {
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
async fn run_fails(world: &mut McpWorld) -> StepResult {
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
async fn run_says(world: &mut McpWorld, text: String) -> StepResult {
    let run = last_run(world)?;
    ensure!(
        run.stdout.contains(&text) || run.stderr.contains(&text),
        "the run's output does not say \"{text}\"{}",
        run.evidence()
    );
    Ok(())
}

#[then(expr = "the run's output names the failed step {string}")]
async fn run_names_failed_step(world: &mut McpWorld, expected: String) -> StepResult {
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
async fn run_names_passed_step(world: &mut McpWorld, expected: String) -> StepResult {
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

#[then(expr = "no process of that run is left within {float} seconds")]
async fn run_left_nothing(world: &mut McpWorld, seconds: f64) -> StepResult {
    let marker = last_run(world)?.marker.clone();
    let deadline = std::time::Instant::now() + Duration::from_secs_f64(seconds);
    loop {
        let left = ps::processes_with_marker(&marker);
        if left.is_empty() {
            return Ok(());
        }
        ensure!(
            std::time::Instant::now() < deadline,
            "processes of that run are still running after {seconds}s: {left:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
