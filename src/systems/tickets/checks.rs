//! What the ticket scenarios check: the answers the tokens got, what the API received and holds,
//! the chat's answers, redirects, health and resources. Each failure shows what was observed.

use std::collections::HashMap;
use std::time::Duration;

use anyhow::{Result, bail, ensure};
use serde_json::Value;

use super::TicketsScenario;
use super::actions::created_id;
use super::api::Received;
use super::mcp::ToolAnswer;
use super::resources::usage;
use super::system::TicketSystem;
use super::tokens::Credential;

/// A client without idle connections, so readings of a service's connections are not its own.
fn fresh_http() -> reqwest::Client {
    reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .expect("a plain HTTP client")
}

impl TicketsScenario {
    pub fn expect_ticket_lists(&self) -> Result<()> {
        for (tool, answer) in self.answers() {
            let body = answer.json()?;
            ensure!(
                body["success"] == true && body["tickets"].is_array(),
                "{tool} answered no ticket list: {body}"
            );
        }
        Ok(())
    }

    /// One API request per token that acted, in order, with that token's identity headers.
    pub async fn expect_one_request_per_token(&self) -> Result<()> {
        let system = self.system()?;
        let received = system.received().await?;
        ensure!(
            received.len() == self.seen.len(),
            "the API received {} requests for {} tokens: {received:?}",
            received.len(),
            self.seen.len()
        );
        for (seen, request) in self.seen.iter().zip(&received) {
            expect_identity(system, &seen.credential, request)?;
        }
        Ok(())
    }

    pub async fn expect_api_received_nothing(&self) -> Result<()> {
        let received = self.system()?.received().await?;
        ensure!(
            received.is_empty(),
            "the API received requests: {received:?}"
        );
        Ok(())
    }

    pub fn expect_tool_call_lines(&self) -> Result<()> {
        let system = self.system()?;
        for seen in &self.seen {
            let Credential::Known(role) = &seen.credential else {
                continue;
            };
            let user = regex::escape(&system.tokens.holder(role)?.user_id);
            let line = super::logs::pattern(&format!(r"tool call \w+ by user {user}\b"))?;
            system.expect_log_lines("mcp-server", &line, 1)?;
        }
        Ok(())
    }

    pub fn expect_refused_with_challenge(&self, status: u16) -> Result<()> {
        ensure!(!self.http.is_empty(), "no attempt was made");
        for (credential, answer) in &self.http {
            ensure!(
                answer.status == status,
                "{credential}: HTTP {} (expected {status}): {}",
                answer.status,
                answer.body
            );
            let challenge = answer.challenge.as_deref().unwrap_or("");
            ensure!(
                challenge.starts_with("Bearer"),
                "{credential}: WWW-Authenticate is '{challenge}', not a Bearer challenge"
            );
        }
        Ok(())
    }

    /// Each refusal of `reasons` (credential, reason) says its reason: the answer's
    /// `error_description`, and an "authentication failed: <reason>" line of the MCP server's
    /// log.
    pub fn expect_refusal_reasons(&self, reasons: &[Vec<String>]) -> Result<()> {
        let log = self.system()?.mcp.log();
        for row in reasons {
            let [credential, reason] = row.as_slice() else {
                bail!("a row of credential and reason, not {row:?}")
            };
            let Some((_, answer)) = self.http.iter().find(|(c, _)| c == credential) else {
                bail!("no attempt was made with {credential}")
            };
            let body: Value = serde_json::from_str(&answer.body).unwrap_or_default();
            ensure!(
                body["error_description"] == reason.as_str(),
                "{credential}: the refusal says {}, not \"{reason}\"",
                answer.body
            );
            let line = format!("authentication failed: {reason}");
            ensure!(
                log.lines().any(|l| l.ends_with(&line)),
                "{credential}: the MCP server's log has no line ending \"{line}\""
            );
        }
        Ok(())
    }

    /// The answer on alice's session to `who` ("alice's token" or "bob's token"): served (200)
    /// or refused (4xx).
    pub fn expect_session_answer(&self, who: &str, served: bool) -> Result<()> {
        let Some((_, answer)) = self.http.iter().find(|(c, _)| c == who) else {
            bail!("the session was not tried with {who}")
        };
        let ok = if served {
            answer.status == 200
        } else {
            (400..500).contains(&answer.status)
        };
        ensure!(
            ok,
            "{who} on alice's session got HTTP {}: {}",
            answer.status,
            answer.body
        );
        Ok(())
    }

