//! Where a client reaches ContextForge: the destinations of the common connect step
//! (`a client connects to the gateway over http with the token`).

use anyhow::{Context, Result, bail};

use crate::mcp::registry::{Secret, Target};
use crate::mcp::transport::Transport;
use crate::systems::contextforge::scenario::{THE_GATEWAY, TRANSLATE};
use crate::systems::contextforge::translate;
use crate::world::McpWorld;

/// A ContextForge endpoint a scenario set up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    /// The `translate` bridge of the scenario: its exposed side (http, sse), or the stdio side of
    /// a translate connected to a remote server.
    Translate,
    /// The gateway's own `/mcp` or `/sse`.
    Gateway,
    /// The virtual server's `/servers/<id>/mcp` or `/sse`.
    VirtualServer,
    /// The gateway's stdio wrapper in front of the virtual server.
    WrapperForVirtualServer,
    /// Another gateway of the scenario, by name (`the gateway "other"`).
    NamedGateway(String),
    /// The gateway's stdio wrapper in front of a virtual server named in the scenario.
    WrapperForServer(String),
}

impl Endpoint {
    /// The words of each endpoint, in the order of the variants.
    pub const PHRASES: [&str; 4] = [
        "ContextForge translate",
        "the gateway",
        "the virtual server",
        "the gateway's wrapper for the virtual server",
    ];
}

impl std::str::FromStr for Endpoint {
    type Err = anyhow::Error;

    fn from_str(words: &str) -> Result<Self> {
        let named = |prefix: &str| {
            let name = words
                .strip_prefix(prefix)?
                .strip_prefix('"')?
                .strip_suffix('"')?;
            Some(name.to_owned())
        };
        if let Some(name) = named("the gateway ") {
            return Ok(Self::NamedGateway(name));
        }
        if let Some(name) = named("the gateway's wrapper for the virtual server ") {
            return Ok(Self::WrapperForServer(name));
        }
        let variants = [
            Self::Translate,
            Self::Gateway,
            Self::VirtualServer,
            Self::WrapperForVirtualServer,
        ];
        Self::PHRASES
            .iter()
            .position(|phrase| *phrase == words)
            .map(|index| variants[index].clone())
            .with_context(|| format!("no ContextForge endpoint \"{words}\""))
    }
}

/// The target a client over `transport` reaches `endpoint` at. The gateway's endpoints take
/// `the token` (the administrator's gateway JWT) or `the token of "<tenant>"`; translate none.
pub async fn endpoint_target(
    world: &mut McpWorld,
    endpoint: Endpoint,
    transport: Transport,
    credentials: &str,
) -> Result<Target> {
    let token = match (&endpoint, credentials) {
        (Endpoint::Translate, "") => None,
        (Endpoint::Translate, other) => bail!("translate takes no credentials, not {other}"),
        (_, "the token") => {
            let token = world.contextforge.token(world.timeout).await?;
            Some(Secret::new(format!("Bearer {}", token.expose())))
        }
        (_, other) => match other
            .strip_prefix("the token of \"")
            .and_then(|rest| rest.strip_suffix('"'))
        {
            Some(tenant) => {
                let token = &world.contextforge.tenant(tenant)?.token;
                Some(Secret::new(format!("Bearer {}", token.expose())))
            }
            None => bail!(
                "the gateway's endpoints take \"the token\" or \"the token of \"<tenant>\"\", not \"{other}\""
            ),
        },
    };
    match (endpoint, transport, token) {
        (Endpoint::Translate, Transport::Stdio, _) => world
            .contextforge
            .translate_client
            .clone()
            .context("no translate was connected to a remote server in this scenario"),
        (Endpoint::Translate, remote, _) => {
            let url = world.contextforge.served(TRANSLATE)?.url.clone();
            Ok(Target::scenario_server(
                "ContextForge translate",
                None,
                Some((remote, &url)),
            ))
        }
        (Endpoint::Gateway, remote, Some(bearer)) => {
            remote_endpoint("ContextForge", &gateway_base(world)?, remote, bearer)
        }
        (Endpoint::VirtualServer, remote, Some(bearer)) => {
            let server = format!(
                "{}/servers/{}",
                gateway_base(world)?,
                world.contextforge.virtual_server()?
            );
            remote_endpoint("ContextForge virtual server", &server, remote, bearer)
        }
        (Endpoint::WrapperForVirtualServer, Transport::Stdio, Some(bearer)) => {
            let url = format!(
                "{}/servers/{}/mcp",
                gateway_base(world)?,
                world.contextforge.virtual_server()?
            );
            let installation = world.contextforge.installation()?;
            let dir = world.contextforge.dir()?;
            translate::wrapper(&installation, &url, &bearer, &dir).await
        }
        (Endpoint::NamedGateway(name), remote, Some(bearer)) => {
            let base = world.contextforge.gateway(&name)?.base_url();
            remote_endpoint(&format!("ContextForge {name}"), &base, remote, bearer)
        }
        (Endpoint::WrapperForServer(server), Transport::Stdio, Some(bearer)) => {
            let id = world.contextforge.server_named(&server)?;
            let url = format!("{}/servers/{id}/mcp", gateway_base(world)?);
            let installation = world.contextforge.installation()?;
            let dir = world.contextforge.dir()?;
            translate::wrapper(&installation, &url, &bearer, &dir).await
        }
        (endpoint, transport, _) => {
            bail!("a client reaches {endpoint:?} over stdio, not {transport}")
        }
    }
}

/// `{base}/mcp` (streamable HTTP) or `{base}/sse`, with the bearer token on every request.
fn remote_endpoint(name: &str, base: &str, transport: Transport, bearer: Secret) -> Result<Target> {
    let path = match transport {
        Transport::Http => "/mcp",
        Transport::Sse => "/sse",
        Transport::Stdio => bail!("{name} has no stdio endpoint"),
    };
    let url = format!("{base}{path}");
    let target = Target::scenario_server(&format!("{name} {path}"), None, Some((transport, &url)));
    Ok(target.with_header("Authorization", bearer))
}

fn gateway_base(world: &McpWorld) -> Result<String> {
    Ok(world.contextforge.gateway(THE_GATEWAY)?.base_url())
}
