//! The scenarios the server under test is known to fail: its registry entry's `known_defects`
//! plus those of the file `MCP_KNOWN_DEFECTS` names (same shape: `known_defects = [{ scenario =
//! "…", reason = "…" }]`), for a server the registry does not hold.

use anyhow::{Context as _, Result};
use regex::Regex;
use serde::Deserialize;

use crate::mcp::registry::{KnownDefect, Target};

/// The file of known defects for an ad-hoc server (or more for a registered one).
pub const KNOWN_DEFECTS_VARIABLE: &str = "MCP_KNOWN_DEFECTS";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KnownDefectsFile {
    known_defects: Vec<KnownDefect>,
}

/// One listed scenario, ready to match.
#[derive(Debug)]
struct Entry {
    place: Place,
    reason: String,
}

#[derive(Debug)]
enum Place {
    /// `features/x.feature:12`
    Location { file: String, line: usize },
    /// A scenario name, `*` matching any text.
    Name(Regex),
}

#[derive(Debug, Default)]
pub struct KnownDefects {
    /// Whose defects they are (for messages).
    server: String,
    entries: Vec<Entry>,
}

impl KnownDefects {
    /// The run target's list and the `MCP_KNOWN_DEFECTS` file's.
    pub fn for_run(target: Option<&Target>) -> Result<Self> {
        let mut listed: Vec<KnownDefect> = target
            .map(|t| t.known_defects().to_vec())
            .unwrap_or_default();
        if let Some(path) = std::env::var_os(KNOWN_DEFECTS_VARIABLE).filter(|p| !p.is_empty()) {
            let text = std::fs::read_to_string(&path).with_context(|| {
                format!("cannot read the known-defects file {}", path.display())
            })?;
            let file: KnownDefectsFile = toml::from_str(&text).with_context(|| {
                format!(
                    "the known-defects file {} is not `known_defects = [{{ scenario = \"…\", reason = \"…\" }}, …]`",
                    path.display()
                )
            })?;
            listed.extend(file.known_defects);
        }
        let server = target.map_or_else(|| "the server".to_owned(), |t| t.name.clone());
        Ok(Self {
            server,
            entries: listed.into_iter().map(Entry::from).collect(),
        })
    }

    pub fn server(&self) -> &str {
        &self.server
    }

    /// The reason the scenario at `file:line` named `name` is listed, if it is.
    pub fn reason_for(&self, file: &str, line: usize, name: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|entry| match &entry.place {
                Place::Location { file: f, line: l } => *l == line && file.ends_with(f.as_str()),
                Place::Name(pattern) => pattern.is_match(name),
            })
            .map(|entry| entry.reason.as_str())
    }
}

impl From<KnownDefect> for Entry {
    fn from(defect: KnownDefect) -> Self {
        let location = defect
            .scenario
            .rsplit_once(':')
            .filter(|(file, _)| file.ends_with(".feature"))
            .and_then(|(file, line)| Some((file.to_owned(), line.trim().parse().ok()?)));
        let place = match location {
            Some((file, line)) => Place::Location { file, line },
            None => {
                let pattern = defect
                    .scenario
                    .split('*')
                    .map(regex::escape)
                    .collect::<Vec<_>>()
                    .join(".*");
                Place::Name(Regex::new(&format!("^{pattern}$")).expect("escaped"))
            }
        };
        Self {
            place,
            reason: defect.reason,
        }
    }
}

/// The tag of a scenario a real third-party system is known to fail (ContextForge, FastMCP).
pub const TAGGED_KNOWN_DEFECT: &str = "@known-defect";

/// The reason of a scenario tagged `@known-defect`: the comment the feature writes just above
/// it (above its tag lines; for an Examples row, above its Examples block).
pub fn tagged_reason(feature: Option<&std::path::Path>, line: usize) -> String {
    let fallback =
        || "a known defect of the system (tagged @known-defect in the feature)".to_owned();
    let Some(text) = feature.and_then(|path| std::fs::read_to_string(path).ok()) else {
        return fallback();
    };
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let mut index = line.saturating_sub(1).min(lines.len());
    // An Examples row: its comment stands above its Examples block.
    if lines.get(index).is_some_and(|l| l.starts_with('|')) {
        while index > 0 && !lines[index].starts_with("Examples") {
            index -= 1;
        }
    }
    let mut comment = Vec::new();
    while index > 0 {
        index -= 1;
        match lines[index] {
            l if l.starts_with('@') => continue,
            l if l.starts_with('#') => comment.push(l.trim_start_matches('#').trim()),
            _ => break,
        }
    }
    if comment.is_empty() {
        return fallback();
    }
    comment.reverse();
    comment.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(entries: &[(&str, &str)]) -> KnownDefects {
        KnownDefects {
            server: "s".into(),
            entries: entries
                .iter()
                .map(|(scenario, reason)| {
                    Entry::from(KnownDefect {
                        scenario: (*scenario).into(),
                        reason: (*reason).into(),
                    })
                })
                .collect(),
        }
    }

    #[test]
    fn a_tagged_defect_gives_the_comment_above_it_or_above_its_examples() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.feature");
        std::fs::write(
            &path,
            "Feature: f\n\n  # It answers 404,\n  # not 401.\n  @known-defect @x\n  Scenario: s\n    Given g\n\n  Scenario Outline: o\n    Given <a>\n\n    # Its row fails.\n    @known-defect\n    Examples:\n      | a |\n      | 1 |\n",
        )
        .unwrap();
        assert_eq!(tagged_reason(Some(&path), 6), "It answers 404, not 401.");
        assert_eq!(tagged_reason(Some(&path), 16), "Its row fails.");
        assert!(tagged_reason(Some(&path), 9).contains("tagged @known-defect"));
    }

    #[test]
    fn scenarios_match_by_location_or_by_name_with_wildcards() {
        let known = list(&[
            ("features/protocol/jsonrpc.feature:22", "row"),
            ("Calling a tool that does not exist over *", "outline"),
            ("A foreign Host header is refused", "exact"),
        ]);
        assert_eq!(
            known.reason_for("features/protocol/jsonrpc.feature", 22, "x"),
            Some("row")
        );
        assert_eq!(
            known.reason_for("features/protocol/jsonrpc.feature", 23, "x"),
            None
        );
        assert_eq!(
            known.reason_for("f", 1, "Calling a tool that does not exist over sse"),
            Some("outline")
        );
        assert_eq!(
            known.reason_for("f", 1, "A foreign Host header is refused with 403"),
            None
        );
        assert_eq!(
            known.reason_for("f", 1, "A foreign Host header is refused"),
            Some("exact")
        );
    }
}
