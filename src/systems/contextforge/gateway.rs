//! One ContextForge gateway process per scenario (or two, for federation): SQLite in the
//! scenario's temp dir, loopback only, its whole process group killed when dropped.
//!
//! Port: the gateway makes HTTP calls to itself (its SSE transport posts each message to
//! `http://127.0.0.1:{PORT}/rpc`), so it must know the port it serves, and with `--port 0` it
//! would call port 0 (and it prints no "running on" line to read the port from). Instead the
//! suite binds `127.0.0.1:0` itself, hands the bound socket to uvicorn (`--fd N`) and sets
//! `PORT` to the port the kernel chose: the port is still chosen by the kernel, never guessed.
//!
//! A fresh database takes the gateway seconds of migrations (~30 s when it also imports itself);
//! the first gateway of a run migrates a template database, which every gateway then copies.
//! SQLite gateways are forked by the run's zygote (healthy in ~0.4 s, [`zygote`]); those with
//! other settings (Redis, PostgreSQL) import the gateway themselves (6–8 s).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use tempfile::TempDir;

use crate::harness::child_process::ServerProcess;
use crate::systems::contextforge::{Installation, zygote};

/// How long a gateway may take to answer `/health` (a fresh database migrates for ~30 s on an
/// idle machine; builds running alongside can double that).
const START_LIMIT: Duration = Duration::from_secs(150);

/// A running gateway.
pub struct Gateway {
    pub name: String,
    pub port: u16,
    /// How long it took from spawn to a healthy `/health`.
    pub started_in: Duration,
    process: ServerProcess,
    /// Declared after the process: dropped (removed) once the process is dead.
    dir: TempDir,
}

impl std::fmt::Debug for Gateway {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "gateway {} on port {} ({:?})",
            self.name, self.port, self.process
        )
    }
}

impl Gateway {
    /// Starts a gateway on a copy of the run's migrated database and waits until it is healthy.
    /// `extra_env` adds settings (e.g. the Redis cache).
    pub async fn start(
        installation: &Installation,
        name: &str,
        extra_env: Vec<(String, String)>,
    ) -> Result<Self> {
        let template = template_database(installation).await?;
        let dir = tempfile::Builder::new().prefix("contextforge-").tempdir()?;
        copy_database(&template, dir.path())?;
        Self::start_in(installation, name, dir, extra_env).await
    }

    /// Starts a gateway on the database at `database_url` (it migrates it: no template); other
    /// gateways may share it (cluster mode).
    pub async fn start_on_database(
        installation: &Installation,
        name: &str,
        database_url: String,
        extra_env: Vec<(String, String)>,
    ) -> Result<Self> {
        let dir = tempfile::Builder::new().prefix("contextforge-").tempdir()?;
        let mut env = vec![("DATABASE_URL".to_owned(), database_url)];
        env.extend(extra_env);
        Self::start_in(installation, name, dir, env).await
    }

    /// Starts the gateway in `dir`: forked by the run's zygote when `extra_env` is empty (the
    /// settings every such gateway shares), else a process of its own.
    async fn start_in(
        installation: &Installation,
        name: &str,
        dir: TempDir,
        extra_env: Vec<(String, String)>,
    ) -> Result<Self> {
        let listener = std::net::TcpListener::bind("127.0.0.1:0")
            .context("binding a loopback port for the gateway")?;
        let port = listener.local_addr()?.port();
        let fd = std::os::fd::AsRawFd::as_raw_fd(&listener);
        let label = format!("gateway {name}");
        let port_env = ("PORT".to_owned(), port.to_string());
        let args = ["--fd".to_owned(), fd.to_string()];
        let spec = if extra_env.is_empty() {
            let env = vec![port_env];
            zygote::launch_spec(installation, &label, GATEWAY, &args, env, dir.path()).await?
        } else {
            let database = format!("sqlite:///{}", dir.path().join(DATABASE).display());
            let env = shared_settings(database)
                .into_iter()
                .chain([port_env])
                .chain(extra_env)
                .collect();
            installation.module(&label, GATEWAY, &args, env, dir.path())
        };
        let started = Instant::now();
        let process = ServerProcess::spawn_with_listener(spec, &listener)?;
        drop(listener);
        let mut gateway = Self {
            name: name.to_owned(),
            port,
            started_in: Duration::ZERO,
            process,
            dir,
        };
        gateway.wait_healthy().await?;
        gateway.started_in = started.elapsed();
        Ok(gateway)
    }

    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn database_path(&self) -> PathBuf {
        self.dir.path().join(DATABASE)
    }

