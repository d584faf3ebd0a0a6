//! Runs of this suite itself, started by a scenario (the minimal-suite, CI and diagnostics
//! criteria): the very runner binary as a child, headless, bounded in time, every process of it
//! marked; and what such a run must show. Failures carry the run's evidence.

use std::path::{Path, PathBuf};
use std::process::{ExitStatus, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, ensure};
use regex::Regex;

use super::launch::write_registry;
use super::{RUN_MARKER_VAR, SERVER_NAME};
use crate::harness::timeouts::bounded;
use crate::world::McpWorld;

/// Set on runs of the suite started by a scenario: such a run may not start another.
const NESTED_RUN_VAR: &str = "MCP_ACCEPTANCE_NESTED_RUN";
/// How long a run of tagged features may take before it is killed.
const TAGGED_RUN_LIMIT: Duration = Duration::from_secs(300);
/// How long a run of one feature written in a scenario may take.
const FEATURE_RUN_LIMIT: Duration = Duration::from_secs(60);
/// How long a run killed hard may take to be gone (the kernel's work, and its output closing).
const KILLED_RUN_EXIT: Duration = Duration::from_secs(10);

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

/// How to run the suite from a scenario.
#[derive(Debug, Default)]
pub struct RunOptions {
    pub args: Vec<String>,
    pub env: Vec<(String, String)>,
    /// Another features directory instead of the package's.
    pub features: Option<PathBuf>,
    pub limit: Duration,
}

impl RunOptions {
    /// The features tagged `tags` (a tag expression).
    pub fn tagged(tags: &str) -> Self {
        Self {
            args: vec!["--tags".to_owned(), tags.to_owned()],
            limit: TAGGED_RUN_LIMIT,
            ..Default::default()
        }
    }

    /// With the environment variable `name` set to `value`.
    pub fn with_env(mut self, name: &str, value: &str) -> Self {
        self.env.push((name.to_owned(), value.to_owned()));
        self
    }

    /// With the reference server registered under mcp-process's name (registry in `dir`).
    pub fn against_reference_server(self, dir: &Path) -> Result<Self> {
        let args = ["--transport".to_owned(), "stdio".to_owned()];
        let registry = write_registry(dir, SERVER_NAME, "mcp-reference-server", true, &args)?;
        Ok(self.with_env("MCP_REGISTRY", &registry.display().to_string()))
    }

    /// Only the feature `text` (its `$marker` replaced by the run's marker), written in `dir`.
    pub fn feature(dir: &Path, text: &str) -> Result<Self> {
        let features = dir.join("features");
        std::fs::create_dir_all(&features)?;
        let text = text.replace("$marker", &run_marker(dir));
        std::fs::write(features.join("scenario.feature"), text)?;
        Ok(Self {
            features: Some(features),
            limit: FEATURE_RUN_LIMIT,
            ..Default::default()
        })
    }
}

/// Runs the suite for the scenario (see [`run_suite`]) and remembers the run.
pub async fn run(world: &mut McpWorld, options: RunOptions) -> Result<()> {
    let dir = world.process.dir()?;
    world.process.run = Some(run_suite(&dir, options).await?);
    Ok(())
}

/// The marker a run started with scratch directory `dir` carries.
pub fn run_marker(dir: &Path) -> String {
    format!(
        "run-{}-{}",
        std::process::id(),
        dir.file_name().and_then(|n| n.to_str()).unwrap_or("run")
    )
}

/// This very test binary (the acceptance runner), ready to start as a child, headless: no
/// display variables, stdin from /dev/null, its own JUnit file; every process of the run
/// carries a unique marker in its environment. Returns it with the marker and how it is shown.
fn suite_command(
    dir: &Path,
    options: &RunOptions,
) -> Result<(tokio::process::Command, String, String)> {
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
    let name = exe
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("acceptance");
    let shown = format!("{name} {}", options.args.join(" "));
    Ok((command, marker, shown))
}

