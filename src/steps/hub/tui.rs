//! The hub's TUI in a pseudo-terminal: what the screen shows, keys, resizing, quitting.

use std::time::Duration;

use cucumber::{given, then, when};

use crate::steps::StepResult;
use crate::systems::mcp_hub::tui::EXIT_MARKER;
use crate::world::McpWorld;

/// Key names of the features as the bytes a terminal sends.
fn key_bytes(name: &str) -> anyhow::Result<&'static [u8]> {
    Ok(match name {
        "Down" => b"\x1b[B",
        "Up" => b"\x1b[A",
        "Enter" => b"\r",
        "Tab" => b"\t",
        "Esc" => b"\x1b",
        "q" => b"q",
        "Ctrl-C" => b"\x03",
        "Ctrl-U" => b"\x15",
        other => {
            anyhow::bail!("no key called {other} (Down, Up, Enter, Tab, Esc, q, Ctrl-C, Ctrl-U)")
        }
    })
}

#[given(expr = "the TUI runs in a terminal of {int} columns and {int} rows")]
async fn tui_runs(world: &mut McpWorld, cols: u16, rows: u16) -> StepResult {
    world.hub.start_tui(rows, cols)
}

#[then(expr = "the screen shows {string}")]
async fn screen_shows(world: &mut McpWorld, text: String) -> StepResult {
    let limit = world.timeout;
    world.hub.tui()?.wait_for_text(&text, limit).await
}

#[then("nothing but the TUI wrote to its terminal")]
async fn only_the_tui_wrote(world: &mut McpWorld) -> StepResult {
    world.hub.tui()?.expect_no_log_lines()
}

#[when(expr = "the user presses {word}")]
async fn presses(world: &mut McpWorld, key: String) -> StepResult {
    world.hub.tui()?.press(key_bytes(&key)?)?;
    tokio::time::sleep(Duration::from_millis(150)).await;
    Ok(())
}

#[when(regex = r#"^the user types "(.+)"$"#)]
async fn types(world: &mut McpWorld, text: String) -> StepResult {
    world.hub.tui()?.press(text.as_bytes())
}

#[when(expr = "the user moves down to the row {string}")]
async fn moves_to(world: &mut McpWorld, row: String) -> StepResult {
    let tui = world.hub.tui()?;
    for _ in 0..60 {
        if tui.selected_row().is_some_and(|r| r.starts_with(&row)) {
            return Ok(());
        }
        tui.press(key_bytes("Down")?)?;
        tokio::time::sleep(Duration::from_millis(120)).await;
    }
    tui.fail(format!("the selection never reached \"{row}\""))
}

#[when(expr = "the terminal is resized to {int} columns and {int} rows")]
async fn resized(world: &mut McpWorld, cols: u16, rows: u16) -> StepResult {
    world.hub.tui()?.resize(rows, cols)
}

#[then("the TUI has exited with code 0, leaving a usable terminal")]
async fn exited_cleanly(world: &mut McpWorld) -> StepResult {
    let limit = world.timeout;
    let tui = world.hub.tui()?;
    let marker = format!("{EXIT_MARKER}0");
    tui.wait_until(
        &format!("{marker} on the normal screen with the cursor shown"),
        limit,
        |screen| {
            screen.contents().contains(&marker)
                && !screen.alternate_screen()
                && !screen.hide_cursor()
        },
    )
    .await
}
