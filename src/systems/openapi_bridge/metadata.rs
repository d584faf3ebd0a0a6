//! The bridge over streamable HTTP: its protected-resource metadata (RFC 9728), found through
//! the challenge of a refusal.

use anyhow::{Context as _, Result, bail, ensure};
use serde_json::Value;

use super::launch::{AUDIENCE, ISSUER};
use crate::harness::jwt::resource_metadata_url;
use crate::world::{McpWorld, Outcome};
use mcp_serving::auth::METADATA_PATH;

/// Fetches the metadata the last refusal's `WWW-Authenticate` challenge names (it must be at
/// the well-known path) and keeps the answer.
pub async fn fetch(world: &mut McpWorld) -> Result<()> {
    let url = challenge_url(world.last.as_ref())?;
    let answer = reqwest::Client::new()
        .get(&url)
        .timeout(world.timeout)
        .send()
        .await
        .with_context(|| format!("GET {url} failed"))?;
    let status = answer.status().as_u16();
    let body = answer.text().await?;
    world.openapi.metadata = Some((status, body));
    Ok(())
}

/// The metadata URL the challenge of the HTTP refusal `last` names.
fn challenge_url(last: Option<&Outcome>) -> Result<String> {
    let Some(Outcome::Http { answer, .. }) = last else {
        bail!("no HTTP refusal to read (last outcome: {last:?})");
    };
    let challenge = answer
        .www_authenticate
        .as_deref()
        .with_context(|| format!("the refusal names no WWW-Authenticate challenge: {answer}"))?;
    let url = resource_metadata_url(challenge)
        .with_context(|| format!("the challenge names no resource_metadata: {challenge}"))?;
    ensure!(
        url.ends_with(METADATA_PATH),
        "the metadata is not at the well-known path {METADATA_PATH}: {url}"
    );
    Ok(url)
}

/// The fetched metadata (HTTP 200, JSON) names the bridge's audience as the resource and its
/// issuer among the authorization servers.
pub fn expect_audience_and_issuer(world: &McpWorld) -> Result<()> {
    let (status, body) = world
        .openapi
        .metadata
        .as_ref()
        .context("no metadata was fetched")?;
    ensure!(
        *status == 200,
        "the metadata answer is HTTP {status}: {body}"
    );
    let document: Value = serde_json::from_str(body).context("the metadata is not JSON")?;
    ensure!(
        document["resource"] == AUDIENCE,
        "the metadata's resource is {}, not the audience {AUDIENCE}",
        document["resource"]
    );
    let servers = document["authorization_servers"].as_array();
    ensure!(
        servers.is_some_and(|s| s.iter().any(|s| s == ISSUER)),
        "the metadata's authorization_servers do not include {ISSUER}: {document}"
    );
    Ok(())
}
