@process
Feature: Starting, watching, stopping processes and reading their output
  Through mcp-process a client starts allowlisted programs, reads their resource use and output,
  and terminates them. Each scenario checks the server's answer and, where it matters, the
  operating system itself: the process really runs, really has its environment, really ends.

  The test program mcp-process-testee does on request what the scenarios need: print on either
  stream, print its environment, trap SIGTERM, burn CPU, allocate memory, sleep, crash.

  Background:
    Given the mcp-process server
    And a client connected to the server under test over stdio

  Rule: process_start starts the program and says which process it is (requirement 4)

    @ac-process-4-1
    Scenario: A started process really runs
      When the client starts the test program with "--sleep-ms 5000"
      Then the call succeeds
      And that process is running in the operating system

    @ac-process-4-2
    Scenario: The answer holds status success, the process id and the start time
      When the client starts the test program with "--sleep-ms 5000"
      Then the result's status is "success"
      And the result's pid is a JSON integer
      And the result's startTime is a time
      And that process is running in the operating system

    @ac-process-4-3
    Scenario: An allowlisted system program is accepted
      When the client starts "sleep" with the arguments "5"
      Then the call succeeds
      And the result's executable is "sleep"
      And the result has the fields "pid, startTime, timeoutMs"
      And that process is running in the operating system

    @ac-process-4-4
    Scenario: A blocked program is refused as a security error
      When the client starts "sudo" with the arguments "id"
      Then the call fails with the code "EXECUTABLE_BLOCKED"
      And the server has started no process

    @ac-process-4-5
    Scenario: Environment variables given at start are set in the process
      When the client starts the test program with "--print-env GREETING --sleep-ms 5000" and:
        """json
        {"env": {"GREETING": "hello from the suite"}}
        """
      Then the call succeeds
      And the environment of that process in the operating system has "GREETING=hello from the suite"
      When the client waits until the output of that process contains "GREETING=hello from the suite"
      Then the call succeeds

  Rule: process_get_stats reports the CPU and memory a process uses (requirement 5)

    @ac-process-5-1
    Scenario: Statistics of a process give its CPU and memory use
      When the client starts the test program with "--sleep-ms 5000"
      And the client calls process_get_stats for that process
      Then the call succeeds
      And the result's cpuPercent is a JSON number
      And the result's memoryMB is a JSON number

    @ac-process-5-2
    Scenario: Statistics carry cpuPercent, memoryMB and a timestamp
      When the client starts the test program with "--sleep-ms 5000"
      And the client calls process_get_stats for that process
      Then the result has the fields "cpuPercent, memoryMB, timestamp"
      And the result's timestamp is a time

    @ac-process-5-3
    Scenario: Statistics follow what the running process really uses
      When the client starts the test program with "--allocate-mb 40 --sleep-ms 10000"
      And the client waits until the memory use of that process reaches 40 MB
      Then the call succeeds
      And the result's memoryMB is at least 40
      And the result's memoryMB is within 5 MB of the resident memory the operating system reports

    @ac-process-5-4
    Scenario: Statistics of a process the server never started are refused
      When the client calls process_get_stats for a process id the server never started
      Then the call fails with the code "PROCESS_NOT_FOUND"

    @ac-process-5-5
    Scenario: Statistics with history list the samples taken so far
      When the client starts the test program with "--sleep-ms 5000"
      And 0.7 seconds pass
      And the client calls process_get_stats for that process with:
        """json
        {"includeHistory": true}
        """
      Then the call succeeds
      And the result's history lists at least 2 entries, each with "cpuPercent, memoryMB, timestamp"

  Rule: process_terminate ends a process, gracefully or by force (requirement 6)

    @ac-process-6-1
    Scenario: A terminated process is gone
      When the client starts the test program with "--sleep-ms 60000"
      And the client calls process_terminate for that process
      Then the call succeeds
      And that process is gone from the operating system within 2 seconds

    @ac-process-6-2
    Scenario: Graceful termination sends SIGTERM and succeeds once the process has exited
      When the client starts the test program with "--sleep-ms 60000"
      And the client calls process_terminate for that process
      Then the call succeeds
      And the result's signal is "SIGTERM"
      And the result's terminationReason is "graceful"
      And that process is gone from the operating system within 2 seconds

    @ac-process-6-2
    Scenario: A process that ignores SIGTERM receives it, and is killed after the grace period
      When the client starts the test program with "--trap-sigterm --sleep-ms 60000"
      And that process has set up its SIGTERM handler
      And the client calls process_terminate for that process with:
        """json
        {"gracePeriodMs": 300}
        """
      Then the call succeeds
      And the result's terminationReason is "escalated"
      And the result's signal is "SIGKILL"
      And that process is gone from the operating system within 2 seconds
      When the client calls process_get_output for that process
      Then the result's stdout contains "got SIGTERM"

    @ac-process-6-3
    Scenario: Forced termination sends SIGKILL at once
      When the client starts the test program with "--trap-sigterm --sleep-ms 60000"
      And that process has set up its SIGTERM handler
      And the client calls process_terminate for that process with:
        """json
        {"force": true}
        """
      Then the call succeeds
      And the result's signal is "SIGKILL"
      And the result's terminationReason is "forced"
      And that process is gone from the operating system within 2 seconds
      When the client calls process_get_output for that process
      Then the result's stdout does not contain "got SIGTERM"

    @ac-process-6-4
    Scenario: The answer gives the exit code and the reason for the termination
      When the client starts the test program with "--sleep-ms 60000"
      And the client calls process_terminate for that process
      Then the result has the fields "pid, exitCode, signal, terminationReason"
      And the result's exitCode is null
      And the result's terminationReason is "graceful"

    @ac-process-6-5
    Scenario: Terminating a process the server never started is an error
      When the client calls process_terminate for a process id the server never started
      Then the call fails with the code "PROCESS_NOT_FOUND"

  Rule: Output of a process is captured per stream and kept after it ends (requirement 7)

    @ac-process-7-1
    Scenario: With output capture on, both streams are buffered
      When the client starts the test program with "--stdout 'to stdout' --stderr 'to stderr' --sleep-ms 5000" and:
        """json
        {"captureOutput": true}
        """
      And the client waits until the output of that process contains "to stderr"
      Then the result's stdout contains "to stdout"
      And the result's stderr contains "to stderr"

    @ac-process-7-2
    Scenario: The output names the stream each line came from
      When the client starts the test program with "--stdout 'line one' --stderr 'line two' --sleep-ms 5000"
      And the client waits until the output of that process contains "line two"
      Then the result's stdout contains "line one"
      And the output lines include "line one" from stdout
      And the output lines include "line two" from stderr

    @ac-process-7-3
    Scenario: What a process writes on stdout is in the output
      When the client starts the test program with "--stdout 'only stdout here' --stderr 'noise' --sleep-ms 5000"
      And the client waits until the output of that process contains "noise"
      And the client calls process_get_output for that process with:
        """json
        {"stream": "stdout"}
        """
      Then the result's stdout contains "only stdout here"
      And the result's stdout does not contain "noise"

    @ac-process-7-4
    Scenario: What a process writes on stderr is kept apart from stdout
      When the client starts the test program with "--stdout 'regular' --stderr 'a warning' --sleep-ms 5000"
      And the client waits until the output of that process contains "regular"
      And the client calls process_get_output for that process with:
        """json
        {"stream": "stderr"}
        """
      Then the result's stderr contains "a warning"
      And the result's stderr does not contain "regular"

    @ac-process-7-5
    Scenario: All output is there after the process has ended
      When the client starts the test program with "--stdout first --stdout second --stderr third --exit-code 0"
      And the client waits until that process is exited
      And the client calls process_get_output for that process
      Then the result's state is "exited"
      And the result's stdout contains "first"
      And the result's stdout contains "second"
      And the result's stderr contains "third"
