//! One scenario's fault proxy. Over stdio the proxy wraps the server's command and is started by
//! each connection (so every new connection is a new proxy, on the same control socket path);
//! over streamable HTTP and legacy SSE the suite starts the server, then the proxy in front of
//! it, and connections reach the proxy's URL.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result, bail, ensure};
use regex::Regex;
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

use crate::harness::child_process::LaunchSpec;
use crate::harness::fixture_binaries::resolve_bundled;
use crate::harness::timeouts::bounded;
use crate::mcp::launch::{Endpoint, reach, start_announcing};
use crate::mcp::link::Link;
use crate::mcp::registry::Target;
use crate::mcp::transport::Transport;

pub struct FaultProxy {
    pub transport: Transport,
    /// The server under test as reached through the proxy.
    pub target: Target,
    control: ControlSocket,
    /// Over HTTP/SSE: the server the suite started, then the proxy (their groups are killed
    /// when the scenario drops them).
    started: Vec<Link>,
    _dir: tempfile::TempDir,
}

impl std::fmt::Debug for FaultProxy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "fault proxy over {} for {}",
            self.transport, self.target.name
        )
    }
}

impl FaultProxy {
    /// Puts a proxy in front of `server` on `transport`, within `limit` for each start.
    pub async fn start(server: &Target, transport: Transport, limit: Duration) -> Result<Self> {
        Self::start_with_plan(server, transport, limit, &[]).await
    }

    /// [`start`](Self::start) with `plan` (rules) in force from the proxy's start: over stdio
    /// every connection's proxy starts with it.
    pub async fn start_with_plan(
        server: &Target,
        transport: Transport,
        limit: Duration,
        plan: &[Value],
    ) -> Result<Self> {
        let (dir, control) = ControlSocket::new_dir()?;
        let control = control.0;
        let program = resolve_bundled("mcp-fault-proxy")?;
        let mut proxy_args = vec!["--control".to_owned(), control.display().to_string()];
        if !plan.is_empty() {
            proxy_args.extend(["--plan".to_owned(), Value::from(plan.to_vec()).to_string()]);
        }
        let label = format!("fault proxy for {}", server.name);
        let (target, started) = match transport {
            Transport::Stdio => {
                let upstream = server.stdio_launch()?;
                let mut args = proxy_args;
                args.push("--".to_owned());
                args.push(upstream.program.display().to_string());
                args.extend(upstream.args.iter().cloned());
                let launch = LaunchSpec {
                    label,
                    program,
                    args,
                    env: upstream.env.clone(),
                    cwd: upstream.cwd.clone(),
                };
                (
                    Target::reached_through(server, &launch, transport),
                    Vec::new(),
                )
            }
            Transport::Http | Transport::Sse => {
                let reached = reach(server, transport, &server.name, limit).await?;
                let (Endpoint::Http { url, .. } | Endpoint::Sse { url, .. }) = reached.endpoint
                else {
                    bail!("{} over {transport} gave no URL", server.name);
                };
                let mut args = proxy_args;
                args.extend([
                    "--upstream".to_owned(),
                    url,
                    "--port".to_owned(),
                    "0".to_owned(),
                ]);
                let launch = LaunchSpec {
                    label: label.clone(),
                    program,
                    args,
                    env: Vec::new(),
                    cwd: crate::package_root(),
                };
                let pattern = Regex::new(r"listening on (http://\S+)")?;
                let (proxy, url) =
                    start_announcing(launch, &label, "the fault proxy", &pattern, limit).await?;
                let target = Target::running_at(server, transport, url);
                (target, vec![reached.link, proxy])
            }
        };
        Ok(Self {
            transport,
            target,
            control: ControlSocket(control),
            started,
            _dir: dir,
        })
    }

    pub async fn arm(&self, rule: Value, limit: Duration) -> Result<()> {
        self.control.arm(rule, limit).await
    }

    pub async fn heal(&self, limit: Duration) -> Result<()> {
        self.control.heal(limit).await
    }

    /// The process groups of what the suite started for the proxy (HTTP/SSE).
    pub fn process_groups(&self) -> Vec<i32> {
        self.started
            .iter()
            .filter_map(|link| link.process.as_ref().map(|p| p.pid()))
            .collect()
    }

    /// The evidence of the proxy (and the server behind it) started outside a connection.
    pub fn evidence(&mut self) -> String {
        self.started.iter_mut().map(Link::evidence).collect()
    }
}

/// The proxy's control channel (`--control SOCKET`): arms and heals faults while the server
/// runs. Any proxy started with the path answers on it, also one the hub started.
#[derive(Debug, Clone)]
pub struct ControlSocket(pub PathBuf);

impl ControlSocket {
    /// A fresh dir for a control socket, and the socket's path in it. The dir is under /tmp, not
    /// $TMPDIR: a unix socket's path must fit in 108 bytes, and a suite run inside a suite run
    /// nests its temp dirs deeper than that.
    pub fn new_dir() -> Result<(tempfile::TempDir, Self)> {
        let dir = tempfile::Builder::new()
            .prefix("mcp-faults-")
            .tempdir_in("/tmp")?;
        let path = dir.path().join("control.sock");
        Ok((dir, Self(path)))
    }

    /// Sends one control command and returns the proxy's answer, which must say `ok`.
    pub async fn command(&self, command: Value, limit: Duration) -> Result<Value> {
        let exchange = async {
            let stream = tokio::net::UnixStream::connect(&self.0)
                .await
                .with_context(|| format!("cannot reach the control socket {}", self.0.display()))?;
            let (read, mut write) = stream.into_split();
            write.write_all(format!("{command}\n").as_bytes()).await?;
            let mut answer = String::new();
            BufReader::new(read).read_line(&mut answer).await?;
            anyhow::Ok(serde_json::from_str::<Value>(&answer)?)
        };
        let answer = bounded(limit, "the fault proxy's control answer", exchange).await??;
        if answer["ok"] != json!(true) {
            bail!("the fault proxy refused {command}: {answer}");
        }
        Ok(answer)
    }

    /// Arms `rule` (one rule or an array); the proxy must count it among the rules in force.
    pub async fn arm(&self, rule: Value, limit: Duration) -> Result<()> {
        let armed = rule.as_array().map_or(1, Vec::len);
        let rules = rules_in_force(&self.command(json!({ "arm": rule }), limit).await?)?;
        ensure!(
            rules >= armed,
            "the fault proxy armed {armed} rule(s) but says {rules} are in force"
        );
        Ok(())
    }

    /// Heals the proxy; it must say no rule is left in force.
    pub async fn heal(&self, limit: Duration) -> Result<()> {
        let rules = rules_in_force(&self.command(json!({ "heal": true }), limit).await?)?;
        ensure!(
            rules == 0,
            "the healed fault proxy still has {rules} rule(s) in force"
        );
        Ok(())
    }
}

fn rules_in_force(answer: &Value) -> Result<usize> {
    answer["rules"]
        .as_u64()
        .map(|rules| rules as usize)
        .with_context(|| format!("the fault proxy's answer does not count its rules: {answer}"))
}
