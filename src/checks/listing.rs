//! Checks on the items of the server's lists (tools, resources, resource templates, prompts):
//! keys present and unique, resources and templates well formed, prompt arguments named, each
//! failing with the items at fault.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{Result, anyhow, bail, ensure};
use serde_json::{Value, json};

use crate::checks::expect;
use crate::harness::skip::skip_scenario;
use crate::mcp::link::shorten;
pub use crate::mcp::lists::McpList;
use crate::mcp::lists::{items, key_of};
use crate::world::{McpWorld, Outcome};

/// The pages of the last recorded walk of `list`.
fn walked(last: Option<&Outcome>, list: McpList) -> Result<&[Value]> {
    match last {
        Some(Outcome::Pages {
            list: walked,
            pages,
        }) if *walked == list => Ok(pages),
        other => bail!("no walk of the {list} list to check (last outcome: {other:?})"),
    }
}

/// The items of the last recorded listing of `list`: a walk of its pages, or (tools) the
/// session's tools/list.
pub fn listed(last: Option<&Outcome>, list: McpList) -> Result<Vec<Value>> {
    match last {
        Some(Outcome::Tools(tools)) if list == McpList::Tools => Ok(tools.clone()),
        _ => Ok(items(list, walked(last, list)?)),
    }
}

/// Every item of the last listing of `list` has a key (`name`, `uri`, …) no other item has.
pub fn keys_unique(last: Option<&Outcome>, list: McpList) -> Result<()> {
    let items = listed(last, list)?;
    expect::no_problems(list.method(), key_problems(list, &items))
}

/// tools-4, tools-5, tools-6 (SHOULD): each tool name is 1 to 128 characters of A-Z a-z 0-9
/// `_` `-` `.`, and no other tool has it.
pub fn tool_name_advice(tools: &[Value]) -> Vec<String> {
    let mut problems = key_problems(McpList::Tools, tools);
    for name in tools
        .iter()
        .filter_map(|t| t.get("name").and_then(Value::as_str))
    {
        let allowed = |c: char| c.is_ascii_alphanumeric() || "_-.".contains(c);
        if name.chars().count() > 128 {
            problems.push(format!(
                "the tool name {name:?} is longer than 128 characters"
            ));
        }
        if !name.chars().all(allowed) {
            problems.push(format!(
                "the tool name {name:?} has characters other than A-Z a-z 0-9 _ - ."
            ));
        }
    }
    problems
}

/// The last walk of `list` showed each item exactly once across its pages.
pub fn each_once_across_pages(last: Option<&Outcome>, list: McpList) -> Result<()> {
    let pages = walked(last, list)?;
    let items = items(list, pages);
    let what = format!(
        "{} over {} pages ({} items)",
        list.method(),
        pages.len(),
        items.len()
    );
    expect::no_problems(&what, key_problems(list, &items))
}

/// The server split `list` into more than one page. Otherwise the scenario is skipped, or fails
/// when the registry says the server pages that list (`promised`).
pub fn expect_paged(list: McpList, pages: &[Value], server: &str, promised: bool) -> Result<()> {
    if pages.len() == 1 {
        let count = items(list, pages).len();
        if promised {
            bail!(
                "server '{server}' is registered as paging the {list} list (paged_lists), \
                 but returned all {count} {list} in one page"
            );
        }
        skip_scenario(format!(
            "server '{server}' returns all {count} {list} in one page: it does not page that list"
        ));
    }
    Ok(())
}

/// Every listed resource has a URI with a scheme and a name, and no URI is listed twice.
pub fn resources_well_formed(last: Option<&Outcome>) -> Result<()> {
    let items = listed(last, McpList::Resources)?;
    let mut problems: Vec<String> = items.iter().flat_map(resource_problems).collect();
    problems.extend(key_problems(McpList::Resources, &items));
    expect::no_problems(McpList::Resources.method(), problems)
}

/// Every listed resource template has a name and a URI template with a variable.
pub fn templates_well_formed(last: Option<&Outcome>) -> Result<()> {
    let items = listed(last, McpList::ResourceTemplates)?;
    let problems = items.iter().flat_map(template_problems).collect();
    expect::no_problems(McpList::ResourceTemplates.method(), problems)
}

