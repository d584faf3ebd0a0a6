//! A writer between cucumber's runner and the output writers. It turns a step that unwound with
//! [`ScenarioSkipped`] into a skipped step whose text carries the reason, and tallies each
//! scenario's final attempt for the closing line.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use cucumber::event::{self, Cucumber, Feature, Rule, Scenario, Step, StepError};
use cucumber::{Event, World, Writer, gherkin, parser, writer};

use crate::harness::skip::ScenarioSkipped;

#[derive(Debug, Clone, Copy, PartialEq)]
enum State {
    Passed,
    Failed,
    Skipped,
}

#[derive(Default)]
struct Inner {
    /// By (feature, scenario) identity: the state of the latest attempt.
    scenarios: HashMap<(usize, usize), State>,
    /// (where, reason) of each skipped scenario.
    skips: Vec<(String, String)>,
    /// Features that failed to parse, hooks that failed outside steps.
    other_failures: usize,
}

/// Shared with the runner, which reads it after the run.
#[derive(Clone, Default)]
pub struct Tally(Arc<Mutex<Inner>>);

pub struct Counts {
    pub passed: usize,
    pub failed: usize,
    pub skipped: usize,
}

impl Tally {
    pub fn counts(&self) -> Counts {
        let inner = self.0.lock().unwrap();
        let count = |state| inner.scenarios.values().filter(|s| **s == state).count();
        Counts {
            passed: count(State::Passed),
            failed: count(State::Failed) + inner.other_failures,
            skipped: count(State::Skipped),
        }
    }

    pub fn print_skip_reasons(&self) {
        let inner = self.0.lock().unwrap();
        if inner.skips.is_empty() {
            return;
        }
        println!("\nSkipped scenarios:");
        for (place, reason) in &inner.skips {
            println!("  {place}: {reason}");
        }
    }

    fn scenario(
        &self,
        feature: &gherkin::Feature,
        scenario: &gherkin::Scenario,
        event: &Scenario<impl World>,
    ) {
        let key = (feature as *const _ as usize, scenario as *const _ as usize);
        let mut inner = self.0.lock().unwrap();
        let state = inner.scenarios.entry(key).or_insert(State::Passed);
        match event {
            Scenario::Started => *state = State::Passed,
            Scenario::Step(_, Step::Failed(..))
            | Scenario::Background(_, Step::Failed(..))
            | Scenario::Hook(_, event::Hook::Failed(..)) => *state = State::Failed,
            Scenario::Step(_, Step::Skipped) | Scenario::Background(_, Step::Skipped)
                if *state != State::Failed =>
            {
                *state = State::Skipped;
            }
            _ => {}
        }
    }

    fn skipped(&self, feature: &gherkin::Feature, scenario: &gherkin::Scenario, reason: &str) {
        let file = feature.path.as_ref().map_or_else(
            || feature.name.clone(),
            |p| {
                p.strip_prefix(crate::package_root())
                    .unwrap_or(p)
                    .display()
                    .to_string()
            },
        );
        let place = format!("{file}:{} {}", scenario.position.line, scenario.name);
        self.0
            .lock()
            .unwrap()
            .skips
            .push((place, reason.to_owned()));
    }
}

pub struct Outcomes<Wr> {
    inner: Wr,
    tally: Tally,
}

impl<Wr> Outcomes<Wr> {
    pub fn new(inner: Wr, tally: Tally) -> Self {
        Self { inner, tally }
    }

    /// A failed step whose panic payload is a skip becomes a skipped step showing the reason.
    fn map_step<W>(
        &self,
        feature: &gherkin::Feature,
        scenario: &gherkin::Scenario,
        step: event::Source<gherkin::Step>,
        ev: Step<W>,
    ) -> (event::Source<gherkin::Step>, Step<W>) {
        if let Step::Failed(_, _, _, StepError::Panic(payload)) = &ev
            && let Some(skip) = payload.downcast_ref::<ScenarioSkipped>()
        {
            self.tally.skipped(feature, scenario, &skip.reason);
            let mut shown = (*step).clone();
            shown.value = format!("{} (skipped: {})", shown.value, skip.reason);
            return (event::Source::new(shown), Step::Skipped);
        }
        (step, ev)
    }

    fn map_scenario<W: World>(
        &self,
        feature: &gherkin::Feature,
        scenario: &gherkin::Scenario,
        ev: Scenario<W>,
    ) -> Scenario<W> {
        let ev = match ev {
            Scenario::Step(step, ev) => {
                let (step, ev) = self.map_step(feature, scenario, step, ev);
                Scenario::Step(step, ev)
            }
            Scenario::Background(step, ev) => {
                let (step, ev) = self.map_step(feature, scenario, step, ev);
                Scenario::Background(step, ev)
            }
            other => other,
        };
        self.tally.scenario(feature, scenario, &ev);
        ev
    }
}

impl<W: World, Wr: Writer<W>> Writer<W> for Outcomes<Wr> {
    type Cli = Wr::Cli;

    async fn handle_event(&mut self, event: parser::Result<Event<Cucumber<W>>>, cli: &Self::Cli) {
        let event = match event {
            Ok(event) => Ok(event.map(|ev| match ev {
                Cucumber::Feature(f, Feature::Scenario(sc, mut retryable)) => {
                    retryable.event = self.map_scenario(&f, &sc, retryable.event);
                    Cucumber::Feature(f, Feature::Scenario(sc, retryable))
                }
                Cucumber::Feature(f, Feature::Rule(r, Rule::Scenario(sc, mut retryable))) => {
                    retryable.event = self.map_scenario(&f, &sc, retryable.event);
                    Cucumber::Feature(f, Feature::Rule(r, Rule::Scenario(sc, retryable)))
                }
                other => other,
            })),
            Err(error) => {
                self.tally.0.lock().unwrap().other_failures += 1;
                Err(error)
            }
        };
        self.inner.handle_event(event, cli).await;
    }
}

impl<W: World, Wr: writer::Arbitrary<W, Val>, Val> writer::Arbitrary<W, Val> for Outcomes<Wr> {
    async fn write(&mut self, value: Val) {
        self.inner.write(value).await;
    }
}
