//! The servers under test: a registry file (`fixtures/servers.toml`, or `MCP_REGISTRY`) names
//! each server and how to reach it; `MCP_SUT` picks one, or `MCP_SUT_COMMAND` / `MCP_SUT_URL` /
//! `MCP_SUT_SSE_URL` describe one ad hoc. Commands and secrets are resolved only when a scenario
//! connects, so a server that is not installed fails (or is skipped) in its own scenarios, with
//! the reason.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use anyhow::{Context, Result, anyhow, bail};
use regex::Regex;
use serde::Deserialize;
use serde_json::Value;

use crate::harness::child_process::{LaunchSpec, resolve_program};
use crate::harness::fixture_binaries::resolve_bundled;
use crate::mcp::transport::Transport;

/// The registry file's shape.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RegistryFile {
    default: String,
    servers: BTreeMap<String, ServerEntry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ServerEntry {
    #[serde(default)]
    description: String,
    stdio: Option<LaunchEntry>,
    http: Option<HttpEntry>,
    /// Legacy HTTP+SSE: the same fields as `http`; the URL is the event stream's (`/sse`).
    sse: Option<HttpEntry>,
    /// What generic scenarios may use on this server, by role: `sample_tool`, `failing_tool`,
    /// `progress_tool`, … (see fixtures/servers.toml). A scenario whose probe is missing is
    /// skipped with the reason.
    #[serde(default)]
    probes: BTreeMap<String, Value>,
    /// Protocol versions the server is known to support: checked strictly. For servers
    /// without the list, a version the server declines skips its scenario instead.
    protocol_versions: Option<Vec<String>>,
    /// The server requires bearer tokens of this kind (the `@auth` scenarios mint them).
    auth: Option<AuthDeclaration>,
    /// Scenarios this server is known to fail, each with the reason: they still run; a failure
    /// is an expected failure, a pass means the entry should go.
    #[serde(default)]
    known_defects: Vec<KnownDefect>,
}

/// A scenario a server is known to fail: `scenario` is `path/to/x.feature:LINE` (a scenario or
/// an Examples row) or its name (`*` matches any text, e.g. `Calling a tool … over *`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KnownDefect {
    pub scenario: String,
    pub reason: String,
}

/// How a server authorizes requests: `{ kind = "bearer-jwt", issuer, audience }` means RS256
/// JWTs signed by a key of the run's JWKS (`${MCP_ACCEPTANCE_JWKS_URL}`), with this `iss`, `aud`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthDeclaration {
    pub kind: AuthKind,
    pub issuer: String,
    pub audience: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum AuthKind {
    #[serde(rename = "bearer-jwt")]
    BearerJwt,
}

/// How to start a program. `${VAR}` in `args` and `env` values is taken from the environment.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct LaunchEntry {
    command: String,
    /// `command` names a fixture binary (built into target/fixtures by the runner).
    #[serde(default)]
    bundled: bool,
    #[serde(default)]
    args: Vec<String>,
    #[serde(default)]
    env: BTreeMap<String, String>,
    /// Relative to the package root.
    cwd: Option<String>,
}

/// Streamable HTTP or legacy SSE: a fixed `url`, or a command that starts the server and
/// announces its URL on stderr (servers bind port 0 and report the port they got).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct HttpEntry {
    url: Option<String>,
    command: Option<String>,
    #[serde(default)]
    bundled: bool,
    #[serde(default)]
    args: Vec<String>,
    #[serde(default)]
    env: BTreeMap<String, String>,
    cwd: Option<String>,
    /// Regex over stderr lines; capture group 1 is the announced URL.
    #[serde(default = "default_url_pattern")]
    url_from_stderr: String,
    /// Appended to the announced URL when it does not already end with it (default `/mcp` for
    /// streamable HTTP, `/sse` for SSE).
    path: Option<String>,
    /// Name of the environment variable holding a bearer token.
    bearer_token_env: Option<String>,
    /// Extra request headers; `${VAR}` is taken from the environment.
    #[serde(default)]
    headers: BTreeMap<String, String>,
}

fn default_url_pattern() -> String {
    r"listening on (https?://\S+)".to_owned()
}

