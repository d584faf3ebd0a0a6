//! A recording proxy the suite puts on each link between the services (chat → MCP server → API):
//! it forwards every request unchanged, streams the answer back, never follows a redirect, and
//! records method, path and status, so a scenario can show that no exchange was a redirect.

use std::sync::{Arc, Mutex};

use anyhow::Result;
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// One HTTP exchange on a link.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub link: &'static str,
    pub method: String,
    pub path: String,
    pub status: u16,
}

struct Link {
    name: &'static str,
    upstream: String,
    http: reqwest::Client,
    exchanges: Arc<Mutex<Vec<Exchange>>>,
}

pub struct Proxy {
    pub url: String,
    exchanges: Arc<Mutex<Vec<Exchange>>>,
    task: tokio::task::JoinHandle<()>,
}

impl std::fmt::Debug for Proxy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "proxy {}", self.url)
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Proxy {
    /// A proxy on 127.0.0.1 port 0 forwarding to `upstream` (`http://host:port`).
    pub async fn start(name: &'static str, upstream: &str) -> Result<Self> {
        let exchanges = Arc::new(Mutex::new(Vec::new()));
        // No idle connections kept: the services' connection counts then show only live use.
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .pool_max_idle_per_host(0)
            .build()?;
        let link = Arc::new(Link {
            name,
            upstream: upstream.trim_end_matches('/').to_owned(),
            http,
            exchanges: exchanges.clone(),
        });
        let app = Router::new().fallback(forward).with_state(link);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let url = format!("http://{}", listener.local_addr()?);
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(Self {
            url,
            exchanges,
            task,
        })
    }

    pub fn exchanges(&self) -> Vec<Exchange> {
        self.exchanges.lock().unwrap().clone()
    }
}

async fn forward(State(link): State<Arc<Link>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let path = parts
        .uri
        .path_and_query()
        .map_or("/".to_owned(), |p| p.as_str().to_owned());
    let record = |status: u16| {
        link.exchanges.lock().unwrap().push(Exchange {
            link: link.name,
            method: parts.method.to_string(),
            path: parts.uri.path().to_owned(),
            status,
        });
    };
    let Ok(bytes) = axum::body::to_bytes(body, 16 * 1024 * 1024).await else {
        record(400);
        return StatusCode::BAD_REQUEST.into_response();
    };
    let mut headers = parts.headers.clone();
    for hop in [header::HOST, header::CONTENT_LENGTH, header::CONNECTION] {
        headers.remove(hop);
    }
    let sent = link
        .http
        .request(parts.method.clone(), format!("{}{path}", link.upstream))
        .headers(headers)
        .body(bytes)
        .send()
        .await;
    match sent {
        Ok(answer) => {
            let status = answer.status();
            record(status.as_u16());
            let mut headers = HeaderMap::new();
            for (name, value) in answer.headers() {
                if name != header::TRANSFER_ENCODING && name != header::CONNECTION {
                    headers.append(name.clone(), value.clone());
                }
            }
            let mut response = Response::new(Body::from_stream(answer.bytes_stream()));
            *response.status_mut() = status;
            *response.headers_mut() = headers;
            response
        }
        Err(error) => {
            record(502);
            (StatusCode::BAD_GATEWAY, format!("proxy: {error}")).into_response()
        }
    }
}
