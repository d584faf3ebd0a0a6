//! The faults in the features' words, as rules of the proxy's plan (see
//! fixtures/mcp-fault-proxy/README.md for the rule format).

use anyhow::{Result, bail};
use regex::Regex;
use serde_json::{Value, json};

/// Where a fault hits a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hits {
    /// The client's request on its way to the server.
    Request,
    /// The server's answer on its way back.
    Answer,
}

/// The rule for `fault` hitting calls of `tool`, e.g. "drop", "delay of 300 ms", "not JSON",
/// "truncated line", "wrong id", "duplicate", "closed output", "exit with status 3", "hang",
/// "slow drip", "oversized to 2000000 bytes", "HTTP 500", "connection reset", "cut stream",
/// "lost session".
pub fn rule(fault: &str, hits: Hits, tool: &str) -> Result<Value> {
    let mut rule = rule_for_every_message(fault, hits)?;
    rule["method"] = json!("tools/call");
    rule["tool"] = json!(tool);
    Ok(rule)
}

/// The rule for `fault` hitting every message in the `hits` direction (pings too).
pub fn rule_for_every_message(fault: &str, hits: Hits) -> Result<Value> {
    let number = |pattern: &str| -> Option<u64> {
        Regex::new(pattern).ok()?.captures(fault)?[1].parse().ok()
    };
    let mut rule = match fault {
        "drop" => json!({"fault": "drop"}),
        "hang" if hits == Hits::Request => json!({"fault": "hang", "how": "stop_reading"}),
        "hang" => json!({"fault": "hang", "how": "stop_answering"}),
        "not JSON" => json!({"fault": "corrupt", "how": "not_json"}),
        "truncated line" => json!({"fault": "corrupt", "how": "truncated"}),
        "wrong id" => json!({"fault": "corrupt", "how": "wrong_id"}),
        "duplicate" => json!({"fault": "duplicate"}),
        "closed output" => json!({"fault": "close_output"}),
        "slow drip" => json!({"fault": "slow_drip", "chunk": 8, "interval_ms": 2}),
        "connection reset" => json!({"fault": "reset"}),
        "cut stream" => json!({"fault": "cut_stream"}),
        "lost session" => json!({"fault": "lost_session"}),
        _ => {
            if let Some(ms) = number(r"^delay of (\d+) ms$") {
                json!({"fault": "delay", "ms": ms})
            } else if let Some(code) = number(r"^exit with status (\d+)$") {
                json!({"fault": "exit", "code": code})
            } else if let Some(bytes) = number(r"^oversized to (\d+) bytes$") {
                json!({"fault": "oversized", "bytes": bytes})
            } else if let Some(code) = number(r"^HTTP (\d{3})$") {
                json!({"fault": "status", "code": code})
            } else {
                bail!("no fault called \"{fault}\"")
            }
        }
    };
    rule["direction"] = json!(match hits {
        Hits::Request => "to_server",
        Hits::Answer => "to_client",
    });
    Ok(rule)
}

/// `rule` firing with `percent`% probability, drawn from the proxy's generator seeded `seed`.
pub fn with_chance(mut rule: Value, percent: u32, seed: u64) -> Value {
    rule["probability"] = json!(f64::from(percent) / 100.0);
    rule["seed"] = json!(seed);
    rule
}

/// Drops the answer to the request with `id` (whatever it asks).
pub fn drop_answer_to(id: Value) -> Value {
    json!({"fault": "drop", "direction": "to_client", "id": id})
}

/// `rule` firing only on the `n`-th message (1-based) it matches.
pub fn on_nth(mut rule: Value, n: u64) -> Value {
    rule["nth"] = json!(n);
    rule
}

/// `rule` firing on the first `times` messages it matches, then no more.
pub fn at_most(mut rule: Value, times: u64) -> Value {
    rule["times"] = json!(times);
    rule
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_phrase_is_a_rule_for_the_tool_and_direction() {
        let drop = rule("drop", Hits::Answer, "echo").unwrap();
        assert_eq!(
            drop,
            json!({"fault":"drop","method":"tools/call","tool":"echo","direction":"to_client"})
        );
        assert_eq!(
            rule("delay of 300 ms", Hits::Request, "e").unwrap()["ms"],
            300
        );
        assert_eq!(
            rule("hang", Hits::Request, "e").unwrap()["how"],
            "stop_reading"
        );
        assert_eq!(rule("HTTP 404", Hits::Request, "e").unwrap()["code"], 404);
        assert!(rule("teleport", Hits::Request, "e").is_err());
    }
}
