//! Task-augmented requests of 2025-11-25 (experimental): a `tools/call` carrying a `task`
//! field, then `tasks/get`, `tasks/result`, `tasks/list` and `tasks/cancel` on the task id the
//! server handed out. They go over the raw channel: rmcp 3.9 knows only the 2026-07-28 tasks
//! extension and drops the `task` field of a call.

use anyhow::{Context, Result, anyhow, bail};
use serde_json::{Value, json};

use super::raw::RawChannel;
use super::registry::ToolProbe;

/// The `_meta` key that ties a message to its task.
pub const RELATED_TASK: &str = "io.modelcontextprotocol/related-task";

/// The lifetime the suite asks for: long enough for any scenario, short enough to be tidy.
const REQUESTED_TTL_MS: u64 = 60_000;

/// Most pages a `tasks/list` walk follows before it calls the cursors endless.
const MAX_LIST_PAGES: usize = 100;

/// What a scenario remembers about the tasks it created: their ids, oldest first.
#[derive(Debug, Default)]
pub struct TaskScenario {
    pub ids: Vec<String>,
}

impl TaskScenario {
    /// The id of the task created last.
    pub fn last_id(&self) -> Result<String> {
        self.ids
            .last()
            .cloned()
            .context("no task was created in this scenario")
    }
}

/// A task operation a scenario names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, cucumber::Parameter)]
#[param(name = "task_operation", regex = "status|result|cancellation")]
pub enum TaskOperation {
    Status,
    Result,
    Cancellation,
}

impl TaskOperation {
    pub fn method(self) -> &'static str {
        match self {
            Self::Status => "tasks/get",
            Self::Result => "tasks/result",
            Self::Cancellation => "tasks/cancel",
        }
    }
}

impl std::str::FromStr for TaskOperation {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "status" => Self::Status,
            "result" => Self::Result,
            "cancellation" => Self::Cancellation,
            other => return Err(format!("no task operation \"{other}\"")),
        })
    }
}

/// The params of a call of `probe` as a task.
pub fn task_call_params(probe: &ToolProbe) -> Value {
    json!({
        "name": probe.name,
        "arguments": probe.arguments,
        "task": {"ttl": REQUESTED_TTL_MS},
    })
}

/// Describes a request for the step that checks its answer.
pub fn describe(method: &str, params: &Value) -> String {
    format!("{method} with {params}")
}

impl RawChannel {
    /// `method` on the task `task_id` (tasks/get, tasks/result, tasks/cancel); the response.
    pub async fn task_request(&mut self, method: &str, task_id: &str) -> Result<Value> {
        self.call(method, Some(json!({"taskId": task_id}))).await
    }

    /// The `execution.taskSupport` the server lists for the tool `name` (None when absent).
    pub async fn task_support(&mut self, name: &str) -> Result<Option<String>> {
        let mut cursor: Option<Value> = None;
        for _ in 0..MAX_LIST_PAGES {
            let params = cursor.take().map(|cursor| json!({"cursor": cursor}));
            let response = self.call("tools/list", params).await?;
            let result = response
                .get("result")
                .ok_or_else(|| anyhow!("tools/list was refused: {response}"))?;
            let tools = result.get("tools").and_then(Value::as_array);
            if let Some(tool) = tools
                .into_iter()
                .flatten()
                .find(|tool| tool.get("name").and_then(Value::as_str) == Some(name))
            {
                let support = tool
                    .pointer("/execution/taskSupport")
                    .and_then(Value::as_str);
                return Ok(support.map(str::to_owned));
            }
            match result.get("nextCursor") {
                None | Some(Value::Null) => bail!("the tool \"{name}\" is not listed"),
                Some(next) => cursor = Some(next.clone()),
            }
        }
        bail!("tools/list still had a nextCursor after {MAX_LIST_PAGES} pages")
    }

    /// Every task `tasks/list` names, following `nextCursor` to the last page.
    pub async fn listed_task_ids(&mut self) -> Result<Vec<String>> {
        let mut ids = Vec::new();
        let mut cursor: Option<Value> = None;
        for _ in 0..MAX_LIST_PAGES {
            let params = cursor.take().map(|cursor| json!({"cursor": cursor}));
            let response = self.call("tasks/list", params).await?;
            let result = response
                .get("result")
                .ok_or_else(|| anyhow!("tasks/list was refused: {response}"))?;
            let tasks = result
                .get("tasks")
                .and_then(Value::as_array)
                .ok_or_else(|| anyhow!("the tasks/list result has no \"tasks\" array: {result}"))?;
            ids.extend(
                tasks
                    .iter()
                    .filter_map(|task| task.get("taskId").and_then(Value::as_str))
                    .map(str::to_owned),
            );
            match result.get("nextCursor") {
                None | Some(Value::Null) => return Ok(ids),
                Some(next) => cursor = Some(next.clone()),
            }
        }
        bail!("tasks/list still had a nextCursor after {MAX_LIST_PAGES} pages")
    }
}

/// The tasks extension of 2026-07-28 (`io.modelcontextprotocol/tasks`).
pub mod extension {
    use anyhow::{Result, bail};
    use serde_json::{Value, json};

    use crate::mcp::jsonrpc;
    use crate::mcp::raw::{Exchanged, RawChannel};
    use crate::mcp::stateless::{
        META_CLIENT_CAPABILITIES, STATELESS_VERSION, http_headers, params_with_meta,
    };

    pub const TASKS_EXTENSION: &str = "io.modelcontextprotocol/tasks";

    /// Whether the request declares the extension in its own capabilities.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Declaring {
        Extension,
        Nothing,
    }

    impl RawChannel {
        /// A stateless request; `name` (the tool or task id) goes in the `Mcp-Name` header over
        /// HTTP, as the extension asks of clients.
        pub async fn extension_request(
            &mut self,
            method: &str,
            name: &str,
            params: Value,
            declaring: Declaring,
        ) -> Result<Value> {
            let mut params = params_with_meta(params, STATELESS_VERSION);
            if declaring == Declaring::Extension {
                params["_meta"][META_CLIENT_CAPABILITIES] =
                    json!({"extensions": {TASKS_EXTENSION: {}}});
            }
            let id = self.fresh_id();
            let frame = jsonrpc::request(id.clone(), method, Some(params));
            let mut headers = http_headers(method, STATELESS_VERSION);
            headers.extra.push(("Mcp-Name".to_owned(), name.to_owned()));
            let exchanged: Exchanged = self.exchange(&id, &frame, &headers).await?;
            match (exchanged.response, exchanged.http) {
                (Some(response), _) => Ok(response),
                (None, Some(answer)) => bail!("{method} got no JSON-RPC response: {answer:?}"),
                (None, None) => bail!("{method}: neither a response nor an HTTP answer came back"),
            }
        }
    }
}
