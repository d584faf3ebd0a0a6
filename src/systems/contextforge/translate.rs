//! Processes around the gateway: our time server on an HTTP transport, ContextForge's
//! `translate` bridge in each direction, and its stdio `wrapper`.

use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result};
use regex::Regex;

use crate::harness::child_process::{LaunchSpec, ServerProcess};
use crate::harness::fixture_binaries::resolve_bundled;
use crate::mcp::registry::{Secret, Target};
use crate::mcp::transport::Transport;
use crate::systems::contextforge::{Installation, zygote};

/// translate's command line (`python -m`).
const MODULE: &str = "mcpgateway.translate";

/// A process serving MCP over HTTP at `url`, alive while this handle is.
pub struct Served {
    pub url: String,
    pub process: ServerProcess,
}

impl std::fmt::Debug for Served {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?} at {}", self.process, self.url)
    }
}

/// How translate exposes a stdio server, or reaches a remote one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Remote {
    /// Legacy HTTP+SSE: `/sse` and `/message`.
    Sse,
    /// Streamable HTTP: `/mcp`.
    StreamableHttp,
}

impl Remote {
    /// The remote side a client over `transport` speaks to.
    pub fn of(transport: Transport) -> Result<Self> {
        match transport {
            Transport::Sse => Ok(Self::Sse),
            Transport::Http => Ok(Self::StreamableHttp),
            Transport::Stdio => anyhow::bail!("translate's remote side is http or sse, not stdio"),
        }
    }

    /// The suite's transport for a client of this remote side.
    pub fn transport(self) -> Transport {
        match self {
            Self::Sse => Transport::Sse,
            Self::StreamableHttp => Transport::Http,
        }
    }

    pub fn path(self) -> &'static str {
        match self {
            Self::Sse => "/sse",
            Self::StreamableHttp => "/mcp",
        }
    }
}

/// Our time server serving `remote` on a port the kernel chose.
pub async fn time_server_over(remote: Remote, limit: Duration) -> Result<Served> {
    let mode = match remote {
        Remote::Sse => "sse",
        Remote::StreamableHttp => "http",
    };
    let spec = LaunchSpec {
        label: format!("time server ({mode})"),
        program: resolve_bundled("mcp-time-server")?,
        args: ["--mode", mode, "--port", "0"].map(String::from).to_vec(),
        env: Vec::new(),
        cwd: crate::package_root(),
    };
    let mut process = ServerProcess::spawn(spec)?;
    let pattern = Regex::new(r"listening on (https?://\S+)").unwrap();
    let url = process.wait_for_stderr(&pattern, limit).await?;
    Ok(Served { url, process })
}

/// The command line of our time server on stdio, as one string (translate's `--stdio`).
pub fn time_server_stdio_command() -> Result<String> {
    let program = resolve_bundled("mcp-time-server")?;
    Ok(format!("{} --mode stdio", program.display()))
}

/// `translate --stdio <time server> --expose-…`: our stdio time server exposed over `remote`.
/// translate binds port 0 and its uvicorn prints the port it got.
pub async fn translate_stdio_to(
    installation: &Installation,
    remote: Remote,
    dir: &Path,
    limit: Duration,
) -> Result<Served> {
    let expose = match remote {
        Remote::Sse => "--expose-sse",
        Remote::StreamableHttp => "--expose-streamable-http",
    };
    let args = vec![
        "--stdio".to_owned(),
        time_server_stdio_command()?,
        expose.to_owned(),
        "--host".to_owned(),
        "127.0.0.1".to_owned(),
        "--port".to_owned(),
        "0".to_owned(),
    ];
    let spec = zygote::launch_spec(installation, "translate", MODULE, &args, vec![], dir).await?;
    let mut process = ServerProcess::spawn(spec)?;
    let pattern = Regex::new(r"Uvicorn running on (http://\S+)").unwrap();
    let base = process
        .wait_for_stderr(&pattern, limit)
        .await
        .context("translate did not come up")?;
    Ok(Served {
        url: format!("{}{}", base.trim_end_matches('/'), remote.path()),
        process,
    })
}

/// translate's remote → stdio direction: `translate --connect-… URL --stdioCommand CMD` runs CMD
/// as the local stdio *client* of the remote server (CMD's stdout is POSTed upstream, the
/// server's messages go to CMD's stdin). CMD is a relay to two FIFOs in `dir`; the suite's stdio
/// session is the other end of them (the returned target), so our client speaks stdio through
/// translate to the remote server. Returns translate's process and that target.
pub async fn translate_to_stdio(
    installation: &Installation,
    remote: Remote,
    url: &str,
    dir: &Path,
) -> Result<(Served, Target)> {
    let client_out = dir.join("client-to-translate");
    let client_in = dir.join("translate-to-client");
    for fifo in [&client_out, &client_in] {
        nix::unistd::mkfifo(
            fifo.as_path(),
            nix::sys::stat::Mode::S_IRUSR | nix::sys::stat::Mode::S_IWUSR,
        )
        .with_context(|| format!("creating the FIFO {}", fifo.display()))?;
    }
    // An explicit `<` matters: sh gives background commands /dev/null as stdin.
    let relay = |from: &Path, to: &Path| {
        format!(
            "cat < {} & exec cat > {}",
            shell_words::quote(&from.display().to_string()),
            shell_words::quote(&to.display().to_string())
        )
    };
    let connect = match remote {
        Remote::Sse => "--connect-sse",
        Remote::StreamableHttp => "--connect-streamable-http",
    };
    let translate_side = format!(
        "sh -c {}",
        shell_words::quote(&relay(&client_out, &client_in))
    );
    let args = vec![
        connect.to_owned(),
        url.to_owned(),
        "--stdioCommand".to_owned(),
        translate_side,
    ];
    let spec = zygote::launch_spec(installation, "translate", MODULE, &args, vec![], dir).await?;
    let process = ServerProcess::spawn(spec)?;
    let client_side = LaunchSpec {
        label: "stdio relay to translate".to_owned(),
        program: "/bin/sh".into(),
        args: vec!["-c".to_owned(), relay(&client_in, &client_out)],
        env: Vec::new(),
        cwd: dir.to_owned(),
    };
    let target = Target::scenario_server(
        &format!("translate {connect} {url}"),
        Some(&client_side),
        None,
    );
    Ok((
        Served {
            url: url.to_owned(),
            process,
        },
        target,
    ))
}

/// The gateway's stdio wrapper in front of `url`, sending `Authorization: <auth>` upstream.
/// The token travels in the environment (`MCP_AUTH`), never on the command line.
pub async fn wrapper(
    installation: &Installation,
    url: &str,
    auth: &Secret,
    dir: &Path,
) -> Result<Target> {
    let env = vec![
        ("MCP_SERVER_URL".to_owned(), url.to_owned()),
        ("MCP_AUTH".to_owned(), auth.expose().to_owned()),
        ("MCP_TOOL_CALL_TIMEOUT".to_owned(), "10".to_owned()),
    ];
    let spec =
        zygote::launch_spec(installation, "wrapper", "mcpgateway.wrapper", &[], env, dir).await?;
    Ok(Target::scenario_server(
        &format!("ContextForge wrapper for {url}"),
        Some(&spec),
        None,
    ))
}
