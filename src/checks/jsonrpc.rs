//! Checks on raw JSON-RPC exchanges: error codes with the right id, ids echoed exactly, every
//! request answered once, silence where no answer is due, nothing but messages on stdout.

use std::collections::HashMap;

use anyhow::{Result, bail, ensure};
use serde_json::Value;

use crate::checks::expect;
use crate::mcp::jsonrpc::{Reply, pretty};
use crate::mcp::raw::Received;
use crate::world::Outcome;

/// The id an error response must carry: `a null id` (the request could not be read) or
/// `id N`.
#[derive(Debug, Clone, PartialEq, cucumber::Parameter)]
#[param(name = "expected_id", regex = r"a null id|id -?\d+")]
pub struct ExpectedId(pub Value);

impl std::str::FromStr for ExpectedId {
    type Err = String;

    fn from_str(words: &str) -> Result<Self, Self::Err> {
        match words.strip_prefix("id ") {
            None if words == "a null id" => Ok(Self(Value::Null)),
            Some(number) => number
                .parse::<i64>()
                .map(|id| Self(Value::from(id)))
                .map_err(|_| format!("not an id: {number}")),
            None => Err(format!(
                "expected \"a null id\" or \"id N\", got \"{words}\""
            )),
        }
    }
}

/// The reply is the error `code`, and the response object carries the expected id.
pub fn error_with_id(
    request: &str,
    reply: &Reply,
    response: &Value,
    code: i64,
    id: &ExpectedId,
) -> Result<()> {
    expect::error_code(request, reply, code)?;
    well_formed_error(request, response)?;
    let expected = &id.0;
    ensure!(
        response.get("id") == Some(expected),
        "{request}: the error should carry id {expected}, got {response}"
    );
    Ok(())
}

/// The error response is JSON-RPC 2.0: it says `"jsonrpc": "2.0"`, and its error object has an
/// integer code and a string message (the message may be empty).
pub fn well_formed_error(request: &str, response: &Value) -> Result<()> {
    let error = response.get("error").unwrap_or(&Value::Null);
    let mut problems = Vec::new();
    if response.get("jsonrpc") != Some(&Value::from("2.0")) {
        problems.push("the response does not say \"jsonrpc\": \"2.0\"");
    }
    if !error.get("code").is_some_and(|c| c.is_i64() || c.is_u64()) {
        problems.push("the error's code is not an integer");
    }
    if !error.get("message").is_some_and(Value::is_string) {
        problems.push("the error has no string message");
    }
    ensure!(
        problems.is_empty(),
        "{request}: {}: {response}",
        problems.join("; ")
    );
    Ok(())
}

/// The response carries exactly the id that was sent, of the same JSON type.
pub fn echoes_id(response: &Value, sent: &Value) -> Result<()> {
    let actual = response.get("id").cloned().unwrap_or(Value::Null);
    ensure!(
        &actual == sent,
        "sent id {sent}, the response carries id {actual}: {response}"
    );
    Ok(())
}

/// Each of the `count` requests of the batch just sent got exactly one response, and no
/// response carries an id that was never sent.
pub fn batch_answered_once(last: Option<&Outcome>, count: usize) -> Result<()> {
    match last {
        Some(Outcome::Batch { ids, responses }) => each_answered_once(ids, responses, count),
        _ => bail!("no batch of requests was sent"),
    }
}

/// Each of the `count` requests sent with `ids` got exactly one response, and no response
/// carries an id that was never sent.
pub fn each_answered_once(ids: &[Value], responses: &[Value], count: usize) -> Result<()> {
    ensure!(
        ids.len() == count,
        "{} requests were sent, not {count}",
        ids.len()
    );
    let mut answers: HashMap<String, usize> = HashMap::new();
    for response in responses {
        *answers
            .entry(response.get("id").map(Value::to_string).unwrap_or_default())
            .or_default() += 1;
    }
    let sent: Vec<String> = ids.iter().map(Value::to_string).collect();
    let missing: Vec<&String> = sent
        .iter()
        .filter(|id| !answers.contains_key(*id))
        .collect();
    let repeated: Vec<&String> = answers
        .iter()
        .filter(|(_, n)| **n > 1)
        .map(|(id, _)| id)
        .collect();
    let foreign: Vec<&String> = answers.keys().filter(|id| !sent.contains(id)).collect();
    ensure!(
        missing.is_empty() && repeated.is_empty() && foreign.is_empty(),
        "{} responses to {count} pings; unanswered ids: {missing:?}; answered twice: {repeated:?}; ids never sent: {foreign:?}",
        responses.len()
    );
    Ok(())
}

/// Nothing but notifications arrived while the client listened.
pub fn nothing_heard(heard: Option<Received>) -> Result<()> {
    match heard {
        None => Ok(()),
        Some(unexpected) => bail!("expected no answer, the server sent: {unexpected:?}"),
    }
}

/// No response arrived to the cancelled request `id`.
pub fn unanswered(id: &Value, response: Option<Value>) -> Result<()> {
    match response {
        None => Ok(()),
        Some(response) => bail!(
            "the server answered the cancelled request {id}:\n{}",
            pretty(&response)
        ),
    }
}

/// The server wrote nothing on stdout but JSON-RPC messages.
pub fn no_stray_output(stray: &[String]) -> Result<()> {
    ensure!(
        stray.is_empty(),
        "the server wrote {} line(s) on stdout that are not JSON-RPC messages:\n{}",
        stray.len(),
        stray.join("\n")
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn expected_ids_are_null_or_integers() {
        assert_eq!("a null id".parse(), Ok(ExpectedId(Value::Null)));
        assert_eq!("id -4".parse(), Ok(ExpectedId(json!(-4))));
        assert!("id x".parse::<ExpectedId>().is_err());
    }

    #[test]
    fn an_error_needs_jsonrpc_an_integer_code_and_a_message() {
        let good = json!({"jsonrpc": "2.0", "id": 1, "error": {"code": -32601, "message": ""}});
        assert!(well_formed_error("x", &good).is_ok());
        for bad in [
            json!({"id": 1, "error": {"code": -32601, "message": "m"}}),
            json!({"jsonrpc": "2.0", "id": 1, "error": {"code": -32601.5, "message": "m"}}),
            json!({"jsonrpc": "2.0", "id": 1, "error": {"code": -32601}}),
        ] {
            assert!(well_formed_error("x", &bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn every_ping_needs_exactly_one_answer() {
        let ids = [json!(1), json!("p-1")];
        let both = [json!({"id": 1}), json!({"id": "p-1"})];
        assert!(each_answered_once(&ids, &both, 2).is_ok());
        let twice = [json!({"id": 1}), json!({"id": 1})];
        assert!(each_answered_once(&ids, &twice, 2).is_err());
        let retyped = [json!({"id": 1}), json!({"id": 1}), json!({"id": "1"})];
        assert!(each_answered_once(&ids, &retyped, 2).is_err());
    }
}
