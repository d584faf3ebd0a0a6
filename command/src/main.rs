//! `mcp-acceptance`: the suite's generic features (carried inside this binary) against your MCP
//! server, from any folder, without Rust or this repository:
//!
//! ```sh
//! mcp-acceptance --command "npx -y @modelcontextprotocol/server-everything stdio" --tags @protocol
//! mcp-acceptance --url http://127.0.0.1:8000/mcp --bearer-token-env MY_TOKEN
//! ```
//!
//! Exit status: 0 every scenario passed (expected failures included), 1 a scenario failed,
//! 2 the run could not start (bad arguments, no server given), 130/143 interrupted.
//! The output and its closing line are the cargo route's (`cargo test --test acceptance`).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use clap::Parser;

mod features {
    include!(concat!(env!("OUT_DIR"), "/features.rs"));
}

/// Runs the generic MCP acceptance features against your server.
#[derive(Debug, Parser)]
#[command(name = "mcp-acceptance", version)]
struct Options {
    /// A stdio server: the command line that starts it.
    #[arg(long, value_name = "COMMAND LINE")]
    command: Option<String>,
    /// A streamable HTTP server already running at this URL (a path ending in /sse: legacy SSE).
    #[arg(long)]
    url: Option<String>,
    /// A legacy HTTP+SSE server's event stream at any path.
    #[arg(long)]
    sse_url: Option<String>,
    /// The environment variable holding a bearer token for HTTP (never printed).
    #[arg(long, value_name = "VARIABLE")]
    bearer_token_env: Option<String>,
    /// Safe calls the scenarios may make, by role, as a JSON object (see the README).
    #[arg(long, value_name = "JSON")]
    probes: Option<String>,
    /// A TOML file `known_defects = [{ scenario = "…", reason = "…" }]`: scenarios your server is
    /// known to fail (reported as expected failures).
    #[arg(long, value_name = "FILE")]
    known_defects: Option<PathBuf>,
    /// Which scenarios run (a tag expression, e.g. '@protocol and not @sse').
    #[arg(long, value_name = "EXPRESSION")]
    tags: Option<String>,
    /// The JUnit report (Cucumber JSON and summary.json go beside it).
    #[arg(
        long,
        value_name = "PATH",
        default_value = "mcp-acceptance-reports/junit.xml"
    )]
    junit: PathBuf,
    /// The HTML report.
    #[arg(long, value_name = "PATH")]
    html: Option<PathBuf>,
    /// Print the scenarios (place, name, tags) that would run, and run none.
    #[arg(long)]
    list: bool,
    /// Run only shard K of N (reports get a -shard-K-of-N suffix).
    #[arg(long, value_name = "K/N")]
    shard: Option<String>,
    /// Scenarios at once (default 2).
    #[arg(long, value_name = "N")]
    concurrency: Option<usize>,
}

/// The runner's exit status for a run that could not start.
const COULD_NOT_RUN: u8 = 2;

fn main() -> ExitCode {
    let options = match Options::try_parse() {
        Ok(options) => options,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() {
                ExitCode::from(COULD_NOT_RUN)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    if options.command.is_none()
        && options.url.is_none()
        && options.sse_url.is_none()
        && !options.list
    {
        eprintln!(
            "mcp-acceptance: name your server with --command, --url or --sse-url (see --help)"
        );
        return ExitCode::from(COULD_NOT_RUN);
    }
    let args = runner_args(&options);
    mcp_acceptance::runner::main_with(args, |run_folder| prepare(&options, run_folder))
}

/// The runner's command line: tags, list, shard, concurrency.
fn runner_args(options: &Options) -> Vec<String> {
    let mut args = vec!["mcp-acceptance".to_owned()];
    if let Some(tags) = &options.tags {
        args.extend(["--tags".to_owned(), tags.clone()]);
    }
    if options.list {
        args.push("--list".to_owned());
    }
    if let Some(shard) = &options.shard {
        args.extend(["--shard".to_owned(), shard.clone()]);
    }
    if let Some(n) = options.concurrency {
        args.extend(["--concurrency".to_owned(), n.to_string()]);
    }
    args
}

/// Writes the carried features into the run folder and describes the server and the reports in
/// the environment the runner reads. Runs before any thread exists.
fn prepare(options: &Options, run_folder: &Path) -> Result<()> {
    let here = std::env::current_dir().context("no working folder")?;
    let features = run_folder.join("features");
    for (path, text) in features::FEATURES {
        let file = features.join(path);
        std::fs::create_dir_all(file.parent().expect("a feature file has a folder"))?;
        std::fs::write(&file, text)?;
    }
    let absolute = |path: &Path| here.join(path).into_os_string();
    let mut env: Vec<(&str, OsString)> = vec![
        ("MCP_ACCEPTANCE_FEATURES", features.into_os_string()),
        // Relative server paths and the server's working folder: where the command runs.
        ("MCP_ACCEPTANCE_ROOT", here.clone().into_os_string()),
        // No fixture servers to build: an empty folder of them.
        ("MCP_BIN_DIR", run_folder.join("bin").into_os_string()),
        ("MCP_ACCEPTANCE_JUNIT", absolute(&options.junit)),
    ];
    let given = [
        ("MCP_SUT_COMMAND", &options.command),
        ("MCP_SUT_URL", &options.url),
        ("MCP_SUT_SSE_URL", &options.sse_url),
        ("MCP_SUT_PROBES", &options.probes),
    ];
    for (var, value) in given {
        if let Some(value) = value {
            env.push((var, value.into()));
        }
    }
    if let Some(var) = &options.bearer_token_env {
        let Some(token) = std::env::var_os(var).filter(|t| !t.is_empty()) else {
            bail!("--bearer-token-env {var}: ${var} is not set");
        };
        env.push(("MCP_SUT_BEARER_TOKEN", token));
    }
    if let Some(file) = &options.known_defects {
        env.push((
            mcp_acceptance::runner::KNOWN_DEFECTS_VARIABLE,
            absolute(file),
        ));
    }
    if let Some(html) = &options.html {
        env.push(("MCP_ACCEPTANCE_HTML", absolute(html)));
    }
    for (var, value) in env {
        // SAFETY: the runner calls this before any thread starts.
        unsafe { std::env::set_var(var, value) };
    }
    Ok(())
}
