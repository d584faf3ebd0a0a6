//! The servers a hub scenario puts behind the hub: the bundled reference and time servers (on
//! stdio, or served by the scenario over HTTP or SSE), a program that does not exist, and the
//! real npm servers (filesystem, memory, everything) installed in fixtures/everything, each
//! working in the scenario's temp dir. A missing npm install skips the scenario with the reason
//! (fails it under `MCP_REQUIRE_EXTERNAL=1`).

use std::path::PathBuf;
use std::sync::LazyLock;

use anyhow::{Result, bail};
use regex::Regex;
use serde_json::{Value, json};

use super::HubScenario;
use crate::harness::child_process::{LaunchSpec, ServerProcess, resolve_program};
use crate::harness::fixture_binaries::resolve_bundled;
use crate::harness::jwt::{JWKS_URL_VAR, TokenSpec};
use crate::harness::services::not_installed;
use crate::mcp::transport::Transport;
use crate::systems::fault_proxy::proxy::ControlSocket;

static LISTENING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"listening on (http://\S+)").unwrap());

/// The npm packages' folder (a symlink to the install in the main checkout is fine).
fn npm_package(name: &str) -> PathBuf {
    crate::package_root()
        .join("fixtures/everything/node_modules/@modelcontextprotocol")
        .join(name)
        .join("dist/index.js")
}

/// A real server a client connects to directly (not through the hub): the everything server
/// as registered (its probes drive the generic steps), the filesystem server on stdio serving
/// the scenario's `files` folder.
pub fn real_target(
    scenario: &mut HubScenario,
    server: &str,
) -> Result<crate::mcp::registry::Target> {
    match server {
        "everything" => {
            real_server("server-everything")?;
            crate::mcp::registry::Target::registered("everything")
        }
        "filesystem" => {
            let (node, script) = real_server("server-filesystem")?;
            let dir = scenario.dir()?;
            std::fs::create_dir_all(dir.join("files"))?;
            let args = vec![
                script.display().to_string(),
                dir.join("files").display().to_string(),
            ];
            let spec = LaunchSpec {
                label: "the real filesystem server".into(),
                program: node,
                args,
                env: vec![],
                cwd: dir,
            };
            Ok(crate::mcp::registry::Target::scenario_server(
                "filesystem",
                Some(&spec),
                None,
            ))
        }
        other => bail!(
            "no real server called \"{other}\" to connect to directly (everything, filesystem)"
        ),
    }
}

/// Whether node and every real server are installed (the `@external` scenarios can run).
pub fn real_servers_installed() -> bool {
    let node = resolve_program("node", &crate::package_root()).is_ok();
    node && ["server-everything", "server-filesystem", "server-memory"]
        .iter()
        .all(|package| npm_package(package).is_file())
}

/// `node` and the package's entry point, or a skip naming what is missing.
pub fn real_server(package: &str) -> Result<(PathBuf, PathBuf)> {
    let script = npm_package(package);
    let node = resolve_program("node", &crate::package_root());
    match (node, script.is_file()) {
        (Ok(node), true) => Ok((node, script)),
        (Err(_), _) => not_installed("node is not installed (the real MCP servers run on Node 20)"),
        (_, false) => not_installed(&format!(
            "@modelcontextprotocol/{package} is not installed ({} is missing; run fixtures/setup.sh)",
            script.display()
        )),
    }
}

const BEHIND_PROXY: &str = " behind the fault proxy";

/// A `servers` entry for the backend `name`: `server` over `transport`. "<server> behind the
/// fault proxy" puts the fault proxy between the hub and the server (over stdio the hub starts
/// the proxy, which starts the server; over HTTP/SSE the scenario starts both); its control
/// socket is remembered under the backend's name.
pub async fn entry(
    scenario: &mut HubScenario,
    name: &str,
    server: &str,
    transport: Transport,
    limit: std::time::Duration,
) -> Result<Value> {
    let Some(inner) = server.strip_suffix(BEHIND_PROXY) else {
        return direct_entry(scenario, name, server, transport, limit).await;
    };
    let mut entry = direct_entry(scenario, name, inner, transport, limit).await?;
    let (dir, control) = ControlSocket::new_dir()?;
    scenario.fault_dirs.push(dir);
    let proxy = resolve_bundled("mcp-fault-proxy")?;
    let control_args = ["--control".to_owned(), control.0.display().to_string()];
    if transport == Transport::Stdio {
        let mut args: Vec<Value> = control_args.into_iter().map(Value::from).collect();
        args.push("--".into());
        args.push(entry["command"].take());
        args.extend(entry["args"].as_array().cloned().unwrap_or_default());
        entry["command"] = json!(proxy);
        entry["args"] = json!(args);
    } else {
        let upstream = entry["url"].as_str().unwrap_or_default().to_owned();
        let mut args = control_args.to_vec();
        args.extend(["--upstream".into(), upstream, "--port".into(), "0".into()]);
        let spec = LaunchSpec {
            label: format!("fault proxy in front of backend {name}"),
            program: proxy,
            args,
            env: vec![],
            cwd: scenario.dir()?,
        };
        let mut process = ServerProcess::spawn(spec)?;
        entry["url"] = json!(process.wait_for_stderr(&LISTENING, limit).await?);
        scenario.served.push(process);
    }
    scenario.fault_controls.insert(name.to_owned(), control);
    Ok(entry)
}

