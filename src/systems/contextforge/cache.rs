//! The gateway's tool lookup cache (tool name → its configuration, looked up on every call): an
//! in-memory L1 per gateway process and Redis as L2, kept consistent across gateways by
//! invalidation messages over Redis. Read from outside: Redis logs every command it runs, so
//! the calls that reached Redis (L1 misses) and the database (both missed: the gateway then
//! writes the entry back) are counted; the rest were answered from the in-memory L1.

use anyhow::{Context, Result, bail, ensure};

use crate::harness::latency::report;
use crate::systems::contextforge::admin::record;
use crate::systems::contextforge::clients::expect_current_time;
use crate::systems::contextforge::scenario::THE_GATEWAY;
use crate::world::McpWorld;

/// The gateway's Redis key of a tool's lookup entry (its `cache_prefix` is `mcpgw:`).
fn lookup_key(tool: &str) -> String {
    format!("mcpgw:tool_lookup:{tool}")
}

/// What the cache did for a run of repeated calls of one tool.
#[derive(Debug, Clone)]
pub struct CacheWatch {
    pub tool: String,
    pub calls: usize,
    /// Lookups that missed L1 and asked Redis.
    pub redis_reads: usize,
    /// Lookups that missed both and read the database (each writes its entry back to Redis).
    pub database_reads: usize,
}

impl CacheWatch {
    /// The share of calls whose lookup the cache (L1 or L2) answered.
    pub fn hit_rate(&self) -> f64 {
        (self.calls - self.database_reads.min(self.calls)) as f64 / self.calls as f64
    }
}

/// The client calls `tool` `count` times in its session (each answer checked) while Redis logs
/// what the gateway asks of it.
pub async fn watched_calls(world: &mut McpWorld, tool: &str, count: usize) -> Result<()> {
    ensure!(count > 0, "at least one call is needed");
    world.contextforge.redis()?.log_every_command().await?;
    for call in 1..=count {
        expect_current_time(world, "UTC", tool)
            .await
            .with_context(|| format!("call {call} of {count}"))?;
    }
    let redis = world.contextforge.redis()?;
    let key = lookup_key(tool);
    if !redis.keys().await?.contains(&key) {
        bail!(
            "Redis holds no {key} after {count} calls: the gateway did not cache the tool's lookup"
        );
    }
    let watch = CacheWatch {
        tool: tool.to_owned(),
        calls: count,
        redis_reads: redis.logged_commands("GET", &key).await?,
        database_reads: redis.logged_commands("SETEX", &key).await?,
    };
    world.contextforge.cache_watch = Some(watch);
    Ok(())
}

/// More than `percent` % of the watched calls were answered from the cache; the figures are
/// reported with the latency lines.
pub fn expect_hit_rate_above(world: &McpWorld, percent: f64) -> Result<()> {
    let watch = world
        .contextforge
        .cache_watch
        .as_ref()
        .context("no repeated calls were watched in this scenario")?;
    let rate = watch.hit_rate() * 100.0;
    report(format!(
        "ContextForge tool cache, {} calls of {}: hit rate {rate:.1}% (in-memory {}, Redis {}, database {})",
        watch.calls,
        watch.tool,
        watch.calls - watch.redis_reads.min(watch.calls),
        watch.redis_reads.saturating_sub(watch.database_reads),
        watch.database_reads
    ));
    ensure!(
        rate > percent,
        "the cache answered {rate:.1}% of {} calls, not more than {percent}%: {watch:?}",
        watch.calls
    );
    Ok(())
}

/// The administrator deactivates or activates `tool` through the gateway's REST API.
pub async fn set_tool_state(world: &mut McpWorld, tool: &str, active: bool) -> Result<()> {
    let api = world.contextforge.api(THE_GATEWAY, world.timeout).await?;
    let id = api.any_tool_id(tool).await?;
    let answer = api.set_tool_state(&id, active).await?;
    let what = if active { "activate" } else { "deactivate" };
    record(
        world,
        format!("POST /tools/{id}/state ({what} {tool})"),
        answer,
    );
    Ok(())
}

/// The client's call of `tool` is refused (a JSON-RPC error or a tool error) with a message
/// saying `word`.
pub async fn expect_call_refused(world: &mut McpWorld, tool: &str, word: &str) -> Result<()> {
    let mut arguments = serde_json::Map::new();
    arguments.insert("timezone".to_owned(), "UTC".into());
    let reply = world.client()?.call_tool(tool, arguments).await?;
    let message = match &reply {
        Err(error) => error.message.clone(),
        Ok(result) if result.get("isError") == Some(&true.into()) => {
            crate::checks::expect::text_of(result)
        }
        Ok(result) => bail!("tools/call \"{tool}\" succeeded, expected a refusal: {result}"),
    };
    if !message.to_lowercase().contains(&word.to_lowercase()) {
        bail!("tools/call \"{tool}\" was refused, but not saying \"{word}\": {message}");
    }
    Ok(())
}
