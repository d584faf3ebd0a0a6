//! The hub of a scenario: its config file, starting it (over stdio through a session, or over
//! HTTP as a process of the scenario), and reading what it says about itself: the `health`
//! meta-tool, its log, its backends' logs and process ids.

use std::path::Path;
use std::sync::LazyLock;
use std::time::Duration;

use anyhow::{Context as _, Result, bail, ensure};
use regex::Regex;
use serde_json::{Map, Value, json};

use super::HubScenario;
use crate::checks::expect;
use crate::harness::child_process::{LaunchSpec, ServerProcess};
use crate::harness::fixture_binaries::resolve_bundled;
use crate::mcp::registry::{Secret, Target};
use crate::mcp::transport::Transport;
use crate::world::McpWorld;

static LISTENING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"listening on (http://\S+)").unwrap());

impl HubScenario {
    /// `hub.json`, where a running hub records itself (pid, transport, URL), is gone: a stale
    /// one names a pid that another process may get (and `stop` would signal).
    pub fn expect_no_running_record(&mut self) -> Result<()> {
        let record = self.state_dir()?.join("hub.json");
        ensure!(
            !record.exists(),
            "{} is still there after the hub stopped: {}",
            record.display(),
            std::fs::read_to_string(&record).unwrap_or_default()
        );
        Ok(())
    }

    /// The config as JSON (servers, policy, API key).
    pub fn config(&self) -> Value {
        let mut config = json!({"servers": self.servers});
        if let Some(ms) = self.call_timeout_ms {
            config["policies"] = json!({"defaultTimeout": ms});
        }
        if let Some(key) = &self.api_key {
            config["auth"] = json!({"apiKey": key});
        }
        config
    }

    /// Writes the config with one flaw a valid config must not have (in the feature's words),
    /// made to the scenario's backends: the first one's name, command or address, the first two's
    /// aliases, or the policies.
    pub fn write_config_with_flaw(&mut self, flaw: &str) -> Result<()> {
        let mut config = self.config();
        let servers = config["servers"].as_array_mut().context("no backends")?;
        ensure!(
            servers.len() >= 2,
            "a flawed config is made from two backends or more"
        );
        let first = servers[0]
            .as_object_mut()
            .context("a backend is not an object")?;
        match flaw {
            "a server name with a space" => _ = first.insert("name".into(), json!("my server")),
            "a stdio server without a command" => {
                first.insert("transport".into(), json!("stdio"));
                first.remove("command");
            }
            "an HTTP server without an http(s) address" => {
                first.insert("transport".into(), json!("http"));
                first.insert("url".into(), json!("ftp://127.0.0.1:9/mcp"));
            }
            "a server defined twice" => servers.push(servers[0].clone()),
            "an alias used twice" => {
                servers[0]["aliases"] = json!({"one": "same"});
                servers[1]["aliases"] = json!({"other": "same"});
            }
            "a call timeout of 0 ms" => config["policies"]["defaultTimeout"] = json!(0),
            "a health timeout of 0 ms" => config["policies"]["healthTimeout"] = json!(0),
            other => bail!("no such config flaw: {other}"),
        }
        self.write_config_text(&serde_json::to_string_pretty(&config)?)
    }

    /// Writes the config file in one rename (the hub never reads half of it).
    pub fn write_config(&mut self) -> Result<()> {
        let text = serde_json::to_string_pretty(&self.config())?;
        self.write_config_text(&text)
    }

    pub fn write_config_text(&mut self, text: &str) -> Result<()> {
        let path = self.config_path()?;
        let temporary = path.with_extension("tmp");
        std::fs::write(&temporary, text)?;
        std::fs::rename(&temporary, &path)?;
        Ok(())
    }

    pub fn server_mut(&mut self, name: &str) -> Result<&mut Value> {
        self.servers
            .iter_mut()
            .find(|s| s["name"] == name)
            .with_context(|| format!("the hub has no backend named \"{name}\""))
    }

    /// `mcp-hub` with the scenario's config and state dir, HOME in the temp dir.
    pub fn launch(&mut self, label: &str, command: &[&str]) -> Result<LaunchSpec> {
        let dir = self.dir()?;
        let mut args = vec![
            "--config".to_owned(),
            self.config_path()?.display().to_string(),
            "--state-dir".to_owned(),
            self.state_dir()?.display().to_string(),
        ];
        args.extend(command.iter().map(|word| (*word).to_owned()));
        Ok(LaunchSpec {
            label: label.to_owned(),
            program: resolve_bundled("mcp-hub")?,
            args,
            env: vec![("HOME".into(), dir.display().to_string())],
            cwd: dir,
        })
    }

