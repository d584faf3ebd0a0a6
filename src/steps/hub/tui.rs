//! The hub's TUI in a pseudo-terminal: what the screen shows, keys, resizing, quitting.

use std::time::Duration;

use cucumber::{given, then, when};

use crate::steps::StepResult;
use crate::systems::mcp_hub::tui::{EXIT_MARKER, focused_boxes, form_result, selected_row};
use crate::world::McpWorld;

/// Key names of the features as the bytes a terminal sends.
fn key_bytes(name: &str) -> anyhow::Result<&'static [u8]> {
    Ok(match name {
        "Down" => b"\x1b[B",
        "Up" => b"\x1b[A",
        "Enter" => b"\r",
        "Tab" => b"\t",
        "Esc" => b"\x1b",
        "BackTab" => b"\x1b[Z",
        "Backspace" => b"\x7f",
        "q" => b"q",
        "Ctrl-C" => b"\x03",
        "Ctrl-U" => b"\x15",
        other => {
            anyhow::bail!(
                "no key called {other} (Down, Up, Enter, Tab, BackTab, Esc, Backspace, q, \
                 Ctrl-C, Ctrl-U)"
            )
        }
    })
}

#[given(expr = "the TUI runs in a terminal of {int} columns and {int} rows")]
async fn tui_runs(world: &mut McpWorld, cols: u16, rows: u16) -> StepResult {
    world.hub.start_tui(rows, cols)
}

#[when("the user starts the TUI with its output going to a file")]
async fn tui_writing_to_a_file(world: &mut McpWorld) -> StepResult {
    world.hub.start_tui_writing_to_a_file()
}

#[then(expr = "the TUI has exited with code {int}, saying {string}")]
async fn exited_saying(world: &mut McpWorld, code: i32, text: String) -> StepResult {
    let limit = world.timeout;
    let marker = format!("{EXIT_MARKER}{code}");
    let what = format!("\"{text}\" and {marker}");
    let tui = world.hub.tui()?;
    tui.wait_until(&what, limit, |screen| {
        let contents = screen.contents();
        contents.contains(&text) && contents.contains(&marker)
    })
    .await
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

#[when(expr = "the user presses {word} {int} times")]
async fn presses_times(world: &mut McpWorld, key: String, times: usize) -> StepResult {
    for _ in 0..times {
        presses(world, key.clone()).await?;
    }
    Ok(())
}

#[then(expr = "the open section is {string}")]
async fn open_section(world: &mut McpWorld, title: String) -> StepResult {
    // The content box carries the section's name as its title, on its top border.
    let limit = world.timeout;
    world
        .hub
        .tui()?
        .wait_for_text(&format!("┌{title}"), limit)
        .await
}

#[then(expr = "the keyboard focus is on the {string} box")]
async fn focus_on(world: &mut McpWorld, title: String) -> StepResult {
    let limit = world.timeout;
    let what = format!("only the {title} box framed as focused");
    let tui = world.hub.tui()?;
    tui.wait_until(&what, limit, |screen| {
        focused_boxes(screen) == [title.as_str()]
    })
    .await
}

#[then(expr = "the selected row is {string}")]
async fn selected_row_is(world: &mut McpWorld, row: String) -> StepResult {
    let limit = world.timeout;
    let what = format!("\"{row}\" as the selected row");
    let tui = world.hub.tui()?;
    tui.wait_until(&what, limit, |screen| {
        selected_row(screen).as_deref() == Some(&row)
    })
    .await
}

#[then(expr = "the form for {string} shows that nothing was invoked yet")]
async fn form_not_invoked(world: &mut McpWorld, tool: String) -> StepResult {
    let limit = world.timeout;
    let tui = world.hub.tui()?;
    tui.wait_for_text(&format!("Tool: {tool}"), limit).await?;
    match ["Invoking...", "Result:"]
        .iter()
        .find(|shown| tui.screen().contains(*shown))
    {
        Some(shown) => tui.fail(format!(
            "the form shows \"{shown}\" before anything was invoked"
        )),
        None => Ok(()),
    }
}

#[then("no tool form opens")]
async fn no_form(world: &mut McpWorld) -> StepResult {
    // The TUI redraws every 100 ms: a form opened by the last key shows within a few frames.
    world
        .hub
        .tui()?
        .expect_never_shown("Invoke tool", Duration::from_millis(500))
        .await
}

#[then(expr = "the tool's result reads {string}")]
async fn result_reads(world: &mut McpWorld, expected: String) -> StepResult {
    let limit = world.timeout;
    let what = format!("the result \"{expected}\" under \"Result:\"");
    let tui = world.hub.tui()?;
    tui.wait_until(&what, limit, |screen| {
        form_result(screen).as_deref() == Some(&expected)
    })
    .await
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
