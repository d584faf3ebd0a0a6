//! What the gateway kept, read independently of its API: the rows of its SQLite or PostgreSQL
//! database for what the scenario registered, and the keys of its Redis cache.

use anyhow::{Result, bail};

use crate::systems::contextforge::database::{expect_row, expect_server_tool};
use crate::systems::contextforge::scenario::THE_GATEWAY;
use crate::world::McpWorld;

/// The gateway's SQLite database holds the registration `name` (its id and name) and the tool
/// `tool` (by the id the REST API gives it).
pub async fn expect_sqlite_registration(
    world: &mut McpWorld,
    name: &str,
    tool: &str,
) -> Result<()> {
    let database = world.contextforge.gateway(THE_GATEWAY)?.database_path();
    let id = world.contextforge.registration(name)?;
    expect_row(&database, "gateways", "id", &id)?;
    expect_row(&database, "gateways", "name", name)?;
    let tool = world.contextforge.tool_id(tool, world.timeout).await?;
    expect_row(&database, "tools", "id", &tool)
}

/// The gateway's SQLite database holds the scenario's virtual server, associated with `tool`.
pub async fn expect_sqlite_virtual_server(world: &mut McpWorld, tool: &str) -> Result<()> {
    let database = world.contextforge.gateway(THE_GATEWAY)?.database_path();
    let server = world.contextforge.virtual_server()?.to_owned();
    expect_row(&database, "servers", "id", &server)?;
    let tool = world.contextforge.tool_id(tool, world.timeout).await?;
    expect_server_tool(&database, &server, &tool)
}

/// The scenario's PostgreSQL holds exactly one row each for the registration `name`, the
/// virtual server and the tool `tool`.
pub async fn expect_postgres_rows(world: &mut McpWorld, name: &str, tool: &str) -> Result<()> {
    let gateway_id = world.contextforge.registration(name)?;
    let server_id = world.contextforge.virtual_server()?.to_owned();
    let tool_id = world.contextforge.tool_id(tool, world.timeout).await?;
    let postgres = world.contextforge.postgres()?;
    for (table, id) in [
        ("gateways", &gateway_id),
        ("servers", &server_id),
        ("tools", &tool_id),
    ] {
        let count = postgres
            .query(&format!("SELECT count(*) FROM {table} WHERE id = '{id}'"))
            .await?;
        if count != "1" {
            bail!("PostgreSQL table {table} holds {count} rows with id {id}, expected 1");
        }
    }
    Ok(())
}

/// The scenario's Redis holds a key starting with `prefix`.
pub async fn expect_redis_key_prefix(world: &McpWorld, prefix: &str) -> Result<()> {
    let keys = world.contextforge.redis()?.keys().await?;
    if !keys.iter().any(|key| key.starts_with(prefix)) {
        bail!("no key in Redis starts with \"{prefix}\"; the keys: {keys:?}");
    }
    Ok(())
}

/// The scenario's Redis holds the key `key`.
pub async fn expect_redis_key(world: &McpWorld, key: &str) -> Result<()> {
    let keys = world.contextforge.redis()?.keys().await?;
    if !keys.iter().any(|held| held == key) {
        bail!("Redis holds no key \"{key}\"; the keys: {keys:?}");
    }
    Ok(())
}
