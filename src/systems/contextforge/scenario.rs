//! What a ContextForge scenario holds: its gateways, the servers and bridges around them, the
//! token it minted and what it registered. Everything is dropped (process groups killed, temp
//! dirs removed) when the scenario ends.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use serde_json::Value;
use tempfile::TempDir;

use crate::checks::expect;
use crate::harness::services::postgres::PostgresServer;
use crate::harness::services::redis::RedisServer;
use crate::mcp::jsonrpc::Reply;
use crate::mcp::raw::HttpAnswer;
use crate::mcp::registry::Secret;
use crate::systems::contextforge::Installation;
use crate::systems::contextforge::api::{Answer, GatewayApi};
use crate::systems::contextforge::cache::CacheWatch;
use crate::systems::contextforge::gateway::Gateway;
use crate::systems::contextforge::secrets::{ADMIN_EMAIL, mint_token};
use crate::systems::contextforge::tenants::Tenant;
use crate::systems::contextforge::translate::{
    Remote, Served, time_server_over, translate_stdio_to, translate_to_stdio,
};

/// The name steps use for the gateway when a scenario has only one.
pub const THE_GATEWAY: &str = "the gateway";
/// The gateway a step names, or (no name) [`THE_GATEWAY`].
pub fn gateway_named(name: &str) -> &str {
    if name.is_empty() { THE_GATEWAY } else { name }
}

/// The role of our time server among what the scenario serves.
pub const TIME_SERVER: &str = "the time server";
/// The role of the translate bridge a client connects to.
pub const TRANSLATE: &str = "translate";

#[derive(Default)]
pub struct ContextForgeScenario {
    installation: Option<Installation>,
    pub gateways: BTreeMap<String, Gateway>,
    /// Time servers and translate bridges, by role ("the time server", "translate").
    pub served: BTreeMap<String, Served>,
    token: Option<Secret>,
    /// Gateway ids by the name they were registered under.
    pub registrations: BTreeMap<String, String>,
    pub virtual_server: Option<String>,
    /// The stdio side of a translate connected to a remote server: what a stdio client starts.
    pub translate_client: Option<crate::mcp::registry::Target>,
    /// The scenario's Redis, when it runs the gateway with a Redis cache.
    pub redis: Option<RedisServer>,
    /// The scenario's PostgreSQL, when the gateway keeps its data there instead of SQLite.
    pub postgres: Option<PostgresServer>,
    /// The tenants of a multi-tenant scenario, by name.
    pub tenants: BTreeMap<String, Tenant>,
    /// Virtual servers by the name they were created under (ids).
    pub servers: BTreeMap<String, String>,
    /// What the Redis cache saw of the last repeated tool calls.
    pub cache_watch: Option<CacheWatch>,
    /// The last REST answer, for `Then` steps.
    pub last_answer: Option<(String, Answer)>,
    /// Declared last: removed after every process above is gone.
    dir: Option<TempDir>,
}

impl std::fmt::Debug for ContextForgeScenario {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ContextForge")
            .field("gateways", &self.gateways.values().collect::<Vec<_>>())
            .field("served", &self.served)
            .field("registrations", &self.registrations)
            .finish()
    }
}

impl ContextForgeScenario {
    pub fn installation(&mut self) -> Result<Installation> {
        if self.installation.is_none() {
            self.installation = Some(Installation::require()?);
        }
        Ok(self.installation.clone().unwrap())
    }

    /// The scenario's own dir for bridges, wrappers and token minting.
    pub fn dir(&mut self) -> Result<PathBuf> {
        if self.dir.is_none() {
            self.dir = Some(
                tempfile::Builder::new()
                    .prefix("contextforge-scenario-")
                    .tempdir()?,
            );
        }
        Ok(self.dir.as_ref().unwrap().path().to_owned())
    }

