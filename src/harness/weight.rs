//! Weight classes of scenarios. Most scenarios wait on their servers and use little CPU, so many
//! of them run at once (`--concurrency`). A few start something heavy: a ContextForge gateway of
//! its own (with Redis or PostgreSQL: 5–6.5 s of Python CPU to start; the others fork from the
//! run's zygote in a fraction of a second, `systems/contextforge/zygote.rs`), the Python
//! FastMCP, a PostgreSQL of their own, a whole run of the suite inside the scenario, a build of
//! the mcp-acceptance command. (The npm servers start in a fraction of a second: light.) Several
//! of those at once starve each other, and the light scenarios beside them, into their
//! timeouts; so a heavy scenario also takes one of a few heavy slots before its first step and
//! holds it to its end (`MCP_HEAVY_CONCURRENCY`, default 2: as many as ran at once before the
//! light ones got more).

use std::sync::{Arc, OnceLock};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The tags that make a scenario heavy (README, Tags).
const HEAVY_TAGS: [&str; 5] = ["@redis", "@fastmcp", "@postgres", "@suite-run", "@slow"];

/// How many heavy scenarios run at once unless [`HEAVY_SLOTS_VARIABLE`] says otherwise.
const DEFAULT_HEAVY_SLOTS: usize = 2;

pub const HEAVY_SLOTS_VARIABLE: &str = "MCP_HEAVY_CONCURRENCY";

/// A heavy slot, given back when dropped.
#[derive(Debug)]
pub struct HeavySlot {
    _permit: OwnedSemaphorePermit,
}

/// Whether a scenario with these tags (its feature's and rule's included) is heavy.
pub fn is_heavy(tags: &[String]) -> bool {
    tags.iter().any(|tag| HEAVY_TAGS.contains(&tag.as_str()))
}

/// Waits for a heavy slot if the scenario is heavy; a light one goes on at once.
pub async fn take_slot(tags: &[String]) -> Option<HeavySlot> {
    if !is_heavy(tags) {
        return None;
    }
    let permit = slots()
        .clone()
        .acquire_owned()
        .await
        .expect("the heavy slots are never closed");
    Some(HeavySlot { _permit: permit })
}

fn slots() -> &'static Arc<Semaphore> {
    static SLOTS: OnceLock<Arc<Semaphore>> = OnceLock::new();
    SLOTS.get_or_init(|| Arc::new(Semaphore::new(heavy_slots())))
}

fn heavy_slots() -> usize {
    std::env::var(HEAVY_SLOTS_VARIABLE)
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(DEFAULT_HEAVY_SLOTS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(list: &[&str]) -> Vec<String> {
        list.iter().map(|tag| tag.to_string()).collect()
    }

    #[test]
    fn heavy_by_any_of_its_tags() {
        assert!(is_heavy(&tags(&["@contextforge", "@redis"])));
        assert!(!is_heavy(&tags(&["@external", "@contextforge"])));
        assert!(is_heavy(&tags(&["@process", "@suite-run"])));
        assert!(!is_heavy(&tags(&["@protocol", "@http"])));
        assert!(!is_heavy(&tags(&["@hub", "@external"])));
        assert!(!is_heavy(&tags(&["@postgresql"])));
    }

    #[tokio::test]
    async fn light_scenarios_take_no_slot() {
        assert!(take_slot(&tags(&["@protocol"])).await.is_none());
    }

    #[tokio::test]
    async fn a_heavy_slot_is_given_back_when_dropped() {
        let before = slots().available_permits();
        let slot = take_slot(&tags(&["@slow"])).await;
        assert!(slot.is_some());
        assert_eq!(slots().available_permits(), before - 1);
        drop(slot);
        assert_eq!(slots().available_permits(), before);
    }
}
