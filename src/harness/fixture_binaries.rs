//! The fixture systems' binaries (the servers under test that `fixtures/` builds).
//!
//! Each fixture is a crate of its own in the workspace, and `cargo test --test acceptance` builds
//! only this package, so the runner builds the fixture crates itself, once per run, before any
//! scenario starts: every workspace member but the suite and its command, `cargo build
//! --workspace --exclude mcp-acceptance --exclude mcp-acceptance-command --bins --profile sut
//! --target-dir target/fixtures` into `target/fixtures/sut/` (the same command as
//! `fixtures/build.sh`: one selection of packages, so cargo unifies their dependencies' features
//! the same way each time and never rebuilds them for a different selection). When nothing
//! changed that is a no-op of a fraction of a second; an edited fixture is rebuilt by the next
//! run. The target directory is a separate one because the outer `cargo test` holds the lock of
//! `target/` while the tests run (a nested build there would wait for ever).
//!
//! Even a no-op cargo build costs ~0.4 s at every run's start, so a run first asks whether
//! anything could have changed since the last build it made (see [`up_to_date`]) and skips
//! cargo when nothing did.
//!
//! `MCP_BIN_DIR` names a folder of prebuilt fixture binaries instead, and turns the build off.

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;
use std::time::Instant;

use anyhow::{Result, anyhow};

use crate::harness::child_process::{is_executable, not_found};

/// The workspace member that is the suite: every other member is a fixture crate, except the
/// `mcp-acceptance` command (which carries the suite; it is built on its own, never per run).
const SUITE_PACKAGE: &str = "mcp-acceptance";
const COMMAND_PACKAGE: &str = "mcp-acceptance-command";
/// The cargo profile of the fixture build (Cargo.toml: the dev profile, optimised), which is
/// also the name of its output folder.
const FIXTURE_PROFILE: &str = "sut";

/// Why the build at the start of the run failed, for the scenarios that then miss a binary.
static BUILD_FAILURE: OnceLock<String> = OnceLock::new();

/// Where fixture binaries are taken from: `MCP_BIN_DIR`, or the fixture build's output.
pub fn bin_dir() -> PathBuf {
    match std::env::var_os("MCP_BIN_DIR").filter(|dir| !dir.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => fixtures_target_dir().join(FIXTURE_PROFILE),
    }
}

/// `<target>/fixtures`, where `<target>` is `CARGO_TARGET_DIR` or the package's `target/`.
fn fixtures_target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::package_root().join("target"))
        .join("fixtures")
}

/// Builds the fixture crates (unless `MCP_BIN_DIR` is set). Cargo's own progress is not shown;
/// a line says when a build took noticeable time, and a failed build prints cargo's errors. A
/// failure does not stop the run: scenarios that need a fixture fail, naming it.
pub fn build() {
    if std::env::var_os("MCP_BIN_DIR").is_some_and(|dir| !dir.is_empty()) {
        return;
    }
    let stamp = fixtures_target_dir()
        .join(FIXTURE_PROFILE)
        .join(BUILT_STAMP);
    if up_to_date(&stamp) {
        return;
    }
    let started = Instant::now();
    // Written before the build, so that a source edited while cargo runs counts as newer.
    let _ = std::fs::write(&stamp, build_settings());
    if let Err(error) = run_cargo_build() {
        let _ = std::fs::remove_file(&stamp);
        let message = format!("{error:#}");
        eprintln!("acceptance: building the fixture servers failed: {message}");
        let _ = BUILD_FAILURE.set(message);
        return;
    }
    let elapsed = started.elapsed();
    if elapsed.as_secs() >= 2 {
        eprintln!(
            "acceptance: built the fixture servers into {} in {:.0} s",
            fixtures_target_dir().display(),
            elapsed.as_secs_f64()
        );
    }
}

/// Written next to the fixture binaries when the runner starts a build, removed if it fails; it
/// holds the build settings from the environment (cargo would rebuild for other ones).
const BUILT_STAMP: &str = ".built-by-the-runner";

