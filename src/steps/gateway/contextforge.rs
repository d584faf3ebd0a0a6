//! Steps of `features/gateway/contextforge_*.feature`: the real ContextForge gateway, its translate bridge and its
//! wrapper around our time server. Behaviour lives in `systems::contextforge`.

use anyhow::bail;
use cucumber::{given, then, when};

use crate::mcp::jsonrpc;
use crate::mcp::registry::Secret;
use crate::mcp::transport::Transport;
use crate::steps::StepResult;
use crate::systems::contextforge::api::{Answer, expect_success, field};
use crate::systems::contextforge::database::{expect_row, expect_server_tool};
use crate::systems::contextforge::scenario::{THE_GATEWAY, expect_time_in};
use crate::systems::contextforge::translate::{self, Remote};
use crate::world::{DEFAULT_PROTOCOL_VERSION, McpWorld, Outcome};

const TIME_SERVER: &str = "the time server";

#[given("ContextForge is installed")]
async fn installed(world: &mut McpWorld) -> StepResult {
    world.contextforge.installation().map(drop)
}

#[given("a ContextForge gateway on SQLite")]
async fn gateway(world: &mut McpWorld) -> StepResult {
    world
        .contextforge
        .start_gateway(THE_GATEWAY)
        .await
        .map(drop)
}

#[given(expr = "a ContextForge gateway {string} on SQLite")]
async fn named_gateway(world: &mut McpWorld, name: String) -> StepResult {
    world.contextforge.start_gateway(&name).await.map(drop)
}

#[given("a gateway JWT for its administrator")]
async fn token(world: &mut McpWorld) -> StepResult {
    world.contextforge.token(world.timeout).await.map(drop)
}

#[given(expr = "ContextForge translate exposes the stdio time server over {transport}")]
async fn translate_exposes(world: &mut McpWorld, transport: Transport) -> StepResult {
    serve_through_translate(world, Remote::of(transport)?, "translate").await
}

#[given(expr = "the time server is reachable over {transport}")]
async fn time_server_reachable(world: &mut McpWorld, transport: Transport) -> StepResult {
    let served = translate::time_server_over(Remote::of(transport)?, world.timeout).await?;
    world
        .contextforge
        .served
        .insert(TIME_SERVER.to_owned(), served);
    Ok(())
}

#[given("the stdio time server is exposed over sse by ContextForge translate")]
async fn time_server_behind_translate_sse(world: &mut McpWorld) -> StepResult {
    serve_through_translate(world, Remote::Sse, TIME_SERVER).await
}

async fn serve_through_translate(world: &mut McpWorld, remote: Remote, role: &str) -> StepResult {
    let installation = world.contextforge.installation()?;
    let dir = world.contextforge.dir()?;
    let served = translate::translate_stdio_to(&installation, remote, &dir, world.timeout).await?;
    world.contextforge.served.insert(role.to_owned(), served);
    Ok(())
}

#[given(expr = "ContextForge translate connected to it over {transport}")]
async fn translate_to_stdio(world: &mut McpWorld, transport: Transport) -> StepResult {
    world
        .contextforge
        .translate_to_stdio(Remote::of(transport)?, TIME_SERVER)
}

#[when(expr = "the administrator registers it with the gateway as {string} over {transport}")]
async fn register(world: &mut McpWorld, name: String, transport: Transport) -> StepResult {
    register_time_server(world, THE_GATEWAY, &name, Remote::of(transport)?).await
}

#[given(expr = "the time server registered with the gateway as {string} over http")]
async fn registered(world: &mut McpWorld, name: String) -> StepResult {
    registered_with(world, THE_GATEWAY.to_owned(), name).await
}

#[given(expr = "the time server registered with the gateway {string} as {string} over http")]
async fn registered_with(world: &mut McpWorld, gateway: String, name: String) -> StepResult {
    time_server_reachable(world, Transport::Http).await?;
    register_time_server(world, &gateway, &name, Remote::StreamableHttp).await?;
    expect_last_answer(world)
}

async fn register_time_server(
    world: &mut McpWorld,
    gateway: &str,
    name: &str,
    remote: Remote,
) -> StepResult {
    let url = world.contextforge.served(TIME_SERVER)?.url.clone();
    let api = world.contextforge.api(gateway, world.timeout).await?;
    let answer = api.register_gateway(name, &url, remote, None).await?;
    remember_registration(world, name, answer)
}

