//! `cargo test` passes libtest's flags to every test binary; cucumber's CLI rejects them. This
//! turns them into cucumber's equivalents or drops them, and takes out the runner's own options
//! (`--shard K/N`, `--merge`).

use super::shards::Shard;

/// The runner's own options (not cucumber's).
#[derive(Debug, Default, PartialEq)]
pub struct RunnerOptions {
    /// `--shard K/N`: run the K-th of N shards.
    pub shard: Option<Shard>,
    /// `--merge`: merge the shard reports into one run's instead of running.
    pub merge: bool,
    /// `--list`: print the selected scenarios (place, name, tags) instead of running them.
    pub list: bool,
    /// `--strict` (or `MCP_STRICT=1`): a scenario with warnings fails.
    pub strict: bool,
}

/// `MCP_STRICT=1` does what `--strict` does.
pub const STRICT_VARIABLE: &str = "MCP_STRICT";

/// Takes the runner's own options out of `args` (program name first).
pub fn runner_options(args: Vec<String>) -> anyhow::Result<(RunnerOptions, Vec<String>)> {
    let mut options = RunnerOptions {
        strict: std::env::var(STRICT_VARIABLE).is_ok_and(|v| v == "1" || v == "true"),
        ..RunnerOptions::default()
    };
    let mut rest = Vec::new();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == "--merge" {
            options.merge = true;
        } else if arg == "--list" {
            options.list = true;
        } else if arg == "--strict" {
            options.strict = true;
        } else if arg == "--shard" {
            let value = args
                .next()
                .ok_or_else(|| anyhow::anyhow!("--shard takes K/N"))?;
            options.shard = Some(value.parse()?);
        } else if let Some(value) = arg.strip_prefix("--shard=") {
            options.shard = Some(value.parse()?);
        } else {
            rest.push(arg);
        }
    }
    Ok((options, rest))
}

/// libtest flags that take no value and mean nothing to cucumber.
const DROPPED_FLAGS: &[&str] = &[
    "--nocapture",
    "--show-output",
    "--quiet",
    "-q",
    "--exact",
    "--ignored",
    "--include-ignored",
    "--bench",
    "--test",
    "--report-time",
    "--ensure-time",
    "--shuffle",
    "--no-fail-fast",
];
/// libtest options whose value is dropped with them.
const DROPPED_OPTIONS: &[&str] = &["--format", "-Z", "--logfile", "--skip", "--shuffle-seed"];
/// cucumber options that take a value (so the value is not mistaken for a name filter).
const CUCUMBER_OPTIONS: &[&str] = &[
    "--tags",
    "-t",
    "--name",
    "-n",
    "--scenario-name",
    "--input",
    "-i",
    "--concurrency",
    "-c",
    "--retry",
    "--retry-after",
    "--retry-tag-filter",
    "--color",
    "--junit-v",
];

/// Translates the process arguments (program name first) for cucumber's parser.
pub fn cucumber_args(args: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut args = args.into_iter();
    let mut out: Vec<String> = args.next().into_iter().collect();
    let mut name_filter = None;
    while let Some(arg) = args.next() {
        let (flag, inline_value) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_owned(), Some(value.to_owned()))
            }
            _ => (arg.clone(), None),
        };
        if DROPPED_FLAGS.contains(&flag.as_str()) {
            continue;
        }
        if DROPPED_OPTIONS.contains(&flag.as_str()) {
            if inline_value.is_none() {
                args.next();
            }
            continue;
        }
        if flag == "--test-threads" {
            let threads = inline_value.or_else(|| args.next());
            out.extend([
                "--concurrency".to_owned(),
                threads.unwrap_or_else(|| "1".to_owned()),
            ]);
            continue;
        }
        if CUCUMBER_OPTIONS.contains(&flag.as_str()) && inline_value.is_none() {
            out.push(arg);
            out.extend(args.next());
            continue;
        }
        if !arg.starts_with('-') {
            // libtest's positional name filter becomes a scenario name filter.
            name_filter = Some(arg);
            continue;
        }
        out.push(arg);
    }
    let has_tags = out
        .iter()
        .any(|a| a == "--tags" || a == "-t" || a.starts_with("--tags="));
    if let (Some(filter), false) = (name_filter, has_tags) {
        out.extend(["--name".to_owned(), regex::escape(&filter)]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::cucumber_args;

    fn translate(line: &str) -> Vec<String> {
        cucumber_args(
            std::iter::once("acceptance".to_owned())
                .chain(line.split_whitespace().map(str::to_owned)),
        )
    }

    #[test]
    fn shard_and_merge_are_the_runners_own() {
        let words = |line: &str| line.split_whitespace().map(str::to_owned).collect();
        let (options, rest) = super::runner_options(words("a --shard 2/4 --tags @x")).unwrap();
        assert_eq!(options.shard.map(|s| (s.index, s.count)), Some((2, 4)));
        assert_eq!(rest, ["a", "--tags", "@x"]);
        let (options, _) = super::runner_options(words("a --shard=1/2 --merge")).unwrap();
        assert!(options.merge && options.shard.is_some());
        assert!(super::runner_options(words("a --shard 3")).is_err());
        let (options, rest) = super::runner_options(words("a --strict --tags @x")).unwrap();
        assert!(options.strict);
        assert_eq!(rest, ["a", "--tags", "@x"]);
    }

    #[test]
    fn libtest_flags_are_dropped_or_translated() {
        assert_eq!(
            translate("--nocapture --format pretty --test-threads=4"),
            ["acceptance", "--concurrency", "4"]
        );
    }

    #[test]
    fn tag_expressions_pass_through() {
        assert_eq!(
            translate("--tags @smoke --nocapture"),
            ["acceptance", "--tags", "@smoke"]
        );
    }

    #[test]
    fn a_positional_filter_becomes_a_name_filter() {
        assert_eq!(translate("ping"), ["acceptance", "--name", "ping"]);
        assert_eq!(translate("-t @smoke ping"), ["acceptance", "-t", "@smoke"]);
    }
}
