//! The ways the suite reaches an MCP server.

use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, cucumber::Parameter)]
#[param(name = "transport", regex = "stdio|http|sse")]
pub enum Transport {
    /// The server is a child process speaking newline-delimited JSON-RPC on stdin/stdout.
    Stdio,
    /// Streamable HTTP: JSON-RPC POSTed to one endpoint, answers as JSON or an SSE stream.
    Http,
    /// Legacy HTTP+SSE (2024-11-05): an event stream from GET, messages POSTed to the endpoint
    /// it names.
    Sse,
}

impl FromStr for Transport {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "stdio" => Ok(Self::Stdio),
            "http" => Ok(Self::Http),
            "sse" => Ok(Self::Sse),
            other => Err(format!(
                "unknown transport '{other}' (expected stdio, http or sse)"
            )),
        }
    }
}

impl fmt::Display for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Stdio => "stdio",
            Self::Http => "http",
            Self::Sse => "sse",
        })
    }
}
