//! Child processes of the suite: every server runs in its own process group, its stderr is
//! captured for diagnostics, and the whole group is killed when the handle is dropped (also on a
//! failed step or a panic). A run-wide registry of live groups lets the runner kill stragglers.

use std::collections::{HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::process::{ExitStatus, Stdio};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;
use regex::Regex;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};
use tokio::sync::Notify;

use crate::harness::timeouts::bounded;

/// How many stderr lines a server keeps for diagnostics.
const STDERR_LINES_KEPT: usize = 200;

/// Process groups started by this run and not yet killed.
static LIVE_GROUPS: LazyLock<Mutex<HashSet<i32>>> = LazyLock::new(Default::default);

/// Kills every process group this run started that is still registered. The runner calls it at
/// the end of the run as a last line of defence.
pub fn kill_all_live_groups() -> usize {
    let groups: Vec<i32> = LIVE_GROUPS.lock().unwrap().drain().collect();
    for group in &groups {
        let _ = killpg(Pid::from_raw(*group), Signal::SIGKILL);
    }
    groups.len()
}

/// What to start: a program, its arguments, environment and working directory.
#[derive(Clone)]
pub struct LaunchSpec {
    /// Shown in diagnostics (the registry name or "MCP_SUT_COMMAND").
    pub label: String,
    pub program: PathBuf,
    pub args: Vec<String>,
    /// Environment added to the suite's own. Values may be secrets: never printed.
    pub env: Vec<(String, String)>,
    pub cwd: PathBuf,
}

impl std::fmt::Debug for LaunchSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let env_names: Vec<&str> = self.env.iter().map(|(k, _)| k.as_str()).collect();
        f.debug_struct("LaunchSpec")
            .field("label", &self.label)
            .field("command", &self.command_line())
            .field("env", &env_names)
            .field("cwd", &self.cwd)
            .finish()
    }
}

