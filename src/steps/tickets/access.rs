//! Tokens opening sessions, listing and calling tools; refusals; what the API received and holds.

use cucumber::gherkin::Step;
use cucumber::{then, when};
use serde_json::json;

use super::{Phrase, column, columns, list};
use crate::steps::StepResult;
use crate::systems::tickets::actions::created_id;
use crate::systems::tickets::mcp::sample_arguments;
use crate::systems::tickets::tokens::Credential;
use crate::world::McpWorld;

fn role(who: &str) -> Credential {
    Credential::Known(who.to_owned())
}

#[when("each of these tokens lists its tickets:")]
async fn each_lists(world: &mut McpWorld, step: &Step) -> StepResult {
    for phrase in column(step) {
        let call = (
            "list_tickets".to_owned(),
            sample_arguments("list_tickets", None),
        );
        world
            .tickets
            .act(phrase.parse()?, false, &[call], world.timeout)
            .await?;
    }
    Ok(())
}

#[when(expr = "{word}'s token lists its tickets")]
async fn lists(world: &mut McpWorld, who: String) -> StepResult {
    let call = (
        "list_tickets".to_owned(),
        sample_arguments("list_tickets", None),
    );
    world
        .tickets
        .act(role(&who), false, &[call], world.timeout)
        .await
}

#[when("a client tries to open a session with each of these credentials:")]
async fn tries_each(world: &mut McpWorld, step: &Step) -> StepResult {
    for phrase in column(step) {
        world
            .tickets
            .try_initialize(phrase.parse()?, world.timeout)
            .await?;
    }
    Ok(())
}

#[when("alice's token opens a session by hand")]
async fn session_by_hand(world: &mut McpWorld) -> StepResult {
    world.tickets.session_by_hand(world.timeout).await
}

#[when("the FastMCP client holding the document's token lists the tools and lists the tickets")]
async fn fastmcp_client(world: &mut McpWorld) -> StepResult {
    world
        .tickets
        .run_client_script("document", world.timeout)
        .await
}

#[when("each of these tokens lists the tools and calls the tool it lacks:")]
async fn each_lacking(world: &mut McpWorld, step: &Step) -> StepResult {
    for row in columns(step) {
        let call = (row[1].clone(), sample_arguments(&row[1], None));
        world
            .tickets
            .act(row[0].parse()?, true, &[call], world.timeout)
            .await?;
    }
    Ok(())
}

#[when("the document's token calls each tool in turn:")]
async fn calls_each(world: &mut McpWorld, step: &Step) -> StepResult {
    world.tickets.call_each(&column(step), world.timeout).await
}

#[when(expr = "{word}'s token creates the ticket {string}")]
async fn creates(world: &mut McpWorld, who: String, title: String) -> StepResult {
    let arguments = json!({"title": title, "description": title, "category": "general"});
    let call = ("create_ticket".to_owned(), arguments);
    world
        .tickets
        .act(role(&who), false, &[call], world.timeout)
        .await
}

#[when(expr = "{word}'s token lists page {int} of its tickets, {int} per page")]
async fn lists_page(world: &mut McpWorld, who: String, page: u32, size: u32) -> StepResult {
    let call = (
        "list_tickets".to_owned(),
        json!({"page": page, "page_size": size}),
    );
    world
        .tickets
        .act(role(&who), false, &[call], world.timeout)
        .await
}

#[then(expr = "the page holds only the ticket {string}, of {int} tickets in all")]
async fn page_holds(world: &mut McpWorld, title: String, total: u64) -> StepResult {
    world.tickets.expect_titles(&[&title])?;
    world.tickets.expect_total(total)
}

#[when("a request reaches the ticket API without the caller's identity")]
async fn api_without_identity(world: &mut McpWorld) -> StepResult {
    let answer = world.tickets.system()?.ask_api("", None, None).await?;
    world.tickets.api_answer = Some(answer);
    Ok(())
}

#[then("the ticket API refuses it with HTTP status 401, naming the headers it needs")]
async fn api_refuses(world: &mut McpWorld) -> StepResult {
    world.tickets.expect_identity_required()
}

#[when(expr = "{word}'s user creates the ticket {string} at the ticket API without a category")]
async fn api_creates(world: &mut McpWorld, who: String, title: String) -> StepResult {
    let body = json!({"title": title, "description": title});
    let system = world.tickets.system()?;
    let answer = system.ask_api("/ai-create", Some(&who), Some(body)).await?;
    world.tickets.api_answer = Some(answer);
    Ok(())
}

#[then(
    expr = "the ticket API files it under {string}, created by {word} in that user's organization"
)]
async fn api_filed(world: &mut McpWorld, category: String, who: String) -> StepResult {
    world.tickets.expect_api_created(&category, &who)
}

#[then("each answer is a ticket list")]
async fn ticket_lists(world: &mut McpWorld) -> StepResult {
    world.tickets.expect_ticket_lists()
}

