//! The OpenAPI bridge scenarios (`features/openapi/`): the pet store each scenario runs
//! against and what it received and holds ([`store`]), the `mcp-openapi-bridge` started for it
//! ([`launch`]), the credentials it calls the API with ([`credentials`]), its documentation
//! tools ([`docs`]), the Luau scripts it runs ([`scripts`]) and its protected-resource metadata
//! over HTTP ([`metadata`]).

mod answers;
pub mod credentials;
pub mod docs;
pub mod launch;
pub mod metadata;
pub mod scripts;
pub mod store;

use std::time::Duration;

use anyhow::{Context as _, Result};
use pet_store::PetStore;

pub use credentials::{MetaCredential, MetaPlace, UpstreamCredentials};
pub use launch::ScriptLimits;
pub use store::CarriedCredential;

/// What one scenario set up.
#[derive(Debug, Default)]
pub struct OpenApiScenario {
    pub store: Option<PetStore>,
    pub limits: Option<ScriptLimits>,
    /// The pet store's credentials the bridge finds in its environment.
    pub credentials: UpstreamCredentials,
    /// How long the last script took to answer.
    pub last_elapsed: Option<Duration>,
    /// `RUST_LOG` for the bridge, when a scenario wants its log verbose.
    pub log_level: Option<String>,
    /// The protected-resource metadata answer: HTTP status and body.
    pub metadata: Option<(u16, String)>,
    /// Where the pet store served before the scenario stopped it (`127.0.0.1:PORT`).
    pub stopped_store: Option<String>,
    /// The error page a failing gateway in front of the pet store answers with.
    pub error_page: Option<String>,
}

impl OpenApiScenario {
    pub fn store(&self) -> Result<&PetStore> {
        self.store
            .as_ref()
            .context("no pet store was started in this scenario")
    }
}

/// A comma-separated list in a step: `"a, b, c"`.
fn list(text: &str) -> Vec<String> {
    text.split(',')
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}
