//! `MCP_TRACE=1` prints every frame the suite sends or receives (and every server stderr line)
//! to stderr, labelled with the connection it belongs to.

use std::sync::LazyLock;

static ENABLED: LazyLock<bool> = LazyLock::new(|| {
    std::env::var("MCP_TRACE").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
});

pub fn enabled() -> bool {
    *ENABLED
}

/// A frame the suite sent (`-->`) or received (`<--`).
pub fn frame(label: &str, outgoing: bool, frame: &str) {
    if enabled() {
        let arrow = if outgoing { "-->" } else { "<--" };
        eprintln!("[mcp-trace {label}] {arrow} {}", frame.trim_end());
    }
}

pub fn stderr_line(label: &str, line: &str) {
    if enabled() {
        eprintln!("[mcp-trace {label}] stderr: {line}");
    }
}