/// The endpoint path a server announcing only `http://HOST:PORT` serves `transport` on.
fn default_path(transport: Transport) -> &'static str {
    match transport {
        Transport::Sse => "/sse",
        Transport::Stdio | Transport::Http => "/mcp",
    }
}

/// An HTTP entry for a server already running at `url`.
fn url_entry(url: String, bearer_token_env: Option<String>) -> HttpEntry {
    HttpEntry {
        url: Some(url),
        command: None,
        bundled: false,
        args: Vec::new(),
        env: BTreeMap::new(),
        cwd: None,
        url_from_stderr: default_url_pattern(),
        path: None,
        bearer_token_env,
        headers: BTreeMap::new(),
    }
}

/// An HTTP or SSE entry for a server the suite starts with `launch`; it announces its URL on
/// stderr.
fn announcing_entry(launch: LaunchEntry) -> HttpEntry {
    HttpEntry {
        url: None,
        command: Some(launch.command),
        bundled: launch.bundled,
        args: launch.args,
        env: launch.env,
        cwd: launch.cwd,
        ..url_entry(String::new(), None)
    }
}

impl ServerEntry {
    /// An entry with no way to reach the server yet, no probes, versions or auth.
    fn described(description: String) -> Self {
        Self {
            description,
            stdio: None,
            http: None,
            sse: None,
            probes: BTreeMap::new(),
            protocol_versions: None,
            auth: None,
            known_defects: Vec::new(),
        }
    }
}

/// Whether an ad-hoc `MCP_SUT_URL` names a legacy SSE event stream (its path ends in `/sse`).
fn names_sse_stream(url: &str) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    path.trim_end_matches('/').ends_with("/sse")
}

/// How an ad-hoc server (from `MCP_SUT_COMMAND` / `MCP_SUT_URL` / `MCP_SUT_SSE_URL`) is described.
const AD_HOC_DESCRIPTION: &str =
    "ad-hoc server from MCP_SUT_COMMAND / MCP_SUT_URL / MCP_SUT_SSE_URL";

/// A tool call the generic features may make against this server: it must be safe to call and
/// quick. `expect_text` is a substring of the result text.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ToolProbe {
    pub name: String,
    #[serde(default)]
    pub arguments: serde_json::Map<String, Value>,
    pub expect_text: Option<String>,
    /// How long the call takes when nothing stops it (`cancellable_tool`): the cancellation
    /// scenarios wait just past it for the answer that must not come.
    pub answers_after_ms: Option<u64>,
}

impl ToolProbe {
    /// The probe's `expect_text`; without one the scenario is skipped, naming `what` probe of
    /// which `server`.
    pub fn expect_text_or_skip(&self, what: &str, server: &str) -> String {
        self.expect_text.clone().unwrap_or_else(|| {
            crate::harness::skip::skip_scenario(format!(
                "no expect_text is configured for the {what} of server '{server}'"
            ))
        })
    }

    /// The call as a failure names it: `tools/call "name" with {arguments}`.
    pub fn describe(&self) -> String {
        format!(
            "tools/call \"{}\" with {}",
            self.name,
            Value::Object(self.arguments.clone())
        )
    }
}

/// A secret value (token, key): usable, never shown.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: String) -> Self {
        Self(value)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

/// How to reach a server over streamable HTTP or SSE, resolved for one connection.
#[derive(Debug, Clone)]
pub enum HttpAccess {
    /// Already running somewhere.
    Url {
        url: String,
        headers: Vec<(String, Secret)>,
    },
    /// Started by the suite; its URL is read from its stderr.
    Launch {
        spec: LaunchSpec,
        url_pattern: Regex,
        path: String,
        headers: Vec<(String, Secret)>,
    },
}

/// The server under test, as chosen for this run.
#[derive(Debug, Clone)]
pub struct Target {
    pub name: String,
    pub description: String,
    entry: ServerEntry,
    root: PathBuf,
    /// Headers a scenario adds to every HTTP request (e.g. the bearer token it minted).
    extra_headers: Vec<(String, Secret)>,
    /// This is the run's server under test (copies a scenario makes of it stay so).
    run_target: bool,
}

