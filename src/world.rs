//! The per-scenario state: which server is under test, the open sessions and raw channel, and
//! the last outcome for `Then` steps to check. Behaviour lives in `support`.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use anyhow::{Context, Result, anyhow};
use serde_json::Value;

use crate::checks::listing::McpList;
use crate::harness::skip::skip_scenario;
use crate::harness::timeouts::default_timeout;
use crate::mcp::client::ClientBehaviour;
use crate::mcp::jsonrpc::{Reply, reply_of};
use crate::mcp::raw::RawChannel;
use crate::mcp::registry::Target;
use crate::mcp::session::{McpSession, SessionOptions, Sessions};
use crate::mcp::transport::Transport;

/// The name steps use for the session when a scenario has only one.
pub const DEFAULT_SESSION: &str = "the client";

/// The protocol version sessions offer unless a scenario asks for another: the newest version
/// that still has an `initialize` handshake.
pub const DEFAULT_PROTOCOL_VERSION: &str = "2025-11-25";

/// A system's own check of a successful call's result: the request and its result.
pub type SuccessRule = fn(&str, &Value) -> Result<()>;

/// What the last `When` step produced.
#[derive(Debug)]
pub enum Outcome {
    /// A request's reply (a result or a JSON-RPC error), with what was asked.
    Reply { request: String, reply: Reply },
    /// Every tool of a tools/list walk, as the server described them.
    Tools(Vec<Value>),
    /// Every page of a list walk (resources, resource templates, prompts, …), as sent.
    Pages { list: McpList, pages: Vec<Value> },
    /// A request's reply, and how many messages the server had sent on its own before the
    /// request went out: the notifications the request causes come after those.
    ReplyAfter {
        request: String,
        reply: Reply,
        received_before: usize,
    },
    /// One raw response object, with the frame that asked for it.
    Raw { request: String, response: Value },
    /// Raw responses to a batch of requests sent at once, with the ids sent.
    Batch {
        ids: Vec<Value>,
        responses: Vec<Value>,
    },
    /// The server process ended.
    Exited(std::process::ExitStatus),
    /// The HTTP status of a request without a JSON-RPC answer to check (e.g. DELETE).
    HttpStatus(u16),
    /// The HTTP answer to a POST sent with chosen headers, when it carried no JSON-RPC
    /// response to the request (a refusal).
    Http {
        request: String,
        answer: crate::mcp::raw::HttpAnswer,
    },
    /// A connection attempt that succeeded.
    Connected,
    /// An attempt that failed (diagnostics scenarios check the message).
    Failed { error: String, elapsed: Duration },
    /// Process groups the scenario started and has just ended (cleanup steps check they are
    /// gone).
    ProcessGroups(Vec<i32>),
}

impl Outcome {
    /// What an attempt to connect came to: connected, or failed with the whole error chain.
    pub fn attempt(result: Result<()>, elapsed: Duration) -> Self {
        match result {
            Ok(()) => Self::Connected,
            Err(error) => Self::Failed {
                error: format!("{error:#}"),
                elapsed,
            },
        }
    }

    /// The request and the server's reply to it (from a session or a raw frame).
    pub fn reply(&self) -> Result<(String, Reply)> {
        match self {
            Self::Reply { request, reply } | Self::ReplyAfter { request, reply, .. } => {
                Ok((request.clone(), reply.clone()))
            }
            Self::Raw { request, response } => {
                let reply = reply_of(response).with_context(|| {
                    format!("the answer to {request} is not a JSON-RPC response: {response}")
                })?;
                Ok((request.clone(), reply))
            }
            other => Err(anyhow!(
                "the last step produced no reply to check (it produced {other:?})"
            )),
        }
    }
}