impl LaunchSpec {
    pub fn command_line(&self) -> String {
        std::iter::once(self.program.display().to_string())
            .chain(self.args.iter().cloned())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The last lines a process wrote to stderr, shared between the reader task and diagnostics.
#[derive(Clone, Default)]
pub struct StderrLog {
    lines: Arc<Mutex<VecDeque<String>>>,
    changed: Arc<Notify>,
}

impl StderrLog {
    fn push(&self, line: String) {
        let mut lines = self.lines.lock().unwrap();
        if lines.len() == STDERR_LINES_KEPT {
            lines.pop_front();
        }
        lines.push_back(line);
        drop(lines);
        self.changed.notify_waiters();
    }

    /// The first lines kept (a long trace after an error would otherwise hide the error).
    pub fn head(&self, count: usize) -> Vec<String> {
        self.lines
            .lock()
            .unwrap()
            .iter()
            .take(count)
            .cloned()
            .collect()
    }

    pub fn len(&self) -> usize {
        self.lines.lock().unwrap().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn tail(&self, count: usize) -> Vec<String> {
        let lines = self.lines.lock().unwrap();
        lines
            .iter()
            .skip(lines.len().saturating_sub(count))
            .cloned()
            .collect()
    }

    fn find(&self, pattern: &Regex) -> Option<String> {
        let lines = self.lines.lock().unwrap();
        lines.iter().find_map(|line| {
            let caps = pattern.captures(line)?;
            Some(
                caps.get(1)
                    .unwrap_or_else(|| caps.get(0).unwrap())
                    .as_str()
                    .to_owned(),
            )
        })
    }
}

/// A running server process (and its process group).
pub struct ServerProcess {
    pub spec: LaunchSpec,
    child: Child,
    group: i32,
    pub stderr: StderrLog,
    exit: Option<ExitStatus>,
}

impl std::fmt::Debug for ServerProcess {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = self
            .exit
            .map_or_else(|| "running".to_owned(), describe_status);
        write!(f, "{} (pid {}, {state})", self.spec.label, self.group)
    }
}

impl ServerProcess {
    /// Starts the process in a new process group with piped stdin/stdout and captured stderr.
    pub fn spawn(spec: LaunchSpec) -> Result<Self> {
        Self::spawn_inheriting(spec, None)
    }

    /// Starts the process like [`Self::spawn`], handing it `listener` under the same descriptor
    /// number, for servers that serve a socket they are given (`uvicorn --fd N`). The suite
    /// binds port 0 and knows the port before the server starts: no free-port guessing, no race.
    pub fn spawn_with_listener(spec: LaunchSpec, listener: &std::net::TcpListener) -> Result<Self> {
        use std::os::fd::AsRawFd;
        Self::spawn_inheriting(spec, Some(listener.as_raw_fd()))
    }

    fn spawn_inheriting(spec: LaunchSpec, inherited: Option<std::os::fd::RawFd>) -> Result<Self> {
        let mut command = Command::new(&spec.program);
        command
            .args(&spec.args)
            .envs(spec.env.iter().map(|(k, v)| (k, v)))
            .current_dir(&spec.cwd)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0)
            .kill_on_drop(true);
        // No parent-death signal: code before exec would make std fork the whole suite for every
        // server; the run's warden (run_folder.rs) kills what a run killed hard leaves.
        if let Some(fd) = inherited {
            // SAFETY: fcntl is async-signal-safe.
            unsafe {
                command.pre_exec(move || {
                    // Rust opens descriptors close-on-exec; this one must survive the exec.
                    let fd = std::os::fd::BorrowedFd::borrow_raw(fd);
                    nix::fcntl::fcntl(
                        fd,
                        nix::fcntl::FcntlArg::F_SETFD(nix::fcntl::FdFlag::empty()),
                    )
                    .map(drop)
                    .map_err(std::io::Error::from)
                });
            }
        }
        let mut child = command
            .spawn()
            .with_context(|| format!("could not start {} ({})", spec.label, spec.command_line()))?;
        let group = child.id().context("spawned process has no pid")? as i32;
        LIVE_GROUPS.lock().unwrap().insert(group);
        crate::harness::run_folder::note_group(group);

        let stderr = StderrLog::default();
        let pipe = child.stderr.take().expect("stderr is piped");
        let log = stderr.clone();
        let label = spec.label.clone();
        tokio::spawn(async move {
            let mut lines = BufReader::new(pipe).lines();
            while let Ok(Some(line)) = lines.next_line().await {
                crate::mcp::trace::stderr_line(&label, &line);
                log.push(line);
            }
        });
        Ok(Self {
            spec,
            child,
            group,
            stderr,
            exit: None,
        })
    }

    pub fn pid(&self) -> i32 {
        self.group
    }

    pub fn take_stdio(&mut self) -> Result<(ChildStdin, ChildStdout)> {
        match (self.child.stdin.take(), self.child.stdout.take()) {
            (Some(stdin), Some(stdout)) => Ok((stdin, stdout)),
            _ => bail!("the stdio pipes of {} are already in use", self.spec.label),
        }
    }

    /// The exit status if the process has ended, without waiting.
    pub fn try_exit_status(&mut self) -> Option<ExitStatus> {
        if self.exit.is_none() {
            self.exit = self.child.try_wait().ok().flatten();
        }
        self.exit
    }

    /// Waits (bounded) for the process to end by itself.
    pub async fn wait_for_exit(&mut self, limit: Duration) -> Result<ExitStatus> {
        if let Some(status) = self.exit {
            return Ok(status);
        }
        let status = bounded(limit, "the server process to exit", self.child.wait()).await??;
        self.exit = Some(status);
        Ok(status)
    }

    /// Waits (bounded) until a stderr line matches `pattern`; returns capture group 1 (or the
    /// whole match). Fails early, with the evidence, if the process exits first.
    pub async fn wait_for_stderr(&mut self, pattern: &Regex, limit: Duration) -> Result<String> {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            let notify = self.stderr.changed.clone();
            let changed = notify.notified();
            if let Some(found) = self.stderr.find(pattern) {
                return Ok(found);
            }
            if let Some(status) = self.try_exit_status() {
                bail!(
                    "{} exited ({}) before printing a line matching /{}/",
                    self.spec.label,
                    describe_status(status),
                    pattern
                );
            }
            let tick = tokio::time::sleep(Duration::from_millis(50));
            tokio::select! {
                _ = changed => {}
                _ = tick => {}
                _ = tokio::time::sleep_until(deadline) => bail!(
                    "{} printed no line matching /{}/ within {:?}",
                    self.spec.label, pattern, limit
                ),
            }
        }
    }