#[then("the ticket API received one request per token, each as that token's user and organization")]
async fn one_per_token(world: &mut McpWorld) -> StepResult {
    world.tickets.expect_one_request_per_token().await
}

#[then("the MCP server's log names each of those users in a tool call line")]
async fn tool_call_lines(world: &mut McpWorld) -> StepResult {
    world.tickets.expect_tool_call_lines()
}

#[then(expr = "each attempt is refused with HTTP status {int} and a Bearer challenge")]
async fn refused(world: &mut McpWorld, status: u16) -> StepResult {
    world.tickets.expect_refused_with_challenge(status)
}

#[then("each refusal says why, in its answer and in the MCP server's log:")]
async fn refusal_reasons(world: &mut McpWorld, step: &Step) -> StepResult {
    world.tickets.expect_refusal_reasons(&columns(step))
}

#[then("the ticket API received nothing")]
async fn api_nothing(world: &mut McpWorld) -> StepResult {
    world.tickets.expect_api_received_nothing().await
}

#[then(expr = "the MCP server's log shows at least {int} authentication failures")]
async fn auth_failures(world: &mut McpWorld, count: usize) -> StepResult {
    let line = crate::systems::tickets::logs::pattern(r"auth(entication)? (failed|error)")?;
    world
        .tickets
        .system()?
        .expect_log_lines("mcp-server", &line, count)
}

#[then("the session answers alice's token")]
async fn session_serves(world: &mut McpWorld) -> StepResult {
    world.tickets.expect_session_answer("alice's token", true)
}

#[then("the session refuses bob's token with a client error")]
async fn session_refuses(world: &mut McpWorld) -> StepResult {
    world.tickets.expect_session_answer("bob's token", false)
}

#[then(regex = r"^the FastMCP client saw the tools (.+)$")]
async fn client_tools(world: &mut McpWorld, tools: String) -> StepResult {
    world.tickets.expect_client_tools(&list(&tools))
}

#[then("its call answered a ticket list")]
async fn client_call(world: &mut McpWorld) -> StepResult {
    world.tickets.expect_client_call()
}

#[then("no token listed the tool it lacks, and each listed the other three")]
async fn lacking_unlisted(world: &mut McpWorld) -> StepResult {
    world.tickets.expect_lacking_tools_unlisted()
}

#[then("every such call was refused")]
async fn calls_refused(world: &mut McpWorld) -> StepResult {
    world.tickets.expect_calls_refused()
}

#[then(expr = "every such call was a JSON-RPC error with code {int}")]
async fn error_code(world: &mut McpWorld, code: i32) -> StepResult {
    world.tickets.expect_error_code(code)
}

#[then("every call succeeded")]
async fn all_succeeded(world: &mut McpWorld) -> StepResult {
    world.tickets.expect_all_succeeded()
}

#[then(
    "the ticket API received exactly these requests, each as the document's user and organization:"
)]
async fn exactly_these(world: &mut McpWorld, step: &Step) -> StepResult {
    world
        .tickets
        .expect_requests(&column(step), "document")
        .await
}

#[then(
    "the API holds the created ticket, with the document's user as creator, in its organization"
)]
async fn holds_created(world: &mut McpWorld) -> StepResult {
    world.tickets.expect_created_row("document").await
}

#[then(expr = "{word}'s token lists only the ticket {string}")]
async fn lists_only(world: &mut McpWorld, who: String, title: String) -> StepResult {
    lists(world, who).await?;
    world.tickets.expect_titles(&[&title])
}

#[then(expr = "{credential} searching for {string} finds nothing")]
async fn finds_nothing(world: &mut McpWorld, who: Phrase, query: String) -> StepResult {
    let call = ("search_tickets".to_owned(), json!({"query": query}));
    world
        .tickets
        .act(who.0, false, &[call], world.timeout)
        .await?;
    world.tickets.expect_titles(&[])
}

#[then(expr = "bob's token fetching alice's ticket gets the documented error with status {int}")]
async fn fetch_other(world: &mut McpWorld, status: u16) -> StepResult {
    let alice = world
        .tickets
        .seen
        .iter()
        .find(|s| s.credential == role("alice"));
    let id = alice.and_then(|s| s.calls.iter().find_map(|(_, a)| created_id(a)));
    let call = (
        "get_ticket".to_owned(),
        sample_arguments("get_ticket", id.as_deref()),
    );
    world
        .tickets
        .act(role("bob"), false, &[call], world.timeout)
        .await?;
    world.tickets.expect_documented_error(status)
}

#[then(expr = "the API holds {int} tickets, each created by its user in that user's organization")]
async fn holds_tickets(world: &mut McpWorld, count: usize) -> StepResult {
    world.tickets.expect_rows_of_their_users(count).await
}

#[then(expr = "the answer is the documented error with status {int}")]
async fn documented_error(world: &mut McpWorld, status: u16) -> StepResult {
    world.tickets.expect_documented_error(status)
}
