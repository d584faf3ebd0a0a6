//! The hub's TUI in a real pseudo-terminal (portable-pty) whose output a terminal emulator
//! (vt100) turns into a screen. It runs inside `sh -c` so that, once the TUI quits, the shell
//! prints a marker with the exit code on the normal screen: the proof that the terminal is
//! usable again. Every failed check shows the screen as text.

use std::io::{Read as _, Write as _};
use std::num::NonZeroU16;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context as _, Result, anyhow, bail};
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

use super::HubScenario;

/// What the shell prints after the TUI: `TUI-EXITED-<code>`.
pub const EXIT_MARKER: &str = "TUI-EXITED-";

pub struct TuiSession {
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn std::io::Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    parser: Arc<Mutex<vt100::Parser>>,
    /// Every byte the terminal received, for what the screen no longer shows.
    transcript: Arc<Mutex<Vec<u8>>>,
}

/// How the hub's log lines start on its stderr, which the TUI must keep off its terminal.
const LOG_LINE_PREFIX: &str = "mcp-hub: ";

impl std::fmt::Debug for TuiSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TUI (pid {:?})", self.child.process_id())
    }
}

impl Drop for TuiSession {
    fn drop(&mut self) {
        // The shell leads the pty's session: its group holds the TUI too.
        if let Some(pid) = self.child.process_id() {
            let _ = nix::sys::signal::killpg(
                nix::unistd::Pid::from_raw(pid as i32),
                nix::sys::signal::Signal::SIGKILL,
            );
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn size(rows: u16, cols: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

fn non_zero(n: u16) -> Result<NonZeroU16> {
    NonZeroU16::new(n).context("a terminal needs at least one row and column")
}

impl HubScenario {
    /// Starts `mcp-hub tui` in a pty of `rows` x `cols`.
    pub fn start_tui(&mut self, rows: u16, cols: u16) -> Result<()> {
        self.start_in_pty(rows, cols, "")
    }

    /// Starts `mcp-hub tui` from a terminal, its output going to a file (`> file`): the
    /// keyboard is a terminal, the screen is not.
    pub fn start_tui_writing_to_a_file(&mut self) -> Result<()> {
        self.start_in_pty(24, 80, " > tui-output")
    }

    /// `redirect` follows the command in the shell's line.
    fn start_in_pty(&mut self, rows: u16, cols: u16, redirect: &str) -> Result<()> {
        self.write_config()?;
        let spec = self.launch("mcp-hub tui", &["tui"])?;
        let line = std::iter::once(spec.program.display().to_string())
            .chain(spec.args.iter().cloned())
            .map(|word| format!("'{word}'"))
            .collect::<Vec<_>>()
            .join(" ");
        let pair = native_pty_system()
            .openpty(size(rows, cols))
            .map_err(|e| anyhow!("cannot open a pty: {e}"))?;
        let mut command = CommandBuilder::new("sh");
        command.args([
            "-c",
            &format!("{line}{redirect}; echo {EXIT_MARKER}$?; sleep 30"),
        ]);
        command.cwd(&spec.cwd);
        command.env("TERM", "xterm-256color");
        for (name, value) in &spec.env {
            command.env(name, value);
        }
        let child = pair
            .slave
            .spawn_command(command)
            .map_err(|e| anyhow!("cannot start the TUI: {e}"))?;
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().map_err(|e| anyhow!("{e}"))?;
        let writer = pair.master.take_writer().map_err(|e| anyhow!("{e}"))?;
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            non_zero(rows)?,
            non_zero(cols)?,
            0,
        )));
        let transcript = Arc::new(Mutex::new(Vec::new()));
        let (feed, record) = (parser.clone(), transcript.clone());
        std::thread::spawn(move || {
            let mut buffer = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                feed.lock().unwrap().process(&buffer[..n]);
                record.lock().unwrap().extend_from_slice(&buffer[..n]);
            }
        });
        self.tui = Some(TuiSession {
            master: pair.master,
            writer,
            child,
            parser,
            transcript,
        });
        Ok(())
    }

    pub fn tui(&mut self) -> Result<&mut TuiSession> {
        self.tui
            .as_mut()
            .context("no TUI was started in this scenario")
    }
}

impl TuiSession {
    /// The screen as text, one line per row.
    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    fn framed(&self) -> String {
        let parser = self.parser.lock().unwrap();
        let (rows, cols) = parser.screen().size();
        format!(
            "the screen ({cols}x{rows}):\n{}\n{}",
            "-".repeat(cols.get() as usize),
            parser.screen().contents()
        )
    }

