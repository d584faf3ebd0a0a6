//! The pet store's side: the requests it received for its API and the pets it holds, the
//! checks that prove a script's calls really reached the API.

use std::time::Duration;

use anyhow::{Context as _, Result, bail, ensure};
use serde_json::Value;

use super::{OpenApiScenario, list};
use crate::checks::json::expect_equal;
use pet_store::Received;
use pet_store::auth::Credential;

/// Which credential a request carried, in a step's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, cucumber::Parameter)]
#[param(name = "carried_credential", regex = "no|bearer|api-key|wrong")]
pub struct CarriedCredential(Credential);

impl std::str::FromStr for CarriedCredential {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Self(match s {
            "no" => Credential::None,
            "bearer" => Credential::Bearer,
            "api-key" => Credential::ApiKey,
            "wrong" => Credential::Wrong,
            other => {
                return Err(format!(
                    "unknown credential kind {other:?} (no, bearer, api-key, wrong)"
                ));
            }
        }))
    }
}

impl OpenApiScenario {
    /// Stops the scenario's pet store (drops it, as the end of a scenario does).
    pub fn stop_store(&mut self) -> Result<()> {
        let store = self.store.take().context("no pet store was started")?;
        let address = store.base_url.trim_start_matches("http://").to_owned();
        drop(store);
        self.stopped_store = Some(address);
        Ok(())
    }

    /// A failing gateway in front of the pet store answers every request with `status` and an
    /// error page of `length` characters (ASCII, no two lines alike, so a cut shows where).
    pub fn fail_every_request(&mut self, status: u16, length: usize) -> Result<()> {
        let mut page = String::from("<html><body><h1>Bad gateway</h1>\n");
        let mut line = 0;
        while page.len() < length {
            line += 1;
            page += &format!("<p>line {line}: the API behind this gateway did not answer</p>\n");
        }
        page.truncate(length);
        self.store()?
            .answer_every_request_with(status, page.clone())?;
        self.error_page = Some(page);
        Ok(())
    }

    /// Nothing accepts connections any more where the stopped pet store served, within `limit`.
    pub async fn expect_store_gone(&self, limit: Duration) -> Result<()> {
        let address = self
            .stopped_store
            .as_deref()
            .context("no pet store was stopped")?;
        let deadline = tokio::time::Instant::now() + limit;
        while tokio::net::TcpStream::connect(address).await.is_ok() {
            ensure!(
                tokio::time::Instant::now() < deadline,
                "the pet store still accepts connections at {address} {limit:?} after it stopped"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Ok(())
    }

    /// The requests the pet store received for its API (not its OpenAPI document).
    pub fn api_requests(&self) -> Result<Vec<Received>> {
        Ok(self
            .store()?
            .requests()
            .into_iter()
            .filter(|r| r.path != "/openapi.json")
            .collect())
    }

    /// Waits (bounded by `limit`) until the pet store has received `count` API requests.
    pub async fn wait_for_requests(&self, count: usize, limit: Duration) -> Result<()> {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            let seen = self.api_requests()?.len();
            if seen >= count {
                return Ok(());
            }
            ensure!(
                tokio::time::Instant::now() < deadline,
                "the pet store received {seen} API requests within {limit:?}, expected {count}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// The pet store receives no API request during `quiet`.
    pub async fn expect_no_further_requests(&self, quiet: Duration) -> Result<()> {
        let before = self.api_requests()?.len();
        tokio::time::sleep(quiet).await;
        let after = self.api_requests()?.len();
        ensure!(
            after == before,
            "the pet store received {} more requests within {quiet:?} (had {before})",
            after - before
        );
        Ok(())
    }

    /// The API requests, as `METHOD /path?query` lines, are exactly `expected`, in order.
    pub fn expect_requests(&self, expected: &[String]) -> Result<()> {
        let seen: Vec<String> = self.api_requests()?.iter().map(Received::line).collect();
        ensure!(
            seen == expected,
            "the pet store received {} API requests:\n  {}\nexpected {}:\n  {}",
            seen.len(),
            seen.join("\n  "),
            expected.len(),
            expected.join("\n  ")
        );
        Ok(())
    }

    /// The API requests are exactly the comma-separated `lines`, in order.
    pub fn expect_request_list(&self, lines: &str) -> Result<()> {
        self.expect_requests(&list(lines))
    }

    /// The one request `line` carried `expected`.
    pub fn expect_carried(&self, line: &str, expected: CarriedCredential) -> Result<()> {
        let carried = self.credential_of(line)?;
        ensure!(
            carried == expected.0,
            "the request {line} carried {} credentials, not {}",
            carried.as_str(),
            expected.0.as_str()
        );
        Ok(())
    }

    /// The credential the one request `line` carried.
    fn credential_of(&self, line: &str) -> Result<Credential> {
        let requests = self.api_requests()?;
        let matching: Vec<&Received> = requests.iter().filter(|r| r.line() == line).collect();
        match matching.as_slice() {
            [one] => Ok(one.credential),
            _ => bail!(
                "expected one request {line}, the pet store received {} (all: {:?})",
                matching.len(),
                requests.iter().map(Received::line).collect::<Vec<_>>()
            ),
        }
    }

    /// The store holds the pet `expected` (found by its id) exactly.
    pub fn expect_pet(&self, expected: &Value) -> Result<()> {
        let id = expected["id"]
            .as_i64()
            .context("the expected pet has no id")?;
        let held = self
            .pet(id)?
            .with_context(|| format!("the pet store holds no pet {id}"))?;
        expect_equal(&format!("the pet store's pet {id}"), &held, expected)
    }

    /// The store holds no pet `id`.
    pub fn expect_no_pet(&self, id: i64) -> Result<()> {
        let held = self.pet(id)?;
        ensure!(
            held.is_none(),
            "the pet store still holds pet {id}: {held:?}"
        );
        Ok(())
    }

    /// The store holds `count` pets.
    pub fn expect_pet_count(&self, count: usize) -> Result<()> {
        let pets = self.store()?.pets();
        ensure!(
            pets.len() == count,
            "the pet store holds {} pets, not {count}: {pets:?}",
            pets.len()
        );
        Ok(())
    }

    /// The pet `id` as the store holds it now, as JSON.
    fn pet(&self, id: i64) -> Result<Option<Value>> {
        let pet = self.store()?.pets().into_iter().find(|p| p.id == id);
        Ok(pet.map(serde_json::to_value).transpose()?)
    }
}
