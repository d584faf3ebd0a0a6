//! Support for the `features/process/` scenarios (the mcp-process server): its tool results read
//! as JSON, the processes it starts as the operating system sees them (`/proc`), tool schemas,
//! and runs of this suite itself (for the minimal-suite, CI and diagnostics criteria).

pub mod feature_files;
pub mod wire;

use std::path::{Path, PathBuf};
use std::process::{ExitStatus, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail, ensure};
use regex::Regex;
use serde_json::{Map, Value};

use crate::harness::timeouts::{bounded, seconds};
use crate::mcp::jsonrpc::{Reply, pretty};

/// The registry name of the server these scenarios test.
pub const SERVER_NAME: &str = "mcp-process";
/// The helper program the scenarios start through the server.
pub const TESTEE: &str = "mcp-process-testee";
/// Set on runs of the suite started by a scenario: such a run may not start another.
const NESTED_RUN_VAR: &str = "MCP_ACCEPTANCE_NESTED_RUN";
/// Every process of a run started by a scenario carries this variable (cleanup checks).
pub const RUN_MARKER_VAR: &str = "MCP_ACCEPTANCE_RUN_MARKER";

/// What a process scenario remembers between steps.
pub struct ProcessScenario {
    pub started: Instant,
    /// The process the scenario is about (the last one started, or a service's process).
    pub pid: Option<i64>,
    pub service_id: Option<String>,
    /// The process a service had when it was started.
    pub first_service_pid: Option<i64>,
    /// Scratch files (registries, features) for this scenario.
    pub dir: Option<tempfile::TempDir>,
    /// The last run of the suite a step started.
    pub run: Option<SuiteRun>,
}

impl Default for ProcessScenario {
    fn default() -> Self {
        Self {
            started: Instant::now(),
            pid: None,
            service_id: None,
            first_service_pid: None,
            dir: None,
            run: None,
        }
    }
}

impl std::fmt::Debug for ProcessScenario {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProcessScenario")
            .field("pid", &self.pid)
            .field("service_id", &self.service_id)
            .finish()
    }
}

impl ProcessScenario {
    pub fn pid(&self) -> Result<i64> {
        self.pid
            .context("no process was started through the server in this scenario")
    }

    pub fn service_id(&self) -> Result<String> {
        self.service_id
            .clone()
            .context("no service was started through the server in this scenario")
    }

    /// The scenario's scratch directory.
    pub fn dir(&mut self) -> Result<PathBuf> {
        if self.dir.is_none() {
            self.dir = Some(tempfile::tempdir()?);
        }
        Ok(self.dir.as_ref().unwrap().path().to_owned())
    }

    pub fn run(&self) -> Result<&SuiteRun> {
        self.run
            .as_ref()
            .context("no run of the suite was started in this scenario")
    }
}

/// What a successful tool call means for mcp-process besides a result that is not a tool
/// error: the JSON it answers says `"status": "success"` (the common `the call succeeds`
/// applies it; results of other requests, without content, need nothing more).
pub fn reports_success(request: &str, result: &Value) -> Result<()> {
    if result.get("content").is_none() {
        return Ok(());
    }
    let (_, json) = tool_json(request, &Ok(result.clone()))?;
    ensure!(
        json.get("status") == Some(&Value::from("success")),
        "{request}: expected status \"success\", the server returned:\n{}",
        pretty(&json)
    );
    Ok(())
}

/// A tool result of mcp-process: whether it is an error, and its JSON. Fails (showing the
/// reply) unless the result is exactly one text content holding JSON, equal to
/// `structuredContent` when that is present.
pub fn tool_json(request: &str, reply: &Reply) -> Result<(bool, Value)> {
    let result = match reply {
        Ok(result) => result,
        Err(error) => bail!("{request}: expected a tool result, got {error}"),
    };
    let is_error = result.get("isError") == Some(&Value::Bool(true));
    let texts: Vec<&str> = result
        .get("content")
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|item| item.get("text").and_then(Value::as_str))
                .collect()
        })
        .unwrap_or_default();
    ensure!(
        texts.len() == 1,
        "{request}: expected one text content holding JSON, got:\n{}",
        pretty(result)
    );
    let json: Value = serde_json::from_str(texts[0]).with_context(|| {
        format!(
            "{request}: the text content is not JSON:\n{}",
            pretty(result)
        )
    })?;
    if let Some(structured) = result.get("structuredContent") {
        ensure!(
            structured == &json,
            "{request}: structuredContent differs from the JSON text:\n{}",
            pretty(result)
        );
    }
    Ok((is_error, json))
}

