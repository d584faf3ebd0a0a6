//! Shards: `--shard K/N` runs every N-th of the selected scenarios, starting with the K-th, in
//! the order cucumber reads them (feature files sorted by path, scenarios and Examples rows in
//! file order), so N shards split a run evenly by count and each scenario runs in exactly one.
//! Each shard writes its reports with a `-shard-K-of-N` suffix; `--merge` combines the shard
//! files of the report folder into the reports of one run (same totals, same closing line).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context as _, Result, bail, ensure};
use regex::Regex;

use super::reports::{ReportPaths, Summary};
use super::tally::Counts;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 1-based.
    pub index: usize,
    pub count: usize,
}

impl std::str::FromStr for Shard {
    type Err = anyhow::Error;

    fn from_str(text: &str) -> Result<Self> {
        let (k, n) = text
            .split_once('/')
            .with_context(|| format!("--shard takes K/N (e.g. 2/4), not {text:?}"))?;
        let (index, count): (usize, usize) = (k.trim().parse()?, n.trim().parse()?);
        ensure!(
            count >= 1 && (1..=count).contains(&index),
            "--shard {text}: K must be between 1 and N"
        );
        Ok(Self { index, count })
    }
}

/// Picks a shard's scenarios from those a run selects, one call per selected scenario in order.
#[derive(Debug)]
pub struct Picker {
    shard: Shard,
    seen: AtomicUsize,
}

impl Picker {
    pub fn new(shard: Shard) -> Self {
        Self {
            shard,
            seen: AtomicUsize::new(0),
        }
    }

    /// Whether the next selected scenario belongs to this shard.
    pub fn takes_next(&self) -> bool {
        let position = self.seen.fetch_add(1, Ordering::SeqCst);
        position % self.shard.count == self.shard.index - 1
    }
}

/// Merges the shard reports found next to `paths` into `paths`; returns the merged counts.
pub fn merge(paths: &ReportPaths) -> Result<Counts> {
    let junits = shard_files(&paths.junit)?;
    let count = junits.len();
    let mut summaries = Vec::new();
    for k in 1..=count {
        let shard = ReportPaths {
            junit: paths.junit.clone(),
            cucumber_json: paths.cucumber_json.clone(),
            summary: paths.summary.clone(),
            html: paths.html.clone(),
        }
        .for_shard(k, count);
        summaries.push(shard);
    }
    let texts = read_all(summaries.iter().map(|s| &s.junit))?;
    std::fs::write(&paths.junit, merge_junit(&texts)?)
        .with_context(|| format!("cannot write {}", paths.junit.display()))?;
    let mut features: Vec<serde_json::Value> = Vec::new();
    for text in read_all(summaries.iter().map(|s| &s.cucumber_json))? {
        let serde_json::Value::Array(items) = serde_json::from_str(&text)? else {
            bail!("a shard's Cucumber JSON is not an array of features");
        };
        for feature in items {
            merge_feature(&mut features, feature);
        }
    }
    std::fs::write(&paths.cucumber_json, serde_json::to_string(&features)?)?;
    let mut merged: Option<Summary> = None;
    for text in read_all(summaries.iter().map(|s| &s.summary))? {
        let part: Summary = serde_json::from_str(&text)?;
        merged = Some(match merged {
            None => part,
            Some(sum) => sum.plus(part),
        });
    }
    let merged = merged.context("no shard summaries")?;
    merged.write(&paths.summary)?;
    Ok(merged.counts)
}

/// Adds a Cucumber JSON feature: the scenarios ("elements") of a feature several shards ran
/// join the first entry with its `uri`.
fn merge_feature(features: &mut Vec<serde_json::Value>, feature: serde_json::Value) {
    let uri = feature.get("uri").cloned();
    let same = features
        .iter_mut()
        .find(|f| uri.is_some() && f.get("uri") == uri.as_ref());
    match (same, feature.get("elements").and_then(|e| e.as_array())) {
        (Some(existing), Some(elements)) => {
            if let Some(all) = existing.get_mut("elements").and_then(|e| e.as_array_mut()) {
                all.extend(elements.iter().cloned());
            }
        }
        _ => features.push(feature),
    }
}

/// `junit-shard-1-of-N.xml` … `junit-shard-N-of-N.xml` beside `junit`; all N must be there.
fn shard_files(junit: &Path) -> Result<Vec<PathBuf>> {
    let dir = junit.parent().unwrap_or(Path::new("."));
    let stem = junit.file_stem().unwrap_or_default().to_string_lossy();
    let pattern = Regex::new(&format!(
        r"^{}-shard-(\d+)-of-(\d+)\.xml$",
        regex::escape(&stem)
    ))?;
    let mut found: BTreeMap<usize, BTreeMap<usize, PathBuf>> = BTreeMap::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(caps) = pattern.captures(&name) {
            let (k, n) = (caps[1].parse()?, caps[2].parse()?);
            found.entry(n).or_default().insert(k, entry.path());
        }
    }
    let Some((n, shards)) = found.into_iter().next_back() else {
        bail!(
            "no shard reports ({stem}-shard-K-of-N.xml) in {}",
            dir.display()
        );
    };
    let missing: Vec<usize> = (1..=n).filter(|k| !shards.contains_key(k)).collect();
    ensure!(
        missing.is_empty(),
        "shards {missing:?} of {n} have no report in {}",
        dir.display()
    );
    Ok(shards.into_values().collect())
}

