//! The writer between cucumber's runner and the output writers (terminal, JUnit, Cucumber JSON,
//! behind cucumber's normalizer). It sees every event as it happens and
//! - turns a step that unwound with [`ScenarioSkipped`] into a skipped step showing the reason;
//! - turns the failing step of a listed known defect into a skipped step saying "expected
//!   failure" with the reason, and gives a listed known defect that passed a failed After hook
//!   "fixed: remove it from the list", so every report shows both for what they are;
//! - reports the warnings a scenario handed over (SHOULD-level misses, see
//!   `harness/warnings.rs`) as log lines under its steps, before its After hook ends, or fails
//!   that hook with them under `--strict`;
//! - records each scenario's latest attempt in the [`Tally`];
//! - remembers what is open, so an interrupted run can still close every scenario, rule and
//!   feature and let the writers write their reports ([`Finisher`]).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::SystemTime;

use cucumber::event::{
    self, Cucumber, Feature, HookType, Retries, RetryableScenario, Rule, Scenario, Source, Step,
    StepError,
};
use cucumber::{Event, World, Writer, gherkin, parser, writer};
use tokio::sync::Mutex;

use super::known_defects::{KnownDefects, TAGGED_KNOWN_DEFECT, tagged_reason};
use super::tally::{ScenarioRecord, Status, Tally, redact_secrets};
use super::warned;
use crate::harness::skip::ScenarioSkipped;
use crate::harness::warnings;

type Key = (usize, usize);

/// A scenario that started and has not finished.
struct OpenScenario {
    key: Key,
    feature: Source<gherkin::Feature>,
    rule: Option<Source<gherkin::Rule>>,
    scenario: Source<gherkin::Scenario>,
    retries: Option<Retries>,
}

#[derive(Default)]
struct Open {
    features: Vec<Source<gherkin::Feature>>,
    rules: Vec<(Source<gherkin::Feature>, Source<gherkin::Rule>)>,
    scenarios: Vec<OpenScenario>,
}

struct Shared<Wr> {
    writer: Wr,
    open: Open,
    /// When each open scenario (attempt) started.
    started: std::collections::HashMap<Key, SystemTime>,
}

pub struct Outcomes<Wr> {
    shared: Arc<Mutex<Shared<Wr>>>,
    tally: Tally,
    known: Arc<KnownDefects>,
    /// Feature files are named relative to this folder (the one holding `features/`).
    files_root: PathBuf,
    /// `--strict`: a scenario with warnings fails.
    strict: bool,
}

/// Closes what an interrupted run left open, so the writers finish their reports.
pub struct Finisher<Wr> {
    shared: Arc<Mutex<Shared<Wr>>>,
    tally: Tally,
}

impl<Wr> Outcomes<Wr> {
    pub fn new(
        writer: Wr,
        tally: Tally,
        known: KnownDefects,
        files_root: PathBuf,
        strict: bool,
    ) -> (Self, Finisher<Wr>) {
        let shared = Arc::new(Mutex::new(Shared {
            writer,
            open: Open::default(),
            started: Default::default(),
        }));
        let finisher = Finisher {
            shared: shared.clone(),
            tally: tally.clone(),
        };
        let outcomes = Self {
            shared,
            tally,
            known: Arc::new(known),
            files_root,
            strict,
        };
        (outcomes, finisher)
    }

    fn file_of(&self, feature: &gherkin::Feature) -> String {
        super::selection::file_of(feature, &self.files_root)
    }