    /// Starts the hub over HTTP in the background; returns its URL.
    pub async fn start_http(&mut self, limit: Duration) -> Result<String> {
        self.write_config()?;
        let spec = self.launch("mcp-hub over http", &["start", "-t", "http"])?;
        let mut process = ServerProcess::spawn(spec)?;
        let url = match process.wait_for_stderr(&LISTENING, limit).await {
            Ok(url) => url,
            Err(error) => bail!(
                "{error:#}; its stderr:\n{}",
                process.stderr.tail(20).join("\n")
            ),
        };
        self.hub = Some(process);
        self.hub_url = Some(url.clone());
        // The CLI finds the hub through its state file, written once it listens.
        let state = self.state_dir()?.join("hub.json");
        wait_for_text("the hub's state file", "\"pid\"", limit, || {
            Ok(std::fs::read_to_string(&state).unwrap_or_default())
        })
        .await?;
        Ok(url)
    }

    /// The hub as a server a session can open: started over stdio by the session, or the one
    /// running over HTTP (with the API key, if the scenario set one).
    pub async fn target(&mut self, transport: Transport, limit: Duration) -> Result<Target> {
        match transport {
            Transport::Stdio => {
                self.write_config()?;
                let spec = self.launch("mcp-hub over stdio", &["start", "-t", "stdio"])?;
                Ok(Target::scenario_server("mcp-hub", Some(&spec), None))
            }
            Transport::Http => {
                let url = match self.hub_url.clone() {
                    Some(url) => url,
                    None => self.start_http(limit).await?,
                };
                let target =
                    Target::scenario_server("mcp-hub", None, Some((Transport::Http, &url)));
                Ok(match &self.api_key {
                    Some(key) => target.with_header("X-API-Key", Secret::new(key.clone())),
                    None => target,
                })
            }
            Transport::Sse => bail!("the hub serves stdio and streamable HTTP, not SSE"),
        }
    }

    /// What the hub wrote in its log (`<state>/hub.log`).
    pub fn hub_log(&mut self) -> Result<String> {
        Ok(std::fs::read_to_string(self.state_dir()?.join("hub.log")).unwrap_or_default())
    }

    /// What a stdio backend wrote on stderr (`<state>/logs/<name>.log`).
    pub fn backend_log(&mut self, name: &str) -> Result<String> {
        let path = self.state_dir()?.join("logs").join(format!("{name}.log"));
        Ok(std::fs::read_to_string(path).unwrap_or_default())
    }
}

/// Waits until `read` gives a text containing `wanted`; the error shows the last text.
pub async fn wait_for_text(
    what: &str,
    wanted: &str,
    limit: Duration,
    mut read: impl FnMut() -> Result<String>,
) -> Result<()> {
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        let text = read()?;
        if text.contains(wanted) {
            return Ok(());
        }
        if tokio::time::Instant::now() >= deadline {
            bail!(
                "{what} did not say \"{wanted}\" within {:.1}s; it said:\n{text}",
                limit.as_secs_f64()
            );
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The structured answer of the hub's meta-tool `name` on the default session.
pub async fn meta(world: &mut McpWorld, name: &str, arguments: Value) -> Result<Value> {
    let arguments: Map<String, Value> = serde_json::from_value(arguments)?;
    let request = format!("tools/call \"{name}\"");
    let reply = world.client()?.call_tool(name, arguments).await?;
    let result = expect::success(&request, &reply)?;
    result
        .get("structuredContent")
        .cloned()
        .context("the meta-tool gave no structured content")
}

/// The `health` entry of backend `name`.
pub async fn backend_health(world: &mut McpWorld, name: &str) -> Result<Value> {
    let health = meta(world, "health", json!({})).await?;
    health["servers"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|s| s["name"] == name)
        .cloned()
        .with_context(|| format!("health names no backend \"{name}\": {health}"))
}

/// Waits until `health` reports `name` in `state` (and, if given, an error containing `why`).
pub async fn expect_backend_state(
    world: &mut McpWorld,
    name: &str,
    state: &str,
    limit: Duration,
) -> Result<Value> {
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        let entry = backend_health(world, name).await?;
        if entry["state"] == state {
            return Ok(entry);
        }
        ensure!(
            tokio::time::Instant::now() < deadline,
            "health reports \"{name}\" as {entry} after {:.1}s, not {state}",
            limit.as_secs_f64()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The process id of a connected stdio backend, from `health`.
pub async fn backend_pid(world: &mut McpWorld, name: &str) -> Result<u64> {
    let entry = backend_health(world, name).await?;
    entry["pid"]
        .as_u64()
        .with_context(|| format!("health gives no process id for \"{name}\": {entry}"))
}

/// Kills a backend's process (SIGKILL), as a crash would.
pub async fn kill_backend(world: &mut McpWorld, name: &str) -> Result<()> {
    let pid = backend_pid(world, name).await?;
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(pid as i32),
        nix::sys::signal::Signal::SIGKILL,
    )
    .with_context(|| format!("cannot kill backend \"{name}\" (pid {pid})"))
}

/// Whether `path` exists and holds `text`.
pub fn file_holds(path: &Path, text: &str) -> Result<()> {
    let content = std::fs::read_to_string(path)
        .with_context(|| format!("{} was not written", path.display()))?;
    ensure!(
        content == text,
        "{} holds {content:?}, not {text:?}",
        path.display()
    );
    Ok(())
}