#[when(expr = "the administrator registers the gateway {string} with the gateway as {string}")]
async fn register_peer(world: &mut McpWorld, peer: String, name: String) -> StepResult {
    let url = format!("{}/mcp", world.contextforge.gateway(&peer)?.base_url());
    let token = world.contextforge.token(world.timeout).await?;
    let api = world.contextforge.api(THE_GATEWAY, world.timeout).await?;
    let answer = api
        .register_gateway(&name, &url, Remote::StreamableHttp, Some(&token))
        .await?;
    remember_registration(world, &name, answer)
}

fn remember_registration(world: &mut McpWorld, name: &str, answer: Answer) -> StepResult {
    if let Ok(id) = field(&answer, "id") {
        world.contextforge.registrations.insert(name.to_owned(), id);
    }
    record(world, format!("POST /gateways ({name})"), answer);
    Ok(())
}

/// Records a REST answer for the common steps (`the call succeeds`, `the server refuses it …`).
fn record(world: &mut McpWorld, request: String, answer: Answer) {
    let answer = world.contextforge.record_answer(request.clone(), answer);
    world.record(Outcome::Http { request, answer });
}

#[when(expr = "the administrator creates a virtual server {string} with the tool {string}")]
async fn create_virtual_server(world: &mut McpWorld, name: String, tool: String) -> StepResult {
    let api = world.contextforge.api(THE_GATEWAY, world.timeout).await?;
    let id = api.tool_id(&tool).await?;
    let answer = api.create_server(&name, &[id]).await?;
    if let Ok(id) = field(&answer, "id") {
        world.contextforge.virtual_server = Some(id);
    }
    record(world, format!("POST /servers ({name})"), answer);
    Ok(())
}

#[given(expr = "a virtual server {string} with the tool {string}")]
async fn virtual_server(world: &mut McpWorld, name: String, tool: String) -> StepResult {
    create_virtual_server(world, name, tool).await?;
    expect_last_answer(world)
}

/// The set-up a Given step made was accepted (a 2xx answer).
fn expect_last_answer(world: &McpWorld) -> StepResult {
    let (what, answer) = world.contextforge.last_answer()?;
    expect_success(what, answer).map_err(|e| world.with_evidence(e))
}

#[then(expr = "the gateway's REST API lists the tool {string}")]
async fn rest_lists_tool(world: &mut McpWorld, tool: String) -> StepResult {
    world
        .contextforge
        .api(THE_GATEWAY, world.timeout)
        .await?
        .tool_id(&tool)
        .await
        .map(drop)
}

#[when(
    expr = "a client sends initialize with id {int} over stdio to the gateway's wrapper with an invalid token"
)]
async fn wrapper_with_invalid_token(world: &mut McpWorld, id: i64) -> StepResult {
    let url = format!(
        "{}/mcp",
        world.contextforge.gateway(THE_GATEWAY)?.base_url()
    );
    let auth = Secret::new("Bearer invalid.token.here".to_owned());
    let (installation, dir) = (
        world.contextforge.installation()?,
        world.contextforge.dir()?,
    );
    world.use_scenario_target(translate::wrapper(&installation, &url, &auth, &dir));
    let request = crate::mcp::jsonrpc::request(
        id.into(),
        "initialize",
        Some(crate::mcp::jsonrpc::initialize_params(
            DEFAULT_PROTOCOL_VERSION,
        )),
    );
    let raw = world.open_raw(Transport::Stdio).await?;
    raw.send(&request).await?;
    let response = raw.next_response().await?;
    world.record(Outcome::Raw { request, response });
    Ok(())
}

#[then(expr = "the wrapper answers with a JSON-RPC error naming HTTP {int}")]
async fn wrapper_error_names(world: &mut McpWorld, status: u16) -> StepResult {
    let response = world.last_raw_response()?;
    let message = response
        .pointer("/error/message")
        .and_then(|m| m.as_str())
        .unwrap_or_default();
    if !message.contains(&status.to_string()) {
        bail!("expected a JSON-RPC error naming HTTP {status}, got {response}");
    }
    Ok(())
}

#[then(expr = "the error answers id {int} with code {int}")]
async fn error_answers_id(world: &mut McpWorld, id: i64, code: i64) -> StepResult {
    let response = world.last_raw_response()?;
    let (got_id, got_code) = (response.get("id"), response.pointer("/error/code"));
    if got_id != Some(&id.into()) || got_code.and_then(|c| c.as_i64()) != Some(code) {
        bail!("expected an error response to id {id} with code {code}, got {response}");
    }
    Ok(())
}

#[then(expr = "the client lists the tool {string}")]
async fn client_lists_tool(world: &mut McpWorld, tool: String) -> StepResult {
    world.client()?.listed_tool(&tool).await.map(drop)
}

