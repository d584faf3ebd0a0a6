//! Legacy SSE: opening a further event stream as a web page of another origin would (the
//! DNS-rebinding check of 2024-11-05 covers every connection).

use anyhow::{Result, bail};

use super::{HttpAnswer, RawChannel, Wire};
use crate::harness::timeouts::bounded;

impl RawChannel {
    /// A GET of the event stream's URL with `Origin: origin`; returns the answer's head (the
    /// stream, if any, is dropped unread).
    pub async fn open_sse_stream_from(&mut self, origin: &str) -> Result<HttpAnswer> {
        let Wire::Sse(sse) = &self.wire else {
            bail!("an event stream of the legacy SSE transport needs an SSE connection")
        };
        let mut request = reqwest::Client::new()
            .get(sse.stream_url.clone())
            .header("Accept", "text/event-stream")
            .header("Origin", origin);
        for (name, value) in &self.sse_headers {
            request = request.header(name, value.expose());
        }
        self.link
            .frames
            .record(true, &format!("GET (event stream) from Origin {origin}"));
        let response = bounded(self.timeout, "the GET response", request.send()).await??;
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        Ok(HttpAnswer {
            status: response.status().as_u16(),
            content_type,
            session_id: None,
            body: None,
            www_authenticate: None,
        })
    }
}
