//! Process steps: raw JSON-RPC.

use super::*;

#[then("every request the client sent carried jsonrpc \"2.0\", an id, a method and params")]
pub(super) async fn requests_well_formed(world: &mut McpWorld) -> StepResult {
    checks::requests_well_formed(&world.session(DEFAULT_SESSION)?.link.frames.frames())
}

#[when(expr = "the client sends the request {word} with id {int} and params:")]
pub(super) async fn raw_request(
    world: &mut McpWorld,
    method: String,
    id: i64,
    step: &Step,
) -> StepResult {
    let params: Value = match step.docstring.as_deref() {
        Some(text) => serde_json::from_str(strip_media_type(text))?,
        None => json!({}),
    };
    let frame = jsonrpc::request(json!(id), &method, Some(params));
    let raw = world.raw()?;
    raw.send(&frame).await?;
    let response = raw.response_to(&json!(id)).await?;
    world.record(Outcome::Raw {
        request: frame,
        response,
    });
    Ok(())
}

#[then(expr = "the response is JSON-RPC 2.0 with id {int} and exactly one of result or error")]
pub(super) async fn valid_response(world: &mut McpWorld, id: i64) -> StepResult {
    checks::valid_response(world.last_raw_response()?, id)
}

#[when(expr = "the client introduces itself as {string} version {string} in initialize")]
pub(super) async fn initialize_as(
    world: &mut McpWorld,
    name: String,
    version: String,
) -> StepResult {
    let mut params = jsonrpc::initialize_params("2025-11-25");
    params["clientInfo"] = json!({"name": name, "version": version});
    let response = world.raw()?.call("initialize", Some(params)).await?;
    world.record(Outcome::Raw {
        request: format!("initialize as {name} {version}"),
        response,
    });
    Ok(())
}

#[then("the client's requests are served after the handshake")]
pub(super) async fn served_after_handshake(world: &mut McpWorld) -> StepResult {
    let raw = world.raw()?;
    raw.send(&jsonrpc::notification("notifications/initialized", None))
        .await?;
    let response = raw.call("tools/list", Some(json!({}))).await?;
    let tools = response
        .pointer("/result/tools")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    ensure!(
        tools > 0,
        "tools/list after the handshake answered {response}"
    );
    Ok(())
}
