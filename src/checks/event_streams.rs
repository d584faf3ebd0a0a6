//! Checks over the SSE streams of one streamable HTTP session (see
//! [`crate::mcp::raw::EventStream`]): what the GET stream may carry, event ids across streams,
//! what a resumed stream replays, and how a request's stream begins and ends.

use std::collections::HashMap;
use std::time::Duration;

use anyhow::{Result, bail, ensure};
use serde_json::Value;

use crate::harness::skip::skip_scenario;
use crate::mcp::jsonrpc;
use crate::mcp::link::shorten;
use crate::mcp::raw::{EventStream, StreamEnd};

/// The streams the POSTs of tool calls were answered with, in order; a server that answered
/// them as JSON has none, and the scenario is skipped (there is no stream to check).
pub fn tool_call_streams(streams: &[EventStream], server: &str) -> Vec<EventStream> {
    let calls: Vec<EventStream> = streams
        .iter()
        .filter(|s| s.opened_by.starts_with("the POST of tools/call"))
        .cloned()
        .collect();
    if calls.is_empty() {
        skip_scenario(format!(
            "server '{server}' answered the tool calls as JSON, not as event streams"
        ));
    }
    calls
}

/// No stream opened with GET (other than one resuming a request's stream) carried a JSON-RPC
/// response: responses belong on the stream of their request.
pub fn no_response_on_get_stream(streams: &[EventStream]) -> Result<()> {
    let get_streams: Vec<&EventStream> = streams
        .iter()
        .filter(|s| s.is_get() && s.resumes_after.is_none())
        .collect();
    ensure!(
        !get_streams.is_empty(),
        "no GET stream was open to check (the listening step opens one)"
    );
    for stream in get_streams {
        if let Some(response) = stream.messages().iter().find(|m| is_response(m)) {
            bail!(
                "{} carried a JSON-RPC response, which belongs on the stream of the POST that \
                 sent its request: {}",
                stream.opened_by,
                shorten(&response.to_string(), 300)
            );
        }
    }
    Ok(())
}

/// No event id was used on two streams of the session (a resumed stream repeats the ids of
/// the stream it resumes, so it is left out). Skips when the server sent no event ids.
pub fn event_ids_unique_across_streams(streams: &[EventStream], server: &str) -> Result<()> {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    let mut repeated = Vec::new();
    for stream in streams.iter().filter(|s| s.resumes_after.is_none()) {
        for id in stream.events.iter().filter_map(|e| e.id.as_deref()) {
            match seen.get(id) {
                Some(first) if *first != stream.opened_by => {
                    repeated.push(format!("\"{id}\" on {first} and on {}", stream.opened_by))
                }
                Some(_) => {}
                None => drop(seen.insert(id, &stream.opened_by)),
            }
        }
    }
    if seen.is_empty() {
        skip_scenario(format!(
            "server '{server}' sent no SSE event ids: there is nothing to compare"
        ));
    }
    ensure!(
        repeated.is_empty(),
        "event ids must be unique across all streams of a session; repeated: {}\nthe streams:\n{}",
        repeated.join("; "),
        describe(streams)
    );
    Ok(())
}

/// A resumed stream replays nothing that another stream carried: no event id and no response
/// of a stream other than the one it resumes.
pub fn resumed_stream_replays_only_its_own(streams: &[EventStream]) -> Result<()> {
    let resumed: Vec<&EventStream> = streams
        .iter()
        .filter(|s| s.resumes_after.is_some())
        .collect();
    ensure!(
        !resumed.is_empty(),
        "no stream was resumed (the resuming step opens one)"
    );
    for stream in resumed {
        let after = stream.resumes_after.as_deref().unwrap_or_default();
        let originals: Vec<&EventStream> = streams
            .iter()
            .filter(|s| s.resumes_after.is_none())
            .collect();
        let Some(origin) = originals
            .iter()
            .find(|s| s.events.iter().any(|e| e.id.as_deref() == Some(after)))
        else {
            bail!(
                "no stream carried the event {after} that {} resumes",
                stream.opened_by
            );
        };
        for other in originals.iter().filter(|s| s.opened_by != origin.opened_by) {
            let foreign_ids: Vec<&str> = other
                .events
                .iter()
                .filter_map(|e| e.id.as_deref())
                .collect();
            let foreign_responses: Vec<Value> =
                other.messages().into_iter().filter(is_response).collect();
            for event in &stream.events {
                let replayed_id = event
                    .id
                    .as_deref()
                    .is_some_and(|id| foreign_ids.contains(&id));
                let replayed_response = event
                    .message()
                    .is_some_and(|m| foreign_responses.contains(&m));
                ensure!(
                    !replayed_id && !replayed_response,
                    "{} (resuming {}) replayed what {} carried: id {:?}, data {}\nthe streams:\n{}",
                    stream.opened_by,
                    origin.opened_by,
                    other.opened_by,
                    event.id,
                    shorten(&event.data, 300),
                    describe(streams)
                );
            }
        }
    }
    Ok(())
}

/// The id of the first event of `stream` (where a resumption starts); skips when the server
/// gives its events no ids (it does not support resuming).
pub fn first_event_id(stream: &EventStream, server: &str) -> String {
    match stream.events.iter().find_map(|e| e.id.clone()) {
        Some(id) => id,
        None => skip_scenario(format!(
            "server '{server}' gave the events of {} no ids: it does not support resuming",
            stream.opened_by
        )),
    }
}

