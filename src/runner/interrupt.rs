//! A clean stop: SIGINT (Ctrl-C sends it to the run's process group) or SIGTERM ends the run
//! at once; the runner then kills what the scenarios started, lets the writers close their
//! reports and exits 130 / 143.

use std::fmt;

use anyhow::{Context as _, Result};
use tokio::signal::unix::{Signal, SignalKind, signal};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interruption {
    Sigint,
    Sigterm,
}

impl Interruption {
    /// 128 + the signal number, as shells report a process ended by it.
    pub fn exit_status(self) -> u8 {
        match self {
            Self::Sigint => 130,
            Self::Sigterm => 143,
        }
    }
}

impl fmt::Display for Interruption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Sigint => "interrupted by SIGINT",
            Self::Sigterm => "stopped by SIGTERM",
        })
    }
}

/// Both signals, caught from now on (inside the runtime).
pub struct Interruptions {
    sigint: Signal,
    sigterm: Signal,
}

pub fn listen() -> Result<Interruptions> {
    Ok(Interruptions {
        sigint: signal(SignalKind::interrupt()).context("cannot catch SIGINT")?,
        sigterm: signal(SignalKind::terminate()).context("cannot catch SIGTERM")?,
    })
}

impl Interruptions {
    /// The first of the two signals to arrive.
    pub async fn next(mut self) -> Interruption {
        tokio::select! {
            _ = self.sigint.recv() => Interruption::Sigint,
            _ = self.sigterm.recv() => Interruption::Sigterm,
        }
    }
}
