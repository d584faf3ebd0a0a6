//! Skipping a scenario at run time with a reason ("the server does not declare prompts").
//!
//! cucumber-rs has no run-time skip, so a step unwinds with a [`ScenarioSkipped`] payload and the
//! runner's outcome writer turns that failed step into a skipped one, keeping the reason.

/// The unwind payload of a skipped scenario.
#[derive(Debug, Clone)]
pub struct ScenarioSkipped {
    pub reason: String,
}

/// Ends the current scenario as skipped. `resume_unwind` does not run the panic hook, so nothing
/// is printed as a panic.
pub fn skip_scenario(reason: impl Into<String>) -> ! {
    std::panic::resume_unwind(Box::new(ScenarioSkipped {
        reason: reason.into(),
    }))
}