/// Every argument of every listed prompt has a name of its own.
pub fn prompt_arguments_named(last: Option<&Outcome>) -> Result<()> {
    let items = listed(last, McpList::Prompts)?;
    let problems = items.iter().flat_map(prompt_argument_problems).collect();
    expect::no_problems(McpList::Prompts.method(), problems)
}

/// The last tools listing names the tool `name`.
pub fn includes_tool(last: Option<&Outcome>, name: &str) -> Result<()> {
    let tools = listed(last, McpList::Tools)?;
    let names: Vec<&str> = tools
        .iter()
        .filter_map(|t| key_of(McpList::Tools, t))
        .collect();
    ensure!(
        names.contains(&name),
        "the tool \"{name}\" is not listed; tools: {names:?}"
    );
    Ok(())
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

/// Problems with one listed resource template: a name, and a URI template whose every brace
/// opens a well-formed RFC 6570 expression. A template without any expression is valid RFC
/// 6570 and no rule of MCP asks for a variable, so it is not a problem.
pub fn template_problems(template: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    match template.get("uriTemplate").and_then(Value::as_str) {
        Some(uri_template) if !well_formed_template(uri_template) => problems.push(format!(
            "the URI template {uri_template:?} has a malformed {{expression}} (RFC 6570)"
        )),
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

/// Every `{` and `}` of `uri_template` belongs to one well-formed expression.
fn well_formed_template(uri_template: &str) -> bool {
    let expressions = template_variables(uri_template).len();
    uri_template.matches('{').count() == expressions
        && uri_template.matches('}').count() == expressions
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

fn tool_names(tools: &[Value]) -> BTreeSet<String> {
    tools
        .iter()
        .filter_map(|t| t.get("name").and_then(Value::as_str).map(str::to_owned))
        .collect()
}

/// The listed tools are those of `list` (comma-separated): exactly, or at least.
pub fn tools_listed(tools: &[Value], list: &str, exactly: bool) -> Result<()> {
    let expected: BTreeSet<String> = list.split(',').map(|n| n.trim().to_owned()).collect();
    let actual = tool_names(tools);
    let missing: Vec<&String> = expected.difference(&actual).collect();
    let extra: Vec<&String> = actual.difference(&expected).collect();
    ensure!(
        missing.is_empty() && (!exactly || extra.is_empty()),
        "missing tools {missing:?}{}; the server lists {actual:?}",
        if exactly {
            format!(", unexpected tools {extra:?}")
        } else {
            String::new()
        }
    );
    Ok(())
}

/// Every tool has a name, a description and an object input schema.
pub fn tools_described(tools: &[Value]) -> Result<()> {
    for tool in tools {
        let text = |key: &str| {
            tool.get(key)
                .and_then(Value::as_str)
                .unwrap_or("")
                .trim()
                .len()
        };
        ensure!(
            text("name") > 0 && text("description") > 0,
            "a tool lacks a name or a description: {tool}"
        );
        ensure!(
            tool.get("inputSchema").and_then(|s| s.get("type")) == Some(&json!("object")),
            "tool {} has no object inputSchema: {tool}",
            tool["name"]
        );
    }
    Ok(())
}

/// The tools of the last tools/list walk.
pub fn listed_tools(world: &McpWorld) -> Result<Vec<Value>> {
    match &world.last {
        Some(Outcome::Tools(tools)) => Ok(tools.clone()),
        other => Err(anyhow!("no tool list to check (last outcome: {other:?})")),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

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
    fn a_template_without_variables_is_valid_but_a_broken_brace_is_not() {
        let named = |t: &str| json!({"name": "t", "uriTemplate": t});
        assert!(template_problems(&named("test://static")).is_empty());
        assert!(template_problems(&named("test://{id}")).is_empty());
        assert_eq!(template_problems(&named("test://{id")).len(), 1);
        assert_eq!(template_problems(&named("test://static/{}")).len(), 1);
    }

    #[test]
    fn tool_names_follow_the_advice() {
        let tools = [
            json!({"name": "get_weather.v2-b"}),
            json!({"name": "has space"}),
            json!({"name": "x".repeat(129)}),
        ];
        let problems = tool_name_advice(&tools);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(tool_name_advice(&tools[..1]).is_empty());
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
