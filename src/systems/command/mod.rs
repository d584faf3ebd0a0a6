//! The `mcp-acceptance` command (crate `command/`) as a system under test: built once per run
//! into `target/command` (the outer `cargo test` holds `target/`'s lock), or taken prebuilt
//! from `MCP_ACCEPTANCE_COMMAND`; run from an empty folder outside the repository with a PATH
//! that has no cargo, the way an author of a server in another language runs it.

use std::path::{Path, PathBuf};
use std::process::{ExitStatus, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, anyhow, bail, ensure};
use regex::Regex;
use tempfile::TempDir;
use tokio::sync::OnceCell;

use crate::harness::timeouts::bounded;

/// A prebuilt command binary (CI may build it once); otherwise the scenario builds it.
const PREBUILT_VARIABLE: &str = "MCP_ACCEPTANCE_COMMAND";
/// A debug build of the command after a change of the suite (relink) or from scratch: every
/// dependency again in its own target dir, beside 8 running scenarios, took over 10 minutes on
/// a 2-core CI machine.
const BUILD_LIMIT: Duration = Duration::from_secs(1200);
/// Folders that hold the system's programs but never cargo.
const PATH_WITHOUT_CARGO: &str = "/usr/local/bin:/usr/bin:/bin";

/// What a command scenario holds: the binary, the empty folder it runs in, its last run.
#[derive(Debug, Default)]
pub struct CommandScenario {
    binary: Option<PathBuf>,
    folder: Option<TempDir>,
    pub run: Option<CommandRun>,
}

#[derive(Debug)]
pub struct CommandRun {
    shown: String,
    status: Option<ExitStatus>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

/// The binary, built at most once per run.
async fn built_binary() -> Result<PathBuf> {
    static BUILT: OnceCell<std::result::Result<PathBuf, String>> = OnceCell::const_new();
    BUILT
        .get_or_init(|| async { build().await.map_err(|e| format!("{e:#}")) })
        .await
        .clone()
        .map_err(|e| anyhow!(e))
}

async fn build() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os(PREBUILT_VARIABLE).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let target = crate::package_root().join("target/command");
    let mut command = tokio::process::Command::new(cargo);
    command
        .args([
            "build",
            "--quiet",
            "-p",
            "mcp-acceptance-command",
            "--target-dir",
        ])
        .arg(&target)
        .current_dir(crate::package_root())
        .stdin(Stdio::null())
        .kill_on_drop(true);
    let output = bounded(
        BUILD_LIMIT,
        "the build of the mcp-acceptance command",
        command.output(),
    )
    .await??;
    if !output.status.success() {
        bail!(
            "building the mcp-acceptance command failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(target.join("debug/mcp-acceptance"))
}

impl CommandScenario {
    pub async fn build(&mut self) -> Result<()> {
        self.binary = Some(built_binary().await?);
        Ok(())
    }

    /// An empty folder outside the repository.
    pub fn empty_folder(&mut self) -> Result<()> {
        let folder = tempfile::tempdir()?;
        ensure!(
            !folder.path().starts_with(crate::package_root()),
            "the temp folder {} lies inside the repository",
            folder.path().display()
        );
        self.folder = Some(folder);
        Ok(())
    }

    /// Runs the command in the empty folder with `args`, with a PATH without cargo, bounded.
    pub async fn run(&mut self, args: &[String], limit: Duration) -> Result<()> {
        let binary = self.binary.clone().context("the command was not built")?;
        let folder = self.folder.as_ref().context("no empty folder")?.path();
        let mut command = tokio::process::Command::new(&binary);
        command
            .args(args)
            .current_dir(folder)
            .env_clear()
            .env("PATH", PATH_WITHOUT_CARGO)
            .env("HOME", folder)
            .env("TMPDIR", std::env::temp_dir())
            .stdin(Stdio::null())
            .process_group(0)
            .kill_on_drop(true);
        let shown = format!("mcp-acceptance {}", shell_words::join(args));
        let started = Instant::now();
        let output = bounded(limit, &shown, command.output()).await;
        let mut run = CommandRun {
            shown,
            status: None,
            stdout: String::new(),
            stderr: String::new(),
            elapsed: started.elapsed(),
        };
        if let Ok(output) = output {
            let output = output?;
            run.status = Some(output.status);
            run.stdout = String::from_utf8_lossy(&output.stdout).into_owned();
            run.stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        }
        self.run = Some(run);
        Ok(())
    }

    pub fn last_run(&self) -> Result<&CommandRun> {
        self.run.as_ref().context("the command has not run")
    }

    /// JUnit, Cucumber JSON and the summary in the folder's `mcp-acceptance-reports/`.
    pub fn expect_reports(&self) -> Result<()> {
        let folder = self.folder.as_ref().context("no empty folder")?.path();
        let reports = folder.join("mcp-acceptance-reports");
        for name in ["junit.xml", "cucumber.json", "summary.json"] {
            let path = reports.join(name);
            let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            ensure!(size > 0, "the command wrote no {}", path.display());
        }
        Ok(())
    }
}

/// The shell cannot find cargo on the PATH the command runs with (the scenario's premise).
pub fn cargo_is_not_on_the_path() -> Result<()> {
    for dir in PATH_WITHOUT_CARGO.split(':') {
        ensure!(
            !Path::new(dir).join("cargo").exists(),
            "cargo is in {dir}, on the PATH the command runs with"
        );
    }
    Ok(())
}

impl CommandRun {
    /// Exit status 0, at least one scenario passed, none failed.
    pub fn expect_passed(&self) -> Result<(usize, usize, usize)> {
        let counts = self
            .closing_line()
            .with_context(|| format!("the command printed no closing line{}", self.evidence()))?;
        ensure!(
            self.status.is_some_and(|s| s.success()) && counts.0 > 0 && counts.1 == 0,
            "expected a passing run (exit 0, scenarios passed, none failed){}",
            self.evidence()
        );
        Ok(counts)
    }

    /// The exit status, failing when the run was killed at its limit.
    pub fn expect_status(&self, code: i32) -> Result<()> {
        ensure!(
            self.status.and_then(|s| s.code()) == Some(code),
            "expected exit status {code}{}",
            self.evidence()
        );
        Ok(())
    }

    pub fn expect_says(&self, text: &str) -> Result<()> {
        ensure!(
            self.stdout.contains(text) || self.stderr.contains(text),
            "the command's output does not say {text:?}{}",
            self.evidence()
        );
        Ok(())
    }

    fn closing_line(&self) -> Option<(usize, usize, usize)> {
        let pattern =
            Regex::new(r"^acceptance: (\d+) passed, (\d+) failed, (\d+) skipped$").ok()?;
        let last = self.stdout.lines().last()?;
        let caps = pattern.captures(last)?;
        Some((
            caps[1].parse().ok()?,
            caps[2].parse().ok()?,
            caps[3].parse().ok()?,
        ))
    }

    fn evidence(&self) -> String {
        let tail = |text: &str| {
            let lines: Vec<&str> = text.lines().collect();
            lines[lines.len().saturating_sub(15)..].join("\n")
        };
        format!(
            "\n--- {} ({}, {:.1}s)\n--- stdout (end):\n{}\n--- stderr (end):\n{}",
            self.shown,
            self.status.map_or_else(
                || "killed at its time limit".to_owned(),
                crate::harness::child_process::describe_status
            ),
            self.elapsed.as_secs_f64(),
            tail(&self.stdout),
            tail(&self.stderr)
        )
    }
}
