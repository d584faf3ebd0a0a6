//! Newline-delimited JSON-RPC over a child's stdin/stdout. Two small pump tasks move bytes; every
//! line is logged (and traced), and lines that are not JSON-RPC messages are recorded as stray
//! output, so both the rmcp session and the raw channel see the same ground truth.

use anyhow::Result;
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::process::{ChildStdin, ChildStdout};
use tokio::sync::mpsc;

use crate::mcp::link::FrameLog;

/// The suite's end of a stdio connection.
pub struct StdioPipes {
    /// Bytes to write to the server, as-is. Dropping it closes the server's stdin.
    pub to_server: mpsc::UnboundedSender<String>,
    /// Every line the server writes on stdout.
    pub from_server: mpsc::UnboundedReceiver<String>,
}

pub fn pump(stdin: ChildStdin, stdout: ChildStdout, frames: FrameLog) -> StdioPipes {
    let (to_server, mut outgoing) = mpsc::unbounded_channel::<String>();
    let (incoming, from_server) = mpsc::unbounded_channel::<String>();

    let log = frames.clone();
    tokio::spawn(async move {
        let mut stdin = stdin;
        while let Some(chunk) = outgoing.recv().await {
            log.record(true, &chunk);
            if stdin.write_all(chunk.as_bytes()).await.is_err() || stdin.flush().await.is_err() {
                break;
            }
        }
        // Channel closed: dropping stdin tells the server we are done.
    });

    tokio::spawn(async move {
        let mut lines = BufReader::new(stdout).lines();
        while let Ok(Some(line)) = lines.next_line().await {
            frames.record(false, &line);
            if !is_jsonrpc_message(&line) {
                frames.record_stray_output(&line);
            }
            if incoming.send(line).is_err() {
                break;
            }
        }
    });

    StdioPipes {
        to_server,
        from_server,
    }
}

/// A JSON object (or batch array of objects) carrying `"jsonrpc": "2.0"`.
pub fn is_jsonrpc_message(line: &str) -> bool {
    let is_message = |v: &Value| v.get("jsonrpc").and_then(Value::as_str) == Some("2.0");
    match serde_json::from_str::<Value>(line) {
        Ok(Value::Array(items)) => !items.is_empty() && items.iter().all(is_message),
        Ok(value) => is_message(&value),
        Err(_) => false,
    }
}

impl StdioPipes {
    /// Writes one frame, adding the newline delimiter if the frame lacks it.
    pub fn send_line(&self, frame: &str) -> Result<()> {
        let mut chunk = frame.to_owned();
        if !chunk.ends_with('\n') {
            chunk.push('\n');
        }
        self.send_raw(chunk)
    }

    pub fn send_raw(&self, chunk: String) -> Result<()> {
        self.to_server
            .send(chunk)
            .map_err(|_| anyhow::anyhow!("the server's stdin is closed"))
    }
}