/// Whether the last build the runner made is certainly still current, judged the way make
/// would: no file any fixture binary was built from (cargo's dep-info lists them, path
/// dependencies and included files too), no manifest and not the lock file is newer than the
/// stamp, the build settings are the same, and the suite itself was not rebuilt since (a new
/// toolchain or profile rebuilds it too). Anything unsure means "no": cargo then decides.
fn up_to_date(stamp: &std::path::Path) -> bool {
    let modified = |path: &std::path::Path| std::fs::metadata(path).and_then(|m| m.modified()).ok();
    let Some(built) = modified(stamp) else {
        return false;
    };
    if std::fs::read_to_string(stamp).ok() != Some(build_settings()) {
        return false;
    }
    let older = |path: &std::path::Path| modified(path).is_some_and(|at| at <= built);
    let root = crate::package_root();
    let Ok(exe) = std::env::current_exe() else {
        return false;
    };
    let manifests = std::fs::read_dir(root.join("fixtures"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path().join("Cargo.toml"))
        .filter(|manifest| manifest.exists());
    let fixed = [exe, root.join("Cargo.toml"), root.join("Cargo.lock")];
    if !fixed.into_iter().chain(manifests).all(|path| older(&path)) {
        return false;
    }
    let Ok(entries) = std::fs::read_dir(stamp.parent().unwrap_or(stamp)) else {
        return false;
    };
    let dep_infos: Vec<PathBuf> = entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "d"))
        .collect();
    !dep_infos.is_empty()
        && dep_infos.iter().all(|dep_info| {
            std::fs::read_to_string(dep_info).is_ok_and(|text| {
                let mut files = dep_info_files(&text).into_iter();
                // The first is the binary itself: it must exist; the others be older.
                files.next().is_some_and(|binary| binary.exists())
                    && files.all(|source| older(&source))
            })
        })
}

/// The paths of a dep-info file (`target: source source …`, spaces in names escaped).
fn dep_info_files(text: &str) -> Vec<PathBuf> {
    let Some((target, sources)) = text.lines().next().and_then(|l| l.split_once(": ")) else {
        return Vec::new();
    };
    let mut files = vec![PathBuf::from(target.replace("\\ ", " "))];
    let mut current = String::new();
    let mut escaped = false;
    for c in sources.chars() {
        match c {
            '\\' if !escaped => escaped = true,
            ' ' if !escaped => {
                if !current.is_empty() {
                    files.push(PathBuf::from(std::mem::take(&mut current)));
                }
            }
            c => {
                escaped = false;
                current.push(c);
            }
        }
    }
    if !current.is_empty() {
        files.push(PathBuf::from(current));
    }
    files
}

/// The environment's build settings that change what cargo builds.
fn build_settings() -> String {
    ["RUSTFLAGS", "CARGO_ENCODED_RUSTFLAGS"]
        .iter()
        .map(|name| format!("{name}={}\n", std::env::var(name).unwrap_or_default()))
        .collect()
}

fn run_cargo_build() -> Result<()> {
    // Cargo tells the programs it runs where it is; otherwise take the one on PATH.
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(&cargo);
    command
        .args([
            "build",
            "--quiet",
            "--workspace",
            "--exclude",
            SUITE_PACKAGE,
            "--exclude",
            COMMAND_PACKAGE,
            "--bins",
            "--profile",
            FIXTURE_PROFILE,
        ])
        .arg("--manifest-path")
        .arg(crate::package_root().join("Cargo.toml"))
        .arg("--target-dir")
        .arg(fixtures_target_dir());
    let shown = format!(
        "cargo build --workspace --exclude {SUITE_PACKAGE} --exclude {COMMAND_PACKAGE} --bins --profile {FIXTURE_PROFILE} --target-dir {}",
        fixtures_target_dir().display()
    );
    let output = command.output().map_err(|error| {
        anyhow!(
            "could not run {shown}: {error} (is cargo installed? Without cargo, set MCP_BIN_DIR \
             to a folder holding the fixture binaries)"
        )
    })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(anyhow!(
            "{shown} ended with {}:\n{}",
            output.status,
            stderr.trim_end()
        ));
    }
    Ok(())
}

/// The path of the fixture binary `name`. The error names the folder searched and the command
/// that builds it, and why the build at the start of the run failed when it did.
pub fn resolve_bundled(name: &str) -> Result<PathBuf> {
    let path = bin_dir().join(name);
    if is_executable(&path) {
        return Ok(path);
    }
    let how = format!(
        "'{name}' is a fixture binary: build it with `cargo build --workspace --bin {name} \
         --target-dir {}` (the runner builds every fixture crate at the start of a run, unless \
         MCP_BIN_DIR names a folder of prebuilt ones)",
        fixtures_target_dir().display()
    );
    let error = not_found(name, std::slice::from_ref(&path)).context(how);
    Err(match BUILD_FAILURE.get() {
        Some(failure) => error.context(format!(
            "building the fixture servers at the start of the run failed: {failure}"
        )),
        None => error,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dep_info_names_the_binary_first_then_its_sources_with_escaped_spaces() {
        let text =
            "/t/sut/server: /src/main.rs /src/my\\ file.rs  /src/tools.rs\n\n/src/main.rs:\n";
        assert_eq!(
            dep_info_files(text),
            [
                "/t/sut/server",
                "/src/main.rs",
                "/src/my file.rs",
                "/src/tools.rs"
            ]
            .map(PathBuf::from)
        );
        assert!(dep_info_files("").is_empty());
    }
}