/// The value at a dotted path (`limits.maxCpuPercent`, `history.0.cpuPercent`).
pub fn field<'a>(json: &'a Value, path: &str) -> Option<&'a Value> {
    json.pointer(&format!("/{}", path.replace('.', "/")))
}

/// Whether `actual` is what a scenario wrote as `expected`: strings exactly, numbers by value,
/// booleans and null by their JSON spelling.
pub fn same_value(actual: &Value, expected: &str) -> bool {
    match actual {
        Value::String(text) => text == expected,
        Value::Number(number) => expected
            .parse::<f64>()
            .is_ok_and(|e| number.as_f64().is_some_and(|a| (a - e).abs() < 1e-9)),
        other => serde_json::from_str::<Value>(expected).ok().as_ref() == Some(other),
    }
}

/// `2026-11-21T06:05:27Z`, `…T06:05:27.123+01:00`.
pub fn is_rfc3339(text: &str) -> bool {
    Regex::new(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
        .unwrap()
        .is_match(text)
}

/// Replaces `$pid` and `$serviceId` in a docstring of tool arguments with the remembered ones.
pub fn arguments_from(
    text: &str,
    pid: Option<i64>,
    service_id: Option<&str>,
) -> Result<Map<String, Value>> {
    let mut text = text.to_owned();
    if text.contains("$pid") {
        let pid = pid.context("the arguments name $pid, but no process was started")?;
        text = text.replace("$pid", &pid.to_string());
    }
    if text.contains("$serviceId") {
        let id = service_id.context("the arguments name $serviceId, but no service was started")?;
        text = text.replace("$serviceId", &Value::from(id).to_string());
    }
    match serde_json::from_str(&text)
        .with_context(|| format!("the tool arguments are not JSON: {text}"))?
    {
        Value::Object(map) => Ok(map),
        other => bail!("the tool arguments must be a JSON object, not {other}"),
    }
}

// ---- the operating system's view of a process ----

/// How `/proc` shows a process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OsState {
    /// Alive, with its state letter (R, S, D, …).
    Alive(char),
    /// Ended but not reaped by its parent.
    Zombie,
    /// No such process.
    Gone,
}

fn stat_fields(pid: i64) -> Option<Vec<String>> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let (_, rest) = stat.rsplit_once(')')?;
    Some(rest.split_whitespace().map(str::to_owned).collect())
}

pub fn os_state(pid: i64) -> OsState {
    match stat_fields(pid).and_then(|f| f.first().and_then(|s| s.chars().next())) {
        None => OsState::Gone,
        Some('Z' | 'X') => OsState::Zombie,
        Some(letter) => OsState::Alive(letter),
    }
}

/// Whether `pid` has a handler for `signal` (the SigCgt mask of `/proc/<pid>/status`).
pub fn catches_signal(pid: i64, signal: i32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            let mask = status.lines().find_map(|l| l.strip_prefix("SigCgt:"))?;
            u64::from_str_radix(mask.trim(), 16).ok()
        })
        .is_some_and(|mask| mask & (1 << (signal - 1)) != 0)
}

/// The resident memory of `pid` in MiB (VmRSS of `/proc/<pid>/status`).
pub fn resident_mb(pid: i64) -> Result<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .with_context(|| format!("process {pid} is not running"))?;
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .with_context(|| format!("no VmRSS for process {pid}"))?;
    Ok(kb / 1024.0)
}

/// The parent process id, from `/proc/<pid>/stat`.
pub fn parent_of(pid: i64) -> Option<i64> {
    stat_fields(pid)?.get(1)?.parse().ok()
}

/// What an open file descriptor of `pid` points at (`pipe:[123]`, `/dev/null`, …).
pub fn fd_target(pid: i64, fd: u32) -> Result<String> {
    let link = std::fs::read_link(format!("/proc/{pid}/fd/{fd}"))
        .with_context(|| format!("cannot read file descriptor {fd} of process {pid}"))?;
    Ok(link.display().to_string())
}

/// The environment of a running process, as `NAME=value` entries.
pub fn environ(pid: i64) -> Result<Vec<String>> {
    let bytes = std::fs::read(format!("/proc/{pid}/environ"))
        .with_context(|| format!("cannot read the environment of process {pid}"))?;
    Ok(bytes
        .split(|b| *b == 0)
        .filter(|entry| !entry.is_empty())
        .map(|entry| String::from_utf8_lossy(entry).into_owned())
        .collect())
}

