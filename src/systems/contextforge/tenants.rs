//! Several tenants of one gateway: each a user of its own owning a team of its own, holding a
//! gateway JWT scoped to that team, with virtual servers only its team sees.

use anyhow::{Result, bail};

use crate::mcp::registry::Secret;
use crate::systems::contextforge::admin::{expect_last_answer, record};
use crate::systems::contextforge::api::{GatewayApi, expect_success, field};
use crate::systems::contextforge::scenario::THE_GATEWAY;
use crate::systems::contextforge::secrets::{mint_token, random_hex};
use crate::world::McpWorld;

/// A tenant: its user, its team and its token.
#[derive(Debug, Clone)]
pub struct Tenant {
    pub email: String,
    pub team_id: String,
    pub token: Secret,
}

/// The administrator creates the user `name@example.com` and a team it owns; the tenant's
/// token is minted for that user, scoped to that team.
pub async fn add_tenant(world: &mut McpWorld, name: &str) -> Result<()> {
    let email = format!("{name}@example.com");
    let api = world.contextforge.api(THE_GATEWAY, world.timeout).await?;
    let password = tenant_password();
    let user = api.create_user(&email, &password).await?;
    expect_success(&format!("creating the user {email}"), &user)?;
    let team = api.create_team(&format!("{name}-team"), &email).await?;
    expect_success(&format!("creating the team of {email}"), &team)?;
    let team_id = field(&team, "id")?;
    let installation = world.contextforge.installation()?;
    let dir = world.contextforge.dir()?;
    let token = mint_token(&installation, &email, Some(&team_id), &dir, world.timeout).await?;
    let tenant = Tenant {
        email,
        team_id,
        token,
    };
    world.contextforge.tenants.insert(name.to_owned(), tenant);
    Ok(())
}

/// The tenant creates the virtual server `server`, offering `tool`, for its team only (the
/// gateway lets only a token scoped to a team create what the team alone sees).
pub async fn team_server(
    world: &mut McpWorld,
    server: &str,
    tenant: &str,
    tool: &str,
) -> Result<()> {
    let team = world.contextforge.tenant(tenant)?.team_id.clone();
    let api = tenant_api(world, tenant)?;
    let tool_id = api.tool_id(tool).await?;
    let answer = api.create_server(server, &[tool_id], Some(&team)).await?;
    if let Ok(id) = field(&answer, "id") {
        world.contextforge.servers.insert(server.to_owned(), id);
    }
    record(
        world,
        format!("POST /servers ({server}, team of {tenant})"),
        answer,
    );
    expect_last_answer(world)
}

/// The gateway lists exactly the virtual servers `expected` to `tenant`.
pub async fn expect_servers_listed(
    world: &mut McpWorld,
    tenant: &str,
    expected: &str,
) -> Result<()> {
    let mut listed = tenant_api(world, tenant)?.server_names().await?;
    let mut wanted: Vec<String> = expected.split(',').map(|s| s.trim().to_owned()).collect();
    listed.sort();
    wanted.sort();
    if listed != wanted {
        bail!("the gateway lists the virtual servers {listed:?} to {tenant}, expected {wanted:?}");
    }
    Ok(())
}

/// The gateway's REST API with the token of `tenant`.
fn tenant_api(world: &McpWorld, tenant: &str) -> Result<GatewayApi> {
    let token = world.contextforge.tenant(tenant)?.token.clone();
    let base = world.contextforge.gateway(THE_GATEWAY)?.base_url();
    GatewayApi::new(&base, token, world.timeout)
}

/// A random password the gateway accepts: mixed case, a digit and a symbol, and no run of three
/// sequential letters or digits (the random characters are kept apart by dots).
fn tenant_password() -> Secret {
    let spaced: String = random_hex(12).chars().flat_map(|c| [c, '.']).collect();
    Secret::new(format!("Aa1!{spaced}"))
}