    /// No log line of the hub reached the terminal (the TUI keeps its stderr quiet).
    pub fn expect_no_log_lines(&self) -> Result<()> {
        let transcript = String::from_utf8_lossy(&self.transcript.lock().unwrap()).into_owned();
        match transcript.find(LOG_LINE_PREFIX) {
            None => Ok(()),
            Some(at) => {
                let line = transcript[at..].lines().next().unwrap_or_default();
                self.fail(format!(
                    "the hub wrote a log line on the TUI's terminal: {line:?}"
                ))
            }
        }
    }

    /// Fails with the screen.
    pub fn fail<T>(&self, message: impl std::fmt::Display) -> Result<T> {
        bail!("{message}\n{}", self.framed())
    }

    pub fn press(&mut self, bytes: &[u8]) -> Result<()> {
        self.writer.write_all(bytes)?;
        self.writer.flush()?;
        Ok(())
    }

    /// Waits until the screen satisfies `ready`; fails with `what` and the screen.
    pub async fn wait_until(
        &self,
        what: &str,
        limit: Duration,
        ready: impl Fn(&vt100::Screen) -> bool,
    ) -> Result<()> {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            if ready(self.parser.lock().unwrap().screen()) {
                return Ok(());
            }
            if tokio::time::Instant::now() >= deadline {
                return self.fail(format!(
                    "the screen did not show {what} within {:.1}s",
                    limit.as_secs_f64()
                ));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Watches the screen for `watch`: `text` must not appear on it meanwhile.
    pub async fn expect_never_shown(&self, text: &str, watch: Duration) -> Result<()> {
        let deadline = tokio::time::Instant::now() + watch;
        while tokio::time::Instant::now() < deadline {
            if self.screen().contains(text) {
                return self.fail(format!("the screen shows \"{text}\""));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Ok(())
    }

    pub async fn wait_for_text(&self, text: &str, limit: Duration) -> Result<()> {
        self.wait_until(&format!("\"{text}\""), limit, |screen| {
            screen.contents().contains(text)
        })
        .await
    }

    /// The line of the content list marked as selected (`> `), past the sidebar.
    pub fn selected_row(&self) -> Option<String> {
        selected_row(self.parser.lock().unwrap().screen())
    }

    /// Changes the terminal's size (the TUI gets SIGWINCH) and the emulator's.
    pub fn resize(&mut self, rows: u16, cols: u16) -> Result<()> {
        self.parser
            .lock()
            .unwrap()
            .set_size(non_zero(rows)?, non_zero(cols)?);
        self.master
            .resize(size(rows, cols))
            .map_err(|e| anyhow!("cannot resize the pty: {e}"))
    }
}

/// The line of the content list marked as selected (`> `), past the sidebar's sections.
pub fn selected_row(screen: &vt100::Screen) -> Option<String> {
    screen
        .contents()
        .lines()
        .filter_map(|line| {
            line.match_indices("> ")
                .map(|(at, _)| line[at + 2..].trim_end_matches(['│', ' ']).to_owned())
                .last()
        })
        .find(|rest| {
            !["Servers", "Tools", "Prompts", "Resources", "Logs"]
                .iter()
                .any(|s| rest.starts_with(s))
        })
}

/// The titles of the boxes whose border is drawn in a colour: the one with the keyboard focus.
pub fn focused_boxes(screen: &vt100::Screen) -> Vec<String> {
    let (rows, cols) = screen.size();
    let text = |row: u16, col: u16| screen.cell(row, col).map(|cell| cell.contents().to_owned());
    let mut focused = Vec::new();
    for row in 0..rows.get() {
        for col in 0..cols.get() {
            let coloured_corner = screen.cell(row, col).is_some_and(|cell| {
                cell.contents() == "┌" && cell.fgcolor() != vt100::Color::Default
            });
            if coloured_corner {
                focused.push(
                    (col + 1..cols.get())
                        .map_while(|c| text(row, c).filter(|t| t != "─" && t != "┐"))
                        .collect(),
                );
            }
        }
    }
    focused
}

/// The first line under "Result:" in the tool form, without the form's border.
pub fn form_result(screen: &vt100::Screen) -> Option<String> {
    let contents = screen.contents();
    let mut lines = contents
        .lines()
        .map(|line| line.rsplit('│').nth(1).unwrap_or(line).trim().to_owned());
    lines.find(|line| line == "Result:")?;
    lines.next()
}