    fn record_for(
        &self,
        feature: &gherkin::Feature,
        rule: Option<&gherkin::Rule>,
        scenario: &gherkin::Scenario,
    ) -> ScenarioRecord {
        let file = self.file_of(feature);
        let line = scenario.position.line;
        let tags: Vec<String> = feature
            .tags
            .iter()
            .chain(rule.iter().flat_map(|r| &r.tags))
            .chain(&scenario.tags)
            .map(|tag| format!("@{tag}"))
            .collect();
        // The server's list first; a scenario tagged @known-defect (a third-party system's
        // defect, explained in the feature) is one too, whichever server runs.
        let known_defect = self
            .known
            .reason_for(&file, line, &scenario.name)
            .map(str::to_owned)
            .or_else(|| {
                tags.iter()
                    .any(|tag| tag == TAGGED_KNOWN_DEFECT)
                    .then(|| tagged_reason(feature.path.as_deref(), line))
            });
        ScenarioRecord {
            feature: feature.name.clone(),
            known_defect,
            file,
            line,
            name: scenario.name.clone(),
            tags,
            status: Status::Passed,
            reason: None,
            warnings: Vec::new(),
            duration_ms: 0,
            failed_attempts: Vec::new(),
        }
    }

    /// A failed step: a skip, an expected failure, or a failure.
    fn map_step<W>(
        &self,
        key: Key,
        step: Source<gherkin::Step>,
        ev: Step<W>,
    ) -> (Source<gherkin::Step>, Step<W>) {
        let Step::Failed(_, _, _, error) = &ev else {
            if matches!(ev, Step::Skipped) {
                self.tally.update(key, |r| {
                    if r.status == Status::Passed {
                        r.status = Status::Skipped;
                    }
                });
            }
            return (step, ev);
        };
        if let StepError::Panic(payload) = error
            && let Some(skip) = payload.downcast_ref::<ScenarioSkipped>()
        {
            self.tally.update(key, |r| {
                r.status = Status::Skipped;
                r.reason = Some(redact_secrets(&skip.reason));
            });
            return (shown_as(&step, "skipped", &skip.reason), Step::Skipped);
        }
        let message = redact_secrets(&error_text(error));
        let expected = self
            .tally
            .update(key, |r| match r.known_defect.clone() {
                Some(reason) => {
                    r.status = Status::ExpectedFailure;
                    let first = message.lines().next().unwrap_or_default();
                    r.reason = Some(format!("{reason} (it failed: {first})"));
                    r.reason.clone()
                }
                None => {
                    r.status = Status::Failed;
                    r.reason = Some(message.clone());
                    None
                }
            })
            .flatten();
        match expected {
            Some(shown) => (
                shown_as(&step, "expected failure, a known defect", &shown),
                Step::Skipped,
            ),
            None => (step, ev),
        }
    }

    /// The end of a scenario's After hook: the warnings it handed over go into its record and,
    /// as log lines, into every report (`before` the hook's end); under `--strict` a passed
    /// scenario with warnings fails instead, the hook failing with them.
    fn map_warnings<W>(&self, key: Key, before: &mut Vec<Scenario<W>>) -> Scenario<W> {
        let misses = warnings::take(key);
        if misses.is_empty() {
            return Scenario::Hook(HookType::After, event::Hook::Passed);
        }
        let strict = self.strict;
        let failure = self
            .tally
            .update(key, |r| {
                r.warnings = warned::named(&r.tags, misses)
                    .iter()
                    .map(|w| redact_secrets(w))
                    .collect();
                before.push(Scenario::Log(warned::as_log(&r.warnings)));
                if strict && r.status == Status::Passed && r.known_defect.is_none() {
                    r.status = Status::Failed;
                    r.reason = Some(format!(
                        "warnings count as failures (--strict):\n{}",
                        r.warnings.join("\n")
                    ));
                    return r.reason.clone();
                }
                None
            })
            .flatten();
        match failure {
            Some(message) => Scenario::Hook(
                HookType::After,
                event::Hook::Failed(None, Arc::new(message)),
            ),
            None => Scenario::Hook(HookType::After, event::Hook::Passed),
        }
    }