#[derive(cucumber::World)]
#[world(init = Self::new)]
pub struct McpWorld {
    /// A server the scenario defines itself (diagnostics); otherwise the run's target.
    scenario_target: Option<Arc<Target>>,
    /// The scenario's tags with its feature's and rule's (set before its first step).
    pub tags: Vec<String>,
    /// A heavy scenario's slot, held to its end (see harness/weight.rs).
    pub heavy_slot: Option<crate::harness::weight::HeavySlot>,
    pub sessions: Sessions,
    pub raw: Option<RawChannel>,
    pub last: Option<Outcome>,
    /// What sessions opened from now on offer the server and answer to its requests.
    pub client_behaviour: ClientBehaviour,
    /// The bound for each wait of this scenario.
    pub timeout: Duration,
    /// What else a successful call means for the system under test, beyond a result that is not
    /// a tool error (mcp-process: its JSON says `"status": "success"`). Set by the system's
    /// Given step; `the call succeeds` applies it.
    pub system_success: Option<SuccessRule>,
    /// What `features/process/` scenarios remember: processes, services, runs of the suite.
    pub process: crate::systems::mcp_process::ProcessScenario,
    /// The token a scenario describes before sending it (`features/auth/`).
    pub token: Option<crate::harness::jwt::TokenSpec>,
    /// What `features/gateway/` scenarios set up: routes through bridges, latency samples.
    pub gateway: crate::systems::mcp_bridge::GatewayScenario,
    /// The pet store and bridge settings of `features/openapi/` scenarios.
    pub openapi: crate::systems::openapi_bridge::OpenApiScenario,
    /// What `features/gateway/` ContextForge scenarios start: gateways, bridges, registrations.
    pub contextforge: crate::systems::contextforge::scenario::ContextForgeScenario,
    /// The ticket system of `features/tickets/`: its services, what tokens saw, chat answers.
    pub tickets: crate::systems::tickets::TicketsScenario,
    /// The fault proxy of `features/faults/` scenarios and what the calls through it noted.
    pub faults: crate::systems::fault_proxy::FaultScenario,
    /// The workflow, run and served directory of `features/agent/` scenarios.
    pub agent: crate::systems::agent_simulator::AgentScenario,
    /// What `features/hub/` scenarios set up: the hub's config, backends, CLI runs, the TUI.
    pub hub: crate::systems::mcp_hub::HubScenario,
    /// What `features/command/` scenarios hold: the command binary, its folder, its last run.
    pub command: crate::systems::command::CommandScenario,
    /// The misses of SHOULD-level checks: warnings, not failures (see harness/warnings.rs).
    pub warnings: crate::harness::warnings::Warnings,
    /// The tasks a `features/protocol/tasks.feature` scenario created.
    pub tasks: crate::mcp::tasks::TaskScenario,
    /// The subscription of a `features/protocol/subscriptions.feature` scenario.
    pub subscriptions: crate::mcp::subscription::SubscriptionScenario,
    /// What a `features/protocol/input_required.feature` scenario sent and got back.
    pub input_required: crate::mcp::input_required::InputRequiredScenario,
    /// What the 2026-07-28 caching, per-request logging and list stability scenarios keep.
    pub hints: crate::mcp::stateless_hints::HintsScenario,
}

impl std::fmt::Debug for McpWorld {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let target = match &self.scenario_target {
            Some(target) => target.name.clone(),
            None => run_target().map_or_else(|e| e.to_string(), |t| t.name.clone()),
        };
        f.debug_struct("McpWorld")
            .field("target", &target)
            .field("sessions", &self.sessions)
            .field("raw", &self.raw)
            .field("last", &self.last)
            .field("process", &self.process)
            .field("gateway", &self.gateway)
            .finish()
    }
}

/// The server under test for the whole run, chosen once from the environment.
pub fn run_target() -> Result<Arc<Target>> {
    static TARGET: OnceLock<std::result::Result<Arc<Target>, String>> = OnceLock::new();
    TARGET
        .get_or_init(|| {
            Target::from_env()
                .map(|target| Arc::new(target.as_run_target()))
                .map_err(|e| format!("{e:#}"))
        })
        .clone()
        .map_err(|e| anyhow!("cannot choose the server under test: {e}"))
}

