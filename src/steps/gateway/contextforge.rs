//! Steps of `features/gateway/contextforge_*.feature`: the real ContextForge gateway, its
//! translate bridge and its wrapper around our time server. Behaviour lives in
//! `systems::contextforge`.

use cucumber::{given, then, when};

use crate::mcp::transport::Transport;
use crate::steps::StepResult;
use crate::systems::contextforge::scenario::{THE_GATEWAY, gateway_named};
use crate::systems::contextforge::translate::Remote;
use crate::systems::contextforge::{admin, clients, persisted};
use crate::world::McpWorld;

#[given("ContextForge is installed")]
async fn installed(world: &mut McpWorld) -> StepResult {
    world.contextforge.installation().map(drop)
}

#[given(regex = r#"^a ContextForge gateway(?: "([^"]+)")? on SQLite$"#)]
async fn gateway(world: &mut McpWorld, name: String) -> StepResult {
    world
        .contextforge
        .start_gateway(gateway_named(&name))
        .await
        .map(drop)
}

#[given("a gateway JWT for its administrator")]
async fn token(world: &mut McpWorld) -> StepResult {
    world.contextforge.token(world.timeout).await.map(drop)
}

#[given(expr = "ContextForge translate exposes the stdio time server over {transport}")]
async fn translate_exposes(world: &mut McpWorld, transport: Transport) -> StepResult {
    let remote = Remote::of(transport)?;
    world
        .contextforge
        .translate_stdio_to(remote, world.timeout)
        .await
}

#[given(expr = "the time server is reachable over {transport}")]
async fn time_server_reachable(world: &mut McpWorld, transport: Transport) -> StepResult {
    let remote = Remote::of(transport)?;
    world
        .contextforge
        .serve_time_server(remote, world.timeout)
        .await
}

#[given(expr = "ContextForge translate connected to it over {transport}")]
async fn translate_to_stdio(world: &mut McpWorld, transport: Transport) -> StepResult {
    let remote = Remote::of(transport)?;
    world.contextforge.translate_to_stdio(remote).await
}

#[when(expr = "the administrator registers it with the gateway as {string} over {transport}")]
async fn register(world: &mut McpWorld, name: String, transport: Transport) -> StepResult {
    let remote = Remote::of(transport)?;
    admin::register_time_server(world, THE_GATEWAY, &name, remote).await
}

#[given(
    regex = r#"^the time server registered with the gateway(?: "([^"]+)")? as "([^"]+)" over http$"#
)]
async fn registered(world: &mut McpWorld, gateway: String, name: String) -> StepResult {
    admin::time_server_registered(world, gateway_named(&gateway), &name).await
}

#[when(expr = "the administrator registers the gateway {string} with the gateway as {string}")]
async fn register_peer(world: &mut McpWorld, peer: String, name: String) -> StepResult {
    admin::register_peer(world, &peer, &name).await
}

#[when(expr = "the administrator creates a virtual server {string} with the tool {string}")]
async fn create_virtual_server(world: &mut McpWorld, name: String, tool: String) -> StepResult {
    admin::create_virtual_server(world, &name, &tool).await
}

#[given(expr = "a virtual server {string} with the tool {string}")]
async fn virtual_server(world: &mut McpWorld, name: String, tool: String) -> StepResult {
    admin::virtual_server_created(world, &name, &tool).await
}

#[then(expr = "the gateway's REST API lists the tool {string}")]
async fn rest_lists_tool(world: &mut McpWorld, tool: String) -> StepResult {
    world
        .contextforge
        .tool_id(&tool, world.timeout)
        .await
        .map(drop)
}

#[when(
    expr = "a client sends initialize with id {int} over stdio to the gateway's wrapper with an invalid token"
)]
async fn wrapper_with_invalid_token(world: &mut McpWorld, id: i64) -> StepResult {
    clients::initialize_wrapper_with_invalid_token(world, id).await
}

#[then(expr = "the wrapper answers with a JSON-RPC error naming HTTP {int}")]
async fn wrapper_error_names(world: &mut McpWorld, status: u16) -> StepResult {
    clients::expect_error_naming_status(world.last_raw_response()?, status)
}

#[then(expr = "the error answers id {int} with code {int}")]
async fn error_answers_id(world: &mut McpWorld, id: i64, code: i64) -> StepResult {
    clients::expect_error_answering(world.last_raw_response()?, id, code)
}

#[then(expr = "the client gets the current time in {string} from {string}")]
async fn current_time(world: &mut McpWorld, timezone: String, tool: String) -> StepResult {
    clients::expect_current_time(world, &timezone, &tool).await
}

#[when("a client sends initialize to the gateway over http without a token")]
async fn initialize_without_token(world: &mut McpWorld) -> StepResult {
    clients::initialize_without_token(world).await
}

#[when(regex = r#"^a client sends GET "([^"]+)" to the gateway (with the token|without a token)$"#)]
async fn get_from_gateway(world: &mut McpWorld, path: String, token: String) -> StepResult {
    clients::get(world, &path, token == "with the token").await
}

#[then(expr = "the gateway's database holds the gateway {string} and the tool {string}")]
async fn database_holds(world: &mut McpWorld, name: String, tool: String) -> StepResult {
    persisted::expect_sqlite_registration(world, &name, &tool).await
}

#[then(expr = "the gateway's database holds the virtual server with the tool {string}")]
async fn database_holds_server(world: &mut McpWorld, tool: String) -> StepResult {
    persisted::expect_sqlite_virtual_server(world, &tool).await
}

#[given("a Redis server for the gateway's cache")]
async fn redis_server(world: &mut McpWorld) -> StepResult {
    world.contextforge.start_redis(world.timeout).await
}

#[then(expr = "the Redis cache holds keys starting with {string}")]
async fn redis_keys_with_prefix(world: &mut McpWorld, prefix: String) -> StepResult {
    persisted::expect_redis_key_prefix(world, &prefix).await
}

#[then(expr = "the Redis cache holds the key {string}")]
async fn redis_key(world: &mut McpWorld, key: String) -> StepResult {
    persisted::expect_redis_key(world, &key).await
}

#[given("a PostgreSQL server for the gateway's database")]
async fn postgres_server(world: &mut McpWorld) -> StepResult {
    world.contextforge.start_postgres(world.timeout).await
}

#[given(regex = r#"^a ContextForge gateway(?: "([^"]+)")? on PostgreSQL$"#)]
async fn gateway_on_postgres(world: &mut McpWorld, name: String) -> StepResult {
    world
        .contextforge
        .start_gateway_on_postgres(gateway_named(&name))
        .await
        .map(drop)
}

#[then(
    expr = "the gateway's PostgreSQL database holds the gateway {string}, the virtual server and the tool {string}"
)]
async fn postgres_holds(world: &mut McpWorld, name: String, tool: String) -> StepResult {
    persisted::expect_postgres_rows(world, &name, &tool).await
}