    /// Maps one scenario event; events to send before it go to `before`.
    fn map_scenario<W: World>(
        &self,
        shared: &mut Shared<Wr>,
        place: (&Source<gherkin::Feature>, Option<&Source<gherkin::Rule>>),
        scenario: &Source<gherkin::Scenario>,
        retryable: RetryableScenario<W>,
        at: SystemTime,
        before: &mut Vec<Scenario<W>>,
    ) -> RetryableScenario<W> {
        let (feature, rule) = place;
        let key = key_of(feature, scenario);
        let event = match retryable.event {
            Scenario::Started => {
                let record = self.record_for(feature, rule.map(|r| &**r), scenario);
                self.tally.start(key, record);
                shared.started.insert(key, at);
                shared.open.scenarios.retain(|s| s.key != key);
                shared.open.scenarios.push(OpenScenario {
                    key,
                    feature: feature.clone(),
                    rule: rule.cloned(),
                    scenario: scenario.clone(),
                    retries: retryable.retries,
                });
                Scenario::Started
            }
            Scenario::Step(step, ev) => {
                let (step, ev) = self.map_step(key, step, ev);
                Scenario::Step(step, ev)
            }
            Scenario::Background(step, ev) => {
                let (step, ev) = self.map_step(key, step, ev);
                Scenario::Background(step, ev)
            }
            Scenario::Hook(HookType::Before, event::Hook::Passed) => {
                // A heavy scenario waited in the before hook for its slot (harness/weight.rs):
                // its time is counted from here, so that the timing shows its own work.
                shared.started.insert(key, at);
                Scenario::Hook(HookType::Before, event::Hook::Passed)
            }
            Scenario::Hook(HookType::After, event::Hook::Passed) => self.map_warnings(key, before),
            Scenario::Hook(which, event::Hook::Failed(world, info)) => {
                let message = redact_secrets(&payload_text(&info));
                self.tally.update(key, |r| {
                    r.status = Status::Failed;
                    r.reason = Some(format!("the {which} hook failed: {message}"));
                });
                Scenario::Hook(which, event::Hook::Failed(world, info))
            }
            Scenario::Finished => {
                let started = shared.started.remove(&key).unwrap_or(at);
                let took = at.duration_since(started).unwrap_or_default();
                let server = self.known.server().to_owned();
                let fixed = self
                    .tally
                    .update(key, |r| {
                        r.duration_ms = took.as_millis() as u64;
                        match (&r.known_defect, r.status) {
                            (Some(reason), Status::Passed) => {
                                r.status = Status::Fixed;
                                r.reason = Some(format!(
                                    "fixed: it passed, so remove it from the known defects of {server} (listed because: {reason})"
                                ));
                                r.reason.clone()
                            }
                            _ => None,
                        }
                    })
                    .flatten();
                if let Some(message) = fixed {
                    before.push(Scenario::Hook(HookType::After, event::Hook::Started));
                    before.push(Scenario::Hook(
                        HookType::After,
                        event::Hook::Failed(None, Arc::new(message)),
                    ));
                }
                shared.open.scenarios.retain(|s| s.key != key);
                Scenario::Finished
            }
            other => other,
        };
        RetryableScenario {
            event,
            retries: retryable.retries,
        }
    }
}

impl<W: World, Wr: Writer<W>> Writer<W> for Outcomes<Wr> {
    type Cli = Wr::Cli;

