//! Under 2026-07-28 a list is the server's current set, the same for every connection: two
//! walks of one list, from two connections, with only side-effect-free requests between them,
//! hold the same items.

use std::collections::BTreeMap;

use anyhow::{Result, ensure};
use serde_json::Value;

use crate::mcp::lists::{McpList, items, key_of};

/// The items of `pages` by their key (name, URI or URI template).
fn by_key(list: McpList, pages: &[Value]) -> BTreeMap<String, Value> {
    items(list, pages)
        .into_iter()
        .map(|item| (key_of(list, &item).unwrap_or_default().to_owned(), item))
        .collect()
}

/// Both walks hold the same items, each described the same way (order aside).
pub fn same_items(list: McpList, first: &[Value], second: &[Value]) -> Result<()> {
    let (first, second) = (by_key(list, first), by_key(list, second));
    let only_first: Vec<&String> = first.keys().filter(|k| !second.contains_key(*k)).collect();
    let only_second: Vec<&String> = second.keys().filter(|k| !first.contains_key(*k)).collect();
    let changed: Vec<&String> = first
        .iter()
        .filter(|(k, v)| second.get(*k).is_some_and(|w| w != *v))
        .map(|(k, _)| k)
        .collect();
    ensure!(
        only_first.is_empty() && only_second.is_empty() && changed.is_empty(),
        "the {list} list must be the same for every connection; only on the first: {only_first:?}, only on the second: {only_second:?}, described differently: {changed:?}"
    );
    Ok(())
}

/// The second walk differs from the first: an item came, went or is described differently
/// (after a change the server announced).
pub fn changed(list: McpList, before: &[Value], after: &[Value]) -> Result<()> {
    let count = items(list, after).len();
    ensure!(
        same_items(list, before, after).is_err(),
        "the {list} list is the same as before the change: the same {count} items, each described the same way"
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_list_that_differs_fails() {
        let page = |names: &[&str]| json!({"tools": names.iter().map(|n| json!({"name": n})).collect::<Vec<_>>()});
        let first = [page(&["a", "b"])];
        assert!(same_items(McpList::Tools, &first, &[page(&["b"]), page(&["a"])]).is_ok());
        assert!(same_items(McpList::Tools, &first, &[page(&["a", "c"])]).is_err());
        let described = [json!({"tools": [{"name": "a", "description": "x"}, {"name": "b"}]})];
        assert!(same_items(McpList::Tools, &first, &described).is_err());
    }
}
