//! The document's performance tests: ten sequential `list_tickets` calls within its budgets
//! (average < 2 s, median < 1.5 s, slowest < 5 s) and five concurrent ones within 10 s. The
//! figures go to the run's latency table.

use std::time::{Duration, Instant};

use anyhow::{Result, ensure};

use super::TicketsScenario;
use super::mcp::{TicketClient, sample_arguments};
use crate::harness::latency::{Samples, millis, report};

impl TicketsScenario {
    async fn document_client(&self, limit: Duration) -> Result<TicketClient> {
        let system = self.system()?;
        TicketClient::open(&system.mcp_url(), &system.tokens.token("document")?, limit).await
    }

    /// `times` sequential calls in one session: the samples.
    pub async fn time_sequential(&mut self, times: usize, limit: Duration) -> Result<Samples> {
        let client = self.document_client(limit).await?;
        let mut samples = Samples::default();
        let arguments = sample_arguments("list_tickets", None);
        for _ in 0..times {
            let started = Instant::now();
            let answer = client.call("list_tickets", &arguments).await?;
            samples.push(started.elapsed());
            ensure!(
                answer.json()?["tickets"].is_array(),
                "list_tickets answered {answer:?}"
            );
        }
        client.close().await;
        Ok(samples)
    }

    /// `times` concurrent calls in one session: the time until all answered a ticket list.
    pub async fn time_concurrent(&mut self, times: usize, limit: Duration) -> Result<Duration> {
        let client = self.document_client(limit).await?;
        let arguments = sample_arguments("list_tickets", None);
        let started = Instant::now();
        let calls = (0..times).map(|_| client.call("list_tickets", &arguments));
        let answers = futures::future::join_all(calls).await;
        let took = started.elapsed();
        client.close().await;
        for answer in answers {
            let answer = answer?;
            ensure!(
                answer.json()?["tickets"].is_array(),
                "a concurrent call answered {answer:?}"
            );
        }
        Ok(took)
    }

    pub fn label(&self) -> String {
        match self.system.as_ref().map(|s| s.implementation) {
            Some(super::Implementation::FastMcp) => "fastmcp".to_owned(),
            _ => "ours".to_owned(),
        }
    }
}

/// Checks the document's budgets and reports the figures.
pub fn expect_budgets(label: &str, samples: &Samples) -> Result<()> {
    let average = samples.mean();
    report(format!(
        "{:<64} n={:<3} avg {:>8} median {:>8} max {:>8}",
        format!("tickets: list_tickets via MCP ({label})"),
        samples.len(),
        millis(average),
        millis(samples.median()),
        millis(samples.max())
    ));
    ensure!(
        average < Duration::from_secs(2),
        "average {} ≥ 2 s",
        millis(average)
    );
    ensure!(
        samples.median() < Duration::from_millis(1500),
        "median {} ≥ 1.5 s",
        millis(samples.median())
    );
    ensure!(
        samples.max() < Duration::from_secs(5),
        "slowest {} ≥ 5 s",
        millis(samples.max())
    );
    Ok(())
}

/// Checks that `times` concurrent calls (all already checked correct) took under `limit`, and
/// reports the figure.
pub fn expect_concurrent_within(
    label: &str,
    times: usize,
    took: Duration,
    limit: Duration,
) -> Result<()> {
    report(format!(
        "{:<64} n={times:<3} all answered in {}",
        format!("tickets: concurrent list_tickets ({label})"),
        millis(took)
    ));
    ensure!(
        took < limit,
        "{times} concurrent calls took {}, not under {limit:?}",
        millis(took)
    );
    Ok(())
}
