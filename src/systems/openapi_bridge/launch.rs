//! Starting `mcp-openapi-bridge` for a scenario's pet store: over stdio, or over HTTP behind
//! the suite's JWKS, with the scenario's limits, log level and upstream credentials.

use anyhow::Result;

use super::OpenApiScenario;
use super::credentials::UpstreamCredentials;
use crate::harness::jwt::JWKS_URL_VAR;
use crate::mcp::registry::{AuthDeclaration, AuthKind, Target};
use crate::world::McpWorld;

/// The issuer and audience the bridge accepts over HTTP (the doc's `test-issuer` and
/// `test-audience`, as URLs: RFC 9728 wants the resource, which is the audience, to be one).
pub const ISSUER: &str = "https://test-issuer.mcp-acceptance.test";
pub const AUDIENCE: &str = "https://test-audience.mcp-acceptance.test/mcp";

const BRIDGE: &str = "mcp-openapi-bridge";

/// `--timeout` and `--max-api-calls` for the bridge.
#[derive(Debug, Clone, Copy)]
pub struct ScriptLimits {
    pub seconds: u32,
    pub api_calls: u32,
}

/// The bridge holds `credentials` and becomes the scenario's server under test, so that the
/// generic steps (raw connections, tokens) address it; a client connecting to "the OpenAPI
/// bridge" starts it again with the settings of that moment.
pub fn hold(world: &mut McpWorld, credentials: UpstreamCredentials) -> Result<()> {
    world.openapi.credentials = credentials;
    let target = world.openapi.bridge()?;
    world.use_scenario_target(target);
    Ok(())
}

impl OpenApiScenario {
    /// The bridge for this scenario's pet store: stdio, or HTTP behind the suite's JWKS.
    pub fn bridge(&self) -> Result<Target> {
        let args = self.run_args()?;
        let mut http_args = args.clone();
        http_args.extend(
            [
                "--transport",
                "http",
                "--port",
                "0",
                "--auth-authority",
                ISSUER,
                "--auth-audience",
                AUDIENCE,
                "--auth-jwks-uri",
                &format!("${{{JWKS_URL_VAR}}}"),
            ]
            .map(str::to_owned),
        );
        let auth = AuthDeclaration {
            kind: AuthKind::BearerJwt,
            issuer: ISSUER.to_owned(),
            audience: AUDIENCE.to_owned(),
        };
        let mut env = self.credentials.env();
        if let Some(level) = &self.log_level {
            env.insert("RUST_LOG".to_owned(), level.clone());
        }
        Ok(Target::bundled_fixture(
            "openapi-bridge",
            BRIDGE,
            args,
            http_args,
            env,
            Some(auth),
        ))
    }

    /// `run SPEC_URL [--timeout S --max-api-calls N]`: what both transports share.
    fn run_args(&self) -> Result<Vec<String>> {
        let mut args = vec!["run".to_owned(), self.store()?.spec_url()];
        if let Some(limits) = self.limits {
            args.extend([
                "--timeout".to_owned(),
                limits.seconds.to_string(),
                "--max-api-calls".to_owned(),
                limits.api_calls.to_string(),
            ]);
        }
        Ok(args)
    }
}