    pub fn expect_client_tools(&self, tools: &[String]) -> Result<()> {
        let Some(printed) = &self.client_script else {
            bail!("the FastMCP client did not run")
        };
        let mut seen: Vec<String> = serde_json::from_value(printed["tools"].clone())?;
        let mut expected = tools.to_vec();
        seen.sort();
        expected.sort();
        ensure!(
            seen == expected,
            "the FastMCP client saw the tools {seen:?}, expected {expected:?}"
        );
        Ok(())
    }

    pub fn expect_client_call(&self) -> Result<()> {
        let Some(printed) = &self.client_script else {
            bail!("the FastMCP client did not run")
        };
        let answer = ToolAnswer::Result {
            text: printed["result"].as_str().unwrap_or("").to_owned(),
            is_error: printed["is_error"] == true,
        };
        let body = answer.json()?;
        ensure!(
            body["tickets"].is_array(),
            "the FastMCP client's call answered no ticket list: {body}"
        );
        Ok(())
    }

    /// Each token lacks the tool it called: not listed; the other three listed.
    pub fn expect_lacking_tools_unlisted(&self) -> Result<()> {
        for seen in &self.seen {
            let Some((tool, _)) = seen.calls.first() else {
                bail!("{:?} made no call", seen.credential)
            };
            ensure!(
                !seen.tools.contains(tool),
                "{:?} listed {tool}: {:?}",
                seen.credential,
                seen.tools
            );
            let others: Vec<&str> = tickets_tools().into_iter().filter(|t| t != tool).collect();
            ensure!(
                others.iter().all(|t| seen.tools.iter().any(|s| s == t)),
                "{:?} listed {:?}, expected {others:?}",
                seen.credential,
                seen.tools
            );
        }
        Ok(())
    }

    /// Each call to a lacking tool was refused (a JSON-RPC error or a tool error).
    pub fn expect_calls_refused(&self) -> Result<()> {
        ensure!(!self.seen.is_empty(), "no call was made");
        for (tool, answer) in self.answers() {
            ensure!(
                answer.refused(),
                "calling {tool} was not refused: {answer:?}"
            );
        }
        Ok(())
    }

    /// Each call was a JSON-RPC error with `code` (the spec's answer to an unknown tool).
    pub fn expect_error_code(&self, code: i32) -> Result<()> {
        ensure!(!self.seen.is_empty(), "no call was made");
        for (tool, answer) in self.answers() {
            let got = match &answer {
                ToolAnswer::Refused { code, .. } => Some(*code),
                ToolAnswer::Result { .. } => None,
            };
            ensure!(
                got == Some(code),
                "calling {tool} was answered {answer:?}, not a JSON-RPC error {code}"
            );
        }
        Ok(())
    }

    pub fn expect_all_succeeded(&self) -> Result<()> {
        for (tool, answer) in self.answers() {
            let body = answer.json()?;
            ensure!(
                body.get("error").is_none(),
                "{tool} answered an error: {body}"
            );
        }
        Ok(())
    }

    /// The API received exactly `requests` ("METHOD /path", `{id}` for any one segment), in
    /// order, each with `role`'s identity.
    pub async fn expect_requests(&self, requests: &[String], role: &str) -> Result<()> {
        let system = self.system()?;
        let received = system.received().await?;
        let shown: Vec<String> = received
            .iter()
            .map(|r| format!("{} {}", r.method, r.path))
            .collect();
        ensure!(
            shown.len() == requests.len(),
            "the API received {shown:?}, expected {requests:?}"
        );
        for ((got, expected), request) in shown.iter().zip(requests).zip(&received) {
            let pattern = format!("^{}$", regex::escape(expected).replace(r"\{id\}", "[^/]+"));
            ensure!(
                regex::Regex::new(&pattern)?.is_match(got),
                "the API received {shown:?}, expected {requests:?}"
            );
            expect_identity(system, &Credential::Known(role.to_owned()), request)?;
        }
        Ok(())
    }

