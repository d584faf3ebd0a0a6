//! Bringing the server under test up for one connection: start its process (stdio, or an HTTP
//! or SSE server that announces its URL on stderr) or take the URL of one already running.

use std::time::Duration;

use anyhow::{Context as _, Result, anyhow};
use regex::Regex;

use crate::harness::child_process::{LaunchSpec, ServerProcess};
use crate::mcp::link::Link;
use crate::mcp::registry::{HttpAccess, Secret, Target};
use crate::mcp::stdio::{StdioPipes, pump};
use crate::mcp::transport::Transport;

/// A server reached over one transport, before any MCP is spoken.
pub struct Reached {
    pub link: Link,
    pub endpoint: Endpoint,
}

pub enum Endpoint {
    Stdio(StdioPipes),
    /// Streamable HTTP: the MCP endpoint's URL.
    Http {
        url: String,
        headers: Vec<(String, Secret)>,
    },
    /// Legacy SSE: the event stream's URL.
    Sse {
        url: String,
        headers: Vec<(String, Secret)>,
    },
}

impl Endpoint {
    fn remote(transport: Transport, url: String, headers: Vec<(String, Secret)>) -> Self {
        match transport {
            Transport::Sse => Self::Sse { url, headers },
            Transport::Stdio | Transport::Http => Self::Http { url, headers },
        }
    }
}

/// Starts `spec`, a server that announces its URL on stderr (capture group 1 of `url_pattern`),
/// and waits at most `limit` for the URL. `label` names the connection in traces, `what` the
/// server in the error, which carries its stderr and exit status.
pub async fn start_announcing(
    spec: LaunchSpec,
    label: &str,
    what: &str,
    url_pattern: &Regex,
    limit: Duration,
) -> Result<(Link, String)> {
    let mut link = Link::new(Some(ServerProcess::spawn(spec)?), label);
    let announced = link
        .process
        .as_mut()
        .expect("started above")
        .wait_for_stderr(url_pattern, limit)
        .await;
    match announced {
        Ok(url) => Ok((link, url)),
        Err(error) => Err(link
            .explain(error.context(format!("{what} did not come up")))
            .await),
    }
}

/// Starts (or locates) `target` for `transport`. `label` names the connection in traces.
pub async fn reach(
    target: &Target,
    transport: Transport,
    label: &str,
    limit: Duration,
) -> Result<Reached> {
    match transport {
        Transport::Stdio => {
            let mut process = ServerProcess::spawn(target.stdio_launch()?)?;
            let (stdin, stdout) = process.take_stdio()?;
            let link = Link::new(Some(process), label);
            let pipes = pump(stdin, stdout, link.frames.clone());
            Ok(Reached {
                link,
                endpoint: Endpoint::Stdio(pipes),
            })
        }
        Transport::Http | Transport::Sse => match target.remote_access(transport)? {
            HttpAccess::Url { url, headers } => Ok(Reached {
                link: Link::new(None, label),
                endpoint: Endpoint::remote(transport, url, headers),
            }),
            HttpAccess::Launch {
                spec,
                url_pattern,
                path,
                headers,
            } => {
                let what = format!("the {transport} server");
                let (link, base) =
                    start_announcing(spec, label, &what, &url_pattern, limit).await?;
                let url = if base
                    .trim_end_matches('/')
                    .ends_with(path.trim_end_matches('/'))
                {
                    base
                } else {
                    format!("{}{}", base.trim_end_matches('/'), path)
                };
                Ok(Reached {
                    link,
                    endpoint: Endpoint::remote(transport, url, headers),
                })
            }
        },
    }
}

/// An HTTP client sending `headers` (secrets: marked sensitive) with every request.
pub fn http_client(headers: &[(String, Secret)]) -> Result<reqwest::Client> {
    let mut map = reqwest::header::HeaderMap::new();
    for (name, value) in headers {
        let name = reqwest::header::HeaderName::from_bytes(name.as_bytes())
            .with_context(|| format!("invalid header name {name}"))?;
        let mut value = reqwest::header::HeaderValue::from_str(value.expose())
            .map_err(|_| anyhow!("invalid value for header {name}"))?;
        value.set_sensitive(true);
        map.insert(name, value);
    }
    Ok(reqwest::Client::builder().default_headers(map).build()?)
}
