//! One ticket service as a child process of the scenario: its own process group, stdout and
//! stderr captured whole into files in the scenario's temp dir (the log checks read all of it,
//! not the last lines), its URL read from the line it announces.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use regex::Regex;

use crate::harness::child_process::{LaunchSpec, ServerProcess};

/// Redirects the program's output to the files named in the environment, then becomes it
/// (`exec`), so the process group's leader is the service itself.
const CAPTURE: &str = r#"exec "$0" "$@" >"$TICKETS_LOG_OUT" 2>"$TICKETS_LOG_ERR""#;

pub struct Service {
    pub name: String,
    pub url: String,
    process: ServerProcess,
    out: PathBuf,
    err: PathBuf,
}

impl std::fmt::Debug for Service {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at {} ({:?})", self.name, self.url, self.process)
    }
}

/// What to start and how it announces its URL (capture group 1).
pub struct ServiceSpec<'a> {
    pub name: &'a str,
    pub program: PathBuf,
    pub args: Vec<String>,
    pub env: Vec<(String, String)>,
    pub announces: &'a Regex,
}

impl Service {
    pub async fn start(spec: ServiceSpec<'_>, dir: &Path, limit: Duration) -> Result<Self> {
        let out = dir.join(format!("{}.stdout.log", spec.name));
        let err = dir.join(format!("{}.stderr.log", spec.name));
        let mut env = spec.env;
        env.push(("TICKETS_LOG_OUT".into(), out.display().to_string()));
        env.push(("TICKETS_LOG_ERR".into(), err.display().to_string()));
        let mut args = vec!["-c".to_owned(), CAPTURE.to_owned()];
        args.push(spec.program.display().to_string());
        args.extend(spec.args);
        let launch = LaunchSpec {
            label: spec.name.to_owned(),
            program: PathBuf::from("/bin/sh"),
            args,
            env,
            cwd: dir.to_owned(),
        };
        let mut service = Self {
            name: spec.name.to_owned(),
            url: String::new(),
            process: ServerProcess::spawn(launch)?,
            out,
            err,
        };
        service.url = service.wait_for(spec.announces, limit).await?;
        Ok(service)
    }

    async fn wait_for(&mut self, pattern: &Regex, limit: Duration) -> Result<String> {
        let deadline = Instant::now() + limit;
        loop {
            let log = self.log();
            if let Some(found) = pattern.captures(&log).and_then(|c| c.get(1)) {
                return Ok(found.as_str().to_owned());
            }
            if self.process.try_exit_status().is_some() {
                bail!(
                    "{} ended ({}) before announcing its URL; its log:\n{}",
                    self.name,
                    self.process.status_text(),
                    self.tail(30)
                );
            }
            if Instant::now() > deadline {
                bail!(
                    "{} announced no URL (/{pattern}/) within {limit:?}; its log:\n{}",
                    self.name,
                    self.tail(30)
                );
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// Everything the service wrote so far: stderr, then stdout.
    pub fn log(&self) -> String {
        let read = |path: &Path| std::fs::read_to_string(path).unwrap_or_default();
        format!("{}{}", read(&self.err), read(&self.out))
    }

    pub fn tail(&self, lines: usize) -> String {
        let log = self.log();
        let all: Vec<&str> = log.lines().collect();
        all[all.len().saturating_sub(lines)..].join("\n")
    }

    /// The service's own process (the group leader: `sh` became it).
    pub fn pid(&self) -> i32 {
        self.process.pid()
    }

    pub fn group(&self) -> i32 {
        self.process.pid()
    }

    /// `GET /health` of the service: its status and JSON body.
    pub async fn health(&self, http: &reqwest::Client) -> Result<(u16, serde_json::Value)> {
        let base = self.url.trim_end_matches("/mcp");
        let response = http.get(format!("{base}/health")).send().await?;
        let status = response.status().as_u16();
        Ok((status, response.json().await.unwrap_or_default()))
    }
}
