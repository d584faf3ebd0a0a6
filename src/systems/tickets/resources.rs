//! What a service holds open, read from `/proc`: file descriptors, established TCP connections,
//! and the open MCP sessions its `/health` reports (when it reports them).

use std::collections::HashSet;

use anyhow::Result;

use super::services::Service;

/// One reading of a service's resources.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Usage {
    pub fds: usize,
    pub connections: usize,
    pub sessions: Option<u64>,
}

impl std::fmt::Display for Usage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} fds, {} connections", self.fds, self.connections)?;
        match self.sessions {
            Some(n) => write!(f, ", {n} open sessions"),
            None => Ok(()),
        }
    }
}

impl Usage {
    /// Whether this reading is back to (or below) `baseline`.
    pub fn within(&self, baseline: &Usage) -> bool {
        self.fds <= baseline.fds
            && self.connections <= baseline.connections
            && self.sessions.unwrap_or(0) <= baseline.sessions.unwrap_or(0)
    }
}

pub async fn usage(service: &Service, http: &reqwest::Client) -> Result<Usage> {
    let pid = service.pid();
    let links: Vec<String> = std::fs::read_dir(format!("/proc/{pid}/fd"))?
        .flatten()
        .filter_map(|e| std::fs::read_link(e.path()).ok())
        .map(|p| p.display().to_string())
        .collect();
    let sockets: HashSet<String> = links
        .iter()
        .filter_map(|l| {
            l.strip_prefix("socket:[")?
                .strip_suffix(']')
                .map(str::to_owned)
        })
        .collect();
    let mut connections = 0;
    for table in ["tcp", "tcp6"] {
        let text = std::fs::read_to_string(format!("/proc/{pid}/net/{table}")).unwrap_or_default();
        // sl local remote st ... inode: state 01 is ESTABLISHED.
        connections += text
            .lines()
            .skip(1)
            .map(|l| l.split_whitespace().collect::<Vec<_>>())
            .filter(|f| f.len() > 9 && f[3] == "01" && sockets.contains(f[9]))
            .count();
    }
    let (_, health) = service.health(http).await?;
    Ok(Usage {
        fds: links.len(),
        connections,
        sessions: health["open_sessions"].as_u64(),
    })
}