impl Target {
    fn new(name: String, entry: ServerEntry, root: PathBuf) -> Self {
        Self {
            name,
            description: entry.description.clone(),
            entry,
            root,
            extra_headers: Vec::new(),
            run_target: false,
        }
    }

    /// This target, marked as the run's server under test.
    pub fn as_run_target(mut self) -> Self {
        self.run_target = true;
        self
    }

    /// Whether this is the run's server under test (or a scenario's copy of it).
    pub fn is_run_target(&self) -> bool {
        self.run_target
    }

    /// The target chosen by the environment (see the module docs).
    pub fn from_env() -> Result<Self> {
        let root = crate::package_root();
        let command = non_empty_env("MCP_SUT_COMMAND");
        let url = non_empty_env("MCP_SUT_URL");
        let sse_url = non_empty_env("MCP_SUT_SSE_URL");
        if command.is_some() || url.is_some() || sse_url.is_some() {
            return Self::ad_hoc(command, url, sse_url, root);
        }
        let name = non_empty_env("MCP_SUT");
        Self::from_registry(&registry_path(&root), name.as_deref(), root)
    }

    /// The server registered as `name` (in `MCP_REGISTRY` or `fixtures/servers.toml`), for
    /// scenarios about one particular server whatever the run's target is.
    pub fn registered(name: &str) -> Result<Self> {
        let root = crate::package_root();
        Self::from_registry(&registry_path(&root), Some(name), root)
    }