/// The command line of a process, for messages.
pub fn cmdline(pid: i64) -> String {
    std::fs::read(format!("/proc/{pid}/cmdline"))
        .map(|bytes| String::from_utf8_lossy(&bytes).replace('\0', " "))
        .unwrap_or_default()
}

/// Waits (bounded) until `pid` no longer runs; a zombie counts as ended unless `reaped`.
pub async fn wait_until_gone(pid: i64, limit: Duration, reaped: bool) -> Result<()> {
    let deadline = Instant::now() + limit;
    loop {
        let state = os_state(pid);
        let done = match state {
            OsState::Gone => true,
            OsState::Zombie => !reaped,
            OsState::Alive(_) => false,
        };
        if done {
            return Ok(());
        }
        ensure!(
            Instant::now() < deadline,
            "process {pid} ({}) is still {} after {}",
            cmdline(pid).trim(),
            match state {
                OsState::Zombie => "a zombie nobody reaped".to_owned(),
                other => format!("there ({other:?})"),
            },
            seconds(limit)
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// Live processes (zombies excepted) whose environment holds `RUN_MARKER_VAR=marker`, or whose
/// command line names the marker.
/// Waits until no process of the run marked `marker` is left, at most `limit`.
pub async fn wait_until_run_gone(marker: &str, limit: Duration) -> Result<()> {
    let deadline = Instant::now() + limit;
    loop {
        let left = processes_with_marker(marker);
        if left.is_empty() {
            return Ok(());
        }
        ensure!(
            Instant::now() < deadline,
            "processes of that run are still running after {limit:?}: {left:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

pub fn processes_with_marker(marker: &str) -> Vec<(i64, String)> {
    let wanted = format!("{RUN_MARKER_VAR}={marker}");
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|entry| entry.file_name().to_str()?.parse::<i64>().ok())
        .filter(|pid| matches!(os_state(*pid), OsState::Alive(_)))
        .filter(|pid| {
            environ(*pid).is_ok_and(|env| env.contains(&wanted)) || cmdline(*pid).contains(marker)
        })
        .map(|pid| (pid, cmdline(pid)))
        .collect()
}

// ---- tool schemas ----

/// The JSON type(s) a schema property admits, following `$ref` into `$defs`/`definitions` and
/// `anyOf`/`oneOf`; "null" (an optional value) is left out.
pub fn property_types(property: &Value, root: &Value) -> Vec<String> {
    if let Some(reference) = property.get("$ref").and_then(Value::as_str) {
        let pointer = reference.trim_start_matches('#');
        return root
            .pointer(pointer)
            .map(|target| property_types(target, root))
            .unwrap_or_default();
    }
    let mut types: Vec<String> = match property.get("type") {
        Some(Value::String(t)) => vec![t.clone()],
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    };
    for key in ["anyOf", "oneOf", "allOf"] {
        if let Some(Value::Array(options)) = property.get(key) {
            for option in options {
                types.extend(property_types(option, root));
            }
        }
    }
    types.retain(|t| t != "null");
    types.sort();
    types.dedup();
    types
}

/// The parameters a schema declares: (name, types, required), sorted by name.
pub fn parameters(schema: &Value) -> Vec<(String, Vec<String>, bool)> {
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut out: Vec<(String, Vec<String>, bool)> = schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|properties| {
            properties
                .iter()
                .map(|(name, property)| {
                    (
                        name.clone(),
                        property_types(property, schema),
                        required.contains(&name.as_str()),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// `executable: string (required), args: array` → the same shape as [`parameters`].
pub fn parse_parameter_spec(spec: &str) -> Result<Vec<(String, Vec<String>, bool)>> {
    let mut out = Vec::new();
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (name, rest) = part
            .split_once(':')
            .with_context(|| format!("\"{part}\" is not `name: type [(required)]`"))?;
        let required = rest.contains("(required)");
        let kind = rest.replace("(required)", "").trim().to_owned();
        out.push((name.trim().to_owned(), vec![kind], required));
    }
    out.sort();
    Ok(out)
}

// ---- runs of the suite itself ----

/// A finished (or abandoned) run of this suite, started by a scenario.
#[derive(Debug)]
pub struct SuiteRun {
    pub command: String,
    /// None when the run was killed at its time limit.
    pub status: Option<ExitStatus>,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
    pub marker: String,
}

impl SuiteRun {
    /// The run's closing line `acceptance: N passed, N failed, N skipped`, if it printed one.
    pub fn closing_line(&self) -> Option<(usize, usize, usize)> {
        let pattern = Regex::new(r"acceptance: (\d+) passed, (\d+) failed, (\d+) skipped").unwrap();
        let caps = pattern.captures_iter(&self.stdout).last()?;
        Some((
            caps[1].parse().ok()?,
            caps[2].parse().ok()?,
            caps[3].parse().ok()?,
        ))
    }

    /// What the run printed, for failure messages: its failed steps with their messages, and
    /// the last lines of each stream.
    pub fn evidence(&self) -> String {
        let tail = |text: &str, count: usize| {
            let lines: Vec<&str> = text.lines().collect();
            lines[lines.len().saturating_sub(count)..].join("\n")
        };
        let lines: Vec<&str> = self.stdout.lines().collect();
        let failed: Vec<String> = lines
            .iter()
            .enumerate()
            .filter(|(_, line)| line.contains('✘'))
            .map(|(i, _)| lines[i..(i + 12).min(lines.len())].join("\n"))
            .collect();
        format!(
            "\n--- run: {} ({}, {:.1}s)\n--- its failed steps:\n{}\n--- its stdout (end):\n{}\n--- its stderr (end):\n{}",
            self.command,
            match self.status {
                Some(status) => crate::harness::child_process::describe_status(status),
                None => "killed at its time limit".to_owned(),
            },
            self.elapsed.as_secs_f64(),
            failed.join("\n"),
            tail(&self.stdout, 20),
            tail(&self.stderr, 20)
        )
    }
}

/// How to run the suite from a scenario.
#[derive(Debug, Default)]
pub struct RunOptions {
    pub args: Vec<String>,
    pub env: Vec<(String, String)>,
    /// Another features directory instead of the package's.
    pub features: Option<PathBuf>,
    pub limit: Duration,
}

/// The marker a run started with scratch directory `dir` carries.
pub fn run_marker(dir: &Path) -> String {
    format!(
        "run-{}-{}",
        std::process::id(),
        dir.file_name().and_then(|n| n.to_str()).unwrap_or("run")
    )
}

/// Runs this very test binary (the acceptance runner) as a child, headless: no display
/// variables, stdin from /dev/null, its own JUnit file. Bounded by `options.limit`; every
/// process of the run carries a unique marker in its environment.
pub async fn run_suite(dir: &Path, options: RunOptions) -> Result<SuiteRun> {
    ensure!(
        std::env::var_os(NESTED_RUN_VAR).is_none(),
        "this is already a run started by a scenario; it may not start another"
    );
    let exe = std::env::current_exe().context("cannot find the acceptance runner binary")?;
    let marker = run_marker(dir);
    let mut command = tokio::process::Command::new(&exe);
    command
        .args(&options.args)
        .current_dir(crate::package_root())
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env(NESTED_RUN_VAR, "1")
        .env(RUN_MARKER_VAR, &marker)
        .env("MCP_ACCEPTANCE_JUNIT", dir.join("junit.xml"))
        // The fixtures this run built: the nested run need not build them again.
        .env("MCP_BIN_DIR", crate::harness::fixture_binaries::bin_dir())
        .envs(options.env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .kill_on_drop(true);
    if let Some(features) = &options.features {
        command.env("MCP_ACCEPTANCE_FEATURES", features);
    }
    let shown = format!(
        "{} {}",
        exe.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("acceptance"),
        options.args.join(" ")
    );
    let started = Instant::now();
    let child = command
        .spawn()
        .with_context(|| format!("could not start {shown}"))?;
    let group = child.id().map(|id| id as i32);
    let finished = bounded(options.limit, &shown, child.wait_with_output()).await;
    let elapsed = started.elapsed();
    match finished {
        Ok(output) => {
            let output = output?;
            Ok(SuiteRun {
                command: shown,
                status: Some(output.status),
                stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
                elapsed,
                marker,
            })
        }
        Err(_) => {
            if let Some(group) = group {
                let _ = nix::sys::signal::killpg(
                    nix::unistd::Pid::from_raw(group),
                    nix::sys::signal::Signal::SIGKILL,
                );
            }
            Ok(SuiteRun {
                command: shown,
                status: None,
                stdout: String::new(),
                stderr: String::new(),
                elapsed,
                marker,
            })
        }
    }
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
