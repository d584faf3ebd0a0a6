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
mod schedule;
mod selection;
mod shards;
mod tally;
mod warned;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser as _;
use cucumber::writer::{self, Coloring, Verbosity};
use cucumber::{World as _, WriterExt as _};

use crate::harness::child_process::kill_all_live_groups;
use crate::harness::warnings;
use crate::world::McpWorld;
use interrupt::Interruption;
use known_defects::KnownDefects;
use outcomes::Outcomes;
use reports::{ReportPaths, Summary};
use tally::Tally;

pub use known_defects::KNOWN_DEFECTS_VARIABLE;

/// How many scenarios run at once unless `MCP_CONCURRENCY` or `--concurrency` says otherwise.
/// Most scenarios wait on their servers: on 2 cores, once servers started without a fork of the
/// suite, `--tags @protocol` took 5.9 s at 8, 5.3 s at 12, 4.4 s at 16 (longest first,
/// schedule.rs), no less above; the whole default run 116 s at 16. Heavy scenarios also take a
/// slot of their own class, of which there are fewer (harness/weight.rs).
const DEFAULT_CONCURRENCY: usize = 16;

/// Exit status of a run that could not start (bad arguments, unreadable registry, …).
const COULD_NOT_RUN: u8 = 2;

/// Entry point of `tests/acceptance.rs`.
pub fn main() -> ExitCode {
    main_with(std::env::args().collect(), |_| Ok(()))
}

/// The run with `args` (program name first); `prepare` runs once the run folder exists and
/// before any thread starts, so it may write files there and set environment variables (the
/// `mcp-acceptance` command writes its features and describes the server there).
pub fn main_with(
    args: Vec<String>,
    prepare: impl FnOnce(&std::path::Path) -> anyhow::Result<()>,
) -> ExitCode {
    // First, before any thread starts: it points TMPDIR at the run's own folder.
    match crate::harness::run_folder::enter() {
        Ok(swept) if swept.folders > 0 => eprintln!(
            "acceptance: removed {} folder(s) of earlier runs that were killed, and {} process group(s) they left running",
            swept.folders, swept.groups
        ),
        Ok(_) => {}
        Err(error) => eprintln!("acceptance: no run folder of its own: {error:#}"),
    }
    if let Err(error) = prepare(&std::env::temp_dir()) {
        return could_not_run(&error);
    }
    let (options, args) = match args::runner_options(args) {
        Ok(split) => split,
        Err(error) => return could_not_run(&error),
    };
    if options.merge {
        return merge_shards();
    }
    let args = args::cucumber_args(args);
    if options.list {
        return selection::list(args, options.shard);
    }
    crate::harness::fixture_binaries::build();
    // Before any thread starts: it sets MCP_ACCEPTANCE_JWKS_URL for the registry's servers.
    if let Err(error) = crate::harness::jwt::publish_jwks_url() {
        eprintln!("acceptance: no JWKS endpoint for the auth scenarios: {error:#}");
    }
    let paths = ReportPaths::from_env(options.shard.map(|s| (s.index, s.count)));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    let outcome = runtime.block_on(run(args, &paths, options.shard, options.strict));
    // Blocking tasks a dropped scenario left (an interrupted run) are not waited for.
    runtime.shutdown_timeout(std::time::Duration::from_millis(300));
    let (tally, interruption) = match outcome {
        Ok(finished) => finished,
        Err(error) => return could_not_run(&error),
    };
    // First what the run keeps on purpose (not a leftover), then whatever a scenario left.
    crate::systems::end_of_run();
    let leftovers = kill_all_live_groups();
    if leftovers > 0 {
        eprintln!(
            "acceptance: killed {leftovers} server process group(s) still running after the run"
        );
    }
    let status = close(&tally, &paths, interruption);
    crate::harness::run_folder::leave();
    status
}

fn could_not_run(error: &anyhow::Error) -> ExitCode {
    eprintln!("acceptance: {error:#}");
    println!("acceptance: 0 passed, 1 failed, 0 skipped");
    crate::harness::run_folder::leave();
    ExitCode::from(COULD_NOT_RUN)
}

/// `--merge`: the shard reports of the report folder become one run's.
fn merge_shards() -> ExitCode {
    let paths = ReportPaths::from_env(None);
    let merged = shards::merge(&paths);
    crate::harness::run_folder::leave();
    match merged {
        Ok(counts) => {
            eprintln!(
                "acceptance: shard reports merged into {}, {}, {}",
                paths.junit.display(),
                paths.cucumber_json.display(),
                paths.summary.display()
            );
            write_html(&paths);
            println!("{}", counts.breakdown_line());
            println!("{}", counts.closing_line());
            if counts.failed > 0 {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(error) => {
            eprintln!("acceptance: cannot merge the shard reports: {error:#}");
            ExitCode::from(COULD_NOT_RUN)
        }
    }
}

/// The self-contained HTML report, from the run's summary and Cucumber JSON.
fn write_html(paths: &ReportPaths) {
    if let Err(error) =
        crate::report::write_html_report(&paths.summary, &paths.cucumber_json, &paths.html)
    {
        eprintln!(
            "acceptance: no HTML report written to {}: {error:#}",
            paths.html.display()
        );
    }
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
    write_html(paths);
    if let Some(dir) = paths.summary.parent() {
        // Only the order of later runs depends on it (schedule.rs): a failure is not worth a line.
        let _ = schedule::Durations::load(dir).save(dir, &summary.scenarios);
    }
    eprintln!(
        "acceptance: reports written: {}, {}, {}, {}",
        paths.junit.display(),
        paths.cucumber_json.display(),
        paths.summary.display(),
        paths.html.display()
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
    shard: Option<shards::Shard>,
    strict: bool,
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
    let (outcomes, finisher) = Outcomes::new(
        writers,
        tally.clone(),
        known,
        selection::files_root(),
        strict,
    );

    let mut cli = parse_cli(&outcomes, args);
    let writer_cli = cli.writer;
    let selected = selection::selection(&mut cli, shard);
    let reports_dir = paths.summary.parent().unwrap_or(std::path::Path::new("."));
    let longest_first = schedule::LongestFirst::new(
        schedule::Durations::load(reports_dir),
        selection::files_root(),
    );
    let scenarios = McpWorld::cucumber::<PathBuf>()
        .with_parser(longest_first)
        .with_writer(outcomes)
        .fail_on_skipped()
        .max_concurrent_scenarios(concurrency())
        .before(|feature, rule, scenario, world| {
            world.tags = feature
                .tags
                .iter()
                .chain(rule.iter().flat_map(|rule| &rule.tags))
                .chain(&scenario.tags)
                .map(|tag| format!("@{tag}"))
                .collect();
            Box::pin(async move {
                world.heavy_slot = crate::harness::weight::take_slot(&world.tags).await;
            })
        })
        .after(|feature, _, scenario, _, world| {
            Box::pin(async move {
                if let Some(world) = world {
                    world.shutdown().await;
                    world.heavy_slot = None;
                    // The outcome writer takes them when it sees this hook end.
                    warnings::hand_over(feature, scenario, &mut world.warnings);
                }
            })
        })
        .with_cli(cli)
        .filter_run(features_dir(), selected);
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
pub(super) fn parse_cli<Wr: cucumber::Writer<McpWorld>>(
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

/// `MCP_ACCEPTANCE_FEATURES`, or the package's `features/`.
pub(super) fn features_dir() -> PathBuf {
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