impl McpWorld {
    fn new() -> Self {
        Self {
            scenario_target: None,
            tags: Vec::new(),
            heavy_slot: None,
            sessions: Sessions::new(),
            raw: None,
            last: None,
            client_behaviour: ClientBehaviour::default(),
            timeout: default_timeout(),
            system_success: None,
            process: Default::default(),
            token: None,
            gateway: Default::default(),
            openapi: Default::default(),
            contextforge: Default::default(),
            tickets: Default::default(),
            faults: Default::default(),
            agent: Default::default(),
            hub: Default::default(),
            command: Default::default(),
            warnings: Default::default(),
            tasks: Default::default(),
            subscriptions: Default::default(),
            input_required: Default::default(),
            hints: Default::default(),
        }
    }

    pub fn target(&self) -> Result<Arc<Target>> {
        match &self.scenario_target {
            Some(target) => Ok(target.clone()),
            None => run_target(),
        }
    }

    pub fn use_scenario_target(&mut self, target: Target) {
        self.scenario_target = Some(Arc::new(target));
    }

    /// Skips the scenario when the target is not reachable over `transport`; fails it at once
    /// when the run's server failed its preflight over `transport`.
    pub fn require_transport(&self, transport: Transport) -> Result<Arc<Target>> {
        let target = self.target()?;
        if target.is_run_target() {
            crate::runner::preflight::require_passed(transport)?;
        }
        if !target.supports(transport) {
            let registered: Vec<String> = target
                .transports()
                .iter()
                .map(ToString::to_string)
                .collect();
            skip_scenario(format!(
                "server '{}' is not registered for {transport} (registered: {})",
                target.name,
                registered.join(", ")
            ));
        }
        Ok(target)
    }

    /// The protocol revision the server under test is judged by; skips the scenario when its
    /// `@since-<revision>` is later (see [`crate::mcp::revisions`]).
    pub fn revision_under_test(&self) -> Result<String> {
        let target = self.target()?;
        let Some(revision) = crate::mcp::revisions::revision_under_test(&target)? else {
            skip_scenario(format!(
                "server '{}' speaks only the stateless 2026-07-28 protocol (registry): a scenario with a handshake does not apply",
                target.name
            ));
        };
        if let Some(reason) = crate::mcp::revisions::not_applicable(&self.tags, &revision) {
            skip_scenario(reason);
        }
        Ok(revision)
    }

    /// Skips the scenario when `what` came with a revision later than the one under test.
    pub fn require_revision(&self, what: &str, since: &str) -> Result<()> {
        let revision = self.revision_under_test()?;
        match crate::mcp::revisions::too_new(what, since, &revision) {
            Some(reason) => skip_scenario(reason),
            None => Ok(()),
        }
    }

    pub async fn open_session(
        &mut self,
        name: &str,
        transport: Transport,
        protocol_version: &str,
    ) -> Result<()> {
        let target = self.require_transport(transport)?;
        let options = SessionOptions {
            label: format!("{} {name}", target.name),
            protocol_version: protocol_version.to_owned(),
            behaviour: self.client_behaviour.clone(),
            timeout: self.timeout,
        };
        let session = McpSession::open(&target, transport, options).await?;
        self.sessions.insert(name.to_owned(), session);
        Ok(())
    }

    pub fn session(&mut self, name: &str) -> Result<&mut McpSession> {
        self.sessions
            .get_mut(name)
            .with_context(|| format!("no session named \"{name}\" was opened"))
    }

    pub fn client(&mut self) -> Result<&mut McpSession> {
        self.session(DEFAULT_SESSION)
    }

    pub async fn open_raw(&mut self, transport: Transport) -> Result<&mut RawChannel> {
        let target = self.require_transport(transport)?;
        let label = format!("{} raw", target.name);
        let channel = RawChannel::open(&target, transport, &label, self.timeout).await?;
        Ok(self.raw.insert(channel))
    }

    pub fn raw(&mut self) -> Result<&mut RawChannel> {
        self.raw
            .as_mut()
            .context("no raw connection was opened in this scenario")
    }

