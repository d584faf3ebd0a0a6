//! Which scenarios a run runs: `--name` or else `--tags` (applied here, so that a shard picks
//! among what they select), or without either all but `@known-defect`; and `--list`, which
//! prints them instead of running them.

use std::path::PathBuf;
use std::process::ExitCode;

use cucumber::World as _;
use cucumber::WriterExt as _;
use cucumber::gherkin::{Feature, Rule, Scenario};
use cucumber::tag::Ext as _;
use cucumber::writer::{self, Coloring, Verbosity};

use super::{features_dir, parse_cli, shards};
use crate::world::McpWorld;

/// Which scenarios run: those `--name` or else `--tags` select (the run applies them itself, so
/// that a shard picks among what they select), or without either all but `@known-defect`; of
/// those, a shard's share.
pub(super) fn selection<P: clap::Args, R: clap::Args, W: clap::Args, C: clap::Args>(
    cli: &mut cucumber::cli::Opts<P, R, W, C>,
    shard: Option<shards::Shard>,
) -> impl Fn(&Feature, Option<&Rule>, &Scenario) -> bool + 'static {
    let (names, tags) = (cli.re_filter.take(), cli.tags_filter.take());
    let picker = shard.map(shards::Picker::new);
    move |feature, rule, scenario| {
        let chosen = match (&names, &tags) {
            (Some(names), _) => names.is_match(&scenario.name),
            (None, Some(tags)) => tags.eval(
                feature
                    .tags
                    .iter()
                    .chain(rule.iter().flat_map(|r| &r.tags))
                    .chain(&scenario.tags),
            ),
            (None, None) => not_a_known_defect(feature, rule, scenario),
        };
        chosen && picker.as_ref().is_none_or(shards::Picker::takes_next)
    }
}

/// `--list`: the scenarios a run with these arguments would run, one line each (place, name,
/// tags), without running them.
pub(super) fn list(args: Vec<String>, shard: Option<shards::Shard>) -> ExitCode {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let listed = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let lines = listed.clone();
    let files_root = files_root();
    runtime.block_on(async move {
        let silent =
            writer::Basic::raw(std::io::sink(), Coloring::Never, Verbosity::Default).normalized();
        let mut cli = parse_cli(&silent, args);
        let selected = selection(&mut cli, shard);
        McpWorld::cucumber()
            .with_writer(silent)
            .with_cli(cli)
            .filter_run(features_dir(), move |feature, rule, scenario| {
                if selected(feature, rule, scenario) {
                    let file = file_of(feature, &files_root);
                    let tags: Vec<String> = feature
                        .tags
                        .iter()
                        .chain(rule.iter().flat_map(|r| &r.tags))
                        .chain(&scenario.tags)
                        .map(|t| format!("@{t}"))
                        .collect();
                    lines.lock().unwrap().push(format!(
                        "{file}:{}: {}  {}",
                        scenario.position.line,
                        scenario.name,
                        tags.join(" ")
                    ));
                }
                false
            })
            .await;
    });
    let listed = listed.lock().unwrap();
    for line in listed.iter() {
        println!("{line}");
    }
    eprintln!("acceptance: {} scenarios", listed.len());
    crate::harness::run_folder::leave();
    ExitCode::SUCCESS
}

/// The feature's file as the reports name it: relative to `files_root` when it lies under it.
pub(super) fn file_of(feature: &Feature, files_root: &std::path::Path) -> String {
    feature.path.as_deref().map_or_else(
        || feature.name.clone(),
        |path| {
            path.strip_prefix(files_root)
                .unwrap_or(path)
                .display()
                .to_string()
        },
    )
}

/// Feature files are named relative to this folder (the one holding `features/`).
pub(super) fn files_root() -> PathBuf {
    features_dir()
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default()
}

/// The run without `--tags`/`--name` leaves out scenarios tagged `@known-defect` (behaviour a
/// real third-party system is known to get wrong; each is explained in its feature). A
/// `--tags` or `--name` filter replaces this one (as in cucumber), so `--tags @known-defect`
/// runs them.
fn not_a_known_defect(feature: &Feature, rule: Option<&Rule>, scenario: &Scenario) -> bool {
    !feature
        .tags
        .iter()
        .chain(rule.iter().flat_map(|r| &r.tags))
        .chain(&scenario.tags)
        .any(|tag| tag == "known-defect")
}
