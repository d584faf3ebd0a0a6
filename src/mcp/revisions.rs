//! Which protocol revision a generic scenario judges the server by. A server is judged by its
//! own revision: the newest stateful revision the registry says it supports (its
//! `protocol_versions`), or the one `MCP_PROTOCOL_REVISION` names, so a run per supported
//! revision is one run per value of that variable. A scenario about something a later revision
//! introduced carries `@since-<revision>` and is skipped, with the reason, when the revision
//! under test is older.

use anyhow::{Result, bail};

use crate::mcp::registry::Target;
use crate::mcp::transport::Transport;
use crate::world::DEFAULT_PROTOCOL_VERSION;

/// The revisions a session with a handshake (`initialize`) speaks, oldest first. 2026-07-28 is
/// stateless and has features of its own (`features/protocol/stateless.feature`).
pub const STATEFUL_REVISIONS: [&str; 4] = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"];

const ENV: &str = "MCP_PROTOCOL_REVISION";

/// The revision the generic sessions request of `target`; `None` when the registry says the
/// server speaks no revision with a handshake (only the stateless 2026-07-28 protocol) and no
/// revision was chosen.
pub fn revision_under_test(target: &Target) -> Result<Option<String>> {
    let chosen = std::env::var(ENV).ok().filter(|v| !v.is_empty());
    let claimed = target.claimed_protocol_versions();
    if chosen.is_none() && claimed.is_some_and(stateless_only) {
        return Ok(None);
    }
    choose(chosen.as_deref(), claimed).map(Some)
}

fn stateless_only(claimed: &[String]) -> bool {
    !claimed
        .iter()
        .any(|version| STATEFUL_REVISIONS.contains(&version.as_str()))
}

fn choose(chosen: Option<&str>, claimed: Option<&[String]>) -> Result<String> {
    if let Some(revision) = chosen {
        if !STATEFUL_REVISIONS.contains(&revision) {
            bail!(
                "{ENV}={revision} is not a revision the generic features speak ({})",
                STATEFUL_REVISIONS.join(", ")
            );
        }
        return Ok(revision.to_owned());
    }
    let newest_claimed = STATEFUL_REVISIONS
        .iter()
        .rev()
        .find(|revision| claimed.is_some_and(|c| c.iter().any(|v| v == *revision)));
    Ok(newest_claimed
        .copied()
        .unwrap_or(DEFAULT_PROTOCOL_VERSION)
        .to_owned())
}

/// The revision that introduced `transport` (streamable HTTP replaced HTTP+SSE in 2025-03-26;
/// servers keep serving legacy SSE sessions at newer revisions, so it has no bound).
pub fn transport_since(transport: Transport) -> Option<&'static str> {
    (transport == Transport::Http).then_some("2025-03-26")
}

/// Why something that came with `since` cannot be asked of a server judged at `revision`.
pub fn too_new(what: &str, since: &str, revision: &str) -> Option<String> {
    (revision < since).then(|| {
        format!("the server is judged at protocol revision {revision} and {what} came with {since}")
    })
}

/// Why a scenario tagged `tags` does not apply at `revision`: it has `@since-<later revision>`.
pub fn not_applicable(tags: &[String], revision: &str) -> Option<String> {
    let since = tags
        .iter()
        .filter_map(|tag| tag.trim_start_matches('@').strip_prefix("since-"))
        .max()?;
    too_new("this behaviour", since, revision)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claimed(versions: &[&str]) -> Vec<String> {
        versions.iter().map(|v| (*v).to_owned()).collect()
    }

    #[test]
    fn the_newest_claimed_stateful_revision_is_under_test() {
        let both = claimed(&["2025-06-18", "2025-03-26", "2026-07-28"]);
        assert_eq!(choose(None, Some(&both)).unwrap(), "2025-06-18");
        assert_eq!(choose(None, None).unwrap(), DEFAULT_PROTOCOL_VERSION);
        assert_eq!(
            choose(Some("2025-03-26"), Some(&both)).unwrap(),
            "2025-03-26"
        );
        assert!(choose(Some("2025-13-01"), None).is_err());
        assert!(stateless_only(&claimed(&["2026-07-28"])));
        assert!(!stateless_only(&both));
    }

    #[test]
    fn a_scenario_since_a_later_revision_does_not_apply() {
        let tags = claimed(&["@protocol", "@since-2025-06-18"]);
        assert!(
            not_applicable(&tags, "2025-03-26")
                .unwrap()
                .contains("2025-06-18")
        );
        assert_eq!(not_applicable(&tags, "2025-06-18"), None);
        assert_eq!(not_applicable(&tags, "2025-11-25"), None);
        assert_eq!(not_applicable(&claimed(&["@protocol"]), "2024-11-05"), None);
    }
}
