//! Runs of the hub's CLI: `mcp-hub <words>` with the scenario's config and state dir, run with
//! tokio's process (bounded, killed on drop), optionally fed lines on stdin; what it printed and
//! its exit code.

use std::process::Stdio;
use std::time::Duration;

use anyhow::{Context as _, Result, ensure};
use serde_json::Value;
use tokio::io::AsyncWriteExt as _;

use super::HubScenario;

#[derive(Debug, Clone)]
pub struct CliRun {
    pub command: String,
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl CliRun {
    fn evidence(&self) -> String {
        format!(
            "`{}` exited with {:?}\nstdout:\n{}\nstderr:\n{}",
            self.command, self.code, self.stdout, self.stderr
        )
    }

    pub fn expect_code(&self, code: i32) -> Result<()> {
        ensure!(
            self.code == Some(code),
            "expected exit code {code}; {}",
            self.evidence()
        );
        Ok(())
    }

    /// stdout + stderr contain `text`.
    pub fn expect_says(&self, text: &str) -> Result<()> {
        let all = format!("{}\n{}", self.stdout, self.stderr);
        ensure!(
            all.contains(text),
            "expected the output to say \"{text}\"; {}",
            self.evidence()
        );
        Ok(())
    }

    /// stdout parsed as one JSON document.
    pub fn json(&self) -> Result<Value> {
        serde_json::from_str(&self.stdout)
            .with_context(|| format!("stdout is not one JSON document; {}", self.evidence()))
    }

    /// The JSON value at `pointer` (e.g. `/servers/0/name`) of stdout.
    pub fn json_at(&self, pointer: &str) -> Result<Value> {
        let json = self.json()?;
        json.pointer(pointer).cloned().with_context(|| {
            format!(
                "the JSON output has nothing at {pointer}; {}",
                self.evidence()
            )
        })
    }
}

impl HubScenario {
    /// Runs `mcp-hub <words…>` to its end within `limit`, writing `input` to its stdin.
    pub async fn run_cli(
        &mut self,
        words: &[String],
        env: &[(&str, &str)],
        input: &str,
        limit: Duration,
    ) -> Result<CliRun> {
        if !self.config_path()?.exists() {
            self.write_config()?;
        }
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        let spec = self.launch("mcp-hub CLI", &refs)?;
        let mut command = tokio::process::Command::new(&spec.program);
        command
            .args(&spec.args)
            .envs(spec.env.iter().map(|(k, v)| (k, v)))
            .env_remove("MCP_HUB_API_KEY")
            .env_remove("NO_COLOR")
            .env_remove("FORCE_COLOR")
            .envs(env.iter().copied())
            .current_dir(&spec.cwd)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0)
            .kill_on_drop(true);
        let mut child = command.spawn().context("cannot start the mcp-hub CLI")?;
        let mut stdin = child.stdin.take().context("stdin is piped")?;
        stdin.write_all(input.as_bytes()).await?;
        drop(stdin);
        let shown = format!("mcp-hub {}", words.join(" "));
        let output = tokio::time::timeout(limit, child.wait_with_output())
            .await
            .with_context(|| {
                format!("`{shown}` did not end within {:.1}s", limit.as_secs_f64())
            })??;
        let run = CliRun {
            command: shown,
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        };
        self.cli = Some(run.clone());
        Ok(run)
    }

    /// Runs `health --json` until it reports `backend` in `state`, at most `limit`.
    pub async fn expect_cli_health(
        &mut self,
        backend: &str,
        state: &str,
        limit: Duration,
    ) -> Result<()> {
        let deadline = tokio::time::Instant::now() + limit;
        let words = ["health".to_owned(), "--json".to_owned()];
        loop {
            let run = self.run_cli(&words, &[], "", limit).await?;
            let health = run.json()?;
            let entry = health["servers"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|s| s["name"] == backend);
            if entry.is_some_and(|e| e["state"] == state) {
                return Ok(());
            }
            ensure!(
                tokio::time::Instant::now() < deadline,
                "`mcp-hub health` does not report \"{backend}\" as {state}: {health}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub fn last_cli(&self) -> Result<&CliRun> {
        self.cli
            .as_ref()
            .context("no CLI command was run in this scenario")
    }
}
