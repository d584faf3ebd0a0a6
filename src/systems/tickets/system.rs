//! Starting the three services of one scenario: the ticket API (SQLite in the scenario's temp dir,
//! or a PostgreSQL of its own), the MCP ticket server (ours or FastMCP) and the chat service, each
//! in its own process group, with a recording proxy on each link between them.

use std::path::PathBuf;
use std::sync::LazyLock;
use std::time::Duration;

use anyhow::Result;
use regex::Regex;
use tempfile::TempDir;

use super::Implementation;
use super::proxy::{Exchange, Proxy};
use super::services::{Service, ServiceSpec};
use super::tokens::{TokenBook, token_file};
use crate::harness::fixture_binaries::resolve_bundled;
use crate::harness::services::not_installed;
use crate::harness::services::postgres::PostgresServer;

const FASTMCP_NOT_INSTALLED: &str =
    "FastMCP not installed: run fixtures/tickets/fastmcp/install.sh (or fixtures/setup.sh)";

static LISTENING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"listening on (http://127\.0\.0\.1:\d+)").unwrap());
/// FastMCP binds port 0 and tells the real port only in uvicorn's line.
static UVICORN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"Uvicorn running on (http://127\.0\.0\.1:\d+)").unwrap());

/// Where the API keeps its tickets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Database {
    Sqlite,
    Postgres,
}

pub struct TicketSystem {
    pub implementation: Implementation,
    pub tokens: TokenBook,
    pub api: Service,
    pub mcp: Service,
    pub chat: Service,
    /// The MCP server → API link, and the chat → MCP server link.
    api_link: Proxy,
    mcp_link: Proxy,
    pub postgres: Option<PostgresServer>,
    /// Declared last: removed once the services are gone.
    pub dir: TempDir,
}

impl std::fmt::Debug for TicketSystem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TicketSystem")
            .field("implementation", &self.implementation)
            .field("api", &self.api)
            .field("mcp", &self.mcp)
            .field("chat", &self.chat)
            .finish()
    }
}

impl TicketSystem {
    pub async fn start(
        implementation: Implementation,
        database: Database,
        limit: Duration,
    ) -> Result<Self> {
        let fastmcp = match implementation {
            Implementation::FastMcp => Some(fastmcp_python()?),
            Implementation::Ours => None,
        };
        let tokens = TokenBook::load()?;
        let dir = tempfile::Builder::new()
            .prefix("mcp-acceptance-tickets-")
            .tempdir()?;
        let postgres = match database {
            Database::Postgres => Some(PostgresServer::start(limit).await?),
            Database::Sqlite => None,
        };
        let store_args = match &postgres {
            Some(pg) => vec![
                "--database-url".to_owned(),
                format!(
                    "host={} user=postgres dbname=postgres",
                    pg.socket_dir().display()
                ),
            ],
            None => vec!["--data-dir".to_owned(), dir.path().display().to_string()],
        };
        let api = start_bin("ticket-api", "mcp-ticket-api", store_args, &dir, limit).await?;
        let api_link = Proxy::start("MCP server → API", &api.url).await?;
        let mcp = match fastmcp {
            Some(python) => start_fastmcp(python, &api_link.url, &dir, limit).await?,
            None => {
                let args = server_args(&api_link.url);
                start_bin("mcp-server", "mcp-ticket-server", args, &dir, limit).await?
            }
        };
        let mcp_link = Proxy::start("chat → MCP server", mcp.url.trim_end_matches("/mcp")).await?;
        let chat_args = vec![
            "--tokens".to_owned(),
            token_file().display().to_string(),
            "--mcp-url".to_owned(),
            format!("{}/mcp", mcp_link.url),
        ];
        let chat = start_bin("chat", "mcp-ticket-chat", chat_args, &dir, limit).await?;
        Ok(Self {
            implementation,
            tokens,
            api,
            mcp,
            chat,
            api_link,
            mcp_link,
            postgres,
            dir,
        })
    }

    /// The three services, in start order.
    pub fn services(&self) -> [&Service; 3] {
        [&self.api, &self.mcp, &self.chat]
    }

    /// Every HTTP exchange on the links between the services so far.
    pub fn exchanges(&self) -> Vec<Exchange> {
        let mut all = self.api_link.exchanges();
        all.extend(self.mcp_link.exchanges());
        all
    }

    /// The MCP endpoint as clients of the scenario reach it (directly, not through a link).
    pub fn mcp_url(&self) -> String {
        self.mcp.url.clone()
    }
}

fn server_args(api_url: &str) -> Vec<String> {
    vec![
        "--tokens".to_owned(),
        token_file().display().to_string(),
        "--api-url".to_owned(),
        api_url.to_owned(),
    ]
}

async fn start_bin(
    name: &str,
    binary: &str,
    args: Vec<String>,
    dir: &TempDir,
    limit: Duration,
) -> Result<Service> {
    let spec = ServiceSpec {
        name,
        program: resolve_bundled(binary)?,
        args,
        env: Vec::new(),
        announces: &LISTENING,
    };
    let mut service = Service::start(spec, dir.path(), limit).await?;
    if name == "mcp-server" {
        service.url.push_str("/mcp");
    }
    Ok(service)
}

/// The venv's Python, or a skip (a failure under `MCP_REQUIRE_EXTERNAL=1`).
pub fn fastmcp_python() -> Result<PathBuf> {
    let venv = fastmcp_dir().join(".venv");
    if venv.join(".mcp-acceptance-installed").is_file() {
        return Ok(venv.join("bin/python"));
    }
    not_installed(FASTMCP_NOT_INSTALLED)
}

pub fn fastmcp_dir() -> PathBuf {
    crate::package_root().join("fixtures/tickets/fastmcp")
}

/// Our server on FastMCP, logging at DEBUG as the document runs it (tool calls are DEBUG there).
async fn start_fastmcp(
    python: PathBuf,
    api_url: &str,
    dir: &TempDir,
    limit: Duration,
) -> Result<Service> {
    let mut args = vec![fastmcp_dir().join("server.py").display().to_string()];
    args.extend(server_args(api_url));
    let env = [
        ("FASTMCP_LOG_LEVEL", "DEBUG"),
        ("FASTMCP_ENABLE_RICH_LOGGING", "false"),
        ("FASTMCP_CHECK_FOR_UPDATES", "off"),
        ("PYTHONUNBUFFERED", "1"),
    ];
    let spec = ServiceSpec {
        name: "mcp-server",
        program: python,
        args,
        env: env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        announces: &UVICORN,
    };
    let mut service = Service::start(spec, dir.path(), limit.max(Duration::from_secs(15))).await?;
    service.url.push_str("/mcp");
    Ok(service)
}
