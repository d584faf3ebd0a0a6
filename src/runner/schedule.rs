//! The order scenarios start in: longest first, by what each took in earlier runs.
//!
//! Scenarios run several at once, so a long one (a cancellation waiting out a slow tool) that
//! starts last stretches the run's end while the others are done; started first, it overlaps
//! them. The parser reads the features as cucumber's own does, then puts the features whose
//! longest scenario took longest first, and each feature's scenarios longest first; with no
//! earlier timing it keeps the files' order. Only the order changes: the selection, the
//! results and each scenario's name and line do not.
//!
//! The timings are kept in `durations.json` beside the run's reports, merged run after run (a
//! run of a few scenarios updates only theirs).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use cucumber::{gherkin, parser};
use futures::StreamExt as _;

use super::tally::ScenarioRecord;

const DURATIONS_FILE: &str = "durations.json";

/// What each scenario (`file:line`, as the reports name it) took in milliseconds.
#[derive(Debug, Default, Clone)]
pub struct Durations(HashMap<String, u64>);

impl Durations {
    /// The timings kept beside the reports in `dir` (none if there are none, or unreadable).
    pub fn load(dir: &Path) -> Self {
        let map = std::fs::read_to_string(dir.join(DURATIONS_FILE))
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default();
        Self(map)
    }

    /// Merges this run's timings into the kept ones (written whole, then renamed into place, so
    /// runs ending together never leave half a file).
    pub fn save(mut self, dir: &Path, records: &[ScenarioRecord]) -> std::io::Result<()> {
        for record in records.iter().filter(|r| r.duration_ms > 0) {
            self.0
                .insert(key(&record.file, record.line), record.duration_ms);
        }
        let path = dir.join(DURATIONS_FILE);
        let partial = dir.join(format!(".{DURATIONS_FILE}.{}", std::process::id()));
        std::fs::write(&partial, serde_json::to_vec(&self.0)?)?;
        std::fs::rename(partial, path)
    }

    fn of(&self, file: &str, line: usize) -> u64 {
        self.0.get(&key(file, line)).copied().unwrap_or(0)
    }
}

fn key(file: &str, line: usize) -> String {
    format!("{file}:{line}")
}

/// cucumber's parser, with the features and scenarios put longest first.
pub struct LongestFirst {
    durations: Durations,
    /// Feature files are named relative to this folder, as in the reports.
    files_root: PathBuf,
}

impl LongestFirst {
    pub fn new(durations: Durations, files_root: PathBuf) -> Self {
        Self {
            durations,
            files_root,
        }
    }

    fn reorder(
        &self,
        mut features: Vec<parser::Result<gherkin::Feature>>,
    ) -> Vec<parser::Result<gherkin::Feature>> {
        let mut longest = HashMap::new();
        for (index, feature) in features.iter_mut().enumerate() {
            let Ok(feature) = feature else { continue };
            let file = super::selection::file_of(feature, &self.files_root);
            let timed = |s: &gherkin::Scenario| self.durations.of(&file, s.position.line);
            let mut scenarios = std::mem::take(&mut feature.scenarios);
            scenarios.sort_by_key(|s| std::cmp::Reverse(timed(s)));
            let mut rules = std::mem::take(&mut feature.rules);
            for rule in &mut rules {
                rule.scenarios.sort_by_key(|s| std::cmp::Reverse(timed(s)));
            }
            rules.sort_by_key(|r| std::cmp::Reverse(r.scenarios.iter().map(timed).max()));
            let max = scenarios
                .iter()
                .chain(rules.iter().flat_map(|r| &r.scenarios))
                .map(timed)
                .max()
                .unwrap_or(0);
            feature.scenarios = scenarios;
            feature.rules = rules;
            longest.insert(index, max);
        }
        // A feature that did not parse keeps its place at the front, where its error shows.
        let mut indexed: Vec<_> = features.into_iter().enumerate().collect();
        indexed.sort_by_key(|(index, _)| {
            std::cmp::Reverse(longest.get(index).copied().unwrap_or(u64::MAX))
        });
        indexed.into_iter().map(|(_, feature)| feature).collect()
    }
}

impl<I: AsRef<Path>> cucumber::Parser<I> for LongestFirst {
    type Cli = parser::basic::Cli;
    type Output = futures::stream::Iter<std::vec::IntoIter<parser::Result<gherkin::Feature>>>;

    fn parse(self, input: I, cli: Self::Cli) -> Self::Output {
        // cucumber's parser reads every file before it yields the first feature.
        let features =
            futures::executor::block_on(parser::Basic::new().parse(input, cli).collect());
        futures::stream::iter(self.reorder(features))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feature(path: &str, lines: &[usize]) -> gherkin::Feature {
        let scenarios = lines
            .iter()
            .map(|line| format!("  Scenario: at {line}\n    Given a step\n"))
            .collect::<String>();
        let text = format!("Feature: {path}\n{scenarios}");
        let mut feature = gherkin::Feature::parse(text, gherkin::GherkinEnv::default()).unwrap();
        feature.path = Some(PathBuf::from(format!("/root/{path}")));
        feature
    }

    fn order(features: Vec<parser::Result<gherkin::Feature>>) -> Vec<(String, Vec<usize>)> {
        features
            .into_iter()
            .map(|f| {
                let f = f.unwrap();
                (
                    f.name,
                    f.scenarios.iter().map(|s| s.position.line).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn longest_scenarios_start_first_and_untimed_ones_keep_their_order() {
        let durations = Durations(HashMap::from([
            ("b.feature:4".to_owned(), 1500),
            ("b.feature:2".to_owned(), 20),
            ("a.feature:2".to_owned(), 40),
        ]));
        let schedule = LongestFirst::new(durations, PathBuf::from("/root"));
        let features = vec![
            Ok(feature("a.feature", &[2, 4])),
            Ok(feature("b.feature", &[2, 4, 6])),
        ];
        assert_eq!(
            order(schedule.reorder(features)),
            [
                ("b.feature".to_owned(), vec![4, 2, 6]),
                ("a.feature".to_owned(), vec![2, 4]),
            ]
        );
    }

    #[test]
    fn without_timings_the_files_order_is_kept() {
        let schedule = LongestFirst::new(Durations::default(), PathBuf::from("/root"));
        let features = vec![
            Ok(feature("a.feature", &[2, 4])),
            Ok(feature("b.feature", &[2])),
        ];
        assert_eq!(
            order(schedule.reorder(features)),
            [
                ("a.feature".to_owned(), vec![2, 4]),
                ("b.feature".to_owned(), vec![2]),
            ]
        );
    }
}
