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

    /// Every key in the cache.
    pub async fn keys(&self) -> Result<Vec<String>> {
        Ok(self
            .cli(&["--scan"])
            .await?
            .lines()
            .map(str::to_owned)
            .collect())
    }

    async fn cli(&self, args: &[&str]) -> Result<String> {
        let args: Vec<String> = ["-s", &self.socket.display().to_string()]
            .into_iter()
            .chain(args.iter().copied())
            .map(str::to_owned)
            .collect();
        command_output(Duration::from_secs(5), &self.cli, &args).await
    }
}
