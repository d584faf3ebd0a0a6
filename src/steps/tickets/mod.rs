//! Steps of `features/tickets/`: the token-authenticated ticket system (API, MCP server ours or
//! on FastMCP, chat). Support lives in [`crate::systems::tickets`]; tokens are named by role.

mod access;
mod chat;
mod operations;

use cucumber::gherkin::Step;
use cucumber::given;

use crate::steps::StepResult;
use crate::systems::tickets::system::{Database, TicketSystem};
use crate::systems::tickets::tokens::Credential;
use crate::world::McpWorld;

/// A token named by role in a sentence.
#[derive(Debug, Clone, cucumber::Parameter)]
#[param(
    name = "credential",
    regex = "no token|an unknown token|a malformed token|the document's token|a token without [a-z_]+|[a-z]+'s token"
)]
pub struct Phrase(pub Credential);

impl std::str::FromStr for Phrase {
    type Err = anyhow::Error;

    fn from_str(s: &str) -> anyhow::Result<Self> {
        s.parse().map(Self)
    }
}

/// The first column of a step's table, header row left out.
pub fn column(step: &Step) -> Vec<String> {
    columns(step)
        .into_iter()
        .filter_map(|row| row.into_iter().next())
        .collect()
}

/// Every row of a step's table, header row left out.
pub fn columns(step: &Step) -> Vec<Vec<String>> {
    step.table
        .as_ref()
        .map(|t| t.rows.iter().skip(1).cloned().collect())
        .unwrap_or_default()
}

/// "a, b, c" as a list.
pub fn list(text: &str) -> Vec<String> {
    text.split(',')
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

async fn start(world: &mut McpWorld, implementation: &str, database: Database) -> StepResult {
    let implementation = implementation.parse()?;
    let system = TicketSystem::start(implementation, database, world.timeout).await?;
    world.tickets.system = Some(system);
    Ok(())
}

#[given(expr = "the ticket system with {word} as its MCP server")]
async fn ticket_system(world: &mut McpWorld, implementation: String) -> StepResult {
    start(world, &implementation, Database::Sqlite).await
}

#[given(expr = "the ticket system on PostgreSQL with {word} as its MCP server")]
async fn ticket_system_on_postgres(world: &mut McpWorld, implementation: String) -> StepResult {
    start(world, &implementation, Database::Postgres).await
}

#[given("the ticket API fails its next request")]
async fn api_fails_next(world: &mut McpWorld) -> StepResult {
    world.tickets.system()?.fail_next(1).await
}