    pub fn from_registry(path: &Path, name: Option<&str>, root: PathBuf) -> Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the server registry {}", path.display()))?;
        let file: RegistryFile = toml::from_str(&text)
            .with_context(|| format!("the server registry {} is invalid", path.display()))?;
        let name = name.unwrap_or(&file.default).to_owned();
        let entry = file.servers.get(&name).cloned().ok_or_else(|| {
            let known: Vec<&str> = file.servers.keys().map(String::as_str).collect();
            anyhow!(
                "no server named '{name}' in {} (known: {})",
                path.display(),
                known.join(", ")
            )
        })?;
        Ok(Self::new(name, entry, root))
    }

    /// `MCP_SUT_COMMAND="cmd args"` (stdio) and/or `MCP_SUT_URL=http://…` (streamable HTTP; legacy
    /// SSE when its path ends in `/sse`) and/or `MCP_SUT_SSE_URL=http://…` (legacy SSE at any
    /// path), with optional `MCP_SUT_BEARER_TOKEN`, `MCP_SUT_SAMPLE_TOOL` and
    /// `MCP_SUT_FAILING_TOOL` (JSON).
    fn ad_hoc(
        command: Option<String>,
        url: Option<String>,
        sse_url: Option<String>,
        root: PathBuf,
    ) -> Result<Self> {
        let stdio = command.as_deref().map(parse_command_line).transpose()?;
        let token_env =
            non_empty_env("MCP_SUT_BEARER_TOKEN").map(|_| "MCP_SUT_BEARER_TOKEN".to_owned());
        let url_var = if url.is_some() {
            "MCP_SUT_URL"
        } else {
            "MCP_SUT_SSE_URL"
        };
        let (url, sse_url) = match url {
            Some(url) if sse_url.is_none() && names_sse_stream(&url) => (None, Some(url)),
            url => (url, sse_url),
        };
        let http = url.map(|url| url_entry(url, token_env.clone()));
        let sse = sse_url.map(|url| url_entry(url, token_env));
        let mut probes: BTreeMap<String, Value> = match non_empty_env("MCP_SUT_PROBES") {
            Some(json) => serde_json::from_str(&json)
                .context("MCP_SUT_PROBES is not a JSON object of probes by role")?,
            None => BTreeMap::new(),
        };
        for (var, role) in [
            ("MCP_SUT_SAMPLE_TOOL", "sample_tool"),
            ("MCP_SUT_FAILING_TOOL", "failing_tool"),
        ] {
            if let Some(json) = non_empty_env(var) {
                let probe = serde_json::from_str(&json)
                    .with_context(|| format!("{var} is not a JSON object ({{\"name\":…,\"arguments\":{{…}},\"expect_text\":…}})"))?;
                probes.insert(role.to_owned(), probe);
            }
        }
        let entry = ServerEntry {
            description: AD_HOC_DESCRIPTION.to_owned(),
            stdio,
            http,
            sse,
            probes,
            protocol_versions: None,
            auth: None,
            known_defects: Vec::new(),
        };
        let name = match command {
            Some(line) => format!("MCP_SUT_COMMAND `{line}`"),
            None => url_var.to_owned(),
        };
        Ok(Self::new(name, entry, root))
    }

    /// A stdio server given by a command line, defined by a scenario itself.
    pub fn from_command_line(line: &str) -> Result<Self> {
        Self::ad_hoc(Some(line.to_owned()), None, None, crate::package_root())
    }

    /// An HTTP server the suite starts from a command line; it must announce its URL on stderr.
    pub fn from_http_command_line(line: &str) -> Result<Self> {
        let entry = ServerEntry {
            http: Some(announcing_entry(parse_command_line(line)?)),
            ..ServerEntry::described("HTTP server command defined by a scenario".to_owned())
        };
        Ok(Self::new(format!("`{line}`"), entry, crate::package_root()))
    }

    /// A server a scenario set up itself: started from `spec` for stdio and/or already serving
    /// streamable HTTP or SSE at a URL (add headers with [`Self::with_header`]).
    pub fn scenario_server(
        name: &str,
        spec: Option<&LaunchSpec>,
        remote: Option<(Transport, &str)>,
    ) -> Self {
        let stdio = spec.map(|spec| LaunchEntry {
            command: spec.program.display().to_string(),
            bundled: false,
            args: spec.args.clone(),
            env: spec.env.iter().cloned().collect(),
            cwd: Some(spec.cwd.display().to_string()),
        });
        let at = |wanted: Transport| {
            remote
                .filter(|(transport, _)| *transport == wanted)
                .map(|(_, url)| url_entry(url.to_owned(), None))
        };
        let entry = ServerEntry {
            stdio,
            http: at(Transport::Http),
            sse: at(Transport::Sse),
            ..ServerEntry::described("a server set up by the scenario".to_owned())
        };
        Self::new(name.to_owned(), entry, crate::package_root())
    }

    /// `upstream` as reached through a program a scenario starts (a bridge): the same probes
    /// and claimed versions, reached over `transport` only by starting `launch` (over HTTP or
    /// SSE the program announces its URL on stderr).
    pub fn reached_through(upstream: &Target, launch: &LaunchSpec, transport: Transport) -> Self {
        let entry = LaunchEntry {
            command: launch.program.display().to_string(),
            bundled: false,
            args: launch.args.clone(),
            env: launch.env.iter().cloned().collect(),
            cwd: None,
        };
        let mut through = ServerEntry {
            probes: upstream.entry.probes.clone(),
            protocol_versions: upstream.entry.protocol_versions.clone(),
            ..ServerEntry::described(format!("{} through {}", upstream.description, launch.label))
        };
        match transport {
            Transport::Stdio => through.stdio = Some(entry),
            Transport::Http => through.http = Some(announcing_entry(entry)),
            Transport::Sse => through.sse = Some(announcing_entry(entry)),
        }
        Self::new(launch.label.clone(), through, upstream.root.clone())
    }

    /// This target, declaring that it requires bearer tokens as `auth` says.
    pub fn with_auth(mut self, auth: AuthDeclaration) -> Self {
        self.entry.auth = Some(auth);
        self
    }

    /// `server` as already running at `url` over `transport` (streamable HTTP or SSE): the
    /// same probes, versions and auth.
    pub fn running_at(server: &Target, transport: Transport, url: String) -> Self {
        let mut entry = server.entry.clone();
        entry.stdio = None;
        entry.http = None;
        entry.sse = None;
        match transport {
            Transport::Sse => entry.sse = Some(url_entry(url, None)),
            _ => entry.http = Some(url_entry(url, None)),
        }
        Self::new(server.name.clone(), entry, server.root.clone())
    }

    /// A bundled fixture binary started with arguments and environment a scenario chooses (e.g.
    /// a URL it only knows at run time): `stdio_args` on stdio, `http_args` on streamable HTTP
    /// (they should bind port 0; the server announces its URL on stderr).
    pub fn bundled_fixture(
        name: &str,
        command: &str,
        stdio_args: Vec<String>,
        http_args: Vec<String>,
        env: BTreeMap<String, String>,
        auth: Option<AuthDeclaration>,
    ) -> Self {
        let stdio = LaunchEntry {
            command: command.to_owned(),
            bundled: true,
            args: stdio_args,
            env,
            cwd: None,
        };
        let entry = ServerEntry {
            http: Some(announcing_entry(LaunchEntry {
                args: http_args,
                ..stdio.clone()
            })),
            stdio: Some(stdio),
            auth,
            ..ServerEntry::described(format!("{command}, started by the scenario"))
        };
        Self::new(name.to_owned(), entry, crate::package_root())
    }

    /// Whether the environment described this server (`MCP_SUT_COMMAND`, `MCP_SUT_URL`, …)
    /// rather than the registry.
    pub fn is_ad_hoc(&self) -> bool {
        self.entry.description == AD_HOC_DESCRIPTION
    }

    /// The environment variable the bearer token for `transport` is read from, if any.
    pub fn bearer_token_variable(&self, transport: Transport) -> Option<&str> {
        match transport {
            Transport::Http => self.entry.http.as_ref(),
            Transport::Sse => self.entry.sse.as_ref(),
            Transport::Stdio => None,
        }
        .and_then(|entry| entry.bearer_token_env.as_deref())
    }

    /// Which setting gives the suite a bearer token for this server over `transport`, for a
    /// diagnosis of a 401.
    pub fn bearer_token_hint(&self, transport: Transport) -> String {
        match self.bearer_token_variable(transport) {
            Some(var) if std::env::var(var).is_ok() => {
                format!("the suite sent the bearer token from ${var}: the server did not accept it")
            }
            Some(var) => format!("the server wants a bearer token: set ${var}"),
            None if self.is_ad_hoc() => {
                "the server wants a bearer token: set MCP_SUT_BEARER_TOKEN".to_owned()
            }
            None => format!(
                "the server wants a bearer token: give its registry entry [servers.{}.{transport}] \
                 bearer_token_env = \"VAR\" and set $VAR",
                self.name
            ),
        }
    }

    /// The scenarios the registry lists this server as failing.
    pub fn known_defects(&self) -> &[KnownDefect] {
        &self.entry.known_defects
    }

    /// How the server authorizes requests, if the registry says it does.
    pub fn auth(&self) -> Option<&AuthDeclaration> {
        self.entry.auth.as_ref()
    }

    /// This target, sending the header `name: value` with every HTTP request (e.g. the bearer
    /// token a scenario minted).
    pub fn with_header(mut self, name: &str, value: Secret) -> Self {
        self.extra_headers.push((name.to_owned(), value));
        self
    }

    /// The protocol versions the registry says this server supports, if it says.
    pub fn claimed_protocol_versions(&self) -> Option<&[String]> {
        self.entry.protocol_versions.as_deref()
    }

    pub fn transports(&self) -> Vec<Transport> {
        let mut out = Vec::new();
        if self.entry.stdio.is_some() {
            out.push(Transport::Stdio);
        }
        if self.entry.http.is_some() {
            out.push(Transport::Http);
        }
        if self.entry.sse.is_some() {
            out.push(Transport::Sse);
        }
        out
    }

    pub fn supports(&self, transport: Transport) -> bool {
        self.transports().contains(&transport)
    }

    /// The probe registered for `role`, read as `T`; `None` when the registry has none.
    pub fn probe<T: serde::de::DeserializeOwned>(&self, role: &str) -> Result<Option<T>> {
        self.entry
            .probes
            .get(role)
            .map(|value| {
                serde_json::from_value(value.clone()).with_context(|| {
                    format!(
                        "probe {role} of server '{}' is malformed: {value}",
                        self.name
                    )
                })
            })
            .transpose()
    }

    /// The stdio launch, with the program resolved (errors name the paths searched).
    pub fn stdio_launch(&self) -> Result<LaunchSpec> {
        let entry = self
            .entry
            .stdio
            .as_ref()
            .ok_or_else(|| self.no_transport(Transport::Stdio))?;
        self.launch_spec(entry)
    }

    /// How to reach the server over `transport` (streamable HTTP or SSE).
    pub fn remote_access(&self, transport: Transport) -> Result<HttpAccess> {
        let entry = match transport {
            Transport::Http => self.entry.http.as_ref(),
            Transport::Sse => self.entry.sse.as_ref(),
            Transport::Stdio => bail!("stdio is not reached over HTTP"),
        }
        .ok_or_else(|| self.no_transport(transport))?;
        let mut headers = Vec::new();
        if let Some(var) = &entry.bearer_token_env {
            let token = std::env::var(var).with_context(|| {
                format!(
                    "server '{}' takes its bearer token from ${var}, which is not set",
                    self.name
                )
            })?;
            headers.push((
                "Authorization".to_owned(),
                Secret(format!("Bearer {token}")),
            ));
        }
        for (name, value) in &entry.headers {
            headers.push((name.clone(), Secret(expand_env(value)?)));
        }
        headers.extend(self.extra_headers.iter().cloned());
        match (&entry.url, &entry.command) {
            (Some(url), None) => Ok(HttpAccess::Url {
                url: url.clone(),
                headers,
            }),
            (None, Some(command)) => Ok(HttpAccess::Launch {
                spec: self.launch_spec(&LaunchEntry {
                    command: command.clone(),
                    bundled: entry.bundled,
                    args: entry.args.clone(),
                    env: entry.env.clone(),
                    cwd: entry.cwd.clone(),
                })?,
                url_pattern: Regex::new(&entry.url_from_stderr).with_context(|| {
                    format!("url_from_stderr of '{}' is not a valid regex", self.name)
                })?,
                path: entry
                    .path
                    .clone()
                    .unwrap_or_else(|| default_path(transport).to_owned()),
                headers,
            }),
            _ => bail!(
                "server '{}': [{transport}] needs exactly one of `url` or `command`",
                self.name
            ),
        }
    }

    fn launch_spec(&self, entry: &LaunchEntry) -> Result<LaunchSpec> {
        let program = if entry.bundled {
            resolve_bundled(&entry.command)?
        } else {
            resolve_program(&entry.command, &self.root)?
        };
        let env = entry
            .env
            .iter()
            .map(|(k, v)| Ok((k.clone(), expand_env(v)?)))
            .collect::<Result<Vec<_>>>()?;
        Ok(LaunchSpec {
            label: self.name.clone(),
            program,
            args: entry
                .args
                .iter()
                .map(|arg| expand_env(arg))
                .collect::<Result<_>>()?,
            env,
            cwd: entry
                .cwd
                .as_ref()
                .map_or_else(|| self.root.clone(), |dir| self.root.join(dir)),
        })
    }

    fn no_transport(&self, transport: Transport) -> anyhow::Error {
        anyhow!("server '{}' is not registered for {transport}", self.name)
    }
}

