//! What the ticket API received (its own record: method, path, identity headers, status) and
//! what it holds (read from its database itself: the SQLite file or the scenario's PostgreSQL).

use anyhow::{Context as _, Result};
use serde_json::{Value, json};

use super::system::TicketSystem;

/// One request the API received.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Received {
    pub method: String,
    pub path: String,
    pub query: String,
    pub user_id: Option<String>,
    pub organization_id: Option<String>,
    pub status: u16,
}

/// One row of the tickets table.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Row {
    pub id: String,
    pub organization_id: String,
    pub creator_id: String,
    pub title: String,
}

impl TicketSystem {
    pub async fn received(&self) -> Result<Vec<Received>> {
        let url = format!("{}/control/requests", self.api.url);
        let body: Value = reqwest::get(&url).await?.json().await?;
        serde_json::from_value(body).context("the API's request record")
    }

    /// Sends one request straight to the ticket API at `path` (under `/api/v1/tickets`), as the
    /// user of `role`'s token (None: without the identity headers), with `body` as JSON (None: a
    /// GET). Returns the status and the JSON answer.
    pub async fn ask_api(
        &self,
        path: &str,
        role: Option<&str>,
        body: Option<Value>,
    ) -> Result<(u16, Value)> {
        let url = format!("{}/api/v1/tickets{path}", self.api.url);
        let client = reqwest::Client::new();
        let mut request = match &body {
            Some(body) => client.post(url).json(body),
            None => client.get(url),
        };
        if let Some(role) = role {
            let holder = self.tokens.holder(role)?;
            request = request
                .header("X-User-ID", &holder.user_id)
                .header("X-Organization-ID", &holder.organization_id);
        }
        let answer = request.send().await?;
        let status = answer.status().as_u16();
        let text = answer.text().await?;
        let json = serde_json::from_str(&text)
            .with_context(|| format!("the ticket API answered {status} with no JSON: {text}"))?;
        Ok((status, json))
    }

    /// The id of the newest ticket the API holds.
    pub async fn newest_id(&self) -> Result<String> {
        let rows = self.rows().await?;
        Ok(rows.last().context("the API holds no ticket")?.id.clone())
    }

    /// Makes the API answer its next `count` ticket requests with 500.
    pub async fn fail_next(&self, count: u32) -> Result<()> {
        let url = format!("{}/control/fail", self.api.url);
        let answer = reqwest::Client::new()
            .post(url)
            .json(&json!({"count": count}))
            .send()
            .await?;
        anyhow::ensure!(
            answer.status().is_success(),
            "the API refused the failure switch"
        );
        Ok(())
    }

    /// Every ticket row, oldest first, read from the database itself.
    pub async fn rows(&self) -> Result<Vec<Row>> {
        if let Some(pg) = &self.postgres {
            let json = pg
                .query(
                    "SELECT coalesce(json_agg(t), '[]') FROM (SELECT id, organization_id, creator_id, title \
                     FROM tickets ORDER BY seq) t",
                )
                .await?;
            return Ok(serde_json::from_str(&json)?);
        }
        let path = self.dir.path().join("tickets.db");
        let conn = rusqlite::Connection::open_with_flags(
            &path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .with_context(|| format!("cannot open the API's database {}", path.display()))?;
        let mut statement = conn
            .prepare("SELECT id, organization_id, creator_id, title FROM tickets ORDER BY seq")?;
        let rows = statement.query_map([], |row| {
            Ok(Row {
                id: row.get(0)?,
                organization_id: row.get(1)?,
                creator_id: row.get(2)?,
                title: row.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<Row>>>()?)
    }
}
