//! The bridge's documentation tools: list_apis, list_functions, get_function_docs,
//! search_docs, get_schema.

use cucumber::gherkin::Step;
use cucumber::{then, when};

use crate::steps::StepResult;
use crate::steps::common::docstring;
use crate::systems::openapi_bridge::docs;
use crate::world::McpWorld;

#[when("the client lists the APIs")]
async fn list_apis(world: &mut McpWorld) -> StepResult {
    docs::list_apis(world).await
}

#[when("the client lists the functions")]
async fn list_functions(world: &mut McpWorld) -> StepResult {
    docs::list_functions(world, None).await
}

#[when(expr = "the client lists the functions tagged {string}")]
async fn list_functions_tagged(world: &mut McpWorld, tag: String) -> StepResult {
    docs::list_functions(world, Some(&tag)).await
}

#[when(expr = "the client asks for the documentation of {string}")]
async fn function_docs(world: &mut McpWorld, name: String) -> StepResult {
    docs::function_docs(world, &name).await
}

#[when(expr = "the client searches the documentation for {string}")]
async fn search_docs(world: &mut McpWorld, query: String) -> StepResult {
    docs::search(world, &query).await
}

#[when(expr = "the client asks for the schema {string}")]
async fn schema(world: &mut McpWorld, name: String) -> StepResult {
    docs::schema(world, &name).await
}

#[then(expr = "the APIs are exactly {string}")]
async fn apis_exactly(world: &mut McpWorld, expected: String) -> StepResult {
    docs::expect_names(world, "the APIs' names", &expected)
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
    docs::expect_api(world, &name, &title, functions, &schemes)
}

#[then(expr = "the functions are exactly {string}")]
async fn functions_exactly(world: &mut McpWorld, expected: String) -> StepResult {
    docs::expect_names(world, "the functions", &expected)
}

#[then("the documentation reads:")]
async fn docs_read(world: &mut McpWorld, step: &Step) -> StepResult {
    docs::expect_text(world, docstring(step)?)
}

#[then(
    expr = "the bridge introduces itself with the tools capability and instructions naming the API {string}"
)]
async fn introduction(world: &mut McpWorld, api: String) -> StepResult {
    docs::expect_introduction(world, &api)
}

#[then("the documentation contains the lines:")]
async fn docs_contain(world: &mut McpWorld, step: &Step) -> StepResult {
    docs::expect_lines(world, docstring(step)?)
}

#[then(expr = "the search finds exactly the functions {string} and the schemas {string}")]
async fn search_finds(world: &mut McpWorld, functions: String, schemas: String) -> StepResult {
    docs::expect_found(world, &functions, &schemas)
}

#[then(expr = "the schema has exactly the properties {string} and requires {string}")]
async fn schema_shape(world: &mut McpWorld, properties: String, required: String) -> StepResult {
    docs::expect_schema(world, &properties, &required)
}