    /// The row of the ticket the calls created, by `role`'s user, in its organization.
    pub async fn expect_created_row(&self, role: &str) -> Result<()> {
        let id = self.answers().iter().find_map(|(_, a)| created_id(a));
        let Some(id) = id else {
            bail!("no call created a ticket: {:?}", self.answers())
        };
        self.expect_row(&id, role).await
    }

    pub async fn expect_row(&self, id: &str, role: &str) -> Result<()> {
        let system = self.system()?;
        let holder = system.tokens.holder(role)?;
        let rows = system.rows().await?;
        let Some(row) = rows.iter().find(|r| r.id == id) else {
            bail!("the API holds no ticket {id}: {rows:?}")
        };
        ensure!(
            row.creator_id == holder.user_id && row.organization_id == holder.organization_id,
            "ticket {id} was created by {} in {}, expected {} in {}",
            row.creator_id,
            row.organization_id,
            holder.user_id,
            holder.organization_id
        );
        Ok(())
    }

    /// `count` rows, each created by a user of the token file in that user's organization.
    pub async fn expect_rows_of_their_users(&self, count: usize) -> Result<()> {
        let system = self.system()?;
        let rows = system.rows().await?;
        ensure!(
            rows.len() == count,
            "the API holds {} tickets, expected {count}: {rows:?}",
            rows.len()
        );
        let orgs = organizations_of_users(system)?;
        for row in &rows {
            ensure!(
                orgs.get(&row.creator_id) == Some(&row.organization_id),
                "ticket {row:?} is not in its creator's organization"
            );
        }
        Ok(())
    }

    /// The last tool answer is `{"error": "API call failed: <status>", "message": …}`.
    pub fn expect_documented_error(&self, status: u16) -> Result<()> {
        let Some((tool, answer)) = self.answers().last().cloned() else {
            bail!("no tool was called")
        };
        let ToolAnswer::Result {
            text,
            is_error: false,
        } = &answer
        else {
            bail!("{tool} answered {answer:?}")
        };
        let body: Value = serde_json::from_str(text)?;
        let expected = format!("API call failed: {status}");
        ensure!(
            body["error"] == expected.as_str() && body.get("message").is_some(),
            "{tool} answered {body}, expected the error \"{expected}\" with a message"
        );
        Ok(())
    }

    /// The last tool called and its answer's JSON.
    fn last_answer_json(&self) -> Result<(String, Value)> {
        let (tool, answer) = self
            .answers()
            .last()
            .cloned()
            .ok_or_else(|| anyhow::anyhow!("no call"))?;
        Ok((tool, answer.json()?))
    }

    pub fn expect_titles(&self, titles: &[&str]) -> Result<()> {
        let (tool, body) = self.last_answer_json()?;
        let found: Vec<&str> = body["tickets"]
            .as_array()
            .map(|t| t.iter().filter_map(|t| t["title"].as_str()).collect())
            .unwrap_or_default();
        ensure!(
            found == titles,
            "{tool} found {found:?}, expected {titles:?}"
        );
        Ok(())
    }

    /// The ticket API's last direct answer: `status`, and a JSON body.
    fn api_answer(&self, status: u16) -> Result<&Value> {
        let Some((got, body)) = &self.api_answer else {
            bail!("no request was sent to the ticket API")
        };
        ensure!(
            *got == status,
            "the ticket API answered {got}, expected {status}: {body}"
        );
        Ok(body)
    }

    /// The ticket API refused the last direct request with 401, naming the identity headers.
    pub fn expect_identity_required(&self) -> Result<()> {
        let body = self.api_answer(401)?;
        let detail = body["detail"].as_str().unwrap_or_default();
        ensure!(
            detail.contains("X-User-ID") && detail.contains("X-Organization-ID"),
            "the ticket API's refusal does not name the headers it needs: {body}"
        );
        Ok(())
    }

    /// The ticket API created a ticket on the last direct request, in `category`, by `role`'s
    /// user in that user's organization.
    pub fn expect_api_created(&self, category: &str, role: &str) -> Result<()> {
        let ticket = &self.api_answer(201)?["ticket"];
        let holder = self.system()?.tokens.holder(role)?;
        ensure!(
            ticket["category"] == category
                && ticket["creator_id"] == holder.user_id.as_str()
                && ticket["organization_id"] == holder.organization_id.as_str(),
            "the ticket API created {ticket}, expected the category \"{category}\" by {} in {}",
            holder.user_id,
            holder.organization_id
        );
        Ok(())
    }

