//! Each run keeps its temporary files and a list of the process groups it started in a run
//! folder of its own (`$TMPDIR/mcp-acceptance/run-<pid>`), and holds a lock on it (flock) for as
//! long as it lives. The runner points `TMPDIR` at the folder before any thread starts, so every
//! temp dir of the run (tempfile) and every temp file its servers make land there.
//!
//! A run removes its folder at its end. A run that was killed (SIGKILL) leaves its folder with
//! the lock free: its warden (a small process forked at the run's start, in a session of its
//! own, that waits for the run's end on a pipe) kills the process groups the run recorded that
//! still have processes and removes the folder at once; should the warden be gone too, the next
//! run sweeps it the same way. Never by age: shards and nested suite runs (whose folders lie
//! inside their parent's) run at the same time, each holding its lock.
//!
//! The warden is why servers start without a parent-death signal: setting one needs code in
//! the child before exec, which makes std fork the whole suite for every server (about a third
//! of `--tags @protocol`'s CPU time went to the kernel copying the suite) instead of spawning.

use std::fs::{File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use nix::fcntl::{Flock, FlockArg};
use nix::sys::signal::{SigHandler, Signal, killpg, signal};
use nix::unistd::{ForkResult, Pid};

const LOCK_FILE: &str = "lock";
const GROUPS_FILE: &str = "groups";
/// A folder being set up: not swept (its lock may not be taken yet).
const CREATING_PREFIX: &str = ".creating-";

struct RunFolder {
    path: PathBuf,
    _lock: Flock<File>,
    groups: Mutex<File>,
    /// The write end of the warden's pipe: the kernel closes it when this run ends, however.
    _warden: Option<std::os::fd::OwnedFd>,
}

static RUN: OnceLock<RunFolder> = OnceLock::new();

/// What the sweep of earlier runs found.
#[derive(Debug, Default)]
pub struct Swept {
    pub folders: usize,
    pub groups: usize,
}

/// Sweeps the folders of dead runs, creates this run's folder, locks it and points `TMPDIR`
/// at it. Call it before any thread starts (it changes the environment).
pub fn enter() -> Result<Swept> {
    let base = std::env::temp_dir().join("mcp-acceptance");
    std::fs::create_dir_all(&base)
        .with_context(|| format!("cannot create the runs folder {}", base.display()))?;
    let swept = sweep(&base);
    let pid = std::process::id();
    let path = base.join(format!("run-{pid}"));
    // SAFETY: no thread exists yet (the caller's promise), so the child may do anything.
    let warden = unsafe { start_warden(&path) }
        .inspect_err(|error| eprintln!("acceptance: no warden for this run: {error:#}"))
        .ok();
    let creating = base.join(format!("{CREATING_PREFIX}{pid}"));
    let _ = std::fs::remove_dir_all(&creating);
    // A run that ends removes the runs folder when it is empty: create it again if that
    // happened between the two calls.
    std::fs::create_dir(&creating)
        .or_else(|_| std::fs::create_dir_all(&creating))
        .with_context(|| format!("cannot create the run folder {}", creating.display()))?;
    let lock = File::create(creating.join(LOCK_FILE))?;
    let lock = Flock::lock(lock, FlockArg::LockExclusiveNonblock)
        .map_err(|(_, errno)| anyhow::anyhow!("cannot lock the run folder: {errno}"))?;
    let groups = OpenOptions::new()
        .create(true)
        .append(true)
        .open(creating.join(GROUPS_FILE))?;
    std::fs::rename(&creating, &path)
        .with_context(|| format!("cannot name the run folder {}", path.display()))?;
    // SAFETY: called at the start of `main`, before any thread exists.
    unsafe { std::env::set_var("TMPDIR", &path) };
    let _ = RUN.set(RunFolder {
        path,
        _lock: lock,
        groups: Mutex::new(groups),
        _warden: warden,
    });
    Ok(swept)
}

/// Records a process group this run started (its id and its leader's start time), so a sweep
/// can kill it if this run dies first.
pub fn note_group(group: i32) {
    let Some(run) = RUN.get() else {
        return;
    };
    if let Some(started) = start_time(group) {
        let _ = writeln!(run.groups.lock().unwrap(), "{group} {started}");
    }
}

/// Removes this run's folder (its temp dirs with it), and the runs folder too when no other
/// run has one there, so a run leaves nothing in the temp dir. The runner calls it last.
pub fn leave() {
    if let Some(run) = RUN.get() {
        let _ = std::fs::remove_dir_all(&run.path);
        if let Some(base) = run.path.parent() {
            let _ = std::fs::remove_dir(base); // fails, as it should, while not empty
        }
    }
}

/// Forks the run's warden, which outlives the run by a moment: it waits until the pipe whose
/// write end only this process holds is closed (the run has ended, whatever ended it), then
/// cleans `folder` up if the run left it (it was killed). Returns the write end.
///
/// # Safety
/// No other thread may exist: the child runs ordinary Rust code after the fork.
unsafe fn start_warden(folder: &Path) -> Result<std::os::fd::OwnedFd> {
    let (watch, hold) = nix::unistd::pipe2(nix::fcntl::OFlag::O_CLOEXEC)?;
    match unsafe { nix::unistd::fork() }? {
        ForkResult::Parent { .. } => Ok(hold),
        ForkResult::Child => {
            drop(hold);
            watch_over(File::from(watch), folder);
            std::process::exit(0);
        }
    }
}

/// The warden's life: out of the run's session (a signal to the run's terminal or process group
/// must not stop it), holding none of the run's output pipes, until the run has ended.
fn watch_over(mut watch: File, folder: &Path) {
    use std::io::Read as _;
    let _ = nix::unistd::setsid();
    for ignored in [
        Signal::SIGINT,
        Signal::SIGTERM,
        Signal::SIGHUP,
        Signal::SIGQUIT,
    ] {
        // SAFETY: ignoring a signal installs no handler code.
        let _ = unsafe { signal(ignored, SigHandler::SigIgn) };
    }
    if let Ok(null) = OpenOptions::new().read(true).write(true).open("/dev/null") {
        let _ = nix::unistd::dup2_stdin(&null);
        let _ = nix::unistd::dup2_stdout(&null);
        let _ = nix::unistd::dup2_stderr(&null);
    }
    // Nothing is ever written: only the run's end (or a signal interrupting the read) wakes it.
    let mut byte = [0u8; 1];
    loop {
        match watch.read(&mut byte) {
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Ok(1..) => continue,
            Ok(0) | Err(_) => break,
        }
    }
    clean_up_if_abandoned(folder, RELEASE_AFTER_EXIT);
}

/// How long a dead run's lock may stay held after its warden's pipe has closed: the kernel
/// closes a dying process's descriptors one by one, and may close the pipe (opened first)
/// before it releases the lock (seen: 4 of 6 runs killed hard kept their processes).
const RELEASE_AFTER_EXIT: Duration = Duration::from_secs(5);

/// Kills the recorded groups of `folder` and removes it, if no live run holds its lock, or
/// if it is released `within` that time.
fn clean_up_if_abandoned(folder: &Path, within: Duration) -> Option<usize> {
    let _held = lock_once_released(&folder.join(LOCK_FILE), within)?;
    let killed = kill_recorded_groups(&folder.join(GROUPS_FILE));
    let _ = std::fs::remove_dir_all(folder);
    Some(killed)
}

/// Takes the lock at `path`, waiting up to `within` for its holder to release it.
fn lock_once_released(path: &Path, within: Duration) -> Option<Flock<File>> {
    let deadline = Instant::now() + within;
    let mut lock = File::open(path).ok()?;
    loop {
        match Flock::lock(lock, FlockArg::LockExclusiveNonblock) {
            Ok(held) => return Some(held),
            Err((_, _)) if Instant::now() >= deadline => return None,
            Err((file, _)) => lock = file,
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Kills the recorded groups of every folder whose lock no live run holds, and removes it.
fn sweep(base: &Path) -> Swept {
    let mut swept = Swept::default();
    let Ok(entries) = std::fs::read_dir(base) else {
        return swept;
    };
    for entry in entries.flatten() {
        let folder = entry.path();
        let name = entry.file_name();
        if !folder.is_dir() || name.to_string_lossy().starts_with(CREATING_PREFIX) {
            continue;
        }
        // A held lock is a live run's: no waiting.
        if let Some(killed) = clean_up_if_abandoned(&folder, Duration::ZERO) {
            swept.groups += killed;
            swept.folders += 1;
        }
    }
    swept
}

/// Kills each recorded group that still has a process started no earlier than its leader (a
/// group id cannot be reused while any process of the group lives). Returns how many.
fn kill_recorded_groups(groups_file: &Path) -> usize {
    let Ok(text) = std::fs::read_to_string(groups_file) else {
        return 0;
    };
    let mut killed = 0;
    for line in text.lines() {
        let mut words = line.split_whitespace();
        let (Some(Ok(group)), Some(Ok(started))) = (
            words.next().map(str::parse::<i32>),
            words.next().map(str::parse::<u64>),
        ) else {
            continue;
        };
        // A live process with the leader's pid but another start time is someone else's.
        if start_time(group).is_some_and(|now| now != started) {
            continue;
        }
        if members_since(group, started) && killpg(Pid::from_raw(group), Signal::SIGKILL).is_ok() {
            killed += 1;
        }
    }
    killed
}

/// Whether a process of `group` started at or after `started` (clock ticks since boot).
fn members_since(group: i32, started: u64) -> bool {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return false;
    };
    entries.flatten().any(|entry| {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<i32>().ok())
        else {
            return false;
        };
        stat_fields(pid).is_some_and(|fields| {
            fields.get(2).and_then(|g| g.parse::<i32>().ok()) == Some(group)
                && fields
                    .get(19)
                    .and_then(|s| s.parse::<u64>().ok())
                    .is_some_and(|s| s >= started)
        })
    })
}

/// The start time of process `pid` (clock ticks since boot), if it exists.
fn start_time(pid: i32) -> Option<u64> {
    stat_fields(pid)?.get(19)?.parse().ok()
}

/// The fields of `/proc/<pid>/stat` after the command name: state, ppid, pgrp, …
fn stat_fields(pid: i32) -> Option<Vec<String>> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after_name = &stat[stat.rfind(')')? + 1..];
    Some(after_name.split_whitespace().map(str::to_owned).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_has_a_start_time_and_its_group_members() {
        let me = std::process::id() as i32;
        let started = start_time(me).expect("own stat");
        let group = nix::unistd::getpgrp().as_raw();
        assert!(stat_fields(me).unwrap()[2].parse::<i32>().unwrap() == group);
        assert!(members_since(group, 0));
        assert!(started > 0);
    }

    #[test]
    fn a_folder_without_a_live_lock_is_swept_and_a_held_one_kept() {
        let base = tempfile::tempdir().unwrap();
        let dead = base.path().join("run-dead");
        std::fs::create_dir(&dead).unwrap();
        File::create(dead.join(LOCK_FILE)).unwrap();
        std::fs::write(dead.join("leftover"), "x").unwrap();
        let live = base.path().join("run-live");
        std::fs::create_dir(&live).unwrap();
        let held = Flock::lock(
            File::create(live.join(LOCK_FILE)).unwrap(),
            FlockArg::LockExclusiveNonblock,
        )
        .map_err(|(_, e)| e)
        .unwrap();
        let swept = sweep(base.path());
        assert_eq!(swept.folders, 1);
        assert!(!dead.exists());
        assert!(live.exists());
        drop(held);
    }

    #[test]
    fn a_lock_released_in_time_is_taken_and_one_held_too_long_is_not() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join(LOCK_FILE);
        let held = Flock::lock(
            File::create(&path).unwrap(),
            FlockArg::LockExclusiveNonblock,
        )
        .map_err(|(_, e)| e)
        .unwrap();
        assert!(lock_once_released(&path, Duration::from_millis(50)).is_none());
        let release = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(100));
            drop(held);
        });
        assert!(lock_once_released(&path, Duration::from_secs(5)).is_some());
        release.join().unwrap();
    }
}
