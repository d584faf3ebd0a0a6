//! What the suite holds of one server connection besides the protocol client: the process it
//! started (if any), the recent frames both ways, and lines the server wrote on stdout that were
//! not JSON-RPC. Its `explain` turns any failure into a report with that evidence.

use std::collections::VecDeque;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::harness::child_process::ServerProcess;
use crate::mcp::trace;

const FRAMES_KEPT: usize = 12;
const FRAME_CHARS_SHOWN: usize = 600;
const STDERR_LINES_SHOWN: usize = 20;
const STDERR_FIRST_LINES_SHOWN: usize = 5;

/// Credentials a request carries in `_meta.auth` (its `"token"` and `"key"` values) are kept out
/// of traces and failure reports.
fn redact_meta_auth(frame: &str) -> std::borrow::Cow<'_, str> {
    static SECRET: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    if !(frame.contains("\"_meta\"") && frame.contains("\"auth\"")) {
        return std::borrow::Cow::Borrowed(frame);
    }
    SECRET
        .get_or_init(|| regex::Regex::new(r#""(token|key)"\s*:\s*"(?:[^"\\]|\\.)*""#).unwrap())
        .replace_all(frame, r#""$1":"<redacted>""#)
}

/// The last frames exchanged on a connection, for diagnostics.
#[derive(Clone, Default)]
pub struct FrameLog {
    label: Arc<str>,
    frames: Arc<Mutex<VecDeque<(bool, String)>>>,
    /// stdout lines that are not JSON-RPC messages (stdio only).
    stray_output: Arc<Mutex<Vec<String>>>,
}

impl FrameLog {
    pub fn new(label: &str) -> Self {
        Self {
            label: label.into(),
            ..Default::default()
        }
    }

    pub fn label(&self) -> &str {
        &self.label
    }

    pub fn record(&self, outgoing: bool, frame: &str) {
        let frame = redact_meta_auth(frame);
        trace::frame(&self.label, outgoing, &frame);
        let mut frames = self.frames.lock().unwrap();
        if frames.len() == FRAMES_KEPT {
            frames.pop_front();
        }
        frames.push_back((outgoing, frame.trim_end().to_owned()));
    }

    pub fn record_stray_output(&self, line: &str) {
        self.stray_output.lock().unwrap().push(line.to_owned());
    }

    pub fn stray_output(&self) -> Vec<String> {
        self.stray_output.lock().unwrap().clone()
    }

    /// The frames kept so far, oldest first: (sent by the client, text).
    pub fn frames(&self) -> Vec<(bool, String)> {
        self.frames.lock().unwrap().iter().cloned().collect()
    }

    fn render(&self) -> String {
        let frames = self.frames.lock().unwrap();
        frames
            .iter()
            .map(|(outgoing, text)| {
                let arrow = if *outgoing { "-->" } else { "<--" };
                format!("  {arrow} {}", shorten(text, FRAME_CHARS_SHOWN))
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// A connection's evidence: the process (when the suite started it) and the frame log.
pub struct Link {
    pub process: Option<ServerProcess>,
    pub frames: FrameLog,
}

impl std::fmt::Debug for Link {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.process {
            Some(process) => write!(f, "{process:?}"),
            None => write!(f, "{} (remote)", self.frames.label()),
        }
    }
}

impl Link {
    pub fn new(process: Option<ServerProcess>, label: &str) -> Self {
        Self {
            process,
            frames: FrameLog::new(label),
        }
    }

    /// `error` with everything the server showed us: stray stdout, recent frames, exit status and
    /// the last stderr lines. Gives a dying server a moment to be reaped so its status is known.
    pub async fn explain(&mut self, error: anyhow::Error) -> anyhow::Error {
        if let Some(process) = self.process.as_mut()
            && process.try_exit_status().is_none()
        {
            let _ = process.wait_for_exit(Duration::from_millis(150)).await;
        }
        anyhow::anyhow!("{error:#}{}", self.evidence())
    }

    pub fn evidence(&mut self) -> String {
        let mut out = String::new();
        let stray = self.frames.stray_output();
        if !stray.is_empty() {
            let _ = write!(out, "\n--- the server wrote non-JSON-RPC output on stdout:");
            for line in stray.iter().take(5) {
                let _ = write!(out, "\n  {}", shorten(line, FRAME_CHARS_SHOWN));
            }
        }
        let frames = self.frames.render();
        if !frames.is_empty() {
            let _ = write!(out, "\n--- last frames (--> sent, <-- received)\n{frames}");
        }
        if let Some(process) = self.process.as_mut() {
            let _ = write!(
                out,
                "\n--- server process: {} ({})",
                process.status_text(),
                process.spec.command_line()
            );
            let kept = process.stderr.len();
            if kept > STDERR_LINES_SHOWN + STDERR_FIRST_LINES_SHOWN {
                // A long stderr (a backtrace, a log) often starts with the reason.
                let _ = write!(
                    out,
                    "\n--- server stderr (first {STDERR_FIRST_LINES_SHOWN} of {kept} lines)"
                );
                for line in process.stderr.head(STDERR_FIRST_LINES_SHOWN) {
                    let _ = write!(out, "\n  {line}");
                }
            }
            let tail = process.stderr.tail(STDERR_LINES_SHOWN);
            if tail.is_empty() {
                out.push_str("\n--- server stderr: (empty)");
            } else {
                let _ = write!(out, "\n--- server stderr (last {} lines)", tail.len());
                for line in tail {
                    let _ = write!(out, "\n  {line}");
                }
            }
        }
        out
    }
}

pub use mcp_serving::shorten;

#[cfg(test)]
mod redaction_tests {
    use super::redact_meta_auth;

    #[test]
    fn meta_auth_credentials_are_redacted_and_other_frames_kept() {
        let frame = r#"{"params":{"_meta":{"auth":{"api":{"type":"bearer","token":"s3\"cret"}}},"arguments":{"key":"k"}}}"#;
        let redacted = redact_meta_auth(frame);
        assert!(!redacted.contains("s3"), "{redacted}");
        assert!(redacted.contains(r#""token":"<redacted>""#), "{redacted}");
        assert!(redacted.contains(r#""type":"bearer""#), "{redacted}");
        let plain = r#"{"params":{"arguments":{"key":"k"}}}"#;
        assert_eq!(redact_meta_auth(plain), plain);
    }
}