fn parse_command_line(line: &str) -> Result<LaunchEntry> {
    let mut words =
        shell_words::split(line).with_context(|| format!("not a valid command line: {line}"))?;
    if words.is_empty() {
        bail!("the server command line is empty");
    }
    let command = words.remove(0);
    Ok(LaunchEntry {
        command,
        bundled: false,
        args: words,
        env: BTreeMap::new(),
        cwd: None,
    })
}

/// `MCP_REGISTRY`, or `fixtures/servers.toml` in the package.
fn registry_path(root: &Path) -> PathBuf {
    non_empty_env("MCP_REGISTRY")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("fixtures/servers.toml"))
}

fn non_empty_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// Replaces `${VAR}` with the variable's value; a missing variable is an error naming it.
fn expand_env(value: &str) -> Result<String> {
    // Compiled once: every server start expands each of its arguments, and compiling the
    // pattern for each one cost ~0.15 ms before every spawn.
    static VARIABLE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}").unwrap());
    let mut missing = None;
    let expanded = VARIABLE.replace_all(value, |caps: &regex::Captures| {
        std::env::var(&caps[1]).unwrap_or_else(|_| {
            missing = Some(caps[1].to_owned());
            String::new()
        })
    });
    match missing {
        Some(var) => {
            bail!("environment variable ${var} is not set (needed by the server registry)")
        }
        None => Ok(expanded.into_owned()),
    }
}