    /// The gateway's last stderr lines, for failure messages.
    pub fn stderr_tail(&self) -> String {
        self.process.stderr.tail(15).join("\n")
    }

    async fn wait_healthy(&mut self) -> Result<()> {
        let url = format!("{}/health", self.base_url());
        let client = reqwest::Client::new();
        let deadline = Instant::now() + START_LIMIT;
        loop {
            if let Some(status) = self.process.try_exit_status() {
                bail!(
                    "gateway {} exited before it was healthy ({}); its last stderr lines:\n{}",
                    self.name,
                    crate::harness::child_process::describe_status(status),
                    self.stderr_tail()
                );
            }
            let answer = client
                .get(&url)
                .timeout(Duration::from_secs(2))
                .send()
                .await;
            if answer.is_ok_and(|a| a.status().is_success()) {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!(
                    "gateway {} did not answer GET {url} with 2xx within {}; its last stderr lines:\n{}",
                    self.name,
                    crate::harness::timeouts::seconds(START_LIMIT),
                    self.stderr_tail()
                );
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }
}

const DATABASE: &str = "mcp.db";

/// The gateway's command line: uvicorn with the gateway's app and defaults.
const GATEWAY: &str = "mcpgateway.cli";

/// The settings of every gateway but its port (`extra_env` may override the database).
pub(super) fn shared_settings(database_url: String) -> Vec<(String, String)> {
    [
        ("DATABASE_URL", database_url.as_str()),
        ("HOST", "127.0.0.1"),
        ("MCPGATEWAY_UI_ENABLED", "false"),
        ("MCPGATEWAY_ADMIN_API_ENABLED", "true"),
        // Our upstream servers listen on loopback; without this, registering them fails.
        ("SSRF_ALLOW_LOCALHOST", "true"),
        ("LOG_LEVEL", "WARNING"),
    ]
    .into_iter()
    .map(|(key, value)| (key.to_owned(), value.to_owned()))
    .collect()
}

/// The run's migrated database (a dir holding `mcp.db` and any WAL files), made once by starting
/// a gateway on an empty dir and stopping it once healthy. Removed by [`remove_template`].
static TEMPLATE: tokio::sync::Mutex<Option<TempDir>> = tokio::sync::Mutex::const_new(None);

async fn template_database(installation: &Installation) -> Result<PathBuf> {
    let mut template = TEMPLATE.lock().await;
    if let Some(dir) = template.as_ref() {
        return Ok(dir.path().to_owned());
    }
    let dir = tempfile::Builder::new()
        .prefix("contextforge-template-")
        .tempdir()?;
    let path = dir.path().to_owned();
    let gateway = Gateway::start_in(installation, "template", dir, Vec::new())
        .await
        .context("migrating the template database")?;
    eprintln!(
        "contextforge: template database migrated in {:.1}s",
        gateway.started_in.as_secs_f64()
    );
    let Gateway { process, dir, .. } = gateway;
    drop(process); // kills the group: the database files are complete once it is gone
    *template = Some(dir);
    Ok(path)
}

/// Removes the run's template database (the runner calls it at the end of the run).
pub fn remove_template() {
    if let Ok(mut template) = TEMPLATE.try_lock() {
        template.take();
    }
}

/// Copies `mcp.db` and its WAL files (a killed SQLite writer leaves committed pages there).
fn copy_database(from: &Path, to: &Path) -> Result<()> {
    let mut copied = 0;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        if name.to_string_lossy().starts_with(DATABASE) {
            std::fs::copy(entry.path(), to.join(&name))
                .with_context(|| format!("copying {}", entry.path().display()))?;
            copied += 1;
        }
    }
    if copied == 0 {
        return Err(anyhow!(
            "the template database {} holds no {DATABASE}",
            from.display()
        ));
    }
    Ok(())
}
