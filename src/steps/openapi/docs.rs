//! The bridge's documentation tools: list_apis, list_functions, get_function_docs,
//! search_docs, get_schema.

use anyhow::{Context as _, ensure};
use cucumber::gherkin::Step;
use cucumber::{then, when};
use serde_json::{Value, json};

use crate::steps::StepResult;
use crate::systems::openapi_bridge::{expect_same_names, json_answer, list, names, text_answer};
use crate::world::McpWorld;

use super::docstring;

async fn call(world: &mut McpWorld, tool: &str, arguments: Value) -> StepResult {
    let Value::Object(arguments) = arguments else {
        unreachable!("arguments are object literals")
    };
    world.call_tool(tool, arguments).await
}

fn answer(world: &McpWorld) -> anyhow::Result<Value> {
    let (request, reply) = world.last_reply()?;
    json_answer(&request, &reply)
}

#[when("the client lists the APIs")]
async fn list_apis(world: &mut McpWorld) -> StepResult {
    call(world, "list_apis", json!({})).await
}

#[when("the client lists the functions")]
async fn list_functions(world: &mut McpWorld) -> StepResult {
    call(world, "list_functions", json!({})).await
}

#[when(expr = "the client lists the functions tagged {string}")]
async fn list_functions_tagged(world: &mut McpWorld, tag: String) -> StepResult {
    call(world, "list_functions", json!({ "tag": tag })).await
}

#[when(expr = "the client asks for the documentation of {string}")]
async fn function_docs(world: &mut McpWorld, name: String) -> StepResult {
    call(world, "get_function_docs", json!({ "name": name })).await
}

#[when(expr = "the client searches the documentation for {string}")]
async fn search_docs(world: &mut McpWorld, query: String) -> StepResult {
    call(world, "search_docs", json!({ "query": query })).await
}

#[when(expr = "the client asks for the schema {string}")]
async fn schema(world: &mut McpWorld, name: String) -> StepResult {
    call(world, "get_schema", json!({ "name": name })).await
}

#[then(expr = "the APIs are exactly {string}")]
async fn apis_exactly(world: &mut McpWorld, expected: String) -> StepResult {
    expect_same_names("the APIs' names", names(&answer(world)?), list(&expected))
}

#[then(
    expr = "the API {string} is titled {string}, offers {int} functions and the security schemes {string}"
)]
async fn api_described(
    world: &mut McpWorld,
    name: String,
    title: String,
    functions: u64,
    schemes: String,
) -> StepResult {
    let apis = answer(world)?;
    let api = apis
        .as_array()
        .and_then(|apis| apis.iter().find(|api| api["name"] == name.as_str()))
        .with_context(|| format!("no API {name:?} in {apis}"))?;
    ensure!(
        api["title"] == title.as_str() && api["functions"] == functions,
        "the API {name} is not titled {title:?} with {functions} functions: {api}"
    );
    expect_same_names(
        "the security schemes",
        names(&api["security_schemes"]),
        list(&schemes),
    )
}

#[then(expr = "the functions are exactly {string}")]
async fn functions_exactly(world: &mut McpWorld, expected: String) -> StepResult {
    expect_same_names("the functions", names(&answer(world)?), list(&expected))
}

#[then("the documentation contains the lines:")]
async fn docs_contain(world: &mut McpWorld, step: &Step) -> StepResult {
    let (request, reply) = world.last_reply()?;
    let text = text_answer(&request, &reply)?;
    let wanted = docstring(step)?;
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    for line in wanted.lines().map(str::trim).filter(|l| !l.is_empty()) {
        ensure!(
            lines.contains(&line),
            "the documentation lacks the line\n  {line}\nit reads:\n{text}"
        );
    }
    Ok(())
}

#[then(expr = "the search finds exactly the functions {string} and the schemas {string}")]
async fn search_finds(world: &mut McpWorld, functions: String, schemas: String) -> StepResult {
    let found = answer(world)?;
    expect_same_names(
        "the functions found",
        names(&found["functions"]),
        list(&functions),
    )?;
    expect_same_names(
        "the schemas found",
        names(&found["schemas"]),
        list(&schemas),
    )
}

#[then(expr = "the schema has exactly the properties {string} and requires {string}")]
async fn schema_shape(world: &mut McpWorld, properties: String, required: String) -> StepResult {
    let schema = answer(world)?;
    let listed = schema["properties"]
        .as_object()
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    expect_same_names("the schema's properties", listed, list(&properties))?;
    expect_same_names(
        "the schema's required properties",
        strings(&schema["required"]),
        list(&required),
    )
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect()
}
