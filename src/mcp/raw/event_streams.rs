//! Every SSE stream a streamable HTTP server answered on a raw channel, event by event, with
//! event ids, `retry` fields and how each stream ended. The messages themselves also go to the
//! channel as usual; this record is what the transport checks read (which stream carried
//! what, event ids across streams, whether a stream ended after its response).

use std::sync::{Arc, Mutex};
use std::time::Instant;

use serde_json::Value;

/// One SSE event as it came: a priming event has an id and no data.
#[derive(Debug, Clone)]
pub struct SseEvent {
    pub id: Option<String>,
    pub data: String,
    pub retry: Option<u64>,
    pub at: Instant,
}

impl SseEvent {
    /// The JSON-RPC message the event carries, if its data is one.
    pub fn message(&self) -> Option<Value> {
        serde_json::from_str(&self.data).ok()
    }
}

/// How a stream ended.
#[derive(Debug, Clone)]
pub enum StreamEnd {
    /// The server ended the body.
    Closed(Instant),
    /// The connection broke (the reason).
    Broke(String),
}

/// One SSE stream: what opened it and what came on it.
#[derive(Debug, Clone)]
pub struct EventStream {
    /// "the POST of tools/call (id 1003)", "the GET stream", "the GET resuming after 0/3".
    pub opened_by: String,
    /// For a stream that resumes another one: the `Last-Event-ID` it sent.
    pub resumes_after: Option<String>,
    pub events: Vec<SseEvent>,
    pub ended: Option<StreamEnd>,
}

impl EventStream {
    /// The JSON-RPC messages the stream carried, in order.
    pub fn messages(&self) -> Vec<Value> {
        self.events.iter().filter_map(SseEvent::message).collect()
    }

    pub fn is_get(&self) -> bool {
        self.opened_by.starts_with("the GET")
    }
}

/// The streams of one channel, shared with the tasks reading them.
#[derive(Debug, Default, Clone)]
pub struct EventStreams(Arc<Mutex<Vec<EventStream>>>);

impl EventStreams {
    /// Starts the record of a new stream; the reader appends to it through the recorder.
    pub fn open(&self, opened_by: String, resumes_after: Option<String>) -> StreamRecorder {
        let mut streams = self.0.lock().unwrap();
        streams.push(EventStream {
            opened_by,
            resumes_after,
            events: Vec::new(),
            ended: None,
        });
        StreamRecorder {
            streams: self.clone(),
            index: streams.len() - 1,
        }
    }

    /// What every stream carried so far.
    pub fn snapshot(&self) -> Vec<EventStream> {
        self.0.lock().unwrap().clone()
    }
}

/// Appends to one stream's record.
#[derive(Debug, Clone)]
pub struct StreamRecorder {
    streams: EventStreams,
    index: usize,
}

impl StreamRecorder {
    /// Records one event from its raw lines (`id:`, `data:`, `retry:`; comments ignored).
    pub fn event(&self, raw: &str) {
        let mut event = SseEvent {
            id: None,
            data: String::new(),
            retry: None,
            at: Instant::now(),
        };
        let mut data = Vec::new();
        for line in raw.lines() {
            let (field, value) = line.split_once(':').unwrap_or((line, ""));
            let value = value.strip_prefix(' ').unwrap_or(value);
            match field {
                "id" => event.id = Some(value.to_owned()),
                "data" => data.push(value),
                "retry" => event.retry = value.trim().parse().ok(),
                _ => {}
            }
        }
        event.data = data.join("\n");
        if event.id.is_none() && event.data.is_empty() && event.retry.is_none() {
            return; // a comment or keep-alive
        }
        self.update(|stream| stream.events.push(event));
    }

    pub fn ended(&self, end: StreamEnd) {
        self.update(|stream| stream.ended = Some(end));
    }

    fn update(&self, change: impl FnOnce(&mut EventStream)) {
        if let Some(stream) = self.streams.0.lock().unwrap().get_mut(self.index) {
            change(stream);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_keeps_its_id_data_and_retry() {
        let streams = EventStreams::default();
        let recorder = streams.open("the GET stream".into(), None);
        recorder.event("id: 0/1\nretry: 3000\ndata:");
        recorder.event(": keep-alive");
        recorder
            .event("id: 1/1\nevent: message\ndata: {\"jsonrpc\":\"2.0\",\ndata: \"method\":\"x\"}");
        let stream = &streams.snapshot()[0];
        assert_eq!(stream.events.len(), 2, "the comment is no event");
        assert_eq!(stream.events[0].id.as_deref(), Some("0/1"));
        assert_eq!(stream.events[0].retry, Some(3000));
        assert!(stream.events[0].data.is_empty());
        assert_eq!(stream.messages()[0]["method"], "x");
    }
}