#[then(expr = "the client gets the current time in {string} from {string}")]
async fn current_time(world: &mut McpWorld, timezone: String, tool: String) -> StepResult {
    let mut arguments = serde_json::Map::new();
    arguments.insert("timezone".to_owned(), timezone.clone().into());
    let request = format!("tools/call \"{tool}\" with timezone {timezone}");
    let reply = world.client()?.call_tool(&tool, arguments).await?;
    expect_time_in(&request, &reply, &timezone)
}

#[then(expr = "the gateway's database holds the gateway {string} and the tool {string}")]
async fn database_holds(world: &mut McpWorld, name: String, tool: String) -> StepResult {
    let database = world.contextforge.gateway(THE_GATEWAY)?.database_path();
    let id = world.contextforge.registration(&name)?;
    expect_row(&database, "gateways", "id", &id)?;
    expect_row(&database, "gateways", "name", &name)?;
    expect_row(&database, "tools", "id", &tool_id(world, &tool).await?)
}

#[then(expr = "the gateway's database holds the virtual server with the tool {string}")]
async fn database_holds_server(world: &mut McpWorld, tool: String) -> StepResult {
    let database = world.contextforge.gateway(THE_GATEWAY)?.database_path();
    let server = world.contextforge.virtual_server()?.to_owned();
    expect_row(&database, "servers", "id", &server)?;
    expect_server_tool(&database, &server, &tool_id(world, &tool).await?)
}

async fn tool_id(world: &mut McpWorld, tool: &str) -> anyhow::Result<String> {
    world
        .contextforge
        .api(THE_GATEWAY, world.timeout)
        .await?
        .tool_id(tool)
        .await
}

#[when("a client sends initialize to the gateway over http without a token")]
async fn initialize_without_token(world: &mut McpWorld) -> StepResult {
    let frame = jsonrpc::request(
        1.into(),
        "initialize",
        Some(jsonrpc::initialize_params(DEFAULT_PROTOCOL_VERSION)),
    );
    let api = world.contextforge.api(THE_GATEWAY, world.timeout).await?;
    let answer = api
        .post("/mcp", serde_json::from_str(&frame)?, false)
        .await?;
    record(world, "POST /mcp (initialize, no token)".to_owned(), answer);
    Ok(())
}

#[when(regex = r#"^a client sends GET "([^"]+)" to the gateway (with the token|without a token)$"#)]
async fn get_from_gateway(world: &mut McpWorld, path: String, token: String) -> StepResult {
    let api = world.contextforge.api(THE_GATEWAY, world.timeout).await?;
    let answer = api.get(&path, token == "with the token").await?;
    record(world, format!("GET {path} ({token})"), answer);
    Ok(())
}

#[given("a Redis server for the gateway's cache")]
async fn redis_server(world: &mut McpWorld) -> StepResult {
    world.contextforge.start_redis(world.timeout).await
}

#[then(expr = "the Redis cache holds keys starting with {string}")]
async fn redis_keys_with_prefix(world: &mut McpWorld, prefix: String) -> StepResult {
    let keys = world.contextforge.redis()?.keys().await?;
    if !keys.iter().any(|key| key.starts_with(&prefix)) {
        bail!("no key in Redis starts with \"{prefix}\"; the keys: {keys:?}");
    }
    Ok(())
}

#[then(expr = "the Redis cache holds the key {string}")]
async fn redis_key(world: &mut McpWorld, key: String) -> StepResult {
    let keys = world.contextforge.redis()?.keys().await?;
    if !keys.contains(&key) {
        bail!("Redis holds no key \"{key}\"; the keys: {keys:?}");
    }
    Ok(())
}

#[given("a PostgreSQL server for the gateway's database")]
async fn postgres_server(world: &mut McpWorld) -> StepResult {
    world.contextforge.start_postgres(world.timeout).await
}

#[given("a ContextForge gateway on PostgreSQL")]
async fn gateway_on_postgres(world: &mut McpWorld) -> StepResult {
    world.contextforge.postgres()?;
    world
        .contextforge
        .start_gateway(THE_GATEWAY)
        .await
        .map(drop)
}

#[then(
    expr = "the gateway's PostgreSQL database holds the gateway {string}, the virtual server and the tool {string}"
)]
async fn postgres_holds(world: &mut McpWorld, name: String, tool: String) -> StepResult {
    let gateway_id = world.contextforge.registration(&name)?;
    let server_id = world.contextforge.virtual_server()?.to_owned();
    let tool_id = tool_id(world, &tool).await?;
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
