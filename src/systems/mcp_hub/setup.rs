//! A feature's words turned into the hub's config, and requests sent through the hub with the
//! checks of their answers.

use anyhow::{Context as _, Result, bail, ensure};
use serde_json::{Value, json};

use super::backends::entry;
use crate::checks::expect;
use crate::mcp::lists::{McpList, items};
use crate::mcp::transport::Transport;
use crate::world::{McpWorld, Outcome};

/// The backends of a table `| name | server | transport | [enabled] |` (header row first).
pub async fn backends_from_table(world: &mut McpWorld, rows: &[Vec<String>]) -> Result<Vec<Value>> {
    let header = rows.first().context("the backends table is empty")?;
    let column = |name: &str| header.iter().position(|h| h.trim() == name);
    let (name, server, transport) = (column("name"), column("server"), column("transport"));
    let (Some(name), Some(server), Some(transport)) = (name, server, transport) else {
        bail!("the backends table needs the columns name, server and transport");
    };
    let mut servers = Vec::new();
    for row in &rows[1..] {
        let wire: Transport = row[transport].trim().parse().map_err(anyhow::Error::msg)?;
        let limit = world.timeout;
        let mut backend = entry(
            &mut world.hub,
            row[name].trim(),
            row[server].trim(),
            wire,
            limit,
        )
        .await?;
        if let Some(enabled) = column("enabled") {
            backend["enabled"] = Value::Bool(row[enabled].trim() != "no");
        }
        servers.push(backend);
    }
    Ok(servers)
}

/// Sends `method` with `params` on the default session, remembering it for a direct comparison.
pub async fn send(world: &mut McpWorld, method: &str, params: Value) -> Result<()> {
    world.hub.last_request = Some((method.to_owned(), params.clone()));
    world.request(method, params).await
}

/// Calls `tool` through the hub with the JSON arguments `text`.
/// `$FILES` in the arguments is the scenario's `files` folder (the filesystem server's).
pub async fn call(world: &mut McpWorld, tool: &str, text: &str) -> Result<()> {
    let files = world.hub.dir()?.join("files");
    let text = text.replace("$FILES", &files.display().to_string());
    let arguments: Value = serde_json::from_str(&text).context("the arguments are not JSON")?;
    send(
        world,
        "tools/call",
        json!({"name": tool, "arguments": arguments}),
    )
    .await
}

/// The last answer equals `server`'s own answer to the same request under its own `name`.
pub async fn expect_same_as_direct(
    world: &mut McpWorld,
    server: &str,
    original: &str,
) -> Result<()> {
    let (method, mut params) = world
        .hub
        .last_request
        .clone()
        .context("nothing was sent through the hub")?;
    let pointer = match method.as_str() {
        "resources/read" => "/uri",
        "completion/complete" => "/ref/name",
        _ => "/name",
    };
    let slot = params
        .pointer_mut(pointer)
        .context("the request names nothing to rename")?;
    let hub_name = std::mem::replace(slot, Value::from(original));
    let mut direct = super::direct::ask_directly(world, server, &method, params).await?;
    rename_contents(&mut direct, original, &hub_name);
    let (request, reply) = world.last_reply()?;
    let through = match reply {
        Ok(result) => result,
        Err(error) => json!({"error": {"code": error.code, "message": error.message}}),
    };
    super::direct::expect_same(&through, &direct)
        .map_err(|error| anyhow::anyhow!("the answers to {request} differ:\n{error}"))
}

/// Resource contents name the URI asked for: the hub's, through the hub.
fn rename_contents(result: &mut Value, original: &str, hub_uri: &Value) {
    let contents = result.get_mut("contents").and_then(Value::as_array_mut);
    for content in contents.into_iter().flatten() {
        if content["uri"] == original {
            content["uri"] = hub_uri.clone();
        }
    }
}

/// The tools a meta-tool's answer lists are exactly `names`.
pub fn expect_found_tools(world: &McpWorld, names: &str) -> Result<()> {
    let result = world.last_result()?;
    let mut found: Vec<&str> = result["structuredContent"]["tools"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t["name"].as_str())
        .collect();
    let mut wanted: Vec<&str> = names.split(',').map(str::trim).collect();
    found.sort_unstable();
    wanted.sort_unstable();
    ensure!(
        found == wanted,
        "the answer lists the tools {found:?}, not {wanted:?}: {result}"
    );
    Ok(())
}

/// No listed tool belongs to backend `name`.
pub fn expect_no_tool_of(world: &McpWorld, name: &str) -> Result<()> {
    let Some(Outcome::Tools(tools)) = &world.last else {
        bail!("the tools were not listed")
    };
    let prefix = format!("{name}_");
    let theirs: Vec<&str> = tools
        .iter()
        .filter_map(|t| t["name"].as_str())
        .filter(|n| n.starts_with(&prefix))
        .collect();
    ensure!(
        theirs.is_empty(),
        "the hub lists tools of \"{name}\": {theirs:?}"
    );
    Ok(())
}

/// The listed tools do not include `name`.
pub fn expect_not_listed(world: &McpWorld, name: &str) -> Result<()> {
    let Some(Outcome::Tools(tools)) = &world.last else {
        bail!("the tools were not listed")
    };
    ensure!(
        !tools.iter().any(|t| t["name"] == name),
        "the hub lists \"{name}\""
    );
    Ok(())
}

