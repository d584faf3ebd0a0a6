//! The gateway's REST API (`/gateways`, `/servers`, `/tools`), called with a gateway JWT.
//! Answers that are not what was asked for fail with the status and the body the gateway sent.

use std::time::Duration;

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

use crate::mcp::link::shorten;
use crate::mcp::registry::Secret;
use crate::systems::contextforge::translate::Remote;

/// An HTTP answer of the gateway.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub body: Value,
}

impl Answer {
    /// The body for a failure message, without credentials: the gateway echoes a registration's
    /// auth fields (`authToken`, `authValue`, `…Unmasked`, …) in its answers.
    pub fn shown(&self, max: usize) -> String {
        shorten(&redacted(&self.body).to_string(), max)
    }
}

fn redacted(value: &Value) -> Value {
    match value {
        Value::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(key, field)| {
                    let lower = key.to_lowercase();
                    let secret = ["auth", "token", "password", "secret", "unmasked"]
                        .iter()
                        .any(|word| lower.contains(word));
                    let shown = if secret && !field.is_null() {
                        json!("<redacted>")
                    } else {
                        redacted(field)
                    };
                    (key.clone(), shown)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(redacted).collect()),
        other => other.clone(),
    }
}

pub struct GatewayApi {
    base: String,
    token: Secret,
    client: reqwest::Client,
}

/// The gateway's `transport` field for an upstream reached over `remote`.
fn transport_field(remote: Remote) -> &'static str {
    match remote {
        Remote::Sse => "SSE",
        Remote::StreamableHttp => "STREAMABLEHTTP",
    }
}

impl GatewayApi {
    pub fn new(base: &str, token: Secret, timeout: Duration) -> Result<Self> {
        let client = reqwest::Client::builder().timeout(timeout).build()?;
        Ok(Self {
            base: base.trim_end_matches('/').to_owned(),
            token,
            client,
        })
    }

    /// `POST /gateways`: registers an upstream MCP server (or a peer gateway, with its token).
    pub async fn register_gateway(
        &self,
        name: &str,
        url: &str,
        upstream: Remote,
        bearer: Option<&Secret>,
    ) -> Result<Answer> {
        let mut body = json!({ "name": name, "url": url, "transport": transport_field(upstream) });
        if let Some(token) = bearer {
            body["auth_type"] = json!("bearer");
            body["auth_token"] = json!(token.expose());
        }
        self.send(reqwest::Method::POST, "/gateways", Some(body), true)
            .await
    }

    /// `POST /servers`: a virtual server offering the tools with these ids; with a team, only
    /// that team sees it.
    pub async fn create_server(
        &self,
        name: &str,
        tool_ids: &[String],
        team: Option<&str>,
    ) -> Result<Answer> {
        let mut body = json!({ "server": {
            "name": name,
            "description": "virtual server of an acceptance scenario",
            "associated_tools": tool_ids,
        }});
        if let Some(team) = team {
            body["team_id"] = json!(team);
            body["visibility"] = json!("team");
        }
        self.send(reqwest::Method::POST, "/servers", Some(body), true)
            .await
    }

    /// `POST /tools/{id}/state`: activates or deactivates a tool.
    pub async fn set_tool_state(&self, tool_id: &str, active: bool) -> Result<Answer> {
        let path = format!("/tools/{tool_id}/state?activate={active}");
        self.send(reqwest::Method::POST, &path, None, true).await
    }

    /// `POST /auth/email/admin/users`: a user account (the administrator's call).
    pub async fn create_user(&self, email: &str, password: &Secret) -> Result<Answer> {
        let body = json!({ "email": email, "password": password.expose(), "full_name": email });
        self.post("/auth/email/admin/users", body, true).await
    }

    /// `POST /teams`: a private team with `owner` in it, as an owner.
    pub async fn create_team(&self, name: &str, owner: &str) -> Result<Answer> {
        let body = json!({ "name": name, "visibility": "private",
                           "members": [{ "email": owner, "role": "owner" }] });
        self.post("/teams", body, true).await
    }

