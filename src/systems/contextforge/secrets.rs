//! The gateway's secrets, generated once per run and handed to every gateway, bridge and wrapper
//! process through the environment (never on a command line, never in a report), and the
//! gateway JWTs minted with them by the gateway's own `create_jwt_token`.

use std::io::Read;
use std::sync::OnceLock;

use anyhow::{Context, Result, bail};

use crate::harness::child_process::ServerProcess;
use crate::mcp::registry::Secret;
use crate::systems::contextforge::{Installation, zygote};

/// The administrator every gateway of the run bootstraps (tokens are minted for this user).
pub const ADMIN_EMAIL: &str = "admin@example.com";

pub struct RunSecrets {
    jwt_secret_key: Secret,
    auth_encryption_secret: Secret,
    admin_password: Secret,
}

impl RunSecrets {
    /// The environment every ContextForge entry point needs before it starts at all.
    pub fn env(&self) -> Vec<(String, String)> {
        vec![
            ("JWT_SECRET_KEY".into(), self.jwt_secret_key.expose().into()),
            (
                "AUTH_ENCRYPTION_SECRET".into(),
                self.auth_encryption_secret.expose().into(),
            ),
            ("PLATFORM_ADMIN_EMAIL".into(), ADMIN_EMAIL.into()),
            (
                "PLATFORM_ADMIN_PASSWORD".into(),
                self.admin_password.expose().into(),
            ),
        ]
    }
}

pub fn run_secrets() -> &'static RunSecrets {
    static SECRETS: OnceLock<RunSecrets> = OnceLock::new();
    SECRETS.get_or_init(|| RunSecrets {
        jwt_secret_key: Secret::new(random_hex(32)),
        auth_encryption_secret: Secret::new(random_hex(32)),
        // The gateway rejects weak admin passwords: mixed case, digit and symbol.
        admin_password: Secret::new(format!("Aa1!{}", random_hex(12))),
    })
}

pub fn random_hex(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut buffer))
        .expect("/dev/urandom is readable");
    buffer.iter().map(|b| format!("{b:02x}")).collect()
}

/// How long the scenario's gateway JWTs are valid.
const TOKEN_MINUTES: u32 = 30;

/// A gateway JWT for `username` (scoped to the team `team`, if given), minted by the gateway's
/// own `python -m mcpgateway.utils.create_jwt_token` with the run's secret (read from the
/// environment).
pub async fn mint_token(
    installation: &Installation,
    username: &str,
    team: Option<&str>,
    dir: &std::path::Path,
    limit: std::time::Duration,
) -> Result<Secret> {
    let mut args = vec![
        "--username".to_owned(),
        username.to_owned(),
        "--exp".to_owned(),
        TOKEN_MINUTES.to_string(),
    ];
    if let Some(team) = team {
        args.extend(["--teams".to_owned(), team.to_owned()]);
    }
    let spec = zygote::launch_spec(
        installation,
        "create_jwt_token",
        "mcpgateway.utils.create_jwt_token",
        &args,
        Vec::new(),
        dir,
    )
    .await?;
    let mut process = ServerProcess::spawn(spec)?;
    let (stdin, mut stdout) = process.take_stdio()?;
    drop(stdin);
    let mut out = String::new();
    let read = async {
        use tokio::io::AsyncReadExt;
        stdout.read_to_string(&mut out).await
    };
    crate::harness::timeouts::bounded(limit, "create_jwt_token to print a token", read)
        .await?
        .context("reading create_jwt_token's output")?;
    let status = process.wait_for_exit(limit).await?;
    let token = out.trim();
    if !status.success() || token.split('.').count() != 3 {
        bail!(
            "create_jwt_token failed ({}); its last stderr lines:\n{}",
            crate::harness::child_process::describe_status(status),
            process.stderr.tail(10).join("\n")
        );
    }
    Ok(Secret::new(token.to_owned()))
}
