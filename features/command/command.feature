@command @slow
Feature: The mcp-acceptance command
  Authors of MCP servers written in TypeScript, Python or any other language test their server
  with one command, installed once: it carries the generic features inside it, so their project
  needs neither Rust nor this repository. Its output, closing line and reports are the suite's.

  Background:
    Given the mcp-acceptance command, built from this repository
    And an empty folder outside the repository, on a machine without cargo

  Scenario: The command tests a server from an empty folder without cargo
    When the command runs there against the bundled reference server over stdio with the features tagged "@protocol and @tools"
    Then the command passes, its last line counting the scenarios as the suite does
    And the command's reports are in that folder

  Scenario: Without a server to test, the command cannot run and says why
    When the command runs there without naming a server
    Then the command exits with status 2
    And the command's output says "name your server"
