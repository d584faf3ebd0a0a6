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
