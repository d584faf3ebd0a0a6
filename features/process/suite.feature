@process
Feature: The process suite itself: quick, headless, clean, and clear when things break
  These scenarios check the suite rather than the server: that the minimal features are fast and
  say what broke, that a broken or missing server is diagnosed clearly, that runs need no display
  and no input, leave no process behind even when they fail, and finish in bounded time, and that
  the process features keep the shape shared with the suite's other features.
  Requirement page: docs/requirements/002-process.md

  The scenarios tagged @suite-run start this suite again as a child process (the very runner binary),
  with a tag filter or with a feature written in the scenario; such a run may not start another.

  Rule: The minimal features are a quick check that says what is broken (requirement 12)

    @ac-process-12-1 @ac-process-12-5 @suite-run
    Scenario: The minimal features pass in seconds, with a closing line for CI
      When the suite runs the features tagged "@process and @smoke"
      Then the run passes within 30 seconds
      And the run's output says "acceptance: 2 passed, 0 failed, 0 skipped"

    @ac-process-12-4 @suite-run
    Scenario: Against a server that is not mcp-process, the minimal features name the broken step
      When the suite runs the features tagged "@process and @smoke" against the reference server in place of mcp-process
      Then the run fails
      And the run's output marks the step "a client connected to the server under test over stdio" as passed
      And the run's output names the failed step "the tools include"
      And the run's output says "process_start"

  Rule: A server that does not start is diagnosed clearly (requirement 13)

    Background:
      Given each wait is bounded by 3 seconds

    @ac-process-13-1
    Scenario: A server executable that is not installed names the paths searched
      Given the server command "mcp-process-not-installed" with the configuration file "fixtures/mcp-process/config.json"
      When a client tries to connect to the server under test over stdio
      Then the attempt fails within 3 seconds
      And the failure says "executable 'mcp-process-not-installed' not found; searched:"
      And the failure says "/usr/bin/mcp-process-not-installed"

    @ac-process-13-2
    Scenario: A server that fails to start shows what it wrote on stderr
      Given the bundled server "mcp-process" with the configuration file "/nonexistent/mcp-process.json"
      When a client tries to connect to the server under test over stdio
      Then the attempt fails within 3 seconds
      And the failure says "--- server stderr"
      And the failure says "cannot read config /nonexistent/mcp-process.json"
      And the failure says "No such file or directory"

    @ac-process-13-3
    Scenario: A server that crashes during startup is reported with its exit status and stderr
      Given a test program that:
        | prints on stderr | "starting up"                          |
        | prints on stderr | "fatal: cannot open the process table" |
        | crashes after    | 0.1 seconds                            |
      And the test program is the server under test
      When a client tries to connect to the server under test over stdio
      Then the attempt fails within 3 seconds
      And the failure says "exit status 3"
      And the failure says "fatal: cannot open the process table"

    @ac-process-13-4
    Scenario: A server that is not built comes with the command that builds it
      Given the bundled server "mcp-process-unbuilt" with the configuration file "fixtures/mcp-process/config.json"
      When a client tries to connect to the server under test over stdio
      Then the attempt fails within 3 seconds
      And the failure gives the command that builds "mcp-process-unbuilt"
      And the failure says "searched:"

    @ac-process-13-5 @suite-run
    Scenario: MCP_TRACE logs every message between the suite and the server
      When the suite runs the features tagged "@process and @smoke" with MCP_TRACE set to "1"
      Then the run passes within 30 seconds
      And the run's output says each of:
        | [mcp-trace mcp-process the client] --> { |
        | "method":"initialize"                    |
        | [mcp-trace mcp-process the client] <-- { |
        | "name":"process_start"                   |

  Rule: The suite runs unattended in CI, cleans up after itself and fails clearly (requirement 16)

    @ac-process-16-1 @suite-run
    Scenario: The process features need no display
      When the suite runs the features tagged "@process and @smoke" without a display
      Then the run passes within 30 seconds

    @ac-process-16-2 @suite-run
    Scenario: The process features need no input
      When the suite runs the features tagged "@process and @smoke" with nothing on its standard input
      Then the run passes within 30 seconds

    @ac-process-16-3 @suite-run
    Scenario: A failing scenario leaves neither the server nor its processes behind
      When the suite runs this feature:
        """gherkin
        Feature: A scenario that fails after starting processes
          Scenario: It starts a process through the server, then fails
            Given the mcp-process server
            And a client connected to the server under test over stdio
            And a test program that:
              | prints on stdout | "$marker"  |
              | sleeps           | 60 seconds |
            When the client starts the test program
            Then that process is running in the operating system
            And the environment of that process in the operating system has "MCP_ACCEPTANCE_RUN_MARKER=$marker"
            And the call fails with the code "TIMEOUT"
        """
      Then the run fails
      And the run's output marks the step "that process is running in the operating system" as passed
      And the run's output names the failed step "the call fails with the code"
      And no process of that run is left within 3 seconds

    @ac-process-16-3 @suite-run
    Scenario: A run killed hard leaves none of the processes its servers started
      When the suite runs this feature and is killed hard once it runs "sleep 59":
        """gherkin
        Feature: A run that is killed while its server runs
          Scenario: It waits for a server that never answers
            Given each wait is bounded by 30 seconds
            And the server command "sh -c 'sleep 59 & sleep 59 & wait'"
            When a client tries to connect to the server under test over stdio
            Then the attempt fails within 40 seconds
        """
      Then no process of that run is left within 3 seconds

    @ac-process-16-4 @suite-run
    Scenario: A failed step shows what the server returned
      When the suite runs this feature:
        """gherkin
        Feature: A scenario with a wrong expectation
          Scenario: It expects a running process to have exited
            Given the mcp-process server
            And a client connected to the server under test over stdio
            And a test program that sleeps 60 seconds
            When the client starts the test program
            And the client calls process_get_status for that process
            Then the result has:
              | state | "exited" |
        """
      Then the run fails
      And the run's output names the failed step "the result has"
      And the run's output says 'expected state to be exited, it is "running"'
      And the run's output says '"status": "success"'

    @ac-process-16-5 @suite-run @slow
    Scenario: All process features finish well within five minutes
      When the suite runs the features tagged "@process and not @suite-run"
      Then the run passes within 300 seconds

  Rule: The process features share the suite's structure and helpers (requirement 17)

    @ac-process-17-1
    Scenario: There is a full process feature set and a minimal one
      Then the process features are a full set and a minimal set tagged @smoke

    @ac-process-17-2
    Scenario: Start the server, send a request, stop the server: the same steps everywhere
      Given the mcp-process server
      And a client connected to the server under test over stdio
      When the client lists the tools
      And the client closes the connection
      Then the server process exits on its own within 3 seconds
      And every step of the minimal feature, apart from its time checks, is one the full process features use

    @ac-process-17-3
    Scenario: The server is found the way every bundled server is found
      Given the mcp-process server
      And a client connected to the server under test over stdio
      Then the server was started from the bundled binary "mcp-process" with the registry's arguments

    @ac-process-17-4
    Scenario: Requests and responses are the same raw JSON-RPC as in the protocol features
      Given the mcp-process server
      And an initialized raw connection to the server under test over stdio
      When the client sends the frame:
        """json
        {"jsonrpc":"2.0","id":17,"method":"tools/call","params":{"name":"process_list","arguments":{}}}
        """
      Then the response carries id 17, of the same JSON type

    @ac-process-17-5
    Scenario: The full process features are organised by Rule, one per requirement
      Then every scenario of the full process features belongs to a Rule, and every Rule has scenarios
