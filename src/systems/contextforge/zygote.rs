//! The run's ContextForge *zygote* (`fixtures/contextforge/zygote.py`): one Python process that
//! imports the gateway once, then forks every gateway, translate, wrapper and token tool the
//! suite launches through it.
//!
//! Importing the gateway takes 5–6.5 s of CPU, most of a gateway's start; a forked gateway is
//! healthy in about half a second. Each launch is still an ordinary child of the suite, in its
//! own process group: the fork joins that group and takes over the launch's stdio, working dir
//! and environment, and the launch exits with the program's status.
//!
//! A fork keeps the settings the zygote read at import, so the zygote refuses a launch that
//! changes one (but `PORT`, which the gateway reads when it calls itself). The database is one
//! of them, through a path that means each process's own working dir: SQLAlchemy makes a
//! relative SQLite path absolute when the engine is built, at import.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use regex::Regex;
use tempfile::TempDir;

use crate::harness::child_process::{LaunchSpec, ServerProcess, describe_status};
use crate::systems::contextforge::{Installation, gateway};

/// The database every zygote gateway opens: `mcp.db` in the opening process's working dir.
pub const DATABASE_URL: &str = "sqlite:////proc/self/cwd/mcp.db";

/// How long the import may take (5–6.5 s of CPU; a loaded machine can triple that).
const READY_LIMIT: Duration = Duration::from_secs(90);

const SCRIPT: &str = "fixtures/contextforge/zygote.py";

struct Zygote {
    process: ServerProcess,
    socket: PathBuf,
    /// Declared after the process: removed once the process is dead.
    _dir: TempDir,
}

static ZYGOTE: tokio::sync::Mutex<Option<Zygote>> = tokio::sync::Mutex::const_new(None);

/// What the suite spawns for `python -m <module> <args>` of the gateway's installation, with
/// `env` (which must not change a setting but `PORT`) added to the settings every gateway of
/// the run shares, in `dir`: the zygote is started first if the run has none yet.
pub async fn launch_spec(
    installation: &Installation,
    label: &str,
    module: &str,
    args: &[String],
    env: Vec<(String, String)>,
    dir: &Path,
) -> Result<LaunchSpec> {
    let socket = socket(installation).await?;
    let launch = [script(), "launch".to_owned(), socket.display().to_string()];
    let program = ["-m".to_owned(), module.to_owned()];
    let args: Vec<String> = launch
        .into_iter()
        .chain(program)
        .chain(args.iter().cloned())
        .collect();
    let env = settings().into_iter().chain(env).collect();
    Ok(installation.python(label, &args, env, dir))
}

/// The zygote's settings, which every program it forks keeps.
fn settings() -> Vec<(String, String)> {
    gateway::shared_settings(DATABASE_URL.to_owned())
}

async fn socket(installation: &Installation) -> Result<PathBuf> {
    let mut zygote = ZYGOTE.lock().await;
    if let Some(running) = zygote.as_mut() {
        if let Some(status) = running.process.try_exit_status() {
            bail!(
                "the ContextForge zygote exited ({}); its last stderr lines:\n{}",
                describe_status(status),
                running.process.stderr.tail(15).join("\n")
            );
        }
        return Ok(running.socket.clone());
    }
    let started = std::time::Instant::now();
    let running = start(installation).await?;
    eprintln!(
        "contextforge: zygote imported the gateway in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    Ok(zygote.insert(running).socket.clone())
}

async fn start(installation: &Installation) -> Result<Zygote> {
    let dir = tempfile::Builder::new()
        .prefix("contextforge-zygote-")
        .tempdir()?;
    let socket = dir.path().join("launch.sock");
    let args = [script(), "serve".to_owned(), socket.display().to_string()];
    let spec = installation.python("ContextForge zygote", &args, settings(), dir.path());
    let mut process = ServerProcess::spawn(spec)?;
    let ready = Regex::new(r"^zygote: ready on ").expect("valid pattern");
    process
        .wait_for_stderr(&ready, READY_LIMIT)
        .await
        .with_context(|| {
            format!(
                "the ContextForge zygote did not get ready; its last stderr lines:\n{}",
                process.stderr.tail(15).join("\n")
            )
        })?;
    Ok(Zygote {
        process,
        socket,
        _dir: dir,
    })
}

fn script() -> String {
    crate::package_root().join(SCRIPT).display().to_string()
}

/// Stops the run's zygote (the runner calls it at the end of the run). Gateways it forked are
/// in their launches' process groups, gone with their scenarios.
pub fn stop() {
    if let Ok(mut zygote) = ZYGOTE.try_lock() {
        zygote.take();
    }
}
