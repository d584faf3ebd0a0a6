@hub @ac-goblin-decision-3 @ac-goblin-decision-3-cli @ac-goblin-goal-3
Feature: The hub's command line
  People run the hub and look into it from a shell: status, health, stop, the configured servers
  (listing, adding — also by answering questions —, removing, enabling, disabling, details), the
  tools (list, describe, invoke, search) and the config (validate, show). Every command prints
  text for people or JSON for scripts, and ends with an exit code that says what went wrong:
  0 ok, 1 general, 2 invalid arguments, 3 config, 4 connection, 5 permission, 6 timeout,
  7 not found, 8 validation. An error comes with a hint of what to do.

  Background:
    Given a hub with the backends:
      | name      | server           | transport |
      | reference | reference server | stdio     |
      | time      | time server      | stdio     |

  Scenario: Looking into a running hub, as text and as JSON, then stopping it
    Given the hub is running in the background
    When the user runs "status"
    Then the CLI exits with code 0
    And the CLI says "running"
    And the CLI says "servers: 2/2 connected"
    When the user runs "status" asking for JSON
    Then the CLI's JSON output has:
      | pointer            | value  |
      | /running           | true   |
      | /servers/connected | 2      |
      | /transport         | "http" |
    When the user runs "health" asking for JSON
    Then the CLI's JSON output has:
      | pointer          | value       |
      | /status          | "healthy"   |
      | /servers/0/name  | "reference" |
      | /servers/0/state | "connected" |
    When the user runs "tools search convert" asking for JSON
    Then the CLI's JSON output has:
      | pointer        | value               |
      | /tools/0/name  | "time_convert_time" |
      | /tools/0/server| "time"              |
    When the user runs "tools describe reference_echo" asking for JSON
    Then the CLI's JSON output has:
      | pointer    | value            |
      | /server    | "reference"      |
      | /tool/name | "reference_echo" |
    When the user runs "tools invoke reference_echo --args '{"message": "from the shell"}'"
    Then the CLI exits with code 0
    And the CLI says "from the shell"
    When the user runs "tools list"
    Then the CLI says "time_get_current_time"
    When the user runs "servers details time" asking for JSON
    Then the CLI's JSON output has:
      | pointer   | value               |
      | /state    | "connected"         |
      | /tools/0  | "time_convert_time" |
    When the user runs "stop"
    Then the CLI exits with code 0
    And the hub had already stopped when the CLI returned
    And the hub left no record of running behind
    When the user runs "status"
    Then the CLI exits with code 4
    And the CLI says "start the hub"

  Scenario Outline: Without a running hub: <case> exits with <code>
    When the user runs "<command>"
    Then the CLI exits with code <code>
    And the CLI says "<says>"

    Examples:
      | case                  | command                          | code | says                    |
      | health                | health                           | 4    | mcp-hub start -t http   |
      | tools list            | tools list                       | 4    | mcp-hub start -t http   |
      | stop                  | stop                             | 4    | nothing to stop         |
      | an unknown server     | servers details nobody           | 7    | no server named         |
      | removing one unknown  | servers remove nobody            | 7    | no server named         |
      | enabling one unknown  | servers enable nobody            | 7    | no server named         |
      | disabling one unknown | servers disable nobody           | 7    | no server named         |
      | an unknown flag       | status --no-such-flag            | 2    | unexpected argument     |
      | arguments not JSON    | tools invoke x --args "{broken"  | 8    | not valid JSON          |
      | arguments not object  | tools invoke x --args "[1]"      | 8    | must be a JSON object   |
      | a valid config        | config validate                  | 0    | valid (2 servers)       |
      | help                  | --help                           | 0    | Usage: mcp-hub          |
      | the version           | --version                        | 0    | mcp-hub 0.1.0           |

  Scenario Outline: With a running hub: <case> exits with <code>
    Given the hub is running in the background
    When the user runs "<command>"
    Then the CLI exits with code <code>
    And the CLI says "<says>"

    Examples:
      | case                   | command                                                                  | code | says                  |
      | an unknown tool        | tools invoke nobody_nothing                                              | 7    | unknown tool          |
      | describing one unknown | tools describe nobody_nothing                                            | 7    | unknown tool          |
      | a tool error           | tools invoke reference_fail --args '{"reason": "on purpose"}'            | 1    | reported an error     |
      | a slow tool            | tools invoke reference_sleep --args '{"milliseconds": 5000}' --timeout 0.5 | 6  | --timeout             |
      | starting it twice      | start -t http                                                            | 1    | already runs          |

  Scenario Outline: A config with <flaw> is refused with exit 3, naming the flaw
    Given the hub's config has <flaw>
    When the user runs "config validate"
    Then the CLI exits with code 3
    And the CLI says "<says>"

    Examples:
      | flaw                                      | says                             |
      | a server name with a space                | must be letters, digits and '-'  |
      | a server defined twice                    | is defined twice                 |
      | a stdio server without a command          | uses stdio but has no command    |
      | an HTTP server without an http(s) address | uses http but has no http(s) url |
      | an alias used twice                       | is used twice                    |
      | a call timeout of 0 ms                    | defaultTimeout must be more      |
      | a health timeout of 0 ms                  | healthTimeout must be more       |

  Scenario: A config that is not valid exits with 3
    Given the hub's config file holds the text "{\"servers\": 5}"
    When the user runs "config validate"
    Then the CLI exits with code 3
    And the CLI says "invalid"
    And the CLI says "config validate"
    When the user runs "start -t http"
    Then the CLI exits with code 3

  Scenario: A wrong API key exits with 5, the right one is let in, and the key never shows
    Given the hub requires an API key
    And the hub is running in the background
    When the user runs "health"
    Then the CLI exits with code 5
    And the CLI says "API key"
    When the user runs "health" with the hub's API key
    Then the CLI exits with code 0
    When the user runs "config show" asking for JSON
    Then the CLI's JSON output has:
      | pointer      | value |
      | /auth/apiKey | "***" |

  Scenario: Servers are added, disabled, enabled and removed, and the running hub follows
    Given the hub is running in the background
    When the user runs "servers disable time"
    Then the CLI exits with code 0
    And the CLI's health reports "time" as disabled
    When the user runs "servers enable time"
    Then the CLI's health reports "time" as connected
    When the user runs "servers remove time" asking for JSON
    Then the CLI's JSON output has:
      | pointer  | value  |
      | /removed | "time" |
    When the user runs "servers add clock --transport stdio --command /no/such/program"
    Then the CLI exits with code 0
    And the CLI's health reports "clock" as failed
    And the config file lists the backend "clock"
    When the user runs "health" asking for JSON
    Then the CLI's JSON output has:
      | pointer | value      |
      | /status | "degraded" |
    When the user runs "servers details clock" asking for JSON
    Then the CLI's JSON output has:
      | pointer | value    |
      | /state  | "failed" |
      | /tools  | []       |

  Scenario: A call the hub gives up on exits with 6
    Given the hub's calls time out after 500 ms
    And the hub is running in the background
    When the user runs "tools invoke reference_sleep --args '{"milliseconds": 5000}'"
    Then the CLI exits with code 6
    And the CLI says "timeout"
    And the hub's log says "timed out after 500 ms; sent notifications/cancelled"

  Scenario: A server added by its address alone is reached over HTTP
    When the user runs "servers add remote --url http://127.0.0.1:9/mcp"
    Then the CLI exits with code 0
    When the user runs "servers"
    Then the CLI says "remote  http  enabled  http://127.0.0.1:9/mcp"

  Scenario: Adding a server by answering the CLI's questions
    When the user runs "servers add" answering its questions with:
      | question    | answer            |
      | Server name | extra             |
      | Transport   | http              |
      | URL         | http://127.0.0.1:9/mcp |
    Then the CLI exits with code 0
    And the CLI says "Server name"
    And the config file lists the backend "extra"
    When the user runs "servers"
    Then the CLI says "extra  http  enabled  http://127.0.0.1:9/mcp"

  Scenario: Colour only where it is wanted
    When the user runs "servers" with colour forced
    Then the CLI's output is coloured
    When the user runs "servers" with colour forced and NO_COLOR set
    Then the CLI's output has no colour codes
    When the user runs "servers" with colour forced off
    Then the CLI's output has no colour codes

  @ac-goblin-decision-3-tui-quit
  Scenario: The TUI without a terminal refuses with a clear error, not a crash
    When the user runs "tui"
    Then the CLI exits with code 1
    And the CLI says "the TUI needs a terminal"
    And the CLI says "hint:"

  @ac-goblin-decision-3-tui-quit
  Scenario: The TUI started from a terminal but writing to a file refuses too
    When the user starts the TUI with its output going to a file
    Then the TUI has exited with code 1, saying "the TUI needs a terminal"
