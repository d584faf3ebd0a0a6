//! The acceptance runner: cucumber over `features/`; terminal output, JUnit XML and Cucumber
//! JSON at once; skips, expected failures and fixed known defects with their reasons; a
//! preflight of a chosen server; a clean stop on SIGINT/SIGTERM; `summary.json`; and a closing
//! line `acceptance: N passed, N failed, N skipped`.

mod args;
mod interrupt;
mod known_defects;
mod outcomes;
pub mod preflight;
mod reports;
mod tally;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser as _;
use cucumber::writer::{self, Coloring, Verbosity};
use cucumber::{World as _, WriterExt as _};

use crate::harness::child_process::kill_all_live_groups;
use crate::world::McpWorld;
use interrupt::Interruption;
use known_defects::KnownDefects;
use outcomes::Outcomes;
use reports::{ReportPaths, Summary};
use tally::Tally;

pub use known_defects::KNOWN_DEFECTS_VARIABLE;

/// How many scenarios run at once unless `MCP_CONCURRENCY` or `--concurrency` says otherwise:
/// fits 2 cores, where most time is spent waiting on servers.
const DEFAULT_CONCURRENCY: usize = 2;

/// Exit status of a run that could not start (bad arguments, unreadable registry, …).
const COULD_NOT_RUN: u8 = 2;

/// Entry point of `tests/acceptance.rs`.
pub fn main() -> ExitCode {
    // First, before any thread starts: it points TMPDIR at the run's own folder.
    match crate::harness::run_folder::enter() {
        Ok(swept) if swept.folders > 0 => eprintln!(
            "acceptance: removed {} folder(s) of earlier runs that were killed, and {} process group(s) they left running",
            swept.folders, swept.groups
        ),
        Ok(_) => {}
        Err(error) => eprintln!("acceptance: no run folder of its own: {error:#}"),
    }
    let args = args::cucumber_args(std::env::args());
    crate::harness::fixture_binaries::build();
    // Before any thread starts: it sets MCP_ACCEPTANCE_JWKS_URL for the registry's servers.
    if let Err(error) = crate::harness::jwt::publish_jwks_url() {
        eprintln!("acceptance: no JWKS endpoint for the auth scenarios: {error:#}");
    }
    let paths = ReportPaths::from_env(None);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    let outcome = runtime.block_on(run(args, &paths));
    // Blocking tasks a dropped scenario left (an interrupted run) are not waited for.
    runtime.shutdown_timeout(std::time::Duration::from_millis(300));
    let (tally, interruption) = match outcome {
        Ok(finished) => finished,
        Err(error) => {
            eprintln!("acceptance: {error:#}");
            println!("acceptance: 0 passed, 1 failed, 0 skipped");
            crate::harness::run_folder::leave();
            return ExitCode::from(COULD_NOT_RUN);
        }
    };
    let leftovers = kill_all_live_groups();
    crate::systems::end_of_run();
    if leftovers > 0 {
        eprintln!(
            "acceptance: killed {leftovers} server process group(s) still running after the run"
        );
    }
    let status = close(&tally, &paths, interruption);
    crate::harness::run_folder::leave();
    status
}

/// Everything after the scenarios: the reasons, the latency table, the reports, the two last
/// lines and the exit status.
fn close(tally: &Tally, paths: &ReportPaths, interruption: Option<Interruption>) -> ExitCode {
    tally.print_reasons();
    crate::harness::latency::print_table();
    let summary = Summary::of(tally);
    if let Err(error) = summary.write(&paths.summary) {
        eprintln!("acceptance: {error:#}");
    }
    // The HTML report is written here, from `paths.summary` and `paths.cucumber_json` into
    // `paths.html`, once the report module (issue 14, item 5) is merged.
    eprintln!(
        "acceptance: reports written: {}, {}, {}",
        paths.junit.display(),
        paths.cucumber_json.display(),
        paths.summary.display()
    );
    if let Some(interruption) = &interruption {
        eprintln!("acceptance: {interruption}: the run was stopped; the counts cover what ran");
    }
    println!("{}", summary.counts.breakdown_line());
    println!("{}", summary.closing_line);
    match interruption {
        Some(interruption) => ExitCode::from(interruption.exit_status()),
        None if summary.counts.failed > 0 => ExitCode::FAILURE,
        None => ExitCode::SUCCESS,
    }
}

async fn run(
    args: Vec<String>,
    paths: &ReportPaths,
) -> anyhow::Result<(Tally, Option<Interruption>)> {
    paths.create_dirs()?;
    let create = |path: &PathBuf, what: &str| {
        std::fs::File::create(path)
            .map_err(|e| anyhow::anyhow!("cannot write the {what} {}: {e}", path.display()))
    };
    let junit_file = create(&paths.junit, "JUnit report")?;
    let json_file = create(&paths.cucumber_json, "Cucumber JSON report")?;
    let interruptions = interrupt::listen()?;

    let target = crate::world::run_target().ok();
    if preflight::server_was_chosen()
        && let Some(target) = &target
    {
        preflight::run(target).await;
    }
    let known = KnownDefects::for_run(target.as_deref())?;

    let tally = Tally::default();
    let writers = writer::Basic::raw(std::io::stdout(), Coloring::Auto, Verbosity::Default)
        .summarized()
        .tee::<McpWorld, _>(writer::JUnit::for_tee(junit_file, Verbosity::Default))
        .tee::<McpWorld, _>(writer::Json::for_tee(json_file))
        .normalized();
    let files_root = features_dir()
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default();
    let (outcomes, finisher) = Outcomes::new(writers, tally.clone(), known, files_root);

    let cli = parse_cli(&outcomes, args);
    let writer_cli = cli.writer;
    let scenarios = McpWorld::cucumber()
        .with_writer(outcomes)
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
        .filter_run(features_dir(), not_a_known_defect);
    let interruption = tokio::select! {
        _ = scenarios => None,
        interruption = interruptions.next() => Some(interruption),
    };
    if let Some(interruption) = &interruption {
        // The scenarios were dropped mid-step: their worlds (and temp dirs) are gone; kill what
        // they started, then let the writers close what was open.
        kill_all_live_groups();
        finisher
            .close_interrupted::<McpWorld>(&writer_cli, &interruption.to_string())
            .await;
    }
    Ok((tally, interruption))
}

/// cucumber's command line, typed for `writer` (its options are kept for an interrupted run).
fn parse_cli<Wr: cucumber::Writer<McpWorld>>(
    _writer: &Wr,
    args: Vec<String>,
) -> cucumber::cli::Opts<
    cucumber::parser::basic::Cli,
    cucumber::runner::basic::Cli,
    Wr::Cli,
    cucumber::cli::Empty,
> {
    cucumber::cli::Opts::parse_from(args)
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

fn concurrency() -> usize {
    std::env::var("MCP_CONCURRENCY")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(DEFAULT_CONCURRENCY)
}
