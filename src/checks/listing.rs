//! The server's lists (tools, resources, resource templates, prompts): walking their pages by
//! `nextCursor`, and checks on the items they hold.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use anyhow::{Result, bail};
use serde_json::{Map, Value, json};

use crate::mcp::jsonrpc::pretty;
use crate::mcp::link::shorten;
use crate::mcp::session::McpSession;

/// At most this many pages are requested in one walk: a server that keeps handing out new
/// cursors past it is looping.
pub const MAX_PAGES: usize = 500;

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

/// Problems with the keys of `items`: missing or empty keys, and keys listed more than once.
pub fn key_problems(list: McpList, items: &[Value]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (index, item) in items.iter().enumerate() {
        match key_of(list, item) {
            Some(key) if !key.trim().is_empty() => *counts.entry(key).or_default() += 1,
            _ => problems.push(format!(
                "{list} item {index} has no non-empty \"{}\": {}",
                list.key_field(),
                shorten(&item.to_string(), 300)
            )),
        }
    }
    problems.extend(
        counts
            .into_iter()
            .filter(|(_, n)| *n > 1)
            .map(|(key, n)| format!("the {list} item {key:?} is listed {n} times")),
    );
    problems
}

/// Problems with one listed resource: a URI with a scheme and a name.
pub fn resource_problems(resource: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    match resource.get("uri").and_then(Value::as_str) {
        Some(uri) if has_scheme(uri) => {}
        Some(uri) => problems.push(format!("the URI {uri:?} has no scheme")),
        None => problems.push("no \"uri\" string".to_owned()),
    }
    if !non_empty_string(resource, "name") {
        problems.push("no non-empty \"name\"".to_owned());
    }
    with_item(problems, resource)
}

/// Problems with one listed resource template: a name and a URI template with a variable.
pub fn template_problems(template: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    match template.get("uriTemplate").and_then(Value::as_str) {
        Some(uri_template) if template_variables(uri_template).is_empty() => problems.push(
            format!("the URI template {uri_template:?} has no {{variable}} expression"),
        ),
        Some(_) => {}
        None => problems.push("no \"uriTemplate\" string".to_owned()),
    }
    if !non_empty_string(template, "name") {
        problems.push("no non-empty \"name\"".to_owned());
    }
    with_item(problems, template)
}

/// Problems with one listed prompt's arguments: each has a unique name; `required` is a
/// boolean when present.
pub fn prompt_argument_problems(prompt: &Value) -> Vec<String> {
    let arguments = match prompt.get("arguments") {
        None => return Vec::new(),
        Some(Value::Array(arguments)) => arguments,
        Some(other) => return vec![format!("\"arguments\" is not an array: {other}")],
    };
    let mut problems = Vec::new();
    let mut names = Vec::new();
    for (index, argument) in arguments.iter().enumerate() {
        match argument.get("name").and_then(Value::as_str) {
            Some(name) if !name.trim().is_empty() => {
                if names.contains(&name) {
                    problems.push(format!("the argument {name:?} is declared twice"));
                }
                names.push(name);
            }
            _ => problems.push(format!(
                "argument {index} has no non-empty name: {argument}"
            )),
        }
        if argument
            .get("required")
            .is_some_and(|required| !required.is_boolean())
        {
            problems.push(format!(
                "argument {index}: \"required\" is not a boolean: {argument}"
            ));
        }
    }
    with_item(problems, prompt)
}

/// The names of a prompt's arguments, required ones only or all.
pub fn prompt_arguments(prompt: &Value, required_only: bool) -> Vec<String> {
    prompt
        .get("arguments")
        .and_then(Value::as_array)
        .map(|arguments| {
            arguments
                .iter()
                .filter(|a| !required_only || a.get("required") == Some(&Value::Bool(true)))
                .filter_map(|a| a.get("name").and_then(Value::as_str).map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Arguments for `names`, each a plain string.
pub fn plain_arguments(names: &[String]) -> Map<String, Value> {
    names
        .iter()
        .map(|name| (name.clone(), Value::from("mcp-acceptance")))
        .collect()
}

/// The variable expressions of an RFC 6570 URI template (`{id}`, `{+path}`, `{?q,lang}`).
pub fn template_variables(uri_template: &str) -> Vec<String> {
    let pattern = regex::Regex::new(
        r"\{[+#./;?&=,!@|]?[A-Za-z0-9_%.]+(\*|:[0-9]+)?(,[A-Za-z0-9_%.]+(\*|:[0-9]+)?)*\}",
    )
    .expect("the URI template pattern is valid");
    pattern
        .find_iter(uri_template)
        .map(|m| m.as_str().to_owned())
        .collect()
}

fn has_scheme(uri: &str) -> bool {
    regex::Regex::new(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
        .expect("the scheme pattern is valid")
        .is_match(uri)
}

fn non_empty_string(item: &Value, field: &str) -> bool {
    item.get(field)
        .and_then(Value::as_str)
        .is_some_and(|s| !s.trim().is_empty())
}

fn with_item(problems: Vec<String>, item: &Value) -> Vec<String> {
    let shown = shorten(&item.to_string(), 300);
    problems
        .into_iter()
        .map(|problem| format!("{problem}: {shown}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_variables_follow_rfc_6570_expressions() {
        assert_eq!(template_variables("test://template/{id}/data"), ["{id}"]);
        assert_eq!(
            template_variables("file:///{+path}{?q,lang}"),
            ["{+path}", "{?q,lang}"]
        );
        assert!(template_variables("test://static/{}").is_empty());
        assert!(template_variables("test://static").is_empty());
    }

    #[test]
    fn keys_must_be_present_and_unique() {
        let items = vec![
            json!({"uri": "a://1", "name": "one"}),
            json!({"uri": "a://1", "name": "again"}),
            json!({"name": "no uri"}),
        ];
        let problems = key_problems(McpList::Resources, &items);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[1].contains("listed 2 times"), "{problems:?}");
    }

    #[test]
    fn resources_need_a_uri_with_a_scheme() {
        assert!(resource_problems(&json!({"uri": "demo://x", "name": "x"})).is_empty());
        assert_eq!(resource_problems(&json!({"uri": "x", "name": ""})).len(), 2);
    }
}