    async fn handle_event(&mut self, event: parser::Result<Event<Cucumber<W>>>, cli: &Self::Cli) {
        let shared = self.shared.clone();
        let mut shared = shared.lock().await;
        let event = match event {
            Ok(event) => event,
            Err(error) => {
                self.tally.add_other_failure();
                shared.writer.handle_event(Err(error), cli).await;
                return;
            }
        };
        let at = event.at;
        let mut before = Vec::new();
        let mut place = None;
        let event = event.map(|ev| match ev {
            Cucumber::Feature(f, Feature::Scenario(sc, retryable)) => {
                let mapped =
                    self.map_scenario(&mut *shared, (&f, None), &sc, retryable, at, &mut before);
                place = Some((f.clone(), None, sc.clone(), mapped.retries));
                Cucumber::Feature(f, Feature::Scenario(sc, mapped))
            }
            Cucumber::Feature(f, Feature::Rule(r, Rule::Scenario(sc, retryable))) => {
                let mapped = self.map_scenario(
                    &mut *shared,
                    (&f, Some(&r)),
                    &sc,
                    retryable,
                    at,
                    &mut before,
                );
                place = Some((f.clone(), Some(r.clone()), sc.clone(), mapped.retries));
                Cucumber::Feature(f, Feature::Rule(r, Rule::Scenario(sc, mapped)))
            }
            other => {
                track_open(&mut shared.open, &other);
                other
            }
        });
        if let Some((feature, rule, scenario, retries)) = place {
            for ev in before {
                let ev = scenario_event(&feature, rule.as_ref(), &scenario, retries, ev);
                shared.writer.handle_event(Ok(Event::new(ev)), cli).await;
            }
        }
        shared.writer.handle_event(Ok(event), cli).await;
    }
}

impl<W: World, Wr: writer::Arbitrary<W, Val>, Val> writer::Arbitrary<W, Val> for Outcomes<Wr> {
    async fn write(&mut self, value: Val) {
        self.shared.lock().await.writer.write(value).await;
    }
}

impl<Wr: writer::Normalized> writer::Normalized for Outcomes<Wr> {}

impl<Wr> Finisher<Wr> {
    /// Ends every open scenario as failed with `why` (an After hook failure), then every open
    /// rule and feature, then the run, so the writers print and write what they have.
    pub async fn close_interrupted<W: World>(&self, cli: &Wr::Cli, why: &str)
    where
        Wr: Writer<W>,
    {
        let mut shared = self.shared.lock().await;
        let open = std::mem::take(&mut shared.open);
        let now = SystemTime::now();
        for open in &open.scenarios {
            let started = shared.started.remove(&open.key).unwrap_or(now);
            self.tally.update(open.key, |r| {
                r.status = Status::Failed;
                r.reason = Some(why.to_owned());
                r.duration_ms = now.duration_since(started).unwrap_or_default().as_millis() as u64;
            });
            let hook = |ev| {
                scenario_event(
                    &open.feature,
                    open.rule.as_ref(),
                    &open.scenario,
                    open.retries,
                    Scenario::Hook(HookType::After, ev),
                )
            };
            let events: [Cucumber<W>; 3] = [
                hook(event::Hook::Started),
                hook(event::Hook::Failed(None, Arc::new(why.to_owned()))),
                scenario_event(
                    &open.feature,
                    open.rule.as_ref(),
                    &open.scenario,
                    open.retries,
                    Scenario::Finished,
                ),
            ];
            for ev in events {
                shared.writer.handle_event(Ok(Event::new(ev)), cli).await;
            }
        }
        for (feature, rule) in open.rules {
            let ev = Cucumber::Feature(feature, Feature::Rule(rule, Rule::Finished));
            shared.writer.handle_event(Ok(Event::new(ev)), cli).await;
        }
        for feature in open.features {
            let ev = Cucumber::Feature(feature, Feature::Finished);
            shared.writer.handle_event(Ok(Event::new(ev)), cli).await;
        }
        shared
            .writer
            .handle_event(Ok(Event::new(Cucumber::Finished)), cli)
            .await;
    }
}

fn track_open<W>(open: &mut Open, event: &Cucumber<W>) {
    let Cucumber::Feature(feature, ev) = event else {
        return;
    };
    match ev {
        Feature::Started => open.features.push(feature.clone()),
        Feature::Finished => open.features.retain(|f| !same(f, feature)),
        Feature::Rule(rule, Rule::Started) => open.rules.push((feature.clone(), rule.clone())),
        Feature::Rule(rule, Rule::Finished) => open.rules.retain(|(_, r)| !same(r, rule)),
        _ => {}
    }
}

