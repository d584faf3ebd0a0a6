@process @smoke
Feature: Minimal check of the mcp-process server
  The quickest proof that mcp-process works: it completes the handshake, lists its tools and
  starts a process. It uses the same steps as the full process features and runs in about a
  second; each scenario checks its own time.
  Requirement page: docs/requirements/002-process.md

  Background:
    Given the mcp-process server

  @ac-process-12-2
  Scenario: Handshake, tool list and one tool call
    Given a client connected to the server under test over stdio
    When the client lists the tools
    Then the tools include "process_start, process_terminate, process_get_status, process_list"
    When the client calls process_list with:
      """json
      {}
      """
    Then the call succeeds
    And the scenario has taken less than 3 seconds

  @ac-process-12-3
  Scenario: A process started through the server runs and reports its output
    Given a client connected to the server under test over stdio
    And a test program that:
      | prints on stdout | "smoke test" |
      | exits with code  | 0            |
    When the client starts the test program with:
      """json
      {"waitForExit": true, "timeoutMs": 5000}
      """
    Then the call succeeds
    And the result has:
      | exitCode | 0                     |
      | stdout   | contains "smoke test" |
    And the scenario has taken less than 3 seconds
