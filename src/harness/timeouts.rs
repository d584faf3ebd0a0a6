//! Every wait in the suite is bounded. The default bound comes from `MCP_STEP_TIMEOUT`
//! (seconds, default 10); steps may name their own ("within 3 seconds").

use std::future::Future;
use std::time::Duration;

use anyhow::{Result, anyhow};

const DEFAULT_SECONDS: f64 = 10.0;

/// The default bound for one wait.
pub fn default_timeout() -> Duration {
    std::env::var("MCP_STEP_TIMEOUT")
        .ok()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|s| *s > 0.0)
        .map(Duration::from_secs_f64)
        .unwrap_or(Duration::from_secs_f64(DEFAULT_SECONDS))
}

/// Runs `future`, failing with "timed out after …  waiting for <what>" past `limit`.
pub async fn bounded<T>(limit: Duration, what: &str, future: impl Future<Output = T>) -> Result<T> {
    tokio::time::timeout(limit, future)
        .await
        .map_err(|_| anyhow!("timed out after {} waiting for {what}", seconds(limit)))
}

pub fn seconds(duration: Duration) -> String {
    format!("{:.1}s", duration.as_secs_f64())
}
