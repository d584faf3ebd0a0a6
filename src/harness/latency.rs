//! Latency samples, for any system's timed scenarios (today the gateway's budgets in
//! `systems::mcp_bridge::latency`): durations timed by the client, summarised as median / p95 /
//! max, printed at once and collected into one table the runner prints after the run.

use std::sync::{LazyLock, Mutex};
use std::time::Duration;

/// Round trips measured for one route (or one kind of step).
#[derive(Debug, Clone, Default)]
pub struct Samples(Vec<Duration>);

impl Samples {
    pub fn push(&mut self, took: Duration) {
        self.0.push(took);
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn sorted(&self) -> Vec<Duration> {
        let mut sorted = self.0.clone();
        sorted.sort();
        sorted
    }

    /// The value below which `percent` % of the samples lie (nearest rank).
    pub fn percentile(&self, percent: f64) -> Duration {
        let sorted = self.sorted();
        if sorted.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((percent / 100.0) * sorted.len() as f64).ceil() as usize;
        sorted[rank.clamp(1, sorted.len()) - 1]
    }

    pub fn median(&self) -> Duration {
        let sorted = self.sorted();
        match sorted.len() {
            0 => Duration::ZERO,
            n if n % 2 == 1 => sorted[n / 2],
            n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2,
        }
    }

    /// The average (the ticket system's budgets are on it).
    pub fn mean(&self) -> Duration {
        if self.0.is_empty() {
            return Duration::ZERO;
        }
        self.0.iter().sum::<Duration>() / self.0.len() as u32
    }

    pub fn max(&self) -> Duration {
        self.0.iter().max().copied().unwrap_or_default()
    }
}

/// One line of the latency table.
#[derive(Debug, Clone)]
pub struct Row {
    pub what: String,
    pub samples: Samples,
}

impl Row {
    pub fn render(&self) -> String {
        format!(
            "{:<64} n={:<3} median {:>8} p95 {:>8} max {:>8}",
            self.what,
            self.samples.len(),
            millis(self.samples.median()),
            millis(self.samples.percentile(95.0)),
            millis(self.samples.max()),
        )
    }
}

pub fn millis(duration: Duration) -> String {
    format!("{:.2}ms", duration.as_secs_f64() * 1000.0)
}

static TABLE: LazyLock<Mutex<Vec<String>>> = LazyLock::new(Default::default);

/// The rows reported so far, as numbers (for the run's summary file).
static ROWS: LazyLock<Mutex<Vec<Row>>> = LazyLock::new(Default::default);

/// Prints `row` now and keeps it for the closing table and the run's summary.
pub fn report_row(row: Row) {
    report(row.render());
    ROWS.lock().unwrap().push(row);
}

/// One row of the run's latency figures, in milliseconds.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Figures {
    pub label: String,
    pub samples: usize,
    pub median_ms: f64,
    pub p95_ms: f64,
    pub max_ms: f64,
}

/// Every row reported in this run, as figures.
pub fn figures() -> Vec<Figures> {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    ROWS.lock()
        .unwrap()
        .iter()
        .map(|row| Figures {
            label: row.what.clone(),
            samples: row.samples.len(),
            median_ms: ms(row.samples.median()),
            p95_ms: ms(row.samples.percentile(95.0)),
            max_ms: ms(row.samples.max()),
        })
        .collect()
}

/// Prints `line` now (it shows in the scenario's output) and keeps it for the closing table.
pub fn report(line: String) {
    println!("  latency: {line}");
    TABLE.lock().unwrap().push(line);
}

/// Prints every latency line of the run, if there were any (the runner calls it at the end).
pub fn print_table() {
    let lines = TABLE.lock().unwrap();
    if lines.is_empty() {
        return;
    }
    println!("latency (client-side round trips, this run):");
    for line in lines.iter() {
        println!("  {line}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn samples(ms: &[u64]) -> Samples {
        let mut samples = Samples::default();
        for m in ms {
            samples.push(Duration::from_millis(*m));
        }
        samples
    }

    #[test]
    fn median_and_percentiles_use_sorted_samples() {
        let s = samples(&[5, 1, 4, 2, 3]);
        assert_eq!(s.median(), Duration::from_millis(3));
        assert_eq!(s.percentile(95.0), Duration::from_millis(5));
        assert_eq!(s.percentile(40.0), Duration::from_millis(2));
        assert_eq!(
            samples(&[1, 2, 3, 10]).median(),
            Duration::from_micros(2500)
        );
        assert_eq!(s.max(), Duration::from_millis(5));
    }
}
