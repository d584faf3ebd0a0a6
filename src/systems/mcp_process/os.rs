//! The operating system's view of the processes mcp-process starts, read from `/proc`: whether
//! one runs, its environment, memory, parent, file descriptors and signal handlers, and waits
//! until it is gone. Each failure says what `/proc` shows.

use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail, ensure};
use nix::sys::signal::Signal;

use super::RUN_MARKER_VAR;
use crate::harness::timeouts::seconds;

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

fn is_alive(pid: i64) -> bool {
    matches!(os_state(pid), OsState::Alive(_))
}

/// Whether `pid` has a handler for `signal` (the SigCgt mask of `/proc/<pid>/status`).
pub fn catches_signal(pid: i64, signal: Signal) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            let mask = status.lines().find_map(|l| l.strip_prefix("SigCgt:"))?;
            u64::from_str_radix(mask.trim(), 16).ok()
        })
        .is_some_and(|mask| mask & (1 << (signal as i32 - 1)) != 0)
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

/// `pid` runs (not a zombie, not gone).
pub fn expect_running(pid: i64) -> Result<()> {
    match os_state(pid) {
        OsState::Alive(_) => Ok(()),
        other => bail!("process {pid} is not running: /proc shows {other:?}"),
    }
}

/// The environment of `pid` holds the entry `NAME=value`.
pub fn expect_environment_entry(pid: i64, entry: &str) -> Result<()> {
    let env = environ(pid)?;
    ensure!(
        env.iter().any(|e| e == entry),
        "process {pid} does not have {entry} in its environment: {env:?}"
    );
    Ok(())
}

/// A restarted service: it runs under `now`, a new process id, and its first process `first`
/// no longer runs.
pub fn expect_new_service_process(first: Option<i64>, now: i64) -> Result<()> {
    ensure!(Some(now) != first, "the service still has process id {now}");
    ensure!(
        is_alive(now),
        "the restarted service's process {now} is not running"
    );
    if let Some(first) = first {
        ensure!(
            !is_alive(first),
            "the crashed process {first} is still running"
        );
    }
    Ok(())
}

/// The memory use mcp-process reported for `pid` is within `margin` MiB of its resident memory.
pub fn expect_resident_near(pid: i64, reported: f64, margin: f64) -> Result<()> {
    let resident = resident_mb(pid)?;
    ensure!(
        (reported - resident).abs() <= margin,
        "memoryMB {reported:.1}, the operating system reports {resident:.1} MiB resident"
    );
    Ok(())
}

/// The server `pid` is a child of this suite, running `name`.
pub fn expect_child_of_suite(pid: i64, name: &str) -> Result<()> {
    let (parent, suite) = (parent_of(pid), i64::from(std::process::id()));
    ensure!(
        parent == Some(suite),
        "the server (pid {pid}) has parent {parent:?}, not the suite ({suite})"
    );
    let command = cmdline(pid);
    ensure!(
        command.contains(name),
        "process {pid} is not {name}: {command}"
    );
    Ok(())
}

/// The standard input, output and error of `pid` are pipes.
pub fn expect_standard_pipes(pid: i64) -> Result<()> {
    for fd in 0..3 {
        let target = fd_target(pid, fd)?;
        ensure!(
            target.starts_with("pipe:"),
            "file descriptor {fd} of the server is {target}, not a pipe"
        );
    }
    Ok(())
}

/// Waits (bounded) until `pid` has a SIGTERM handler.
pub async fn wait_for_sigterm_handler(pid: i64, limit: Duration) -> Result<()> {
    let deadline = Instant::now() + limit;
    while !catches_signal(pid, Signal::SIGTERM) {
        ensure!(
            Instant::now() < deadline,
            "process {pid} ({}) set up no SIGTERM handler within {}",
            cmdline(pid).trim(),
            seconds(limit)
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    Ok(())
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

/// Live processes (zombies excepted) whose environment holds `RUN_MARKER_VAR=marker`, or whose
/// command line names the marker.
pub fn processes_with_marker(marker: &str) -> Vec<(i64, String)> {
    let wanted = format!("{RUN_MARKER_VAR}={marker}");
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|entry| entry.file_name().to_str()?.parse::<i64>().ok())
        .filter(|pid| is_alive(*pid))
        .filter(|pid| {
            environ(*pid).is_ok_and(|env| env.contains(&wanted)) || cmdline(*pid).contains(marker)
        })
        .map(|pid| (pid, cmdline(pid)))
        .collect()
}