    pub fn status_text(&mut self) -> String {
        match self.try_exit_status() {
            Some(status) => describe_status(status),
            None => "still running".to_owned(),
        }
    }

    /// Kills the whole process group (the server and anything it started).
    pub fn kill_group(&mut self) {
        if LIVE_GROUPS.lock().unwrap().remove(&self.group) {
            let _ = killpg(Pid::from_raw(self.group), Signal::SIGKILL);
        }
        // Reap the direct child so it does not linger as a zombie.
        if self.exit.is_none() {
            self.exit = self.child.try_wait().ok().flatten();
        }
    }

    /// Asks the server to stop: SIGTERM to its whole process group (it may still be running
    /// when this returns).
    pub fn terminate(&self) -> Result<()> {
        killpg(Pid::from_raw(self.group), Signal::SIGTERM)
            .with_context(|| format!("cannot send SIGTERM to {}", self.spec.label))
    }

    /// Whether any process of this server's group is still alive.
    pub fn group_alive(&self) -> bool {
        group_alive(self.group)
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.kill_group();
    }
}

/// Waits (bounded) until none of `groups` has a live process; names the survivors otherwise.
///
/// # Errors
/// A group still has a live process after `limit`.
pub async fn wait_until_gone(groups: &[i32], limit: Duration) -> anyhow::Result<()> {
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        let alive: Vec<i32> = groups.iter().copied().filter(|g| group_alive(*g)).collect();
        if alive.is_empty() {
            return Ok(());
        }
        if tokio::time::Instant::now() >= deadline {
            anyhow::bail!(
                "process groups {alive:?} (of {groups:?}) still have live processes {:.1}s after the scenario ended them",
                limit.as_secs_f64()
            );
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// Whether any process of `group` still exists (zombies excepted).
pub fn group_alive(group: i32) -> bool {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return false;
    };
    entries.flatten().any(|entry| {
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            return false;
        };
        // Fields after the command name: state ppid pgrp ...
        let Some(rest) = stat.rsplit_once(')').map(|(_, rest)| rest) else {
            return false;
        };
        let mut fields = rest.split_whitespace();
        let state = fields.next().unwrap_or("");
        let pgrp = fields.nth(1).and_then(|g| g.parse::<i32>().ok());
        pgrp == Some(group) && state != "Z"
    })
}

pub fn describe_status(status: ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("exit status {code}"),
        (None, Some(signal)) => format!("killed by signal {signal}"),
        _ => status.to_string(),
    }
}

/// Finds an executable: a path (absolute, or relative to `root`) or a name on PATH. The error
/// names every place searched.
pub fn resolve_program(program: &str, root: &Path) -> Result<PathBuf> {
    let mut searched = Vec::new();
    if program.contains('/') {
        let path = root.join(program);
        if is_executable(&path) {
            return Ok(path);
        }
        searched.push(path);
    } else {
        for dir in std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()) {
            let path = dir.join(program);
            if is_executable(&path) {
                return Ok(path);
            }
            searched.push(path);
        }
    }
    Err(not_found(program, &searched))
}

pub(crate) fn not_found(program: &str, searched: &[PathBuf]) -> anyhow::Error {
    let list: Vec<String> = searched
        .iter()
        .map(|p| format!("  {}", p.display()))
        .collect();
    anyhow!(
        "executable '{program}' not found; searched:\n{}",
        list.join("\n")
    )
}

pub(crate) fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}