/// The request's stream ended within `grace` of its response (checked once the stream is
/// complete or the grace is over).
pub fn ended_after_response(stream: &EventStream, grace: Duration) -> Result<()> {
    let Some(answered) = stream
        .events
        .iter()
        .find(|e| e.message().as_ref().is_some_and(is_response))
    else {
        bail!("{} carried no response", stream.opened_by);
    };
    match &stream.ended {
        Some(StreamEnd::Closed(at)) => {
            let after = at.saturating_duration_since(answered.at);
            ensure!(
                after <= grace,
                "{} ended {} ms after its response; it should end once the response is sent",
                stream.opened_by,
                after.as_millis()
            );
            Ok(())
        }
        Some(StreamEnd::Broke(why)) => bail!("{} broke instead of ending: {why}", stream.opened_by),
        None => bail!(
            "{} was still open {} ms after its response; it should end once the response is sent",
            stream.opened_by,
            grace.as_millis()
        ),
    }
}

/// The stream's first event primes reconnection: an event id and empty data.
pub fn starts_with_priming_event(stream: &EventStream) -> Result<()> {
    let Some(first) = stream.events.first() else {
        bail!("{} carried no event", stream.opened_by);
    };
    ensure!(
        first.id.is_some() && first.data.trim().is_empty(),
        "the first event of {} should be an event id with empty data (so the client can \
         reconnect), got id {:?} and data {}",
        stream.opened_by,
        first.id,
        shorten(&first.data, 200)
    );
    Ok(())
}

/// Each stream with its events (id and the start of the data), for a failure's evidence.
fn describe(streams: &[EventStream]) -> String {
    let mut lines = Vec::new();
    for stream in streams {
        lines.push(format!("  {}:", stream.opened_by));
        for event in &stream.events {
            let id = event.id.as_deref().unwrap_or("(no id)");
            lines.push(format!("    id {id}: {}", shorten(&event.data, 120)));
        }
    }
    lines.join("\n")
}

fn is_response(message: &Value) -> bool {
    message.get("method").is_none() && jsonrpc::reply_of(message).is_some()
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;
    use crate::mcp::raw::SseEvent;

    fn event(id: &str, data: &str) -> SseEvent {
        SseEvent {
            id: (!id.is_empty()).then(|| id.to_owned()),
            data: data.to_owned(),
            retry: None,
            at: Instant::now(),
        }
    }

    fn stream(opened_by: &str, resumes: Option<&str>, events: Vec<SseEvent>) -> EventStream {
        EventStream {
            opened_by: opened_by.to_owned(),
            resumes_after: resumes.map(str::to_owned),
            events,
            ended: Some(StreamEnd::Closed(Instant::now())),
        }
    }

    const RESPONSE_7: &str = r#"{"jsonrpc":"2.0","id":7,"result":{}}"#;
    const RESPONSE_8: &str = r#"{"jsonrpc":"2.0","id":8,"result":{}}"#;
    const NOTE: &str = r#"{"jsonrpc":"2.0","method":"notifications/tools/list_changed"}"#;

    #[test]
    fn a_response_on_the_get_stream_fails() {
        let good = [stream("the GET stream", None, vec![event("1", NOTE)])];
        no_response_on_get_stream(&good).unwrap();
        let bad = [stream("the GET stream", None, vec![event("1", RESPONSE_7)])];
        let error = no_response_on_get_stream(&bad).unwrap_err().to_string();
        assert!(
            error.contains("the GET stream carried a JSON-RPC response"),
            "{error}"
        );
    }

    #[test]
    fn an_id_on_two_streams_fails() {
        let a = stream(
            "the POST of tools/call (id 7)",
            None,
            vec![event("0", ""), event("1", RESPONSE_7)],
        );
        let b = stream(
            "the POST of tools/call (id 8)",
            None,
            vec![event("0", ""), event("2", RESPONSE_8)],
        );
        let error = event_ids_unique_across_streams(&[a.clone(), b], "x")
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("\"0\" on the POST of tools/call (id 7)"),
            "{error}"
        );
        let c = stream(
            "the POST of tools/call (id 8)",
            None,
            vec![event("3", RESPONSE_8)],
        );
        event_ids_unique_across_streams(&[a, c], "x").unwrap();
    }

    #[test]
    fn replaying_another_streams_response_fails() {
        let a = stream("A", None, vec![event("a0", ""), event("a1", RESPONSE_7)]);
        let b = stream("B", None, vec![event("b0", ""), event("b1", RESPONSE_8)]);
        let fair = stream(
            "the GET resuming",
            Some("a0"),
            vec![event("a1", RESPONSE_7)],
        );
        resumed_stream_replays_only_its_own(&[a.clone(), b.clone(), fair]).unwrap();
        let unfair = stream(
            "the GET resuming",
            Some("a0"),
            vec![event("b1", RESPONSE_8)],
        );
        let error = resumed_stream_replays_only_its_own(&[a, b, unfair])
            .unwrap_err()
            .to_string();
        assert!(error.contains("replayed what B carried"), "{error}");
    }

    #[test]
    fn a_stream_left_open_after_its_response_fails() {
        let mut open = stream("A", None, vec![event("", RESPONSE_7)]);
        ended_after_response(&open, Duration::from_secs(1)).unwrap();
        open.ended = None;
        assert!(ended_after_response(&open, Duration::from_secs(1)).is_err());
    }

    #[test]
    fn a_stream_without_a_priming_event_fails() {
        starts_with_priming_event(&stream(
            "A",
            None,
            vec![event("0", ""), event("1", RESPONSE_7)],
        ))
        .unwrap();
        assert!(
            starts_with_priming_event(&stream("A", None, vec![event("1", RESPONSE_7)])).is_err()
        );
    }
}
