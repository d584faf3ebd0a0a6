//! The server's paginated lists (tools, resources, resource templates, prompts): what each is
//! called on the wire, and walking its pages by `nextCursor`.

use std::fmt;
use std::str::FromStr;

use anyhow::{Result, bail};
use serde_json::{Value, json};

use crate::mcp::jsonrpc::pretty;
use crate::mcp::session::McpSession;

/// At most this many pages are requested in one walk: a server that keeps handing out new
/// cursors past it is looping.
pub const MAX_PAGES: usize = 500;

/// How many listed items (prompts got, resources read) the "every listed …" scenarios try at
/// most: enough to cover any server's own catalogue, bounded for one with thousands.
pub const EVERY_LIMIT: usize = 100;

/// A cursor no server issues: an opaque string the suite made up.
pub const FOREIGN_CURSOR: &str = "mcp-acceptance:not-a-cursor-this-server-issued";

/// One of the paginated lists a server offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, cucumber::Parameter)]
#[param(
    name = "mcp_list",
    regex = "tools|resources|resource templates|prompts"
)]
pub enum McpList {
    Tools,
    Resources,
    ResourceTemplates,
    Prompts,
}

impl FromStr for McpList {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "tools" => Ok(Self::Tools),
            "resources" => Ok(Self::Resources),
            "resource templates" => Ok(Self::ResourceTemplates),
            "prompts" => Ok(Self::Prompts),
            other => Err(format!("unknown list '{other}'")),
        }
    }
}

impl fmt::Display for McpList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Tools => "tools",
            Self::Resources => "resources",
            Self::ResourceTemplates => "resource templates",
            Self::Prompts => "prompts",
        })
    }
}

impl McpList {
    pub fn method(self) -> &'static str {
        match self {
            Self::Tools => "tools/list",
            Self::Resources => "resources/list",
            Self::ResourceTemplates => "resources/templates/list",
            Self::Prompts => "prompts/list",
        }
    }

    /// The result field holding the page's items.
    pub fn items_field(self) -> &'static str {
        match self {
            Self::Tools => "tools",
            Self::Resources => "resources",
            Self::ResourceTemplates => "resourceTemplates",
            Self::Prompts => "prompts",
        }
    }

    /// The item field that tells items apart.
    pub fn key_field(self) -> &'static str {
        match self {
            Self::Tools | Self::Prompts => "name",
            Self::Resources => "uri",
            Self::ResourceTemplates => "uriTemplate",
        }
    }

    /// The notification a server sends when this list changes, if the list has one.
    pub fn list_changed_notification(self) -> Option<&'static str> {
        match self {
            Self::Tools => Some("notifications/tools/list_changed"),
            Self::Resources => Some("notifications/resources/list_changed"),
            Self::Prompts => Some("notifications/prompts/list_changed"),
            Self::ResourceTemplates => None,
        }
    }

    /// The list holding one `item` ("tool", "resource", "resource template", "prompt").
    pub fn of_item(item: &str) -> Result<Self> {
        format!("{item}s").parse().map_err(anyhow::Error::msg)
    }

    /// The notification a server sends when this list changes; a list without one fails.
    pub fn changed_notification(self) -> Result<&'static str> {
        match self.list_changed_notification() {
            Some(method) => Ok(method),
            None => bail!("the {self} list has no list-changed notification"),
        }
    }

    /// The registry role of the tool call that changes this list.
    pub fn changing_tool_role(self) -> &'static str {
        match self {
            Self::Tools => "tools_list_changing_tool",
            Self::Resources => "resources_list_changing_tool",
            Self::ResourceTemplates => "resource_templates_list_changing_tool",
            Self::Prompts => "prompts_list_changing_tool",
        }
    }
}

/// Requests the list page by page, following `nextCursor` until a page has none. Fails on an
/// error reply, a page without its items array, a cursor handed out twice, or more than
/// [`MAX_PAGES`] pages; each failure shows the page at fault.
pub async fn walk(session: &mut McpSession, list: McpList) -> Result<Vec<Value>> {
    let mut pages: Vec<Value> = Vec::new();
    let mut cursors: Vec<String> = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let params = match &cursor {
            Some(cursor) => json!({ "cursor": cursor }),
            None => json!({}),
        };
        let page = match session.request(list.method(), params.clone()).await? {
            Ok(page) => page,
            Err(error) => bail!(
                "{} {params} (page {}) was refused: {error}",
                list.method(),
                pages.len() + 1
            ),
        };
        if !page.get(list.items_field()).is_some_and(Value::is_array) {
            bail!(
                "{} {params}: the page has no \"{}\" array:\n{}",
                list.method(),
                list.items_field(),
                pretty(&page)
            );
        }
        let next = match page.get("nextCursor") {
            None => None,
            Some(Value::String(next)) => Some(next.clone()),
            Some(other) => bail!(
                "{} {params}: nextCursor must be a string, got {other}",
                list.method()
            ),
        };
        pages.push(page);
        let Some(next) = next else {
            return Ok(pages);
        };
        if cursors.contains(&next) {
            bail!(
                "{}: page {} hands out the cursor {next:?} a second time (the walk would never end); cursors so far: {cursors:?}",
                list.method(),
                pages.len()
            );
        }
        if pages.len() >= MAX_PAGES {
            bail!(
                "{}: still a nextCursor after {MAX_PAGES} pages",
                list.method()
            );
        }
        cursors.push(next.clone());
        cursor = Some(next);
    }
}

/// Every item of every page, in order.
pub fn items(list: McpList, pages: &[Value]) -> Vec<Value> {
    pages
        .iter()
        .filter_map(|page| page.get(list.items_field()).and_then(Value::as_array))
        .flatten()
        .cloned()
        .collect()
}

/// The key of an item (`name`, `uri`, `uriTemplate`), when it is a string.
pub fn key_of(list: McpList, item: &Value) -> Option<&str> {
    item.get(list.key_field()).and_then(Value::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_is_named_by_its_items() {
        assert_eq!(McpList::of_item("tool").unwrap(), McpList::Tools);
        assert_eq!(
            McpList::of_item("resource template").unwrap(),
            McpList::ResourceTemplates
        );
        assert!(McpList::of_item("widget").is_err());
    }
}