async fn direct_entry(
    scenario: &mut HubScenario,
    name: &str,
    server: &str,
    transport: Transport,
    limit: std::time::Duration,
) -> Result<Value> {
    let dir = scenario.dir()?;
    let (program, mut args, env, url_suffix) = match server {
        "reference server" => (
            resolve_bundled("mcp-reference-server")?,
            vec![],
            json!({}),
            "",
        ),
        "time server" => (resolve_bundled("mcp-time-server")?, vec![], json!({}), ""),
        "reference server requiring a token" if transport != Transport::Stdio => (
            resolve_bundled("mcp-reference-server")?,
            vec![],
            json!({}),
            "",
        ),
        "missing program" => {
            let missing = dir.join("no-such-mcp-server");
            return Ok(
                json!({"name": name, "transport": "stdio", "command": missing, "startupTimeout": 3000}),
            );
        }
        "program that exits at once" => {
            let says = "no licence key found; exiting";
            let script = format!("echo '{says}' >&2; exit 3");
            let args = vec!["-c".to_owned(), script];
            return Ok(
                json!({"name": name, "transport": "stdio", "command": "/bin/sh",
                             "args": args, "startupTimeout": 3000}),
            );
        }
        "filesystem server" => {
            let (node, script) = real_server("server-filesystem")?;
            let files = dir.join("files");
            std::fs::create_dir_all(&files)?;
            let args = vec![script.display().to_string(), files.display().to_string()];
            (node, args, json!({}), "")
        }
        "memory server" => {
            let (node, script) = real_server("server-memory")?;
            let env = json!({"MEMORY_FILE_PATH": dir.join("memory.jsonl")});
            (node, vec![script.display().to_string()], env, "")
        }
        "everything server" => {
            let (node, script) = real_server("server-everything")?;
            let mode = match transport {
                Transport::Stdio => "stdio",
                Transport::Http => "streamableHttp",
                Transport::Sse => "sse",
            };
            let loopback = crate::package_root().join("fixtures/everything/loopback.cjs");
            let mut args = vec![script.display().to_string(), mode.to_owned()];
            if transport != Transport::Stdio {
                args.splice(
                    0..0,
                    ["--require".to_owned(), loopback.display().to_string()],
                );
            }
            let suffix = if transport == Transport::Sse {
                "/sse"
            } else {
                "/mcp"
            };
            (node, args, json!({"PORT": "0"}), suffix)
        }
        other => bail!(
            "no backend server called \"{other}\" (reference server, time server, reference server requiring a token (over HTTP or SSE), missing program, program that exits at once, filesystem server, memory server, everything server; any of them{BEHIND_PROXY})"
        ),
    };
    let bundled = matches!(
        server,
        "reference server" | "time server" | "reference server requiring a token"
    );
    // The reference server pages its lists (5 items a page), so the hub must follow cursors.
    let paged = match server {
        "reference server" => vec!["--page-size".to_owned(), "5".to_owned()],
        _ => vec![],
    };
    if transport == Transport::Stdio {
        if bundled {
            args = vec!["--transport".into(), "stdio".into()];
            args.extend(paged);
        }
        return Ok(
            json!({"name": name, "transport": "stdio", "command": program, "args": args,
                         "env": env, "cwd": dir, "startupTimeout": 15000}),
        );
    }
    if bundled {
        args = vec![
            "--transport".into(),
            transport.to_string(),
            "--port".into(),
            "0".into(),
        ];
        args.extend(paged);
    }
    let mut headers = json!({});
    if server == "reference server requiring a token" {
        let jwks = std::env::var(JWKS_URL_VAR).unwrap_or_default();
        let issuer = ("--issuer".to_owned(), TOKEN_ISSUER.to_owned());
        let audience = ("--audience".to_owned(), TOKEN_AUDIENCE.to_owned());
        for (flag, value) in [("--jwks-url".to_owned(), jwks), issuer, audience] {
            args.extend([flag, value]);
        }
        let token = TokenSpec::new(TOKEN_ISSUER, TOKEN_AUDIENCE)
            .bearer()
            .await?;
        headers = json!({"Authorization": token.expose()});
    }
    let env_pairs = env
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| {
            (
                k.clone(),
                v.as_str().map_or_else(|| v.to_string(), str::to_owned),
            )
        })
        .collect();
    let spec = LaunchSpec {
        label: format!("backend {name} ({server} over {transport})"),
        program,
        args,
        env: env_pairs,
        cwd: dir,
    };
    let mut process = ServerProcess::spawn(spec)?;
    let announced = process.wait_for_stderr(&LISTENING, limit).await?;
    let url = if announced.ends_with(url_suffix) {
        announced
    } else {
        format!("{announced}{url_suffix}")
    };
    scenario.served.push(process);
    let wire = if transport == Transport::Sse {
        "sse"
    } else {
        "http"
    };
    Ok(
        json!({"name": name, "transport": wire, "url": url, "headers": headers, "startupTimeout": 15000}),
    )
}

/// Whom the tokens of a "reference server requiring a token" backend are from and for.
const TOKEN_ISSUER: &str = "https://issuer.mcp-acceptance.test";
const TOKEN_AUDIENCE: &str = "mcp-acceptance-hub-backend";
