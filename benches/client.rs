//! The suite's own MCP client against the bundled reference server: stdio spawn + initialize,
//! and one `tools/call` round trip on an open session over stdio and over streamable HTTP.
//! Prints the median and p95 of N rounds each (default 1,000). Run by `fixtures/bench/run.sh`
//! in the debug and in a release build; `cargo bench --bench client -- N` runs it alone.
//! The server binaries come from `MCP_BIN_DIR` (default: the fixture build, target/fixtures).

use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, ensure};
use mcp_acceptance::mcp::client::ClientBehaviour;
use mcp_acceptance::mcp::registry::Target;
use mcp_acceptance::mcp::session::{McpSession, SessionOptions};
use mcp_acceptance::mcp::transport::Transport;
use serde_json::{Map, Value, json};

/// The same bound the scenarios use for one step.
const STEP_BOUND: Duration = Duration::from_secs(10);

fn main() -> Result<()> {
    let rounds: usize = std::env::args()
        .skip(1)
        .find(|arg| !arg.starts_with('-'))
        .map(|arg| arg.parse().context("the argument is the number of rounds"))
        .transpose()?
        .unwrap_or(1000);
    // The runner's runtime: two workers.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(bench(rounds))
}

async fn bench(rounds: usize) -> Result<()> {
    let target = Target::registered("reference")?;
    let profile = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    println!("client bench ({profile} build, {rounds} rounds each): median / p95");
    let spawn = spawn_and_initialize(&target, rounds).await?;
    report("stdio spawn + initialize", &spawn);
    for transport in [Transport::Stdio, Transport::Http] {
        let calls = tool_calls(&target, transport, rounds).await?;
        report(&format!("tools/call over {transport}"), &calls);
    }
    Ok(())
}

fn options() -> SessionOptions {
    SessionOptions {
        label: "bench".to_owned(),
        protocol_version: "2025-11-25".to_owned(),
        behaviour: ClientBehaviour::default(),
        timeout: STEP_BOUND,
    }
}

/// Time from spawning the server to the end of the initialize handshake; the close is not timed.
async fn spawn_and_initialize(target: &Target, rounds: usize) -> Result<Vec<Duration>> {
    let mut times = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let start = Instant::now();
        let mut session = McpSession::open(target, Transport::Stdio, options()).await?;
        times.push(start.elapsed());
        session.close().await?;
    }
    Ok(times)
}

/// One echo call per round on one open session.
async fn tool_calls(target: &Target, transport: Transport, rounds: usize) -> Result<Vec<Duration>> {
    let mut session = McpSession::open(target, transport, options()).await?;
    let arguments: Map<String, Value> = json!({"message": "bench"})
        .as_object()
        .cloned()
        .expect("an object");
    let mut times = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let start = Instant::now();
        let reply = session.call_tool("echo", arguments.clone()).await?;
        times.push(start.elapsed());
        ensure!(reply.is_ok(), "echo over {transport} failed: {reply:?}");
    }
    session.close().await?;
    Ok(times)
}

fn report(what: &str, times: &[Duration]) {
    let mut sorted = times.to_vec();
    sorted.sort();
    let at = |q: f64| sorted[((sorted.len() - 1) as f64 * q).round() as usize];
    println!(
        "  {what:<28} {:>8.3} ms / {:>8.3} ms",
        at(0.5).as_secs_f64() * 1e3,
        at(0.95).as_secs_f64() * 1e3
    );
}
