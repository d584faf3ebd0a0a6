//! The wrapper: mcp-bridge exposing a remote server that requires bearer tokens, holding the
//! token in its environment; and a bridge whose exposed side requires tokens itself. A refused
//! remote (with a challenge, or a bare status a fault proxy answers) or an unreachable one is
//! a prompt JSON-RPC error (-32603) naming the cause, and the token never shows.

use anyhow::{Context, Result, bail, ensure};
use serde_json::{Value, json};

use crate::harness::jwt::{Credentials, JWKS_URL_VAR, declared_auth};
use crate::mcp::jsonrpc::pretty;
use crate::mcp::registry::{AuthDeclaration, AuthKind, HttpAccess, Secret};
use crate::mcp::transport::Transport;
use crate::systems::fault_proxy::proxy::FaultProxy;
use crate::systems::mcp_bridge::GatewayScenario;
use crate::systems::mcp_bridge::routes::{bridge_to_url, route_to, stopped_server_url};
use crate::world::{DEFAULT_PROTOCOL_VERSION, McpWorld, Outcome};

/// Where the wrapper reads its token (mcp-bridge's default `--bearer-token-env`).
const TOKEN_VARIABLE: &str = "MCP_AUTH_TOKEN";
/// The JSON-RPC error a refused or unreachable remote answers initialize with.
const INTERNAL_ERROR: i64 = -32603;

impl GatewayScenario {
    /// The next route's last bridge holds `credentials` for the scenario's server (none: no
    /// token at all).
    pub async fn give_wrapper(&mut self, credentials: Credentials) -> Result<()> {
        let auth = declared_auth(&self.server()?.0)?;
        self.last_bridge.env.clear();
        self.token = None;
        let Some(header) = credentials.header(&auth).await? else {
            return Ok(());
        };
        let token = header
            .expose()
            .strip_prefix("Bearer ")
            .context("the wrapper holds bearer tokens only")?
            .to_owned();
        self.last_bridge.env = vec![(TOKEN_VARIABLE.to_owned(), token.clone())];
        self.token = Some(Secret::new(token));
        Ok(())
    }
}

/// Builds a route through one bridge exposing `client` and sends initialize on a raw
/// connection to it; records the answer.
pub async fn initialize_through_bridge(world: &mut McpWorld, client: Transport) -> Result<()> {
    let target = route_to(world, &[client]).await?;
    world.use_scenario_target(target);
    initialize_raw(world, client).await
}

/// Like [`initialize_through_bridge`], to a server that was started and stopped again: the
/// bridge's upstream URL answers no more.
pub async fn initialize_to_stopped_server(world: &mut McpWorld, client: Transport) -> Result<()> {
    let (server, server_transport) = world.gateway.server()?;
    let url = stopped_server_url(&server, server_transport, world.timeout).await?;
    let last = world.gateway.last_bridge.clone();
    let target = bridge_to_url(&server, url, server_transport, client, &last)?;
    world.use_scenario_target(target);
    initialize_raw(world, client).await
}

/// Like [`initialize_through_bridge`], to a server behind a fault proxy that answers every
/// initialize with HTTP `status` and no challenge (the proxy stays with the scenario).
pub async fn initialize_to_refusing_server(
    world: &mut McpWorld,
    client: Transport,
    status: u16,
) -> Result<()> {
    let (server, server_transport) = world.gateway.server()?;
    ensure!(
        server_transport == Transport::Http,
        "the refusing proxy answers streamable HTTP here, not {server_transport}"
    );
    let proxy = FaultProxy::start(&server, server_transport, world.timeout).await?;
    let rule = json!({"fault": "status", "code": status, "method": "initialize"});
    proxy.arm(rule, world.timeout).await?;
    let HttpAccess::Url { url, .. } = proxy.target.remote_access(server_transport)? else {
        bail!("the fault proxy gave no URL");
    };
    world.gateway.refusing_proxy = Some(proxy);
    let last = world.gateway.last_bridge.clone();
    let target = bridge_to_url(&server, url, server_transport, client, &last)?;
    world.use_scenario_target(target);
    initialize_raw(world, client).await
}

/// Opens a raw connection to the scenario's target and sends initialize; records the answer.
async fn initialize_raw(world: &mut McpWorld, client: Transport) -> Result<()> {
    let raw = world.open_raw(client).await?;
    let response = raw.initialize(DEFAULT_PROTOCOL_VERSION).await?;
    world.record(Outcome::Raw {
        request: "initialize through the bridge".to_owned(),
        response,
    });
    Ok(())
}

/// The initialize was refused with an internal error naming HTTP `status` and the Bearer
/// challenge in its message, and the status in its data.
pub fn expect_refusal_naming_status(response: &Value, status: u16) -> Result<()> {
    let error = refusal(response)?;
    let message = error["message"].as_str().unwrap_or_default();
    ensure!(
        message.contains(&format!("HTTP {status} {}", reason(status)?))
            && message.contains("WWW-Authenticate: Bearer")
            && error.pointer("/data/status") == Some(&Value::from(status)),
        "the refusal does not name HTTP {status} and the Bearer challenge:\n{}",
        pretty(error)
    );
    Ok(())
}

