//! The test program `mcp-process-testee`, described by what it does: each behaviour a scenario
//! names (`sleeps | 5 seconds`, `prints on stderr | "a warning"`) becomes its flag, in the
//! order written, so scenarios never spell out the program's command line.

use anyhow::{Context, Result, bail, ensure};
use serde_json::{Map, Value, json};

use super::TESTEE;

/// The behaviours a scenario can ask of the test program, and the flag each one is.
const BEHAVIOURS: &[(&str, &str)] = &[
    ("prints on stdout", "--stdout"),
    ("prints on stderr", "--stderr"),
    ("writes on stdout", "--print-bytes"),
    ("prints the variable", "--print-env"),
    ("ignores", "--trap-sigterm"),
    ("burns", "--burn-cpu"),
    ("allocates", "--allocate-mb"),
    ("sleeps", "--sleep-ms"),
    ("crashes after", "--crash-after-ms"),
    ("exits with code", "--exit-code"),
];

/// The test program a scenario described: its command-line arguments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TestProgram {
    pub args: Vec<String>,
}

impl TestProgram {
    /// From a table of behaviours, one `| behaviour | value |` row each.
    pub fn from_rows(rows: &[Vec<String>]) -> Result<Self> {
        ensure!(
            !rows.is_empty(),
            "the test program needs at least one behaviour"
        );
        let mut args = Vec::new();
        for row in rows {
            let [behaviour, value] = row.as_slice() else {
                bail!("a behaviour row has two cells, `| sleeps | 5 seconds |`: {row:?}");
            };
            args.extend(flag(behaviour.trim(), value.trim())?);
        }
        Ok(Self { args })
    }

    /// From one behaviour in a sentence: `sleeps 5 seconds`, `burns CPU`.
    pub fn from_sentence(behaviour: &str) -> Result<Self> {
        let (name, _) = BEHAVIOURS
            .iter()
            .find(|(name, _)| behaviour.starts_with(&format!("{name} ")))
            .with_context(|| unknown(behaviour))?;
        let row = vec![name.to_string(), behaviour[name.len()..].trim().to_owned()];
        Self::from_rows(&[row])
    }

    /// The arguments of `process_start` for this program.
    pub fn start_arguments(&self) -> Map<String, Value> {
        object(json!({"executable": TESTEE, "args": self.args}))
    }

    /// The arguments of `process_start_service` running this program as the service `name`.
    pub fn service_arguments(&self, name: &str) -> Map<String, Value> {
        object(json!({"name": name, "executable": TESTEE, "args": self.args}))
    }
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => unreachable!("tool arguments are built from object literals, not {other}"),
    }
}

fn unknown(behaviour: &str) -> String {
    let known: Vec<&str> = BEHAVIOURS.iter().map(|(name, _)| *name).collect();
    format!(
        "the test program cannot \"{behaviour}\"; it knows: {}",
        known.join(", ")
    )
}

/// The flag (and its value) of one behaviour.
fn flag(behaviour: &str, value: &str) -> Result<Vec<String>> {
    let (_, flag) = BEHAVIOURS
        .iter()
        .find(|(name, _)| *name == behaviour)
        .with_context(|| unknown(behaviour))?;
    let value = match behaviour {
        "prints on stdout" | "prints on stderr" => Some(quoted(value)?.to_owned()),
        "prints the variable" => Some(value.to_owned()),
        "ignores" => return fixed(flag, value, "SIGTERM"),
        "burns" => return fixed(flag, value, "CPU"),
        "allocates" => Some(measure(value, "MB")?.to_string()),
        "writes on stdout" => Some(measure(value, "bytes")?.to_string()),
        "sleeps" | "crashes after" => Some(milliseconds(value)?.to_string()),
        _ => Some(
            value
                .parse::<i32>()
                .with_context(|| format!("not an exit code: {value}"))?
                .to_string(),
        ),
    };
    Ok([flag.to_string()].into_iter().chain(value).collect())
}

/// A behaviour with one possible object (`ignores SIGTERM`, `burns CPU`): the flag alone.
fn fixed(flag: &str, value: &str, only: &str) -> Result<Vec<String>> {
    ensure!(
        value == only,
        "the test program can only do that with {only}, not {value}"
    );
    Ok(vec![flag.to_owned()])
}

/// Text to print, written in double quotes.
fn quoted(value: &str) -> Result<&str> {
    value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .with_context(|| format!("write the text to print in double quotes: {value}"))
}

/// `300 MB` → 300.
fn measure(value: &str, unit: &str) -> Result<u64> {
    value
        .strip_suffix(unit)
        .and_then(|n| n.trim().parse().ok())
        .with_context(|| format!("expected a whole number of {unit}, like `40 {unit}`: {value}"))
}

/// `5 seconds`, `0.1 seconds`, `1 second` → milliseconds.
fn milliseconds(value: &str) -> Result<u64> {
    let seconds: f64 = value
        .strip_suffix("seconds")
        .or_else(|| value.strip_suffix("second"))
        .and_then(|n| n.trim().parse().ok())
        .with_context(|| format!("expected a duration like `5 seconds`: {value}"))?;
    Ok((seconds * 1000.0).round() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(rows: &[(&str, &str)]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|(a, b)| vec![a.to_string(), b.to_string()])
            .collect()
    }

    #[test]
    fn behaviours_become_flags_in_order() {
        let program = TestProgram::from_rows(&rows(&[
            ("prints on stdout", "\"all done\""),
            ("prints on stderr", "\"with a warning\""),
            ("allocates", "300 MB"),
            ("ignores", "SIGTERM"),
            ("sleeps", "60 seconds"),
            ("crashes after", "0.1 seconds"),
            ("exits with code", "0"),
        ]))
        .unwrap();
        assert_eq!(
            program.args,
            [
                "--stdout",
                "all done",
                "--stderr",
                "with a warning",
                "--allocate-mb",
                "300",
                "--trap-sigterm",
                "--sleep-ms",
                "60000",
                "--crash-after-ms",
                "100",
                "--exit-code",
                "0"
            ]
        );
    }

    #[test]
    fn a_sentence_names_one_behaviour() {
        let sleeps = TestProgram::from_sentence("sleeps 5 seconds").unwrap();
        assert_eq!(sleeps.args, ["--sleep-ms", "5000"]);
        let burns = TestProgram::from_sentence("burns CPU").unwrap();
        assert_eq!(burns.args, ["--burn-cpu"]);
        let env = TestProgram::from_sentence("prints the variable LD_PRELOAD").unwrap();
        assert_eq!(env.args, ["--print-env", "LD_PRELOAD"]);
    }

    #[test]
    fn unknown_behaviours_and_unquoted_text_fail() {
        assert!(TestProgram::from_sentence("dances 5 seconds").is_err());
        assert!(TestProgram::from_rows(&rows(&[("prints on stdout", "bare")])).is_err());
        assert!(TestProgram::from_rows(&rows(&[("burns", "GPU")])).is_err());
    }
}
