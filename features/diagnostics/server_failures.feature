@diagnostics
Feature: Clear diagnostics when a server misbehaves
  When the server under test cannot be started, crashes, hangs or writes garbage, the suite fails
  the step quickly, within its time bound, and says what happened: the paths it searched, the
  exit status, the server's last stderr lines, the offending output. It never hangs the run, and
  it leaves no process behind.

  These scenarios start deliberately broken servers the same way MCP_SUT_COMMAND does.

  Background:
    Given each wait is bounded by 2 seconds

  Scenario: A server that is not installed names the paths searched
    Given the server command "no-such-mcp-server-from-the-acceptance-suite --stdio"
    When a client tries to connect to the server under test over stdio
    Then the attempt fails within 2 seconds
    And the failure says "executable 'no-such-mcp-server-from-the-acceptance-suite' not found; searched:"
    And the failure says "/usr/bin/no-such-mcp-server-from-the-acceptance-suite"

  Scenario: A server that crashes at start shows its exit status and stderr
    Given the server command "sh -c 'echo fatal: no configuration file >&2; exit 3'"
    When a client tries to connect to the server under test over stdio
    Then the attempt fails within 2 seconds
    And the failure says "exit status 3"
    And the failure says "fatal: no configuration file"

  Scenario: A server that never answers fails the step when the bound runs out
    Given the server command "sh -c 'echo waiting forever >&2; exec sleep 60'"
    When a client tries to connect to the server under test over stdio
    Then the attempt fails within 4 seconds
    And the failure says "timed out after 2.0s waiting for the initialize handshake"
    And the failure says "still running"
    And the failure says "waiting forever"

  Scenario: A server that prints garbage on stdout is reported with the offending line
    Given the server command "sh -c 'echo Server starting on stdio...; exec sleep 60'"
    When a client tries to connect to the server under test over stdio
    Then the attempt fails within 2 seconds
    And the failure says "non-JSON-RPC output on stdout"
    And the failure says "Server starting on stdio..."

  Scenario: An HTTP server that never announces its address fails within the bound
    Given the HTTP server command "sh -c 'echo booting >&2; exec sleep 60'"
    When a client tries to connect to the server under test over http
    Then the attempt fails within 4 seconds
    And the failure says "printed no line matching"
    And the failure says "booting"

  Scenario: A hung server and everything it started are killed when the scenario ends
    Given the server command "sh -c 'sleep 60 & sleep 60 & wait'"
    When the suite starts the server and the scenario's connections end
    Then no process of that server is left within 2 seconds
