//! The warnings of a scenario as the reports show them: each names the statement it comes
//! from, taken from the scenario's `@spec-…` tags whose level in `docs/spec/` is SHOULD or MAY
//! (a scenario beyond the text, with no such tag, says so).

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::report::coverage::read_pages;
use crate::report::spec_coverage::{SPEC_DIR, TAG_PREFIX, parse_spec_page};

/// Statement ID → level (MUST, SHOULD, MAY), from the specification pages.
fn levels() -> &'static HashMap<String, String> {
    static LEVELS: OnceLock<HashMap<String, String>> = OnceLock::new();
    LEVELS.get_or_init(|| {
        read_pages(&crate::package_root(), SPEC_DIR, parse_spec_page)
            .map(|(pages, _)| {
                pages
                    .into_iter()
                    .flat_map(|p| p.statements)
                    .map(|s| (s.id, s.level))
                    .collect()
            })
            .unwrap_or_default()
    })
}

/// The statements a scenario's warnings come from: its SHOULD / MAY `@spec-…` tags.
fn advisory_statements(tags: &[String], levels: &HashMap<String, String>) -> Vec<String> {
    tags.iter()
        .filter_map(|tag| {
            let id = tag.strip_prefix('@')?.strip_prefix(TAG_PREFIX)?;
            let level = levels.get(id)?;
            (level != "MUST").then(|| format!("{tag} ({level})"))
        })
        .collect()
}

/// Each miss as `warning, <statement(s)>: <what the server did>`.
pub fn named(tags: &[String], misses: Vec<String>) -> Vec<String> {
    name_with(tags, misses, levels())
}

fn name_with(
    tags: &[String],
    misses: Vec<String>,
    levels: &HashMap<String, String>,
) -> Vec<String> {
    let statements = advisory_statements(tags, levels);
    let source = if statements.is_empty() {
        "advice beyond the specification text".to_owned()
    } else {
        statements.join(", ")
    };
    misses
        .into_iter()
        .map(|miss| format!("warning, {source}: {miss}"))
        .collect()
}

/// The warnings as lines under the scenario's steps in the terminal and JUnit's system-out.
pub fn as_log(warnings: &[String]) -> String {
    let mut text = String::new();
    for warning in warnings {
        for (i, line) in warning.lines().enumerate() {
            let lead = if i == 0 { "  ⚠ " } else { "      " };
            text.push_str(&format!("    {lead}{line}\n"));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_warning_names_the_scenarios_should_statements() {
        let levels: HashMap<String, String> = [("res-5", "SHOULD"), ("res-7", "MUST")]
            .into_iter()
            .map(|(id, level)| (id.to_owned(), level.to_owned()))
            .collect();
        let tags = vec![
            "@protocol".to_owned(),
            "@spec-res-7".into(),
            "@spec-res-5".into(),
        ];
        assert_eq!(
            name_with(&tags, vec!["answered -32602".into()], &levels),
            ["warning, @spec-res-5 (SHOULD): answered -32602"]
        );
        assert_eq!(
            name_with(&["@protocol".into()], vec!["no".into()], &levels),
            ["warning, advice beyond the specification text: no"]
        );
        assert_eq!(as_log(&["a\nb".into()]), "      ⚠ a\n          b\n");
    }
}
