//! Where a server guarded by OAuth advertises its protected-resource metadata (auth-3): in the
//! `resource_metadata` parameter of its Bearer challenge, or at a well-known address (RFC 9728:
//! the well-known prefix before the endpoint's path, or at the root).

use std::time::Duration;

use anyhow::{Context, Result, bail};
use serde_json::Value;

use crate::harness::jwt::resource_metadata_url;
use crate::world::Outcome;

const WELL_KNOWN: &str = "/.well-known/oauth-protected-resource";

/// The metadata document's address is in the last refusal's challenge, or a well-known address
/// of `endpoint` serves a JSON document; the failure names the addresses tried.
pub async fn advertised(last: Option<&Outcome>, endpoint: &str, timeout: Duration) -> Result<()> {
    let Some(Outcome::Http { answer, .. }) = last else {
        bail!("no HTTP refusal to read the challenge of (last outcome: {last:?})");
    };
    let challenge = answer.www_authenticate.as_deref().unwrap_or_default();
    let client = reqwest::Client::builder().timeout(timeout).build()?;
    let candidates = match resource_metadata_url(challenge) {
        Some(url) => vec![url],
        None => well_known(endpoint)?,
    };
    let mut tried = Vec::new();
    for url in &candidates {
        match fetch_json(&client, url).await {
            Ok(_) => return Ok(()),
            Err(error) => tried.push(format!("  {url}: {error:#}")),
        }
    }
    bail!(
        "the server advertises its protected-resource metadata neither in its challenge \
         (WWW-Authenticate: {challenge}) with a document behind it, nor at a well-known address:\n{}",
        tried.join("\n")
    )
}

/// RFC 9728's addresses for `endpoint`: the prefix inserted before its path, then the root.
fn well_known(endpoint: &str) -> Result<Vec<String>> {
    let url = reqwest::Url::parse(endpoint).with_context(|| format!("the endpoint {endpoint}"))?;
    let origin = url.origin().ascii_serialization();
    let path = url.path().trim_end_matches('/');
    let mut addresses = vec![format!("{origin}{WELL_KNOWN}{path}")];
    if !path.is_empty() {
        addresses.push(format!("{origin}{WELL_KNOWN}"));
    }
    Ok(addresses)
}

async fn fetch_json(client: &reqwest::Client, url: &str) -> Result<Value> {
    let response = client.get(url).send().await?.error_for_status()?;
    response.json().await.context("not a JSON document")
}