    /// The last answer is a page of tickets that counts `total` tickets in all.
    pub fn expect_total(&self, total: u64) -> Result<()> {
        let (tool, body) = self.last_answer_json()?;
        ensure!(
            body["total"] == total,
            "{tool} counted {} tickets in all, expected {total}: {body}",
            body["total"]
        );
        Ok(())
    }

    pub fn expect_no_redirects(&self) -> Result<()> {
        let exchanges = self.system()?.exchanges();
        ensure!(
            !exchanges.is_empty(),
            "no exchange between the services was recorded"
        );
        let redirects: Vec<_> = exchanges
            .iter()
            .filter(|e| (300..400).contains(&e.status))
            .collect();
        ensure!(
            redirects.is_empty(),
            "redirects between the services: {redirects:?}"
        );
        Ok(())
    }

    /// The answer to `/mcp/`: "HTTP status N", or "a 307 redirect to /mcp".
    pub fn expect_trailing_slash_answer(&self, expected: &str) -> Result<()> {
        let Some((_, answer)) = self.http.iter().find(|(what, _)| what == "/mcp/") else {
            bail!("/mcp/ was not tried")
        };
        let location = answer.location.as_deref().unwrap_or("");
        let matches = match expected.strip_prefix("HTTP status ") {
            Some(status) => answer.status.to_string() == status,
            None => {
                answer.status == 307
                    && location.ends_with("/mcp")
                    && expected == "a 307 redirect to /mcp"
            }
        };
        ensure!(
            matches,
            "/mcp/ answered HTTP {} (location '{location}'), expected {expected}",
            answer.status
        );
        Ok(())
    }

    pub async fn expect_healthy(&self) -> Result<()> {
        let http = fresh_http();
        for service in self.system()?.services() {
            let (status, body) = service.health(&http).await?;
            ensure!(
                status == 200,
                "{}'s health check answered HTTP {status}: {body}",
                service.name
            );
        }
        Ok(())
    }

    pub async fn note_usage(&mut self) -> Result<()> {
        let http = fresh_http();
        let system = self.system()?;
        let mut noted = Vec::new();
        for service in [&system.mcp, &system.chat] {
            noted.push((service.name.clone(), usage(service, &http).await?));
        }
        self.baseline = noted;
        Ok(())
    }

    pub async fn expect_back_to_baseline(&self, limit: Duration) -> Result<()> {
        let http = fresh_http();
        let system = self.system()?;
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            let mut over = Vec::new();
            for ((name, before), service) in self.baseline.iter().zip([&system.mcp, &system.chat]) {
                let now = usage(service, &http).await?;
                if !now.within(before) {
                    over.push(format!("{name}: {now} (noted {before})"));
                }
            }
            if over.is_empty() {
                return Ok(());
            }
            if tokio::time::Instant::now() > deadline {
                bail!(
                    "not back to what was noted after {limit:?}: {}",
                    over.join("; ")
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// The request carried `credential`'s user and organization.
fn expect_identity(
    system: &TicketSystem,
    credential: &Credential,
    request: &Received,
) -> Result<()> {
    let Credential::Known(role) = credential else {
        bail!("{credential:?} has no identity")
    };
    let holder = system.tokens.holder(role)?;
    ensure!(
        request.user_id.as_deref() == Some(holder.user_id.as_str())
            && request.organization_id.as_deref() == Some(holder.organization_id.as_str()),
        "{} {} carried user {:?} of {:?}; {credential:?} is {} of {}",
        request.method,
        request.path,
        request.user_id,
        request.organization_id,
        holder.user_id,
        holder.organization_id
    );
    Ok(())
}

pub fn organizations_of_users(system: &TicketSystem) -> Result<HashMap<String, String>> {
    let roles = [
        "document",
        "alice",
        "bob",
        "without list_tickets",
        "without create_ticket",
        "without search_tickets",
        "without get_ticket",
    ];
    roles
        .iter()
        .map(|role| {
            system
                .tokens
                .holder(role)
                .map(|h| (h.user_id.clone(), h.organization_id.clone()))
        })
        .collect()
}

pub fn tickets_tools() -> Vec<&'static str> {
    vec![
        "list_tickets",
        "create_ticket",
        "search_tickets",
        "get_ticket",
    ]
}