fn read_all<'a>(paths: impl Iterator<Item = &'a PathBuf>) -> Result<Vec<String>> {
    paths
        .map(|p| std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display())))
        .collect()
}

/// A feature's `<testsuite>` gathered from the shards.
struct MergedSuite {
    name: String,
    /// The attributes of its first start tag.
    attrs: Vec<(String, String)>,
    /// Summed tests, errors, failures, time.
    sums: [f64; 4],
    body: String,
}

/// One `<testsuites>` holding one `<testsuite>` per feature, whose testcases come from every
/// shard and whose counts are their sums.
fn merge_junit(files: &[String]) -> Result<String> {
    let attribute = Regex::new(r#"(\w+)="([^"]*)""#)?;
    let mut suites: Vec<MergedSuite> = Vec::new();
    for file in files {
        for (start_tag, body) in testsuites(file)? {
            let attrs: Vec<(String, String)> = attribute
                .captures_iter(&start_tag)
                .map(|c| (c[1].to_owned(), c[2].to_owned()))
                .collect();
            let get = |key: &str| {
                attrs
                    .iter()
                    .find(|(k, _)| k == key)
                    .and_then(|(_, v)| v.parse::<f64>().ok())
                    .unwrap_or(0.0)
            };
            let numbers = [get("tests"), get("errors"), get("failures"), get("time")];
            let name = attrs
                .iter()
                .find(|(k, _)| k == "name")
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            match suites.iter_mut().find(|suite| suite.name == name) {
                Some(suite) => {
                    for (sum, value) in suite.sums.iter_mut().zip(numbers) {
                        *sum += value;
                    }
                    suite.body.push_str(&body);
                }
                None => suites.push(MergedSuite {
                    name,
                    attrs,
                    sums: numbers,
                    body,
                }),
            }
        }
    }
    let mut out = String::from(r#"<?xml version="1.0" encoding="utf-8"?><testsuites>"#);
    for (
        id,
        MergedSuite {
            attrs, sums, body, ..
        },
    ) in suites.into_iter().enumerate()
    {
        out.push_str("<testsuite");
        for (key, value) in attrs {
            let value = match key.as_str() {
                "id" => id.to_string(),
                "tests" => (sums[0] as u64).to_string(),
                "errors" => (sums[1] as u64).to_string(),
                "failures" => (sums[2] as u64).to_string(),
                "time" => sums[3].to_string(),
                _ => value,
            };
            let _ = write!(out, r#" {key}="{value}""#);
        }
        let _ = write!(out, ">{body}</testsuite>");
    }
    out.push_str("</testsuites>");
    Ok(out)
}

/// The `<testsuite …>` start tags and bodies of a JUnit file (CDATA sections are skipped when
/// looking for the end of a suite).
fn testsuites(xml: &str) -> Result<Vec<(String, String)>> {
    let mut suites = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find("<testsuite ") {
        let tag_end = start
            + rest[start..]
                .find('>')
                .context("unterminated <testsuite>")?;
        let start_tag = rest[start..=tag_end].to_owned();
        let mut at = tag_end + 1;
        loop {
            let cdata = rest[at..].find("<![CDATA[").map(|i| i + at);
            let close = rest[at..]
                .find("</testsuite>")
                .map(|i| i + at)
                .context("unterminated <testsuite>")?;
            match cdata {
                Some(open) if open < close => {
                    at = open + rest[open..].find("]]>").context("unterminated CDATA")? + 3;
                }
                _ => {
                    suites.push((start_tag, rest[tag_end + 1..close].to_owned()));
                    rest = &rest[close + "</testsuite>".len()..];
                    break;
                }
            }
        }
    }
    Ok(suites)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_take_every_nth_scenario_and_together_all_of_them() {
        let pickers: Vec<Picker> = (1..=4)
            .map(|k| Picker::new(Shard { index: k, count: 4 }))
            .collect();
        let mut taken = [0; 4];
        for _ in 0..10 {
            let owners: Vec<usize> = (0..4).filter(|&i| pickers[i].takes_next()).collect();
            assert_eq!(owners.len(), 1, "each scenario in exactly one shard");
            taken[owners[0]] += 1;
        }
        assert_eq!(taken, [3, 3, 2, 2]);
        assert!("0/4".parse::<Shard>().is_err());
        assert!("5/4".parse::<Shard>().is_err());
    }

    #[test]
    fn junit_files_merge_by_feature_with_summed_counts() {
        let shard = |cases: &str, tests: u32, failures: u32| {
            format!(
                r#"<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite id="0" name="F" tests="{tests}" errors="0" failures="{failures}" time="1.5">{cases}</testsuite></testsuites>"#
            )
        };
        let one = shard(
            r#"<testcase name="a"><system-out><![CDATA[</testsuite>]]></system-out></testcase>"#,
            1,
            0,
        );
        let two = shard(r#"<testcase name="b"><failure/></testcase>"#, 1, 1);
        let merged = merge_junit(&[one, two]).unwrap();
        assert!(
            merged.contains(r#"name="F" tests="2" errors="0" failures="1" time="3""#),
            "{merged}"
        );
        assert_eq!(merged.matches("<testcase").count(), 2);
        assert_eq!(merged.matches("<testsuite ").count(), 1);
    }
}
