//! SHOULD-level checks: when the server misses one, the scenario passes with a warning that
//! names the statement, instead of failing (MUST-level checks still fail the step).
//!
//! How a warning reaches the reports: a step records it in the World's [`Warnings`]
//! (`world.warnings.should(check)`); the After hook of the run hands the scenario's warnings over
//! under the scenario's identity ([`hand_over`]); the runner's outcome writer takes them
//! ([`take`]) when it sees that hook end, names the statement from the scenario's `@spec-…` tags
//! and shows them in the terminal, JUnit, Cucumber JSON, `summary.json` and the HTML report
//! (or fails the scenario under `--strict`).

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use cucumber::gherkin;

/// What a scenario is known by, in the runner and here: the addresses of its parsed feature and
/// scenario (the same for every attempt of a retried scenario).
pub type ScenarioKey = (usize, usize);

pub fn scenario_key(feature: &gherkin::Feature, scenario: &gherkin::Scenario) -> ScenarioKey {
    (
        feature as *const gherkin::Feature as usize,
        scenario as *const gherkin::Scenario as usize,
    )
}

/// The misses of the scenario's SHOULD-level checks, in the order they happened.
#[derive(Debug, Default)]
pub struct Warnings(Vec<String>);

impl Warnings {
    /// A SHOULD / SHOULD NOT / MAY check: nothing happens when it holds; when it misses, its
    /// message (what the server did) becomes a warning and the step goes on.
    pub fn should(&mut self, check: anyhow::Result<()>) {
        if let Err(miss) = check {
            self.0.push(format!("{miss:#}"));
        }
    }
}

fn handed_over() -> &'static Mutex<HashMap<ScenarioKey, Vec<String>>> {
    static HANDED_OVER: OnceLock<Mutex<HashMap<ScenarioKey, Vec<String>>>> = OnceLock::new();
    HANDED_OVER.get_or_init(Default::default)
}

/// At the end of a scenario (attempt): its warnings, for the runner to report.
pub fn hand_over(
    feature: &gherkin::Feature,
    scenario: &gherkin::Scenario,
    warnings: &mut Warnings,
) {
    let taken = std::mem::take(&mut warnings.0);
    if !taken.is_empty() {
        let key = scenario_key(feature, scenario);
        handed_over().lock().unwrap().insert(key, taken);
    }
}

/// The warnings a scenario (attempt) handed over, once.
pub fn take(key: ScenarioKey) -> Vec<String> {
    handed_over()
        .lock()
        .unwrap()
        .remove(&key)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_miss_is_kept_and_a_hit_is_not() {
        let mut warnings = Warnings::default();
        warnings.should(Ok(()));
        warnings.should(Err(anyhow::anyhow!("answered -32603")));
        assert_eq!(warnings.0, vec!["answered -32603".to_owned()]);
    }
}