/// The last list walk (resources, templates, prompts) includes an item named or at `wanted`.
pub fn expect_listed(world: &McpWorld, wanted: &str) -> Result<()> {
    let (list, all) = match &world.last {
        Some(Outcome::Pages { list, pages }) => (*list, items(*list, pages)),
        Some(Outcome::Tools(tools)) => (McpList::Tools, tools.clone()),
        _ => bail!("no list was walked"),
    };
    let key = |item: &Value| -> Vec<String> {
        ["name", "uri", "uriTemplate"]
            .iter()
            .filter_map(|k| item[*k].as_str().map(str::to_owned))
            .collect()
    };
    ensure!(
        all.iter().any(|item| key(item).iter().any(|k| k == wanted)),
        "the {list} do not include \"{wanted}\": {}",
        Value::from(all.clone())
    );
    Ok(())
}

/// The last answer is a JSON-RPC error whose message contains `text`.
pub fn expect_error_naming(world: &McpWorld, text: &str) -> Result<()> {
    expect_error_coded_naming(world, None, text)
}

/// The last answer is a JSON-RPC error with `code` (when given) whose message contains `text`.
pub fn expect_error_coded_naming(world: &McpWorld, code: Option<i64>, text: &str) -> Result<()> {
    let (request, reply) = world.last_reply()?;
    match &reply {
        Err(error) => {
            ensure!(
                error.message.contains(text),
                "{request}: the error {error} does not name \"{text}\""
            );
            if let Some(code) = code {
                expect::error_code(&request, &reply, code)?;
            }
        }
        Ok(result) => {
            bail!("{request} succeeded ({result}); expected a JSON-RPC error naming \"{text}\"")
        }
    }
    Ok(())
}

/// The last answer succeeded and one of its texts (tool content, resource contents, prompt
/// messages: every string in it) contains `text`.
pub fn expect_answer_says(world: &McpWorld, text: &str) -> Result<()> {
    let (request, reply) = world.last_reply()?;
    let result = expect::success(&request, &reply)?;
    let mut strings = Vec::new();
    collect_strings(result, &mut strings);
    let said = strings.join("\n");
    expect::text_contains(&request, &said, text, "the answer")
}

fn collect_strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(text) => out.push(text.clone()),
        Value::Array(items) => items.iter().for_each(|item| collect_strings(item, out)),
        Value::Object(map) => map.values().for_each(|item| collect_strings(item, out)),
        _ => {}
    }
}

/// The last answer is a tool result marked as an error whose text contains `text`.
pub fn expect_tool_error_saying(world: &McpWorld, text: &str) -> Result<()> {
    let (request, reply) = world.last_reply()?;
    expect::tool_error(&request, &reply)?;
    let said = expect::result_text(&request, &reply)?;
    expect::text_contains(&request, &said, text, "the tool error")
}

/// The file at `relative` in the scenario's dir contains `text`.
pub fn expect_file_mentions(world: &mut McpWorld, relative: &str, text: &str) -> Result<()> {
    let path = world.hub.dir()?.join(relative);
    let content = std::fs::read_to_string(&path)
        .with_context(|| format!("{} was not written", path.display()))?;
    ensure!(
        content.contains(text),
        "{} holds {content:?}, which does not mention {text:?}",
        path.display()
    );
    Ok(())
}

/// The client offers the scenario's folder `name` (created) as its only root.
pub fn expose_folder_as_root(world: &mut McpWorld, name: &str) -> Result<()> {
    let folder = world.hub.dir()?.join(name);
    std::fs::create_dir_all(&folder)?;
    let rows = vec![
        vec!["uri".to_owned(), "name".to_owned()],
        vec![format!("file://{}", folder.display()), name.to_owned()],
    ];
    world.client_behaviour.expose_roots(&rows)
}

/// The filesystem server allows `name` (a folder of the scenario) and not its `files` argument:
/// the client's roots replaced the directories it was started with. It asks for the roots after
/// the handshake, so this waits (bounded).
pub async fn expect_only_folder_allowed(world: &mut McpWorld, name: &str) -> Result<()> {
    let dir = world.hub.dir()?;
    let (wanted, given) = (
        dir.join(name).display().to_string(),
        dir.join("files").display().to_string(),
    );
    let deadline = tokio::time::Instant::now() + world.timeout;
    loop {
        let reply = world
            .client()?
            .call_tool("list_allowed_directories", Default::default())
            .await?;
        let said = expect::success_text("list_allowed_directories", &reply)?;
        if said.contains(&wanted)
            && !said.contains(&format!("{given}\n"))
            && !said.ends_with(&given)
        {
            return Ok(());
        }
        ensure!(
            tokio::time::Instant::now() < deadline,
            "the filesystem server allows: {said}\n(expected only {wanted})"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// The hub's answer to `initialize`: its own name, and each capability of `declared` (paths
/// like `tools.listChanged`) declared, as present or `true`.
pub fn expect_introduction(world: &mut McpWorld, name: &str, declared: &[String]) -> Result<()> {
    let server = world.client()?.server()?;
    let introduced = server
        .server_info
        .as_ref()
        .map_or("", |info| info.name.as_str());
    ensure!(
        introduced == name,
        "the hub introduced itself as \"{introduced}\", not \"{name}\""
    );
    let capabilities = serde_json::to_value(&server.capabilities)?;
    let missing: Vec<&str> = declared
        .iter()
        .filter(|path| {
            let pointer = format!("/{}", path.replace('.', "/"));
            !capabilities
                .pointer(&pointer)
                .is_some_and(|value| value.is_object() || value == &Value::Bool(true))
        })
        .map(String::as_str)
        .collect();
    ensure!(
        missing.is_empty(),
        "the hub does not declare {}; it declared {capabilities}",
        missing.join(", ")
    );
    Ok(())
}