    pub async fn start_gateway(&mut self, name: &str) -> Result<&Gateway> {
        let installation = self.installation()?;
        let env = match &self.redis {
            Some(redis) => vec![
                ("CACHE_TYPE".to_owned(), "redis".to_owned()),
                ("REDIS_URL".to_owned(), redis.url()),
            ],
            None => Vec::new(),
        };
        let gateway = match &self.postgres {
            Some(postgres) => {
                Gateway::start_on_database(&installation, name, postgres.url(), env).await?
            }
            None => Gateway::start(&installation, name, env).await?,
        };
        eprintln!(
            "contextforge: {name} healthy on port {} after {:.1}s",
            gateway.port,
            gateway.started_in.as_secs_f64()
        );
        Ok(self.gateways.entry(name.to_owned()).or_insert(gateway))
    }

    /// Starts the gateway `name` on the scenario's PostgreSQL, which must be running.
    pub async fn start_gateway_on_postgres(&mut self, name: &str) -> Result<&Gateway> {
        self.postgres()?;
        self.start_gateway(name).await
    }

    /// Starts our time server over `remote`, serving as [`TIME_SERVER`].
    pub async fn serve_time_server(&mut self, remote: Remote, limit: Duration) -> Result<()> {
        let served = time_server_over(remote, limit).await?;
        self.served.insert(TIME_SERVER.to_owned(), served);
        Ok(())
    }

    /// Starts a translate exposing our stdio time server over `remote`, as [`TRANSLATE`].
    pub async fn translate_stdio_to(&mut self, remote: Remote, limit: Duration) -> Result<()> {
        let installation = self.installation()?;
        let dir = self.dir()?;
        let served = translate_stdio_to(&installation, remote, &dir, limit).await?;
        self.served.insert(TRANSLATE.to_owned(), served);
        Ok(())
    }

    pub async fn start_redis(&mut self, limit: Duration) -> Result<()> {
        let dir = self.dir()?;
        self.redis = Some(RedisServer::start(&dir, limit).await?);
        Ok(())
    }

    pub async fn start_postgres(&mut self, limit: Duration) -> Result<()> {
        self.postgres = Some(PostgresServer::start(limit).await?);
        Ok(())
    }

    pub fn postgres(&self) -> Result<&PostgresServer> {
        self.postgres
            .as_ref()
            .context("no PostgreSQL server was started in this scenario")
    }

    pub fn redis(&self) -> Result<&RedisServer> {
        self.redis
            .as_ref()
            .context("no Redis server was started in this scenario")
    }

    pub fn gateway(&self, name: &str) -> Result<&Gateway> {
        self.gateways
            .get(name)
            .with_context(|| format!("no gateway named \"{name}\" was started in this scenario"))
    }

    /// The administrator's gateway JWT, minted once per scenario by the gateway's own tool.
    pub async fn token(&mut self, limit: Duration) -> Result<Secret> {
        if let Some(token) = &self.token {
            return Ok(token.clone());
        }
        let installation = self.installation()?;
        let dir = self.dir()?;
        let token = mint_token(&installation, ADMIN_EMAIL, None, &dir, limit).await?;
        Ok(self.token.insert(token).clone())
    }

    pub async fn api(&mut self, gateway: &str, limit: Duration) -> Result<GatewayApi> {
        let token = self.token(limit).await?;
        GatewayApi::new(&self.gateway(gateway)?.base_url(), token, limit)
    }

    /// The id the gateway's REST API gives the tool `name` (failing when it lists none).
    pub async fn tool_id(&mut self, name: &str, limit: Duration) -> Result<String> {
        self.api(THE_GATEWAY, limit).await?.tool_id(name).await
    }

    pub fn served(&self, role: &str) -> Result<&Served> {
        self.served
            .get(role)
            .with_context(|| format!("no {role} was started in this scenario"))
    }

    pub fn last_answer(&self) -> Result<&(String, Answer)> {
        self.last_answer
            .as_ref()
            .context("no request was sent to the gateway's REST API in this scenario")
    }

