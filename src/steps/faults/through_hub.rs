//! Faults between the hub and one of its backends: the fault proxy the hub scenario put in front
//! of a backend ("<server> behind the fault proxy" in the backends table), armed and healed
//! through its control socket while the hub runs.

use cucumber::when;

use crate::steps::StepResult;
use crate::systems::fault_proxy::proxy::ControlSocket;
use crate::systems::fault_proxy::rules::{Hits, rule_for_every_message};
use crate::world::McpWorld;

fn control(world: &McpWorld, backend: &str) -> anyhow::Result<ControlSocket> {
    world
        .hub
        .fault_controls
        .get(backend)
        .cloned()
        .ok_or_else(|| {
            anyhow::anyhow!(
                "the backend \"{backend}\" is not behind the fault proxy in this scenario"
            )
        })
}

#[when(
    regex = r#"^the fault proxy in front of the backend "([^"]+)" injects "([^"]+)" into every (answer|request)$"#
)]
async fn inject(world: &mut McpWorld, backend: String, fault: String, leg: String) -> StepResult {
    let hits = if leg == "answer" {
        Hits::Answer
    } else {
        Hits::Request
    };
    let rule = rule_for_every_message(&fault, hits)?;
    control(world, &backend)?.arm(rule, world.timeout).await
}

#[when(expr = "the fault proxy in front of the backend {string} heals")]
async fn heal(world: &mut McpWorld, backend: String) -> StepResult {
    control(world, &backend)?.heal(world.timeout).await
}