    /// `GET /servers`: the names of the virtual servers the token's holder sees.
    pub async fn server_names(&self) -> Result<Vec<String>> {
        let answer = self.get("/servers", true).await?;
        expect_success("GET /servers", &answer)?;
        let servers = answer
            .body
            .as_array()
            .with_context(|| format!("GET /servers answered a non-array: {}", answer.shown(800)))?;
        Ok(servers
            .iter()
            .filter_map(|server| Some(server.get("name")?.as_str()?.to_owned()))
            .collect())
    }

    /// `GET /tools`: every active tool the gateway knows.
    pub async fn tools(&self) -> Result<Vec<Value>> {
        self.tools_at("/tools").await
    }

    async fn tools_at(&self, path: &str) -> Result<Vec<Value>> {
        let answer = self.get(path, true).await?;
        expect_success(&format!("GET {path}"), &answer)?;
        match answer.body {
            Value::Array(tools) => Ok(tools),
            other => bail!(
                "GET {path} answered a non-array: {}",
                shorten(&other.to_string(), 800)
            ),
        }
    }

    /// The id of the tool the gateway lists as `name`.
    pub async fn tool_id(&self, name: &str) -> Result<String> {
        let tools = self.tools().await?;
        find_tool(&tools, name)
    }

    /// The id of the tool `name`, active or not.
    pub async fn any_tool_id(&self, name: &str) -> Result<String> {
        let tools = self.tools_at("/tools?include_inactive=true").await?;
        find_tool(&tools, name)
    }

    pub async fn get(&self, path: &str, with_token: bool) -> Result<Answer> {
        self.send(reqwest::Method::GET, path, None, with_token)
            .await
    }

    pub async fn post(&self, path: &str, body: Value, with_token: bool) -> Result<Answer> {
        self.send(reqwest::Method::POST, path, Some(body), with_token)
            .await
    }

    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
        with_token: bool,
    ) -> Result<Answer> {
        let what = format!("{method} {path}");
        // Both media types, so the MCP endpoint (streamable HTTP) takes the request too.
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.base))
            .header("Accept", "application/json, text/event-stream");
        if with_token {
            request = request.bearer_auth(self.token.expose());
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request
            .send()
            .await
            .with_context(|| format!("{what} to the gateway failed"))?;
        let status = response.status().as_u16();
        let text = response
            .text()
            .await
            .with_context(|| format!("reading the answer to {what}"))?;
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Ok(Answer { status, body })
    }
}

/// Fails unless the answer is a 2xx, showing what the gateway said.
pub fn expect_success(what: &str, answer: &Answer) -> Result<()> {
    if !(200..300).contains(&answer.status) {
        bail!(
            "{what} answered HTTP {}: {}",
            answer.status,
            answer.shown(1500)
        );
    }
    Ok(())
}

/// The string field `field` of a JSON answer.
pub fn field(answer: &Answer, field: &str) -> Result<String> {
    answer
        .body
        .get(field)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .with_context(|| {
            format!(
                "the gateway's answer has no \"{field}\": {}",
                answer.shown(800)
            )
        })
}

/// The id of the tool listed as `name`.
fn find_tool(tools: &[Value], name: &str) -> Result<String> {
    tools
        .iter()
        .find(|t| t.get("name").and_then(Value::as_str) == Some(name))
        .and_then(|t| t.get("id")?.as_str())
        .map(str::to_owned)
        .with_context(|| {
            format!(
                "GET /tools does not list \"{name}\"; it lists {}",
                tool_names(tools)
            )
        })
}

/// The names in a `GET /tools` answer, for failure messages.
pub fn tool_names(tools: &[Value]) -> String {
    let names: Vec<&str> = tools
        .iter()
        .filter_map(|t| t.get("name")?.as_str())
        .collect();
    format!("[{}]", names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_messages_hide_credentials_the_gateway_echoes() {
        let answer = Answer {
            status: 200,
            body: json!({"name": "peer", "authToken": "s3cret", "authTokenUnmasked": "s3cret",
                         "authType": "bearer", "authValue": null, "nested": [{"auth_token": "s3cret"}]}),
        };
        let shown = answer.shown(2000);
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(shown.contains("\"name\":\"peer\""), "{shown}");
        assert!(shown.contains("\"authValue\":null"), "{shown}");
    }
}