    /// The id the gateway gave the registration `name`.
    pub fn registration(&self, name: &str) -> Result<String> {
        self.registrations
            .get(name)
            .cloned()
            .with_context(|| format!("the gateway gave no id for the registration \"{name}\""))
    }

    /// The id of the virtual server created as `name`.
    pub fn server_named(&self, name: &str) -> Result<&str> {
        self.servers
            .get(name)
            .map(String::as_str)
            .with_context(|| format!("no virtual server \"{name}\" was created in this scenario"))
    }

    pub fn tenant(&self, name: &str) -> Result<&Tenant> {
        self.tenants
            .get(name)
            .with_context(|| format!("no tenant \"{name}\" was set up in this scenario"))
    }

    pub fn virtual_server(&self) -> Result<&str> {
        self.virtual_server
            .as_deref()
            .context("no virtual server was created in this scenario")
    }

    /// A failure message with the gateway's last stderr lines.
    pub fn with_gateway_evidence(&self, gateway: &str, error: anyhow::Error) -> anyhow::Error {
        match self.gateways.get(gateway) {
            Some(found) => anyhow::anyhow!(
                "{error:#}\n--- {gateway}'s last stderr lines\n{}",
                found.stderr_tail()
            ),
            None => error,
        }
    }

    /// `error` with the last stderr lines of every gateway and translate the scenario started
    /// (none: as is).
    pub fn with_evidence(&self, error: anyhow::Error) -> anyhow::Error {
        let error = self
            .gateways
            .keys()
            .fold(error, |error, name| self.with_gateway_evidence(name, error));
        match self.served.get(TRANSLATE) {
            Some(translate) => anyhow::anyhow!(
                "{error:#}\n--- translate's last stderr lines\n{}",
                translate.process.stderr.tail(8).join("\n")
            ),
            None => error,
        }
    }

    /// Starts a translate connected over `remote` to our time server; a stdio client then
    /// connects to its other side (`translate_client`). The time server is served by itself,
    /// or by the translate exposing it, which from then on serves as [`TIME_SERVER`] (the new
    /// translate takes the role [`TRANSLATE`]).
    pub async fn translate_to_stdio(&mut self, remote: Remote) -> Result<()> {
        let installation = self.installation()?;
        let dir = self.dir()?;
        if !self.served.contains_key(TIME_SERVER)
            && let Some(exposing) = self.served.remove(TRANSLATE)
        {
            self.served.insert(TIME_SERVER.to_owned(), exposing);
        }
        let url = self.served(TIME_SERVER)?.url.clone();
        let (translate, target) = translate_to_stdio(&installation, remote, &url, &dir).await?;
        self.served.insert(TRANSLATE.to_owned(), translate);
        self.translate_client = Some(target);
        Ok(())
    }

    /// Records a REST answer for the common `Then` steps (redacted: the gateway echoes
    /// credentials) and for the steps that read fields of it.
    pub fn record_answer(&mut self, request: String, answer: Answer) -> HttpAnswer {
        let http = HttpAnswer {
            status: answer.status,
            content_type: "application/json".to_owned(),
            session_id: None,
            body: Some(answer.shown(1500)),
            www_authenticate: None,
        };
        self.last_answer = Some((request, answer));
        http
    }
}

/// Checks a `get_current_time` answer of our time server (possibly renamed by the gateway):
/// its text is the JSON `{time, timezone, mode}` for `timezone`.
pub fn expect_time_in(request: &str, reply: &Reply, timezone: &str) -> Result<()> {
    let result = expect::success(request, reply)?;
    let text = expect::text_of(result);
    let answer: Value = serde_json::from_str(text.trim()).with_context(|| {
        format!("{request}: the result text is not the time server's JSON: {text}")
    })?;
    let time = answer
        .get("time")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if answer.get("timezone").and_then(Value::as_str) != Some(timezone) || time.is_empty() {
        bail!("{request}: expected the current time in {timezone}, got {answer}");
    }
    Ok(())
}
