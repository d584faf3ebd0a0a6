//! The ticket system's tokens by role, read from `fixtures/tickets/tokens.json` (the file both MCP
//! servers and the chat load). Gherkin names a token by its role ("alice's token", "a token without
//! get_ticket"); the values stay here and never reach a report.

use std::collections::HashMap;
use std::path::PathBuf;

use anyhow::{Context as _, Result, bail};
use serde::Deserialize;

pub fn token_file() -> PathBuf {
    crate::package_root().join("fixtures/tickets/tokens.json")
}

/// Who a token is, as the token file says.
#[derive(Debug, Clone, Deserialize)]
pub struct Holder {
    pub role: String,
    pub user_id: String,
    pub organization_id: String,
    pub permissions: Vec<String>,
}

/// What a request carries in `Authorization`.
#[derive(Clone, PartialEq, Eq)]
pub enum Credential {
    /// A token of the file, by role.
    Known(String),
    None,
    Unknown,
    /// `Bearer` and nothing after it.
    Malformed,
    /// A known token under the `Basic` scheme.
    OtherScheme,
    /// `Bearer`, a known token and one word more.
    TwoWords,
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Known(role) => write!(f, "{role}'s token"),
            Self::None => f.write_str("no token"),
            Self::Unknown => f.write_str("an unknown token"),
            Self::Malformed => f.write_str("a malformed token"),
            Self::OtherScheme => f.write_str("a known token under another scheme"),
            Self::TwoWords => f.write_str("a token of two words"),
        }
    }
}

impl std::str::FromStr for Credential {
    type Err = anyhow::Error;

    /// "the document's token", "alice's token", "a token without list_tickets", "no token",
    /// "an unknown token", "a malformed token", "a known token under another scheme", "a token
    /// of two words".
    fn from_str(phrase: &str) -> Result<Self> {
        let phrase = phrase.trim();
        Ok(match phrase {
            "no token" => Self::None,
            "an unknown token" => Self::Unknown,
            "a malformed token" => Self::Malformed,
            "a known token under another scheme" => Self::OtherScheme,
            "a token of two words" => Self::TwoWords,
            "the document's token" => Self::Known("document".into()),
            _ => {
                if let Some(tool) = phrase.strip_prefix("a token without ") {
                    Self::Known(format!("without {tool}"))
                } else if let Some(who) = phrase.strip_suffix("'s token") {
                    Self::Known(who.to_owned())
                } else {
                    bail!(
                        "'{phrase}' names no token (e.g. alice's token, a token without get_ticket, no token)"
                    )
                }
            }
        })
    }
}

#[derive(Deserialize)]
struct File {
    tokens: HashMap<String, Holder>,
}

/// Every token of the file.
#[derive(Clone)]
pub struct TokenBook {
    by_role: HashMap<String, (String, Holder)>,
}

impl std::fmt::Debug for TokenBook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TokenBook({} roles)", self.by_role.len())
    }
}

impl TokenBook {
    pub fn load() -> Result<Self> {
        let path = token_file();
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let file: File = serde_json::from_str(&text)?;
        let by_role = file
            .tokens
            .into_iter()
            .map(|(token, holder)| (holder.role.clone(), (token, holder)))
            .collect();
        Ok(Self { by_role })
    }

    pub fn holder(&self, role: &str) -> Result<&Holder> {
        Ok(&self.entry(role)?.1)
    }

    fn entry(&self, role: &str) -> Result<&(String, Holder)> {
        self.by_role
            .get(role)
            .with_context(|| format!("the token file has no token for the role '{role}'"))
    }

    /// The `Authorization` header value for `credential` (None: send no header).
    pub fn header(&self, credential: &Credential) -> Result<Option<String>> {
        Ok(match credential {
            Credential::Known(role) => Some(format!("Bearer {}", self.entry(role)?.0)),
            Credential::None => None,
            Credential::Unknown => Some(format!("Bearer unknown-{}", uuid::Uuid::new_v4())),
            Credential::Malformed => Some("Bearer".to_owned()),
            Credential::OtherScheme => Some(format!("Basic {}", self.entry("document")?.0)),
            Credential::TwoWords => Some(format!("Bearer {} more", self.entry("document")?.0)),
        })
    }

    /// The bare token of a known role.
    pub fn token(&self, role: &str) -> Result<String> {
        Ok(self.entry(role)?.0.clone())
    }

    /// Every token value (the log checks look for each).
    pub fn values(&self) -> Vec<String> {
        self.by_role
            .values()
            .map(|(token, _)| token.clone())
            .collect()
    }
}