/// Runs the suite as a child (see [`suite_command`]), bounded by `options.limit`.
pub async fn run_suite(dir: &Path, options: RunOptions) -> Result<SuiteRun> {
    let (mut command, marker, shown) = suite_command(dir, &options)?;
    let started = Instant::now();
    let child = command
        .spawn()
        .with_context(|| format!("could not start {shown}"))?;
    let group = child.id().map(|id| id as i32);
    let finished = bounded(options.limit, &shown, child.wait_with_output()).await;
    let mut run = SuiteRun::new(shown, marker, started);
    match finished {
        Ok(output) => run.take(output?),
        Err(_) => {
            if let Some(group) = group {
                let _ = nix::sys::signal::killpg(
                    nix::unistd::Pid::from_raw(group),
                    nix::sys::signal::Signal::SIGKILL,
                );
            }
        }
    }
    Ok(run)
}

/// Runs the suite as a child and kills it hard (SIGKILL to the runner alone, as an out-of-memory
/// killer or a CI timeout would) once one of its processes runs `program`: a run that cannot
/// clean up after itself, whose leftovers only its warden can remove.
pub async fn run_suite_killed_once_running(
    dir: &Path,
    options: RunOptions,
    program: &str,
) -> Result<SuiteRun> {
    let (mut command, marker, shown) = suite_command(dir, &options)?;
    let started = Instant::now();
    let child = command
        .spawn()
        .with_context(|| format!("could not start {shown}"))?;
    let pid = child.id().context("the run has no pid")?;
    let waited = bounded(options.limit, &format!("{shown} to run {program}"), async {
        while !super::os::processes_with_marker(&marker)
            .iter()
            .any(|(_, line)| line.trim_start().starts_with(program))
        {
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    })
    .await;
    // Killed either way: a run that never got there must not outlive the scenario.
    let _ = nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(pid as i32),
        nix::sys::signal::Signal::SIGKILL,
    );
    let output = bounded(KILLED_RUN_EXIT, &shown, child.wait_with_output()).await??;
    let mut run = SuiteRun::new(shown, marker, started);
    run.take(output);
    waited
        .map_err(|late| late.context(format!("the run never ran {program}{}", run.evidence())))?;
    Ok(run)
}

impl SuiteRun {
    fn new(command: String, marker: String, started: Instant) -> Self {
        Self {
            command,
            status: None,
            stdout: String::new(),
            stderr: String::new(),
            elapsed: started.elapsed(),
            marker,
        }
    }

    /// What the finished run left: its exit status and output.
    fn take(&mut self, output: std::process::Output) {
        self.status = Some(output.status);
        self.stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        self.stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    }

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

    /// The run passed, counting passed scenarios and no failed or skipped ones, within `limit`.
    pub fn expect_passed_within(&self, limit: Duration) -> Result<()> {
        ensure!(
            self.status.is_some_and(|s| s.success()),
            "the run did not pass{}",
            self.evidence()
        );
        let counts = self.closing_line();
        ensure!(
            counts
                .is_some_and(|(passed, failed, skipped)| passed > 0 && failed == 0 && skipped == 0),
            "the run's closing line should count passed scenarios and no failed or skipped ones{}",
            self.evidence()
        );
        ensure!(
            self.elapsed <= limit,
            "the run took {:.1}s, more than {}s{}",
            self.elapsed.as_secs_f64(),
            limit.as_secs_f64(),
            self.evidence()
        );
        Ok(())
    }

    /// The run failed, and its closing line counts the failures.
    pub fn expect_failed(&self) -> Result<()> {
        ensure!(
            self.status.is_some_and(|s| !s.success())
                && self.closing_line().is_some_and(|(_, failed, _)| failed > 0),
            "the run should have failed, with failures counted{}",
            self.evidence()
        );
        Ok(())
    }

    /// The run's output (either stream) says `text`.
    pub fn expect_says(&self, text: &str) -> Result<()> {
        ensure!(
            self.stdout.contains(text) || self.stderr.contains(text),
            "the run's output does not say \"{text}\"{}",
            self.evidence()
        );
        Ok(())
    }

    /// A line of the run's output marks the step `step` with `mark` (✔ passed, ✘ failed).
    pub fn expect_step_marked(&self, step: &str, mark: char) -> Result<()> {
        let marked = self
            .stdout
            .lines()
            .any(|line| line.contains(mark) && line.contains(step));
        let how = if mark == '✘' {
            "as the failed step"
        } else {
            "as passed"
        };
        ensure!(
            marked,
            "the run's output does not mark \"{step}\" {how} ({mark}){}",
            self.evidence()
        );
        Ok(())
    }
}
