//! Bringing the server under test up for one connection: start its process (stdio, or an HTTP
//! or SSE server that announces its URL on stderr) or take the URL of one already running.

use std::time::Duration;

use anyhow::{Context as _, Result, anyhow};

use crate::registry::{HttpAccess, Secret, Target};
use crate::support::link::Link;
use crate::support::process::ServerProcess;
use crate::support::stdio::{StdioPipes, pump};
use crate::transport::Transport;

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
                let process = ServerProcess::spawn(spec)?;
                let mut link = Link::new(Some(process), label);
                let announced = link
                    .process
                    .as_mut()
                    .unwrap()
                    .wait_for_stderr(&url_pattern, limit)
                    .await;
                let base = match announced {
                    Ok(url) => url,
                    Err(error) => {
                        return Err(link
                            .explain(
                                error.context(format!("the {transport} server did not come up")),
                            )
                            .await);
                    }
                };
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