fn scenario_event<W>(
    feature: &Source<gherkin::Feature>,
    rule: Option<&Source<gherkin::Rule>>,
    scenario: &Source<gherkin::Scenario>,
    retries: Option<Retries>,
    ev: Scenario<W>,
) -> Cucumber<W> {
    let retryable = RetryableScenario { event: ev, retries };
    match rule {
        Some(rule) => Cucumber::Feature(
            feature.clone(),
            Feature::Rule(rule.clone(), Rule::Scenario(scenario.clone(), retryable)),
        ),
        None => Cucumber::Feature(
            feature.clone(),
            Feature::Scenario(scenario.clone(), retryable),
        ),
    }
}

fn same<T>(a: &Source<T>, b: &Source<T>) -> bool {
    std::ptr::eq::<T>(&**a, &**b)
}

fn key_of(feature: &Source<gherkin::Feature>, scenario: &Source<gherkin::Scenario>) -> Key {
    warnings::scenario_key(feature, scenario)
}

/// The step with `(label: text)` appended, as the reports show it.
fn shown_as(step: &Source<gherkin::Step>, label: &str, text: &str) -> Source<gherkin::Step> {
    let mut shown = (**step).clone();
    shown.value = format!("{} ({label}: {text})", shown.value);
    Source::new(shown)
}

fn error_text(error: &StepError) -> String {
    match error {
        StepError::Panic(payload) => payload_text(payload),
        other => other.to_string(),
    }
}

fn payload_text(payload: &event::Info) -> String {
    if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else {
        "(a panic without a message)".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FEATURE: &str = "Feature: F\n  @spec-log-2\n  Scenario: S\n    Then it holds\n";

    /// The After hook of a scenario whose step warned once, as the writer maps it.
    fn after_a_warning(strict: bool) -> (Scenario<()>, Vec<Scenario<()>>, Tally) {
        let feature = gherkin::Feature::parse(FEATURE, gherkin::GherkinEnv::default()).unwrap();
        let scenario = &feature.scenarios[0];
        let key = warnings::scenario_key(&feature, scenario);
        let tally = Tally::default();
        let (outcomes, _) = Outcomes::new(
            (),
            tally.clone(),
            KnownDefects::default(),
            PathBuf::new(),
            strict,
        );
        tally.start(key, outcomes.record_for(&feature, None, scenario));
        let mut world_warnings = warnings::Warnings::default();
        world_warnings.should(Err(anyhow::anyhow!("answered -32603")));
        warnings::hand_over(&feature, scenario, &mut world_warnings);
        let mut before = Vec::new();
        let hook = outcomes.map_warnings(key, &mut before);
        (hook, before, tally)
    }

    #[test]
    fn a_warning_passes_and_is_logged_and_counted() {
        let (hook, before, tally) = after_a_warning(false);
        assert!(matches!(hook, Scenario::Hook(_, event::Hook::Passed)));
        let [Scenario::Log(log)] = &before[..] else {
            panic!("one log line expected");
        };
        assert!(log.contains("answered -32603"), "{log}");
        let record = &tally.records()[0];
        assert_eq!(record.status, Status::Passed);
        assert_eq!(record.warnings.len(), 1);
        assert!(record.warnings[0].ends_with(": answered -32603"));
        let counts = tally.counts();
        assert_eq!(
            counts.closing_line(),
            "acceptance: 1 passed, 0 failed, 0 skipped"
        );
        assert_eq!(
            counts.breakdown_line(),
            "acceptance: of the 1 passed, 0 expected to fail (known defects), 1 with warnings"
        );
    }

    #[test]
    fn strict_turns_a_warning_into_a_failure() {
        let (hook, _, tally) = after_a_warning(true);
        let Scenario::Hook(HookType::After, event::Hook::Failed(_, info)) = hook else {
            panic!("the After hook fails under --strict");
        };
        assert!(payload_text(&info).contains("answered -32603"));
        assert_eq!(tally.records()[0].status, Status::Failed);
        assert_eq!(
            tally.counts().closing_line(),
            "acceptance: 0 passed, 1 failed, 0 skipped"
        );
    }
}
