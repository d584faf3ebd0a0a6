//! Bringing the server under test up for one connection: start its process (stdio, or an HTTP
//! server that announces its URL on stderr) or take the URL of one already running.

use std::time::Duration;

use anyhow::Result;

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
    Http {
        url: String,
        headers: Vec<(String, Secret)>,
    },
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
        Transport::Http => match target.http_access()? {
            HttpAccess::Url { url, headers } => Ok(Reached {
                link: Link::new(None, label),
                endpoint: Endpoint::Http { url, headers },
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
                            .explain(error.context("the HTTP server did not come up"))
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
                    endpoint: Endpoint::Http { url, headers },
                })
            }
        },
    }
}
