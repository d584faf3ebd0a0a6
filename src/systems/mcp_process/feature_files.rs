//! Checks on the feature files themselves (the process features' structure): which files form
//! the full and the minimal set, the steps they use, and their Rules.

use std::collections::BTreeSet;

use anyhow::{Context, Result, ensure};
use cucumber::gherkin::{Feature, GherkinEnv};

/// One parsed file of `features/process/`.
pub struct FeatureFile {
    pub file: String,
    pub feature: Feature,
}

impl FeatureFile {
    fn is_smoke(&self) -> bool {
        self.feature.tags.iter().any(|t| t == "smoke")
    }

    /// Every step of its backgrounds and scenarios, as written.
    fn steps(&self) -> Vec<String> {
        let feature = &self.feature;
        let scenarios = feature
            .scenarios
            .iter()
            .chain(feature.rules.iter().flat_map(|r| r.scenarios.iter()));
        let backgrounds = feature
            .background
            .iter()
            .chain(feature.rules.iter().filter_map(|r| r.background.as_ref()));
        backgrounds
            .flat_map(|b| b.steps.iter())
            .chain(scenarios.flat_map(|s| s.steps.iter()))
            .map(|s| s.value.clone())
            .collect()
    }
}

/// The files of `features/process/`, parsed, by name.
pub fn process_features() -> Result<Vec<FeatureFile>> {
    let dir = crate::package_root().join("features/process");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).with_context(|| format!("no {}", dir.display()))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "feature") {
            let feature = Feature::parse_path(&path, GherkinEnv::default())
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            out.push(FeatureFile {
                file: path.file_name().unwrap().to_string_lossy().into_owned(),
                feature,
            });
        }
    }
    out.sort_by(|a, b| a.file.cmp(&b.file));
    Ok(out)
}

/// A step's wording with its quoted and numeric values left out: the step it calls.
pub fn wording(step: &str) -> String {
    let quoted = regex::Regex::new(r#""[^"]*"|'[^']*'"#).unwrap();
    let number = regex::Regex::new(r"\b\d+(\.\d+)?\b").unwrap();
    number
        .replace_all(&quoted.replace_all(step, "{}"), "{}")
        .into_owned()
}

/// Every file is tagged @process; exactly `minimal.feature` is also @smoke; the rest is the
/// full set.
pub fn check_full_and_minimal(features: &[FeatureFile]) -> Result<()> {
    let untagged: Vec<&str> = features
        .iter()
        .filter(|f| !f.feature.tags.iter().any(|t| t == "process"))
        .map(|f| f.file.as_str())
        .collect();
    ensure!(
        untagged.is_empty(),
        "files not tagged @process: {untagged:?}"
    );
    let minimal: Vec<&str> = features
        .iter()
        .filter(|f| f.is_smoke())
        .map(|f| f.file.as_str())
        .collect();
    ensure!(
        minimal == ["minimal.feature"],
        "expected exactly minimal.feature tagged @smoke, found {minimal:?}"
    );
    let full = features.iter().filter(|f| !f.is_smoke()).count();
    ensure!(full >= 2, "the full set has only {full} feature(s)");
    Ok(())
}

/// The minimal feature uses only steps the full set uses too (its time checks aside).
pub fn check_same_vocabulary(features: &[FeatureFile]) -> Result<()> {
    let full: BTreeSet<String> = features
        .iter()
        .filter(|f| !f.is_smoke())
        .flat_map(FeatureFile::steps)
        .map(|s| wording(&s))
        .collect();
    let foreign: Vec<String> = features
        .iter()
        .filter(|f| f.is_smoke())
        .flat_map(FeatureFile::steps)
        .map(|s| wording(&s))
        .filter(|s| !full.contains(s) && !s.starts_with("the scenario has taken less than"))
        .collect();
    ensure!(
        foreign.is_empty(),
        "steps of the minimal feature that the full set does not use: {foreign:?}"
    );
    Ok(())
}

/// In the full set every scenario sits under a Rule, and no Rule is empty.
pub fn check_rules(features: &[FeatureFile]) -> Result<()> {
    for f in features.iter().filter(|f| !f.is_smoke()) {
        let loose: Vec<&str> = f
            .feature
            .scenarios
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        ensure!(
            loose.is_empty(),
            "{}: scenarios outside a Rule: {loose:?}",
            f.file
        );
        ensure!(!f.feature.rules.is_empty(), "{}: no Rule", f.file);
        for rule in &f.feature.rules {
            ensure!(
                !rule.scenarios.is_empty(),
                "{}: Rule \"{}\" has no scenario",
                f.file,
                rule.name
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn wording_leaves_out_values() {
        assert_eq!(
            super::wording(r#"the client starts "sleep" with the arguments "5""#),
            "the client starts {} with the arguments {}"
        );
        assert_eq!(
            super::wording("that process is gone within 2.5 seconds"),
            "that process is gone within {} seconds"
        );
    }
}
