@process
Feature: Resource limits and timeouts
  A client can bound what a process may use: CPU (percent of one core, over three consecutive
  samples), memory (resident MiB), and time. mcp-process watches every process it started and
  kills the one that goes over, saying which limit it broke. The test program really burns CPU,
  really allocates memory and really sleeps.

  Background:
    Given the mcp-process server
    And a client connected to the server under test over stdio

  Rule: A process over its CPU or memory limit is killed, and the client is told (requirement 14)

    @ac-process-14-1
    Scenario: A process burning CPU above its limit is killed
      When the client starts the test program with "--burn-cpu" and:
        """json
        {"resourceLimits": {"maxCpuPercent": 20}}
        """
      And the client waits until that process is limit_exceeded
      Then the result's reason is "cpu limit exceeded"
      And that process is gone from the operating system within 2 seconds

    @ac-process-14-2
    Scenario: A process allocating memory above its limit is killed
      When the client starts the test program with "--allocate-mb 300 --sleep-ms 60000" and:
        """json
        {"resourceLimits": {"maxMemoryMB": 50}}
        """
      And the client waits until that process is limit_exceeded
      Then the result's reason is "memory limit exceeded"
      And that process is gone from the operating system within 2 seconds

    @ac-process-14-3
    Scenario: Waiting for a process that breaks its limit ends in a resource limit error
      When the client starts the test program with "--allocate-mb 300 --sleep-ms 60000" and:
        """json
        {"resourceLimits": {"maxMemoryMB": 50}, "waitForExit": true, "timeoutMs": 20000}
        """
      Then the call fails with the code "RESOURCE_LIMIT_EXCEEDED"
      And the result's limit is "memory"
      And the error message mentions "memory"

    @ac-process-14-4
    Scenario: Resource usage is reported together with the configured limits
      When the client starts the test program with "--sleep-ms 5000" and:
        """json
        {"resourceLimits": {"maxCpuPercent": 90, "maxMemoryMB": 500}}
        """
      And the client calls process_get_stats for that process
      Then the call succeeds
      And the result's cpuPercent is a JSON number
      And the result's memoryMB is a JSON number
      And the result's limits.maxCpuPercent is "90"
      And the result's limits.maxMemoryMB is "500"

    @ac-process-14-5
    Scenario: A process killed for its limit is reaped and no longer running
      When the client starts the test program with "--allocate-mb 300 --sleep-ms 60000" and:
        """json
        {"resourceLimits": {"maxMemoryMB": 50}}
        """
      And the client waits until that process is limit_exceeded
      Then that process has been reaped within 2 seconds
      When the client calls process_list with:
        """json
        {}
        """
      Then the processes listed include that process
      When the client calls process_terminate for that process
      Then the call fails with the code "PROCESS_NOT_FOUND"

  Rule: A process over its time is killed, and its timeout can be extended (requirement 15)

    @ac-process-15-1
    Scenario: A process that runs past its timeout is killed
      When the client starts the test program with "--sleep-ms 60000" and:
        """json
        {"timeoutMs": 500}
        """
      And the client waits until that process is timed_out
      Then that process is gone from the operating system within 2 seconds

    @ac-process-15-2
    Scenario: Waiting for a process that times out gives a timeout error and the output so far
      When the client starts the test program with "--stdout 'written before the timeout' --sleep-ms 60000" and:
        """json
        {"timeoutMs": 500, "waitForExit": true}
        """
      Then the call fails with the code "TIMEOUT"
      And the result's stdout contains "written before the timeout"
      And that process is gone from the operating system within 2 seconds

    @ac-process-15-3
    Scenario: An extended timeout keeps the process running past its first deadline
      When the client starts the test program with "--sleep-ms 60000" and:
        """json
        {"timeoutMs": 800}
        """
      And the client calls process_extend_timeout for that process with:
        """json
        {"additionalMs": 5000}
        """
      Then the call succeeds
      And the result's timeoutMs is "5800"
      When 1.2 seconds pass
      And the client calls process_get_status for that process
      Then the result's state is "running"
      And the result's timeoutMs is "5800"
      And that process is running in the operating system

    @ac-process-15-4
    Scenario: A process that ends before its timeout gives success and all its output
      When the client starts the test program with "--stdout 'all done' --stderr 'with a warning' --exit-code 0" and:
        """json
        {"timeoutMs": 5000, "waitForExit": true}
        """
      Then the call succeeds
      And the result's exitCode is "0"
      And the result's stdout contains "all done"
      And the result's stderr contains "with a warning"

    @ac-process-15-5
    Scenario: Without a timeout the server's default applies
      When the client starts the test program with "--sleep-ms 5000"
      Then the result's timeoutMs is "30000"
      When the client calls process_get_status for that process
      Then the result's timeoutMs is "30000"

    @ac-process-15-5
    Scenario: A timeout above the server's maximum is refused
      When the client starts the test program with "--sleep-ms 5000" and:
        """json
        {"timeoutMs": 300001}
        """
      Then the call fails with the code "INVALID_ARGUMENT"
      And the error message mentions "timeoutMs"
