//! A PostgreSQL server of the scenario's own for the gateway's database (`@postgres`): the
//! Debian packages' `initdb` and `postgres`, run as the `postgres` user (PostgreSQL refuses
//! root), listening on a unix socket in its own temp dir only (no TCP), trust auth, its process
//! group killed and its data removed when the scenario ends.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use tempfile::TempDir;

use super::{command_output, not_installed};
use crate::harness::child_process::{LaunchSpec, ServerProcess, resolve_program};

const NOT_INSTALLED: &str = "PostgreSQL not installed: run fixtures/install-stores.sh";

pub struct PostgresServer {
    psql: PathBuf,
    _process: ServerProcess,
    /// Declared last: removed once the server is gone.
    dir: TempDir,
}

impl PostgresServer {
    pub async fn start(limit: Duration) -> Result<Self> {
        let root = crate::package_root();
        let found: Result<Vec<PathBuf>> = ["initdb", "postgres", "psql", "runuser"]
            .iter()
            .map(|program| resolve_program(program, &root))
            .collect();
        let Some([initdb, postgres, psql, runuser]) = found
            .ok()
            .and_then(|all| <[PathBuf; 4]>::try_from(all).ok())
        else {
            return not_installed(NOT_INSTALLED);
        };
        let dir = tempfile::Builder::new()
            .prefix("mcp-acceptance-postgres-")
            .tempdir()?;
        let data = dir.path().join("data");
        command_output(
            limit,
            "chown",
            &["postgres:postgres".into(), dir.path().display().to_string()],
        )
        .await?;
        let initdb_args = [
            "-u",
            "postgres",
            "--",
            &initdb.display().to_string(),
            "-D",
            &data.display().to_string(),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
        ]
        .map(String::from);
        command_output(limit, &runuser, &initdb_args).await?;
        let spec = LaunchSpec {
            label: "postgres".to_owned(),
            program: runuser,
            args: [
                "-u",
                "postgres",
                "--",
                &postgres.display().to_string(),
                "-D",
                &data.display().to_string(),
                "-k",
                &dir.path().display().to_string(),
                "-c",
                "listen_addresses=",
                // Dynamic shared memory as files in the data dir (gone with the temp dir), not
                // in /dev/shm, where a server killed at the end of a scenario leaves them.
                "-c",
                "dynamic_shared_memory_type=mmap",
            ]
            .map(String::from)
            .to_vec(),
            env: Vec::new(),
            cwd: dir.path().to_owned(),
        };
        let server = Self {
            psql,
            _process: ServerProcess::spawn(spec)?,
            dir,
        };
        let deadline = Instant::now() + limit;
        while server.query("SELECT 1").await.ok().as_deref() != Some("1") {
            if Instant::now() > deadline {
                bail!(
                    "postgres did not accept connections on {} within {limit:?}",
                    server.dir.path().display()
                );
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        Ok(server)
    }

    /// `DATABASE_URL` for the gateway (psycopg 3 over the unix socket).
    pub fn url(&self) -> String {
        format!(
            "postgresql+psycopg://postgres@/postgres?host={}",
            self.dir.path().display()
        )
    }

    /// The directory of the server's unix socket (libpq's `host=`).
    pub fn socket_dir(&self) -> &std::path::Path {
        self.dir.path()
    }

    /// The first column of `sql`'s rows, one per line.
    pub async fn query(&self, sql: &str) -> Result<String> {
        let args = [
            "-h".to_owned(),
            self.dir.path().display().to_string(),
            "-U".into(),
            "postgres".into(),
            "-d".into(),
            "postgres".into(),
            "-v".into(),
            "ON_ERROR_STOP=1".into(),
            "-Atc".into(),
            sql.into(),
        ];
        command_output(Duration::from_secs(10), &self.psql, &args).await
    }
}
