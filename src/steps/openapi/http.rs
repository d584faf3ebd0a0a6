//! The bridge over streamable HTTP: its protected-resource metadata (RFC 9728).

use anyhow::{Context as _, bail, ensure};
use cucumber::{then, when};
use serde_json::Value;

use crate::harness::jwt::resource_metadata_url;
use crate::steps::StepResult;
use crate::systems::openapi_bridge::{AUDIENCE, ISSUER};
use crate::world::{McpWorld, Outcome};
use mcp_serving::auth::METADATA_PATH;

#[when("the client fetches the protected-resource metadata the challenge names")]
async fn fetch_metadata(world: &mut McpWorld) -> StepResult {
    let Some(Outcome::Http { answer, .. }) = &world.last else {
        bail!("no HTTP refusal to read (last outcome: {:?})", world.last);
    };
    let challenge = answer
        .www_authenticate
        .clone()
        .with_context(|| format!("the refusal names no WWW-Authenticate challenge: {answer}"))?;
    let url = resource_metadata_url(&challenge)
        .with_context(|| format!("the challenge names no resource_metadata: {challenge}"))?;
    ensure!(
        url.ends_with(METADATA_PATH),
        "the metadata is not at the well-known path {METADATA_PATH}: {url}"
    );
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

#[then(
    "the metadata names the bridge's audience as the resource and its issuer as an authorization server"
)]
async fn metadata_names(world: &mut McpWorld) -> StepResult {
    let (status, body) = world
        .openapi
        .metadata
        .clone()
        .context("no metadata was fetched")?;
    ensure!(
        status == 200,
        "the metadata answer is HTTP {status}: {body}"
    );
    let document: Value = serde_json::from_str(&body).context("the metadata is not JSON")?;
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
