//! The acceptance runner: cucumber over `features/`, terminal output and JUnit XML at once,
//! skips with reasons, cleanup, and a closing line `acceptance: N passed, N failed, N skipped`.

mod args;
mod outcomes;
pub mod preflight;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser as _;
use cucumber::writer::{self, Coloring, Verbosity};
use cucumber::{World as _, WriterExt as _};

use crate::harness::child_process::kill_all_live_groups;
use crate::world::McpWorld;
use outcomes::{Outcomes, Tally};

/// How many scenarios run at once unless `MCP_CONCURRENCY` or `--concurrency` says otherwise:
/// fits 2 cores, where most time is spent waiting on servers.
const DEFAULT_CONCURRENCY: usize = 2;

/// Entry point of `tests/acceptance.rs`.
pub fn main() -> ExitCode {
    let args = args::cucumber_args(std::env::args());
    crate::harness::fixture_binaries::build();
    // Before any thread starts: it sets MCP_ACCEPTANCE_JWKS_URL for the registry's servers.
    if let Err(error) = crate::harness::jwt::publish_jwks_url() {
        eprintln!("acceptance: no JWKS endpoint for the auth scenarios: {error:#}");
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    let tally = match runtime.block_on(run(args)) {
        Ok(tally) => tally,
        Err(error) => {
            eprintln!("acceptance: {error:#}");
            println!("acceptance: 0 passed, 1 failed, 0 skipped");
            return ExitCode::FAILURE;
        }
    };
    drop(runtime);
    let leftovers = kill_all_live_groups();
    crate::systems::end_of_run();
    if leftovers > 0 {
        eprintln!(
            "acceptance: killed {leftovers} server process group(s) still running after the run"
        );
    }
    tally.print_skip_reasons();
    crate::harness::latency::print_table();
    let counts = tally.counts();
    println!(
        "acceptance: {} passed, {} failed, {} skipped",
        counts.passed, counts.failed, counts.skipped
    );
    if counts.failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

async fn run(args: Vec<String>) -> anyhow::Result<Tally> {
    let junit_path = junit_path();
    if let Some(dir) = junit_path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let junit_file = std::fs::File::create(&junit_path).map_err(|e| {
        anyhow::anyhow!(
            "cannot write the JUnit report {}: {e}",
            junit_path.display()
        )
    })?;

    if preflight::server_was_chosen()
        && let Ok(target) = crate::world::run_target()
    {
        preflight::run(&target).await;
    }

    let tally = Tally::default();
    let terminal_and_junit =
        writer::Basic::raw(std::io::stdout(), Coloring::Auto, Verbosity::Default)
            .summarized()
            .tee::<McpWorld, _>(writer::JUnit::for_tee(junit_file, Verbosity::Default));
    let writer = Outcomes::new(terminal_and_junit, tally.clone()).normalized();

    let cli = cucumber::cli::Opts::<_, _, _, cucumber::cli::Empty>::parse_from(args);
    McpWorld::cucumber()
        .with_writer(writer)
        .fail_on_skipped()
        .max_concurrent_scenarios(concurrency())
        .after(|_, _, _, _, world| {
            Box::pin(async move {
                if let Some(world) = world {
                    world.shutdown().await;
                }
            })
        })
        .with_cli(cli)
        .filter_run(features_dir(), not_a_known_defect)
        .await;
    eprintln!(
        "acceptance: JUnit report written to {}",
        junit_path.display()
    );
    Ok(tally)
}

/// The run without `--tags`/`--name` leaves out scenarios tagged `@known-defect` (behaviour a
/// real third-party system is known to get wrong; each is explained in its feature). A
/// `--tags` or `--name` filter replaces this one (cucumber's rule), so
/// `--tags @known-defect` runs them.
fn not_a_known_defect(
    feature: &cucumber::gherkin::Feature,
    rule: Option<&cucumber::gherkin::Rule>,
    scenario: &cucumber::gherkin::Scenario,
) -> bool {
    !feature
        .tags
        .iter()
        .chain(rule.iter().flat_map(|r| &r.tags))
        .chain(&scenario.tags)
        .any(|tag| tag == "known-defect")
}

/// `MCP_ACCEPTANCE_FEATURES`, or the package's `features/`.
fn features_dir() -> PathBuf {
    std::env::var_os("MCP_ACCEPTANCE_FEATURES")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::package_root().join("features"))
}

/// `MCP_ACCEPTANCE_JUNIT`, or `target/acceptance/junit.xml` in the package.
fn junit_path() -> PathBuf {
    std::env::var_os("MCP_ACCEPTANCE_JUNIT")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::package_root().join("target/acceptance/junit.xml"))
}

fn concurrency() -> usize {
    std::env::var("MCP_CONCURRENCY")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(DEFAULT_CONCURRENCY)
}
