//! The bridge's documentation tools (`list_apis`, `list_functions`, `get_function_docs`,
//! `search_docs`, `get_schema`): asking them, and checking what they answered.

use anyhow::{Context as _, Result, ensure};
use serde_json::{Value, json};

use super::answers::{last_json, last_text};
use super::list;
use crate::checks::json::expect_equal;
use crate::world::McpWorld;

/// Calls the documentation tool `tool` with `arguments` (an object) and records the reply.
async fn ask(world: &mut McpWorld, tool: &str, arguments: Value) -> Result<()> {
    let Value::Object(arguments) = arguments else {
        unreachable!("arguments are object literals")
    };
    world.call_tool(tool, arguments).await
}

pub async fn list_apis(world: &mut McpWorld) -> Result<()> {
    ask(world, "list_apis", json!({})).await
}

/// Every function, or only those tagged `tag`.
pub async fn list_functions(world: &mut McpWorld, tag: Option<&str>) -> Result<()> {
    let arguments = match tag {
        Some(tag) => json!({ "tag": tag }),
        None => json!({}),
    };
    ask(world, "list_functions", arguments).await
}

pub async fn function_docs(world: &mut McpWorld, name: &str) -> Result<()> {
    ask(world, "get_function_docs", json!({ "name": name })).await
}

pub async fn search(world: &mut McpWorld, query: &str) -> Result<()> {
    ask(world, "search_docs", json!({ "query": query })).await
}

pub async fn schema(world: &mut McpWorld, name: &str) -> Result<()> {
    ask(world, "get_schema", json!({ "name": name })).await
}

/// The last answer lists exactly the `expected` names (a comma-separated list), in any order:
/// the APIs or the functions.
pub fn expect_names(world: &McpWorld, what: &str, expected: &str) -> Result<()> {
    expect_same_names(what, names(&last_json(world)?), list(expected))
}

/// The listed API `name` has this title, number of functions and security schemes.
pub fn expect_api(
    world: &McpWorld,
    name: &str,
    title: &str,
    functions: u64,
    schemes: &str,
) -> Result<()> {
    let apis = last_json(world)?;
    let api = apis
        .as_array()
        .and_then(|apis| apis.iter().find(|api| api["name"] == name))
        .with_context(|| format!("no API {name:?} in {apis}"))?;
    ensure!(
        api["title"] == title && api["functions"] == functions,
        "the API {name} is not titled {title:?} with {functions} functions: {api}"
    );
    let listed = names(&api["security_schemes"]);
    expect_same_names("the security schemes", listed, list(schemes))
}

/// The documentation answered holds each non-blank line of `wanted` (trimmed) as a line.
pub fn expect_lines(world: &McpWorld, wanted: &str) -> Result<()> {
    let text = last_text(world)?;
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    for line in wanted.lines().map(str::trim).filter(|l| !l.is_empty()) {
        ensure!(
            lines.contains(&line),
            "the documentation lacks the line\n  {line}\nit reads:\n{text}"
        );
    }
    Ok(())
}

/// The documentation reads exactly `expected` (each line compared without its indentation).
pub fn expect_text(world: &McpWorld, expected: &str) -> Result<()> {
    let text = last_text(world)?;
    let lines = |text: &str| -> Vec<String> {
        text.trim()
            .lines()
            .map(|line| line.trim().to_owned())
            .collect()
    };
    ensure!(
        lines(&text) == lines(expected),
        "the documentation reads:\n{text}\nexpected:\n{expected}"
    );
    Ok(())
}

/// The bridge's handshake declared its tools and gave instructions that name `api`.
pub fn expect_introduction(world: &mut McpWorld, api: &str) -> Result<()> {
    let server = world.client()?.server()?;
    ensure!(
        server.capabilities.tools.is_some(),
        "the bridge does not declare the tools capability: {:?}",
        server.capabilities
    );
    let instructions = server.instructions.as_deref().unwrap_or_default();
    ensure!(
        instructions.contains(api),
        "the bridge's instructions do not name the API {api}: {instructions:?}"
    );
    Ok(())
}

/// The search found exactly these functions and schemas (comma-separated lists).
pub fn expect_found(world: &McpWorld, functions: &str, schemas: &str) -> Result<()> {
    let found = last_json(world)?;
    let functions_found = names(&found["functions"]);
    expect_same_names("the functions found", functions_found, list(functions))?;
    expect_same_names("the schemas found", names(&found["schemas"]), list(schemas))
}

/// The schema answered has exactly these properties and required ones (comma-separated).
pub fn expect_schema(world: &McpWorld, properties: &str, required: &str) -> Result<()> {
    let schema = last_json(world)?;
    let listed = schema["properties"]
        .as_object()
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    expect_same_names("the schema's properties", listed, list(properties))?;
    let requires = strings(&schema["required"]);
    expect_same_names("the schema's required properties", requires, list(required))
}

/// `actual` and `expected` hold the same names, in any order.
fn expect_same_names(what: &str, actual: Vec<String>, expected: Vec<String>) -> Result<()> {
    let sorted = |mut names: Vec<String>| {
        names.sort();
        Value::from(names)
    };
    expect_equal(what, &sorted(actual), &sorted(expected))
}

/// The names listed in an array of `{"name": …}` objects.
fn names(list: &Value) -> Vec<String> {
    list.as_array()
        .into_iter()
        .flatten()
        .filter_map(|item| item["name"].as_str().map(str::to_owned))
        .collect()
}

/// The strings of an array.
fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect()
}
