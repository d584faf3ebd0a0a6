@hub @ac-goblin-decision-3 @ac-goblin-goal-3
Feature: The hub's terminal dashboard
  The TUI shows the hub at a glance: a header with its status and counts, a sidebar (Servers,
  Tools, Prompts, Resources, Logs) moved with the arrow keys, Tab between the sidebar and the
  content, Enter to open. From the tool list a form invokes a tool and shows its result. It runs
  here in a real pseudo-terminal of 80 columns and 24 rows, driven by keystrokes; quitting with q
  or Ctrl-C exits 0 and hands back a usable terminal. Without a terminal it refuses clearly.

  Background:
    Given a hub with the backends:
      | name      | server           | transport | enabled |
      | reference | reference server | stdio     | yes     |
      | time      | time server      | stdio     | yes     |
      | off       | time server      | stdio     | no      |
    And the TUI runs in a terminal of 80 columns and 24 rows

  @ac-goblin-decision-3-tui
  Scenario: The first screen, navigation, invoking a tool, resizing and quitting with q
    Then the screen shows "healthy | servers 2/3"
    And the screen shows "reference      stdio  connected"
    When the user presses Down
    And the user presses Tab
    Then the screen shows "reference_echo"
    When the user moves down to the row "reference_echo"
    And the user presses Enter
    Then the screen shows "Tool: reference_echo"
    When the user presses Ctrl-U
    And the user types "{"message": "typed in the TUI"}"
    And the user presses Enter
    Then the screen shows "Result:"
    And the screen shows "typed in the TUI"
    When the terminal is resized to 120 columns and 40 rows
    Then the screen shows "120x40"
    When the user presses Esc
    And the user presses q
    Then the TUI has exited with code 0, leaving a usable terminal

  @ac-goblin-decision-3-tui
  Scenario: The arrows move through the sections and the rows both ways, and Tab or Esc hands the keys back
    Then the keyboard focus is on the "Menu" box
    When the user presses Down 5 times
    Then the open section is "Logs"
    When the user presses Up
    Then the open section is "Resources"
    And the screen shows "mcp://reference/test%3A%2F%2Fstatic-text"
    When the user presses Up
    Then the open section is "Prompts"
    And the screen shows "reference_test_simple_prompt"
    When the user presses Up
    And the user presses Tab
    Then the keyboard focus is on the "Tools" box
    When the user presses Down
    And the user presses Up
    Then the selected row is "reference_add"
    When the user presses Esc
    Then the keyboard focus is on the "Menu" box
    When the user presses Down
    Then the open section is "Prompts"
    When the user presses Tab
    And the user presses Enter
    Then no tool form opens
    When the user presses BackTab
    And the user presses Up
    Then the open section is "Tools"

  @ac-goblin-decision-3-tui
  Scenario: The tool form edits its arguments, shows a call in flight and marks a tool error
    When the user presses Down
    And the user presses Tab
    And the user moves down to the row "reference_fail"
    And the user presses Enter
    Then the form for "reference_fail" shows that nothing was invoked yet
    When the user presses Ctrl-U
    And the user types "{"reason": "unusual input"}x"
    And the user presses Backspace
    And the user presses Enter
    Then the tool's result reads "tool error: tool failed as requested: unusual input"
    When the user presses Esc
    And the user moves down to the row "reference_sleep"
    And the user presses Enter
    And the user presses Ctrl-U
    And the user types "{"milliseconds": 1500}"
    And the user presses Enter
    Then the screen shows "Invoking..."
    And the tool's result reads "slept 1500 ms"

  @ac-goblin-decision-3-tui-quit
  Scenario: Ctrl-C quits from inside the tool form and restores the terminal
    Then the screen shows "servers 2/3"
    When the user presses Down
    And the user presses Enter
    And the user presses Enter
    Then the screen shows "Tool:"
    When the user presses Ctrl-C
    Then the TUI has exited with code 0, leaving a usable terminal

  @ac-goblin-decision-3-tui-quit
  Scenario: The logs section shows what the hub did
    When the user presses Down
    And the user presses Down
    And the user presses Down
    And the user presses Down
    Then the screen shows "backends: added"
    And nothing but the TUI wrote to its terminal
    When the user presses q
    Then the TUI has exited with code 0, leaving a usable terminal
