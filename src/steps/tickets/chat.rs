//! Users chatting with the ticket agent, and what its answers show.

use cucumber::{then, when};

use super::{Phrase, list};
use crate::steps::StepResult;
use crate::systems::tickets::chat::DOCUMENT_THREAD;
use crate::systems::tickets::tokens::Credential;
use crate::world::McpWorld;

fn document() -> Credential {
    Credential::Known("document".into())
}

#[when(expr = "the document's user asks in the document's thread {string}")]
async fn document_asks(world: &mut McpWorld, content: String) -> StepResult {
    let thread = Some(DOCUMENT_THREAD);
    world
        .tickets
        .say(document(), thread, &content, world.timeout)
        .await
}

#[when("the document's user asks in the document's thread to see the ticket it created")]
async fn document_asks_for_created(world: &mut McpWorld) -> StepResult {
    let id = world.tickets.system()?.newest_id().await?;
    document_asks(world, format!("show ticket {id}")).await
}

#[when(expr = "the document's user asks {int} times in the document's thread {string}")]
async fn document_asks_times(world: &mut McpWorld, times: usize, content: String) -> StepResult {
    world.tickets.chat.clear();
    for _ in 0..times {
        let thread = Some(DOCUMENT_THREAD);
        world
            .tickets
            .say(document(), thread, &content, world.timeout)
            .await?;
    }
    Ok(())
}

#[when(expr = "{credential} asks in the document's thread {string}")]
async fn asks_document_thread(world: &mut McpWorld, who: Phrase, content: String) -> StepResult {
    let thread = Some(DOCUMENT_THREAD);
    world
        .tickets
        .say(who.0, thread, &content, world.timeout)
        .await
}

#[when(expr = "{credential} asks in its own thread {string}")]
async fn asks_own_thread(world: &mut McpWorld, who: Phrase, content: String) -> StepResult {
    world
        .tickets
        .say(who.0, None, &content, world.timeout)
        .await
}

#[when(expr = "alice and bob each ask {int} times at once {string}")]
async fn at_once(world: &mut McpWorld, times: usize, content: String) -> StepResult {
    let limit = world.timeout * 2;
    world
        .tickets
        .say_at_once(&["alice", "bob"], times, &content, limit)
        .await
}

#[then(expr = "the chat answers with HTTP status {int}")]
async fn chat_status(world: &mut McpWorld, status: u16) -> StepResult {
    world.tickets.expect_chat_status(status)
}

#[then(regex = r"^the answer names exactly the tools (.+)$")]
async fn names_exactly(world: &mut McpWorld, tools: String) -> StepResult {
    world.tickets.expect_names_exactly(&list(&tools))
}

#[then("the answer's confidence is above 0, it used tools, and needs no escalation")]
async fn confident(world: &mut McpWorld) -> StepResult {
    world.tickets.expect_confident_without_escalation()
}

#[then(expr = "the answer's confidence is {float}")]
async fn confidence(world: &mut McpWorld, expected: f64) -> StepResult {
    world.tickets.expect_confidence(expected)
}

#[then("the answer needs escalation, with confidence 0")]
async fn escalation(world: &mut McpWorld) -> StepResult {
    world.tickets.expect_escalation()
}

#[then("the chat's log shows an MCP client created for the document's user")]
async fn client_created(world: &mut McpWorld) -> StepResult {
    let system = world.tickets.system()?;
    let user = regex::escape(&system.tokens.holder("document")?.user_id);
    let line =
        crate::systems::tickets::logs::pattern(&format!("MCP client created for user {user}"))?;
    system.expect_log_lines("chat", &line, 1)
}

#[then(expr = "the answer used {word} and contains the words {string}")]
async fn used(world: &mut McpWorld, tool: String, words: String) -> StepResult {
    world.tickets.expect_used(&tool, &list(&words))
}

#[then(
    "the answer contains the id of the ticket the API now holds, created by the document's user in its organization"
)]
async fn answer_holds_created(world: &mut McpWorld) -> StepResult {
    world.tickets.expect_answer_holds_created("document").await
}

#[then(expr = "the answer names the title {string}")]
async fn names_title(world: &mut McpWorld, title: String) -> StepResult {
    world.tickets.expect_answer_names(&title)
}

#[then(expr = "the document's thread holds the {int} messages, each followed by its answer")]
async fn thread_holds(world: &mut McpWorld, count: usize) -> StepResult {
    world.tickets.expect_thread(count).await
}

#[then("every answer has HTTP status 200 and contains a ticket id")]
async fn all_created(world: &mut McpWorld) -> StepResult {
    world.tickets.expect_all_created()
}

#[then("every answer has HTTP status 200")]
async fn all_ok(world: &mut McpWorld) -> StepResult {
    world.tickets.expect_all_ok()
}

#[then(expr = "the ticket API received {int} requests, each as the user whose message caused it")]
async fn requests_of_users(world: &mut McpWorld, count: usize) -> StepResult {
    world.tickets.expect_requests_of_their_users(count, 2).await
}
