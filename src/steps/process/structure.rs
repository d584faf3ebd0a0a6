//! Process steps: the feature files themselves.

use super::*;

#[then("the process features are a full set and a minimal set tagged @smoke")]
pub(super) async fn full_and_minimal(_world: &mut McpWorld) -> StepResult {
    ps::feature_files::check_full_and_minimal(&ps::feature_files::process_features()?)
}

#[then(
    "every step of the minimal feature, apart from its time checks, is one the full process features use"
)]
pub(super) async fn same_vocabulary(_world: &mut McpWorld) -> StepResult {
    ps::feature_files::check_same_vocabulary(&ps::feature_files::process_features()?)
}

#[then(
    "every scenario of the full process features belongs to a Rule, and every Rule has scenarios"
)]
pub(super) async fn rules_everywhere(_world: &mut McpWorld) -> StepResult {
    ps::feature_files::check_rules(&ps::feature_files::process_features()?)
}