    /// The capabilities the server declared, from the session or the raw handshake.
    pub fn declared_capabilities(&mut self) -> Result<Value> {
        if let Some(session) = self.sessions.get(DEFAULT_SESSION) {
            return Ok(serde_json::to_value(&session.server()?.capabilities)?);
        }
        // Without a handshake (stateless protocol), server/discover declared them.
        self.raw
            .as_ref()
            .and_then(|raw| {
                raw.initialize_result
                    .as_ref()
                    .or(raw.discover_result.as_ref())
            })
            .and_then(|result| result.get("capabilities").cloned())
            .context("no initialized connection to read the server's capabilities from")
    }

    /// Skips the scenario unless the server declared `capability` (a path like "tools" or
    /// "resources.subscribe").
    pub fn require_capability(&mut self, capability: &str) -> Result<()> {
        let declared = self.declared_capabilities()?;
        let pointer = format!("/{}", capability.replace('.', "/"));
        let present = declared
            .pointer(&pointer)
            .is_some_and(|v| !v.is_null() && v != &Value::Bool(false));
        if !present {
            let target = self.target()?;
            skip_scenario(format!(
                "server '{}' does not declare the {capability} capability",
                target.name
            ));
        }
        Ok(())
    }

    /// The target's probe for `role`, or a skip naming the missing probe.
    pub fn required_probe<T: serde::de::DeserializeOwned>(&self, role: &str) -> Result<T> {
        let target = self.target()?;
        match target.probe(role)? {
            Some(probe) => Ok(probe),
            None => skip_scenario(format!(
                "no {role} probe is configured for server '{}' (probes in the registry, or MCP_SUT_PROBES)",
                target.name
            )),
        }
    }

    pub fn record(&mut self, outcome: Outcome) {
        self.last = Some(outcome);
    }

    /// Calls a tool on the default session and records the reply for `Then` steps.
    pub async fn call_tool(
        &mut self,
        name: &str,
        arguments: serde_json::Map<String, Value>,
    ) -> Result<()> {
        let request = format!(
            "tools/call \"{name}\" with {}",
            Value::Object(arguments.clone())
        );
        let reply = self.client()?.call_tool(name, arguments).await?;
        self.record(Outcome::Reply { request, reply });
        Ok(())
    }

    /// Sends an MCP request on the default session and records the reply for `Then` steps.
    pub async fn request(&mut self, method: &str, params: Value) -> Result<()> {
        let request = format!("{method} {params}");
        let reply = self.client()?.request(method, params).await?;
        self.record(Outcome::Reply { request, reply });
        Ok(())
    }

    /// The last request and the server's reply to it (from a session or a raw frame).
    pub fn last_reply(&self) -> Result<(String, Reply)> {
        match &self.last {
            Some(outcome) => outcome.reply(),
            None => Err(anyhow!("no request was sent to check a reply of")),
        }
    }

    /// The result of the last request (initialize, server/discover, …), which must be a success.
    pub fn last_result(&self) -> Result<Value> {
        let (request, reply) = self.last_reply()?;
        crate::checks::expect::success(&request, &reply).cloned()
    }

    /// `error` with the evidence of the systems this scenario started (e.g. the ContextForge
    /// gateway's last log lines), for failures that are not about one connection.
    pub fn with_evidence(&self, error: anyhow::Error) -> anyhow::Error {
        self.contextforge.with_evidence(error)
    }

    /// The last raw response object.
    pub fn last_raw_response(&self) -> Result<&Value> {
        match &self.last {
            Some(Outcome::Raw { response, .. }) => Ok(response),
            other => Err(anyhow!(
                "the last step produced no raw response (it produced {other:?})"
            )),
        }
    }

    /// Ends everything the scenario started: sessions, raw channel, processes (whole groups).
    pub async fn shutdown(&mut self) {
        for (_, mut session) in self.sessions.drain() {
            let _ = tokio::time::timeout(Duration::from_secs(2), session.close()).await;
        }
        self.raw = None;
        self.gateway.routes.clear();
    }
}