/// The initialize was refused with an internal error naming the server, HTTP `status` with
/// its reason and no challenge, in its message and its data, and the cause in its data.
pub fn expect_refusal_naming_status_alone(response: &Value, status: u16) -> Result<()> {
    let error = refusal(response)?;
    let message = error["message"].as_str().unwrap_or_default();
    let named = "the HTTP server http://127.0.0.1:";
    let refused = format!("refused the connection: HTTP {status} {}", reason(status)?);
    // The cause is what the bridge's HTTP client said about the answer.
    let cause = format!("HTTP {status}");
    ensure!(
        message.contains(named)
            && message.contains(&refused)
            && !message.contains("WWW-Authenticate")
            && error.pointer("/data/status") == Some(&Value::from(status))
            && error.pointer("/data/www_authenticate") == Some(&Value::Null)
            && error["data"]["cause"]
                .as_str()
                .is_some_and(|text| text.contains(&cause)),
        "the refusal does not name {named}…, \"{refused}\" alone (no challenge) and the cause \"{cause}\":\n{}",
        pretty(error)
    );
    Ok(())
}

/// The reason phrase the scenarios expect with a refusal's status.
fn reason(status: u16) -> Result<&'static str> {
    match status {
        401 => Ok("Unauthorized"),
        403 => Ok("Forbidden"),
        429 => Ok("Too Many Requests"),
        500..=599 => Ok("Server Error"),
        other => bail!("no reason phrase is expected for HTTP {other} in these scenarios"),
    }
}

/// The initialize was refused with an internal error naming the unreachable server's URL and
/// the cause at the bottom of the bridge's error chain: the refused TCP connection, which the
/// errors above it (rmcp's, the HTTP client's) do not name themselves.
pub fn expect_refusal_naming_unreachable(response: &Value) -> Result<()> {
    let error = refusal(response)?;
    let message = error["message"].as_str().unwrap_or_default();
    ensure!(
        message.contains("unreachable") && message.contains("http://"),
        "the refusal does not name the unreachable server:\n{}",
        pretty(error)
    );
    ensure!(
        message.to_lowercase().contains("connection refused"),
        "the refusal does not name its cause, the refused connection:\n{}",
        pretty(error)
    );
    Ok(())
}

/// The JSON-RPC error of a refusal, which must be an internal error.
fn refusal(response: &Value) -> Result<&Value> {
    let error = response
        .get("error")
        .with_context(|| format!("the session was not refused:\n{}", pretty(response)))?;
    ensure!(
        error["code"] == INTERNAL_ERROR,
        "the refusal is not an internal error ({INTERNAL_ERROR}):\n{}",
        pretty(error)
    );
    Ok(error)
}

/// The wrapper's token is in none of the frames it exchanged and nowhere on its stderr.
pub fn expect_token_never_shown(world: &McpWorld) -> Result<()> {
    let token = world
        .gateway
        .token
        .as_ref()
        .context("the wrapper holds no token")?;
    let raw = world
        .raw
        .as_ref()
        .context("no raw connection was opened in this scenario")?;
    let mut written: Vec<String> = raw
        .link
        .frames
        .frames()
        .into_iter()
        .map(|(_, f)| f)
        .collect();
    if let Some(process) = &raw.link.process {
        written.extend(process.stderr.tail(usize::MAX));
    }
    ensure!(!written.is_empty(), "the wrapper wrote nothing to check");
    if written.iter().any(|text| text.contains(token.expose())) {
        bail!("the wrapper's output or frames contain its bearer token");
    }
    Ok(())
}

/// Puts a bridge over HTTP requiring bearer tokens (of the run's JWKS) in front of the
/// scenario's server, and makes it the server under test.
pub async fn require_tokens_at_bridge(world: &mut McpWorld) -> Result<()> {
    let auth = bridge_auth();
    let jwks = std::env::var(JWKS_URL_VAR)
        .with_context(|| format!("the runner publishes no JWKS ({JWKS_URL_VAR})"))?;
    world.gateway.last_bridge.args = vec![
        "--jwks-url".into(),
        jwks,
        "--issuer".into(),
        auth.issuer.clone(),
        "--audience".into(),
        auth.audience.clone(),
    ];
    let target = route_to(world, &[Transport::Http]).await?;
    world.use_scenario_target(target.with_auth(auth));
    Ok(())
}

/// The tokens a bridge's exposed side accepts in these scenarios.
fn bridge_auth() -> AuthDeclaration {
    AuthDeclaration {
        kind: AuthKind::BearerJwt,
        issuer: "https://issuer.mcp-acceptance.test".to_owned(),
        audience: "mcp-acceptance-bridge".to_owned(),
    }
}
