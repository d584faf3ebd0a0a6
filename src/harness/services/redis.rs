//! A Redis server of the scenario's own for the gateway's cache (`@redis`): `redis-server` from
//! the Debian package, listening on a unix socket in the scenario's dir only (no TCP port, no
//! persistence), its process group killed when the scenario ends.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Result, bail};

use super::{command_output, not_installed};
use crate::harness::child_process::{LaunchSpec, ServerProcess, resolve_program};

const NOT_INSTALLED: &str = "Redis not installed: run fixtures/install-stores.sh";

pub struct RedisServer {
    pub socket: PathBuf,
    cli: PathBuf,
    _process: ServerProcess,
}

impl RedisServer {
    pub async fn start(dir: &Path, limit: Duration) -> Result<Self> {
        let root = crate::package_root();
        let (server, cli) = match (
            resolve_program("redis-server", &root),
            resolve_program("redis-cli", &root),
        ) {
            (Ok(server), Ok(cli)) => (server, cli),
            _ => return not_installed(NOT_INSTALLED),
        };
        let socket = dir.join("redis.sock");
        let spec = LaunchSpec {
            label: "redis-server".to_owned(),
            program: server,
            args: [
                "--port",
                "0",
                "--unixsocket",
                &socket.display().to_string(),
                "--unixsocketperm",
                "700",
                "--save",
                "",
                "--appendonly",
                "no",
            ]
            .map(String::from)
            .to_vec(),
            env: Vec::new(),
            cwd: dir.to_owned(),
        };
        let redis = Self {
            socket,
            cli,
            _process: ServerProcess::spawn(spec)?,
        };
        let deadline = Instant::now() + limit;
        while redis.cli(&["ping"]).await.ok().as_deref() != Some("PONG") {
            if Instant::now() > deadline {
                bail!(
                    "redis-server did not answer PING on {} within {limit:?}",
                    redis.socket.display()
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Ok(redis)
    }

    /// `REDIS_URL` for the gateway.
    pub fn url(&self) -> String {
        format!("unix://{}", self.socket.display())
    }

    /// From now on Redis logs every command it runs (its slow log, with a threshold of zero),
    /// so that [`Self::logged_commands`] can count what a client asked of it.
    pub async fn log_every_command(&self) -> Result<()> {
        self.cli(&["config", "set", "slowlog-log-slower-than", "0"])
            .await?;
        self.cli(&["config", "set", "slowlog-max-len", "100000"])
            .await?;
        self.cli(&["slowlog", "reset"]).await.map(drop)
    }

    /// How many logged commands were `command key` (e.g. `GET some:key`) since
    /// [`Self::log_every_command`].
    pub async fn logged_commands(&self, command: &str, key: &str) -> Result<usize> {
        let log = self.cli(&["slowlog", "get", "100000"]).await?;
        let lines: Vec<&str> = log.lines().collect();
        Ok(lines
            .windows(2)
            .filter(|pair| pair[0].eq_ignore_ascii_case(command) && pair[1] == key)
            .count())
    }

    /// Every key in the cache.
    pub async fn keys(&self) -> Result<Vec<String>> {
        Ok(self
            .cli(&["--scan"])
            .await?
            .lines()
            .map(str::to_owned)
            .collect())
    }

    /// A command's answer, as `redis-cli` prints it to a pipe (one value a line).
    pub async fn cli(&self, args: &[&str]) -> Result<String> {
        let args: Vec<String> = ["-s", &self.socket.display().to_string()]
            .into_iter()
            .chain(args.iter().copied())
            .map(str::to_owned)
            .collect();
        command_output(Duration::from_secs(5), &self.cli, &args).await
    }
}
